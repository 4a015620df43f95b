// SPDX-License-Identifier: GPL-2.0
/*
 * kos-policy: compile, test, load and inspect kos-linux security policies.
 * The verdicts of "test" come from kmod/policy/eval.c, the same code the
 * kernel runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/kos.h>

#include "psl.h"

static const char usage[] =
"Usage: kos-policy compile FILE.psl -o FILE.kpol\n"
"       kos-policy test FILE.psl TESTS\n"
"       kos-policy load FILE.kpol\n"
"       kos-policy unload\n"
"       kos-policy show [FILE.kpol]\n"
"       kos-policy check KIND [src=C] [dst=C] [endpoint=N] [method=N] [--audit]\n"
"       kos-policy class [NAME]\n"
"\n"
"Security policies of kos-linux, written in a subset of PSL (see\n"
"Documentation/policy.rst and kos-policy(1)).\n"
"\n"
"  compile  translate FILE.psl into the binary FILE.kpol; errors are printed\n"
"           as file:line:column: error: message\n"
"  test     evaluate every expectation of TESTS (lines 'grant|deny KIND\n"
"           src=C dst=C endpoint=E method=M') against FILE.psl offline, with\n"
"           the kernel's evaluator; prints 'N passed, N failed'\n"
"  load     replace the kernel's policy atomically (CAP_SYS_ADMIN or\n"
"           CAP_MAC_ADMIN)\n"
"  unload   remove the kernel's policy: the default_policy parameter decides\n"
"  show     print the loaded policy (or FILE.kpol) in PSL form\n"
"  check    ask the kernel for one verdict (KOS_POLICY_EVALUATE); --audit\n"
"           also emits an audit record as a real message would\n"
"  class    print this process's class, or set it (privileged, once)\n"
"\n"
"Exit status: 0 success (check: granted), 1 failure or denied, 2 usage.\n";

static int kos_fd(void)
{
	int fd = open(KOS_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		fprintf(stderr, "kos-policy: %s: %s\n", KOS_DEVICE_PATH, strerror(errno));
	return fd;
}

/* Issue one policy ioctl on a fresh context; 0 or -errno. */
static int kos_call(unsigned long cmd, void *arg)
{
	int fd = kos_fd(), ret;

	if (fd < 0)
		return -errno;
	ret = ioctl(fd, cmd, arg) ? -errno : 0;
	close(fd);
	return ret;
}

static int write_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "kos-policy: %s: %s\n", path, strerror(errno));
		if (f)
			fclose(f);
		return 1;
	}
	return 0;
}

static void *read_blob(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	void *buf = NULL;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
	    !(buf = malloc(n ? n : 1)) || fread(buf, 1, n, f) != (size_t)n) {
		fprintf(stderr, "kos-policy: %s: %s\n", path, errno ? strerror(errno) : "read error");
		free(buf);
		if (f)
			fclose(f);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

static int cmd_compile(int argc, char **argv)
{
	const char *out = NULL, *in = NULL;
	struct psl *p;
	size_t len;
	void *blob;
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (!in)
			in = argv[i];
		else
			out = NULL, in = NULL, i = argc;
	}
	if (!in || !out) {
		fputs(usage, stderr);
		return 2;
	}
	p = psl_parse_file(in);
	if (!p)
		return 1;
	blob = psl_compile(p, &len);
	psl_free(p);
	if (!blob) {
		perror("kos-policy");
		return 1;
	}
	ret = write_file(out, blob, len);
	free(blob);
	return ret;
}

static int cmd_test(int argc, char **argv)
{
	unsigned int passed = 0, failed = 0;
	struct psl_test *tests = NULL;
	struct kpol pol;
	struct psl *p;
	void *blob;
	size_t len;
	int i, n;

	if (argc != 2) {
		fputs(usage, stderr);
		return 2;
	}
	p = psl_parse_file(argv[0]);
	if (!p)
		return 1;
	blob = psl_compile(p, &len);
	n = blob ? psl_parse_tests(p, argv[1], &tests) : -1;
	psl_free(p);
	if (n < 0 || kos_policy_eval_parse(&pol, blob, len)) {
		free(blob);
		return 1;
	}
	for (i = 0; i < n; i++) {
		struct psl_test *t = &tests[i];
		struct kpol_query q = { t->kind, t->endpoint, t->method, t->src, t->dst };
		struct kpol_result res;

		kos_policy_eval(&pol, &q, &res);
		if (res.verdict == t->expect) {
			passed++;
			continue;
		}
		failed++;
		printf("%s:%u: FAIL: expected %s, got %s (%s%.0u)\n", argv[1], t->line,
		       t->expect ? "grant" : "deny", res.verdict ? "grant" : "deny",
		       res.matched ? "rule at line " : "default", res.matched ? res.line : 0);
	}
	printf("%u passed, %u failed\n", passed, failed);
	free(tests);
	free(blob);
	return failed ? 1 : 0;
}

static int cmd_load(int argc, char **argv)
{
	struct kos_policy_load cmd = { .size = sizeof(cmd) };
	size_t len = 0;
	void *blob = NULL;
	int ret;

	if (argc != (argv[-1][0] == 'u' ? 0 : 1)) {
		fputs(usage, stderr);
		return 2;
	}
	if (argc) {
		blob = read_blob(argv[0], &len);
		if (!blob)
			return 1;
		cmd.blob = (unsigned long)blob;
		cmd.blob_len = len;
	} else {
		cmd.flags = KOS_POLICY_LOAD_CLEAR;
	}
	ret = kos_call(KOS_POLICY_LOAD, &cmd);
	free(blob);
	if (ret) {
		fprintf(stderr, "kos-policy: %s: %s\n", argc ? argv[0] : "unload",
			ret == -EINVAL ? "malformed policy (rejected by the kernel)" :
			strerror(-ret));
		return 1;
	}
	return 0;
}

static const char *sel(char *buf, size_t len, const char *key, u32 v)
{
	if (v == KPOL_NONE)
		return "";
	snprintf(buf, len, " %s=%u", key, v);
	return buf;
}

static void print_policy(const struct kpol *pol, u64 generation)
{
	static const char *const audits[] = { "none", "denied", "all" };
	const struct kpol_header *h = pol->hdr;
	u32 i;

	printf("// kos-linux policy v%u, generation %llu: %u classes, %u rules\n",
	       h->version, (unsigned long long)generation, h->nclasses, h->nrules);
	printf("use nk.base._\n");
	for (i = 0; i < h->nclasses; i++)
		printf("use EDL %s\n", pol->classes[i].name);
	printf("audit default = %s\n", audits[h->audit]);
	for (i = 1; i < KPOL_NKINDS; i++)
		printf("%s { %s () }\n", psl_kind_name(i), h->defaults[i] ? "grant" : "deny");
	for (i = 0; i < h->nrules; i++) {
		const struct kpol_rule *r = &pol->rules[i];
		char e[32], m[32];

		printf("%s%s%s%s%s%s%s { %s () }  // line %u\n", psl_kind_name(r->kind),
		       r->src != KPOL_NONE ? " src=" : "",
		       r->src != KPOL_NONE ? pol->classes[r->src].name : "",
		       r->dst != KPOL_NONE ? " dst=" : "",
		       r->dst != KPOL_NONE ? pol->classes[r->dst].name : "",
		       sel(e, sizeof(e), "endpoint", r->endpoint),
		       sel(m, sizeof(m), "method", r->method),
		       r->verdict ? "grant" : "deny", r->line);
	}
}

/* The loaded blob, grown until it fits; NULL after printing why. */
static void *fetch_policy(size_t *len, u64 *generation)
{
	struct kos_policy_show cmd = { .size = sizeof(cmd) };
	void *buf = NULL;
	int ret;

	for (;;) {
		ret = kos_call(KOS_POLICY_SHOW, &cmd);
		if (ret != -ENOSPC)
			break;
		free(buf);
		buf = malloc(cmd.blob_len);
		if (!buf)
			break;
		cmd.buf = (unsigned long)buf;
		cmd.buf_len = cmd.blob_len;
	}
	if (ret) {
		fprintf(stderr, "kos-policy: show: %s\n",
			ret == -ENOENT ? "no policy loaded" : strerror(-ret));
		free(buf);
		return NULL;
	}
	*len = cmd.blob_len;
	*generation = cmd.generation;
	return buf;
}

static int cmd_show(int argc, char **argv)
{
	u64 generation = 0;
	struct kpol pol;
	size_t len;
	void *blob;

	if (argc > 1) {
		fputs(usage, stderr);
		return 2;
	}
	blob = argc ? read_blob(argv[0], &len) : fetch_policy(&len, &generation);
	if (!blob)
		return 1;
	if (kos_policy_eval_parse(&pol, blob, len)) {
		fprintf(stderr, "kos-policy: malformed policy\n");
		free(blob);
		return 1;
	}
	print_policy(&pol, generation);
	free(blob);
	return 0;
}

static int parse_u32(const char *s, u32 *v)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 0);
	if (errno || *end || !*s || n >= KPOL_NONE)
		return -1;
	*v = n;
	return 0;
}

static int cmd_check(int argc, char **argv)
{
	struct kos_policy_eval cmd = { .size = sizeof(cmd),
				       .endpoint = KPOL_NONE, .method = KPOL_NONE };
	int i, ret;

	for (cmd.kind = 1; argc && cmd.kind < KPOL_NKINDS; cmd.kind++)
		if (!strcmp(argv[0], psl_kind_name(cmd.kind)))
			break;
	if (!argc || cmd.kind == KPOL_NKINDS)
		goto usage;
	for (i = 1; i < argc; i++) {
		const char *v = strchr(argv[i], '=');

		if (!strcmp(argv[i], "--audit"))
			cmd.flags |= KOS_EVAL_AUDIT;
		else if (!v || v - argv[i] > 8 || strlen(v + 1) >= KOS_CLASS_NAME_MAX)
			goto usage;
		else if (!strncmp(argv[i], "src=", 4))
			strcpy(cmd.src_class, v + 1);
		else if (!strncmp(argv[i], "dst=", 4))
			strcpy(cmd.dst_class, v + 1);
		else if (!strncmp(argv[i], "endpoint=", 9) ? parse_u32(v + 1, &cmd.endpoint) :
			 strncmp(argv[i], "method=", 7) || parse_u32(v + 1, &cmd.method))
			goto usage;
	}
	ret = kos_call(KOS_POLICY_EVALUATE, &cmd);
	if (ret) {
		fprintf(stderr, "kos-policy: check: %s\n", strerror(-ret));
		return 1;
	}
	if (cmd.matched)
		printf("%s (rule at line %u)\n", cmd.verdict ? "grant" : "deny", cmd.line);
	else
		printf("%s (default)\n", cmd.verdict ? "grant" : "deny");
	return cmd.verdict ? 0 : 1;
usage:
	fputs(usage, stderr);
	return 2;
}

static int cmd_class(int argc, char **argv)
{
	struct kos_policy_class cmd = { .size = sizeof(cmd) };
	int fd, ret;

	if (argc > 1 || (argc && strlen(argv[0]) >= sizeof(cmd.name))) {
		fputs(usage, stderr);
		return 2;
	}
	fd = kos_fd();
	if (fd < 0)
		return 1;
	if (argc) {
		strcpy(cmd.name, argv[0]);
		ret = ioctl(fd, KOS_POLICY_SET_CLASS, &cmd);
	} else {
		ret = ioctl(fd, KOS_POLICY_GET_CLASS, &cmd);
	}
	if (ret)
		fprintf(stderr, "kos-policy: class: %s\n",
			errno == ENOENT ? "no class set" : strerror(errno));
	else if (!argc)
		printf("%s\n", cmd.name);
	close(fd);
	return ret ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} cmds[] = {
		{ "compile", cmd_compile }, { "test", cmd_test }, { "load", cmd_load },
		{ "unload", cmd_load }, { "show", cmd_show }, { "check", cmd_check },
		{ "class", cmd_class },
	};
	size_t i;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	for (i = 0; argc > 1 && i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 2, argv + 2);
	fputs(usage, stderr);
	return 2;
}
