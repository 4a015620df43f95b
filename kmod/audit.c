// SPDX-License-Identifier: GPL-2.0
/*
 * The security audit stream: one generic netlink multicast message per
 * audited policy decision.  A token bucket (audit_rate per second) bounds
 * the cost, so a flood of denied messages cannot stall IPC; what the bucket
 * refuses is counted and the total travels in every record.
 */
#include <linux/jiffies.h>
#include <linux/kos_audit.h>
#include <linux/spinlock.h>
#include <linux/ktime.h>
#include <net/genetlink.h>

#include "audit.h"

static const struct genl_multicast_group kos_audit_groups[] = {
	{ .name = KOS_AUDIT_GROUP },
};

static struct genl_family kos_audit_family __ro_after_init = {
	.name = KOS_AUDIT_FAMILY,
	.version = KOS_AUDIT_VERSION,
	.maxattr = KOS_AUDIT_A_MAX,
	.module = THIS_MODULE,
	.mcgrps = kos_audit_groups,
	.n_mcgrps = ARRAY_SIZE(kos_audit_groups),
};

static DEFINE_SPINLOCK(bucket_lock);
static unsigned long bucket_stamp;
static unsigned int bucket_tokens;
static atomic64_t dropped = ATOMIC64_INIT(0);

/* Take one token; the bucket refills to audit_rate once per second. */
static bool take_token(void)
{
	bool ok;

	spin_lock(&bucket_lock);
	/* a lowered rate takes effect at once, not at the next refill */
	bucket_tokens = min(bucket_tokens, READ_ONCE(kos_audit_rate));
	if (time_after_eq(jiffies, bucket_stamp + HZ)) {
		bucket_stamp = jiffies;
		bucket_tokens = READ_ONCE(kos_audit_rate);
	}
	ok = bucket_tokens > 0;
	if (ok)
		bucket_tokens--;
	spin_unlock(&bucket_lock);
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
	return genl_register_family(&kos_audit_family);
}

void kos_audit_uninit(void)
{
	genl_unregister_family(&kos_audit_family);
}
