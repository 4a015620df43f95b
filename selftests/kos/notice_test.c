// SPDX-License-Identifier: GPL-2.0
/* Notices: subscribe, signal, coalesce, timeouts, countMax, poll. */
#include <poll.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <time.h>

#include <coresrv/handle/notice_api.h>

#include "kselftest_harness.h"
#include "kos_util.h"
#include "handle_util.h"

#define SPEC(n) (1U << (16 + (n)))

FIXTURE(n) {
	int fd, notice, obj;
};

FIXTURE_SETUP(n)
{
	self->fd = kos_open();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, n_create(self->fd, &self->notice));
	ASSERT_EQ(0, h_create(self->fd, R_ALL, &self->obj));
}

FIXTURE_TEARDOWN(n)
{
	close(self->fd);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

TEST_F(n, timeout)
{
	struct kos_event ev;
	long t0 = now_ms();

	EXPECT_EQ(-ETIMEDOUT, n_get(self->fd, self->notice, 100, &ev, 1));
	EXPECT_LE(100, now_ms() - t0);
	EXPECT_EQ(-ETIMEDOUT, n_get(self->fd, self->notice, 0, &ev, 1));
}

/*
 * A finite wait never ends before its time, wherever in a scheduler tick it
 * starts (every command's timeout goes through the same conversion): waits
 * of 1 ms, shorter than a tick, so that rounding down would show.
 */
TEST_F(n, timeout_never_early)
{
	struct kos_event ev;
	int i, early = 0;
	double t0;

	for (i = 0; i < 40; i++) {
		t0 = kos_now_ns();
		ASSERT_EQ(-ETIMEDOUT, n_get(self->fd, self->notice, 1, &ev, 1));
		early += kos_now_ns() - t0 < 1e6;
	}
	EXPECT_EQ(0, early) TH_LOG("%d of 40 waits of 1 ms ended early", early);
}

TEST_F(n, set_and_coalesce)
{
	struct kos_event ev[4];

	ASSERT_EQ(0, n_sub(self->fd, self->notice, self->obj,
			   SPEC(0) | SPEC(1), 5));
	ASSERT_EQ(0, n_set(self->fd, self->obj, SPEC(0)));
	ASSERT_EQ(0, n_set(self->fd, self->obj, SPEC(1) | SPEC(2)));
	ASSERT_EQ(1, n_get(self->fd, self->notice, 0, ev, 4));
	EXPECT_EQ(5, ev[0].event_id);
	EXPECT_EQ(SPEC(0) | SPEC(1), ev[0].event_mask);
	EXPECT_EQ(-ETIMEDOUT, n_get(self->fd, self->notice, 0, ev, 4));
	/* Unsubscribed bits alone deliver nothing. */
	ASSERT_EQ(0, n_set(self->fd, self->obj, SPEC(3)));
	EXPECT_EQ(-ETIMEDOUT, n_get(self->fd, self->notice, 0, ev, 4));
}

TEST_F(n, count_max)
{
	struct kos_event ev[4];
	int i, o[3];

	for (i = 0; i < 3; i++) {
		ASSERT_EQ(0, h_create(self->fd, R_ALL, &o[i]));
		ASSERT_EQ(0, n_sub(self->fd, self->notice, o[i], SPEC(0), 100 + i));
		ASSERT_EQ(0, n_set(self->fd, o[i], SPEC(0)));
	}
	ASSERT_EQ(2, n_get(self->fd, self->notice, 0, ev, 2));
	EXPECT_EQ(100, ev[0].event_id);
	EXPECT_EQ(101, ev[1].event_id);
	ASSERT_EQ(1, n_get(self->fd, self->notice, 0, ev, 4));
	EXPECT_EQ(102, ev[0].event_id);
	EXPECT_EQ(-EINVAL, n_get(self->fd, self->notice, 0, ev, 0));
	EXPECT_EQ(-EINVAL, n_get(self->fd, self->notice, 0, ev, 100000));
}

TEST_F(n, set_general_bit_refused)
{
	EXPECT_EQ(-EINVAL, n_set(self->fd, self->obj, KOS_EVENT_OBJECT_DESTROYED));
	EXPECT_EQ(-EINVAL, n_set(self->fd, self->obj, SPEC(0) | 1U << 15));
	EXPECT_EQ(0, n_set(self->fd, self->obj, SPEC(15)));
}

TEST_F(n, rights_for_events)
{
	int d;

	ASSERT_EQ(0, h_xfer(self->fd, self->obj, -1, R_XFER, -1, &d));
	EXPECT_EQ(-EPERM, n_set(self->fd, d, SPEC(0)));
	EXPECT_EQ(-EPERM, n_sub(self->fd, self->notice, d, SPEC(0), 1));
	EXPECT_EQ(-EINVAL, n_sub(self->fd, self->obj, self->obj, SPEC(0), 1));
}

TEST_F(n, poll_and_epoll)
{
	struct pollfd p = { .fd = self->fd, .events = POLLIN };
	struct epoll_event ee = { .events = EPOLLIN }, out;
	struct kos_event ev;
	int ep = epoll_create1(0);

	ASSERT_LE(0, ep);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, self->fd, &ee));
	ASSERT_EQ(0, n_sub(self->fd, self->notice, self->obj, SPEC(0), 1));
	EXPECT_EQ(0, poll(&p, 1, 0));
	EXPECT_EQ(0, epoll_wait(ep, &out, 1, 0));
	ASSERT_EQ(0, n_set(self->fd, self->obj, SPEC(0)));
	EXPECT_EQ(1, poll(&p, 1, 1000));
	EXPECT_EQ(POLLIN, p.revents);
	EXPECT_EQ(1, epoll_wait(ep, &out, 1, 1000));
	ASSERT_EQ(1, n_get(self->fd, self->notice, 0, &ev, 1));
	EXPECT_EQ(0, poll(&p, 1, 0));
	close(ep);
}

/* A waiter blocked in GetEvent wakes when another thread signals. */
static void *signal_later(void *arg)
{
	int *v = arg;

	usleep(50000);
	n_set(v[0], v[1], SPEC(4));
	return NULL;
}

TEST_F(n, wakeup)
{
	int args[2] = { self->fd, self->obj };
	struct kos_event ev;
	pthread_t t;

	ASSERT_EQ(0, n_sub(self->fd, self->notice, self->obj, SPEC(4), 9));
	ASSERT_EQ(0, pthread_create(&t, NULL, signal_later, args));
	EXPECT_EQ(1, n_get(self->fd, self->notice, ~0ULL, &ev, 1));
	EXPECT_EQ(SPEC(4), ev.event_mask);
	pthread_join(t, NULL);
}

static void *close_later(void *arg)
{
	int *v = arg;

	usleep(50000);
	h_close(v[0], v[1]);
	return NULL;
}

/* Closing a notice wakes its waiters: they fail, they do not hang. */
TEST_F(n, destroyed_while_waiting)
{
	int args[2] = { self->fd, self->notice };
	struct kos_event ev;
	pthread_t t;

	ASSERT_EQ(0, pthread_create(&t, NULL, close_later, args));
	EXPECT_EQ(-EKEYREVOKED, n_get(self->fd, self->notice, ~0ULL, &ev, 1));
	pthread_join(t, NULL);
	EXPECT_EQ(-EBADF, n_get(self->fd, self->notice, 0, &ev, 1));
}

/* libkos: the reference's signatures and return codes. */
TEST(libkos_notice)
{
	EventDesc ev[3];
	rtl_size_t count = 99;
	Notice notice;
	Handle obj, badge;

	ASSERT_EQ(rcOk, KnNoticeCreate(&notice));
	ASSERT_EQ(rcOk, KnHandleCreateUserObject(HANDLE_TYPE_USER_FIRST,
		  OCAP_HANDLE_SET_EVENT | OCAP_HANDLE_GET_EVENT, NULL, &obj));
	ASSERT_EQ(rcOk, KnNoticeSubscribeToObject(notice, obj,
		  EVENT_OBJECT_DESTROYED | OBJECT_EVENT_SPEC(0), 77));
	EXPECT_EQ(rcTimeout, KnNoticeGetEvent(notice, 10, 3, ev, &count));
	EXPECT_EQ(0, count);
	EXPECT_EQ(rcInvalidArgument,
		  KnNoticeSetObjectEvent(obj, EVENT_OBJECT_DESTROYED));
	ASSERT_EQ(rcOk, KnNoticeSetObjectEvent(obj, OBJECT_EVENT_SPEC(0)));
	ASSERT_EQ(rcOk, KnHandleCreateBadge(notice, 78, NULL, &badge));
	ASSERT_EQ(rcOk, KnHandleClose(badge));
	ASSERT_EQ(rcOk, KnHandleClose(obj));
	ASSERT_EQ(rcOk, KnNoticeGetEvent(notice, INFINITE_TIMEOUT, 3, ev, &count));
	ASSERT_EQ(2, count);
	EXPECT_EQ(77, ev[0].eventId);
	EXPECT_EQ(OBJECT_EVENT_SPEC(0) | EVENT_OBJECT_DESTROYED, ev[0].eventMask);
	EXPECT_EQ(78, ev[1].eventId);
	EXPECT_EQ(EVENT_OBJECT_DESTROYED, ev[1].eventMask);
	EXPECT_EQ(rcOk, KnHandleClose(notice));
}

TEST_HARNESS_MAIN
