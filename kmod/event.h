/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Events: the subscription core under handles.  Every object embeds a
 * struct kos_watchers; a receiver (the state of a notice object) collects
 * what the watched objects fire.  Knows no object or handle: whatever
 * embeds a kos_watchers must be freed after an RCU grace period.
 */
#ifndef _KOS_EVENT_H
#define _KOS_EVENT_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct kos_context;
struct kos_event;
struct kos_receiver;
struct kos_sub;
struct kos_user;

/**
 * struct kos_watchers - what watches one object
 * @lock: protects the lists and each subscription's watched pointer
 * @subs: subscriptions of receivers (notices), by kos_sub.watch_link
 * @calls: kernel watchers, by kos_watch.link
 */
struct kos_watchers {
	spinlock_t lock;
	struct list_head subs;
	struct list_head calls;
};

/**
 * struct kos_watch - a kernel watcher: a call instead of a receiver
 * @link: in kos_watchers.calls; empty once unlinked
 * @mask: the events it is called for
 * @fn: called under the watchers' lock (atomic context: queue work)
 *
 * How a feature hears of another's object without the other knowing it
 * (names of a destroyed server endpoint).  Whoever adds one keeps the
 * watched object referenced until kos_watch_del().
 */
struct kos_watch {
	struct list_head link;
	u32 mask;
	void (*fn)(struct kos_watch *kw);
};

void kos_watchers_init(struct kos_watchers *w);
void kos_event_signal(struct kos_watchers *w, u32 mask);
void kos_event_unwatch_all(struct kos_watchers *w);
void kos_watch_add(struct kos_watchers *w, struct kos_watch *kw);
void kos_watch_del(struct kos_watchers *w, struct kos_watch *kw);

struct kos_receiver *kos_receiver_new(struct kos_context *owner,
				      unsigned int max_subs);
void kos_receiver_close(struct kos_receiver *r);
void kos_receiver_free(struct kos_receiver *r);
int kos_event_subscribe(struct kos_receiver *r, struct kos_watchers *w,
			u32 mask, u64 id, struct kos_user *by);
int kos_event_take(struct kos_receiver *r, struct kos_event *ev,
		   struct kos_sub **subs, u32 max, u64 timeout_ms);
void kos_event_give_back(struct kos_receiver *r, const struct kos_event *ev,
			 struct kos_sub **subs, u32 count);

#endif /* _KOS_EVENT_H */
