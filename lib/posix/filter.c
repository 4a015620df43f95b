// SPDX-License-Identifier: GPL-2.0
/*
 * Profile -> libseccomp filter.  Besides the profile rows, every filter
 * kills non-native ABIs (i386, x32), so a limit cannot be bypassed by
 * switching ABI.
 */
#include <errno.h>
#include <string.h>

#include "filter.h"

/* The seccomp action for a row in a mode; SCMP_ACT_ALLOW if it has none. */
uint32_t kp_row_action(const struct kp_row *r, enum kp_mode mode)
{
	if (r->layer != KP_SECCOMP && r->layer != KP_SUPERVISOR)
		return SCMP_ACT_ALLOW;
	if (mode == KP_AUDIT)
		return SCMP_ACT_NOTIFY;
	if (r->layer == KP_SUPERVISOR && mode == KP_ENFORCE)
		return SCMP_ACT_NOTIFY;
	/* Unsupported calls: stopped; with a supervisor it names the call. */
	if (r->result == KP_TRAP)
		return mode == KP_ENFORCE ? SCMP_ACT_NOTIFY : SCMP_ACT_KILL_PROCESS;
	if (r->result == KP_SUCCEED)
		return SCMP_ACT_ERRNO(0);
	if (r->result == KP_ERRNO)
		return SCMP_ACT_ERRNO(r->err);
	return SCMP_ACT_ALLOW;
}

bool kp_filter_needs_notify(const struct kp_profile *p, enum kp_mode mode)
{
	for (unsigned int i = 0; i < p->nrow; i++)
		if (kp_row_action(&p->row[i], mode) == SCMP_ACT_NOTIFY)
			return true;
	return false;
}

static int add_rule(scmp_filter_ctx ctx, uint32_t act, const struct kp_rule *r)
{
	struct scmp_arg_cmp c[KP_MAX_CMPS];

	for (unsigned int i = 0; i < r->ncmp; i++) {
		c[i].arg = r->cmp[i].arg;
		c[i].op = r->cmp[i].op;
		if (c[i].op == SCMP_CMP_MASKED_EQ) {
			c[i].datum_a = r->cmp[i].mask;
			c[i].datum_b = r->cmp[i].val;
		} else {
			c[i].datum_a = r->cmp[i].val;
			c[i].datum_b = 0;
		}
	}
	return seccomp_rule_add_exact_array(ctx, act, r->nr, r->ncmp, c);
}

scmp_filter_ctx kp_filter_build(const struct kp_profile *p, enum kp_mode mode,
				FILE *err)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int rc = 0;

	if (!ctx) {
		fprintf(err, "seccomp_init failed\n");
		return NULL;
	}
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	if (!rc)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1);
	for (unsigned int i = 0; !rc && i < p->nrow; i++) {
		const struct kp_row *r = &p->row[i];
		uint32_t act = kp_row_action(r, mode);

		if (act == SCMP_ACT_ALLOW)
			continue;
		for (unsigned int j = 0; !rc && j < r->nrule; j++) {
			rc = add_rule(ctx, act, &r->rule[j]);
			if (rc == -EEXIST)	/* two rows, one system call */
				rc = 0;
			if (rc)
				fprintf(err, "%s: rule %s: %s\n", r->iface,
					r->rule[j].name, strerror(-rc));
		}
	}
	if (rc) {
		seccomp_release(ctx);
		return NULL;
	}
	return ctx;
}
