/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_POLICY_H
#define _KOS_POLICY_H

#include "context.h"
#include "ucmd.h"
#include "policy_hook.h"

/* Module parameter default_policy (policy.c): verdict with no policy. */
extern bool kos_policy_allow_unloaded;

int kos_policy_load_ioctl(struct kos_ucmd *ucmd);
int kos_policy_show_ioctl(struct kos_ucmd *ucmd);
int kos_policy_eval_ioctl(struct kos_ucmd *ucmd);
int kos_policy_set_class_ioctl(struct kos_ucmd *ucmd);
int kos_policy_get_class_ioctl(struct kos_ucmd *ucmd);

/* Free the context's class name (context teardown). */
void kos_policy_ctx_release(struct kos_context *ctx);
/* Drop the loaded policy at module exit. */
void kos_policy_uninit(void);

#endif /* _KOS_POLICY_H */
