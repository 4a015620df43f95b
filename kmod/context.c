// SPDX-License-Identifier: GPL-2.0
/*
 * KOS process contexts.  A context is created by open() and lives until the
 * last reference to that struct file goes away.  It is bound to the opener's
 * mm: a descriptor inherited over fork() or passed over a unix socket can be
 * closed but not used (EBADFD), so a handle table never leaks into a process
 * that did not create it.
 */
#include <linux/pid.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include "channel.h"
#include "context.h"
#include "dma.h"
#include "handle.h"
#include "iommu.h"
#include "ns.h"
#include "objstat.h"
#include "policy.h"

struct kos_context *kos_context_create(void)
{
	struct kos_context *ctx;

	if (!current->mm)
		return ERR_PTR(-EINVAL);

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL_ACCOUNT);
	if (!ctx)
		return ERR_PTR(-ENOMEM);

	mmgrab(current->mm);
	ctx->mm = current->mm;
	ctx->tgid = task_tgid_nr(current);
	kos_handle_ctx_init(ctx);
	kos_channel_ctx_init(ctx);
	kos_objstat_inc(KOS_OBJ_CONTEXT);
	return ctx;
}

void kos_context_destroy(struct kos_context *ctx)
{
	kos_iommu_ctx_release(ctx);
	kos_channel_ctx_release(ctx);
	kos_ns_ctx_release(ctx);
	kos_handle_ctx_release(ctx);
	kos_policy_ctx_release(ctx);
	kos_dma_ctx_release(ctx);
	mmdrop(ctx->mm);
	kfree(ctx);
	kos_objstat_dec(KOS_OBJ_CONTEXT);
}
