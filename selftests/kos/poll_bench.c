// SPDX-License-Identifier: GPL-2.0
/*
 * What polling costs in CPU time.  A Call that polls for its reply, and a
 * server that polls for the next request, trade CPU for latency; this
 * counts the CPU seconds (user + system, client and server together) per
 * round trip:
 *
 *  call_cpu_vs_pipe_cpu            CPU per Call (polling as configured)
 *                                  over CPU per pipe ping-pong
 *  call_slow_server_cpu_vs_nopoll  CPU per Call to a server that takes
 *                                  1 ms to answer (it sleeps), polling on
 *                                  over polling off: polling must learn
 *                                  that waiting for this peer does not pay
 *
 * Both sides are child processes of this one (or this one), so their CPU
 * time is in getrusage(RUSAGE_SELF) + getrusage(RUSAGE_CHILDREN) once the
 * server has been waited for.  Each figure is the median of ROUNDS runs.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#include "ipc_util.h"
#include "kos_util.h"
#include "pingpong.h"

#define ROUNDS 5
#define SPIN_PARAM "/sys/module/kos/parameters/ipc_spin_us"

static double cpu_seconds(void)
{
	struct rusage self, kids;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	return self.ru_utime.tv_sec + self.ru_stime.tv_sec +
	       kids.ru_utime.tv_sec + kids.ru_stime.tv_sec +
	       (self.ru_utime.tv_usec + self.ru_stime.tv_usec +
		kids.ru_utime.tv_usec + kids.ru_stime.tv_usec) / 1e6;
}

/* Echo server answering each request after @delay_us of sleep. */
static void serve(const char *name, long delay_us)
{
	struct timespec ts = { 0, delay_us * 1000 };
	struct tmsg in, out;
	Handle c, s;
	Retcode rc;

	if (KosChannelCreate(&c, &s) != rcOk || KosServicePublish(name, s) != rcOk)
		_exit(2);
	in.hdr.size = sizeof(in);
	rc = Recv(s, &in.hdr);
	while (rc == rcOk) {
		if (delay_us)
			nanosleep(&ts, NULL);
		out = in;
		out.hdr.mid++;
		in.hdr.size = sizeof(in);
		rc = KosReplyRecv(s, &out.hdr, &in.hdr);
	}
	_exit(0);
}

/* CPU seconds per Call to a fresh server; -1 on failure. */
static double call_cpu(long iters, long delay_us)
{
	static int round;
	struct tmsg out, in;
	double cpu = -1;
	Handle channel;
	char name[64];
	long i, n = iters + iters / 10 + 1;
	pid_t pid;
	int st;

	snprintf(name, sizeof(name), "test.poll.%d.%d", (int)getpid(), round++);
	pid = fork();
	if (pid == 0)
		serve(name, delay_us);
	if (pid < 0 || KosServiceConnect(name, 5000, &channel) != rcOk)
		goto out;
	tmsg_init(&out, 1, "ping");
	cpu = cpu_seconds();
	for (i = 0; i < n; i++) {
		in.hdr.size = sizeof(in);
		if (Call(channel, &out.hdr, &in.hdr) != rcOk) {
			cpu = -1;
			break;
		}
	}
	KnHandleClose(channel);
out:
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
	return cpu < 0 ? -1 : (cpu_seconds() - cpu) / n;
}

/* CPU seconds per pipe round trip (pingpong_run also warms up first). */
static double pipe_cpu(long iters)
{
	double cpu = cpu_seconds();

	if (pingpong_run(&pingpong_pipe, iters) < 0)
		return -1;
	return (cpu_seconds() - cpu) / (iters + iters / 10 + 1);
}

static double median_cpu(long iters, long delay_us, int is_pipe)
{
	double v[ROUNDS];
	int r;

	for (r = 0; r < ROUNDS; r++) {
		v[r] = is_pipe ? pipe_cpu(iters) : call_cpu(iters, delay_us);
		if (v[r] < 0)
			return -1;
	}
	return kos_median(v, ROUNDS);
}

int main(int argc, char **argv)
{
	long iters = argc > 1 ? atol(argv[1]) : 10000;
	double pipe, call, slow_on, slow_off;
	char spin[32] = "";
	FILE *f;

	f = fopen(SPIN_PARAM, "r");
	if (!f || !fgets(spin, sizeof(spin), f)) {
		fprintf(stderr, "poll_bench: cannot read %s\n", SPIN_PARAM);
		return 1;
	}
	fclose(f);
	spin[strcspn(spin, "\n")] = 0;

	pipe = median_cpu(iters, 0, 1);
	call = median_cpu(iters, 0, 0);
	slow_on = median_cpu(iters / 20, 1000, 0);
	if (kos_write_file(SPIN_PARAM, "0")) {
		fprintf(stderr, "poll_bench: cannot turn polling off\n");
		return 1;
	}
	slow_off = median_cpu(iters / 20, 1000, 0);
	kos_write_file(SPIN_PARAM, spin);
	if (pipe <= 0 || call < 0 || slow_on < 0 || slow_off <= 0) {
		fprintf(stderr, "poll_bench: a run failed\n");
		return 1;
	}
	printf("bench: pipe_cpu %.2f us/roundtrip\n", pipe * 1e6);
	printf("bench: call_cpu_spin%s %.2f us/call\n", spin, call * 1e6);
	printf("bench: call_slow_server_cpu_spin%s %.2f us/call\n", spin, slow_on * 1e6);
	printf("bench: call_slow_server_cpu_nopoll %.2f us/call\n", slow_off * 1e6);
	printf("ratio: call_cpu_vs_pipe_cpu %.2f\n", call / pipe);
	printf("ratio: call_slow_server_cpu_vs_nopoll %.2f\n", slow_on / slow_off);
	return 0;
}
