// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * KosMutex: the three-state futex mutex (0 free, 1 locked, 2 locked with
 * possible waiters), so lock and unlock are one atomic operation each when
 * uncontended and the wake syscall happens only when someone sleeps.
 * Recursive mutexes add an owner Tid and a depth.
 */
#include <kos/mutex.h>

#include "futex.h"
#include "internal.h"

KOS_EXPORT void KosMutexInitEx(KosMutex *mutex, int recursive)
{
	mutex->state = 0;
	mutex->recursive = recursive ? 1 : 0;
	mutex->owner = 0;
	mutex->depth = 0;
}

KOS_EXPORT void KosMutexInit(KosMutex *mutex)
{
	KosMutexInitEx(mutex, 0);
}

KOS_EXPORT void KosMutexDeinit(KosMutex *mutex)
{
	(void)mutex;
}

/* Contended path: mark the mutex as having waiters and sleep until ours. */
static int lock_slow(KosMutex *m, const struct kos_deadline *d)
{
	while (__atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE) != 0) {
		if (kos_futex_wait(&m->state, 2, d) == -ETIMEDOUT)
			return -ETIMEDOUT;
	}
	return 0;
}

static int lock_common(KosMutex *m, const struct kos_deadline *d)
{
	rtl_uint32_t self = 0, free = 0;

	if (m->recursive) {
		self = kos_thread_self_tid();
		if (__atomic_load_n(&m->owner, __ATOMIC_RELAXED) == self) {
			m->depth++;
			return 0;
		}
	}
	if (!kos_cas(&m->state, &free, 1) && lock_slow(m, d))
		return -ETIMEDOUT;
	if (m->recursive) {
		__atomic_store_n(&m->owner, self, __ATOMIC_RELAXED);
		m->depth = 1;
	}
	return 0;
}

KOS_EXPORT void KosMutexLock(KosMutex *mutex)
{
	lock_common(mutex, NULL);
}

KOS_EXPORT Retcode KosMutexLockTimeout(KosMutex *mutex, rtl_uint32_t mdelay)
{
	struct kos_deadline d;

	kos_deadline_init(&d, mdelay);
	return lock_common(mutex, &d) ? rcTimeout : rcOk;
}

KOS_EXPORT Retcode KosMutexTryLock(KosMutex *mutex)
{
	rtl_uint32_t self = 0, free = 0;

	if (mutex->recursive) {
		self = kos_thread_self_tid();
		if (__atomic_load_n(&mutex->owner, __ATOMIC_RELAXED) == self) {
			mutex->depth++;
			return rcOk;
		}
	}
	if (!kos_cas(&mutex->state, &free, 1))
		return rcBusy;
	if (mutex->recursive) {
		__atomic_store_n(&mutex->owner, self, __ATOMIC_RELAXED);
		mutex->depth = 1;
	}
	return rcOk;
}

static void unlock_state(KosMutex *m)
{
	if (__atomic_exchange_n(&m->state, 0, __ATOMIC_RELEASE) == 2)
		kos_futex_wake(&m->state, 1);
}

KOS_EXPORT void KosMutexUnlock(KosMutex *mutex)
{
	if (mutex->recursive) {
		if (--mutex->depth > 0)
			return;
		__atomic_store_n(&mutex->owner, 0, __ATOMIC_RELAXED);
	}
	unlock_state(mutex);
}

unsigned int kos_mutex_release_all(KosMutex *m)
{
	unsigned int depth = 0;

	if (m->recursive) {
		depth = m->depth;
		m->depth = 0;
		__atomic_store_n(&m->owner, 0, __ATOMIC_RELAXED);
	}
	unlock_state(m);
	return depth;
}

/* After a condvar wake other sleepers may exist: always lock as contended. */
void kos_mutex_reacquire(KosMutex *m, unsigned int depth)
{
	lock_slow(m, NULL);
	if (m->recursive) {
		__atomic_store_n(&m->owner, kos_thread_self_tid(), __ATOMIC_RELAXED);
		m->depth = depth;
	}
}
