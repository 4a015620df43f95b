/* SPDX-License-Identifier: GPL-2.0 */
/* The supervisor: answers SECCOMP_RET_USER_NOTIF for rules BPF can't decide. */
#ifndef KOS_POSIX_SUPERVISOR_H
#define KOS_POSIX_SUPERVISOR_H

#include "filter.h"
#include "reaper.h"

struct kp_report_entry {
	const struct kp_row *row;
	char syscall[32];
	unsigned long count;
	char site[160];		/* first call site: object+offset */
};

struct kp_report {
	unsigned int n;
	struct kp_report_entry e[128];
};

/*
 * shim_fd: read end of the shim's report pipe (report mode), else -1.
 * reaper: reaps the program's processes while the loop runs.
 */
int kp_supervise(int notify_fd, const struct kp_profile *p, enum kp_mode mode,
		 struct kp_report *rep, int shim_fd, struct kp_reaper *reaper,
		 FILE *log);
void kp_report_print(const struct kp_report *rep, FILE *out);

#endif
