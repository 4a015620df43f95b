/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_USER_H
#define _KOS_USER_H

#include <linux/types.h>

/* What is counted per user (see user.c); each has a module parameter. */
enum kos_ures {
	KOS_UR_CONTEXTS,
	KOS_UR_HANDLES,
	KOS_UR_CHANNELS,
	KOS_UR_REQUESTS,
	KOS_UR_DMA_KB,
	KOS_UR_SUBSCRIPTIONS,
	KOS_UR_NAMES,
	KOS_UR_NS_SERVERS,
	KOS_UR_NR,
};

struct kos_user;


/* The calling task's user (real uid), referenced; NULL without memory. */
struct kos_user *kos_user_get_current(void);
void kos_user_get(struct kos_user *u);
void kos_user_put(struct kos_user *u);

/*
 * Count @n of @res against @u's limit: -EDQUOT past it.  A charge holds a
 * reference on @u until kos_user_uncharge() gives the same @n back.
 */
int kos_user_charge(struct kos_user *u, enum kos_ures res, unsigned long n);
void kos_user_uncharge(struct kos_user *u, enum kos_ures res, unsigned long n);

#endif /* _KOS_USER_H */
