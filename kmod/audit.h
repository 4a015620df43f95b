/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_AUDIT_H
#define _KOS_AUDIT_H

#include <linux/types.h>

/* One policy decision, as sent to the kos_audit multicast group. */
struct kos_audit_rec {
	pid_t src_pid;
	const char *src_class;
	const char *dst_class;
	u32 kind;
	u32 endpoint;
	u32 method;
	u32 verdict;
	u32 line;
};


/* Send @rec if anyone listens and the rate limit allows; never blocks IPC. */
void kos_audit_emit(const struct kos_audit_rec *rec);
int kos_audit_init(void);
void kos_audit_uninit(void);

#endif /* _KOS_AUDIT_H */
