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
 * (24 days), waits for ever; 0 polls.  A finite wait gets one jiffy more:
 * jiffies may lag the clock when the wait starts (a late tick; seen in
 * QEMU/TCG: a wait of 100 ms measured 99 ms), and a wait must never end
 * before the time asked for.
 */
static inline long kos_timeout_jiffies(u64 timeout_ms)
{
	if (timeout_ms == KOS_IPC_FOREVER || timeout_ms > INT_MAX)
		return MAX_SCHEDULE_TIMEOUT;
	return timeout_ms ? msecs_to_jiffies(timeout_ms) + 1 : 0;
}

#endif /* _KOS_TIMEOUT_H */
