// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * KosEvent: a futex flag.  Set wakes every waiter; a waiter asking for
 * reset consumes the signal with a compare-and-swap, so of several such
 * waiters exactly one returns per Set.
 */
#include <kos/event.h>

#include "futex.h"
#include "internal.h"

KOS_EXPORT void KosEventInit(KosEvent *event)
{
	event->state = 0;
	event->waiters = 0;
}

KOS_EXPORT void KosEventDeinit(KosEvent *event)
{
	(void)event;
}

KOS_EXPORT void KosEventSet(KosEvent *event)
{
	__atomic_store_n(&event->state, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&event->waiters, __ATOMIC_SEQ_CST))
		kos_futex_wake(&event->state, INT_MAX);
}

KOS_EXPORT void KosEventReset(KosEvent *event)
{
	__atomic_store_n(&event->state, 0, __ATOMIC_SEQ_CST);
}

static Retcode wait_common(KosEvent *ev, rtl_bool reset,
			   const struct kos_deadline *d)
{
	for (;;) {
		rtl_uint32_t s = __atomic_load_n(&ev->state, __ATOMIC_SEQ_CST);
		int r;

		if (s) {
			if (!reset || kos_cas(&ev->state, &s, 0))
				return rcOk;
			continue;
		}
		__atomic_fetch_add(&ev->waiters, 1, __ATOMIC_SEQ_CST);
		r = kos_futex_wait(&ev->state, 0, d);
		__atomic_fetch_sub(&ev->waiters, 1, __ATOMIC_SEQ_CST);
		if (r == -ETIMEDOUT)
			return rcTimeout;
	}
}

KOS_EXPORT void KosEventWait(KosEvent *event, rtl_bool reset)
{
	wait_common(event, reset, NULL);
}

KOS_EXPORT Retcode KosEventWaitTimeout(KosEvent *event, rtl_bool reset,
				       rtl_uint32_t msec)
{
	struct kos_deadline d;

	kos_deadline_init(&d, msec);
	return wait_common(event, reset, &d);
}
