// SPDX-License-Identifier: GPL-2.0
/*
 * Notices: notification receivers.  A subscription links a notice to a
 * watched object with an event mask and the user's id.  Signals OR the
 * matching bits into the subscription's pending mask and queue it once on
 * the notice's ready list, so events coalesce per (object, id) until taken.
 *
 * Locking (spinlocks, never held across a sleep or a user copy; no lock is
 * shared by unrelated objects):
 *
 *  - obj->subs_lock: the subscriptions watching one object (obj->subs) and
 *    each one's ->obj, so firing an event walks that object's list only.
 *  - notice->lock, inside it: one notice's subscriptions, ready list,
 *    pending masks and owner.
 *
 * Both nest inside objects' tree_lock.  Lifetime: a subscription belongs to
 * its notice (freed with the notice object); when the watched object is
 * destroyed the subscription is unlinked from it but stays queued until
 * its last events are taken.  A dying notice unlinks its subscriptions
 * from objects that may be dying too: objects are freed after an RCU grace
 * period, so their subs_lock can still be taken under rcu_read_lock().
 */
#include <linux/kos.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "notice.h"
#include "objstat.h"
#include "timeout.h"
#include "user.h"

#define KOS_NOTICE_COUNT_MAX 4096

/**
 * struct kos_notice - receiver state of a notice object
 * @lock: protects everything below and the subscriptions' pending masks
 * @subs: all subscriptions of this notice, by ->notice_link
 * @nr_subs: entries in @subs, bounded by kos_max_handles
 * @ready: subscriptions with pending events, by ->ready_link
 * @wq: KOS_NOTICE_GET_EVENT waiters
 * @owner: creating context (for POLLIN), NULL once the notice is destroyed
 */
struct kos_notice {
	spinlock_t lock;
	struct list_head subs;
	unsigned int nr_subs;
	struct list_head ready;
	wait_queue_head_t wq;
	struct kos_context *owner;
};

struct kos_sub {
	struct kos_notice *notice;
	struct kos_object *obj;
	u32 mask;
	u32 pending;
	u64 id;
	struct kos_user *user;
	struct list_head obj_link;
	struct list_head notice_link;
	struct list_head ready_link;
};

static void queue_sub(struct kos_sub *sub, u32 events)
{
	struct kos_notice *n = sub->notice;

	lockdep_assert_held(&n->lock);
	sub->pending |= events;
	if (!list_empty(&sub->ready_link))
		return;
	if (list_empty(&n->ready) && n->owner) {
		atomic_inc(&n->owner->ready_notices);
		wake_up_all(&n->owner->poll_wq);
	}
	list_add_tail(&sub->ready_link, &n->ready);
	wake_up_all(&n->wq);
}

/* Fire @mask on @obj for every subscription that asked for it. */
void kos_notice_signal(struct kos_object *obj, u32 mask)
{
	struct kos_sub *sub;

	if (list_empty_careful(&obj->subs))
		return;		/* the common case: nobody watches */
	spin_lock(&obj->subs_lock);
	list_for_each_entry(sub, &obj->subs, obj_link) {
		if (!(sub->mask & mask))
			continue;
		spin_lock(&sub->notice->lock);
		queue_sub(sub, sub->mask & mask);
		spin_unlock(&sub->notice->lock);
	}
	spin_unlock(&obj->subs_lock);
}

/* Leave the ready list; the owner's POLLIN count follows the list. */
static void unready(struct kos_sub *sub)
{
	struct kos_notice *n = sub->notice;

	list_del_init(&sub->ready_link);
	if (list_empty(&n->ready) && n->owner)
		atomic_dec(&n->owner->ready_notices);
}

/* @obj is destroyed: no more events, subscriptions unlink from it. */
void kos_notice_object_destroyed(struct kos_object *obj)
{
	struct kos_notice *n = obj->notice;
	struct kos_sub *sub, *tmp;

	spin_lock(&obj->subs_lock);
	list_for_each_entry_safe(sub, tmp, &obj->subs, obj_link) {
		spin_lock(&sub->notice->lock);
		list_del_init(&sub->obj_link);
		sub->obj = NULL;
		spin_unlock(&sub->notice->lock);
	}
	spin_unlock(&obj->subs_lock);
	if (!n)
		return;
	spin_lock(&n->lock);
	if (n->owner) {
		if (!list_empty(&n->ready))
			atomic_dec(&n->owner->ready_notices);
		n->owner = NULL;
	}
	spin_unlock(&n->lock);
	wake_up_all(&n->wq);
}

/*
 * Unlink @sub of the dying notice @n from the object it watches, which
 * may be dying at the same time (it then unlinks @sub itself).
 */
static void unwatch(struct kos_notice *n, struct kos_sub *sub)
{
	struct kos_object *watched;

	rcu_read_lock();
	spin_lock(&n->lock);
	watched = sub->obj;	/* not yet unlinked: not yet freed */
	spin_unlock(&n->lock);
	if (watched) {
		spin_lock(&watched->subs_lock);
		spin_lock(&n->lock);
		if (sub->obj == watched) {
			list_del_init(&sub->obj_link);
			sub->obj = NULL;
		}
		spin_unlock(&n->lock);
		spin_unlock(&watched->subs_lock);
	}
	rcu_read_unlock();
}

/* Last reference to @obj: free its receiver state and subscriptions. */
void kos_notice_object_gone(struct kos_object *obj)
{
	struct kos_notice *n = obj->notice;
	struct kos_sub *sub;

	kos_notice_object_destroyed(obj);
	if (!n)
		return;
	/* Nobody else reaches @n now but through the watched objects. */
	while ((sub = list_first_entry_or_null(&n->subs, struct kos_sub,
					       notice_link))) {
		unwatch(n, sub);
		spin_lock(&n->lock);
		list_del(&sub->notice_link);
		list_del(&sub->ready_link);
		spin_unlock(&n->lock);
		kos_user_uncharge(sub->user, KOS_UR_SUBSCRIPTIONS, 1);
		kfree(sub);
		kos_objstat_dec(KOS_OBJ_SUBSCRIPTION);
	}
	kfree(n);
}

/*
 * @n's subscription to @obj under @id.  Walks the notice's own list, which
 * its owner alone makes long: everybody may watch a published object.
 */
static struct kos_sub *find_sub(struct kos_notice *n, struct kos_object *obj,
				u64 id)
{
	struct kos_sub *sub;

	lockdep_assert_held(&n->lock);
	list_for_each_entry(sub, &n->subs, notice_link)
		if (sub->obj == obj && sub->id == id)
			return sub;
	return NULL;
}

/* Add (or widen) the subscription of @notice to @obj under @id. */
int kos_notice_subscribe(struct kos_object *notice, struct kos_object *obj,
			 u32 mask, u64 id, struct kos_user *by)
{
	struct kos_notice *n = notice->notice;
	struct kos_sub *sub, *new;
	int ret;

	new = kzalloc(sizeof(*new), GFP_KERNEL_ACCOUNT);
	if (!new)
		return -ENOMEM;
	ret = kos_user_charge(by, KOS_UR_SUBSCRIPTIONS, 1);
	if (ret) {
		kfree(new);
		return ret;
	}
	spin_lock(&obj->subs_lock);
	spin_lock(&n->lock);
	sub = find_sub(n, obj, id);
	ret = 0;
	if (sub)
		sub->mask |= mask;
	else if (n->nr_subs >= kos_max_handles)
		ret = -EDQUOT;
	if (sub || ret) {
		spin_unlock(&n->lock);
		spin_unlock(&obj->subs_lock);
		kos_user_uncharge(by, KOS_UR_SUBSCRIPTIONS, 1);
		kfree(new);
		return ret;
	}
	new->user = by;
	new->notice = n;
	new->obj = obj;
	new->mask = mask;
	new->id = id;
	INIT_LIST_HEAD(&new->ready_link);
	list_add_tail(&new->obj_link, &obj->subs);
	list_add_tail(&new->notice_link, &n->subs);
	n->nr_subs++;
	kos_objstat_inc(KOS_OBJ_SUBSCRIPTION);
	spin_unlock(&n->lock);
	spin_unlock(&obj->subs_lock);
	return 0;
}

__poll_t kos_notice_poll(struct kos_context *ctx, struct file *file,
			 poll_table *wait)
{
	poll_wait(file, &ctx->poll_wq, wait);
	return atomic_read(&ctx->ready_notices) ? EPOLLIN | EPOLLRDNORM : 0;
}

int kos_notice_create_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_notice_create *cmd = ucmd->cmd;
	struct kos_object *obj;
	struct kos_notice *n;
	int ret;

	if (cmd->flags || cmd->__reserved || cmd->handle)
		return -EINVAL;
	n = kzalloc(sizeof(*n), GFP_KERNEL_ACCOUNT);
	if (!n)
		return -ENOMEM;
	obj = kos_object_alloc(KOS_HTYPE_NOTICE, 0);
	if (!obj) {
		kfree(n);
		return -ENOMEM;
	}
	spin_lock_init(&n->lock);
	INIT_LIST_HEAD(&n->subs);
	INIT_LIST_HEAD(&n->ready);
	init_waitqueue_head(&n->wq);
	n->owner = ucmd->ctx;
	obj->notice = n;
	ret = kos_handle_install(ucmd->ctx, obj, ~0U, &cmd->handle);
	if (ret)
		return ret;
	return kos_ucmd_respond(ucmd, sizeof(*cmd));
}

int kos_notice_subscribe_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_notice_subscribe *cmd = ucmd->cmd;
	struct kos_object *notice, *obj;
	int ret;

	if (cmd->flags || cmd->__reserved || !cmd->event_mask)
		return -EINVAL;
	notice = kos_handle_object(ucmd->ctx, cmd->notice, KOS_HTYPE_NOTICE, 0);
	if (IS_ERR(notice))
		return PTR_ERR(notice);
	obj = kos_handle_object(ucmd->ctx, cmd->object, 0, KOS_RIGHT_GET_EVENT);
	ret = PTR_ERR_OR_ZERO(obj);
	if (ret)
		goto out;
	/* Under the tree lock so a concurrent destroy cannot miss us. */
	mutex_lock(&obj->tree_lock);
	ret = obj->root ? kos_notice_subscribe(notice, obj, cmd->event_mask,
					       cmd->event_id, ucmd->ctx->user) :
			  -EKEYREVOKED;
	mutex_unlock(&obj->tree_lock);
	kos_object_put(obj);
out:
	kos_object_put(notice);
	return ret;
}

int kos_notice_set_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_notice_set *cmd = ucmd->cmd;
	struct kos_object *obj;

	if (cmd->flags || (cmd->event_mask & KOS_EVENT_GENERAL_MASK) ||
	    !cmd->event_mask)
		return -EINVAL;
	obj = kos_handle_object(ucmd->ctx, cmd->object, 0, KOS_RIGHT_SET_EVENT);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	kos_notice_signal(obj, cmd->event_mask);
	kos_object_put(obj);
	return 0;
}

/* Move up to @max pending entries of @n into @ev; returns how many. */
static u32 take_events(struct kos_notice *n, struct kos_event *ev,
		       struct kos_sub **subs, u32 max)
{
	struct kos_sub *sub;
	u32 count = 0;

	spin_lock(&n->lock);
	while (count < max && !list_empty(&n->ready)) {
		sub = list_first_entry(&n->ready, struct kos_sub, ready_link);
		subs[count] = sub;
		ev[count].event_id = sub->id;
		ev[count].event_mask = sub->pending;
		ev[count].__reserved = 0;
		sub->pending = 0;
		unready(sub);
		count++;
	}
	spin_unlock(&n->lock);
	return count;
}

/*
 * Put back events taken by take_events() that never reached user space,
 * ahead of any that came since.  The subscriptions are still there: they
 * are freed only with the notice, which the caller holds.
 */
static void give_back(struct kos_notice *n, const struct kos_event *ev,
		      struct kos_sub **subs, u32 count)
{
	struct kos_sub *sub;

	spin_lock(&n->lock);
	while (count--) {
		sub = subs[count];
		sub->pending |= ev[count].event_mask;
		if (!list_empty(&sub->ready_link))
			continue;
		if (list_empty(&n->ready) && n->owner) {
			atomic_inc(&n->owner->ready_notices);
			wake_up_all(&n->owner->poll_wq);
		}
		list_add(&sub->ready_link, &n->ready);
	}
	spin_unlock(&n->lock);
	wake_up_all(&n->wq);
}

/* True when a waiter should wake: events, or the notice was destroyed. */
static bool has_events(struct kos_notice *n)
{
	bool ret;

	spin_lock(&n->lock);
	ret = !list_empty(&n->ready) || !n->owner;
	spin_unlock(&n->lock);
	return ret;
}

static bool notice_dead(struct kos_notice *n)
{
	bool ret;

	spin_lock(&n->lock);
	ret = !n->owner;
	spin_unlock(&n->lock);
	return ret;
}

int kos_notice_get_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_notice_get *cmd = ucmd->cmd;
	struct kos_sub **subs = NULL;
	struct kos_event *ev;
	struct kos_object *obj;
	struct kos_notice *n;
	long timeout;
	int ret;

	if (cmd->flags || cmd->__reserved || !cmd->count_max ||
	    cmd->count_max > KOS_NOTICE_COUNT_MAX)
		return -EINVAL;
	obj = kos_handle_object(ucmd->ctx, cmd->notice, KOS_HTYPE_NOTICE, 0);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	n = obj->notice;
	ev = kvcalloc(cmd->count_max, sizeof(*ev), GFP_KERNEL_ACCOUNT);
	if (ev)
		subs = kvcalloc(cmd->count_max, sizeof(*subs), GFP_KERNEL_ACCOUNT);
	ret = -ENOMEM;
	if (!subs)
		goto out_free;
	timeout = kos_timeout_jiffies(cmd->timeout_ms);
	/* Another waiter may take the events first: wait again, same deadline. */
	for (;;) {
		timeout = wait_event_interruptible_timeout(n->wq, has_events(n),
							   timeout);
		ret = timeout < 0 ? (int)timeout : 0;
		if (ret)
			goto out_free;
		cmd->count = take_events(n, ev, subs, cmd->count_max);
		if (cmd->count)
			break;
		ret = notice_dead(n) ? -EKEYREVOKED : -ETIMEDOUT;
		if (ret == -EKEYREVOKED || !timeout)
			goto out_free;
	}
	/* Events that never reach user space are not lost. */
	ret = -EFAULT;
	if (!copy_to_user(u64_to_user_ptr(cmd->events), ev,
			  cmd->count * sizeof(*ev)))
		ret = kos_ucmd_respond(ucmd, sizeof(*cmd));
	if (ret)
		give_back(n, ev, subs, cmd->count);
out_free:
	kvfree(subs);
	kvfree(ev);
	kos_object_put(obj);
	return ret;
}
