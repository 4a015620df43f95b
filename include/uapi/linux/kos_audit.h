/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kos-linux: the security audit stream, a generic netlink family.
 *
 * Subscribe to the KOS_AUDIT_GROUP multicast group of the KOS_AUDIT_FAMILY
 * family (in the initial network namespace); each KOS_AUDIT_CMD_RECORD
 * message is one policy decision.  See Documentation/policy.rst.
 */
#ifndef _UAPI_LINUX_KOS_AUDIT_H
#define _UAPI_LINUX_KOS_AUDIT_H

#define KOS_AUDIT_FAMILY	"kos_audit"
#define KOS_AUDIT_GROUP		"records"
#define KOS_AUDIT_VERSION	1

enum {
	KOS_AUDIT_CMD_UNSPEC,
	KOS_AUDIT_CMD_RECORD,
	__KOS_AUDIT_CMD_MAX,
};

enum {
	KOS_AUDIT_A_UNSPEC,
	KOS_AUDIT_A_TIME_NS,	/* u64: CLOCK_REALTIME of the decision */
	KOS_AUDIT_A_SRC_PID,	/* u32: tgid of the sender's context */
	KOS_AUDIT_A_SRC_CLASS,	/* string: sender's process class ("" none) */
	KOS_AUDIT_A_DST_CLASS,	/* string: receiver's process class */
	KOS_AUDIT_A_KIND,	/* u32: KOS_MSG_* */
	KOS_AUDIT_A_ENDPOINT,	/* u32 */
	KOS_AUDIT_A_METHOD,	/* u32 */
	KOS_AUDIT_A_VERDICT,	/* u32: 1 granted, 0 denied */
	KOS_AUDIT_A_LINE,	/* u32: PSL line of the deciding rule, 0 default */
	KOS_AUDIT_A_DROPPED,	/* u64: records dropped by the rate limit so far */
	__KOS_AUDIT_A_MAX,
};
#define KOS_AUDIT_A_MAX (__KOS_AUDIT_A_MAX - 1)

#endif /* _UAPI_LINUX_KOS_AUDIT_H */
