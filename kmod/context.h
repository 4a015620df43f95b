/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_CONTEXT_H
#define _KOS_CONTEXT_H

#include <linux/mm_types.h>
#include <linux/mmu_notifier.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/xarray.h>

struct ipc_namespace;
struct kos_user;

/**
 * struct kos_context - one KOS process: what one open() of /dev/kos holds
 * @mm: address space of the opener; pinned with mmgrab() so the pointer
 *      cannot be reused by another process while we compare against it
 * @tgid: thread group of the opener, for diagnostics
 * @id: module-wide context number, names the context in debugfs
 * @handles: handle id -> struct kos_handle (ids 1..INT_MAX)
 * @nr_handles: entries in @handles, bounded by kos_max_handles (xa_lock)
 * @link: in the list of all contexts, for the debugfs handle view
 * @poll_wq: woken when one of the context's notices gets an event
 * @ready_notices: notices created here with events pending (POLLIN)
 * @class_name: process class for the security policy; NULL until set, then
 *              never changes (policy.c, set once with cmpxchg)
 * @dma_quota: DMA memory created here, see dma.c (NULL until first use)
 * @iommu: IOMMU domain and attached devices, see iommu.c (NULL until used)
 * @ipc_held_lock: protects @ipc_held (inside the channels' locks)
 * @ipc_held: IPC requests received here and not answered yet (channel.c)
 * @mn: tells us when @mm goes (the process exits or execs)
 * @shut: the context's services are torn down (process.c)
 * @dead: no handle may be installed any more (@handles' xa_lock)
 * @user: the opener's user, charged with this context (user.c)
 * @ipc_ns: the opener's IPC namespace: the scope of its names (compat.h)
 */
struct kos_context {
	struct mm_struct *mm;
	pid_t tgid;
	u64 id;
	struct xarray handles;
	unsigned int nr_handles;
	struct list_head link;
	wait_queue_head_t poll_wq;
	atomic_t ready_notices;
	const char *class_name;
	struct kos_dma_quota *dma_quota;
	struct kos_iommu *iommu;
	spinlock_t ipc_held_lock;
	struct list_head ipc_held;
	struct mmu_notifier mn;
	atomic_t shut;
	bool dead;
	struct kos_user *user;
	struct ipc_namespace *ipc_ns;
};

/* Module parameter (handle.c): handles per context, also bounds a notice. */
extern unsigned int kos_max_handles;

/* At module load: the file operations of /dev/kos, to recognise its files. */
void kos_context_init(const struct file_operations *fops);
/* The context behind a /dev/kos file, NULL for any other file. */
struct kos_context *kos_context_from_file(struct file *file);

/*
 * True when the caller is still in the IPC namespace @ctx was opened in,
 * the scope of its names; the namespace is then alive.
 */
static inline bool kos_context_in_scope(const struct kos_context *ctx)
{
	return current->nsproxy->ipc_ns == ctx->ipc_ns;
}

/* True when the calling task may act on @ctx (same address space). */
static inline bool kos_context_is_owner(const struct kos_context *ctx)
{
	return ctx->mm == current->mm;
}

#endif /* _KOS_CONTEXT_H */
