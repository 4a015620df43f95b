// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * KosCondvar: a sequence counter futex.  A waiter announces itself in
 * @waiters, reads @seq, drops the mutex and sleeps while @seq is unchanged;
 * signalling bumps @seq and wakes, only when @waiters is non-zero.
 */
#include <kos/condvar.h>

#include "futex.h"
#include "internal.h"

KOS_EXPORT void KosCondvarInit(KosCondvar *condvar)
{
	condvar->seq = 0;
	condvar->waiters = 0;
}

KOS_EXPORT void KosCondvarDeinit(KosCondvar *condvar)
{
	(void)condvar;
}

/*
 * A waiter counts itself in @waiters before it drops the mutex, so a
 * signaller that changed the predicate under that mutex sees it: with no
 * waiter there is nothing to do, not even an atomic write.
 */
static void wake(KosCondvar *cv, int n)
{
	if (!__atomic_load_n(&cv->waiters, __ATOMIC_SEQ_CST))
		return;
	__atomic_fetch_add(&cv->seq, 1, __ATOMIC_SEQ_CST);
	kos_futex_wake(&cv->seq, n);
}

KOS_EXPORT void KosCondvarSignal(KosCondvar *condvar)
{
	wake(condvar, 1);
}

KOS_EXPORT void KosCondvarBroadcast(KosCondvar *condvar)
{
	wake(condvar, INT_MAX);
}

int kos_condvar_wait_deadline(KosCondvar *cv, KosMutex *m,
			      const struct kos_deadline *d)
{
	rtl_uint32_t seq;
	unsigned int depth;
	int r;

	__atomic_fetch_add(&cv->waiters, 1, __ATOMIC_SEQ_CST);
	seq = __atomic_load_n(&cv->seq, __ATOMIC_SEQ_CST);
	depth = kos_mutex_release_all(m);
	r = kos_futex_wait(&cv->seq, seq, d);
	__atomic_fetch_sub(&cv->waiters, 1, __ATOMIC_SEQ_CST);
	kos_mutex_reacquire(m, depth);
	return r;
}

KOS_EXPORT Retcode KosCondvarWait(KosCondvar *condvar, KosMutex *mutex)
{
	kos_condvar_wait_deadline(condvar, mutex, NULL);
	return rcOk;
}

KOS_EXPORT Retcode KosCondvarWaitTimeout(KosCondvar *condvar, KosMutex *mutex,
					 rtl_uint32_t mdelay)
{
	struct kos_deadline d;

	kos_deadline_init(&d, mdelay);
	return kos_condvar_wait_deadline(condvar, mutex, &d) ? rcTimeout : rcOk;
}
