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
 * struct kos_watchers - the subscriptions watching one object
 * @lock: protects @subs and each subscription's watched pointer
 * @subs: subscriptions, by kos_sub.watch_link
 */
struct kos_watchers {
	spinlock_t lock;
	struct list_head subs;
};

void kos_watchers_init(struct kos_watchers *w);
void kos_event_signal(struct kos_watchers *w, u32 mask);
void kos_event_unwatch_all(struct kos_watchers *w);

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
