/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The compiled policy (.kpol) format and its evaluator.  eval.c is
 * compiled into kos.ko, the kos-policy tool and the policy tests, so
 * offline policy tests give exactly the verdicts the kernel gives.
 *
 * Layout, host byte order, every part 4-byte aligned:
 *   struct kpol_header
 *   struct kpol_class   classes[nclasses]
 *   u32                 class_buckets[nclass_buckets]   (index or KPOL_NONE)
 *   struct kpol_rule    rules[nrules]
 *   u32                 rule_buckets[nrule_buckets]     (index or KPOL_NONE)
 * Hash chains link by ->next with strictly increasing indices, so a walk
 * always terminates; each entry sits in the bucket its hash selects.
 */
#ifndef _KOS_POLICY_EVAL_H
#define _KOS_POLICY_EVAL_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stddef.h>
#include <stdint.h>
typedef uint32_t u32;
typedef uint64_t u64;
#endif

#define KPOL_MAGIC	0x4c4f504bU	/* "KPOL" */
#define KPOL_VERSION	1
#define KPOL_NONE	0xffffffffU	/* no entry; as a selector: any */
#define KPOL_CLASS_MAX	64		/* class name incl. NUL */
#define KPOL_MAX_CLASSES	65536
#define KPOL_MAX_RULES		(1U << 20)
#define KPOL_MAX_BUCKETS	(1U << 21)

/* Message kinds: the PSL sections; IPC asks about 1..3 (policy_hook.h). */
enum kpol_kind {
	KPOL_REQUEST = 1,
	KPOL_RESPONSE = 2,
	KPOL_ERROR = 3,
	KPOL_SECURITY = 4,
	KPOL_EXECUTE = 5,
	KPOL_NKINDS = 6,	/* index 0 unused */
};

enum kpol_verdict { KPOL_DENY = 0, KPOL_GRANT = 1 };

/* Audit profile: which decisions produce audit records. */
enum kpol_audit { KPOL_AUDIT_NONE = 0, KPOL_AUDIT_DENIED = 1, KPOL_AUDIT_ALL = 2 };

struct kpol_header {
	u32 magic;
	u32 version;
	u32 size;		/* whole blob */
	u32 audit;		/* enum kpol_audit */
	u32 defaults[KPOL_NKINDS];	/* verdict per kind; [0] unused, 0 */
	u32 nclasses;
	u32 nclass_buckets;	/* power of two */
	u32 nrules;
	u32 nrule_buckets;	/* power of two */
};

struct kpol_class {
	char name[KPOL_CLASS_MAX];
	u32 next;
};

struct kpol_rule {
	u32 kind;
	u32 src;		/* class index or KPOL_NONE */
	u32 dst;
	u32 endpoint;
	u32 method;
	u32 verdict;
	u32 next;
	u32 line;		/* PSL source line, for show and audit */
};

/* A parsed, validated blob: pointers into it. */
struct kpol {
	const struct kpol_header *hdr;
	const struct kpol_class *classes;
	const u32 *class_buckets;
	const struct kpol_rule *rules;
	const u32 *rule_buckets;
	u32 shapes[KPOL_NKINDS];	/* per kind, bit n: a rule has selector shape n */
};

struct kpol_query {
	u32 kind;
	u32 endpoint;
	u32 method;
	const char *src;	/* class names; "" for none */
	const char *dst;
};

struct kpol_result {
	u32 verdict;
	u32 matched;		/* rules that matched; 0: the kind's default */
	u32 line;		/* line of the first denying (else granting) rule */
	u32 audit;		/* record this decision */
};

u32 kos_policy_eval_hash_class(const char *name);
u32 kos_policy_eval_hash_rule(u32 kind, u32 src, u32 dst, u32 endpoint, u32 method);
/* Check every offset, count and index of @blob; 0 or -EINVAL. */
int kos_policy_eval_parse(struct kpol *pol, const void *blob, size_t len);
u32 kos_policy_eval_class(const struct kpol *pol, const char *name);
void kos_policy_eval(const struct kpol *pol, const struct kpol_query *q,
		     struct kpol_result *res);

#endif /* _KOS_POLICY_EVAL_H */
