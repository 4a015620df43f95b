// SPDX-License-Identifier: GPL-2.0
/*
 * Handles: per-context tables of capabilities to objects, linked into one
 * inheritance tree per object (a transfer makes a child of the source).
 *
 * No lock is shared by unrelated processes.  Locking (outermost first):
 *
 *  - obj->tree_lock (mutex): the inheritance tree of one object: its
 *    handles' ->parent, ->children, ->sibling and ->badge, obj->root, and
 *    revocation (a handle's ->obj becoming NULL).  A mutex: revoking
 *    100 000 nodes calls cond_resched() under it.  Never two at once.
 *  - ctx->handles' xarray lock: the table, ctx->nr_handles and ctx->dead.
 *  - an object's watchers lock, then a receiver's lock (event.c), taken
 *    when an object fires an event.
 *
 * Lookups are lock-free: handles and objects are freed after an RCU grace
 * period, so a reader under rcu_read_lock() may load a handle, read its
 * ->obj and take a reference with kref_get_unless_zero().  That is all the
 * Call/Recv/Reply path does.  Whoever changes a tree looks the handle up,
 * takes its object's tree_lock and checks that the handle is still in its
 * table pointing to that object (lock_handle()): a live handle is only
 * closed or revoked under that lock.  A revoked handle is no longer in any
 * tree; whoever takes it out of the table frees it.
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
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "event.h"
#include "handle.h"
#include "objstat.h"
#include "user.h"

/* Every context, for the debugfs handle view only. */
static DEFINE_MUTEX(kos_contexts_lock);
static LIST_HEAD(kos_contexts);

unsigned int kos_max_handles = CONFIG_KOS_MAX_HANDLES;
module_param_named(max_handles, kos_max_handles, uint, 0644);
MODULE_PARM_DESC(max_handles, "Maximum handles per KOS context");

/**
 * struct kos_handle - one handle in one context
 * @ctx: owning context
 * @id: value user space sees
 * @type: type of @obj, kept after revocation for kos-stat
 * @rights: rights mask
 * @obj: the object; NULL once revoked (read locklessly: READ_ONCE)
 * @parent: ancestor in the inheritance tree (any context), NULL for roots
 * @children: descendants, linked by their @sibling
 * @sibling: link in the parent's @children, or in a revoke work list
 * @badge: badge object this handle was transferred with, or NULL
 * @user: the user charged with it: whoever made it (a transfer's sender)
 * @rcu: freed after a grace period, for lock-free lookups
 */
struct kos_handle {
	struct kos_context *ctx;
	u32 id;
	u32 type;
	u32 rights;
	struct kos_object *obj;
	struct kos_handle *parent;
	struct list_head children;
	struct list_head sibling;
	struct kos_object *badge;
	struct kos_user *user;
	struct rcu_head rcu;
};

void kos_handle_ctx_init(struct kos_context *ctx)
{
	static atomic64_t last_id;

	ctx->id = atomic64_inc_return(&last_id);
	xa_init_flags(&ctx->handles, XA_FLAGS_ALLOC1 | XA_FLAGS_ACCOUNT);
	init_waitqueue_head(&ctx->poll_wq);
	mutex_lock(&kos_contexts_lock);
	list_add(&ctx->link, &kos_contexts);
	mutex_unlock(&kos_contexts_lock);
}

/*
 * The object of handle @id of @ctx, referenced, with the handle in *@hp;
 * under rcu_read_lock().  ERR_PTR(-EBADF): no such handle;
 * ERR_PTR(-EKEYREVOKED): revoked.
 */
static struct kos_object *lookup_rcu(struct kos_context *ctx, int id,
				     struct kos_handle **hp)
{
	struct kos_object *obj;
	struct kos_handle *h;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "handle lookup outside RCU");
	h = id > 0 ? xa_load(&ctx->handles, id) : NULL;
	if (!h)
		return ERR_PTR(-EBADF);
	*hp = h;
	obj = READ_ONCE(h->obj);
	if (!obj || !kref_get_unless_zero(&obj->ref))
		return ERR_PTR(-EKEYREVOKED);
	return obj;
}

/*
 * Handle @id of @ctx with its object's tree locked: returns the object,
 * referenced and with ->tree_lock held, and the handle in *@hp, which
 * stays live until the lock is dropped.  Errors as lookup_rcu().
 */
static struct kos_object *lock_handle(struct kos_context *ctx, int id,
				      struct kos_handle **hp)
{
	struct kos_object *obj;
	bool same;

	for (;;) {
		rcu_read_lock();
		obj = lookup_rcu(ctx, id, hp);
		rcu_read_unlock();
		if (IS_ERR(obj))
			return obj;
		mutex_lock(&obj->tree_lock);
		/* Closed or revoked meanwhile?  Under RCU: *hp may be gone. */
		rcu_read_lock();
		same = xa_load(&ctx->handles, id) == *hp &&
		       READ_ONCE((*hp)->obj) == obj;
		rcu_read_unlock();
		if (same)
			return obj;
		mutex_unlock(&obj->tree_lock);
		kos_object_put(obj);
	}
}

static void unlock_handle(struct kos_object *obj)
{
	mutex_unlock(&obj->tree_lock);
	kos_object_put(obj);
}

/*
 * A new handle in @ctx, charged to @by (the user whose action makes it),
 * under @obj's tree_lock.  Published in the table only once complete.
 */
static int install(struct kos_context *ctx, struct kos_user *by,
		   struct kos_object *obj, u32 rights, struct kos_handle *parent,
		   struct kos_object *badge, int *out)
{
	struct kos_handle *h;
	bool published = false;
	int ret;

	lockdep_assert_held(&obj->tree_lock);
	/* The usual refusals first (checked again once it is published). */
	if (READ_ONCE(ctx->dead))
		return -ENOTCONN;	/* its process is gone */
	if (READ_ONCE(ctx->nr_handles) >= READ_ONCE(kos_max_handles))
		return -EDQUOT;
	/* A badge being destroyed tags nothing more (see badge_kill()). */
	if (badge && !atomic_inc_unless_negative(&badge->badge_users))
		return -EINVAL;
	ret = kos_user_charge(by, KOS_UR_HANDLES, 1);
	if (ret)
		goto err_badge;
	ret = -ENOMEM;
	h = kzalloc(sizeof(*h), GFP_KERNEL_ACCOUNT);
	if (!h)
		goto err_charge;
	h->user = by;
	h->ctx = ctx;
	h->type = obj->type;
	h->rights = rights;
	h->obj = obj;
	INIT_LIST_HEAD(&h->children);
	INIT_LIST_HEAD(&h->sibling);
	kref_get(&obj->ref);	/* the caller holds one: a put cannot free */

	xa_lock(&ctx->handles);
	if (ctx->dead)
		ret = -ENOTCONN;	/* its process is gone */
	else if (ctx->nr_handles >= kos_max_handles)
		ret = -EDQUOT;
	else
		ret = __xa_alloc(&ctx->handles, &h->id, h, XA_LIMIT(1, INT_MAX),
				 GFP_KERNEL_ACCOUNT);
	/* The allocation may drop the lock: teardown may have begun. */
	if (!ret && ctx->dead) {
		__xa_erase(&ctx->handles, h->id);
		ret = -ENOTCONN;
		published = true;
	}
	if (!ret)
		ctx->nr_handles++;
	xa_unlock(&ctx->handles);
	if (ret) {
		kos_object_put(obj);
		if (published)
			kfree_rcu(h, rcu);	/* a lock-free reader may see it */
		else
			kfree(h);
		ret = ret == -EBUSY ? -EDQUOT : ret;
		goto err_charge;
	}

	h->parent = parent;
	if (parent)
		list_add_tail(&h->sibling, &parent->children);
	if (badge) {
		kref_get(&badge->ref);
		h->badge = badge;
	}
	kos_objstat_inc(KOS_OBJ_HANDLE);
	*out = h->id;
	return 0;

err_charge:
	kos_user_uncharge(by, KOS_UR_HANDLES, 1);
err_badge:
	if (badge)
		atomic_dec(&badge->badge_users);	/* never the last: ours */
	return ret;
}

/* Install the root handle of a new object; the caller's reference moves in. */
int kos_handle_install(struct kos_context *ctx, struct kos_object *obj,
		       u32 rights, int *out)
{
	int ret;

	mutex_lock(&obj->tree_lock);
	ret = install(ctx, ctx->user, obj, rights, NULL, NULL, out);
	if (!ret)
		WRITE_ONCE(obj->root, xa_load(&ctx->handles, *out));
	mutex_unlock(&obj->tree_lock);
	kos_object_put(obj);
	return ret;
}

/*
 * A new kernel object of @ops's type backed by @priv, installed as a root
 * handle of @ctx.  @priv is the object's whatever happens: on failure
 * @ops->release has freed it.
 */
int kos_kobject_install(struct kos_context *ctx,
			const struct kos_object_ops *ops, void *priv,
			u32 rights, int *out)
{
	struct kos_object *obj = kos_kobject_alloc(ops, priv);

	if (!obj)
		return -ENOMEM;
	return kos_handle_install(ctx, obj, rights, out);
}

/*
 * Drop what a live handle holds: its object reference and its badge use.
 * The last handle transferred with a badge closes the badge.
 */
static void drop_refs(struct kos_handle *h)
{
	struct kos_object *badge = h->badge;
	struct kos_object *obj = h->obj;

	if (badge) {
		h->badge = NULL;
		if (atomic_dec_and_test(&badge->badge_users))
			kos_event_signal(&badge->watchers,
					 KOS_EVENT_BADGE_CLOSED);
		kos_object_put(badge);
	}
	WRITE_ONCE(h->obj, NULL);
	kos_object_put(obj);
}

/*
 * A badge is destroyed: no transfer may tag a handle with it any more.  Its
 * user count goes negative for good (atomic with install()'s increment,
 * which runs under another object's tree lock), so BADGE_CLOSED never
 * fires after OBJECT_DESTROYED: a destroyed object has no subscribers.
 */
static void badge_kill(struct kos_object *badge)
{
	atomic_sub(KOS_BADGE_DEAD, &badge->badge_users);
}

/* Revoke every handle of the subtrees on @work (linked by ->sibling). */
static void revoke_list(struct list_head *work)
{
	struct kos_handle *h;
	unsigned long n = 0;

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

/* @h is out of its table: free it once lock-free readers are done. */
static void free_handle(struct kos_handle *h)
{
	kos_user_uncharge(h->user, KOS_UR_HANDLES, 1);
	kfree_rcu(h, rcu);
	kos_objstat_dec(KOS_OBJ_HANDLE);
}

/* Take @h out of its table if it is still there; true if this call did. */
static bool unpublish(struct kos_handle *h)
{
	struct kos_context *ctx = h->ctx;
	bool taken;

	xa_lock(&ctx->handles);
	taken = __xa_cmpxchg(&ctx->handles, h->id, h, NULL, 0) == h;
	if (taken)
		ctx->nr_handles--;
	xa_unlock(&ctx->handles);
	return taken;
}

/*
 * Close a live handle, under its object's tree_lock.  Root: destroy the
 * object (revoke all descendants, fire EVENT_OBJECT_DESTROYED).  Else: the
 * parent (or, for a handle without one, the root) adopts the children.
 */
static void close_handle(struct kos_handle *h)
{
	struct kos_handle *c, *tmp, *adopter;
	struct kos_object *obj = h->obj;
	LIST_HEAD(work);

	lockdep_assert_held(&obj->tree_lock);
	unpublish(h);
	if (obj->root == h) {
		list_splice_init(&h->children, &work);
		revoke_list(&work);
		WRITE_ONCE(obj->root, NULL);
		if (obj->type == KOS_HTYPE_BADGE)
			badge_kill(obj);
		kos_object_destroyed(obj);
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

/*
 * Close revoked handle @id of @ctx.  -EAGAIN: it is not (or no longer) a
 * revoked handle, look again.
 */
static int close_revoked(struct kos_context *ctx, int id)
{
	struct kos_handle *h;
	int ret = -EBADF;

	rcu_read_lock();	/* h cannot be reused while we compare */
	h = xa_load(&ctx->handles, id);
	if (h)
		ret = READ_ONCE(h->obj) || !unpublish(h) ? -EAGAIN : 0;
	rcu_read_unlock();
	if (!ret)
		free_handle(h);
	return ret;
}

/* Close @handle of @ctx, revoked or not. */
int kos_handle_close(struct kos_context *ctx, int handle)
{
	struct kos_object *obj;
	struct kos_handle *h;
	int ret;

	do {
		obj = lock_handle(ctx, handle, &h);
		if (!IS_ERR(obj)) {
			close_handle(h);
			unlock_handle(obj);
			return 0;
		}
		ret = PTR_ERR(obj);
		if (ret == -EKEYREVOKED)
			ret = close_revoked(ctx, handle);
	} while (ret == -EAGAIN);
	return ret;
}

/* Context teardown: close every handle, firing the events it implies. */
void kos_handle_ctx_release(struct kos_context *ctx)
{
	struct kos_handle *h;
	unsigned long id;

	xa_lock(&ctx->handles);
	ctx->dead = true;	/* nothing is installed from here on */
	xa_unlock(&ctx->handles);
	xa_for_each(&ctx->handles, id, h) {
		kos_handle_close(ctx, id);
		cond_resched();
	}
	mutex_lock(&kos_contexts_lock);
	list_del(&ctx->link);
	mutex_unlock(&kos_contexts_lock);
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

	rcu_read_lock();	/* xa_for_each alone lets go of each entry */
	xa_for_each_start(&ctx->handles, *id, h, *id + 1) {
		obj = READ_ONCE(h->obj);
		if (h->type == type && obj && kref_get_unless_zero(&obj->ref))
			break;
		obj = NULL;
	}
	rcu_read_unlock();
	return obj;
}

/*
 * The badge object of badge handle @badge of @ctx, referenced, for a
 * transfer; ERR_PTR() if it is no live badge.
 */
static struct kos_object *badge_get(struct kos_context *ctx, int badge)
{
	struct kos_object *obj = kos_handle_object(ctx, badge, KOS_HTYPE_BADGE, 0);

	if (!IS_ERR(obj) && !READ_ONCE(obj->root)) {
		kos_object_put(obj);
		obj = ERR_PTR(-EINVAL);
	}
	return obj;
}

/*
 * Make a descendant of @handle (in @src) in @dst with @rights, tagged with
 * @badge (a badge handle of @src, or KOS_INVALID_HANDLE).  IPC calls this.
 */
int kos_handle_transfer(struct kos_context *src, int handle,
			struct kos_context *dst, u32 rights, int badge, int *out)
{
	struct kos_object *obj, *bobj = NULL;
	struct kos_handle *h;
	int ret;

	obj = lock_handle(src, handle, &h);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	ret = -EPERM;
	if (!(h->rights & KOS_RIGHT_TRANSFER))
		goto out;
	ret = -EACCES;
	if (rights & ~h->rights)
		goto out;
	if (badge != KOS_INVALID_HANDLE) {
		bobj = badge_get(src, badge);
		ret = PTR_ERR_OR_ZERO(bobj);
		if (ret) {
			bobj = NULL;
			goto out;
		}
	}
	ret = install(dst, src->user, obj, rights, h, bobj, out);
out:
	unlock_handle(obj);
	if (bobj)
		kos_object_put(bobj);
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
	struct kos_object *obj;
	struct kos_handle *h;
	int ret = 0;

	obj = lock_handle(src, handle, &h);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	if (!obj->root || obj->root->ctx != dst)
		goto out;
	ret = -EACCES;
	if (rights & ~h->rights)
		goto out;
	*out = obj->root->id;
	*out_rights = h->rights;
	*context = h->badge ? h->badge->context : obj->context;
	ret = 1;
out:
	unlock_handle(obj);
	return ret;
}

/* A new root-less handle to @obj (IPC connect); the caller keeps its ref. */
int kos_handle_add(struct kos_context *ctx, struct kos_object *obj,
		   u32 rights, int *out)
{
	int ret;

	mutex_lock(&obj->tree_lock);
	ret = install(ctx, ctx->user, obj, rights, NULL, NULL, out);
	mutex_unlock(&obj->tree_lock);
	return ret;
}

/*
 * The object behind @handle, referenced, if it is of @type (0: any) and the
 * handle has @right.  Lock-free: the Call/Recv/Reply path.
 */
struct kos_object *kos_handle_object(struct kos_context *ctx, int handle,
				     u32 type, u32 right)
{
	struct kos_object *obj;
	struct kos_handle *h;
	int ret = 0;

	rcu_read_lock();
	obj = lookup_rcu(ctx, handle, &h);
	if (!IS_ERR(obj)) {
		if (type && h->type != type)
			ret = -EINVAL;
		else if ((h->rights & right) != right)
			ret = -EPERM;
	}
	rcu_read_unlock();
	if (ret) {
		kos_object_put(obj);
		obj = ERR_PTR(ret);
	}
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
	struct kos_object *obj, *bobj;
	struct kos_handle *h;
	LIST_HEAD(work);

	if (cmd->flags & ~KOS_REVOKE_SUBTREE)
		return -EINVAL;
	if (!(cmd->flags & KOS_REVOKE_SUBTREE) && cmd->badge)
		return -EINVAL;
	obj = lock_handle(ucmd->ctx, cmd->handle, &h);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	if (cmd->flags & KOS_REVOKE_SUBTREE) {
		/* Only compared with the children's badges: no lock needed. */
		bobj = kos_handle_object(ucmd->ctx, cmd->badge, KOS_HTYPE_BADGE, 0);
		if (IS_ERR(bobj)) {
			unlock_handle(obj);
			return PTR_ERR(bobj);
		}
		pick_badged(h, bobj, &work);
		revoke_list(&work);
		kos_object_put(bobj);
		unlock_handle(obj);
		return 0;
	}
	list_splice_init(&h->children, &work);
	revoke_list(&work);
	close_handle(h);
	unlock_handle(obj);
	return 0;
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

/*
 * debugfs kos/handles: every context's handles, one per line, for kos-stat.
 * Parents are named by context number and handle; badge is the badge's
 * handle in the context that created it.
 */
static int handles_show(struct seq_file *m, void *unused)
{
	struct kos_object *obj, *badge;
	struct kos_handle *h, *root;
	struct kos_context *ctx;
	unsigned long id;

	seq_puts(m, "pid ctx handle type rights parent_ctx parent badge revoked\n");
	mutex_lock(&kos_contexts_lock);
	list_for_each_entry(ctx, &kos_contexts, link) {
		xa_for_each(&ctx->handles, id, h) {
			u64 parent_ctx = 0;
			int parent = 0, badge_id = 0;
			u32 type, rights;

			obj = lock_handle(ctx, id, &h);
			if (obj == ERR_PTR(-EBADF))
				continue;	/* closed meanwhile */
			if (!IS_ERR(obj) && h->parent) {
				parent_ctx = h->parent->ctx->id;
				parent = h->parent->id;
			}
			rcu_read_lock();
			h = xa_load(&ctx->handles, id);
			type = h ? h->type : 0;
			rights = h ? h->rights : 0;
			badge = !IS_ERR(obj) ? h->badge : NULL;
			/* the badge's root is another tree's: RCU only */
			root = badge ? READ_ONCE(badge->root) : NULL;
			badge_id = root ? root->id : 0;
			rcu_read_unlock();
			if (!IS_ERR(obj))
				unlock_handle(obj);
			if (h)
				seq_printf(m, "%d %llu %lu %#x %#x %llu %d %d %d\n",
					   ctx->tgid, ctx->id, id, type, rights,
					   parent_ctx, parent, badge_id, IS_ERR(obj));
		}
	}
	mutex_unlock(&kos_contexts_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(handles);

int kos_handle_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("handles", 0400, dir, NULL, &handles_fops);
	return 0;
}
