// SPDX-License-Identifier: GPL-2.0
/*
 * What the security policy costs IPC: Call round trips of a 64-byte
 * message between a client process of class C and an echo server process
 * of class S, with no policy, a 10-rule and a 10 000-rule policy (each
 * request and each reply is checked; the rules are hashed, so 10 000 cost
 * what 10 do).  Calls spread over the endpoints the rules name.  Needs root
 * to set classes and load policies.
 *
 * Both processes share one CPU, so a round trip is two context switches
 * and no cross-CPU wake-up, whose latency in a TCG VM on a busy host is
 * far larger and noisier than what is measured.  The three cases are
 * interleaved in chunks, and each reports the 10th percentile of its single
 * round trips: in the VM on a shared host the times are bimodal (a clean
 * round trip, or one the host delayed by some 30 us, in proportions that
 * drift), so the median jumps between modes while the low percentile
 * stays on the clean one.
 */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

#include "kos_util.h"
#include "policy_ipc.h"
#include "policy_load.h"

#define CASES 3

static int echo_main(Handle server, int unused)
{
	(void)unused;
	return ipc_echo_serve(server) == rcNotConnected ? 0 : 1;
}

struct bench_case {
	unsigned int rules;	/* 0: no policy */
	void *blob;
	size_t len;
	double *ns;		/* one per measured round trip */
	long n;
};

/* Compile the @c->rules-rule policy once (none for 0); room for @calls times. */
static int prepare_case(struct bench_case *c, long calls)
{
	char *text;

	c->ns = malloc(calls * sizeof(*c->ns));
	if (!c->ns)
		return -1;
	if (!c->rules)
		return 0;
	text = policy_text_n_rules(c->rules);
	c->blob = text ? policy_compile_text(text, &c->len) : NULL;
	free(text);
	return c->blob ? 0 : -1;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* @iters Calls, endpoints 1..@n in turn, each one's time appended to @c. */
static int run(Handle client, struct bench_case *c, unsigned int n, long iters)
{
	long i;

	for (i = 0; i < iters; i++) {
		double start = now_ns();

		if (call_ep(client, 1 + (rtl_uint32_t)(i % (n ? n : 1)), 1) != rcOk)
			return -1;
		if (c)
			c->ns[c->n++] = now_ns() - start;
	}
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double percentile10(struct bench_case *c)
{
	qsort(c->ns, c->n, sizeof(*c->ns), cmp_double);
	return c->ns[c->n / 10];
}

int main(int argc, char **argv)
{
	struct bench_case cases[CASES] = { { .rules = 0 }, { .rules = 10 }, { .rules = 10000 } };
	long chunk = argc > 1 ? atol(argv[1]) : 250;
	int rounds = argc > 2 ? atoi(argv[2]) : 20;
	int fd = kos_open(), st, ret = 1, round, i;
	double ns[CASES];
	cpu_set_t one;
	char name[64];
	Handle client;
	pid_t pid = -1;

	if (fd < 0) {
		perror("policy_bench: /dev/kos");
		return 1;
	}
	for (i = 0; i < CASES; i++) {
		if (prepare_case(&cases[i], chunk * rounds)) {
			fprintf(stderr, "policy_bench: preparing %u rules failed\n",
				cases[i].rules);
			goto out;
		}
	}
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	if (sched_setaffinity(0, sizeof(one), &one))
		perror("policy_bench: sched_setaffinity");
	ipc_name(name, sizeof(name), "policy-bench");
	pid = fork_class_server("S", name, echo_main, 0);
	if (pid < 0 || connect_as("C", name, &client) != rcOk) {
		fprintf(stderr, "policy_bench: no echo server of class S (root needed)\n");
		goto out;
	}
	run(client, NULL, 1, chunk);	/* warm up */
	for (round = 0; round < rounds; round++) {
		for (i = 0; i < CASES; i++) {
			struct bench_case *c = &cases[i];
			int err = c->rules ? policy_load(fd, c->blob, c->len) : policy_unload(fd);

			if (err) {
				fprintf(stderr, "policy_bench: load %u rules: %s\n", c->rules,
					strerror(-err));
				goto out;
			}
			run(client, NULL, c->rules, chunk / 10);	/* settle */
			if (run(client, c, c->rules, chunk)) {
				fprintf(stderr, "policy_bench: Call failed with %u rules\n",
					c->rules);
				goto out;
			}
		}
	}
	for (i = 0; i < CASES; i++)
		ns[i] = percentile10(&cases[i]);
	printf("bench: policy_call_none %.0f ns\n", ns[0]);
	printf("bench: policy_call_10 %.0f ns\n", ns[1]);
	printf("bench: policy_call_10000 %.0f ns\n", ns[2]);
	printf("ratio: policy10_vs_none %.3f\n", ns[1] / ns[0]);
	printf("ratio: policy10000_vs_none %.3f\n", ns[2] / ns[0]);
	ret = 0;
out:
	policy_unload(fd);
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
	for (i = 0; i < CASES; i++) {
		free(cases[i].blob);
		free(cases[i].ns);
	}
	close(fd);
	return ret;
}
