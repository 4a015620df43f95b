// SPDX-License-Identifier: GPL-2.0
/*
 * What the security policy costs IPC: Call round trips of a 64-byte
 * message between a client process of class C and an echo server process
 * of class S, with no policy, a 10-rule and a 10 000-rule policy (each
 * request and each reply is checked; the rules are hashed, so 10 000 cost
 * what 10 do).  Calls spread over the endpoints the rules name.  Needs root
 * to set classes and load policies.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

#include "kos_util.h"
#include "policy_ipc.h"
#include "policy_load.h"

#define ROUNDS 5

static int echo_main(Handle server, int unused)
{
	(void)unused;
	return ipc_echo_serve(server) == rcNotConnected ? 0 : 1;
}

/* Load the @n-rule policy (none for 0). */
static int load_n(int fd, unsigned int n)
{
	char *text;
	int ret;

	if (!n)
		return policy_unload(fd);
	text = policy_text_n_rules(n);
	if (!text)
		return -ENOMEM;
	ret = policy_load_text(fd, text);
	free(text);
	return ret;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Mean ns per Call over @iters calls, endpoints 1..@n in turn. */
static double run(Handle client, unsigned int n, long iters)
{
	double start = now_ns();
	long i;

	for (i = 0; i < iters; i++)
		if (call_ep(client, 1 + (rtl_uint32_t)(i % (n ? n : 1)), 1) != rcOk)
			return -1;
	return (now_ns() - start) / iters;
}

int main(int argc, char **argv)
{
	static const unsigned int sizes[] = { 0, 10, 10000 };
	long iters = argc > 1 ? atol(argv[1]) : 10000;
	double ns[3] = { 1e18, 1e18, 1e18 };
	unsigned int i, round;
	int fd = kos_open(), st, ret = 1;
	char name[64];
	Handle client;
	pid_t pid;

	if (fd < 0) {
		perror("policy_bench: /dev/kos");
		return 1;
	}
	ipc_name(name, sizeof(name), "policy-bench");
	pid = fork_class_server("S", name, echo_main, 0);
	if (pid < 0 || connect_as("C", name, &client) != rcOk) {
		fprintf(stderr, "policy_bench: no echo server of class S (root needed)\n");
		goto out;
	}
	run(client, 1, iters / 10 + 1);	/* warm up */
	/* interleave, keep the best round of each: less noise from the host */
	for (round = 0; round < ROUNDS; round++) {
		for (i = 0; i < 3; i++) {
			double v;

			st = load_n(fd, sizes[i]);
			if (st) {
				fprintf(stderr, "policy_bench: load %u rules: %s\n", sizes[i],
					strerror(-st));
				goto out;
			}
			v = run(client, sizes[i], iters);
			if (v < 0) {
				fprintf(stderr, "policy_bench: Call failed with %u rules\n",
					sizes[i]);
				goto out;
			}
			if (v < ns[i])
				ns[i] = v;
		}
	}
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
	close(fd);
	return ret;
}
