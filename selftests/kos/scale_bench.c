// SPDX-License-Identifier: GPL-2.0
/*
 * Does the module scale with independent processes?  Aggregate throughput
 * of two processes over one, each working on its own objects, so that any
 * lock they share shows as a ratio near 1.0 (two CPUs: 2.0 is perfect):
 *
 *  handle_ops_2proc_vs_1proc  handle create + close, each process in its
 *                             own context
 *  call_2pairs_vs_1pair       Call round trips of independent client/server
 *                             process pairs, each pair on its own channel,
 *                             with polling off (ipc_spin_us = 0) so that
 *                             both pairs sleep and wake as real peers do
 *
 * Worker i (and its server) is pinned to CPU i: a pair then switches
 * between client and server on one CPU, as a Call meant to, instead of
 * measuring how fast an idle virtual CPU wakes.  Each figure is the median
 * of ROUNDS runs; all workers start together (a pipe releases them) and
 * the clock stops when the last one exits.
 */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <services/ocap.h>

#include "handle_util.h"
#include "ipc_util.h"
#include "kos_util.h"

#define ROUNDS 5
#define MAX_WORKERS 2
#define SPIN_PARAM "/sys/module/kos/parameters/ipc_spin_us"

/* A worker: set up, say so on @ready, wait for @go, do @iters operations. */
typedef int (*worker_fn)(int ready, int go, long iters, int idx);

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static int wait_go(int ready, int go)
{
	char c = 0;

	return write(ready, &c, 1) == 1 && read(go, &c, 1) == 1 ? 0 : -1;
}

static int handle_worker(int ready, int go, long iters, int idx)
{
	int fd = kos_open(), h;
	long i;

	(void)idx;
	if (fd < 0 || wait_go(ready, go))
		return 1;
	for (i = 0; i < iters; i++)
		if (h_create(fd, R_ALL, &h) || h_close(fd, h))
			return 1;
	return 0;
}

static char svc_names[MAX_WORKERS][64];

static int call_worker(int ready, int go, long iters, int idx)
{
	struct tmsg out, in;
	Handle channel;
	long i;

	if (KosServiceConnect(svc_names[idx], 5000, &channel) != rcOk)
		return 1;
	tmsg_init(&out, 1, "ping");
	for (i = 0; i < iters / 10 + 1; i++) {	/* warm up: caches, wakeups */
		in.hdr.size = sizeof(in);
		if (Call(channel, &out.hdr, &in.hdr) != rcOk)
			return 1;
	}
	if (wait_go(ready, go))
		return 1;
	for (i = 0; i < iters; i++) {
		in.hdr.size = sizeof(in);
		if (Call(channel, &out.hdr, &in.hdr) != rcOk)
			return 1;
	}
	return 0;
}

/* Operations per second of @n workers doing @iters each; -1 on failure. */
static double run_workers(worker_fn fn, int n, long iters)
{
	int ready[2], go[2], i, st, failed = 0;
	pid_t pid[MAX_WORKERS];
	double start;
	char c = 0;

	if (pipe(ready) || pipe(go))
		return -1;
	for (i = 0; i < n; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			pin(i);
			_exit(fn(ready[1], go[0], iters, i));
		}
	}
	for (i = 0; i < n; i++)
		if (read(ready[0], &c, 1) != 1)
			failed = 1;
	start = kos_now_ns();
	for (i = 0; i < n; i++)
		if (write(go[1], &c, 1) != 1)
			failed = 1;
	for (i = 0; i < n; i++) {
		if (waitpid(pid[i], &st, 0) != pid[i] || !WIFEXITED(st) ||
		    WEXITSTATUS(st))
			failed = 1;
	}
	start = kos_now_ns() - start;
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
	return failed ? -1 : n * iters / (start / 1e9);
}

static double median_rate(worker_fn fn, int n, long iters)
{
	double v[ROUNDS];
	int r;

	for (r = 0; r < ROUNDS; r++) {
		v[r] = run_workers(fn, n, iters);
		if (v[r] < 0)
			return -1;
	}
	return kos_median(v, ROUNDS);
}

/* One echo server process per pair, each on a channel of its own. */
static pid_t start_server(const char *name, int cpu)
{
	pid_t pid = fork();
	Handle c, s;

	if (pid == 0) {
		pin(cpu);
		if (KosChannelCreate(&c, &s) != rcOk ||
		    KosServicePublish(name, s) != rcOk)
			_exit(2);
		ipc_echo_serve(s);
		_exit(0);
	}
	return pid;
}

/* Print the pair of rates and their ratio; 0, or 1 when a run failed. */
static int report(const char *what, const char *ratio, double one, double two)
{
	if (one < 0 || two < 0) {
		fprintf(stderr, "scale_bench: %s failed\n", what);
		return 1;
	}
	printf("bench: %s_1 %.0f ops/s\n", what, one);
	printf("bench: %s_2 %.0f ops/s\n", what, two);
	printf("ratio: %s %.2f\n", ratio, two / one);
	return 0;
}

int main(int argc, char **argv)
{
	long iters = argc > 1 ? atol(argv[1]) : 20000;
	char spin[32] = "";
	double one, two;
	pid_t srv[MAX_WORKERS];
	int i, st, rc = 0;
	FILE *f;

	one = median_rate(handle_worker, 1, iters);
	two = median_rate(handle_worker, 2, iters);
	rc |= report("handle_ops", "handle_ops_2proc_vs_1proc", one, two);

	f = fopen(SPIN_PARAM, "r");
	if (!f || !fgets(spin, sizeof(spin), f) ||
	    kos_write_file(SPIN_PARAM, "0")) {
		fprintf(stderr, "scale_bench: cannot turn polling off\n");
		return 1;
	}
	fclose(f);
	for (i = 0; i < MAX_WORKERS; i++) {
		ipc_name(svc_names[i], sizeof(svc_names[i]), i ? "scale1" : "scale0");
		srv[i] = start_server(svc_names[i], i);
	}
	one = median_rate(call_worker, 1, iters / 4);
	two = median_rate(call_worker, 2, iters / 4);
	rc |= report("call_pairs", "call_2pairs_vs_1pair", one, two);
	for (i = 0; i < MAX_WORKERS; i++) {
		kill(srv[i], SIGKILL);
		waitpid(srv[i], &st, 0);
	}
	spin[strcspn(spin, "\n")] = 0;
	kos_write_file(SPIN_PARAM, spin);
	return rc;
}
