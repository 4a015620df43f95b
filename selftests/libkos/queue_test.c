// SPDX-License-Identifier: GPL-2.0
/* KosQueue: pool limits, FIFO order, timeouts, flush, dispatch loop. */
#include <stdalign.h>

#include <kos/queue.h>
#include <kos/thread.h>

#include "kselftest_harness.h"
#include "libkos_util.h"

TEST(create_rejects_bad_parameters)
{
	alignas(64) static char buf[256];

	ASSERT_EQ(NULL, KosQueueCreate(0, 8, 8, NULL));
	ASSERT_EQ(NULL, KosQueueCreate(4, 0, 8, NULL));
	ASSERT_EQ(NULL, KosQueueCreate(4, 8, 0, NULL));
	ASSERT_EQ(NULL, KosQueueCreate(4, 8, 3, NULL));
	ASSERT_EQ(NULL, KosQueueCreate(4, 8, 64, buf + 1));
}

TEST(pool_full_fifo_and_alignment)
{
	KosQueueHandle q = KosQueueCreate(3, 5, 32, NULL);
	void *obj[3];
	int i;

	ASSERT_NE(NULL, q);
	for (i = 0; i < 3; i++) {
		obj[i] = KosQueueAlloc(q);
		ASSERT_NE(NULL, obj[i]);
		ASSERT_EQ(0, (uintptr_t)obj[i] % 32);
		*(int *)obj[i] = i;
	}
	ASSERT_EQ(NULL, KosQueueAlloc(q));	/* pool exhausted */
	for (i = 0; i < 3; i++)
		KosQueuePush(q, obj[i]);
	for (i = 0; i < 3; i++) {
		int *o = KosQueuePop(q, 0);

		ASSERT_NE(NULL, o);
		ASSERT_EQ(i, *o);
		KosQueueFree(q, o);
	}
	ASSERT_EQ(NULL, KosQueuePop(q, 0));	/* empty */
	KosQueueDestroy(q);
}

TEST(pop_timeout)
{
	KosQueueHandle q = KosQueueCreate(1, 8, 8, NULL);
	uint64_t t0 = now_ms();

	ASSERT_EQ(NULL, KosQueuePop(q, 80));
	ASSERT_TOOK(t0, 80);
	KosQueueDestroy(q);
}

TEST(flush_returns_objects_to_pool_and_external_buffer)
{
	alignas(16) static char buf[4 * 16];
	KosQueueHandle q = KosQueueCreate(4, 16, 16, buf);
	int i;

	ASSERT_NE(NULL, q);
	for (i = 0; i < 4; i++) {
		char *o = KosQueueAlloc(q);

		ASSERT_GE(o, &buf[0]);
		ASSERT_LT(o, &buf[0] + sizeof(buf));
		KosQueuePush(q, o);
	}
	ASSERT_EQ(NULL, KosQueueAlloc(q));
	KosQueueFlush(q);
	ASSERT_EQ(NULL, KosQueuePop(q, 0));
	for (i = 0; i < 4; i++)
		ASSERT_NE(NULL, KosQueueAlloc(q));
	KosQueueDestroy(q);
}

/* The reference's dispatch loop, with the names it uses. */
enum { GPIO_EVENT_TYPE_PIN, GPIO_EVENT_TYPE_THREAD_ABORT };
typedef struct { int type; int pin; } GpioEvent;
typedef struct { KosQueueHandle queue; int delivered; long sum; } GpioDevice;

static void GpioDeliverEvent(GpioDevice *device, GpioEvent *event)
{
	device->delivered++;
	device->sum += event->pin;
}

static void KosPutObject(GpioDevice *device)
{
	(void)device;
}

static int GpioEventDispatch(void *context)
{
	GpioEvent *event;
	GpioDevice *device = context;
	rtl_bool proceed = rtl_true;

	do {
		event = KosQueuePop(device->queue, INFINITE_TIMEOUT);
		if (event != RTL_NULL) {
			if (event->type == GPIO_EVENT_TYPE_THREAD_ABORT)
				proceed = rtl_false;
			else
				GpioDeliverEvent(device, event);
			KosQueueFree(device->queue, event);
		}
	} while (proceed);
	KosPutObject(device);
	return rcOk;
}

TEST(reference_dispatch_loop_producer_consumer)
{
	GpioDevice dev = { .queue = KosQueueCreate(8, sizeof(GpioEvent),
						   alignof(GpioEvent), NULL) };
	const int n = 100000;
	GpioEvent *e;
	Tid tid;
	int i;

	ASSERT_NE(NULL, dev.queue);
	ASSERT_EQ(rcOk, KosThreadCreate(&tid, ThreadPriorityNormal, 0,
					GpioEventDispatch, &dev, 0));
	for (i = 1; i <= n + 1; i++) {
		while (!(e = KosQueueAlloc(dev.queue)))
			KosThreadYield();
		e->type = i <= n ? GPIO_EVENT_TYPE_PIN : GPIO_EVENT_TYPE_THREAD_ABORT;
		e->pin = i;
		KosQueuePush(dev.queue, e);
	}
	ASSERT_EQ(rcOk, KosThreadWait(tid, 20000));
	ASSERT_EQ(n, dev.delivered);
	ASSERT_EQ((long)n * (n + 1) / 2, dev.sum);
	KosQueueDestroy(dev.queue);
}

TEST_HARNESS_MAIN
