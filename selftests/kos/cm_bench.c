// SPDX-License-Identifier: GPL-2.0
/*
 * Costs of finding a server: a KnCmConnect answered by KnCmAccept into a
 * listener (connect round trip, two processes), an NsEnumServices lookup
 * among 256 entries, and an Entity start (EntityInit + EntityRun of a
 * program that exits at once, to its exit).  Prints "bench: NAME VALUE UNIT"
 * and the ratio connect/plain Call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

#include <coresrv/cm/cm_api.h>
#include <coresrv/entity/entity_api.h>
#include <coresrv/ns/ns_api.h>

#include "ipc_util.h"

#define CONNECTS 2000
#define LOOKUPS 20000
#define STARTS 50

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Accept every request into one listener until the parent is done. */
static int accept_all(Handle listener)
{
	char client[KN_CM_NAME_MAX], service[KN_CM_NAME_MAX];
	Handle h;

	while (KnCmListen(RTL_NULL, 2000, client, service) == rcOk)
		if (KnCmAccept(client, service, 1, listener, &h) != rcOk)
			return 1;
	return 0;
}

/* Microseconds per KnCmConnect (plus the close of its handle). */
static double connect_us(void)
{
	rtl_uint32_t rsid;
	Handle c, s, h;
	double t0;
	pid_t pid;
	int i;

	if (KosChannelCreate(&c, &s) != rcOk)
		return -1;
	pid = fork();
	if (!pid) {
		setenv("KOS_ENTITY_NAME", "bench.server", 1);
		_exit(accept_all(s));
	}
	/* The first connect waits for the server to listen: not timed. */
	if (KnCmConnect("bench.server", "bench", 5000, &h, &rsid) != rcOk)
		return -1;
	KnHandleClose(h);
	t0 = now_us();
	for (i = 0; i < CONNECTS; i++) {
		if (KnCmConnect("bench.server", "bench", 5000, &h, &rsid) != rcOk)
			return -1;
		KnHandleClose(h);
	}
	t0 = (now_us() - t0) / CONNECTS;
	waitpid(pid, NULL, 0);
	return t0;
}

/* Microseconds per Call on an echo server thread, the comparison. */
static double call_us(void)
{
	struct tmsg out, in;
	Handle c, s;
	pthread_t t;
	double t0;
	int i;

	if (KosChannelCreate(&c, &s) != rcOk)
		return -1;
	pthread_create(&t, NULL, ipc_echo_thread, (void *)(uintptr_t)s);
	tmsg_init(&out, 1, "x");
	t0 = now_us();
	for (i = 0; i < CONNECTS; i++) {
		tmsg_init(&in, 0, "");
		if (Call(c, &out.hdr, &in.hdr) != rcOk)
			return -1;
	}
	t0 = (now_us() - t0) / CONNECTS;
	KnHandleClose(s);
	pthread_join(t, NULL);
	return t0;
}

/* Microseconds per NsEnumServices of the last of 256 entries. */
static double lookup_us(void)
{
	char srv[NS_NAME_MAX], svc[NS_NAME_MAX];
	NsHandle ns;
	double t0;
	int i;

	if (NsCreate(RTL_NULL, 0, &ns) != rcOk)
		return -1;
	for (i = 0; i < 256; i++) {
		snprintf(svc, sizeof(svc), "bench.%d", i);
		if (NsPublishService(ns, "bench.Type", "bench", svc) != rcOk)
			return -1;
	}
	t0 = now_us();
	for (i = 0; i < LOOKUPS; i++)
		if (NsEnumServices(ns, "bench.Type", 255, srv, sizeof(srv), svc,
				   sizeof(svc)) != rcOk)
			return -1;
	return (now_us() - t0) / LOOKUPS;
}

/* Milliseconds from EntityInit to the exit of a program that does nothing. */
static double start_ms(void)
{
	EntityInfo info = { .eiid = "bench.True", .args = { RTL_NULL } };
	double t0 = now_us();
	Entity *e;
	int i;

	for (i = 0; i < STARTS; i++) {
		e = EntityInitEx(&info, "true", "/bin/true");
		if (!e || EntityRun(e) != rcOk)
			return -1;
		waitpid(KosEntityGetPid(e), NULL, 0);
	}
	return (now_us() - t0) / STARTS / 1000;
}

int main(void)
{
	double conn = connect_us(), call = call_us();

	if (conn < 0 || call < 0) {
		fprintf(stderr, "cm_bench: connect or call failed\n");
		return 1;
	}
	printf("bench: cm_connect_accept %.1f us\n", conn);
	printf("bench: ipc_call_same_process %.1f us\n", call);
	printf("ratio: cm_connect_vs_call %.1f\n", conn / call);
	printf("bench: ns_enum_last_of_256 %.2f us\n", lookup_us());
	printf("bench: entity_start_to_exit %.2f ms\n", start_ms());
	return 0;
}
