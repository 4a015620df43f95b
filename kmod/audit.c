// SPDX-License-Identifier: GPL-2.0
/*
 * The security audit stream: one generic netlink multicast message per
 * audited policy decision.  Records name processes, classes and methods,
 * so only CAP_NET_ADMIN may join the group.  Token buckets (audit_rate per
 * second, one per user) bound the cost, so a flood of denied messages
 * cannot stall IPC, and one user's flood does not silence the records of
 * the others; what a bucket refuses is counted and the total travels in
 * every record.
 */
#include <linux/cred.h>
#include <linux/hash.h>
#include <linux/jiffies.h>
#include <linux/kos_audit.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/spinlock.h>
#include <net/genetlink.h>

#include "audit.h"

static unsigned int kos_audit_rate = 1000;
module_param_named(audit_rate, kos_audit_rate, uint, 0644);
MODULE_PARM_DESC(audit_rate, "Audit records per second; more are dropped and counted");

static const struct genl_multicast_group kos_audit_groups[] = {
	{ .name = KOS_AUDIT_GROUP, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

static struct genl_family kos_audit_family __ro_after_init = {
	.name = KOS_AUDIT_FAMILY,
	.version = KOS_AUDIT_VERSION,
	.maxattr = KOS_AUDIT_A_MAX,
	.module = THIS_MODULE,
	.mcgrps = kos_audit_groups,
	.n_mcgrps = ARRAY_SIZE(kos_audit_groups),
};

/*
 * A user's token bucket.  Users hash onto a fixed table: two users sharing
 * a slot share its tokens, which bounds the memory whatever the number of
 * users, and a user cannot make more slots to get more records.
 */
struct audit_bucket {
	spinlock_t lock;
	unsigned long stamp;
	unsigned int tokens;
};

#define AUDIT_BUCKET_BITS 6
static struct audit_bucket buckets[1 << AUDIT_BUCKET_BITS];
static atomic64_t dropped = ATOMIC64_INIT(0);

/* Take one of the caller's tokens; a bucket refills once per second. */
static bool take_token(void)
{
	u32 uid = from_kuid(&init_user_ns, current_uid());
	struct audit_bucket *b = &buckets[hash_32(uid, AUDIT_BUCKET_BITS)];
	bool ok;

	spin_lock(&b->lock);
	/* a lowered rate takes effect at once, not at the next refill */
	b->tokens = min(b->tokens, READ_ONCE(kos_audit_rate));
	if (time_after_eq(jiffies, b->stamp + HZ)) {
		b->stamp = jiffies;
		b->tokens = READ_ONCE(kos_audit_rate);
	}
	ok = b->tokens > 0;
	if (ok)
		b->tokens--;
	spin_unlock(&b->lock);
	return ok;
}

static int fill(struct sk_buff *skb, const struct kos_audit_rec *rec)
{
	void *hdr = genlmsg_put(skb, 0, 0, &kos_audit_family, 0, KOS_AUDIT_CMD_RECORD);

	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, KOS_AUDIT_A_TIME_NS, ktime_get_real_ns(),
			      KOS_AUDIT_A_UNSPEC) ||
	    nla_put_u32(skb, KOS_AUDIT_A_SRC_PID, rec->src_pid) ||
	    nla_put_string(skb, KOS_AUDIT_A_SRC_CLASS, rec->src_class) ||
	    nla_put_string(skb, KOS_AUDIT_A_DST_CLASS, rec->dst_class) ||
	    nla_put_u32(skb, KOS_AUDIT_A_KIND, rec->kind) ||
	    nla_put_u32(skb, KOS_AUDIT_A_ENDPOINT, rec->endpoint) ||
	    nla_put_u32(skb, KOS_AUDIT_A_METHOD, rec->method) ||
	    nla_put_u32(skb, KOS_AUDIT_A_VERDICT, rec->verdict) ||
	    nla_put_u32(skb, KOS_AUDIT_A_LINE, rec->line) ||
	    nla_put_u64_64bit(skb, KOS_AUDIT_A_DROPPED, atomic64_read(&dropped),
			      KOS_AUDIT_A_UNSPEC)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

void kos_audit_emit(const struct kos_audit_rec *rec)
{
	struct sk_buff *skb;

	if (!genl_has_listeners(&kos_audit_family, &init_net, 0))
		return;
	if (!take_token())
		goto drop;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		goto drop;
	if (fill(skb, rec)) {
		nlmsg_free(skb);
		goto drop;
	}
	genlmsg_multicast(&kos_audit_family, skb, 0, 0, GFP_KERNEL);
	return;
drop:
	atomic64_inc(&dropped);
}

int kos_audit_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(buckets); i++) {
		spin_lock_init(&buckets[i].lock);
		buckets[i].stamp = jiffies - HZ;
	}
	return genl_register_family(&kos_audit_family);
}

void kos_audit_uninit(void)
{
	genl_unregister_family(&kos_audit_family);
}
