// SPDX-License-Identifier: GPL-2.0
/*
 * Conformance suite, driven by the profile tables: for every row of every
 * built-in profile, run the row's probe without kos-run (the normal Linux
 * result) and under `kos-run --profile P` (the documented result, taken from
 * the row), once dynamic and once static.  A row passes only if the profile
 * changes the result exactly as documented.  Prints TAP.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../lib/posix/profile.h"
#include "probe_cases.h"

#define CASE(name, nat, eff) { #name, nat, eff },
static const struct probe_case cases[] = { PROBE_CASES(CASE) };
#undef CASE

/* Raw calls a probe must not make natively (they change the host). */
static const char *const host_unsafe[] = {
	"setdomainname", "reboot", "seccomp", "fork", "vfork", NULL
};

static char dir[PATH_MAX], kos_run[PATH_MAX + 32];
static unsigned int tests, failed;

/* Run argv, return its first output line, or STOPPED if killed. */
static void run(char *const argv[], char *out, size_t len)
{
	int pfd[2], st;
	pid_t pid;
	ssize_t n;

	*out = 0;
	if (pipe(pfd))
		return;
	pid = fork();
	if (!pid) {
		dup2(pfd[1], 1);
		close(pfd[0]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(pfd[1]);
	n = read(pfd[0], out, len - 1);
	out[n > 0 ? n : 0] = 0;
	close(pfd[0]);
	waitpid(pid, &st, 0);
	out[strcspn(out, "\n ")] = 0;
	if (WIFSIGNALED(st))
		snprintf(out, len, "STOPPED");
}

static void probe(const char *bin, const char *profile, const char *arg1,
		  const char *arg2, char *out, size_t len, const char *arg3)
{
	char path[PATH_MAX + 16];
	char *argv[10];
	int i = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, bin);
	if (profile) {
		argv[i++] = kos_run;
		argv[i++] = "--profile";
		argv[i++] = (char *)profile;
		argv[i++] = "--";
	}
	argv[i++] = path;
	argv[i++] = (char *)arg1;
	argv[i++] = (char *)arg2;
	argv[i++] = (char *)arg3;
	argv[i] = NULL;
	run(argv, out, len);
}

static void report(bool ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void report(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %u ", ok ? "" : "not ", ++tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	failed += !ok;
}

static const struct probe_case *find_case(const char *iface)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (!strcmp(cases[i].iface, iface))
			return &cases[i];
	return NULL;
}

static const char *documented(const struct kp_row *r, const char *native,
			      const char *effect)
{
	switch (r->result) {
	case KP_ERRNO:
		return strerrorname_np(r->err);
	case KP_SUCCEED:
		return effect ? effect : "OK";
	case KP_TRAP:
		return "STOPPED";
	default:
		return native;
	}
}

/* Function-level rows (kasperskyos): one probe per interface. */
static void check_function_row(const char *prof, const struct kp_row *r, bool is_static)
{
	const char *bin = is_static ? "probe-static" : "probe";
	const struct probe_case *c = find_case(r->iface);
	char nat[64], got[64];
	const char *want;

	if (!c) {
		report(false, "%s %s: no probe for this row", prof, r->iface);
		return;
	}
	if (is_static && r->layer == KP_SHIM) {
		printf("ok %u %s %s static # SKIP shim rows do not bind static binaries\n",
		       ++tests, prof, r->iface);
		return;
	}
	probe(bin, NULL, r->iface, NULL, nat, sizeof(nat), NULL);
	probe(bin, prof, r->iface, NULL, got, sizeof(got), NULL);
	want = documented(r, c->native, c->effect);
	report(!strcmp(nat, c->native) && !strcmp(got, want),
	       "%s %s %s: linux %s (want %s), profile %s (want %s)", prof, r->iface,
	       is_static ? "static" : "dynamic", nat, c->native, got, want);
}

/* System-call-level rows (mystikos): the row's first call, bare. */
static void check_syscall_row(const char *prof, const struct kp_row *r, bool is_static)
{
	const char *bin = is_static ? "probe-static" : "probe";
	char nr[16], nat[64] = "", got[64];
	const char *want, *bad;
	bool unsafe = false;

	for (int i = 0; host_unsafe[i]; i++)
		unsafe |= !strcmp(host_unsafe[i], r->rule[0].name);
	if (unsafe && r->result == KP_ALLOW) {
		printf("ok %u %s %s # SKIP %s is not run on the host\n", ++tests,
		       prof, r->iface, r->rule[0].name);
		return;
	}
	snprintf(nr, sizeof(nr), "%d", r->rule[0].nr);
	/* invalid arguments: Linux fails, a stub that does nothing succeeds */
	bad = r->result == KP_SUCCEED ? "bad" : NULL;
	if (!unsafe)
		probe(bin, NULL, "sys", nr, nat, sizeof(nat), bad);
	probe(bin, prof, "sys", nr, got, sizeof(got), bad);
	want = documented(r, nat, NULL);
	report(!strcmp(got, want) && (unsafe || r->result == KP_ALLOW || strcmp(nat, want)),
	       "%s %s(%s) %s: linux %s, profile %s (want %s)", prof, r->iface,
	       r->rule[0].name, is_static ? "static" : "dynamic",
	       unsafe ? "(not run)" : nat, got, want);
}

int main(int argc, char **argv)
{
	static const char *const profiles[] = { "kasperskyos", "mystikos" };
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	(void)argc;
	(void)argv;
	if (n <= 0)
		return 1;
	self[n] = 0;
	snprintf(dir, sizeof(dir), "%s", dirname(self));
	snprintf(kos_run, sizeof(kos_run), "%s/../../tools/kos-run", dir);
	if (access(kos_run, X_OK)) {
		printf("1..0 # SKIP kos-run not built\n");
		return 4;
	}
	printf("TAP version 13\n");
	for (size_t p = 0; p < 2; p++) {
		struct kp_profile prof;

		if (kp_load(profiles[p], &prof, stdout)) {
			report(false, "load profile %s", profiles[p]);
			continue;
		}
		for (unsigned int i = 0; i < prof.nrow; i++) {
			for (int s = 0; s < 2; s++) {
				if (prof.row[i].layer == KP_SHIM || prof.row[i].layer == KP_NONE ||
				    find_case(prof.row[i].iface) || p == 0)
					check_function_row(profiles[p], &prof.row[i], s);
				else
					check_syscall_row(profiles[p], &prof.row[i], s);
			}
		}
		kp_free(&prof);
	}
	printf("1..%u\n# %u passed, %u failed\n", tests, tests - failed, failed);
	return failed ? 1 : 0;
}
