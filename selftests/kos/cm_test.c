// SPDX-License-Identifier: GPL-2.0
/*
 * Connection manager: KnCmConnect/Listen/Accept/Drop between threads and
 * processes, timeouts on both sides, refusal, peer death, bad arguments;
 * and KosCallTimeout, which KnCmConnect's timeout rests on.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

#include <coresrv/cm/cm_api.h>
#include <kos/linux.h>

#include "kselftest_harness.h"
#include "proc_util.h"
#include "kos_util.h"
#include "ipc_util.h"

/* The test program's process name (no KOS_ENTITY_NAME in the suite). */
#define SELF "cm_test"
#define SERVICE "blkdev.ata"

/* What the listening thread does with each request. */
enum verdict { ACCEPT_NEW, ACCEPT_LISTENER, DROP, ACCEPT_LATE };

struct server {
	enum verdict verdict;
	int requests;
	Handle listener;	/* ACCEPT_LISTENER: the channel to share */
	Retcode rc;		/* of the last Accept/Drop */
	char client[KN_CM_NAME_MAX], service[KN_CM_NAME_MAX];
};

/* Listen for s->requests requests and answer them; serve new channels. */
static void *cm_server(void *arg)
{
	struct server *s = arg;
	pthread_t echo;
	Handle h;
	int i;

	for (i = 0; i < s->requests; i++) {
		s->rc = KnCmListen(RTL_NULL, 5000, s->client, s->service);
		if (s->rc != rcOk)
			return NULL;
		switch (s->verdict) {
		case DROP:
			s->rc = KnCmDrop(s->client, s->service);
			break;
		case ACCEPT_LATE:
			usleep(300000);
			/* fall through */
		case ACCEPT_NEW:
			s->rc = KnCmAccept(s->client, s->service, 7, INVALID_HANDLE, &h);
			if (s->rc == rcOk) {
				pthread_create(&echo, NULL, ipc_echo_thread,
					       (void *)(uintptr_t)h);
				pthread_detach(echo);
			}
			break;
		case ACCEPT_LISTENER:
			s->rc = KnCmAccept(s->client, s->service, 9, s->listener, &h);
			if (s->rc == rcOk && h != s->listener)
				s->rc = rcInternalError;
			break;
		}
	}
	return NULL;
}

/* One echo Call, for a child process: true when answered right. */
static bool call_ok(Handle h, const char *text)
{
	struct tmsg out, in;

	tmsg_init(&out, 1, text);
	tmsg_init(&in, 0, "");
	return Call(h, &out.hdr, &in.hdr) == rcOk && in.hdr.mid == 2 &&
	       !strcmp(in.data, text);
}

/* Answer one request with its payload and mid + 1. */
static Retcode serve_one(Handle h)
{
	struct tmsg in;
	Retcode rc;

	tmsg_init(&in, 0, "");
	rc = Recv(h, &in.hdr);
	if (rc != rcOk)
		return rc;
	in.hdr.mid++;
	return Reply(h, &in.hdr);
}

/* Fork a process named @name (NULL: like this one) that exits with fn(). */
static pid_t child(const char *name, int (*fn)(void))
{
	pid_t pid = fork();

	if (!pid) {
		if (name)
			setenv("KOS_ENTITY_NAME", name, 1);
		_exit(fn());
	}
	return pid;
}

static void echo_once(struct __test_metadata *_metadata, Handle h, const char *text)
{
	struct tmsg out, in;

	tmsg_init(&out, 1, text);
	tmsg_init(&in, 0, "");
	ASSERT_EQ(rcOk, Call(h, &out.hdr, &in.hdr));
	EXPECT_EQ(2, in.hdr.mid);
	EXPECT_STREQ(text, in.data);
}

TEST(connect_accept_call)
{
	struct server s = { .verdict = ACCEPT_NEW, .requests = 1 };
	rtl_uint32_t rsid = 0;
	pthread_t t;
	Handle h;

	ASSERT_EQ(0, pthread_create(&t, NULL, cm_server, &s));
	ASSERT_EQ(rcOk, KnCmConnect(SELF, SERVICE, 5000, &h, &rsid));
	pthread_join(t, NULL);
	EXPECT_EQ(rcOk, s.rc);
	EXPECT_STREQ(SELF, s.client);
	EXPECT_STREQ(SERVICE, s.service);
	EXPECT_EQ(7, rsid);
	echo_once(_metadata, h, "over a managed channel");
}

/* Two connections to the listener test's server; their Calls. */
static int two_clients(void)
{
	rtl_uint32_t rsid1 = 0, rsid2 = 0;
	Handle h1, h2;

	if (KnCmConnect(SELF, SERVICE, 5000, &h1, &rsid1) != rcOk ||
	    KnCmConnect(SELF, "blkdev.sata", 5000, &h2, &rsid2) != rcOk)
		return 1;
	if (h1 == h2 || rsid1 != 9 || rsid2 != 9)
		return 2;
	return call_ok(h1, "first") && call_ok(h2, "second") ? 0 : 3;
}

/*
 * Accept with a listener: every client lands on one server endpoint.  The
 * clients are another process (in this one, a received client endpoint
 * would be dereferenced to the root handle it was made from).
 */
TEST(accept_into_listener)
{
	struct server s = { .verdict = ACCEPT_LISTENER, .requests = 2 };
	pthread_t t, echo;
	pid_t pid;
	Handle c;

	ASSERT_EQ(rcOk, KosChannelCreate(&c, &s.listener));
	ASSERT_EQ(0, pthread_create(&t, NULL, cm_server, &s));
	pid = child(NULL, two_clients);
	pthread_join(t, NULL);
	EXPECT_EQ(rcOk, s.rc);
	ASSERT_EQ(0, pthread_create(&echo, NULL, ipc_echo_thread,
				    (void *)(uintptr_t)s.listener));
	EXPECT_EQ(0, child_status(pid));
	KnHandleClose(s.listener);
	pthread_join(echo, NULL);
}

TEST(drop_refuses)
{
	struct server s = { .verdict = DROP, .requests = 1 };
	rtl_uint32_t rsid;
	pthread_t t;
	Handle h = INVALID_HANDLE;

	ASSERT_EQ(0, pthread_create(&t, NULL, cm_server, &s));
	EXPECT_EQ(rcNotConnected, KnCmConnect(SELF, SERVICE, 5000, &h, &rsid));
	pthread_join(t, NULL);
	EXPECT_EQ(rcOk, s.rc);
	EXPECT_EQ(INVALID_HANDLE, h);
}

TEST(connect_timeout_no_server)
{
	struct timespec t0;
	rtl_uint32_t rsid;
	Handle h;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	EXPECT_EQ(rcTimeout, KnCmConnect("no.such.server", SERVICE, 150, &h, &rsid));
	EXPECT_LE(150 - TIMER_SLACK_MS, ms_since(&t0));
	EXPECT_GT(3000, ms_since(&t0));
}

/* The server exists but never answers: the timeout bounds the wait. */
TEST(connect_timeout_not_accepted)
{
	char client[KN_CM_NAME_MAX], service[KN_CM_NAME_MAX];
	struct timespec t0;
	rtl_uint32_t rsid;
	Handle h;

	/* A first Listen publishes the endpoint; nobody listens after it. */
	EXPECT_EQ(rcTimeout, KnCmListen(RTL_NULL, 0, client, service));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	EXPECT_EQ(rcTimeout, KnCmConnect(SELF, SERVICE, 200, &h, &rsid));
	EXPECT_LE(200 - TIMER_SLACK_MS, ms_since(&t0));
	/* The request was withdrawn: nothing is left to listen to. */
	EXPECT_EQ(rcTimeout, KnCmListen(RTL_NULL, 0, client, service));
	EXPECT_EQ(0, kos_live_objects("ipc_requests"));
}

TEST(listen_timeout)
{
	char client[KN_CM_NAME_MAX], service[KN_CM_NAME_MAX];
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	EXPECT_EQ(rcTimeout, KnCmListen(RTL_NULL, 120, client, service));
	EXPECT_LE(120, ms_since(&t0));
}

/* The client gave up while the server held its request. */
TEST(accept_after_client_timeout)
{
	struct server s = { .verdict = ACCEPT_LATE, .requests = 1 };
	long channels = kos_live_objects("channels");
	rtl_uint32_t rsid;
	pthread_t t;
	Handle h;

	ASSERT_EQ(0, pthread_create(&t, NULL, cm_server, &s));
	EXPECT_EQ(rcTimeout, KnCmConnect(SELF, SERVICE, 100, &h, &rsid));
	pthread_join(t, NULL);
	EXPECT_EQ(rcNotConnected, s.rc);
	/* The channel made for it was closed again: only the CM endpoint's is new. */
	EXPECT_EQ(channels + 1, kos_live_objects("channels"));
}

/* Listen, then exit holding the request. */
static int listen_and_die(void)
{
	char client[KN_CM_NAME_MAX], service[KN_CM_NAME_MAX];

	return KnCmListen(RTL_NULL, 5000, client, service) == rcOk ? 0 : 1;
}

TEST(server_dies_holding_request)
{
	pid_t pid = child("cm.dying", listen_and_die);
	rtl_uint32_t rsid;
	Handle h;

	EXPECT_EQ(rcNotConnected, KnCmConnect("cm.dying", SERVICE, 5000, &h, &rsid));
	EXPECT_EQ(0, child_status(pid));
}

static int connect_and_call(void)
{
	rtl_uint32_t rsid;
	Handle h;

	if (KnCmConnect(SELF, SERVICE, 5000, &h, &rsid) != rcOk || rsid != 7)
		return 1;
	return call_ok(h, "from a process") ? 0 : 2;
}

/* Client and server in two processes, the client named by KOS_ENTITY_NAME. */
TEST(between_processes)
{
	char client[KN_CM_NAME_MAX], service[KN_CM_NAME_MAX];
	pid_t pid = child("cm.client", connect_and_call);
	Handle h;

	ASSERT_EQ(rcOk, KnCmListen(RTL_NULL, 5000, client, service));
	EXPECT_STREQ("cm.client", client);
	ASSERT_EQ(rcOk, KnCmAccept(client, service, 7, INVALID_HANDLE, &h));
	EXPECT_EQ(rcOk, serve_one(h));
	EXPECT_EQ(0, child_status(pid));
}

TEST(bad_arguments)
{
	char client[KN_CM_NAME_MAX], service[KN_CM_NAME_MAX];
	char longname[80];
	rtl_uint32_t rsid;
	Handle h;

	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	EXPECT_EQ(rcInvalidArgument, KnCmConnect(RTL_NULL, SERVICE, 0, &h, &rsid));
	EXPECT_EQ(rcInvalidArgument, KnCmConnect(SELF, RTL_NULL, 0, &h, &rsid));
	EXPECT_EQ(rcInvalidArgument, KnCmConnect(SELF, "", 0, &h, &rsid));
	EXPECT_EQ(rcInvalidArgument, KnCmConnect(SELF, SERVICE, 0, RTL_NULL, &rsid));
	EXPECT_EQ(rcInvalidArgument, KnCmConnect(SELF, SERVICE, 0, &h, RTL_NULL));
	EXPECT_EQ(rcInvalidArgument, KnCmConnect(longname, SERVICE, 0, &h, &rsid));
	longname[57] = '\0';	/* "kos.cm/" + 57 bytes is one too many */
	EXPECT_EQ(rcInvalidArgument, KnCmConnect(longname, SERVICE, 0, &h, &rsid));
	longname[56] = '\0';
	EXPECT_EQ(rcTimeout, KnCmConnect(longname, SERVICE, 0, &h, &rsid));
	EXPECT_EQ(rcInvalidArgument, KnCmListen(RTL_NULL, 0, RTL_NULL, service));
	EXPECT_EQ(rcInvalidArgument, KnCmListen(RTL_NULL, 0, client, RTL_NULL));
	EXPECT_EQ(rcInvalidArgument, KnCmAccept(SELF, SERVICE, 0, INVALID_HANDLE, RTL_NULL));
	EXPECT_EQ(rcInvalidArgument, KnCmAccept(RTL_NULL, SERVICE, 0, INVALID_HANDLE, &h));
	EXPECT_EQ(rcInvalidArgument, KnCmDrop(SELF, RTL_NULL));
	/* Nothing held. */
	EXPECT_EQ(rcResourceNotFound, KnCmAccept(SELF, SERVICE, 0, INVALID_HANDLE, &h));
	EXPECT_EQ(rcResourceNotFound, KnCmDrop(SELF, SERVICE));
}

static int connect_refused(void)
{
	rtl_uint32_t rsid;
	Handle h;

	return KnCmConnect(SELF, SERVICE, 5000, &h, &rsid) == rcNotConnected ? 0 : 1;
}

/* One held request per thread; Accept/Drop must name it. */
TEST(held_request_rules)
{
	char client[KN_CM_NAME_MAX], service[KN_CM_NAME_MAX];
	pid_t pid = child(NULL, connect_refused);
	Handle h;

	ASSERT_EQ(rcOk, KnCmListen(RTL_NULL, 5000, client, service));
	EXPECT_EQ(rcBusy, KnCmListen(RTL_NULL, 0, client, service));
	EXPECT_EQ(rcResourceNotFound, KnCmDrop(client, "other.service"));
	EXPECT_EQ(rcResourceNotFound, KnCmAccept("other", service, 0, INVALID_HANDLE, &h));
	EXPECT_EQ(rcOk, KnCmDrop(client, service));
	EXPECT_EQ(rcResourceNotFound, KnCmDrop(client, service));
	EXPECT_EQ(0, child_status(pid));
}

static int listen_taken(void)
{
	char client[KN_CM_NAME_MAX], service[KN_CM_NAME_MAX];

	return KnCmListen(RTL_NULL, 0, client, service) == rcAlreadyExists ? 0 : 1;
}

/* Two processes of one name cannot both listen. */
TEST(listen_name_taken)
{
	char client[KN_CM_NAME_MAX], service[KN_CM_NAME_MAX];

	EXPECT_EQ(rcTimeout, KnCmListen(RTL_NULL, 0, client, service));
	EXPECT_EQ(0, child_status(child(NULL, listen_taken)));
}

TEST(call_timeout)
{
	long reqs = kos_live_objects("ipc_requests");
	struct timespec t0;
	struct tmsg out, in;
	Handle c, s;

	ASSERT_EQ(rcOk, KosChannelCreate(&c, &s));
	tmsg_init(&out, 1, "nobody answers");
	tmsg_init(&in, 0, "");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	EXPECT_EQ(rcTimeout, KosCallTimeout(c, &out.hdr, &in.hdr, 100));
	EXPECT_LE(100 - TIMER_SLACK_MS, ms_since(&t0));
	EXPECT_EQ(rcTimeout, KosCallTimeout(c, &out.hdr, &in.hdr, 0));
	EXPECT_EQ(rcTimeout, KosRecvTimeout(s, &in.hdr, 0));	/* withdrawn */
	EXPECT_EQ(reqs, kos_live_objects("ipc_requests"));
	EXPECT_EQ(rcInvalidArgument, KosCallTimeout(c, RTL_NULL, &in.hdr, 0));
	KnHandleClose(s);
	KnHandleClose(c);
}

/* A timed Call that is answered in time behaves as Call. */
TEST(call_timeout_answered)
{
	struct tmsg out, in;
	pthread_t t;
	Handle c, s;

	ASSERT_EQ(rcOk, KosChannelCreate(&c, &s));
	ASSERT_EQ(0, pthread_create(&t, NULL, ipc_echo_thread, (void *)(uintptr_t)s));
	tmsg_init(&out, 1, "in time");
	tmsg_init(&in, 0, "");
	EXPECT_EQ(rcOk, KosCallTimeout(c, &out.hdr, &in.hdr, 5000));
	EXPECT_STREQ("in time", in.data);
	KnHandleClose(s);
	pthread_join(t, NULL);
	KnHandleClose(c);
}

TEST_HARNESS_MAIN
