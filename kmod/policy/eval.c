// SPDX-License-Identifier: GPL-2.0
/*
 * Evaluator of compiled policies, shared by kos.ko and kos-policy.
 *
 * A message matches a rule when each of the rule's selectors (src, dst,
 * endpoint, method) is either "any" or equal to the message's value.  Rules
 * are hashed on the full key, so a decision probes at most the 16
 * combinations of specific/any selectors (only the shapes some rule of the
 * message's kind has): a constant number of lookups however many rules the
 * policy holds.  As in PSL, the message is allowed only if at least one
 * rule matches and none of the matching rules denies; with no match the
 * default of the message's kind applies.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/overflow.h>
#include <linux/string.h>
#else
#include <errno.h>
#include <string.h>
#define check_mul_overflow(a, b, d) __builtin_mul_overflow(a, b, d)
#define check_add_overflow(a, b, d) __builtin_add_overflow(a, b, d)
#endif

#include "eval.h"

static u32 mix(u32 h, u32 v)
{
	h ^= v;
	h *= 0x9e3779b1U;
	return h ^ (h >> 15);
}

u32 kos_policy_eval_hash_class(const char *name)
{
	u32 h = 2166136261U;

	while (*name)
		h = (h ^ (unsigned char)*name++) * 16777619U;
	return mix(h, 0);
}

u32 kos_policy_eval_hash_rule(u32 kind, u32 src, u32 dst, u32 endpoint, u32 method)
{
	return mix(mix(mix(mix(mix(0x5bd1e995U, kind), src), dst), endpoint), method);
}

static int is_pow2(u32 n)
{
	return n && !(n & (n - 1));
}

/* Advance *off by n * esize bytes within len; the part starts at the old *off. */
static int take(size_t *off, size_t len, u32 n, size_t esize)
{
	size_t part;

	if (check_mul_overflow((size_t)n, esize, &part) ||
	    check_add_overflow(*off, part, off) || *off > len)
		return -EINVAL;
	return 0;
}

/* Each chain must be strictly increasing and hashed to its own bucket. */
static int check_classes(const struct kpol *pol)
{
	const struct kpol_header *h = pol->hdr;
	u32 b, i, seen = 0;

	for (i = 0; i < h->nclasses; i++) {
		const char *name = pol->classes[i].name;

		if (!name[0] || !memchr(name, 0, KPOL_CLASS_MAX))
			return -EINVAL;
	}
	for (b = 0; b < h->nclass_buckets; b++) {
		u32 prev = 0, first = 1;

		for (i = pol->class_buckets[b]; i != KPOL_NONE;
		     i = pol->classes[i].next) {
			if (i >= h->nclasses || (!first && i <= prev) ||
			    (kos_policy_eval_hash_class(pol->classes[i].name) &
			     (h->nclass_buckets - 1)) != b)
				return -EINVAL;
			prev = i;
			first = 0;
			seen++;
		}
	}
	return seen == h->nclasses ? 0 : -EINVAL;
}

static int check_rule(const struct kpol_header *h, const struct kpol_rule *r)
{
	if (r->kind == 0 || r->kind >= KPOL_NKINDS || r->verdict > KPOL_GRANT)
		return -EINVAL;
	if ((r->src != KPOL_NONE && r->src >= h->nclasses) ||
	    (r->dst != KPOL_NONE && r->dst >= h->nclasses))
		return -EINVAL;
	return 0;
}

/* Which selectors a rule gives: bit 0 src, 1 dst, 2 endpoint, 3 method. */
static u32 shape(const struct kpol_rule *r)
{
	return (r->src != KPOL_NONE) | (r->dst != KPOL_NONE) << 1 |
	       (r->endpoint != KPOL_NONE) << 2 | (r->method != KPOL_NONE) << 3;
}

static int check_rules(struct kpol *pol)
{
	const struct kpol_header *h = pol->hdr;
	u32 b, i, seen = 0;

	memset(pol->shapes, 0, sizeof(pol->shapes));
	for (i = 0; i < h->nrules; i++) {
		if (check_rule(h, &pol->rules[i]))
			return -EINVAL;
		pol->shapes[pol->rules[i].kind] |= 1U << shape(&pol->rules[i]);
	}
	for (b = 0; b < h->nrule_buckets; b++) {
		u32 prev = 0, first = 1;

		for (i = pol->rule_buckets[b]; i != KPOL_NONE;
		     i = pol->rules[i].next) {
			const struct kpol_rule *r;

			if (i >= h->nrules || (!first && i <= prev))
				return -EINVAL;
			r = &pol->rules[i];
			if ((kos_policy_eval_hash_rule(r->kind, r->src, r->dst,
						       r->endpoint, r->method) &
			     (h->nrule_buckets - 1)) != b)
				return -EINVAL;
			prev = i;
			first = 0;
			seen++;
		}
	}
	return seen == h->nrules ? 0 : -EINVAL;
}

static int check_header(const struct kpol_header *h, size_t len)
{
	u32 k;

	if (len < sizeof(*h) || ((unsigned long)h & 3) || h->magic != KPOL_MAGIC ||
	    h->version != KPOL_VERSION || h->size != len ||
	    h->audit > KPOL_AUDIT_ALL || h->defaults[0])
		return -EINVAL;
	for (k = 1; k < KPOL_NKINDS; k++)
		if (h->defaults[k] > KPOL_GRANT)
			return -EINVAL;
	if (h->nclasses > KPOL_MAX_CLASSES || h->nrules > KPOL_MAX_RULES ||
	    !is_pow2(h->nclass_buckets) || h->nclass_buckets > KPOL_MAX_BUCKETS ||
	    !is_pow2(h->nrule_buckets) || h->nrule_buckets > KPOL_MAX_BUCKETS)
		return -EINVAL;
	return 0;
}

int kos_policy_eval_parse(struct kpol *pol, const void *blob, size_t len)
{
	const char *base = blob;
	size_t off = sizeof(struct kpol_header), classes, cbuckets, rules, rbuckets;
	const struct kpol_header *h = blob;

	if (check_header(h, len))
		return -EINVAL;
	classes = off;
	if (take(&off, len, h->nclasses, sizeof(struct kpol_class)))
		return -EINVAL;
	cbuckets = off;
	if (take(&off, len, h->nclass_buckets, sizeof(u32)))
		return -EINVAL;
	rules = off;
	if (take(&off, len, h->nrules, sizeof(struct kpol_rule)))
		return -EINVAL;
	rbuckets = off;
	if (take(&off, len, h->nrule_buckets, sizeof(u32)) || off != len)
		return -EINVAL;

	pol->hdr = h;
	pol->classes = (const struct kpol_class *)(base + classes);
	pol->class_buckets = (const u32 *)(base + cbuckets);
	pol->rules = (const struct kpol_rule *)(base + rules);
	pol->rule_buckets = (const u32 *)(base + rbuckets);
	if (check_classes(pol) || check_rules(pol))
		return -EINVAL;
	return 0;
}

u32 kos_policy_eval_class(const struct kpol *pol, const char *name)
{
	u32 i, b;

	if (!name[0])
		return KPOL_NONE;
	b = kos_policy_eval_hash_class(name) & (pol->hdr->nclass_buckets - 1);
	for (i = pol->class_buckets[b]; i != KPOL_NONE; i = pol->classes[i].next)
		if (!strncmp(pol->classes[i].name, name, KPOL_CLASS_MAX))
			return i;
	return KPOL_NONE;
}

/* Fold every rule stored under exactly this key into @res. */
static void probe(const struct kpol *pol, const struct kpol_rule *key,
		  struct kpol_result *res)
{
	u32 b = kos_policy_eval_hash_rule(key->kind, key->src, key->dst,
					  key->endpoint, key->method) &
		(pol->hdr->nrule_buckets - 1);
	u32 i;

	for (i = pol->rule_buckets[b]; i != KPOL_NONE; i = pol->rules[i].next) {
		const struct kpol_rule *r = &pol->rules[i];

		if (r->kind != key->kind || r->src != key->src || r->dst != key->dst ||
		    r->endpoint != key->endpoint || r->method != key->method)
			continue;
		if (!res->matched++ || (r->verdict == KPOL_DENY && res->verdict == KPOL_GRANT))
			res->line = r->line;
		if (r->verdict == KPOL_DENY)
			res->verdict = KPOL_DENY;
	}
}

void kos_policy_eval(const struct kpol *pol, const struct kpol_query *q,
		     struct kpol_result *res)
{
	u32 src = kos_policy_eval_class(pol, q->src);
	u32 dst = kos_policy_eval_class(pol, q->dst);
	u32 combo, kind = q->kind < KPOL_NKINDS ? q->kind : 0;
	struct kpol_rule key = { .kind = kind };

	res->verdict = KPOL_GRANT;
	res->matched = 0;
	res->line = 0;
	for (combo = 0; kind && combo < 16; combo++) {
		/* Skip shapes no rule of the kind has; a class the policy lacks matches none. */
		if (!(pol->shapes[kind] & (1U << combo)) ||
		    ((combo & 1) && src == KPOL_NONE) || ((combo & 2) && dst == KPOL_NONE))
			continue;
		key.src = combo & 1 ? src : KPOL_NONE;
		key.dst = combo & 2 ? dst : KPOL_NONE;
		key.endpoint = combo & 4 ? q->endpoint : KPOL_NONE;
		key.method = combo & 8 ? q->method : KPOL_NONE;
		probe(pol, &key, res);
	}
	if (!res->matched)
		res->verdict = kind ? pol->hdr->defaults[kind] : KPOL_DENY;
	res->audit = pol->hdr->audit == KPOL_AUDIT_ALL ||
		     (pol->hdr->audit == KPOL_AUDIT_DENIED && res->verdict == KPOL_DENY);
}
