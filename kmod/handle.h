/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_HANDLE_H
#define _KOS_HANDLE_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/dcache.h>

#include "context.h"
#include "ucmd.h"

/* Rights the module itself checks (general part, mirrored in services/ocap.h). */
#define KOS_RIGHT_TRANSFER	(1U << 0)
#define KOS_RIGHT_SET_EVENT	(1U << 1)
#define KOS_RIGHT_GET_EVENT	(1U << 2)

struct kos_notice;
struct kos_handle;
struct kos_channel;

/**
 * struct kos_object - a resource that handles point to
 * @ref: one per handle (revoked handles hold none) and per waiter
 * @tree_lock: the inheritance tree of the object's handles, @root and
 *             revocation (handle.c)
 * @type: KOS_HTYPE_*
 * @context: the value user space gave the object (user objects, badges);
 *           handed back to user space, so never a kernel address
 * @priv: kernel objects: the provider's state; never leaves the kernel
 * @root: the handle created with the object; NULL once destroyed
 *        (@tree_lock)
 * @subs_lock: protects @subs (notice.c)
 * @subs: subscriptions watching this object
 * @badge_users: badge: live handles transferred with it; negative once
 *               the badge is destroyed (KOS_BADGE_DEAD subtracted)
 * @notice: the receiver state when @type is KOS_HTYPE_NOTICE
 * @channel: the channel when @type is KOS_HTYPE_IPC_CLIENT or _SERVER
 * @release: provider hook run when the last reference goes (may be NULL);
 *           may run under another object's @tree_lock: takes none itself
 * @rcu: objects are freed after a grace period (lock-free handle lookup)
 */
#define KOS_BADGE_DEAD (1 << 30)

struct kos_object {
	struct kref ref;
	struct mutex tree_lock;
	u32 type;
	u64 context;
	void *priv;
	struct kos_handle *root;
	spinlock_t subs_lock;
	struct list_head subs;
	atomic_t badge_users;
	struct kos_notice *notice;
	struct kos_channel *channel;
	void (*release)(struct kos_object *obj);
	struct rcu_head rcu;
};

void kos_handle_ctx_init(struct kos_context *ctx);
void kos_handle_ctx_release(struct kos_context *ctx);
int kos_handle_transfer(struct kos_context *src, int handle,
			struct kos_context *dst, u32 rights, int badge, int *out);
int kos_handle_deref(struct kos_context *src, int handle,
		     struct kos_context *dst, u32 rights, int *out,
		     u32 *out_rights, u64 *context);
int kos_handle_add(struct kos_context *ctx, struct kos_object *obj,
		   u32 rights, int *out);
struct kos_object *kos_handle_object(struct kos_context *ctx, int handle,
				     u32 type, u32 right);
int kos_handle_install(struct kos_context *ctx, struct kos_object *obj,
		       u32 rights, int *out);
struct kos_object *kos_handle_next_object(struct kos_context *ctx, u32 type,
					  unsigned long *id);
struct kos_object *kos_object_alloc(u32 type, u64 context);
struct kos_object *kos_kobject_alloc(u32 type, void *priv);
void kos_object_put(struct kos_object *obj);

int kos_handle_close(struct kos_context *ctx, int handle);

int kos_handle_create_ioctl(struct kos_ucmd *ucmd);
int kos_handle_close_ioctl(struct kos_ucmd *ucmd);
int kos_handle_revoke_ioctl(struct kos_ucmd *ucmd);
int kos_handle_transfer_ioctl(struct kos_ucmd *ucmd);
int kos_handle_badge_ioctl(struct kos_ucmd *ucmd);

int kos_handle_debugfs_init(struct dentry *dir);

#endif /* _KOS_HANDLE_H */
