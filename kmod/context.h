/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_CONTEXT_H
#define _KOS_CONTEXT_H

#include <linux/mm_types.h>
#include <linux/sched.h>

/**
 * struct kos_context - one KOS process: what one open() of /dev/kos holds
 * @mm: address space of the opener; pinned with mmgrab() so the pointer
 *      cannot be reused by another process while we compare against it
 * @tgid: thread group of the opener, for diagnostics
 */
struct kos_context {
	struct mm_struct *mm;
	pid_t tgid;
};

/* Module parameters (main.c). */
extern unsigned int kos_max_handles;

struct kos_context *kos_context_create(void);
void kos_context_destroy(struct kos_context *ctx);

/* True when the calling task may act on @ctx (same address space). */
static inline bool kos_context_is_owner(const struct kos_context *ctx)
{
	return ctx->mm == current->mm;
}

#endif /* _KOS_CONTEXT_H */
