/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_TIMEOUT_H
#define _KOS_TIMEOUT_H

#include <linux/jiffies.h>
#include <linux/kos.h>
#include <linux/limits.h>
#include <linux/sched.h>

/*
 * A user's timeout in milliseconds as the jiffies of a wait, for every
 * command that waits.  KOS_IPC_FOREVER, and anything beyond INT_MAX ms
 * (24 days), waits for ever; 0 polls.  msecs_to_jiffies() rounds up and
 * the timer wheel fires no timer early, so no wait ends before its time.
 */
static inline long kos_timeout_jiffies(u64 timeout_ms)
{
	if (timeout_ms == KOS_IPC_FOREVER || timeout_ms > INT_MAX)
		return MAX_SCHEDULE_TIMEOUT;
	return msecs_to_jiffies(timeout_ms);
}

#endif /* _KOS_TIMEOUT_H */
