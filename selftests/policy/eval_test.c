// SPDX-License-Identifier: GPL-2.0
/*
 * The shared evaluator on the host: PSL matching semantics (wildcards,
 * deny wins, defaults), and the blob validator against truncated, wrong
 * and random blobs (the same code validates KOS_POLICY_LOAD in the kernel).
 */
#include <stdint.h>
#include <time.h>

#include "kselftest_harness.h"
#include "../kos/policy_util.h"

static const char example[] =
	"use nk.base._\nuse EDL A\nuse EDL B\n"
	"request { deny () }\nerror { grant () }\naudit default = denied\n"
	"request src=A dst=B { grant () }\n"
	"request src=A dst=B endpoint=7 method=3 { deny () }\n"
	"request endpoint=9 { grant () }\n"
	"request src=B method=5 { grant () }\n"
	"request src=B endpoint=9 { deny () }\n";

FIXTURE(pol) {
	void *blob;
	size_t len;
	struct kpol pol;
};

FIXTURE_SETUP(pol)
{
	self->blob = policy_compile_text(example, &self->len);
	ASSERT_NE(NULL, self->blob);
	ASSERT_EQ(0, kos_policy_eval_parse(&self->pol, self->blob, self->len));
}

FIXTURE_TEARDOWN(pol)
{
	free(self->blob);
}

struct row {
	const char *src, *dst;
	u32 endpoint, method, verdict, matched, line;
};

TEST_F(pol, matching)
{
	static const struct row rows[] = {
		{ "A", "B", 1, 1, KPOL_GRANT, 1, 7 },	/* src+dst rule */
		{ "A", "B", 7, 3, KPOL_DENY, 2, 8 },	/* deny wins */
		{ "A", "B", 7, 4, KPOL_GRANT, 1, 7 },
		{ "X", "Y", 9, 1, KPOL_GRANT, 1, 9 },	/* endpoint only */
		{ "", "", 9, 1, KPOL_GRANT, 1, 9 },	/* no classes */
		{ "B", "A", 1, 5, KPOL_GRANT, 1, 10 },	/* src+method */
		{ "B", "A", 9, 5, KPOL_DENY, 3, 11 },	/* three match, one denies */
		{ "B", "B", 1, 1, KPOL_DENY, 0, 0 },	/* default */
		{ "Z", "B", 1, 1, KPOL_DENY, 0, 0 },	/* unknown class */
	};
	unsigned int i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct kpol_query q = { KPOL_REQUEST, r->endpoint, r->method, r->src, r->dst };
		struct kpol_result res;

		kos_policy_eval(&self->pol, &q, &res);
		EXPECT_EQ(r->verdict, res.verdict) TH_LOG("row %u", i);
		EXPECT_EQ(r->matched, res.matched) TH_LOG("row %u", i);
		EXPECT_EQ(r->line, res.line) TH_LOG("row %u", i);
		EXPECT_EQ(r->verdict == KPOL_DENY, res.audit) TH_LOG("row %u", i);
	}
}

TEST_F(pol, defaults_per_kind)
{
	struct kpol_query q = { KPOL_ERROR, 1, 1, "A", "B" };
	struct kpol_result res;

	kos_policy_eval(&self->pol, &q, &res);
	EXPECT_EQ(KPOL_GRANT, res.verdict);
	q.kind = KPOL_RESPONSE;		/* no default given: deny */
	kos_policy_eval(&self->pol, &q, &res);
	EXPECT_EQ(KPOL_DENY, res.verdict);
	q.kind = 77;
	kos_policy_eval(&self->pol, &q, &res);
	EXPECT_EQ(KPOL_DENY, res.verdict);
}

TEST_F(pol, truncated_blobs_rejected)
{
	struct kpol p;
	size_t n;

	for (n = 0; n < self->len; n += 4)
		ASSERT_EQ(-EINVAL, kos_policy_eval_parse(&p, self->blob, n)) TH_LOG("len %zu", n);
}

/* Each field of the header set to a bad value is refused. */
TEST_F(pol, bad_headers_rejected)
{
	static const struct { size_t off; u32 val; } bad[] = {
		{ offsetof(struct kpol_header, magic), 0x12345678 },
		{ offsetof(struct kpol_header, version), 2 },
		{ offsetof(struct kpol_header, size), 8 },
		{ offsetof(struct kpol_header, audit), 3 },
		{ offsetof(struct kpol_header, defaults), 1 },
		{ offsetof(struct kpol_header, defaults) + 4, 2 },
		{ offsetof(struct kpol_header, nclasses), 0xffffffff },
		{ offsetof(struct kpol_header, nclasses), 3 },
		{ offsetof(struct kpol_header, nclass_buckets), 3 },
		{ offsetof(struct kpol_header, nclass_buckets), 1U << 31 },
		{ offsetof(struct kpol_header, nrules), 0x40000000 },
		{ offsetof(struct kpol_header, nrules), 4 },
		{ offsetof(struct kpol_header, nrule_buckets), 0 },
	};
	unsigned int i;
	struct kpol p;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *b = malloc(self->len);

		memcpy(b, self->blob, self->len);
		memcpy(b + bad[i].off, &bad[i].val, 4);
		EXPECT_EQ(-EINVAL, kos_policy_eval_parse(&p, b, self->len)) TH_LOG("case %u", i);
		free(b);
	}
}

/* Random corruption: the parser accepts or refuses, never reads out of bounds. */
TEST_F(pol, fuzz)
{
	unsigned int i, seed = time(NULL), accepted = 0;

	TH_LOG("seed %u", seed);
	srand(seed);
	for (i = 0; i < 20000; i++) {
		char *b = malloc(self->len);
		unsigned int flips = 1 + rand() % 4, j;
		struct kpol p;

		memcpy(b, self->blob, self->len);
		for (j = 0; j < flips; j++)
			b[rand() % self->len] ^= 1 << (rand() % 8);
		if (!kos_policy_eval_parse(&p, b, self->len)) {
			struct kpol_query q = { KPOL_REQUEST, 7, 3, "A", "B" };
			struct kpol_result res;

			kos_policy_eval(&p, &q, &res);
			ASSERT_LE(res.verdict, KPOL_GRANT);
			accepted++;
		}
		free(b);
	}
	TH_LOG("%u of 20000 mutated blobs still valid", accepted);
}

/* A chain that loops back is refused (walks must terminate). */
TEST_F(pol, cyclic_chain_rejected)
{
	const struct kpol_header *h = self->pol.hdr;
	char *b = malloc(self->len);
	struct kpol p;
	u32 i;

	memcpy(b, self->blob, self->len);
	ASSERT_EQ(0, kos_policy_eval_parse(&p, b, self->len));
	for (i = 0; i < h->nrules; i++)
		((struct kpol_rule *)p.rules)[i].next = i;
	EXPECT_EQ(-EINVAL, kos_policy_eval_parse(&p, b, self->len));
	free(b);
}

static double eval_ns(const struct kpol *pol, unsigned int n)
{
	struct kpol_query q = { KPOL_REQUEST, 0, 1, "C", "S" };
	struct timespec a, b;
	struct kpol_result res;
	unsigned int i;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < 200000; i++) {
		q.endpoint = 1 + i % n;
		kos_policy_eval(pol, &q, &res);
		if (res.verdict != KPOL_GRANT)
			return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	return ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 200000;
}

/* Hashed lookup: 10000 rules cost about what 10 cost (not a list walk). */
TEST(lookup_is_hashed)
{
	char *t10 = policy_text_n_rules(10), *t10k = policy_text_n_rules(10000);
	size_t l10, l10k;
	void *b10 = policy_compile_text(t10, &l10), *b10k = policy_compile_text(t10k, &l10k);
	struct kpol p10, p10k;
	double n10, n10k;

	ASSERT_NE(NULL, b10);
	ASSERT_NE(NULL, b10k);
	ASSERT_EQ(0, kos_policy_eval_parse(&p10, b10, l10));
	ASSERT_EQ(0, kos_policy_eval_parse(&p10k, b10k, l10k));
	n10 = eval_ns(&p10, 10);
	n10k = eval_ns(&p10k, 10000);
	TH_LOG("%.0f ns with 10 rules, %.0f ns with 10000", n10, n10k);
	ASSERT_GT(n10, 0);
	ASSERT_GT(n10k, 0);
	/* a list walk would be ~1000x; allow for cache misses and noise */
	EXPECT_LT(n10k, 10 * n10);
	free(t10);
	free(t10k);
	free(b10);
	free(b10k);
}

TEST_HARNESS_MAIN
