/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_POLICY_HOOK_H
#define _KOS_POLICY_HOOK_H

#include <linux/types.h>

#include "context.h"
#include "policy/eval.h"

/*
 * The security decision IPC asks for every request and every reply; the
 * message kinds are the evaluator's (KPOL_REQUEST, _RESPONSE, _ERROR).
 */
struct kos_policy_msg {
	u32 kind;			/* enum kpol_kind */
	u32 endpoint;			/* SMsgHdr endpoint id (riid) */
	u32 method;			/* SMsgHdr method id (mid) */
	u32 size;			/* whole message size in bytes */
	u32 nhandles;			/* handles carried */
	const struct kos_context *src;	/* sender */
	const struct kos_context *dst;	/* receiver */
};

/* 0: deliver; -EACCES: deny.  Called without IPC locks held, may sleep. */
int kos_policy_check(const struct kos_policy_msg *msg);

#endif /* _KOS_POLICY_HOOK_H */
