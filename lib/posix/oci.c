// SPDX-License-Identifier: GPL-2.0
/*
 * A restricted POSIX profile in OCI runtime terms.  The runtime has no
 * supervisor and no shim, so only the seccomp rows travel, with the
 * actions of KP_OCI (kp_row_action); the container's init must be able to
 * exec, so supervisor rows (exec after start, dup2 onto a closed fd) are
 * left out.
 */
#include <errno.h>
#include <seccomp.h>
#include <stdint.h>
#include <string.h>

#include "filter.h"
#include "oci.h"

static const char *op_name(int op)
{
	return op == SCMP_CMP_EQ ? "SCMP_CMP_EQ" : op == SCMP_CMP_NE ?
		"SCMP_CMP_NE" : "SCMP_CMP_MASKED_EQ";
}

/* One syscalls[] entry: the rule's system call, action, errno and arguments. */
static json_t *oci_rule(const struct kp_row *r, const struct kp_rule *ru)
{
	uint32_t act = kp_row_action(r, KP_OCI);
	json_t *args, *e;

	e = json_pack("{s:[s], s:s}", "names", ru->name, "action",
		      act == SCMP_ACT_KILL_PROCESS ? "SCMP_ACT_KILL_PROCESS" : "SCMP_ACT_ERRNO");
	if (!e)
		return NULL;
	if (act != SCMP_ACT_KILL_PROCESS &&
	    json_object_set_new(e, "errnoRet", json_integer(act & SECCOMP_RET_DATA)))
		goto fail;
	if (ru->ncmp) {
		args = json_array();
		if (json_object_set_new(e, "args", args))
			goto fail;
		for (unsigned int k = 0; k < ru->ncmp; k++) {
			const struct kp_cmp *c = &ru->cmp[k];
			int m = c->op == SCMP_CMP_MASKED_EQ;
			uint64_t v = m ? c->mask : c->val, v2 = m ? c->val : 0;

			/* JSON integers here are signed 64-bit: larger ones cannot be written */
			if (v > INT64_MAX || v2 > INT64_MAX ||
			    json_array_append_new(args, json_pack("{s:i, s:I, s:I, s:s}",
					"index", c->arg, "value", (json_int_t)v,
					"valueTwo", (json_int_t)v2, "op", op_name(c->op))))
				goto fail;
		}
	}
	if (json_object_set_new(e, "comment", json_string(r->iface)))
		goto fail;
	return e;
fail:
	json_decref(e);
	return NULL;
}

/* NULL also when a rule cannot be written (see oci_rule). */
json_t *kp_oci_seccomp(const struct kp_profile *p)
{
	json_t *sc, *calls;

	sc = json_pack("{s:s, s:[s], s:[], s:[]}", "defaultAction", "SCMP_ACT_ALLOW",
		       "architectures", "SCMP_ARCH_X86_64", "flags", "syscalls");
	if (!sc)
		return NULL;
	calls = json_object_get(sc, "syscalls");
	for (unsigned int i = 0; i < p->nrow; i++) {
		const struct kp_row *r = &p->row[i];

		if (r->layer != KP_SECCOMP || kp_row_action(r, KP_OCI) == SCMP_ACT_ALLOW)
			continue;
		for (unsigned int j = 0; j < r->nrule; j++) {
			if (json_array_append_new(calls, oci_rule(r, &r->rule[j]))) {
				json_decref(sc);
				return NULL;
			}
		}
	}
	return sc;
}

/* The profile a config asks for by annotation, NULL if none; -1 if malformed. */
static int annotated_profile(json_t *config, const char **name, FILE *err)
{
	json_t *a = json_object_get(json_object_get(config, "annotations"),
				    KP_OCI_ANNOTATION);

	*name = NULL;
	if (!a)
		return 0;
	if (!json_is_string(a) || !*json_string_value(a)) {
		fprintf(err, "kos-run: annotation %s: not a profile name\n", KP_OCI_ANNOTATION);
		return -1;
	}
	*name = json_string_value(a);
	return 0;
}

int kp_oci_hook(FILE *in, FILE *out, const char *profile, FILE *err)
{
	json_t *config, *linux_, *sc = NULL;
	struct kp_profile p;
	json_error_t je;
	int ret = -1;

	config = json_loadf(in, 0, &je);
	if (!config) {
		fprintf(err, "kos-run: the OCI config on standard input, line %d: %s\n",
			je.line, je.text);
		goto out;
	}
	if (!json_is_object(config)) {
		fprintf(err, "kos-run: the OCI config on standard input is not a JSON object\n");
		goto out;
	}
	if (!profile && annotated_profile(config, &profile, err))
		goto out;
	if (profile) {
		if (kp_load(profile, &p, err))
			goto out;
		sc = kp_oci_seccomp(&p);
		kp_free(&p);
		linux_ = json_object_get(config, "linux");
		if (!linux_ && !json_object_set_new(config, "linux", json_object()))
			linux_ = json_object_get(config, "linux");
		/* the profile's filter replaces the config's, as seccomp=FILE would */
		if (!sc || !json_is_object(linux_) || json_object_set(linux_, "seccomp", sc)) {
			fprintf(err, "kos-run: cannot set linux.seccomp in the OCI config\n");
			goto out;
		}
	}
	if (json_dumpf(config, out, JSON_INDENT(2)) || fputc('\n', out) == EOF ||
	    fflush(out)) {
		fprintf(err, "kos-run: writing the OCI config: %s\n", strerror(errno));
		goto out;
	}
	ret = 0;
out:
	json_decref(sc);
	json_decref(config);
	return ret;
}
