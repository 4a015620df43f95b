/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The program's processes, reaped by kos-run.  Linux before 6.11 drops a
 * task's seccomp filter only when its zombie is reaped, not when it exits,
 * so the notification fd reports POLLHUP only after a wait(): the
 * supervisor must reap while it serves notifications.
 */
#ifndef KOS_POSIX_REAPER_H
#define KOS_POSIX_REAPER_H

#include <stdbool.h>
#include <sys/types.h>

struct kp_reaper {
	int fd;			/* signalfd for SIGCHLD */
	pid_t main;		/* the program kos-run started */
	int status;		/* its wait status, once main_done */
	bool main_done;
};

/* Before fork: become the subreaper of the program's processes. 0 or -errno. */
int kp_reaper_init(struct kp_reaper *r);
/* In the child before exec: undo the signal mask kp_reaper_init set. */
void kp_reaper_child(void);
/* Reap every exited child without blocking; records the program's status. */
void kp_reaper_reap(struct kp_reaper *r);
/* Wait for the program itself; its wait status, or -errno. */
int kp_reaper_wait(struct kp_reaper *r);
void kp_reaper_close(struct kp_reaper *r);

#endif
