// SPDX-License-Identifier: GPL-2.0
/*
 * Handles: per-context tables of capabilities to objects, linked into one
 * inheritance tree per object (a transfer makes a child of the source).
 *
 * Locking (outermost first):
 *
 *  - kos_handle_lock (mutex): every inheritance tree, every handle's fields,
 *    ctx->nr_handles, object->root and ->badge_users, and the list of
 *    contexts.  A mutex, not a spinlock: revoke walks may cover 100 000
 *    nodes and call cond_resched() while holding it.
 *  - ctx->handles has its own xarray lock (taken inside kos_handle_lock).
 *  - kos_event_lock (spinlock, notice.c): subscriptions and pending events;
 *    taken inside kos_handle_lock when an object fires an event.
 *
 * Trees are walked without recursion: revoke moves the children lists onto
 * one work list (they share the ->sibling link), so stack use is constant
 * whatever the depth a user builds.
 *
 * Objects are refcounted (kref): one reference per non-revoked handle, plus
 * temporary ones taken by waiters.  An object is destroyed (its descendants
 * revoked, EVENT_OBJECT_DESTROYED fired) when its root handle is closed.
 */
#include <linux/debugfs.h>
#include <linux/file.h>
#include <linux/kos.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "channel.h"
#include "handle.h"
#include "notice.h"
#include "objstat.h"
#include "user.h"

DEFINE_MUTEX(kos_handle_lock);
static LIST_HEAD(kos_contexts);

/**
 * struct kos_handle - one handle in one context
 * @ctx: owning context
 * @id: value user space sees
 * @type: type of @obj, kept after revocation for kos-stat
 * @rights: rights mask
 * @obj: the object; NULL once revoked
 * @parent: ancestor in the inheritance tree (any context), NULL for roots
 * @children: descendants, linked by their @sibling
 * @sibling: link in the parent's @children, or in a revoke work list
 * @badge: badge object this handle was transferred with, or NULL
 * @user: the user charged with it: whoever made it (a transfer's sender)
 */
struct kos_handle {
	struct kos_context *ctx;
	int id;
	u32 type;
	u32 rights;
	struct kos_object *obj;
	struct kos_handle *parent;
	struct list_head children;
	struct list_head sibling;
	struct kos_object *badge;
	struct kos_user *user;
};

struct kos_object *kos_object_alloc(u32 type, u64 context)
{
	struct kos_object *obj = kzalloc(sizeof(*obj), GFP_KERNEL_ACCOUNT);

	if (!obj)
		return NULL;
	kref_init(&obj->ref);
	obj->type = type;
	obj->context = context;
	INIT_LIST_HEAD(&obj->subs);
	kos_objstat_inc(KOS_OBJ_OBJECT);
	return obj;
}

/*
 * An object a kernel provider (DMA, I/O, interrupts) backs with @priv.
 * Its user-visible context stays 0: what IPC hands back as a badge must
 * never be a kernel address.
 */
struct kos_object *kos_kobject_alloc(u32 type, void *priv)
{
	struct kos_object *obj = kos_object_alloc(type, 0);

	if (obj)
		obj->priv = priv;
	return obj;
}

static void object_release(struct kref *ref)
{
	struct kos_object *obj = container_of(ref, struct kos_object, ref);

	kos_notice_object_gone(obj);
	kos_channel_object_gone(obj);
	if (obj->release)
		obj->release(obj);
	kfree(obj);
	kos_objstat_dec(KOS_OBJ_OBJECT);
}

void kos_object_put(struct kos_object *obj)
{
	kref_put(&obj->ref, object_release);
}

void kos_handle_ctx_init(struct kos_context *ctx)
{
	static atomic64_t last_id;

	ctx->id = atomic64_inc_return(&last_id);
	xa_init_flags(&ctx->handles, XA_FLAGS_ALLOC1 | XA_FLAGS_ACCOUNT);
	init_waitqueue_head(&ctx->poll_wq);
	mutex_lock(&kos_handle_lock);
	list_add(&ctx->link, &kos_contexts);
	mutex_unlock(&kos_handle_lock);
}

/* Look @id up; revoked handles are an error for everything but close. */
static struct kos_handle *lookup(struct kos_context *ctx, int id)
{
	struct kos_handle *h;

	lockdep_assert_held(&kos_handle_lock);
	if (id <= 0)
		return ERR_PTR(-EBADF);
	h = xa_load(&ctx->handles, id);
	if (!h)
		return ERR_PTR(-EBADF);
	if (!h->obj)
		return ERR_PTR(-EKEYREVOKED);
	return h;
}

/* A new handle in @ctx, charged to @by (the user whose action makes it). */
static int install(struct kos_context *ctx, struct kos_user *by,
		   struct kos_object *obj, u32 rights, struct kos_handle *parent,
		   struct kos_object *badge, int *out)
{
	struct kos_handle *h;
	u32 id;
	int ret;

	lockdep_assert_held(&kos_handle_lock);
	if (ctx->dead)
		return -ENOTCONN;	/* its process is gone */
	if (ctx->nr_handles >= kos_max_handles)
		return -EDQUOT;
	ret = kos_user_charge(by, KOS_UR_HANDLES, 1);
	if (ret)
		return ret;
	h = kzalloc(sizeof(*h), GFP_KERNEL_ACCOUNT);
	if (!h) {
		kos_user_uncharge(by, KOS_UR_HANDLES, 1);
		return -ENOMEM;
	}
	ret = xa_alloc(&ctx->handles, &id, h, XA_LIMIT(1, INT_MAX), GFP_KERNEL_ACCOUNT);
	if (ret) {
		kfree(h);
		kos_user_uncharge(by, KOS_UR_HANDLES, 1);
		return ret == -EBUSY ? -EDQUOT : ret;
	}
	h->user = by;
	h->ctx = ctx;
	h->id = id;
	h->type = obj->type;
	h->rights = rights;
	h->obj = obj;
	kref_get(&obj->ref);
	INIT_LIST_HEAD(&h->children);
	INIT_LIST_HEAD(&h->sibling);
	h->parent = parent;
	if (parent)
		list_add_tail(&h->sibling, &parent->children);
	if (badge) {
		kref_get(&badge->ref);
		badge->badge_users++;
		h->badge = badge;
	}
	ctx->nr_handles++;
	kos_objstat_inc(KOS_OBJ_HANDLE);
	*out = id;
	return 0;
}

/* Install the root handle of a new object; the caller's reference moves in. */
int kos_handle_install(struct kos_context *ctx, struct kos_object *obj,
		       u32 rights, int *out)
{
	int ret;

	mutex_lock(&kos_handle_lock);
	ret = install(ctx, ctx->user, obj, rights, NULL, NULL, out);
	if (!ret)
		obj->root = xa_load(&ctx->handles, *out);
	mutex_unlock(&kos_handle_lock);
	kos_object_put(obj);
	return ret;
}

/*
 * Drop what a live handle holds: its object reference and its badge use.
 * The last handle transferred with a badge closes the badge.
 */
static void drop_refs(struct kos_handle *h)
{
	struct kos_object *badge = h->badge;

	if (badge) {
		h->badge = NULL;
		if (!--badge->badge_users)
			kos_notice_signal(badge, KOS_EVENT_BADGE_CLOSED);
		kos_object_put(badge);
	}
	kos_object_put(h->obj);
	h->obj = NULL;
}

/* Revoke every handle of the subtrees on @work (linked by ->sibling). */
static void revoke_list(struct list_head *work)
{
	struct kos_handle *h;
	unsigned long n = 0;

	lockdep_assert_held(&kos_handle_lock);
	while (!list_empty(work)) {
		h = list_first_entry(work, struct kos_handle, sibling);
		list_del_init(&h->sibling);
		list_splice_init(&h->children, work);
		h->parent = NULL;
		drop_refs(h);
		if (!(++n % 1024))
			cond_resched();
	}
}

static void free_handle(struct kos_handle *h)
{
	xa_erase(&h->ctx->handles, h->id);
	h->ctx->nr_handles--;
	kos_user_uncharge(h->user, KOS_UR_HANDLES, 1);
	kfree(h);
	kos_objstat_dec(KOS_OBJ_HANDLE);
}

/*
 * Close a handle.  Revoked: just free it.  Root: destroy the object (revoke
 * all descendants, fire EVENT_OBJECT_DESTROYED).  Else: the parent (or, for
 * a handle without one, the root) adopts the children.
 */
static void close_handle(struct kos_handle *h)
{
	struct kos_handle *c, *tmp, *adopter;
	struct kos_object *obj = h->obj;
	LIST_HEAD(work);

	lockdep_assert_held(&kos_handle_lock);
	if (!obj) {
		free_handle(h);
		return;
	}
	if (obj->root == h) {
		list_splice_init(&h->children, &work);
		revoke_list(&work);
		obj->root = NULL;
		kos_notice_signal(obj, KOS_EVENT_OBJECT_DESTROYED);
		kos_notice_object_destroyed(obj);
		kos_channel_object_destroyed(obj);
	} else {
		/* A parentless handle (from KOS_IPC_CONNECT): the root adopts. */
		adopter = h->parent ?: obj->root;
		list_for_each_entry(c, &h->children, sibling)
			c->parent = adopter;
		if (adopter)
			list_splice_tail_init(&h->children, &adopter->children);
		else
			list_for_each_entry_safe(c, tmp, &h->children, sibling)
				list_del_init(&c->sibling);
		list_del_init(&h->sibling);
	}
	drop_refs(h);
	free_handle(h);
}

/* Context teardown: close every handle, firing the events it implies. */
void kos_handle_ctx_release(struct kos_context *ctx)
{
	struct kos_handle *h;
	unsigned long id;

	mutex_lock(&kos_handle_lock);
	ctx->dead = true;	/* nothing is installed from here on */
	xa_for_each(&ctx->handles, id, h) {
		close_handle(h);
		cond_resched();
	}
	list_del(&ctx->link);
	mutex_unlock(&kos_handle_lock);
	xa_destroy(&ctx->handles);
}

/*
 * The object of the first live handle of @type in @ctx numbered above
 * *@id, referenced, and its number in *@id; NULL when there is none.  For
 * walking what a process holds: start with *@id = 0.
 */
struct kos_object *kos_handle_next_object(struct kos_context *ctx, u32 type,
					  unsigned long *id)
{
	struct kos_object *obj = NULL;
	struct kos_handle *h;

	mutex_lock(&kos_handle_lock);
	xa_for_each_start(&ctx->handles, *id, h, *id + 1) {
		if (h->obj && h->type == type) {
			obj = h->obj;
			kref_get(&obj->ref);
			break;
		}
	}
	mutex_unlock(&kos_handle_lock);
	return obj;
}

/*
 * Make a descendant of @handle (in @src) in @dst with @rights, tagged with
 * @badge (a badge handle of @src, or KOS_INVALID_HANDLE).  IPC calls this.
 */
int kos_handle_transfer(struct kos_context *src, int handle,
			struct kos_context *dst, u32 rights, int badge, int *out)
{
	struct kos_object *bobj = NULL;
	struct kos_handle *h, *b;
	int ret;

	mutex_lock(&kos_handle_lock);
	h = lookup(src, handle);
	ret = PTR_ERR_OR_ZERO(h);
	if (ret)
		goto out;
	ret = -EPERM;
	if (!(h->rights & KOS_RIGHT_TRANSFER))
		goto out;
	ret = -EACCES;
	if (rights & ~h->rights)
		goto out;
	if (badge != KOS_INVALID_HANDLE) {
		b = lookup(src, badge);
		ret = PTR_ERR_OR_ZERO(b);
		if (ret)
			goto out;
		ret = -EINVAL;
		if (b->type != KOS_HTYPE_BADGE || !b->obj->root)
			goto out;
		bobj = b->obj;
	}
	ret = install(dst, src->user, h->obj, rights, h, bobj, out);
out:
	mutex_unlock(&kos_handle_lock);
	return ret;
}

/*
 * IPC: when @handle of @src points to an object whose root handle is in
 * @dst, the receiver gets its own object back instead of a copy: return 1
 * with the root's id, the sent handle's rights and its badge's context (the
 * object's if it has no badge).  0: not @dst's object, transfer it instead.
 */
int kos_handle_deref(struct kos_context *src, int handle,
		     struct kos_context *dst, u32 rights, int *out,
		     u32 *out_rights, u64 *context)
{
	struct kos_handle *h;
	int ret;

	mutex_lock(&kos_handle_lock);
	h = lookup(src, handle);
	ret = PTR_ERR_OR_ZERO(h);
	if (ret || !h->obj->root || h->obj->root->ctx != dst)
		goto out;
	ret = -EACCES;
	if (rights & ~h->rights)
		goto out;
	*out = h->obj->root->id;
	*out_rights = h->rights;
	*context = h->badge ? h->badge->context : h->obj->context;
	ret = 1;
out:
	mutex_unlock(&kos_handle_lock);
	return ret;
}

/* A new root-less handle to @obj (IPC connect); the caller keeps its ref. */
int kos_handle_add(struct kos_context *ctx, struct kos_object *obj,
		   u32 rights, int *out)
{
	int ret;

	mutex_lock(&kos_handle_lock);
	ret = install(ctx, ctx->user, obj, rights, NULL, NULL, out);
	mutex_unlock(&kos_handle_lock);
	return ret;
}

/*
 * The object behind @handle, referenced, if it is of @type (0: any) and the
 * handle has @right; for notice operations.
 */
struct kos_object *kos_handle_object(struct kos_context *ctx, int handle,
				     u32 type, u32 right)
{
	struct kos_object *obj;
	struct kos_handle *h;

	mutex_lock(&kos_handle_lock);
	h = lookup(ctx, handle);
	obj = ERR_CAST(h);
	if (IS_ERR(h))
		goto out;
	obj = ERR_PTR(-EINVAL);
	if (type && h->type != type)
		goto out;
	obj = ERR_PTR(-EPERM);
	if ((h->rights & right) != right)
		goto out;
	obj = h->obj;
	kref_get(&obj->ref);
out:
	mutex_unlock(&kos_handle_lock);
	return obj;
}

int kos_handle_create_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_handle_create *cmd = ucmd->cmd;
	struct kos_object *obj;
	int ret;

	/* output fields are 0 on input, so that they can become inputs */
	if (cmd->flags || cmd->__reserved || cmd->handle)
		return -EINVAL;
	if (cmd->type < KOS_HTYPE_USER_FIRST || cmd->type > KOS_HTYPE_USER_LAST)
		return -EINVAL;
	obj = kos_object_alloc(cmd->type, cmd->context);
	if (!obj)
		return -ENOMEM;
	ret = kos_handle_install(ucmd->ctx, obj, cmd->rights, &cmd->handle);
	if (ret)
		return ret;
	return kos_ucmd_respond(ucmd, sizeof(*cmd));
}

/* Close @handle of @ctx, revoked or not. */
int kos_handle_close(struct kos_context *ctx, int handle)
{
	struct kos_handle *h;
	int ret = 0;

	mutex_lock(&kos_handle_lock);
	h = lookup(ctx, handle);
	if (h == ERR_PTR(-EKEYREVOKED))
		h = xa_load(&ctx->handles, handle);
	if (IS_ERR(h))
		ret = PTR_ERR(h);
	else
		close_handle(h);
	mutex_unlock(&kos_handle_lock);
	return ret;
}

int kos_handle_close_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_handle_op *cmd = ucmd->cmd;

	if (cmd->flags || cmd->badge)
		return -EINVAL;
	return kos_handle_close(ucmd->ctx, cmd->handle);
}

/* Move the children of @h transferred with @badge onto @work. */
static void pick_badged(struct kos_handle *h, struct kos_object *badge,
			struct list_head *work)
{
	struct kos_handle *c, *tmp;

	list_for_each_entry_safe(c, tmp, &h->children, sibling)
		if (c->badge == badge)
			list_move_tail(&c->sibling, work);
}

int kos_handle_revoke_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_handle_op *cmd = ucmd->cmd;
	struct kos_handle *h, *b;
	LIST_HEAD(work);
	int ret = 0;

	if (cmd->flags & ~KOS_REVOKE_SUBTREE)
		return -EINVAL;
	if (!(cmd->flags & KOS_REVOKE_SUBTREE) && cmd->badge)
		return -EINVAL;
	mutex_lock(&kos_handle_lock);
	h = lookup(ucmd->ctx, cmd->handle);
	if (IS_ERR(h)) {
		ret = PTR_ERR(h);
		goto out;
	}
	if (cmd->flags & KOS_REVOKE_SUBTREE) {
		b = lookup(ucmd->ctx, cmd->badge);
		if (IS_ERR(b)) {
			ret = PTR_ERR(b);
			goto out;
		}
		if (b->type != KOS_HTYPE_BADGE) {
			ret = -EINVAL;
			goto out;
		}
		pick_badged(h, b->obj, &work);
		revoke_list(&work);
	} else {
		list_splice_init(&h->children, &work);
		revoke_list(&work);
		close_handle(h);
	}
out:
	mutex_unlock(&kos_handle_lock);
	return ret;
}

int kos_handle_transfer_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_handle_transfer *cmd = ucmd->cmd;
	struct kos_context *dst = ucmd->ctx;
	struct file *file = NULL;
	int ret;

	if (cmd->flags || cmd->__reserved || cmd->out_handle)
		return -EINVAL;
	if (cmd->dst_fd != -1) {
		file = fget(cmd->dst_fd);
		if (!file)
			return -EBADF;
		dst = kos_context_from_file(file);
		ret = -EBADF;
		if (!dst)
			goto out;
		ret = -EBADFD;
		if (!kos_context_is_owner(dst))
			goto out;
	}
	ret = kos_handle_transfer(ucmd->ctx, cmd->handle, dst, cmd->rights,
				  cmd->badge, &cmd->out_handle);
	if (!ret)
		ret = kos_ucmd_respond(ucmd, sizeof(*cmd));
out:
	if (file)
		fput(file);
	return ret;
}

int kos_handle_badge_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_handle_badge *cmd = ucmd->cmd;
	struct kos_object *notice, *obj;
	int ret;

	if (cmd->flags || cmd->__reserved || cmd->__reserved2 || cmd->handle)
		return -EINVAL;
	notice = kos_handle_object(ucmd->ctx, cmd->notice, KOS_HTYPE_NOTICE, 0);
	if (IS_ERR(notice))
		return PTR_ERR(notice);
	ret = -ENOMEM;
	obj = kos_object_alloc(KOS_HTYPE_BADGE, cmd->context);
	if (!obj)
		goto out;
	ret = kos_notice_subscribe(notice, obj, KOS_EVENT_OBJECT_DESTROYED |
				   KOS_EVENT_BADGE_CLOSED, cmd->event_id,
				   ucmd->ctx->user);
	if (ret) {
		kos_object_put(obj);
		goto out;
	}
	ret = kos_handle_install(ucmd->ctx, obj, ~0U, &cmd->handle);
	if (!ret)
		ret = kos_ucmd_respond(ucmd, sizeof(*cmd));
out:
	kos_object_put(notice);
	return ret;
}

/*
 * debugfs kos/handles: every context's handles, one per line, for kos-stat.
 * Parents are named by context number and handle; badge is the badge's
 * handle in the context that created it.
 */
static int handles_show(struct seq_file *m, void *unused)
{
	struct kos_context *ctx;
	struct kos_handle *h;
	unsigned long id;

	seq_puts(m, "pid ctx handle type rights parent_ctx parent badge revoked\n");
	mutex_lock(&kos_handle_lock);
	list_for_each_entry(ctx, &kos_contexts, link) {
		xa_for_each(&ctx->handles, id, h) {
			seq_printf(m, "%d %llu %d %#x %#x %llu %d %d %d\n",
				   ctx->tgid, ctx->id, h->id, h->type, h->rights,
				   h->parent ? h->parent->ctx->id : 0,
				   h->parent ? h->parent->id : 0,
				   h->badge && h->badge->root ? h->badge->root->id : 0,
				   !h->obj);
		}
	}
	mutex_unlock(&kos_handle_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(handles);

int kos_handle_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("handles", 0400, dir, NULL, &handles_fops);
	return 0;
}
