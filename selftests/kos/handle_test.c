// SPDX-License-Identifier: GPL-2.0
/* Handles: trees, rights, badges, revocation, limits, teardown. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <coresrv/handle/handle_api.h>
#include <kos/linux.h>

#include "kselftest_harness.h"
#include "kos_util.h"
#include "handle_util.h"
#include "ipc_util.h"

#define MAX_HANDLES_PARAM "/sys/module/kos/parameters/max_handles"

FIXTURE(h) {
	int fd, fd2;
};

FIXTURE_SETUP(h)
{
	self->fd = kos_open();
	self->fd2 = kos_open();
	ASSERT_LE(0, self->fd) TH_LOG("open /dev/kos: %s", strerror(errno));
	ASSERT_LE(0, self->fd2);
	ASSERT_EQ(0, h_pad(self->fd2, 1000));
}

FIXTURE_TEARDOWN(h)
{
	close(self->fd);
	close(self->fd2);
}

TEST_F(h, create_close)
{
	int r;

	ASSERT_EQ(0, h_create(self->fd, R_ALL, &r));
	EXPECT_LT(0, r);
	EXPECT_EQ(0, h_close(self->fd, r));
	EXPECT_EQ(-EBADF, h_close(self->fd, r));
}

TEST_F(h, bad_type_and_flags)
{
	struct kos_handle_create c = { .size = sizeof(c), .type = 5 };
	struct kos_handle_op op = { .size = sizeof(op), .flags = 2 };

	EXPECT_EQ(-EINVAL, kio(self->fd, KOS_HANDLE_CREATE, &c));
	c.type = KOS_HTYPE_USER_LAST + 1;
	EXPECT_EQ(-EINVAL, kio(self->fd, KOS_HANDLE_CREATE, &c));
	EXPECT_EQ(-EINVAL, kio(self->fd, KOS_HANDLE_REVOKE, &op));
}

TEST_F(h, bad_handle_values)
{
	int r, other, i, out;

	ASSERT_EQ(0, h_create(self->fd, R_ALL, &r));
	/* Push fd2's ids above anything fd holds. */
	for (i = 0; i < 8; i++)
		ASSERT_EQ(0, h_create(self->fd2, R_ALL, &other));
	EXPECT_EQ(-EBADF, h_close(self->fd, -1));
	EXPECT_EQ(-EBADF, h_close(self->fd, 0));
	EXPECT_EQ(-EBADF, h_close(self->fd, INT32_MAX));
	EXPECT_EQ(-EBADF, h_close(self->fd, INT32_MIN));
	EXPECT_EQ(-EBADF, h_xfer(self->fd, other, -1, 0, -1, &out));
	EXPECT_EQ(-EBADF, n_set(self->fd, other, 1U << 16));
	EXPECT_EQ(-EBADF, h_revoke(self->fd, other));
	EXPECT_EQ(0, h_close(self->fd, r));
	EXPECT_EQ(-EBADF, h_xfer(self->fd, r, -1, 0, -1, &out));
}

TEST_F(h, rights_elevation_refused)
{
	int r, d;

	ASSERT_EQ(0, h_create(self->fd, R_XFER | R_GET, &r));
	EXPECT_EQ(-EACCES, h_xfer(self->fd, r, -1, R_XFER | R_SET, -1, &d));
	EXPECT_EQ(-EACCES, h_xfer(self->fd, r, self->fd2, 1U << 20, -1, &d));
	EXPECT_EQ(0, h_xfer(self->fd, r, self->fd2, R_GET, -1, &d));
	EXPECT_EQ(rcSecurityDisallow,
		  KosLinuxRetcodeFromErrno(EACCES));
}

TEST_F(h, transfer_needs_transfer_right)
{
	int r, d, dd;

	ASSERT_EQ(0, h_create(self->fd, R_GET | R_SET, &r));
	EXPECT_EQ(-EPERM, h_xfer(self->fd, r, self->fd2, R_GET, -1, &d));
	ASSERT_EQ(0, h_create(self->fd, R_XFER | R_GET, &r));
	ASSERT_EQ(0, h_xfer(self->fd, r, self->fd2, R_GET, -1, &d));
	/* The descendant was not given the right to pass it on. */
	EXPECT_EQ(-EPERM, h_xfer(self->fd2, d, self->fd, R_GET, -1, &dd));
}

TEST_F(h, transfer_to_foreign_fd_refused)
{
	int r, d, pipefd[2];

	ASSERT_EQ(0, pipe(pipefd));
	ASSERT_EQ(0, h_create(self->fd, R_ALL, &r));
	EXPECT_EQ(-EBADF, h_xfer(self->fd, r, pipefd[0], R_ALL, -1, &d));
	EXPECT_EQ(-EBADF, h_xfer(self->fd, r, 9999, R_ALL, -1, &d));
	close(pipefd[0]);
	close(pipefd[1]);
}

/* Closing a middle handle: its parent adopts its children. */
TEST_F(h, reparent_on_close)
{
	int r, a, b, dd, ppid, parent, rev;

	ASSERT_EQ(0, h_create(self->fd, R_ALL, &r));
	ASSERT_EQ(0, h_xfer(self->fd, r, self->fd2, R_ALL, -1, &a));
	ASSERT_EQ(0, h_xfer(self->fd2, a, self->fd, R_ALL, -1, &b));
	ASSERT_EQ(0, h_debug(getpid(), b, &ppid, &parent, &rev));
	EXPECT_EQ(a, parent);
	EXPECT_EQ(0, h_close(self->fd2, a));
	ASSERT_EQ(0, h_debug(getpid(), b, &ppid, &parent, &rev));
	EXPECT_EQ(r, parent);
	EXPECT_EQ(0, rev);
	EXPECT_EQ(0, h_xfer(self->fd, b, -1, R_GET, -1, &dd));
	/* Revoking the root's subtree now reaches b. */
	EXPECT_EQ(0, h_revoke(self->fd, r));
	EXPECT_EQ(-EKEYREVOKED, h_xfer(self->fd, b, -1, R_GET, -1, &dd));
}

/* Every handle-taking call on a revoked handle: EKEYREVOKED; close frees. */
TEST_F(h, revoked_on_every_call)
{
	int r, a, b, n, out, badge;
	struct kos_event ev;

	ASSERT_EQ(0, n_create(self->fd, &n));
	ASSERT_EQ(0, h_badge(self->fd, n, 1, &badge));
	ASSERT_EQ(0, h_create(self->fd, R_ALL, &r));
	ASSERT_EQ(0, h_xfer(self->fd, r, -1, R_ALL, -1, &a));
	ASSERT_EQ(0, h_xfer(self->fd, a, -1, R_ALL, -1, &b));
	ASSERT_EQ(0, h_revoke(self->fd, a));
	EXPECT_EQ(-EBADF, h_close(self->fd, a));	/* revoke deletes a */
	EXPECT_EQ(-EKEYREVOKED, h_xfer(self->fd, b, -1, R_ALL, -1, &out));
	EXPECT_EQ(-EKEYREVOKED, h_xfer(self->fd, r, -1, R_ALL, b, &out));
	EXPECT_EQ(-EKEYREVOKED, h_revoke(self->fd, b));
	EXPECT_EQ(-EKEYREVOKED, h_revoke_subtree(self->fd, b, badge));
	EXPECT_EQ(-EKEYREVOKED, h_revoke_subtree(self->fd, r, b));
	EXPECT_EQ(-EKEYREVOKED, n_set(self->fd, b, 1U << 16));
	EXPECT_EQ(-EKEYREVOKED, n_sub(self->fd, n, b, 1, 1));
	EXPECT_EQ(-EKEYREVOKED, n_get(self->fd, b, 0, &ev, 1));
	EXPECT_EQ(0, h_close(self->fd, b));
	EXPECT_EQ(-EBADF, h_close(self->fd, b));
	/* The root is untouched. */
	EXPECT_EQ(0, h_xfer(self->fd, r, -1, R_ALL, -1, &out));
}

TEST(revoked_retcode_libkos)
{
	Handle r, a, b, out;

	ASSERT_EQ(rcOk, KnHandleCreateUserObject(HANDLE_TYPE_USER_FIRST,
						 OCAP_HANDLE_TRANSFER, NULL, &r));
	ASSERT_EQ(rcOk, KosLinuxHandleDuplicate(r, OCAP_HANDLE_TRANSFER,
						INVALID_HANDLE, &a));
	ASSERT_EQ(rcOk, KosLinuxHandleDuplicate(a, OCAP_HANDLE_TRANSFER,
						INVALID_HANDLE, &b));
	EXPECT_EQ(rcSecurityDisallow,
		  KosLinuxHandleDuplicate(a, OCAP_HANDLE_FULL, INVALID_HANDLE, &out));
	EXPECT_EQ(INVALID_HANDLE, out);
	ASSERT_EQ(rcOk, KnHandleRevoke(a));
	EXPECT_EQ(rcHandleRevoked, KnHandleRevoke(b));
	EXPECT_EQ(rcHandleRevoked, KnHandleRevokeSubtree(b, r));
	EXPECT_EQ(rcHandleRevoked, KosLinuxHandleDuplicate(b, 0, INVALID_HANDLE, &out));
	EXPECT_EQ(rcOk, KnHandleClose(b));
	EXPECT_EQ(rcResourceNotFound, KnHandleClose(b));
	EXPECT_EQ(rcInvalidArgument, KnHandleCreateUserObject(1, 0, NULL, &out));
	EXPECT_EQ(rcOk, KnHandleClose(r));
}

/* Revoke-subtree takes only the children transferred with that badge. */
TEST_F(h, revoke_subtree_by_badge)
{
	int n, x, y, r, a, a2, c, out, ppid, parent, rev;

	ASSERT_EQ(0, n_create(self->fd, &n));
	ASSERT_EQ(0, h_badge(self->fd, n, 10, &x));
	ASSERT_EQ(0, h_badge(self->fd, n, 11, &y));
	ASSERT_EQ(0, h_create(self->fd, R_ALL, &r));
	ASSERT_EQ(0, h_xfer(self->fd, r, self->fd2, R_ALL, x, &a));
	ASSERT_EQ(0, h_xfer(self->fd2, a, self->fd2, R_ALL, -1, &a2));
	ASSERT_EQ(0, h_xfer(self->fd, r, self->fd2, R_ALL, y, &c));
	EXPECT_EQ(-EINVAL, h_revoke_subtree(self->fd, r, r));
	ASSERT_EQ(0, h_revoke_subtree(self->fd, r, x));
	EXPECT_EQ(-EKEYREVOKED, h_xfer(self->fd2, a, -1, R_ALL, -1, &out));
	EXPECT_EQ(-EKEYREVOKED, h_xfer(self->fd2, a2, -1, R_ALL, -1, &out));
	EXPECT_EQ(0, h_xfer(self->fd2, c, -1, R_ALL, -1, &out));
	EXPECT_EQ(0, h_xfer(self->fd, r, -1, R_ALL, -1, &out));
	ASSERT_EQ(0, h_debug(getpid(), a, &ppid, &parent, &rev));
	EXPECT_EQ(1, rev);
}

/* A badge is closed when the last handle transferred with it goes away. */
TEST_F(h, badge_closed_and_destroyed_events)
{
	struct kos_event ev[4];
	int n, x, r, a, a2;

	ASSERT_EQ(0, n_create(self->fd, &n));
	ASSERT_EQ(0, h_badge(self->fd, n, 42, &x));
	ASSERT_EQ(0, h_create(self->fd, R_ALL, &r));
	ASSERT_EQ(0, h_xfer(self->fd, r, self->fd2, R_ALL, x, &a));
	ASSERT_EQ(0, h_xfer(self->fd, r, self->fd2, R_ALL, x, &a2));
	ASSERT_EQ(0, h_close(self->fd2, a));
	EXPECT_EQ(-ETIMEDOUT, n_get(self->fd, n, 0, ev, 4));
	ASSERT_EQ(0, h_close(self->fd2, a2));
	ASSERT_EQ(1, n_get(self->fd, n, 0, ev, 4));
	EXPECT_EQ(42, ev[0].event_id);
	EXPECT_EQ(KOS_EVENT_BADGE_CLOSED, ev[0].event_mask);
	ASSERT_EQ(0, h_close(self->fd, x));
	ASSERT_EQ(1, n_get(self->fd, n, 0, ev, 4));
	EXPECT_EQ(42, ev[0].event_id);
	EXPECT_EQ(KOS_EVENT_OBJECT_DESTROYED, ev[0].event_mask);
}

/* Closing the root destroys the object: subscribers hear, descendants die. */
TEST_F(h, object_destroyed_event)
{
	struct kos_event ev[2];
	int n, r, d, out;

	ASSERT_EQ(0, n_create(self->fd, &n));
	ASSERT_EQ(0, h_create(self->fd2, R_ALL, &r));
	ASSERT_EQ(0, h_xfer(self->fd2, r, self->fd, R_GET | R_XFER, -1, &d));
	ASSERT_EQ(0, n_sub(self->fd, n, d, KOS_EVENT_OBJECT_DESTROYED, 7));
	ASSERT_EQ(0, h_close(self->fd2, r));
	ASSERT_EQ(1, n_get(self->fd, n, 0, ev, 2));
	EXPECT_EQ(7, ev[0].event_id);
	EXPECT_EQ(KOS_EVENT_OBJECT_DESTROYED, ev[0].event_mask);
	EXPECT_EQ(-EKEYREVOKED, h_xfer(self->fd, d, -1, R_GET, -1, &out));
}

/* Closing /dev/kos with a live tree: roots destroy, children re-parent. */
TEST_F(h, close_context_with_live_tree)
{
	struct kos_event ev[2];
	int n, r, d, d2, mine, out, ppid, parent, rev, fd3;

	fd3 = kos_open();
	ASSERT_LE(0, fd3);
	ASSERT_EQ(0, h_pad(fd3, 2000));
	ASSERT_EQ(0, n_create(self->fd, &n));
	ASSERT_EQ(0, h_create(self->fd, R_ALL, &mine));
	ASSERT_EQ(0, h_xfer(self->fd, mine, fd3, R_ALL, -1, &d));
	ASSERT_EQ(0, h_xfer(fd3, d, self->fd2, R_ALL, -1, &d2));
	ASSERT_EQ(0, h_create(fd3, R_ALL, &r));
	ASSERT_EQ(0, h_xfer(fd3, r, self->fd, R_ALL, -1, &out));
	ASSERT_EQ(0, n_sub(self->fd, n, out, KOS_EVENT_OBJECT_DESTROYED, 3));
	close(fd3);
	ASSERT_EQ(1, n_get(self->fd, n, 0, ev, 2));
	EXPECT_EQ(3, ev[0].event_id);
	EXPECT_EQ(-EKEYREVOKED, h_xfer(self->fd, out, -1, 0, -1, &d));
	ASSERT_EQ(0, h_debug(getpid(), d2, &ppid, &parent, &rev));
	EXPECT_EQ(mine, parent);
	EXPECT_EQ(0, rev);
}

/*
 * 100 000-deep chain (10 000 on the debug kernel, still far past what
 * recursion would survive): revoke and destroy walk it without recursion.
 */
TEST_F_TIMEOUT(h, deep_chain, 300)
{
	int r, h, next, i, out, depth = 100000 / kos_loop_scale(), cur = self->fd, other;

	ASSERT_EQ(0, h_create(self->fd, R_ALL, &r));
	h = r;
	/* Alternate contexts so the chain crosses tables at every level. */
	for (i = 0; i < depth; i++) {
		other = cur == self->fd ? self->fd2 : self->fd;
		ASSERT_EQ(0, h_xfer(cur, h, other, R_ALL, -1, &next))
			TH_LOG("depth %d", i);
		h = next;
		cur = other;
	}
	ASSERT_EQ(0, h_xfer(self->fd, r, -1, R_ALL, -1, &next));
	EXPECT_EQ(0, h_revoke(self->fd, next));	/* a leaf: nothing below */
	EXPECT_EQ(0, h_close(self->fd, r));		/* destroys the chain */
	EXPECT_EQ(-EKEYREVOKED, h_xfer(cur, h, -1, R_ALL, -1, &out));
}

/* What the probe process of no_stall_* saw; shared with the test. */
struct probe {
	volatile int phase;		/* 0 warm up, 1 measure, 2 stop */
	volatile long warm;		/* Calls made while warming up */
	volatile double warm_ns;	/* their total time, after the 5th */
	volatile long calls;		/* Calls that ended while measuring */
	volatile int failed;
};

/* Another process: Calls on a channel of its own until told to stop. */
static void probe_main(struct probe *p)
{
	struct tmsg out, in;
	Handle c, s;
	pthread_t t;
	double t0;

	if (KosChannelCreate(&c, &s) != rcOk ||
	    pthread_create(&t, NULL, ipc_echo_thread, (void *)(uintptr_t)s))
		_exit(1);
	tmsg_init(&out, 1, "probe");
	while (p->phase < 2) {
		in.hdr.size = sizeof(in);
		t0 = kos_now_ns();
		if (Call(c, &out.hdr, &in.hdr) != rcOk) {
			p->failed = 1;
			_exit(1);
		}
		if (p->phase == 1)
			p->calls++;
		else if (!p->phase && ++p->warm > 5)
			p->warm_ns += kos_now_ns() - t0;
	}
	_exit(0);
}

/*
 * Revoke (or tear down) 100 000 handles while another process makes Calls:
 * its Calls must go on meanwhile, not wait for the work to finish.  The
 * probe is forked before the context to tear down is opened: a copy of its
 * descriptor would keep it.
 */
static void no_stall(struct __test_metadata *_metadata, int fd, bool teardown)
{
	struct probe *p = mmap(NULL, sizeof(*p), PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int r, h, next, i, n = 100000 / kos_loop_scale(), st;
	double t0, took, call_ns;
	pid_t pid;

	ASSERT_NE(MAP_FAILED, p);
	pid = fork();
	if (pid == 0)
		probe_main(p);
	if (teardown)
		fd = kos_open();
	ASSERT_LE(0, fd);
	/* a chain: the revoke walks it all, the teardown closes it all */
	ASSERT_EQ(0, h_create(fd, R_ALL, &r));
	for (h = r, i = 0; i < n; i++, h = next)
		ASSERT_EQ(0, h_xfer(fd, h, -1, R_ALL, -1, &next));
	/* the probe's usual Call, with nothing else going on */
	p->warm_ns = 0;
	p->warm = 0;
	while (p->warm < 55 && !p->failed)
		usleep(1000);
	call_ns = p->warm_ns / (p->warm - 5);
	p->phase = 1;
	t0 = kos_now_ns();
	if (teardown)
		close(fd);
	else
		EXPECT_EQ(0, h_revoke(fd, r));
	took = kos_now_ns() - t0;
	p->phase = 2;
	waitpid(pid, &st, 0);
	TH_LOG("%s took %.1f ms; %ld Calls meanwhile, of %.2f ms each before",
	       teardown ? "teardown" : "revoke", took / 1e6, p->calls,
	       call_ns / 1e6);
	EXPECT_EQ(0, p->failed);
	/*
	 * Calls that waited for the work would hardly get through; a quarter
	 * of the usual rate is plenty.  Too short a work tells nothing.
	 */
	if (took > 10 * call_ns) {
		EXPECT_LE(took / call_ns / 4, p->calls);
	} else {
		TH_LOG("too quick to tell on this kernel: no verdict");
	}
	munmap(p, sizeof(*p));
}

TEST_F_TIMEOUT(h, no_stall_by_revoke, 300)
{
	no_stall(_metadata, self->fd, false);
}

TEST_F_TIMEOUT(h, no_stall_by_teardown, 300)
{
	no_stall(_metadata, -1, true);
}

/* kos-stat shows the tree: a child indented under its root, revoked marks. */
TEST_F(h, kos_stat_shows_tree)
{
	static char out[1 << 20];
	char cmd[64], want[32];
	int r, b, c, len;
	FILE *p;

	ASSERT_EQ(0, h_create(self->fd, R_ALL, &r));
	ASSERT_EQ(0, h_xfer(self->fd, r, -1, R_ALL, -1, &b));
	ASSERT_EQ(0, h_xfer(self->fd, b, -1, R_ALL, -1, &c));
	snprintf(cmd, sizeof(cmd), "kos-stat %d 2>&1", getpid());
	p = popen(cmd, "r");
	if (!p)
		SKIP(return, "no kos-stat");
	len = fread(out, 1, sizeof(out) - 1, p);
	out[len] = 0;
	if (pclose(p) == 127 << 8)
		SKIP(return, "kos-stat not installed");
	EXPECT_NE(NULL, strstr(out, "context"));
	snprintf(want, sizeof(want), "\n  %-6d", b);	/* b under r */
	EXPECT_NE(NULL, strstr(out, want));
	snprintf(want, sizeof(want), "\n    %-6d", c);	/* c under b */
	EXPECT_NE(NULL, strstr(out, want));
}

TEST_F(h, limit_reached)
{
	char old[32] = "";
	int i, r, ret = 0;
	FILE *f = fopen(MAX_HANDLES_PARAM, "r+");

	if (!f)
		SKIP(return, "no %s", MAX_HANDLES_PARAM);
	ASSERT_NE(NULL, fgets(old, sizeof(old), f));
	fclose(f);
	f = fopen(MAX_HANDLES_PARAM, "w");
	ASSERT_NE(NULL, f);
	fputs("16", f);
	fclose(f);
	for (i = 0; i < 32 && !ret; i++)
		ret = h_create(self->fd, R_ALL, &r);
	f = fopen(MAX_HANDLES_PARAM, "w");
	fputs(old, f);
	fclose(f);
	EXPECT_EQ(-EDQUOT, ret);
	EXPECT_EQ(17, i);
	EXPECT_EQ(rcQuotaExceeded, KosLinuxRetcodeFromErrno(EDQUOT));
}

/* No leak over many create/close cycles (live counters back to start). */
TEST_F_TIMEOUT(h, no_leak_create_close, 300)
{
	long before = kos_live_objects("handles");
	long objs = kos_live_objects("objects");
	int i, r, n = getenv("KOS_LEAK_CYCLES") ?
		atoi(getenv("KOS_LEAK_CYCLES")) : 200000 / kos_loop_scale();

	if (before < 0)
		SKIP(return, "no debugfs");
	for (i = 0; i < n; i++) {
		ASSERT_EQ(0, h_create(self->fd, R_ALL, &r));
		ASSERT_EQ(0, h_close(self->fd, r));
	}
	EXPECT_EQ(before, kos_live_objects("handles"));
	EXPECT_EQ(objs, kos_live_objects("objects"));
}

TEST_HARNESS_MAIN
