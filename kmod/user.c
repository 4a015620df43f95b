// SPDX-License-Identifier: GPL-2.0
/*
 * Per-user accounting.  Every resource a context can make others pay for
 * (contexts, handles, channels, queued requests, DMA memory, subscriptions,
 * names, name servers) is charged to a user as well as limited per
 * context, so that opening /dev/kos N times does not multiply a user's
 * share, and a user who exhausts a limit gets EDQUOT while other users go
 * on.  The user is the real uid of the process whose action made the
 * resource: a handle transferred to another process is charged to the
 * sender.
 *
 * Each charge holds a reference on the struct kos_user, so the counters
 * outlive the contexts that made them; the struct goes with its last
 * charge.
 */
#include <linux/cred.h>
#include <linux/hashtable.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "user.h"

/**
 * struct kos_user - what one user has
 * @node: in kos_users
 * @ref: one per charge, plus one per kos_user_get()
 * @uid: the user
 * @used: current use of each resource (enum kos_ures)
 */
struct kos_user {
	struct hlist_node node;
	refcount_t ref;
	kuid_t uid;
	atomic_long_t used[KOS_UR_NR];
};

/* The limits, one per resource: module parameters. */
static unsigned long kos_user_max[KOS_UR_NR] = {
	[KOS_UR_CONTEXTS] = 1024,
	[KOS_UR_HANDLES] = 1 << 20,
	[KOS_UR_CHANNELS] = 1 << 16,
	[KOS_UR_REQUESTS] = 1 << 16,
	[KOS_UR_DMA_KB] = 256UL << 10,
	[KOS_UR_SUBSCRIPTIONS] = 1 << 20,
	[KOS_UR_NAMES] = 4096,
	[KOS_UR_NS_SERVERS] = 64,
};

module_param_named(max_user_contexts, kos_user_max[KOS_UR_CONTEXTS], ulong, 0644);
MODULE_PARM_DESC(max_user_contexts, "Maximum open /dev/kos contexts per user");
module_param_named(max_user_handles, kos_user_max[KOS_UR_HANDLES], ulong, 0644);
MODULE_PARM_DESC(max_user_handles, "Maximum handles made by one user's processes");
module_param_named(max_user_channels, kos_user_max[KOS_UR_CHANNELS], ulong, 0644);
MODULE_PARM_DESC(max_user_channels, "Maximum IPC channels per user");
module_param_named(max_user_requests, kos_user_max[KOS_UR_REQUESTS], ulong, 0644);
MODULE_PARM_DESC(max_user_requests, "Maximum IPC requests in flight per user");
module_param_named(dma_user_max_kb, kos_user_max[KOS_UR_DMA_KB], ulong, 0644);
MODULE_PARM_DESC(dma_user_max_kb, "Maximum DMA buffer memory per user, KiB");
module_param_named(max_user_subscriptions, kos_user_max[KOS_UR_SUBSCRIPTIONS], ulong, 0644);
MODULE_PARM_DESC(max_user_subscriptions, "Maximum notice subscriptions per user");
module_param_named(max_user_names, kos_user_max[KOS_UR_NAMES], ulong, 0644);
MODULE_PARM_DESC(max_user_names, "Maximum service names and name server entries per user");
module_param_named(max_user_ns_servers, kos_user_max[KOS_UR_NS_SERVERS], ulong, 0644);
MODULE_PARM_DESC(max_user_ns_servers, "Maximum name servers per user");

static DEFINE_SPINLOCK(kos_users_lock);
static DEFINE_HASHTABLE(kos_users, 6);

static struct kos_user *find(kuid_t uid)
{
	struct kos_user *u;

	lockdep_assert_held(&kos_users_lock);
	hash_for_each_possible(kos_users, u, node, __kuid_val(uid))
		if (uid_eq(u->uid, uid) && refcount_inc_not_zero(&u->ref))
			return u;
	return NULL;
}

struct kos_user *kos_user_get_current(void)
{
	kuid_t uid = current_uid();
	struct kos_user *u, *n;

	spin_lock(&kos_users_lock);
	u = find(uid);
	spin_unlock(&kos_users_lock);
	if (u)
		return u;
	n = kzalloc(sizeof(*n), GFP_KERNEL_ACCOUNT);
	if (!n)
		return NULL;
	n->uid = uid;
	refcount_set(&n->ref, 1);
	spin_lock(&kos_users_lock);
	u = find(uid);	/* another opener may have made it meanwhile */
	if (!u) {
		hash_add(kos_users, &n->node, __kuid_val(uid));
		u = n;
		n = NULL;
	}
	spin_unlock(&kos_users_lock);
	kfree(n);
	return u;
}

void kos_user_get(struct kos_user *u)
{
	refcount_inc(&u->ref);
}

/* The lock only for the last reference, which unhashes the user. */
void kos_user_put(struct kos_user *u)
{
	if (refcount_dec_not_one(&u->ref))
		return;
	spin_lock(&kos_users_lock);
	if (!refcount_dec_and_test(&u->ref)) {
		spin_unlock(&kos_users_lock);
		return;
	}
	hash_del(&u->node);
	spin_unlock(&kos_users_lock);
	kfree(u);
}

int kos_user_charge(struct kos_user *u, enum kos_ures res, unsigned long n)
{
	unsigned long max = READ_ONCE(kos_user_max[res]);

	/* compare before adding: @n may be as large as the limit itself */
	if (n > max || atomic_long_add_return(n, &u->used[res]) > max) {
		if (n <= max)
			atomic_long_sub(n, &u->used[res]);
		return -EDQUOT;
	}
	kos_user_get(u);
	return 0;
}

void kos_user_uncharge(struct kos_user *u, enum kos_ures res, unsigned long n)
{
	atomic_long_sub(n, &u->used[res]);
	kos_user_put(u);
}
