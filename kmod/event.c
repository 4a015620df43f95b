// SPDX-License-Identifier: GPL-2.0
/*
 * Events: subscriptions linking a receiver (a notice's state) to a watched
 * object (its struct kos_watchers) with an event mask and the user's id.
 * Signals OR the matching bits into the subscription's pending mask and
 * queue it once on the receiver's ready list, so events coalesce per
 * (object, id) until taken.  This file knows neither objects nor handles:
 * notice.c makes receivers into objects, handle.c fires what objects do.
 *
 * Locking (spinlocks, never held across a sleep or a user copy; no lock is
 * shared by unrelated objects):
 *
 *  - watchers->lock: the subscriptions and kernel watchers of one object
 *    and each subscription's ->watched, so firing an event walks that
 *    object's lists only.
 *  - receiver->lock, inside it: one receiver's subscriptions, ready list,
 *    pending masks and owner.
 *
 * Both nest inside objects' tree_lock.  Lifetime: a subscription belongs to
 * its receiver (freed with it); when the watched object is destroyed the
 * subscription is unlinked from it but stays queued until its last events
 * are taken.  A dying receiver unlinks its subscriptions from objects that
 * may be dying too: objects are freed after an RCU grace period, so their
 * watchers' lock can still be taken under rcu_read_lock().
 */
#include <linux/kos.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include "context.h"
#include "event.h"
#include "objstat.h"
#include "timeout.h"
#include "user.h"

/**
 * struct kos_receiver - what a notice collects
 * @lock: protects everything below and the subscriptions' pending masks
 * @subs: all subscriptions of this receiver, by ->receiver_link
 * @nr_subs: entries in @subs
 * @max_subs: bound of @nr_subs
 * @ready: subscriptions with pending events, by ->ready_link
 * @wq: waiters for events
 * @owner: creating context (for POLLIN), NULL once the notice is destroyed
 */
struct kos_receiver {
	spinlock_t lock;
	struct list_head subs;
	unsigned int nr_subs;
	unsigned int max_subs;
	struct list_head ready;
	wait_queue_head_t wq;
	struct kos_context *owner;
};

struct kos_sub {
	struct kos_receiver *receiver;
	struct kos_watchers *watched;
	u32 mask;
	u32 pending;
	u64 id;
	struct kos_user *user;
	struct list_head watch_link;
	struct list_head receiver_link;
	struct list_head ready_link;
};

void kos_watchers_init(struct kos_watchers *w)
{
	spin_lock_init(&w->lock);
	INIT_LIST_HEAD(&w->subs);
	INIT_LIST_HEAD(&w->calls);
}

/*
 * Add @kw; a full barrier follows, so the caller's next look at the
 * object's state pairs with kos_object_destroyed(): a destruction either
 * calls @kw or shows.
 */
void kos_watch_add(struct kos_watchers *w, struct kos_watch *kw)
{
	spin_lock(&w->lock);
	list_add_tail(&kw->link, &w->calls);
	spin_unlock(&w->lock);
	smp_mb();
}

/* Unlink @kw; once this returns, @kw->fn runs no more. */
void kos_watch_del(struct kos_watchers *w, struct kos_watch *kw)
{
	spin_lock(&w->lock);
	list_del_init(&kw->link);
	spin_unlock(&w->lock);
}

/*
 * Add @events to @sub's pending ones and put it on the ready list (at the
 * front when @front) unless it is there; the owner's POLLIN count follows
 * the list.  True if it was not there.
 */
static bool make_ready(struct kos_sub *sub, u32 events, bool front)
{
	struct kos_receiver *r = sub->receiver;

	lockdep_assert_held(&r->lock);
	sub->pending |= events;
	if (!list_empty(&sub->ready_link))
		return false;
	if (list_empty(&r->ready) && r->owner) {
		atomic_inc(&r->owner->ready_notices);
		wake_up_all(&r->owner->poll_wq);
	}
	if (front)
		list_add(&sub->ready_link, &r->ready);
	else
		list_add_tail(&sub->ready_link, &r->ready);
	return true;
}

/* Fire @mask for every subscription watching @w that asked for it. */
void kos_event_signal(struct kos_watchers *w, u32 mask)
{
	struct kos_watch *kw;
	struct kos_sub *sub;

	if (list_empty_careful(&w->subs) && list_empty_careful(&w->calls))
		return;		/* the common case: nobody watches */
	spin_lock(&w->lock);
	list_for_each_entry(kw, &w->calls, link)
		if (kw->mask & mask)
			kw->fn(kw);
	list_for_each_entry(sub, &w->subs, watch_link) {
		if (!(sub->mask & mask))
			continue;
		spin_lock(&sub->receiver->lock);
		if (make_ready(sub, sub->mask & mask, false))
			wake_up_all(&sub->receiver->wq);
		spin_unlock(&sub->receiver->lock);
	}
	spin_unlock(&w->lock);
}

/* Leave the ready list; the owner's POLLIN count follows the list. */
static void unready(struct kos_sub *sub)
{
	struct kos_receiver *r = sub->receiver;

	list_del_init(&sub->ready_link);
	if (list_empty(&r->ready) && r->owner)
		atomic_dec(&r->owner->ready_notices);
}

/* The watched object is destroyed: no more events, subscriptions unlink. */
void kos_event_unwatch_all(struct kos_watchers *w)
{
	struct kos_watch *kw, *ktmp;
	struct kos_sub *sub, *tmp;

	spin_lock(&w->lock);
	list_for_each_entry_safe(kw, ktmp, &w->calls, link)
		list_del_init(&kw->link);
	list_for_each_entry_safe(sub, tmp, &w->subs, watch_link) {
		spin_lock(&sub->receiver->lock);
		list_del_init(&sub->watch_link);
		sub->watched = NULL;
		spin_unlock(&sub->receiver->lock);
	}
	spin_unlock(&w->lock);
}

/* A receiver for a notice created by @owner, at most @max_subs watches. */
struct kos_receiver *kos_receiver_new(struct kos_context *owner,
				      unsigned int max_subs)
{
	struct kos_receiver *r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);

	if (!r)
		return NULL;
	spin_lock_init(&r->lock);
	INIT_LIST_HEAD(&r->subs);
	INIT_LIST_HEAD(&r->ready);
	init_waitqueue_head(&r->wq);
	r->owner = owner;
	r->max_subs = max_subs;
	return r;
}

/* The notice is destroyed: its waiters leave, its owner stops polling it. */
void kos_receiver_close(struct kos_receiver *r)
{
	spin_lock(&r->lock);
	if (r->owner) {
		if (!list_empty(&r->ready))
			atomic_dec(&r->owner->ready_notices);
		r->owner = NULL;
	}
	spin_unlock(&r->lock);
	wake_up_all(&r->wq);
}

/*
 * Unlink @sub of the dying receiver @r from the object it watches, which
 * may be dying at the same time (it then unlinks @sub itself).
 */
static void unwatch(struct kos_receiver *r, struct kos_sub *sub)
{
	struct kos_watchers *watched;

	rcu_read_lock();
	spin_lock(&r->lock);
	watched = sub->watched;	/* not yet unlinked: not yet freed */
	spin_unlock(&r->lock);
	if (watched) {
		spin_lock(&watched->lock);
		spin_lock(&r->lock);
		if (sub->watched == watched) {
			list_del_init(&sub->watch_link);
			sub->watched = NULL;
		}
		spin_unlock(&r->lock);
		spin_unlock(&watched->lock);
	}
	rcu_read_unlock();
}

/* Last reference to the notice: free @r and its subscriptions. */
void kos_receiver_free(struct kos_receiver *r)
{
	struct kos_sub *sub;

	kos_receiver_close(r);
	/* Nobody else reaches @r now but through the watched objects. */
	while ((sub = list_first_entry_or_null(&r->subs, struct kos_sub,
					       receiver_link))) {
		unwatch(r, sub);
		spin_lock(&r->lock);
		list_del(&sub->receiver_link);
		list_del(&sub->ready_link);
		spin_unlock(&r->lock);
		kos_user_uncharge(sub->user, KOS_UR_SUBSCRIPTIONS, 1);
		kfree(sub);
		kos_objstat_dec(KOS_OBJ_SUBSCRIPTION);
	}
	kfree(r);
}

/*
 * @r's subscription to @w under @id.  Walks the receiver's own list, which
 * its owner alone makes long: everybody may watch a published object.
 */
static struct kos_sub *find_sub(struct kos_receiver *r, struct kos_watchers *w,
				u64 id)
{
	struct kos_sub *sub;

	lockdep_assert_held(&r->lock);
	list_for_each_entry(sub, &r->subs, receiver_link)
		if (sub->watched == w && sub->id == id)
			return sub;
	return NULL;
}

/* Add (or widen) the subscription of @r to @w under @id, charged to @by. */
int kos_event_subscribe(struct kos_receiver *r, struct kos_watchers *w,
			u32 mask, u64 id, struct kos_user *by)
{
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
	spin_lock(&w->lock);
	spin_lock(&r->lock);
	sub = find_sub(r, w, id);
	ret = 0;
	if (sub)
		sub->mask |= mask;
	else if (r->nr_subs >= r->max_subs)
		ret = -EDQUOT;
	if (sub || ret) {
		spin_unlock(&r->lock);
		spin_unlock(&w->lock);
		kos_user_uncharge(by, KOS_UR_SUBSCRIPTIONS, 1);
		kfree(new);
		return ret;
	}
	new->user = by;
	new->receiver = r;
	new->watched = w;
	new->mask = mask;
	new->id = id;
	INIT_LIST_HEAD(&new->ready_link);
	list_add_tail(&new->watch_link, &w->subs);
	list_add_tail(&new->receiver_link, &r->subs);
	r->nr_subs++;
	kos_objstat_inc(KOS_OBJ_SUBSCRIPTION);
	spin_unlock(&r->lock);
	spin_unlock(&w->lock);
	return 0;
}

/* Move up to @max pending entries of @r into @ev; returns how many. */
static u32 take_ready(struct kos_receiver *r, struct kos_event *ev,
		      struct kos_sub **subs, u32 max)
{
	struct kos_sub *sub;
	u32 count = 0;

	spin_lock(&r->lock);
	while (count < max && !list_empty(&r->ready)) {
		sub = list_first_entry(&r->ready, struct kos_sub, ready_link);
		subs[count] = sub;
		ev[count].event_id = sub->id;
		ev[count].event_mask = sub->pending;
		ev[count].__reserved = 0;
		sub->pending = 0;
		unready(sub);
		count++;
	}
	spin_unlock(&r->lock);
	return count;
}

/* True when a waiter should wake: events, or the notice was destroyed. */
static bool has_events(struct kos_receiver *r)
{
	bool ret;

	spin_lock(&r->lock);
	ret = !list_empty(&r->ready) || !r->owner;
	spin_unlock(&r->lock);
	return ret;
}

static bool receiver_closed(struct kos_receiver *r)
{
	bool ret;

	spin_lock(&r->lock);
	ret = !r->owner;
	spin_unlock(&r->lock);
	return ret;
}

/*
 * Wait up to @timeout_ms for events and take up to @max of them into @ev
 * (@subs: where they came from, for kos_event_give_back()).  Returns how
 * many, or -ETIMEDOUT, -EKEYREVOKED (the notice is destroyed), -EINTR.
 */
int kos_event_take(struct kos_receiver *r, struct kos_event *ev,
		   struct kos_sub **subs, u32 max, u64 timeout_ms)
{
	long timeout = kos_timeout_jiffies(timeout_ms);
	u32 count;

	/* Another waiter may take the events first: wait again, same deadline. */
	for (;;) {
		timeout = wait_event_interruptible_timeout(r->wq, has_events(r),
							   timeout);
		if (timeout < 0)
			return timeout;
		count = take_ready(r, ev, subs, max);
		if (count)
			return count;
		if (receiver_closed(r))
			return -EKEYREVOKED;
		if (!timeout)
			return -ETIMEDOUT;
	}
}

/*
 * Put back events taken by kos_event_take() that never reached user space,
 * ahead of any that came since.  The subscriptions are still there: they
 * are freed only with the receiver, which the caller holds.
 */
void kos_event_give_back(struct kos_receiver *r, const struct kos_event *ev,
			 struct kos_sub **subs, u32 count)
{
	spin_lock(&r->lock);
	while (count--)
		make_ready(subs[count], ev[count].event_mask, true);
	spin_unlock(&r->lock);
	wake_up_all(&r->wq);
}
