// SPDX-License-Identifier: GPL-2.0
/* Threads: create, wait, suspend/resume, terminate, callbacks, once, TLS. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <kos/thread.h>

#include "kselftest_harness.h"
#include "libkos_util.h"

static volatile unsigned long spins;
static volatile int stop_spinning;

static int spinner(void *ctx)
{
	(void)ctx;
	while (!stop_spinning)
		__atomic_add_fetch(&spins, 1, __ATOMIC_RELAXED);
	return 0;
}

/* Waits until thread @tid sleeps (state S in /proc), at most 5 s. */
static int wait_until_sleeping(Tid tid)
{
	char path[64], buf[256], *p;
	int i;

	snprintf(path, sizeof(path), "/proc/self/task/%u/stat", tid);
	for (i = 0; i < 5000; i++) {
		FILE *f = fopen(path, "r");

		if (!f)
			return -1;
		p = fgets(buf, sizeof(buf), f);
		fclose(f);
		p = p ? strrchr(buf, ')') : NULL;
		if (p && p[2] == 'S')
			return 0;
		usleep(1000);
	}
	return -1;
}

/* Runs @routine in a new thread to its end: the result of the Wait. */
static int run_to_end(ThreadRoutine routine, void *ctx)
{
	Tid tid;
	Retcode rc = KosThreadCreate(&tid, ThreadPriorityNormal, 0, routine,
				     ctx, 0);

	return rc != rcOk ? rc : KosThreadWait(tid, 5000);
}

static unsigned long spins_now(void)
{
	return __atomic_load_n(&spins, __ATOMIC_RELAXED);
}

/* The reference's example: two threads with the same routine. */
typedef struct {
	const char *ddi;
	const char *deviceName;
	int ran;
} ThreadContext;

static int FbHotplugThread(void *context)
{
	ThreadContext *c = context;

	c->ran = 1;
	return 0;
}

TEST(reference_example_two_threads)
{
	static ThreadContext threadContext[] = {
		{ .ddi = "B", .deviceName = "/pci/bus0/dev2/fun0/DDI_B" },
		{ .ddi = "C", .deviceName = "/pci/bus0/dev2/fun0/DDI_C" },
	};
	Tid tidB, tidC;

	ASSERT_EQ(rcOk, KosThreadCreate(&tidB, ThreadPriorityNormal,
					ThreadStackSizeDefault, FbHotplugThread,
					&threadContext[0], 0));
	ASSERT_EQ(rcOk, KosThreadCreate(&tidC, ThreadPriorityNormal,
					ThreadStackSizeDefault, FbHotplugThread,
					&threadContext[1], 0));
	ASSERT_NE(tidB, tidC);
	ASSERT_EQ(rcOk, KosThreadWait(tidB, INFINITE_TIMEOUT));
	ASSERT_EQ(rcOk, KosThreadWait(tidC, INFINITE_TIMEOUT));
	ASSERT_EQ(1, threadContext[0].ran);
	ASSERT_EQ(1, threadContext[1].ran);
	/* collected: the Tid is gone */
	ASSERT_EQ(rcResourceNotFound, KosThreadWait(tidB, 0));
}

TEST(create_invalid_arguments)
{
	Tid tid;

	ASSERT_EQ(rcInvalidArgument, KosThreadCreate(&tid, 32, 0, spinner, NULL, 0));
	ASSERT_EQ(rcInvalidArgument, KosThreadCreate(NULL, 0, 0, spinner, NULL, 0));
	ASSERT_EQ(rcInvalidArgument, KosThreadCreate(&tid, 0, 0, NULL, NULL, 0));
}

static int report_tid(void *ctx)
{
	*(Tid *)ctx = KosThreadCurrentId();
	return 0;
}

TEST(current_id_is_linux_tid)
{
	Tid tid, seen = 0;

	ASSERT_EQ((Tid)gettid(), KosThreadCurrentId());
	ASSERT_EQ(rcOk, KosThreadCreate(&tid, ThreadPriorityNormal, 0,
					report_tid, &seen, 0));
	ASSERT_EQ(rcOk, KosThreadWait(tid, 5000));
	ASSERT_EQ(tid, seen);
}

static int sleeper(void *ctx)
{
	KosThreadSleep((rtl_uint32_t)(uintptr_t)ctx);
	return 0;
}

TEST(wait_timeout_and_sleep)
{
	uint64_t t0;
	Tid tid;

	ASSERT_EQ(rcOk, KosThreadCreate(&tid, ThreadPriorityNormal, 0, sleeper,
					(void *)(uintptr_t)300, 0));
	t0 = now_ms();
	ASSERT_EQ(rcTimeout, KosThreadWait(tid, 50));
	ASSERT_TOOK(t0, 50);
	ASSERT_EQ(rcTimeout, KosThreadWait(tid, 0));
	ASSERT_EQ(rcOk, KosThreadWait(tid, 5000));
	ASSERT_GE(now_ms() - t0, 290);
	ASSERT_EQ(rcInvalidArgument, KosThreadWait(KosThreadCurrentId(), 0));
	ASSERT_EQ(rcResourceNotFound, KosThreadWait(0x7ffffff0, 0));
	t0 = now_ms();
	ASSERT_EQ(rcOk, KosThreadSleep(60));
	ASSERT_TOOK(t0, 60);
	ASSERT_EQ(rcOk, KosThreadSleep(0));
	KosThreadYield();
}

TEST(created_suspended_runs_only_after_resume)
{
	Tid tid;

	spins = 0;
	stop_spinning = 0;
	ASSERT_EQ(rcOk, KosThreadCreate(&tid, ThreadPriorityNormal, 0, spinner,
					NULL, 1));
	usleep(50000);
	ASSERT_EQ(0, spins_now());
	ASSERT_EQ(rcOk, KosThreadResume(tid));
	while (!spins_now())
		usleep(1000);
	stop_spinning = 1;
	ASSERT_EQ(rcOk, KosThreadWait(tid, 5000));
}

TEST(suspend_stops_a_spinning_thread)
{
	unsigned long a, b;
	Tid tid;

	spins = 0;
	stop_spinning = 0;
	ASSERT_EQ(rcOk, KosThreadCreate(&tid, ThreadPriorityNormal, 0, spinner,
					NULL, 0));
	while (!spins_now())
		usleep(1000);
	ASSERT_EQ(rcOk, KosThreadSuspend(tid));
	a = spins_now();
	usleep(100000);
	b = spins_now();
	ASSERT_EQ(a, b);
	ASSERT_EQ(rcOk, KosThreadResume(tid));
	usleep(20000);
	ASSERT_GT(spins_now(), b);
	stop_spinning = 1;
	ASSERT_EQ(rcOk, KosThreadWait(tid, 5000));
	ASSERT_EQ(rcResourceNotFound, KosThreadSuspend(tid));
	ASSERT_EQ(rcResourceNotFound, KosThreadResume(tid));
}

static int self_suspender(void *ctx)
{
	KosThreadSuspend(KosThreadCurrentId());
	*(int *)ctx = 1;
	return 0;
}

TEST(suspend_self_until_resumed)
{
	int after = 0;
	Tid tid;

	ASSERT_EQ(rcOk, KosThreadCreate(&tid, ThreadPriorityNormal, 0,
					self_suspender, &after, 0));
	ASSERT_EQ(rcTimeout, KosThreadWait(tid, 50));
	ASSERT_EQ(0, wait_until_sleeping(tid));
	ASSERT_EQ(0, after);
	ASSERT_EQ(rcOk, KosThreadResume(tid));
	ASSERT_EQ(rcOk, KosThreadWait(tid, 5000));
	ASSERT_EQ(1, after);
}

TEST(terminate_spinning_and_suspended_threads)
{
	Tid tid;
	int s;

	for (s = 0; s < 2; s++) {
		spins = 0;
		stop_spinning = 0;
		ASSERT_EQ(rcOk, KosThreadCreate(&tid, ThreadPriorityNormal, 0,
						spinner, NULL, s));
		if (!s)
			while (!spins_now())
				usleep(1000);
		ASSERT_EQ(rcOk, KosThreadTerminate(tid, 7));
		ASSERT_EQ(rcOk, KosThreadWait(tid, 5000))
			TH_LOG("created suspended: %d", s);
	}
	stop_spinning = 1;
	ASSERT_EQ(rcResourceNotFound, KosThreadTerminate(tid, 0));
}

static int exiter(void *ctx)
{
	(void)ctx;
	KosThreadExit(3);
	return 1;
}

TEST(exit_from_thread)
{
	ASSERT_EQ(rcOk, run_to_end(exiter, NULL));
}

static int created, destroyed;

static void count_cb(KosThreadCallbackReason reason)
{
	if (reason == KosThreadCallbackReasonCreate)
		__atomic_add_fetch(&created, 1, __ATOMIC_SEQ_CST);
	else
		__atomic_add_fetch(&destroyed, 1, __ATOMIC_SEQ_CST);
}

static void other_cb(KosThreadCallbackReason reason)
{
	(void)reason;
}

TEST(callbacks_called_on_create_and_destroy)
{
	created = destroyed = 0;
	ASSERT_EQ(rcOk, KosThreadCallbackRegister(count_cb));
	ASSERT_EQ(rcAlreadyExists, KosThreadCallbackRegister(count_cb));
	ASSERT_EQ(rcInvalidArgument, KosThreadCallbackRegister(NULL));
	ASSERT_EQ(rcOk, run_to_end(exiter, NULL));
	ASSERT_EQ(1, created);
	ASSERT_EQ(1, destroyed);
	ASSERT_EQ(rcOk, KosThreadCallbackUnregister(count_cb));
	ASSERT_EQ(rcResourceNotFound, KosThreadCallbackUnregister(count_cb));
	ASSERT_EQ(rcResourceNotFound, KosThreadCallbackUnregister(other_cb));
	ASSERT_EQ(rcOk, run_to_end(exiter, NULL));
	ASSERT_EQ(1, created);
}

static KosThreadOnceState once = KOS_THREAD_ONCE_INIT;
static int once_calls;

static void once_init(void)
{
	usleep(20000);
	__atomic_add_fetch(&once_calls, 1, __ATOMIC_SEQ_CST);
}

static int once_user(void *ctx)
{
	(void)ctx;
	return KosThreadOnce(&once, once_init) == rcOk ? 0 : 1;
}

TEST(once_runs_exactly_once)
{
	Tid tids[4];
	int i;

	for (i = 0; i < 4; i++)
		ASSERT_EQ(rcOk, KosThreadCreate(&tids[i], ThreadPriorityNormal, 0,
						once_user, NULL, 0));
	for (i = 0; i < 4; i++)
		ASSERT_EQ(rcOk, KosThreadWait(tids[i], 5000));
	ASSERT_EQ(rcOk, KosThreadOnce(&once, once_init));
	ASSERT_EQ(1, once_calls);
	ASSERT_EQ(rcInvalidArgument, KosThreadOnce(NULL, once_init));
}

static int tls_user(void *ctx)
{
	int mine;

	if (KosThreadTlsGet() != RTL_NULL)
		return 1;
	KosThreadTlsSet(&mine);
	*(int *)ctx = KosThreadTlsGet() == &mine;
	return 0;
}

TEST(tls_is_per_thread)
{
	int ok = 0, here;

	ASSERT_EQ(rcOk, KosThreadTlsSet(&here));
	ASSERT_EQ(rcOk, run_to_end(tls_user, &ok));
	ASSERT_EQ(1, ok);
	ASSERT_EQ(&here, KosThreadTlsGet());
}

struct stack_probe {
	void *local;
	int nice;
};

static int stack_user(void *ctx)
{
	struct stack_probe *p = ctx;
	int on_stack;

	p->local = &on_stack;
	p->nice = getpriority(PRIO_PROCESS, 0);
	KosThreadSuspend(KosThreadCurrentId());
	return 0;
}

TEST(stack_size_and_priority)
{
	struct stack_probe p = { 0 };
	rtl_uint32_t size = 0;
	char *stack;
	Tid tid;

	ASSERT_EQ(rcOk, KosThreadCreate(&tid, ThreadPriorityLowest, 256 * 1024,
					stack_user, &p, 0));
	while (!__atomic_load_n(&p.local, __ATOMIC_SEQ_CST))
		usleep(1000);
	stack = KosThreadGetStack(tid, &size);
	ASSERT_NE(NULL, stack);
	ASSERT_GE(size, 256 * 1024);
	ASSERT_LT(size, 512 * 1024);
	ASSERT_GE((char *)p.local, stack);
	ASSERT_LT((char *)p.local, stack + size);
	ASSERT_EQ(19, p.nice);
	ASSERT_NE(NULL, KosThreadGetStack(KosThreadCurrentId(), &size));
	ASSERT_EQ(0, wait_until_sleeping(tid));
	ASSERT_EQ(rcOk, KosThreadResume(tid));
	ASSERT_EQ(rcOk, KosThreadWait(tid, 5000));
	ASSERT_EQ(NULL, KosThreadGetStack(tid, &size));
}

static Tid foreign_tid;
static int foreign_resumed;

static void *plain_pthread(void *arg)
{
	(void)arg;
	__atomic_store_n(&foreign_tid, KosThreadCurrentId(), __ATOMIC_SEQ_CST);
	KosThreadSuspend(KosThreadCurrentId());
	__atomic_store_n(&foreign_resumed, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

TEST(foreign_pthread_is_registered_on_use)
{
	pthread_t pt;
	Tid tid;

	ASSERT_EQ(0, pthread_create(&pt, NULL, plain_pthread, NULL));
	while (!(tid = __atomic_load_n(&foreign_tid, __ATOMIC_SEQ_CST)))
		usleep(1000);
	ASSERT_EQ(0, wait_until_sleeping(tid));
	ASSERT_EQ(0, __atomic_load_n(&foreign_resumed, __ATOMIC_SEQ_CST));
	ASSERT_EQ(rcOk, KosThreadResume(tid));
	ASSERT_EQ(0, pthread_join(pt, NULL));
	ASSERT_EQ(1, foreign_resumed);
	/* its record left the registry when it exited */
	ASSERT_EQ(rcResourceNotFound, KosThreadResume(tid));
}

TEST_HARNESS_MAIN
