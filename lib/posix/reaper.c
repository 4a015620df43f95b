// SPDX-License-Identifier: GPL-2.0
/*
 * Reaping the program's processes from the supervisor loop (see reaper.h
 * for why): SIGCHLD is blocked and read from a signalfd, so the loop polls
 * it next to the notification fd.
 */
#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "reaper.h"

static sigset_t chld_set(void)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGCHLD);
	return s;
}

int kp_reaper_init(struct kp_reaper *r)
{
	sigset_t s = chld_set();

	r->main = -1;
	r->main_done = false;
	r->status = 0;
	/* orphaned descendants hold the filter too: reap them here, not in init */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1))
		return -errno;
	if (sigprocmask(SIG_BLOCK, &s, NULL))
		return -errno;
	r->fd = signalfd(-1, &s, SFD_CLOEXEC | SFD_NONBLOCK);
	return r->fd < 0 ? -errno : 0;
}

void kp_reaper_child(void)
{
	sigset_t s = chld_set();

	sigprocmask(SIG_UNBLOCK, &s, NULL);
}

void kp_reaper_reap(struct kp_reaper *r)
{
	struct signalfd_siginfo si;
	pid_t pid;
	int st;

	while (read(r->fd, &si, sizeof(si)) == sizeof(si))
		;
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		if (pid == r->main) {
			r->status = st;
			r->main_done = true;
		}
}

int kp_reaper_wait(struct kp_reaper *r)
{
	int st;

	while (!r->main_done) {
		if (waitpid(r->main, &st, 0) == r->main) {
			r->status = st;
			r->main_done = true;
		} else if (errno != EINTR) {
			return -errno;
		}
	}
	kp_reaper_reap(r);	/* descendants that are already gone */
	return r->status;
}

void kp_reaper_close(struct kp_reaper *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}
