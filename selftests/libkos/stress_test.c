// SPDX-License-Identifier: GPL-2.0
/*
 * Stress: 8 threads x 1M lock/unlock of one KosMutex, and a queue
 * producer/consumer pair.  Lost updates or lost wakeups fail (or hang into
 * the harness timeout).  Also run under helgrind by scripts/helgrind-check.
 */
#include <stdlib.h>

#include <kos/mutex.h>
#include <kos/queue.h>
#include <kos/thread.h>

#include "kselftest_harness.h"

#define THREADS 8

static KosMutex mutex;
static unsigned long counter;
static unsigned long iterations = 1000000;

static int hammer(void *ctx)
{
	unsigned long i;

	(void)ctx;
	for (i = 0; i < iterations; i++) {
		KosMutexLock(&mutex);
		counter++;
		KosMutexUnlock(&mutex);
	}
	return 0;
}

static void scale_from_env(void)
{
	const char *s = getenv("KOS_STRESS_ITERATIONS");

	if (s)
		iterations = strtoul(s, NULL, 0);
}

TEST(mutex_8_threads_1m_each)
{
	Tid tids[THREADS];
	int i;

	scale_from_env();
	KosMutexInit(&mutex);
	for (i = 0; i < THREADS; i++)
		ASSERT_EQ(rcOk, KosThreadCreate(&tids[i], ThreadPriorityNormal, 0,
						hammer, NULL, 0));
	for (i = 0; i < THREADS; i++)
		ASSERT_EQ(rcOk, KosThreadWait(tids[i], INFINITE_TIMEOUT));
	ASSERT_EQ(THREADS * iterations, counter);
}

static KosQueueHandle queue;

static int consumer(void *ctx)
{
	unsigned long *sum = ctx, *obj;

	for (;;) {
		obj = KosQueuePop(queue, INFINITE_TIMEOUT);
		if (*obj == 0) {
			KosQueueFree(queue, obj);
			return 0;
		}
		*sum += *obj;
		KosQueueFree(queue, obj);
	}
}

TEST(queue_producer_consumer)
{
	unsigned long sum = 0, i, n;
	unsigned long *obj;
	Tid tid;

	scale_from_env();
	n = iterations / 4;
	queue = KosQueueCreate(64, sizeof(unsigned long), sizeof(unsigned long),
			       NULL);
	ASSERT_NE(NULL, queue);
	ASSERT_EQ(rcOk, KosThreadCreate(&tid, ThreadPriorityNormal, 0, consumer,
					&sum, 0));
	for (i = 1; i <= n + 1; i++) {
		while (!(obj = KosQueueAlloc(queue)))
			KosThreadYield();
		*obj = i <= n ? i : 0;
		KosQueuePush(queue, obj);
	}
	ASSERT_EQ(rcOk, KosThreadWait(tid, INFINITE_TIMEOUT));
	ASSERT_EQ(n * (n + 1) / 2, sum);
	KosQueueDestroy(queue);
}

TEST_HARNESS_MAIN
