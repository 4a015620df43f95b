// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * KosRWLock: @state counts readers, or holds WRITER.  New readers stay out
 * while a writer waits (@writers), so writers cannot starve.  Sleepers wait
 * on @state and are all woken when it drops to 0.
 */
#include <sched.h>

#include <kos/rwlock.h>

#include "futex.h"
#include "internal.h"

#define WRITER 0x80000000u

KOS_EXPORT void KosRWLockInit(KosRWLock *rwlock)
{
	rwlock->state = 0;
	rwlock->writers = 0;
	rwlock->waiters = 0;
	rwlock->__reserved = 0;
}

KOS_EXPORT void KosRWLockDeinit(KosRWLock *rwlock)
{
	(void)rwlock;
}

static void sleep_on(KosRWLock *rw, rtl_uint32_t seen)
{
	__atomic_fetch_add(&rw->waiters, 1, __ATOMIC_SEQ_CST);
	kos_futex_wait(&rw->state, seen, NULL);
	__atomic_fetch_sub(&rw->waiters, 1, __ATOMIC_SEQ_CST);
}

static int try_read(KosRWLock *rw, rtl_uint32_t *seen)
{
	*seen = __atomic_load_n(&rw->state, __ATOMIC_SEQ_CST);
	return !(*seen & WRITER) && kos_cas(&rw->state, seen, *seen + 1);
}

KOS_EXPORT void KosRWLockRead(KosRWLock *rwlock)
{
	rtl_uint32_t s;

	for (;;) {
		if (__atomic_load_n(&rwlock->writers, __ATOMIC_SEQ_CST)) {
			s = __atomic_load_n(&rwlock->state, __ATOMIC_SEQ_CST);
			if (s)
				sleep_on(rwlock, s);
			else
				sched_yield();
			continue;
		}
		if (try_read(rwlock, &s))
			return;
		if (s & WRITER)
			sleep_on(rwlock, s);
	}
}

KOS_EXPORT Retcode KosRWLockTryRead(KosRWLock *rwlock)
{
	rtl_uint32_t s;

	do {
		if (try_read(rwlock, &s))
			return rcOk;
	} while (!(s & WRITER));
	return rcBusy;
}

KOS_EXPORT Retcode KosRWLockTryWrite(KosRWLock *rwlock)
{
	rtl_uint32_t free = 0;

	return kos_cas(&rwlock->state, &free, WRITER) ? rcOk : rcBusy;
}

KOS_EXPORT void KosRWLockWrite(KosRWLock *rwlock)
{
	rtl_uint32_t s = 0;

	__atomic_fetch_add(&rwlock->writers, 1, __ATOMIC_SEQ_CST);
	while (!kos_cas(&rwlock->state, &s, WRITER)) {
		sleep_on(rwlock, s);
		s = 0;
	}
	__atomic_fetch_sub(&rwlock->writers, 1, __ATOMIC_SEQ_CST);
}

KOS_EXPORT void KosRWLockUnlock(KosRWLock *rwlock)
{
	rtl_uint32_t s = __atomic_load_n(&rwlock->state, __ATOMIC_RELAXED);

	if (s == WRITER)
		__atomic_store_n(&rwlock->state, 0, __ATOMIC_SEQ_CST);
	else if (__atomic_sub_fetch(&rwlock->state, 1, __ATOMIC_SEQ_CST) != 0)
		return;
	if (__atomic_load_n(&rwlock->waiters, __ATOMIC_SEQ_CST))
		kos_futex_wake(&rwlock->state, INT_MAX);
}
