// SPDX-License-Identifier: GPL-2.0
/*
 * IPC channels: Call/Recv/Reply, limits, handle transfer and dereference,
 * service names, peer death both ways, signals, concurrency, leaks.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#include <kos/linux.h>
#include <services/ocap.h>

#include "kselftest_harness.h"
#include "kos_util.h"
#include "ipc_util.h"

#define UTYPE HANDLE_TYPE_USER_FIRST

FIXTURE(ch) {
	Handle client, server;
	pthread_t thread;
	int serving;
};

FIXTURE_SETUP(ch)
{
	ASSERT_EQ(rcOk, KosChannelCreate(&self->client, &self->server));
	self->serving = 0;
}

FIXTURE_TEARDOWN(ch)
{
	/* Destroying the server endpoint ends the echo thread's Recv. */
	KnHandleClose(self->server);
	if (self->serving)
		pthread_join(self->thread, NULL);
	KnHandleClose(self->client);
}

static void serve(struct __test_metadata *_metadata, FIXTURE_DATA(ch) *self)
{
	ASSERT_EQ(0, pthread_create(&self->thread, NULL, ipc_echo_thread,
				    (void *)(uintptr_t)self->server));
	self->serving = 1;
}

TEST_F(ch, call_reply)
{
	struct tmsg out, in;

	serve(_metadata, self);
	tmsg_init(&out, 7, "hello");
	tmsg_init(&in, 0, "");
	ASSERT_EQ(rcOk, Call(self->client, &out.hdr, &in.hdr));
	EXPECT_EQ(sizeof(in), in.hdr.size);
	EXPECT_EQ(8, in.hdr.mid);
	EXPECT_STREQ("hello", in.data);
}

TEST_F(ch, recv_on_client_refused)
{
	struct tmsg in;

	tmsg_init(&in, 0, "");
	EXPECT_EQ(rcInvalidArgument, Recv(self->client, &in.hdr));
	EXPECT_EQ(rcInvalidArgument, Call(self->server, &in.hdr, &in.hdr));
	EXPECT_EQ(rcInvalidArgument, Reply(self->server, &in.hdr));
}

TEST_F(ch, recv_timeout)
{
	struct tmsg in;

	tmsg_init(&in, 0, "");
	EXPECT_EQ(rcTimeout, KosRecvTimeout(self->server, &in.hdr, 0));
	EXPECT_EQ(rcTimeout, KosRecvTimeout(self->server, &in.hdr, 20));
}

TEST_F(ch, bad_header_refused)
{
	struct tmsg out, in;

	serve(_metadata, self);
	tmsg_init(&in, 0, "");
	tmsg_init(&out, 1, "x");
	out.hdr.size = sizeof(SMsgHdr) - 1;
	EXPECT_EQ(rcInvalidArgument, Call(self->client, &out.hdr, &in.hdr));
	tmsg_init(&out, 1, "x");
	out.hdr.flags = 1;
	EXPECT_EQ(rcInvalidArgument, Call(self->client, &out.hdr, &in.hdr));
}

TEST_F(ch, eight_handles_refused)
{
	struct tmsg out, in;
	Handle h;
	int i;

	serve(_metadata, self);
	ASSERT_EQ(rcOk, KnHandleCreateUserObject(UTYPE, OCAP_HANDLE_FULL, NULL, &h));
	tmsg_init(&out, 1, "x");
	tmsg_init(&in, 0, "");
	for (i = 0; i < SMSG_HANDLES_MAX; i++)
		out.hdr.handles[i] = nk_handle_desc(h, OCAP_HANDLE_TRANSFER);
	out.hdr.nhandles = SMSG_HANDLES_MAX;
	EXPECT_EQ(rcOk, Call(self->client, &out.hdr, &in.hdr));
	out.hdr.nhandles = SMSG_HANDLES_MAX + 1;
	EXPECT_EQ(rcInvalidArgument, Call(self->client, &out.hdr, &in.hdr));
	KnHandleClose(h);
}

TEST_F(ch, oversized_refused)
{
	size_t big = SMSG_SIZE_MAX + 1;
	SMsgHdr *out = calloc(1, big);
	struct tmsg in;

	ASSERT_NE(NULL, out);
	serve(_metadata, self);
	tmsg_init(&in, 0, "");
	out->size = big;
	EXPECT_EQ(rcBufferTooLarge, Call(self->client, out, &in.hdr));
	/* Fits the limit but not the server's 64-byte buffer: refused too. */
	out->size = sizeof(struct tmsg) + 1;
	EXPECT_EQ(rcBufferTooLarge, Call(self->client, out, &in.hdr));
	/* The server goes on with the next request. */
	out->size = sizeof(struct tmsg);
	EXPECT_EQ(rcOk, Call(self->client, out, &in.hdr));
	free(out);
}

/* Server side in the same process: take one request, check it, answer. */
struct xfer_srv {
	Handle server;
	struct tmsg req;
	Retcode recv_rc, reply_rc;
	Handle reply_handle;
	nk_rights_t reply_rights;
};

static void *xfer_thread(void *arg)
{
	struct xfer_srv *s = arg;
	struct tmsg rep;

	tmsg_init(&s->req, 0, "");
	s->recv_rc = Recv(s->server, &s->req.hdr);
	if (s->recv_rc != rcOk)
		return NULL;
	tmsg_init(&rep, 0, "re");
	if (s->reply_handle != INVALID_HANDLE) {
		rep.hdr.nhandles = 1;
		rep.hdr.handles[0] = nk_handle_desc(s->reply_handle, s->reply_rights);
	}
	s->reply_rc = Reply(s->server, &rep.hdr);
	return NULL;
}

static Retcode call_with(struct __test_metadata *_metadata, FIXTURE_DATA(ch) *self,
			 struct xfer_srv *s, nk_handle_desc_t *send, struct tmsg *in)
{
	struct tmsg out;
	pthread_t t;
	Retcode rc;

	s->server = self->server;
	ASSERT_EQ(0, pthread_create(&t, NULL, xfer_thread, s));
	tmsg_init(&out, 3, "req");
	if (send) {
		out.hdr.nhandles = 1;
		out.hdr.handles[0] = *send;
	}
	tmsg_init(in, 0, "");
	rc = Call(self->client, &out.hdr, &in->hdr);
	pthread_join(t, NULL);
	return rc;
}

TEST_F(ch, reply_elevation_refused)
{
	struct xfer_srv s = { .reply_rights = OCAP_HANDLE_FULL };
	struct tmsg in;

	ASSERT_EQ(rcOk, KnHandleCreateUserObject(UTYPE, OCAP_HANDLE_TRANSFER,
						 NULL, &s.reply_handle));
	EXPECT_EQ(rcSecurityDisallow, call_with(_metadata, self, &s, NULL, &in));
	EXPECT_EQ(rcSecurityDisallow, s.reply_rc);
	KnHandleClose(s.reply_handle);
}

TEST_F(ch, own_object_arrives_dereferenced)
{
	struct xfer_srv s = { .reply_handle = INVALID_HANDLE };
	nk_handle_desc_t d;
	struct tmsg in;
	nk_badge_t ctx;
	Handle h;

	ASSERT_EQ(rcOk, KnHandleCreateUserObject(UTYPE, OCAP_HANDLE_TRANSFER |
						 OCAP_HANDLE_GET_EVENT,
						 (void *)0x5a5a, &h));
	d = nk_handle_desc(h, OCAP_HANDLE_GET_EVENT);
	ASSERT_EQ(rcOk, call_with(_metadata, self, &s, &d, &in));
	ASSERT_EQ(rcOk, s.recv_rc);
	ASSERT_EQ(1, s.req.hdr.nhandles);
	EXPECT_TRUE(nk_is_handle_dereferenced(&s.req.hdr.handles[0]));
	EXPECT_EQ(h, s.req.hdr.handles[0].handle);
	ASSERT_EQ(NK_EOK, nk_get_badge_op(&s.req.hdr.handles[0],
					  OCAP_HANDLE_GET_EVENT, &ctx));
	EXPECT_EQ(0x5a5a, ctx);
	KnHandleClose(h);
}

TEST_F(ch, revoked_handle_transfer_refused)
{
	struct tmsg out, in;
	Handle root, mid, leaf;

	serve(_metadata, self);
	ASSERT_EQ(rcOk, KnHandleCreateUserObject(UTYPE, OCAP_HANDLE_FULL, NULL, &root));
	ASSERT_EQ(rcOk, KosLinuxHandleDuplicate(root, OCAP_HANDLE_TRANSFER |
						OCAP_HANDLE_GET_EVENT,
						INVALID_HANDLE, &mid));
	ASSERT_EQ(rcOk, KosLinuxHandleDuplicate(mid, OCAP_HANDLE_TRANSFER,
						INVALID_HANDLE, &leaf));
	/* deletes mid and revokes leaf, which stays in the table, dead */
	ASSERT_EQ(rcOk, KnHandleRevoke(mid));
	tmsg_init(&out, 5, "revoked");
	out.hdr.nhandles = 1;
	out.hdr.handles[0] = nk_handle_desc(leaf, OCAP_HANDLE_TRANSFER);
	tmsg_init(&in, 0, "");
	EXPECT_EQ(rcHandleRevoked, Call(self->client, &out.hdr, &in.hdr));
	/* nothing was delivered: the server answers the next call */
	tmsg_init(&out, 6, "next");
	tmsg_init(&in, 0, "");
	ASSERT_EQ(rcOk, Call(self->client, &out.hdr, &in.hdr));
	EXPECT_EQ(7, in.hdr.mid);
	EXPECT_STREQ("next", in.data);
	KnHandleClose(leaf);
	KnHandleClose(root);
}

/*
 * Child server that reports on the handles it gets.  mid 1: reply
 * "d=<dereferenced> r=<rights> b=<badge>" for handle 0 (closing a
 * transferred one); mid 2: reply with a handle to a new object of its own
 * (context 0x1234) transferred with a badge (context 0x5678); mid 3:
 * revoke that object's descendants.
 */
static int inspect_main(Handle server)
{
	Handle obj = INVALID_HANDLE, badge = INVALID_HANDLE, notice;
	struct tmsg in, rep;

	if (KnNoticeCreate(&notice) != rcOk)
		return 1;
	for (;;) {
		nk_handle_desc_t *d = &in.hdr.handles[0];

		tmsg_init(&in, 0, "");
		if (Recv(server, &in.hdr) != rcOk)
			return 0;
		tmsg_init(&rep, 0, "none");
		if (in.hdr.mid == 1 && in.hdr.nhandles) {
			snprintf(rep.data, sizeof(rep.data), "d=%d r=%#x b=%#lx",
				 nk_is_handle_dereferenced(d), d->rights,
				 (unsigned long)d->badge);
			if (!nk_is_handle_dereferenced(d))
				KnHandleClose(d->handle);
		} else if (in.hdr.mid == 2) {
			KnHandleCreateUserObject(UTYPE, OCAP_HANDLE_FULL,
						 (void *)0x1234, &obj);
			KnHandleCreateBadge(notice, 1, (void *)0x5678, &badge);
			rep.hdr.nhandles = 1;
			rep.hdr.handles[0] = nk_handle_desc(obj, OCAP_HANDLE_TRANSFER |
							    OCAP_HANDLE_GET_EVENT, badge);
		} else if (in.hdr.mid == 3) {
			KnHandleRevokeSubtree(obj, badge);
		}
		Reply(server, &rep.hdr);
	}
}

FIXTURE(ins) {
	Handle client;
	pid_t pid;
};

static pid_t fork_server(const char *name, int (*fn)(Handle server));

FIXTURE_SETUP(ins)
{
	char name[64];

	ipc_name(name, sizeof(name), "ins");
	self->pid = fork_server(name, inspect_main);
	ASSERT_LT(0, self->pid);
	ASSERT_EQ(rcOk, KosServiceConnect(name, 5000, &self->client));
}

FIXTURE_TEARDOWN(ins)
{
	int st;

	KnHandleClose(self->client);
	kill(self->pid, SIGKILL);
	waitpid(self->pid, &st, 0);
}

static Retcode ins_call(Handle client, rtl_uint32_t mid, nk_handle_desc_t *d,
			struct tmsg *in)
{
	struct tmsg out;

	tmsg_init(&out, mid, "");
	if (d) {
		out.hdr.nhandles = 1;
		out.hdr.handles[0] = *d;
	}
	tmsg_init(in, 0, "");
	return Call(client, &out.hdr, &in->hdr);
}

/* Send a new object (@have rights) as @send rights; the server's view. */
static Retcode send_new(Handle client, nk_rights_t have, nk_rights_t send,
			struct tmsg *in)
{
	nk_handle_desc_t d;
	Retcode rc;
	Handle h;

	rc = KnHandleCreateUserObject(UTYPE, have, NULL, &h);
	if (rc != rcOk)
		return rc;
	d = nk_handle_desc(h, send);
	rc = ins_call(client, 1, &d, in);
	KnHandleClose(h);
	return rc;
}

TEST_F(ins, transfer_reduces_rights)
{
	struct tmsg in;

	ASSERT_EQ(rcOk, send_new(self->client, OCAP_HANDLE_FULL,
				 OCAP_HANDLE_GET_EVENT, &in));
	EXPECT_STREQ("d=0 r=0x4 b=0", in.data);
}

TEST_F(ins, rights_elevation_refused)
{
	struct tmsg in;

	EXPECT_EQ(rcSecurityDisallow,
		  send_new(self->client, OCAP_HANDLE_TRANSFER,
			   OCAP_HANDLE_TRANSFER | OCAP_HANDLE_SET_EVENT, &in));
	/* The server goes on. */
	ASSERT_EQ(rcOk, send_new(self->client, OCAP_HANDLE_TRANSFER,
				 OCAP_HANDLE_TRANSFER, &in));
	EXPECT_STREQ("d=0 r=0x1 b=0", in.data);
}

TEST_F(ins, returned_handle_dereferenced_and_revoked)
{
	nk_handle_desc_t d;
	struct tmsg in;
	Handle h;

	ASSERT_EQ(rcOk, ins_call(self->client, 2, NULL, &in));
	ASSERT_EQ(1, in.hdr.nhandles);
	EXPECT_FALSE(nk_is_handle_dereferenced(&in.hdr.handles[0]));
	EXPECT_EQ(OCAP_HANDLE_TRANSFER | OCAP_HANDLE_GET_EVENT,
		  in.hdr.handles[0].rights);
	h = in.hdr.handles[0].handle;
	/* Sent back, it arrives as the server's own: its badge's context. */
	d = nk_handle_desc(h, OCAP_HANDLE_GET_EVENT);
	ASSERT_EQ(rcOk, ins_call(self->client, 1, &d, &in));
	EXPECT_STREQ("d=1 r=0x5 b=0x5678", in.data);
	/* Revoked by the server: transfer refused. */
	ASSERT_EQ(rcOk, ins_call(self->client, 3, NULL, &in));
	EXPECT_EQ(rcHandleRevoked, ins_call(self->client, 1, &d, &in));
	KnHandleClose(h);
}

/* Fork a server process publishing @name; it runs @fn(server) and exits. */
static pid_t fork_server(const char *name, int (*fn)(Handle server))
{
	pid_t pid = fork();

	if (pid == 0) {
		Handle c, s;

		if (KosChannelCreate(&c, &s) != rcOk ||
		    KosServicePublish(name, s) != rcOk)
			_exit(2);
		_exit(fn(s));
	}
	return pid;
}

static int echo_main(Handle server)
{
	return ipc_echo_serve(server) == rcNotConnected ? 0 : 1;
}

static int die_after_recv(Handle server)
{
	struct tmsg in;

	tmsg_init(&in, 0, "");
	if (Recv(server, &in.hdr) != rcOk)
		return 1;
	kill(getpid(), SIGKILL);
	return 1;
}

TEST(connect_by_name)
{
	struct tmsg out, in;
	char name[64];
	Handle c;
	pid_t pid;
	int st;

	ipc_name(name, sizeof(name), "echo");
	EXPECT_EQ(rcTimeout, KosServiceConnect(name, 10, &c));
	pid = fork_server(name, echo_main);
	ASSERT_LT(0, pid);
	ASSERT_EQ(rcOk, KosServiceConnect(name, 5000, &c));
	tmsg_init(&out, 1, "by name");
	tmsg_init(&in, 0, "");
	ASSERT_EQ(rcOk, Call(c, &out.hdr, &in.hdr));
	EXPECT_STREQ("by name", in.data);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	/* The server's endpoint died with it: the name and the channel too. */
	EXPECT_EQ(rcNotConnected, Call(c, &out.hdr, &in.hdr));
	EXPECT_EQ(rcTimeout, KosServiceConnect(name, 0, &c));
	KnHandleClose(c);
}

/*
 * A name goes as soon as its server endpoint is destroyed, while the
 * publishing context lives on: neither the name's quota nor the channel is
 * held until some later lookup, and the name can be published again.
 */
TEST(name_freed_with_its_server)
{
	long names = kos_live_objects("ipc_names");
	long channels = kos_live_objects("channels");
	char name[64];
	Handle c, s;
	int i;

	if (names < 0 || channels < 0)
		SKIP(return, "no %s", KOS_OBJECTS_PATH);
	ipc_name(name, sizeof(name), "gone");
	ASSERT_EQ(rcOk, KosChannelCreate(&c, &s));
	ASSERT_EQ(rcOk, KosServicePublish(name, s));
	EXPECT_EQ(names + 1, kos_live_objects("ipc_names"));
	KnHandleClose(s);
	KnHandleClose(c);
	/* freed by work the destruction queues: allow it 2 s */
	for (i = 0; i < 200 && kos_live_objects("ipc_names") > names; i++)
		usleep(10000);
	EXPECT_EQ(names, kos_live_objects("ipc_names"));
	EXPECT_EQ(channels, kos_live_objects("channels"));
	ASSERT_EQ(rcOk, KosChannelCreate(&c, &s));
	EXPECT_EQ(rcOk, KosServicePublish(name, s));
	EXPECT_EQ(rcOk, KosServiceUnpublish(name, s));
	KnHandleClose(s);
	KnHandleClose(c);
}

TEST(publish_twice_refused)
{
	Handle c, s, c2, s2;
	char name[64];

	ipc_name(name, sizeof(name), "dup");
	ASSERT_EQ(rcOk, KosChannelCreate(&c, &s));
	ASSERT_EQ(rcOk, KosChannelCreate(&c2, &s2));
	ASSERT_EQ(rcOk, KosServicePublish(name, s));
	EXPECT_EQ(rcAlreadyExists, KosServicePublish(name, s2));
	EXPECT_EQ(rcResourceNotFound, KosServiceUnpublish(name, s2));
	EXPECT_EQ(rcOk, KosServiceUnpublish(name, s));
	EXPECT_EQ(rcOk, KosServicePublish(name, s2));
	EXPECT_EQ(rcInvalidArgument, KosServicePublish("", s2));
	KnHandleClose(s);
	KnHandleClose(s2);
	KnHandleClose(c);
	KnHandleClose(c2);
}

TEST(server_dies_mid_call)
{
	struct tmsg out, in;
	char name[64];
	Handle c;
	pid_t pid;
	int st;

	ipc_name(name, sizeof(name), "die");
	pid = fork_server(name, die_after_recv);
	ASSERT_LT(0, pid);
	ASSERT_EQ(rcOk, KosServiceConnect(name, 5000, &c));
	tmsg_init(&out, 1, "x");
	tmsg_init(&in, 0, "");
	EXPECT_EQ(rcNotConnected, Call(c, &out.hdr, &in.hdr));
	waitpid(pid, &st, 0);
	EXPECT_TRUE(WIFSIGNALED(st));
	KnHandleClose(c);
}

static volatile sig_atomic_t signals_seen;

static void count_signal(int sig)
{
	(void)sig;
	signals_seen++;
}

/* Child: connect and Call once; exit 0 if the reply came intact. */
static pid_t fork_client(const char *name)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct sigaction sa = { .sa_handler = count_signal };
		struct tmsg out, in;
		Handle c;

		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGALRM, &sa, NULL);
		if (KosServiceConnect(name, 5000, &c) != rcOk)
			_exit(2);
		tmsg_init(&out, 1, "sig");
		tmsg_init(&in, 0, "");
		if (Call(c, &out.hdr, &in.hdr) != rcOk)
			_exit(3);
		_exit(strcmp(in.data, "late") || signals_seen != 2 ? 4 : 0);
	}
	return pid;
}

FIXTURE(srv) {
	Handle client, server;
	char name[64];
};

FIXTURE_SETUP(srv)
{
	ipc_name(self->name, sizeof(self->name), "srv");
	ASSERT_EQ(rcOk, KosChannelCreate(&self->client, &self->server));
	ASSERT_EQ(rcOk, KosServicePublish(self->name, self->server));
}

FIXTURE_TEARDOWN(srv)
{
	KnHandleClose(self->server);
	KnHandleClose(self->client);
}

TEST_F(srv, signals_do_not_interrupt_call)
{
	struct tmsg in, rep;
	pid_t pid = fork_client(self->name);
	int st;

	ASSERT_LT(0, pid);
	tmsg_init(&in, 0, "");
	ASSERT_EQ(rcOk, Recv(self->server, &in.hdr));
	EXPECT_STREQ("sig", in.data);
	usleep(20000);
	kill(pid, SIGINT);
	usleep(20000);
	kill(pid, SIGALRM);
	usleep(50000);
	tmsg_init(&rep, 0, "late");
	EXPECT_EQ(rcOk, Reply(self->server, &rep.hdr));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
}

TEST_F(srv, sigkill_ends_call_client_gone_on_reply)
{
	struct tmsg in, rep;
	pid_t pid = fork_client(self->name);
	int st;

	ASSERT_LT(0, pid);
	tmsg_init(&in, 0, "");
	ASSERT_EQ(rcOk, Recv(self->server, &in.hdr));
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFSIGNALED(st));
	EXPECT_EQ(SIGKILL, WTERMSIG(st));
	tmsg_init(&rep, 0, "late");
	EXPECT_EQ(rcNotConnected, Reply(self->server, &rep.hdr));
	/* Nothing held any more. */
	EXPECT_EQ(rcInvalidArgument, Reply(self->server, &rep.hdr));
}

TEST_F(srv, sigkill_while_queued)
{
	struct tmsg in;
	pid_t pid = fork_client(self->name);
	int st;

	ASSERT_LT(0, pid);
	usleep(100000);
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFSIGNALED(st));
	/* The withdrawn request is gone: nothing to receive. */
	tmsg_init(&in, 0, "");
	EXPECT_EQ(rcTimeout, KosRecvTimeout(self->server, &in.hdr, 0));
}

/* Client threads each checking they get their own reply back. */
struct worker {
	Handle client;
	int id;
	long calls, errors;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct tmsg out, in;
	char tag[32];
	long i;

	for (i = 0; i < w->calls; i++) {
		snprintf(tag, sizeof(tag), "w%d.%ld", w->id, i);
		tmsg_init(&out, (rtl_uint32_t)i, tag);
		tmsg_init(&in, 0, "");
		if (Call(w->client, &out.hdr, &in.hdr) != rcOk ||
		    strcmp(in.data, tag) || in.hdr.mid != (rtl_uint32_t)i + 1)
			w->errors++;
	}
	return NULL;
}

/* Four client threads against two server threads; no reply crosses. */
static void concurrent_calls(struct __test_metadata *_metadata,
			     FIXTURE_DATA(ch) *self)
{
	struct worker w[4];
	pthread_t t[4], s2;
	int i;

	serve(_metadata, self);
	ASSERT_EQ(0, pthread_create(&s2, NULL, ipc_echo_thread,
				    (void *)(uintptr_t)self->server));
	for (i = 0; i < 4; i++) {
		w[i] = (struct worker){ self->client, i, 2000, 0 };
		ASSERT_EQ(0, pthread_create(&t[i], NULL, worker_main, &w[i]));
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		EXPECT_EQ(0, w[i].errors);
	}
	KnHandleClose(self->server);
	pthread_join(s2, NULL);
}

/* 8000 Calls: minutes, not seconds, on the debug kernel under TCG. */
TEST_F_TIMEOUT(ch, concurrent_clients_no_crossing, 300)
{
	concurrent_calls(_metadata, self);
}

#define IPC_SPIN_PARAM "/sys/module/kos/parameters/ipc_spin_us"

/* ipc_spin_us=0: every wait sleeps at once, and calls still pair up. */
TEST_F_TIMEOUT(ch, concurrent_clients_without_polling, 300)
{
	char old[32] = "";
	FILE *f = fopen(IPC_SPIN_PARAM, "r");

	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(old, sizeof(old), f));
	fclose(f);
	ASSERT_EQ(0, kos_write_file(IPC_SPIN_PARAM, "0"));
	concurrent_calls(_metadata, self);
	EXPECT_EQ(0, kos_write_file(IPC_SPIN_PARAM, old));
}

/*
 * Many round trips leave nothing behind: 100 000 by default (about 20 s
 * under QEMU TCG), KOS_IPC_CALLS=1000000 for the full million.
 */
TEST_F_TIMEOUT(ch, many_calls_no_leak, 900)
{
	struct worker w = { .client = self->client,
			    .calls = 100000 / kos_loop_scale() };
	long reqs = kos_live_objects("ipc_requests");
	long handles = kos_live_objects("handles");
	struct timespec t0, t1;

	if (getenv("KOS_IPC_CALLS"))
		w.calls = atol(getenv("KOS_IPC_CALLS"));
	serve(_metadata, self);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	worker_main(&w);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	TH_LOG("%ld calls, %.0f us each", w.calls,
	       ((t1.tv_sec - t0.tv_sec) * 1e6 + (t1.tv_nsec - t0.tv_nsec) / 1e3) /
	       w.calls);
	EXPECT_EQ(0, w.errors);
	EXPECT_EQ(reqs, kos_live_objects("ipc_requests"));
	EXPECT_EQ(handles, kos_live_objects("handles"));
}

/* Echo after sleeping 1 ms: a peer that is never worth polling for. */
static int slow_echo_main(Handle server)
{
	struct timespec ms = { 0, 1000000 };
	struct tmsg in, out;
	Retcode rc;

	tmsg_init(&in, 0, "");
	rc = Recv(server, &in.hdr);
	while (rc == rcOk) {
		nanosleep(&ms, NULL);
		out = in;
		in.hdr.size = sizeof(in);
		rc = KosReplyRecv(server, &out.hdr, &in.hdr);
	}
	return 1;	/* killed by the test */
}

/* CPU time of this thread, in microseconds, for @n Calls on @client. */
static double calls_cpu_us(Handle client, int n)
{
	struct rusage r0, r1;
	struct tmsg out, in;
	int i;

	tmsg_init(&out, 1, "ping");
	getrusage(RUSAGE_THREAD, &r0);
	for (i = 0; i < n; i++) {
		in.hdr.size = sizeof(in);
		if (Call(client, &out.hdr, &in.hdr) != rcOk)
			return -1;
	}
	getrusage(RUSAGE_THREAD, &r1);
	return (r1.ru_utime.tv_sec - r0.ru_utime.tv_sec +
		r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) * 1e6 +
	       r1.ru_utime.tv_usec - r0.ru_utime.tv_usec +
	       r1.ru_stime.tv_usec - r0.ru_stime.tv_usec;
}

/*
 * Polling learns when it does not pay: Calls to a server that sleeps
 * before answering cost about the CPU they cost with polling off, not
 * ipc_spin_us more each (1000 us here: a Call that polled for a sleeping
 * server would spin for as long as it sleeps).
 */
TEST(polling_skips_a_sleeping_server)
{
	double on, off;
	char old[32] = "", name[64];
	Handle client;
	pid_t pid;
	FILE *f = fopen(IPC_SPIN_PARAM, "r");
	int st;

	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(old, sizeof(old), f));
	fclose(f);
	ipc_name(name, sizeof(name), "slow");
	pid = fork_server(name, slow_echo_main);
	ASSERT_LT(0, pid);
	ASSERT_EQ(rcOk, KosServiceConnect(name, 5000, &client));
	ASSERT_EQ(0, kos_write_file(IPC_SPIN_PARAM, "1000"));
	on = calls_cpu_us(client, 300);
	ASSERT_EQ(0, kos_write_file(IPC_SPIN_PARAM, "0"));
	off = calls_cpu_us(client, 300);
	EXPECT_EQ(0, kos_write_file(IPC_SPIN_PARAM, old));
	ASSERT_LE(0, on);
	ASSERT_LE(0, off);
	TH_LOG("CPU per call: %.1f us polling, %.1f us not", on / 300, off / 300);
	/* polling each Call would make it twice as much or more */
	EXPECT_GE(off * 1.3 + 3000, on);
	KnHandleClose(client);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
}

/* Raw ABI: every unknown flag bit and a short struct are EINVAL. */
TEST(raw_flags_and_size)
{
	struct kos_ipc_channel c = { .size = sizeof(c) };
	struct kos_ipc_msg m = { .size = sizeof(m), .timeout_ms = 0 };
	struct tmsg buf;
	int fd = kos_open(), bit;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, KOS_IPC_CHANNEL_CREATE, &c));
	tmsg_init(&buf, 0, "");
	m.handle = c.server;
	m.recv = (uintptr_t)&buf;
	for (bit = 31; bit >= 0; bit--) {
		m.flags = 1U << bit;
		EXPECT_EQ(-1, ioctl(fd, KOS_IPC_RECV, &m));
		EXPECT_EQ(EINVAL, errno);
	}
	m.flags = 0;
	EXPECT_EQ(-1, ioctl(fd, KOS_IPC_RECV, &m));
	EXPECT_EQ(ETIMEDOUT, errno);
	m.size = offsetof(struct kos_ipc_msg, timeout_ms);
	EXPECT_EQ(-1, ioctl(fd, KOS_IPC_RECV, &m));
	EXPECT_EQ(EINVAL, errno);
	c.flags = 1;
	EXPECT_EQ(-1, ioctl(fd, KOS_IPC_CHANNEL_CREATE, &c));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
}

TEST_HARNESS_MAIN
