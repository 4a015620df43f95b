/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Restricted POSIX profiles: the one table (a .profile file) that drives the
 * seccomp filter, the supervisor, the shim, `kos-profile show` and the OCI
 * export.  Format: Documentation/posix-profile.rst.
 */
#ifndef KOS_POSIX_PROFILE_H
#define KOS_POSIX_PROFILE_H

#include <stdint.h>
#include <stdio.h>

#define KP_MAX_RULES 4
#define KP_MAX_CMPS 3

enum kp_layer { KP_SECCOMP, KP_SHIM, KP_SUPERVISOR, KP_NONE };

/* Result of a limited call: fail with errno, succeed without effect, stop. */
enum kp_result { KP_ERRNO, KP_SUCCEED, KP_TRAP, KP_ALLOW };

struct kp_cmp {
	unsigned int arg;
	int op;			/* enum scmp_compare */
	uint64_t mask;
	uint64_t val;
};

struct kp_rule {
	char name[32];		/* system call, or libc function for shim rows */
	int nr;			/* system call number, -1 for shim/none rows */
	unsigned int ncmp;
	struct kp_cmp cmp[KP_MAX_CMPS];
};

struct kp_row {
	char iface[40];
	char class[16];
	enum kp_layer layer;
	enum kp_result result;
	int err;		/* errno for KP_ERRNO */
	unsigned int nrule;
	struct kp_rule rule[KP_MAX_RULES];
	char rule_text[160];
	char note[200];
};

struct kp_profile {
	char name[64];
	unsigned int nrow;
	struct kp_row *row;
};

int kp_load(const char *name_or_path, struct kp_profile *p, FILE *err);
void kp_free(struct kp_profile *p);
const char *kp_dir(void);
/*
 * Into @buf: the directory of the running executable followed by
 * @from_bin, or, when this code runs in the shim library, the library's
 * directory followed by @from_lib.  0, or -1 if it cannot be told.
 */
int kp_installed_path(const char *from_bin, const char *from_lib,
		      char *buf, size_t len);
const char *kp_layer_name(enum kp_layer l);
const char *kp_result_text(const struct kp_row *r, char *buf, size_t len);
const struct kp_row *kp_find_syscall(const struct kp_profile *p, int nr,
				     const uint64_t *args);

#endif
