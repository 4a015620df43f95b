// SPDX-License-Identifier: GPL-2.0
/*
 * The security policy on real IPC: processes of different classes (set by
 * this privileged test in each forked process) Call a server of class
 * Server over a kos channel.  A denied request fails the Call with
 * rcSecurityDisallow and never reaches the server; a denied reply fails the
 * server's Reply and the client's Call with rcSecurityDisallow; the
 * no-policy default, selectors, atomic reload under concurrent calls,
 * audit records of real messages and the audit rate limit under a flood.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "kos_util.h"
#include "policy_ipc.h"
#include "policy_load.h"
#include "policy_doc_example.h"	/* doc_echo_psl, from Documentation/policy.rst */

#define ECHO 16
#define PING 1
#define RESET 2
#define SYNC 3
#define DUMP 3		/* in the documented example */

static const char echo_policy[] =
	"use nk.base._\nuse EDL Client\nuse EDL Server\n"
	"endpoint echo = 16 { Ping = 1; Reset = 2; Sync = 3; }\n"
	"audit default = denied\n"
	"request { deny () }\nresponse { grant () }\n"
	"request src=Client dst=Server endpoint=echo method=Ping { grant () }\n"
	"request src=Client dst=Server endpoint=echo method=Sync { grant () }\n"
	"request src=Client dst=Server endpoint=17 { grant () }\n"
	"response src=Server dst=Client endpoint=echo method=Sync { deny () }\n";

/* What the server got: one record per delivered request. */
struct srv_log {
	rtl_uint32_t riid, mid;
	Retcode reply_rc;
};

/* Answer each request with its own riid and mid; log it to @logfd. */
static int serve_logged(Handle server, int logfd)
{
	struct tmsg in, out;

	for (;;) {
		struct srv_log rec;

		tmsg_init(&in, 0, "");
		if (Recv(server, &in.hdr) != rcOk)
			return 0;
		out = in;
		out.hdr.nhandles = 0;
		rec.riid = in.hdr.riid;
		rec.mid = in.hdr.mid;
		rec.reply_rc = Reply(server, &out.hdr);
		/* non-blocking: a full pipe drops records, never stalls */
		if (write(logfd, &rec, sizeof(rec)) < 0 && errno != EAGAIN)
			return 1;
	}
}

FIXTURE(pipc) {
	int fd, log;
	pid_t server;
	char name[64];
};

FIXTURE_SETUP(pipc)
{
	const char *why;
	int p[2];

	self->server = 0;
	self->fd = kos_open();
	ASSERT_LE(0, self->fd);
	why = policy_unusable(self->fd);
	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, policy_unload(self->fd));
	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(0, fcntl(p[1], F_SETFL, O_NONBLOCK));
	ipc_name(self->name, sizeof(self->name), "policy");
	self->server = fork_class_server("Server", self->name, serve_logged, p[1]);
	ASSERT_LT(0, self->server);
	close(p[1]);
	self->log = p[0];
}

FIXTURE_TEARDOWN(pipc)
{
	int st;

	if (self->server > 0) {
		kill(self->server, SIGKILL);
		waitpid(self->server, &st, 0);
		close(self->log);
	}
	policy_unload(self->fd);
	write_param(DEFAULT_PARAM, "allow");
	write_param(RATE_PARAM, "1000");
	close(self->fd);
}

/* The server's next log record, waiting up to @ms; 0 when none came. */
static int seen(int log, struct srv_log *rec, int ms)
{
	struct pollfd pfd = { .fd = log, .events = POLLIN };

	if (poll(&pfd, 1, ms) != 1)
		return 0;
	return read(log, rec, sizeof(*rec)) == sizeof(*rec);
}

/* The server got request @mid next and its Reply returned @reply_rc. */
static void expect_served(struct __test_metadata *_metadata, int log, rtl_uint32_t mid,
			  Retcode reply_rc)
{
	struct srv_log r;

	ASSERT_TRUE(seen(log, &r, 5000));
	EXPECT_EQ(mid, r.mid);
	EXPECT_EQ(reply_rc, r.reply_rc);
}

/* The server's Recv is still waiting: no request reached it. */
static int served_nothing(int log)
{
	struct srv_log r;

	return !seen(log, &r, 300);
}

TEST_F(pipc, denied_request_never_delivered)
{
	Handle c;

	ASSERT_EQ(0, policy_load_text(self->fd, echo_policy));
	ASSERT_EQ(rcOk, connect_as("Client", self->name, &c));
	ASSERT_EQ(rcOk, call_ep(c, ECHO, PING));
	expect_served(_metadata, self->log, PING, rcOk);
	EXPECT_EQ(rcSecurityDisallow, call_ep(c, ECHO, RESET));
	EXPECT_TRUE(served_nothing(self->log));
	/* the server goes on with the next request */
	ASSERT_EQ(rcOk, call_ep(c, ECHO, PING));
	expect_served(_metadata, self->log, PING, rcOk);
	KnHandleClose(c);
}

TEST_F(pipc, denied_reply_fails_server_and_client)
{
	Handle c;

	ASSERT_EQ(0, policy_load_text(self->fd, echo_policy));
	ASSERT_EQ(rcOk, connect_as("Client", self->name, &c));
	/* the request is granted, its reply denied: both sides are told */
	EXPECT_EQ(rcSecurityDisallow, call_ep(c, ECHO, SYNC));
	expect_served(_metadata, self->log, SYNC, rcSecurityDisallow);
	/* and the channel goes on */
	EXPECT_EQ(rcOk, call_ep(c, ECHO, PING));
	expect_served(_metadata, self->log, PING, rcOk);
	KnHandleClose(c);
}

TEST_F(pipc, default_verdict_without_policy)
{
	Handle c;

	ASSERT_EQ(rcOk, connect_as("Client", self->name, &c));
	ASSERT_EQ(0, write_param(DEFAULT_PARAM, "deny"));
	EXPECT_EQ(rcSecurityDisallow, call_ep(c, ECHO, PING));
	EXPECT_TRUE(served_nothing(self->log));
	ASSERT_EQ(0, write_param(DEFAULT_PARAM, "allow"));
	EXPECT_EQ(rcOk, call_ep(c, ECHO, RESET));
	expect_served(_metadata, self->log, RESET, rcOk);
	KnHandleClose(c);
}

/* The worked example of Documentation/policy.rst behaves as it says. */
TEST_F(pipc, documented_example)
{
	Handle c;

	ASSERT_EQ(0, policy_load_text(self->fd, doc_echo_psl));
	ASSERT_EQ(rcOk, connect_as("Client", self->name, &c));
	EXPECT_EQ(rcOk, call_ep(c, ECHO, PING));
	expect_served(_metadata, self->log, PING, rcOk);
	EXPECT_EQ(rcSecurityDisallow, call_ep(c, ECHO, RESET));
	EXPECT_TRUE(served_nothing(self->log));
	/* Dump is granted, the server's answer to it is not */
	EXPECT_EQ(rcSecurityDisallow, call_ep(c, ECHO, DUMP));
	expect_served(_metadata, self->log, DUMP, rcSecurityDisallow);
	/* any other endpoint: the Client -> Server catch-all */
	EXPECT_EQ(rcOk, call_ep(c, 99, 7));
	expect_served(_metadata, self->log, 7, rcOk);
	KnHandleClose(c);
}

/* In a child of class @cls (none: NULL): the Retcode of one Call to @name. */
static Retcode call_as(const char *cls, const char *name, rtl_uint32_t riid,
		       rtl_uint32_t mid)
{
	int p[2], st;
	Retcode rc = rcFail;
	pid_t pid;

	if (pipe(p))
		return rcFail;
	pid = fork();
	if (pid == 0) {
		Handle c;

		rc = connect_as(cls, name, &c);
		if (rc == rcOk)
			rc = call_ep(c, riid, mid);
		_exit(write(p[1], &rc, sizeof(rc)) == sizeof(rc) ? 0 : 1);
	}
	close(p[1]);
	if (pid < 0 || read(p[0], &rc, sizeof(rc)) != sizeof(rc))
		rc = rcFail;
	close(p[0]);
	if (pid > 0)
		waitpid(pid, &st, 0);
	return rc;
}

TEST_F(pipc, endpoint_method_and_class_selectors)
{
	char decoy[64];
	pid_t pid;
	int p[2], st;

	ASSERT_EQ(0, policy_load_text(self->fd, echo_policy));
	/* endpoint=17 without a method: any method */
	EXPECT_EQ(rcOk, call_as("Client", self->name, 17, 5));
	EXPECT_EQ(rcOk, call_as("Client", self->name, 17, 6));
	EXPECT_EQ(rcSecurityDisallow, call_as("Client", self->name, 18, 5));
	/* endpoint=echo method=Ping: not another method */
	EXPECT_EQ(rcSecurityDisallow, call_as("Client", self->name, ECHO, 9));
	/* src=Client: not another class, nor a process without one */
	EXPECT_EQ(rcSecurityDisallow, call_as("Intruder", self->name, ECHO, PING));
	EXPECT_EQ(rcSecurityDisallow, call_as(NULL, self->name, ECHO, PING));
	/* dst=Server: not a server of another class */
	ipc_name(decoy, sizeof(decoy), "decoy");
	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(0, fcntl(p[1], F_SETFL, O_NONBLOCK));
	pid = fork_class_server("Decoy", decoy, serve_logged, p[1]);
	ASSERT_LT(0, pid);
	close(p[1]);
	EXPECT_EQ(rcSecurityDisallow, call_as("Client", decoy, ECHO, PING));
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	close(p[0]);
}

/*
 * Either policy grants Ping and denies Reset, by opposite means: a request
 * judged by A's default with B's rules (or the reverse) gets the other
 * verdict, so a mix cannot go unnoticed.
 */
static const char reload_a[] =
	"use nk.base._\nuse EDL Client\nuse EDL Server\n"
	"request { deny () }\nresponse { grant () }\n"
	"request src=Client dst=Server endpoint=16 method=1 { grant () }\n";
static const char reload_b[] =
	"use nk.base._\nuse EDL Client\nuse EDL Server\n"
	"request { grant () }\nresponse { grant () }\n"
	"request src=Client dst=Server endpoint=16 method=2 { deny () }\n";

#define RELOAD_CLIENTS 2
#define RELOAD_CALLS 400

/* A client process: RELOAD_CALLS Pings and Resets; exit 0 when all were right. */
static int reload_client(const char *name)
{
	int i, wrong = 0;
	Handle c;

	if (connect_as("Client", name, &c) != rcOk)
		return 2;
	for (i = 0; i < RELOAD_CALLS; i++) {
		wrong += call_ep(c, ECHO, PING) != rcOk;
		wrong += call_ep(c, ECHO, RESET) != rcSecurityDisallow;
	}
	return wrong ? 1 : 0;
}

TEST_F(pipc, atomic_reload_under_concurrent_calls)
{
	size_t la, lb;
	void *a = policy_compile_text(reload_a, &la), *b = policy_compile_text(reload_b, &lb);
	pid_t pid[RELOAD_CLIENTS];
	unsigned int reloads = 0, running = RELOAD_CLIENTS;
	int i, st;

	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	ASSERT_EQ(0, policy_load(self->fd, a, la));
	for (i = 0; i < RELOAD_CLIENTS; i++) {
		pid[i] = fork();
		if (pid[i] == 0)
			_exit(reload_client(self->name));
		ASSERT_LT(0, pid[i]);
	}
	while (running) {
		ASSERT_EQ(0, policy_load(self->fd, reloads % 2 ? a : b, reloads % 2 ? la : lb));
		reloads++;
		for (i = 0; i < RELOAD_CLIENTS; i++) {
			if (pid[i] && waitpid(pid[i], &st, WNOHANG) == pid[i]) {
				EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0)
					TH_LOG("client %d: status %#x", i, st);
				pid[i] = 0;
				running--;
			}
		}
	}
	TH_LOG("%u reloads during %u calls", reloads, RELOAD_CLIENTS * RELOAD_CALLS * 2);
	EXPECT_LE(100, reloads);
	free(a);
	free(b);
}

/* Read what kos-audit prints until it exits, for at most 20 s. */
static size_t audit_output(int rfd, char *buf, size_t len)
{
	long end = now_ms() + 20000;
	size_t got = 0;

	while (got < len - 1) {
		struct pollfd pfd = { .fd = rfd, .events = POLLIN };
		long left = end - now_ms();
		ssize_t n;

		if (left <= 0 || poll(&pfd, 1, left) != 1)
			break;
		n = read(rfd, buf + got, len - 1 - got);
		if (n <= 0)
			break;
		got += n;
	}
	buf[got] = 0;
	return got;
}

static const char audit_policy[] =
	"use nk.base._\nuse EDL AuditC\nuse EDL Server\n"
	"audit default = all\n"
	"request { deny () }\nresponse { grant () }\n"
	"request src=AuditC dst=Server endpoint=16 method=1 { grant () }\n";

/* Ping (granted) and Reset (denied) until killed; exit 1 on another verdict. */
static int audited_client(const char *name)
{
	Handle c;

	if (connect_as("AuditC", name, &c) != rcOk)
		return 2;
	for (;;) {
		if (call_ep(c, ECHO, PING) != rcOk ||
		    call_ep(c, ECHO, RESET) != rcSecurityDisallow)
			return 1;
		usleep(20000);
	}
}

TEST_F(pipc, audit_records_match_real_verdicts)
{
	char *const argv[] = { "/bin/kos-audit", "--json", "--src=AuditC", "--count=2",
			       "--timeout=20", NULL };
	char buf[4096], grant[256], deny[256];
	pid_t audit, client;
	int rfd, st;

	if (access(argv[0], X_OK))
		SKIP(return, "no /bin/kos-audit");
	ASSERT_EQ(0, policy_load_text(self->fd, audit_policy));
	rfd = spawn_audit(&audit, argv);
	ASSERT_LE(0, rfd);
	client = fork();
	if (client == 0)
		_exit(audited_client(self->name));
	ASSERT_LT(0, client);
	audit_output(rfd, buf, sizeof(buf));
	kill(client, SIGKILL);
	ASSERT_EQ(client, waitpid(client, &st, 0));
	EXPECT_TRUE(WIFSIGNALED(st)) TH_LOG("client exited %d", WEXITSTATUS(st));
	kill(audit, SIGTERM);
	ASSERT_EQ(audit, waitpid(audit, &st, 0));
	TH_LOG("kos-audit: %s", buf);
	/* two consecutive records: one Ping granted, one Reset denied */
	snprintf(grant, sizeof(grant),
		 "\"src_pid\":%d,\"src_class\":\"AuditC\",\"dst_class\":\"Server\",\"kind\":\"request\",\"endpoint\":16,\"method\":1,\"verdict\":\"grant\",\"line\":7,",
		 client);
	snprintf(deny, sizeof(deny),
		 "\"src_pid\":%d,\"src_class\":\"AuditC\",\"dst_class\":\"Server\",\"kind\":\"request\",\"endpoint\":16,\"method\":2,\"verdict\":\"deny\",\"line\":0,",
		 client);
	EXPECT_NE(NULL, strstr(buf, grant));
	EXPECT_NE(NULL, strstr(buf, deny));
	close(rfd);
}

/* Denied Resets until killed; a byte to @progress once connected, then every 100. */
static int flood_client(const char *name, int progress)
{
	unsigned long n;
	Handle c;

	if (connect_as("Flood", name, &c) != rcOk || write(progress, "", 1) != 1)
		return 2;
	for (n = 1;; n++) {
		if (call_ep(c, ECHO, RESET) != rcSecurityDisallow)
			return 1;
		if (n % 100 == 0 && write(progress, "", 1) != 1)
			return 3;
	}
}

TEST_F(pipc, denied_flood_rate_limited_ipc_goes_on)
{
	char *const argv[] = { "/bin/kos-audit", "--src=Flood", "--count=8", "--timeout=20",
			       NULL };
	char buf[4096], *last;
	unsigned long long dropped = 0;
	long hundreds = 0;
	pid_t audit, flood;
	int rfd, p[2], st;
	Handle c;
	char tmp[256];
	ssize_t n;

	if (access(argv[0], X_OK))
		SKIP(return, "no /bin/kos-audit");
	ASSERT_EQ(0, policy_load_text(self->fd, echo_policy));
	ASSERT_EQ(0, write_param(RATE_PARAM, "5"));
	rfd = spawn_audit(&audit, argv);
	ASSERT_LE(0, rfd);
	ASSERT_EQ(0, pipe(p));
	flood = fork();
	if (flood == 0)
		_exit(flood_client(self->name, p[1]));
	ASSERT_LT(0, flood);
	close(p[1]);
	audit_output(rfd, buf, sizeof(buf));
	/* during the flood, a granted Call still goes through */
	ASSERT_EQ(rcOk, connect_as("Client", self->name, &c));
	EXPECT_EQ(rcOk, call_ep(c, ECHO, PING));
	kill(flood, SIGKILL);
	ASSERT_EQ(flood, waitpid(flood, &st, 0));
	EXPECT_TRUE(WIFSIGNALED(st)) TH_LOG("flood client exited %d", WEXITSTATUS(st));
	while ((n = read(p[0], tmp, sizeof(tmp))) > 0)
		hundreds += n;
	hundreds--;	/* the byte saying it connected */
	close(p[0]);
	ASSERT_EQ(audit, waitpid(audit, &st, 0));
	EXPECT_EQ(0, WEXITSTATUS(st));
	TH_LOG("%ld00 denied calls; kos-audit: %s", hundreds, buf);
	ASSERT_NE(NULL, strstr(buf, "deny pid="));
	last = strstr(buf, "dropped=");
	while (last && strstr(last + 1, "dropped="))
		last = strstr(last + 1, "dropped=");
	ASSERT_NE(NULL, last);
	ASSERT_EQ(1, sscanf(last, "dropped=%llu", &dropped));
	EXPECT_LT(0, dropped);
	/* 8 records at 5 a second: well over 100 denials went meanwhile */
	EXPECT_LE(1, hundreds);
	KnHandleClose(c);
	close(rfd);
}

/* Denied requests arriving all the time do not restart a Recv's timeout. */
TEST_F(pipc, denied_flood_does_not_extend_recv_timeout)
{
	struct tmsg in;
	Handle c, s;
	char name[64], byte;
	pid_t flood;
	long took;
	Retcode rc;
	int p[2], st;

	ASSERT_EQ(0, policy_load_text(self->fd, echo_policy));
	ASSERT_EQ(rcOk, KosLinuxSetProcessClass("Server"));
	ASSERT_EQ(rcOk, KosChannelCreate(&c, &s));
	ipc_name(name, sizeof(name), "timeout");
	ASSERT_EQ(rcOk, KosServicePublish(name, s));
	ASSERT_EQ(0, pipe(p));
	flood = fork();
	if (flood == 0)
		_exit(flood_client(name, p[1]));
	ASSERT_LT(0, flood);
	close(p[1]);
	ASSERT_EQ(1, read(p[0], &byte, 1));	/* connected: its Calls follow */
	took = now_ms();
	tmsg_init(&in, 0, "");
	rc = KosRecvTimeout(s, &in.hdr, 300);
	took = now_ms() - took;
	kill(flood, SIGKILL);
	waitpid(flood, &st, 0);
	close(p[0]);
	EXPECT_EQ(rcTimeout, rc);
	EXPECT_GT(3000, took) TH_LOG("Recv with a 300 ms timeout took %ld ms", took);
	KnHandleClose(s);
	KnHandleClose(c);
}

TEST_HARNESS_MAIN
