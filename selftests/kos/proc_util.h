/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers of the multi-process selftests (connection manager, names, entities). */
#ifndef _KOS_PROC_UTIL_H
#define _KOS_PROC_UTIL_H

#include <sys/wait.h>
#include <time.h>

/*
 * How much earlier than asked a kernel timeout may end: one jiffy (4 ms at
 * HZ=250) plus the drift of the guest clock under QEMU TCG.
 */
#define TIMER_SLACK_MS 20

/* Milliseconds since @t0 (CLOCK_MONOTONIC). */
static inline long ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Wait for child @pid: its exit status, or -1 (not exited normally). */
static inline int child_status(pid_t pid)
{
	int status;

	if (pid <= 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

#endif /* _KOS_PROC_UTIL_H */
