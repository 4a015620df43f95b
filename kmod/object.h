/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_OBJECT_H
#define _KOS_OBJECT_H

#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>

#include "event.h"
#include "ucmd.h"

struct kos_handle;

/**
 * struct kos_object_ops - what a kernel object's type does
 * @type: KOS_HTYPE_*
 * @destroyed: the root handle is closed (handle.c, under the object's
 *             tree_lock): fail whoever waits on the object (may be NULL)
 * @release: last reference gone, or the object never made: free the
 *           private data; may run under another object's tree_lock, so
 *           takes none itself
 * @recv: KOS_IPC_RECV on a handle to the object (may be NULL: EINVAL)
 *
 * Each gets the object's private data only: what the handle core owns
 * (the tree, the context user space sees) is none of the provider's.
 */
struct kos_object_ops {
	u32 type;
	void (*destroyed)(void *priv);
	void (*release)(void *priv);
	int (*recv)(void *priv, struct kos_ucmd *ucmd);
};

/**
 * struct kos_object - a resource that handles point to
 * @ref: one per handle (revoked handles hold none) and per waiter
 * @tree_lock: the inheritance tree of the object's handles, @root and
 *             revocation (handle.c)
 * @type: KOS_HTYPE_*
 * @context: the value user space gave the object (user objects, badges);
 *           handed back to user space, so never a kernel address
 * @ops: kernel objects: their type's operations; NULL for user objects
 *       and badges
 * @priv: kernel objects: the provider's state; never leaves the kernel
 * @root: the handle created with the object; NULL once destroyed
 *        (@tree_lock)
 * @watchers: subscriptions watching this object (event.c)
 * @badge_users: badge: live handles transferred with it; negative once
 *               the badge is destroyed (KOS_BADGE_DEAD subtracted)
 * @rcu: objects are freed after a grace period (lock-free handle lookup,
 *       event.c's unwatch)
 */
#define KOS_BADGE_DEAD (1 << 30)

struct kos_object {
	struct kref ref;
	struct mutex tree_lock;
	u32 type;
	u64 context;
	const struct kos_object_ops *ops;
	void *priv;
	struct kos_handle *root;
	struct kos_watchers watchers;
	atomic_t badge_users;
	struct rcu_head rcu;
};

struct kos_object *kos_object_alloc(u32 type, u64 context);
struct kos_object *kos_kobject_alloc(const struct kos_object_ops *ops,
				     void *priv);
void kos_object_destroyed(struct kos_object *obj);
void kos_object_put(struct kos_object *obj);

#endif /* _KOS_OBJECT_H */
