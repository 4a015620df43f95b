// SPDX-License-Identifier: GPL-2.0
/*
 * Profile loader: parses the '|'-separated profile table into rows whose
 * seccomp rules are ready for libseccomp.
 */
#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sched.h>

#include "profile.h"

#ifndef KP_INSTALL_DIR
#define KP_INSTALL_DIR "/usr/local/share/kos-linux/profiles"
#endif
/* The installed profiles as seen from the tools' and the shim's directory. */
#ifndef KP_DATA_FROM_BIN
#define KP_DATA_FROM_BIN "../share/kos-linux/profiles"
#endif
#ifndef KP_DATA_FROM_LIB
#define KP_DATA_FROM_LIB "../share/kos-linux/profiles"
#endif

#define C(x) { #x, x }
static const struct { const char *name; uint64_t val; } consts[] = {
	C(CLONE_THREAD), C(MAP_SHARED), C(PROT_WRITE), C(PROT_EXEC),
	C(PROT_READ), C(S_IFMT), C(S_IFIFO), C(SIGTERM), C(TCSBRK),
	C(TCSBRKP), C(TCXONC), C(TCOOFF), C(TCOON), C(TCFLSH), C(TIOCGPGRP),
	C(TIOCSPGRP), C(TIOCGSID), C(CLOCK_PROCESS_CPUTIME_ID),
	C(CLOCK_THREAD_CPUTIME_ID),
};
#undef C

#define C(x) { #x, x }
static const struct { const char *name; int val; } errnos[] = {
	C(ENOSYS), C(EINVAL), C(EACCES), C(ENOMEM), C(ENOTSUP), C(EBADF),
	C(ENOENT), C(EPERM),
};
#undef C

int kp_installed_path(const char *from_bin, const char *from_lib,
		      char *buf, size_t len)
{
	char exe[PATH_MAX], self[PATH_MAX], *slash;
	const char *rel = from_bin;
	Dl_info info;
	ssize_t n;
	int ret;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return -1;
	exe[n] = 0;
	/* In the shim the code's object is not the executable. */
	if (dladdr((void *)kp_installed_path, &info) && info.dli_fname &&
	    strchr(info.dli_fname, '/') && realpath(info.dli_fname, self) &&
	    strcmp(self, exe)) {
		memcpy(exe, self, sizeof(exe));
		rel = from_lib;
	}
	slash = strrchr(exe, '/');
	*slash = 0;
	ret = snprintf(buf, len, "%s/%s", exe, rel);
	return ret < 0 || (size_t)ret >= len ? -1 : 0;
}

/*
 * Directory of the built-in profiles: $KOS_PROFILE_DIR; else the installed
 * ones beside the running tool or shim (found from where it runs, so the
 * PREFIX and DESTDIR of the install hold, whatever the build's was); else
 * the source tree the tools were built from (uninstalled builds use the
 * current tables); else the build's PREFIX.
 */
const char *kp_dir(void)
{
	static char installed[PATH_MAX];
	const char *d = getenv("KOS_PROFILE_DIR");

	if (d && *d)
		return d;
	if (!kp_installed_path(KP_DATA_FROM_BIN, KP_DATA_FROM_LIB, installed,
			       sizeof(installed)) && !access(installed, R_OK))
		return installed;
#ifdef KP_BUILTIN_DIR
	if (!access(KP_BUILTIN_DIR, R_OK))
		return KP_BUILTIN_DIR;
#endif
	return KP_INSTALL_DIR;
}

const char *kp_layer_name(enum kp_layer l)
{
	static const char *const n[] = { "seccomp", "shim", "supervisor", "none" };

	return n[l];
}

static int errno_value(const char *s)
{
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (!strcmp(errnos[i].name, s))
			return errnos[i].val;
	return -1;
}

static const char *errno_name(int e)
{
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (errnos[i].val == e)
			return errnos[i].name;
	return "?";
}

const char *kp_result_text(const struct kp_row *r, char *buf, size_t len)
{
	switch (r->result) {
	case KP_ERRNO:
		snprintf(buf, len, "fails: %s", errno_name(r->err));
		break;
	case KP_SUCCEED:
		snprintf(buf, len, "succeeds without effect");
		break;
	case KP_TRAP:
		snprintf(buf, len, "process stopped");
		break;
	default:
		snprintf(buf, len, "not enforced");
	}
	return buf;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

/* A value: a number or '+'-joined symbolic constants. */
static int parse_value(char *s, uint64_t *v)
{
	char *tok, *save, *end;

	*v = 0;
	for (tok = strtok_r(s, "+", &save); tok; tok = strtok_r(NULL, "+", &save)) {
		size_t i;

		tok = trim(tok);
		if (isdigit((unsigned char)*tok)) {
			*v |= strtoull(tok, &end, 0);
			if (*end)
				return -1;
			continue;
		}
		for (i = 0; i < sizeof(consts) / sizeof(consts[0]); i++)
			if (!strcmp(consts[i].name, tok))
				break;
		if (i == sizeof(consts) / sizeof(consts[0]))
			return -1;
		*v |= consts[i].val;
	}
	return 0;
}

/* aN&MASK==VAL, aN==VAL or aN!=VAL */
static int parse_cmp(char *s, struct kp_cmp *c)
{
	char *op, *amp;

	s = trim(s);
	if (s[0] != 'a' || s[1] < '0' || s[1] > '5')
		return -1;
	c->arg = s[1] - '0';
	op = strstr(s, "==");
	c->op = SCMP_CMP_EQ;
	if (!op) {
		op = strstr(s, "!=");
		c->op = SCMP_CMP_NE;
	}
	if (!op)
		return -1;
	*op = 0;
	if (parse_value(op + 2, &c->val))
		return -1;
	amp = strchr(s, '&');
	if (amp) {
		if (c->op != SCMP_CMP_EQ || parse_value(amp + 1, &c->mask))
			return -1;
		c->op = SCMP_CMP_MASKED_EQ;
	} else if (s[2]) {
		return -1;
	}
	return 0;
}

static int parse_rule(char *s, struct kp_rule *r, enum kp_layer layer)
{
	char *colon = strchr(s, ':'), *tok, *save;

	if (colon)
		*colon = 0;
	snprintf(r->name, sizeof(r->name), "%s", trim(s));
	r->nr = -1;
	r->ncmp = 0;
	if (layer == KP_SECCOMP || layer == KP_SUPERVISOR) {
		r->nr = seccomp_syscall_resolve_name(r->name);
		if (r->nr == __NR_SCMP_ERROR)
			return -1;
	}
	if (!colon)
		return 0;
	for (tok = strtok_r(colon + 1, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (r->ncmp == KP_MAX_CMPS || parse_cmp(tok, &r->cmp[r->ncmp]))
			return -1;
		r->ncmp++;
	}
	return 0;
}

static int parse_layer(const char *s, enum kp_layer *l)
{
	for (int i = KP_SECCOMP; i <= KP_NONE; i++)
		if (!strcmp(kp_layer_name(i), s)) {
			*l = i;
			return 0;
		}
	return -1;
}

static int parse_result(const char *s, struct kp_row *r)
{
	r->err = 0;
	if (!strcmp(s, "-"))
		r->result = KP_ALLOW;
	else if (!strcmp(s, "0"))
		r->result = KP_SUCCEED;
	else if (!strcmp(s, "trap"))
		r->result = KP_TRAP;
	else
		r->result = KP_ERRNO;
	if (r->result == KP_ERRNO) {
		r->err = errno_value(s);
		if (r->err < 0)
			return -1;
	}
	return 0;
}

/* interface | class | layer | rules | result | note */
static int parse_row(char *line, struct kp_row *r)
{
	char *f[6], *save, *rules, *tok;
	int n = 0;

	memset(r, 0, sizeof(*r));
	for (tok = strtok_r(line, "|", &save); tok && n < 6; tok = strtok_r(NULL, "|", &save))
		f[n++] = trim(tok);
	if (n != 6 || strtok_r(NULL, "|", &save))
		return -1;
	snprintf(r->iface, sizeof(r->iface), "%s", f[0]);
	snprintf(r->class, sizeof(r->class), "%s", f[1]);
	snprintf(r->rule_text, sizeof(r->rule_text), "%s", f[3]);
	snprintf(r->note, sizeof(r->note), "%s", f[5]);
	if (parse_layer(f[2], &r->layer) || parse_result(f[4], r))
		return -1;
	rules = f[3];
	for (tok = strtok_r(rules, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
		if (r->nrule == KP_MAX_RULES || parse_rule(tok, &r->rule[r->nrule], r->layer))
			return -1;
		r->nrule++;
	}
	return r->nrule ? 0 : -1;
}

static FILE *open_profile(const char *name, char *path, size_t len)
{
	if (strchr(name, '/'))
		snprintf(path, len, "%s", name);
	else
		snprintf(path, len, "%s/%s.profile", kp_dir(), name);
	return fopen(path, "re");
}

static int load_file(const char *name, struct kp_profile *p, FILE *err, int depth)
{
	char path[PATH_MAX], line[1024];
	unsigned int lineno = 0;
	FILE *f;
	int ret = 0;

	f = open_profile(name, path, sizeof(path));
	if (!f) {
		fprintf(err, "%s: profile %s: %s: %s\n", program_invocation_short_name,
			name, path, strerror(errno));
		return -1;
	}
	while (!ret && fgets(line, sizeof(line), f)) {
		char *s = trim(line);
		struct kp_row *row;

		lineno++;
		if (!*s || *s == '#')
			continue;
		if (!strncmp(s, "include ", 8)) {
			/* extend another profile; depth bounds include loops */
			if (depth > 4) {
				fprintf(err, "%s: %s:%u: includes nested too deeply\n",
					program_invocation_short_name, path, lineno);
				ret = -1;
			} else {
				ret = load_file(trim(s + 8), p, err, depth + 1);
			}
			continue;
		}
		row = realloc(p->row, (p->nrow + 1) * sizeof(*row));
		if (!row) {
			ret = -1;
			break;
		}
		p->row = row;
		if (parse_row(s, &row[p->nrow])) {
			fprintf(err, "%s: %s:%u: malformed row\n",
				program_invocation_short_name, path, lineno);
			ret = -1;
			break;
		}
		p->nrow++;
	}
	fclose(f);
	return ret;
}

/* Load a built-in profile by name, or a profile file by path. */
int kp_load(const char *name_or_path, struct kp_profile *p, FILE *err)
{
	const char *base = strrchr(name_or_path, '/');
	char *dot;

	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", base ? base + 1 : name_or_path);
	dot = strstr(p->name, ".profile");
	if (dot)
		*dot = 0;
	if (load_file(name_or_path, p, err, 0)) {
		kp_free(p);
		return -1;
	}
	return 0;
}

void kp_free(struct kp_profile *p)
{
	free(p->row);
	p->row = NULL;
	p->nrow = 0;
}

static int cmp_match(const struct kp_cmp *c, const uint64_t *args)
{
	uint64_t a = args[c->arg];

	switch (c->op) {
	case SCMP_CMP_EQ:
		return a == c->val;
	case SCMP_CMP_NE:
		return a != c->val;
	default:
		return (a & c->mask) == c->val;
	}
}

/* The row a notified system call belongs to (supervisor and audit logs). */
const struct kp_row *kp_find_syscall(const struct kp_profile *p, int nr,
				     const uint64_t *args)
{
	for (unsigned int i = 0; i < p->nrow; i++) {
		const struct kp_row *r = &p->row[i];

		if (r->layer != KP_SECCOMP && r->layer != KP_SUPERVISOR)
			continue;
		for (unsigned int j = 0; j < r->nrule; j++) {
			unsigned int k;

			if (r->rule[j].nr != nr)
				continue;
			for (k = 0; k < r->rule[j].ncmp; k++)
				if (!cmp_match(&r->rule[j].cmp[k], args))
					break;
			if (k == r->rule[j].ncmp)
				return r;
		}
	}
	return NULL;
}
