// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * KosSemaphore: a futex counter.  @magic marks an initialized semaphore so
 * that use before Init or after Deinit returns rcInvalidArgument, as the
 * reference documents, instead of blocking forever.
 */
#include <kos/semaphore.h>

#include "futex.h"
#include "internal.h"

#define SEM_MAGIC 0x4b53454du	/* "KSEM" */

static int valid(KosSemaphore *s)
{
	return s && __atomic_load_n(&s->magic, __ATOMIC_ACQUIRE) == SEM_MAGIC;
}

KOS_EXPORT Retcode KosSemaphoreInit(KosSemaphore *semaphore, unsigned int count)
{
	if (!semaphore)
		return rcInvalidArgument;
	if (count > KOS_SEMAPHORE_VALUE_MAX)
		return rcFail;
	semaphore->count = count;
	semaphore->waiters = 0;
	semaphore->__reserved = 0;
	__atomic_store_n(&semaphore->magic, SEM_MAGIC, __ATOMIC_RELEASE);
	return rcOk;
}

KOS_EXPORT Retcode KosSemaphoreDeinit(KosSemaphore *semaphore)
{
	if (!valid(semaphore))
		return rcInvalidArgument;
	if (__atomic_load_n(&semaphore->waiters, __ATOMIC_SEQ_CST))
		return rcFail;
	__atomic_store_n(&semaphore->magic, 0, __ATOMIC_RELEASE);
	return rcOk;
}

/* Overflow past KOS_SEMAPHORE_VALUE_MAX is refused with rcFail. */
KOS_EXPORT Retcode KosSemaphoreSignal(KosSemaphore *semaphore)
{
	rtl_uint32_t c;

	if (!valid(semaphore))
		return rcInvalidArgument;
	c = __atomic_load_n(&semaphore->count, __ATOMIC_RELAXED);
	do {
		if (c >= KOS_SEMAPHORE_VALUE_MAX)
			return rcFail;
	} while (!__atomic_compare_exchange_n(&semaphore->count, &c, c + 1, 0,
					      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
	if (__atomic_load_n(&semaphore->waiters, __ATOMIC_SEQ_CST))
		kos_futex_wake(&semaphore->count, 1);
	return rcOk;
}

static int take(KosSemaphore *s)
{
	rtl_uint32_t c = __atomic_load_n(&s->count, __ATOMIC_RELAXED);

	while (c) {
		if (__atomic_compare_exchange_n(&s->count, &c, c - 1, 0,
						__ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
			return 1;
	}
	return 0;
}

KOS_EXPORT Retcode KosSemaphoreTryWait(KosSemaphore *semaphore)
{
	if (!valid(semaphore))
		return rcInvalidArgument;
	return take(semaphore) ? rcOk : rcBusy;
}

static Retcode wait_common(KosSemaphore *s, const struct kos_deadline *d)
{
	int r;

	if (!valid(s))
		return rcInvalidArgument;
	while (!take(s)) {
		__atomic_fetch_add(&s->waiters, 1, __ATOMIC_SEQ_CST);
		r = kos_futex_wait(&s->count, 0, d);
		__atomic_fetch_sub(&s->waiters, 1, __ATOMIC_SEQ_CST);
		if (!valid(s))
			return rcInvalidArgument;
		if (r == -ETIMEDOUT)
			return take(s) ? rcOk : rcTimeout;
	}
	return rcOk;
}

KOS_EXPORT Retcode KosSemaphoreWait(KosSemaphore *semaphore)
{
	return wait_common(semaphore, NULL);
}

KOS_EXPORT Retcode KosSemaphoreWaitTimeout(KosSemaphore *semaphore,
					   rtl_uint32_t mdelay)
{
	struct kos_deadline d;

	kos_deadline_init(&d, mdelay);
	return wait_common(semaphore, &d);
}
