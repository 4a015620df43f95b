// SPDX-License-Identifier: GPL-2.0
/*
 * The life of a KOS process context, across every feature (on top of them
 * all: only main.c calls it).  A context is created by open() and bound to
 * the opener's mm: a descriptor inherited over fork() or passed over a unix
 * socket can be closed but not used (EBADFD), so a handle table never leaks
 * into a process that did not create it.
 *
 * Its services live as long as that process, as on KasperskyOS: when the
 * mm goes (the last thread exits, or the process execs) an mmu notifier
 * shuts the context down, closing every handle, so its channels fail their
 * clients with ENOTCONN, its names and DMA memory go, even while another
 * process still holds the descriptor.  Closing the last descriptor does the
 * same if the process is still there; the memory of the context itself is
 * freed then.
 */
#include <linux/mmu_notifier.h>
#include <linux/pid.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include "channel.h"
#include "compat.h"
#include "context.h"
#include "dma.h"
#include "handle.h"
#include "ipc_name.h"
#include "iommu.h"
#include "ns.h"
#include "objstat.h"
#include "policy.h"
#include "process.h"
#include "user.h"

/* The owning process's address space is going: end its services. */
static void ctx_mm_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	kos_context_shutdown(container_of(mn, struct kos_context, mn));
}

static const struct mmu_notifier_ops ctx_mn_ops = {
	.release = ctx_mm_release,
};

struct kos_context *kos_context_create(void)
{
	struct kos_context *ctx;
	int ret;

	if (!current->mm)
		return ERR_PTR(-EINVAL);

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL_ACCOUNT);
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	ctx->user = kos_user_get_current();
	ret = ctx->user ? kos_user_charge(ctx->user, KOS_UR_CONTEXTS, 1) : -ENOMEM;
	if (ret) {
		if (ctx->user)
			kos_user_put(ctx->user);
		kfree(ctx);
		return ERR_PTR(ret);
	}

	mmgrab(current->mm);
	ctx->mm = current->mm;
	ctx->ipc_ns = kos_ipc_ns_get();
	ctx->tgid = task_tgid_nr(current);
	kos_handle_ctx_init(ctx);
	kos_channel_ctx_init(ctx);
	kos_objstat_inc(KOS_OBJ_CONTEXT);
	ctx->mn.ops = &ctx_mn_ops;
	ret = mmu_notifier_register(&ctx->mn, ctx->mm);
	if (ret) {
		ctx->mn.ops = NULL;
		kos_context_destroy(ctx);
		return ERR_PTR(ret);
	}
	return ctx;
}

/*
 * Tear down what the context provides to others; once, from whichever
 * comes first: the owner's mm going, or the last descriptor's close.
 */
void kos_context_shutdown(struct kos_context *ctx)
{
	if (atomic_xchg(&ctx->shut, 1))
		return;
	kos_iommu_ctx_release(ctx);
	kos_channel_ctx_release(ctx);
	kos_ipc_name_ctx_release(ctx);
	kos_ns_ctx_release(ctx);
	kos_handle_ctx_release(ctx);
}

void kos_context_destroy(struct kos_context *ctx)
{
	kos_context_shutdown(ctx);
	/* Waits for a release callback still running on another CPU. */
	if (ctx->mn.ops)
		mmu_notifier_unregister(&ctx->mn, ctx->mm);
	kos_policy_ctx_release(ctx);
	kos_dma_ctx_release(ctx);
	mmdrop(ctx->mm);
	kos_ipc_ns_put(ctx->ipc_ns);
	kos_user_uncharge(ctx->user, KOS_UR_CONTEXTS, 1);
	kos_user_put(ctx->user);
	kfree(ctx);
	kos_objstat_dec(KOS_OBJ_CONTEXT);
}
