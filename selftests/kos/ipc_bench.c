// SPDX-License-Identifier: GPL-2.0
/*
 * Round trip of a 64-byte message over a kos channel between two processes
 * (the server answers with KosReplyRecv), against the pingpong.h baselines
 * measured in the same run: pipe pair, unix socket pair, futex, binder.
 * Also with one handle transferred per call, and with 1, 2 and 4 client
 * threads sharing the channel (ns per call, calls overlapping).  Every
 * figure is the median of ROUNDS runs.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <services/ocap.h>

#include "ipc_util.h"
#include "pingpong.h"

#define SERVER_THREADS 4

static pid_t start_server(const char *name)
{
	pid_t pid = fork();

	if (pid == 0) {
		pthread_t t[SERVER_THREADS - 1];
		Handle c, s;
		int i;

		if (KosChannelCreate(&c, &s) != rcOk ||
		    KosServicePublish(name, s) != rcOk)
			_exit(2);
		for (i = 0; i < SERVER_THREADS - 1; i++)
			pthread_create(&t[i], NULL, ipc_echo_thread,
				       (void *)(uintptr_t)s);
		ipc_echo_serve(s);
		_exit(0);
	}
	return pid;
}

struct client {
	Handle channel;
	Handle carried;		/* INVALID_HANDLE: no handle per call */
	long iters;
	int failed;
};

static void *client_main(void *arg)
{
	struct client *c = arg;
	struct tmsg out, in;
	long i;

	tmsg_init(&out, 1, "ping");
	if (c->carried != INVALID_HANDLE) {
		out.hdr.nhandles = 1;
		out.hdr.handles[0] = nk_handle_desc(c->carried, OCAP_HANDLE_TRANSFER);
	}
	for (i = 0; i < c->iters; i++) {
		in.hdr.size = sizeof(in);
		if (Call(c->channel, &out.hdr, &in.hdr) != rcOk) {
			c->failed = 1;
			break;
		}
	}
	return NULL;
}

/* ns per call with @threads clients issuing @iters calls in all. */
static double kos_run(Handle channel, Handle carried, int threads, long iters)
{
	struct client c[4];
	pthread_t t[4];
	double start, ns;
	int i, failed = 0;

	for (i = 0; i < threads; i++) {
		c[i] = (struct client){ channel, carried, iters / 10 / threads + 1, 0 };
		client_main(&c[i]);
		c[i].iters = iters / threads;
	}
	start = pingpong_now_ns();
	for (i = 0; i < threads; i++)
		pthread_create(&t[i], NULL, client_main, &c[i]);
	for (i = 0; i < threads; i++) {
		pthread_join(t[i], NULL);
		failed |= c[i].failed;
	}
	ns = (pingpong_now_ns() - start) / (iters / threads * threads);
	return failed ? -1 : ns;
}

#define ROUNDS 5

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * Median over ROUNDS runs of @iters / ROUNDS calls: in the VM a run's mean
 * depends on where the scheduler happened to put the two processes.
 */
static double median(double v[ROUNDS])
{
	qsort(v, ROUNDS, sizeof(v[0]), cmp_double);
	return v[ROUNDS / 2];
}

static double kos_median(Handle channel, Handle carried, int threads,
			 long iters)
{
	double v[ROUNDS];
	int r;

	for (r = 0; r < ROUNDS; r++) {
		v[r] = kos_run(channel, carried, threads, iters / ROUNDS);
		if (v[r] < 0)
			return -1;
	}
	return median(v);
}

static double pingpong_median(const struct pingpong_transport *t, long iters)
{
	double v[ROUNDS];
	int r;

	for (r = 0; r < ROUNDS; r++) {
		v[r] = pingpong_run(t, iters / ROUNDS);
		if (v[r] < 0)
			return v[r];
	}
	return median(v);
}

int main(int argc, char **argv)
{
	const struct pingpong_transport *base[] = {
		&pingpong_pipe, &pingpong_unix, &pingpong_futex, &pingpong_binder,
	};
	long iters = argc > 1 ? atol(argv[1]) : 20000;
	double base_ns[4], call, ns;
	Handle channel, obj;
	char name[64];
	unsigned int i;
	int st, threads;
	pid_t pid;

	if (access("/dev/binder", F_OK))
		(void)!system("insmod /lib/kos/binder_linux.ko devices=binder 2>/dev/null");
	ipc_name(name, sizeof(name), "bench");
	pid = start_server(name);
	if (pid < 0 || KosServiceConnect(name, 5000, &channel) != rcOk ||
	    KnHandleCreateUserObject(HANDLE_TYPE_USER_FIRST, OCAP_HANDLE_FULL,
				     NULL, &obj) != rcOk) {
		printf("# kos channel unavailable\n");
		return 1;
	}
	call = kos_median(channel, INVALID_HANDLE, 1, iters);
	printf("bench: kos_call_rtt %.0f ns\n", call);
	ns = kos_median(channel, obj, 1, iters);
	printf("bench: kos_call_1handle_rtt %.0f ns\n", ns);
	for (threads = 1; threads <= 4; threads *= 2) {
		ns = kos_median(channel, INVALID_HANDLE, threads, iters);
		printf("bench: kos_call_%dthreads %.0f ns/call\n", threads, ns);
	}
	KnHandleClose(channel);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);

	for (i = 0; i < 4; i++) {
		base_ns[i] = pingpong_median(base[i], iters);
		if (base_ns[i] < 0) {
			printf("# %s: unavailable (%s)\n", base[i]->name,
			       strerror((int)-base_ns[i]));
			continue;
		}
		printf("bench: pingpong_%s_rtt %.0f ns\n", base[i]->name, base_ns[i]);
		printf("ratio: call_vs_%s %.2f\n", base[i]->name, call / base_ns[i]);
	}
	return call < 0;
}
