// SPDX-License-Identifier: GPL-2.0
/*
 * A restricted POSIX profile in OCI runtime terms.  The runtime has no
 * supervisor and no shim, so only the seccomp rows travel, with the
 * actions of KP_OCI (kp_row_action); the container's init must be able to
 * exec, so supervisor rows (exec after start, dup2 onto a closed fd) are
 * left out.  json-c, as it keeps 64-bit unsigned numbers (rlimits,
 * argument masks) exact both ways.
 */
#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "filter.h"
#include "oci.h"

static const char *op_name(int op)
{
	return op == SCMP_CMP_EQ ? "SCMP_CMP_EQ" : op == SCMP_CMP_NE ?
		"SCMP_CMP_NE" : "SCMP_CMP_MASKED_EQ";
}

/* Add @val (owned, may be NULL: out of memory) to @obj under @key. */
static int add(struct json_object *obj, const char *key, struct json_object *val)
{
	if (!val || json_object_object_add(obj, key, val)) {
		json_object_put(val);
		return -1;
	}
	return 0;
}

static int append(struct json_object *arr, struct json_object *val)
{
	if (!val || json_object_array_add(arr, val)) {
		json_object_put(val);
		return -1;
	}
	return 0;
}

/* One argument comparison of a syscalls[] entry. */
static struct json_object *oci_arg(const struct kp_cmp *c)
{
	struct json_object *a = json_object_new_object();
	int m = c->op == SCMP_CMP_MASKED_EQ;

	if (!a || add(a, "index", json_object_new_int(c->arg)) ||
	    add(a, "value", json_object_new_uint64(m ? c->mask : c->val)) ||
	    add(a, "valueTwo", json_object_new_uint64(m ? c->val : 0)) ||
	    add(a, "op", json_object_new_string(op_name(c->op)))) {
		json_object_put(a);
		return NULL;
	}
	return a;
}

/* One syscalls[] entry: the rule's system call, action, errno and arguments. */
static struct json_object *oci_rule(const struct kp_row *r, const struct kp_rule *ru)
{
	uint32_t act = kp_row_action(r, KP_OCI);
	int kill = act == SCMP_ACT_KILL_PROCESS;
	struct json_object *e = json_object_new_object(), *names, *args = NULL;

	names = json_object_new_array();
	if (!e || add(e, "names", names) || append(names, json_object_new_string(ru->name)) ||
	    add(e, "action", json_object_new_string(kill ? "SCMP_ACT_KILL_PROCESS" :
							   "SCMP_ACT_ERRNO")) ||
	    (!kill && add(e, "errnoRet", json_object_new_int(act & SECCOMP_RET_DATA))))
		goto fail;
	if (ru->ncmp) {
		args = json_object_new_array();
		if (add(e, "args", args))
			goto fail;
		for (unsigned int k = 0; k < ru->ncmp; k++)
			if (append(args, oci_arg(&ru->cmp[k])))
				goto fail;
	}
	if (add(e, "comment", json_object_new_string(r->iface)))
		goto fail;
	return e;
fail:
	json_object_put(e);
	return NULL;
}

struct json_object *kp_oci_seccomp(const struct kp_profile *p)
{
	struct json_object *sc = json_object_new_object(), *arch, *calls;

	arch = json_object_new_array();
	if (!sc || add(sc, "defaultAction", json_object_new_string("SCMP_ACT_ALLOW")) ||
	    add(sc, "architectures", arch) ||
	    append(arch, json_object_new_string("SCMP_ARCH_X86_64")) ||
	    add(sc, "flags", json_object_new_array()))
		goto fail;
	calls = json_object_new_array();
	if (add(sc, "syscalls", calls))
		goto fail;
	for (unsigned int i = 0; i < p->nrow; i++) {
		const struct kp_row *r = &p->row[i];

		if (r->layer != KP_SECCOMP || kp_row_action(r, KP_OCI) == SCMP_ACT_ALLOW)
			continue;
		for (unsigned int j = 0; j < r->nrule; j++)
			if (append(calls, oci_rule(r, &r->rule[j])))
				goto fail;
	}
	return sc;
fail:
	json_object_put(sc);
	return NULL;
}

int kp_oci_write(struct json_object *obj, FILE *out)
{
	const char *s = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY |
						       JSON_C_TO_STRING_SPACED |
						       JSON_C_TO_STRING_NOSLASHESCAPE);

	if (!s) {
		errno = ENOMEM;
		return -1;
	}
	return fputs(s, out) == EOF || fputc('\n', out) == EOF || fflush(out) ? -1 : 0;
}

/* A built-in profile's name: no path, nothing hidden. */
static int plain_name(const char *s)
{
	if (!*s || *s == '.' || strlen(s) > 63)
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789._-") == strlen(s);
}

/* The profile a config asks for by annotation, NULL if none; -1 if malformed. */
static int annotated_profile(struct json_object *config, const char **name, FILE *err)
{
	struct json_object *ann, *a;

	*name = NULL;
	if (!json_object_object_get_ex(config, "annotations", &ann) ||
	    !json_object_object_get_ex(ann, KP_OCI_ANNOTATION, &a))
		return 0;
	if (!json_object_is_type(a, json_type_string) || !plain_name(json_object_get_string(a))) {
		fprintf(err, "kos-run: annotation %s: not the name of a built-in profile (see 'kos-profile list')\n",
			KP_OCI_ANNOTATION);
		return -1;
	}
	*name = json_object_get_string(a);
	return 0;
}

/*
 * The whole of @in as one JSON value: trailing text is an error too, and
 * so is a config beyond KP_OCI_CONFIG_MAX (runtimes write a few KiB).
 */
#define KP_OCI_CONFIG_MAX (16 << 20)
static struct json_object *read_config(int in, FILE *err)
{
	struct json_object *config = NULL;
	enum json_tokener_error jerr;
	struct json_tokener *tok;
	size_t len = 0, cap = 0;
	char *buf = NULL, *nbuf;
	ssize_t n;

	do {
		if (len == cap) {
			cap = cap ? 2 * cap : 65536;
			nbuf = cap > KP_OCI_CONFIG_MAX ? NULL : realloc(buf, cap);
			if (!nbuf) {
				fprintf(err, "kos-run: the OCI config on standard input is over %d MiB\n",
					KP_OCI_CONFIG_MAX >> 20);
				goto out;
			}
			buf = nbuf;
		}
		n = read(in, buf + len, cap - len);
		if (n < 0 && errno != EINTR) {
			fprintf(err, "kos-run: reading the OCI config: %s\n", strerror(errno));
			goto out;
		}
		len += n > 0 ? n : 0;
	} while (n);
	tok = json_tokener_new();
	if (!tok) {
		fprintf(err, "kos-run: out of memory\n");
		goto out;
	}
	config = json_tokener_parse_ex(tok, buf, len);
	jerr = json_tokener_get_error(tok);
	if (!config || strspn(buf + tok->char_offset, " \t\r\n") != len - tok->char_offset) {
		fprintf(err, "kos-run: the OCI config on standard input is not one JSON value (%s at byte %zu)\n",
			config ? "more text" : jerr == json_tokener_continue ? "it ends early" :
			json_tokener_error_desc(jerr), (size_t)tok->char_offset);
		json_object_put(config);
		config = NULL;
	}
	json_tokener_free(tok);
out:
	free(buf);
	return config;
}

int kp_oci_hook(int in, FILE *out, const char *profile, FILE *err)
{
	struct json_object *config, *linux_, *sc, *old;
	struct kp_profile p;
	int ret = -1;

	config = read_config(in, err);
	if (!config)
		return -1;
	if (!json_object_is_type(config, json_type_object)) {
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
		if (!json_object_object_get_ex(config, "linux", &linux_)) {
			linux_ = json_object_new_object();
			if (add(config, "linux", linux_))
				linux_ = NULL;
		}
		if (!linux_ || !json_object_is_type(linux_, json_type_object)) {
			json_object_put(sc);
			fprintf(err, "kos-run: the OCI config's linux is not an object\n");
			goto out;
		}
		/* the profile's filter replaces the config's, as seccomp=FILE would */
		if (json_object_object_get_ex(linux_, "seccomp", &old))
			fprintf(err, "kos-run: %s replaces the container's seccomp filter\n", profile);
		if (add(linux_, "seccomp", sc)) {
			fprintf(err, "kos-run: out of memory\n");
			goto out;
		}
	}
	if (kp_oci_write(config, out)) {
		fprintf(err, "kos-run: writing the OCI config: %s\n", strerror(errno));
		goto out;
	}
	ret = 0;
out:
	json_object_put(config);
	return ret;
}
