// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * KosQueue: a pool of objCount fixed-size slots and a FIFO ring of pushed
 * slot indices.  The pool is a lock-free stack of free slots (the head word
 * carries a generation tag against ABA), so Alloc and Free never touch the
 * ring's KosMutex; Pop sleeps on a KosCondvar.  The ring never overflows:
 * every pushed object was taken from the pool.
 */
#include <kos/alloc.h>
#include <kos/condvar.h>
#include <kos/mutex.h>
#include <kos/queue.h>

#include "futex.h"
#include "internal.h"

#define POP_SPINS 200

struct KosQueue {
	KosMutex lock;
	KosCondvar nonempty;
	char *buf;
	int own_buf;
	unsigned int count;
	rtl_size_t stride;
	rtl_uint64_t free_head;	/* generation << 32 | first free slot */
	unsigned int head;
	unsigned int len;
	unsigned int *next_free;	/* [count]: the free slot after this one */
	unsigned int *ring;		/* [count] */
};

KOS_EXPORT KosQueueHandle KosQueueCreate(unsigned int objCount, unsigned int objSize,
					 unsigned int objAlign, void *buffer)
{
	struct KosQueue *q;
	rtl_size_t stride, bytes;
	unsigned int i;

	if (!objCount || !objSize || !objAlign || (objAlign & (objAlign - 1)))
		return RTL_NULL;
	if (buffer && ((uintptr_t)buffer & (objAlign - 1)))
		return RTL_NULL;
	stride = ((rtl_size_t)objSize + objAlign - 1) & ~((rtl_size_t)objAlign - 1);
	if (__builtin_mul_overflow(stride, (rtl_size_t)objCount, &bytes))
		return RTL_NULL;
	q = KosMemAlloc(sizeof(*q) + 2 * sizeof(unsigned int) * (rtl_size_t)objCount);
	if (!q)
		return RTL_NULL;
	q->own_buf = !buffer;
	q->buf = buffer ? buffer : KosMemAllocEx(bytes, objAlign, 0);
	if (!q->buf) {
		KosMemFree(q);
		return RTL_NULL;
	}
	KosMutexInit(&q->lock);
	KosCondvarInit(&q->nonempty);
	q->count = objCount;
	q->stride = stride;
	q->next_free = (unsigned int *)(q + 1);
	q->ring = q->next_free + objCount;
	q->head = 0;
	q->len = 0;
	for (i = 0; i < objCount; i++)
		q->next_free[i] = i + 1;	/* objCount ends the list */
	q->free_head = 0;
	return q;
}

KOS_EXPORT void KosQueueDestroy(KosQueueHandle queue)
{
	if (!queue)
		return;
	if (queue->own_buf)
		KosMemFree(queue->buf);
	KosMemFree(queue);
}

/* @len is written under the lock but also read by spin_for_object(). */
static void set_len(struct KosQueue *q, unsigned int len)
{
	__atomic_store_n(&q->len, len, __ATOMIC_RELAXED);
}

/* Slot index of @obj, or count when it is not a slot of @q. */
static unsigned int slot_of(struct KosQueue *q, void *obj)
{
	uintptr_t off = (uintptr_t)obj - (uintptr_t)q->buf;

	if ((uintptr_t)obj < (uintptr_t)q->buf || off % q->stride ||
	    off / q->stride >= q->count)
		return q->count;
	return (unsigned int)(off / q->stride);
}

static void pool_put(struct KosQueue *q, unsigned int slot)
{
	rtl_uint64_t h = __atomic_load_n(&q->free_head, __ATOMIC_RELAXED), n;

	do {
		__atomic_store_n(&q->next_free[slot], (unsigned int)h, __ATOMIC_RELAXED);
		n = ((h >> 32) + 1) << 32 | slot;
	} while (!__atomic_compare_exchange_n(&q->free_head, &h, n, 1,
					      __ATOMIC_RELEASE, __ATOMIC_RELAXED));
}

KOS_EXPORT void *KosQueueAlloc(KosQueueHandle queue)
{
	rtl_uint64_t h = __atomic_load_n(&queue->free_head, __ATOMIC_ACQUIRE), n;
	unsigned int slot;

	do {
		slot = (unsigned int)h;
		if (slot >= queue->count)
			return RTL_NULL;
		n = ((h >> 32) + 1) << 32 |
		    __atomic_load_n(&queue->next_free[slot], __ATOMIC_RELAXED);
	} while (!__atomic_compare_exchange_n(&queue->free_head, &h, n, 1,
					      __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE));
	return queue->buf + slot * queue->stride;
}

/* Objects that are not slots of @queue are ignored; freeing twice is not. */
KOS_EXPORT void KosQueueFree(KosQueueHandle queue, void *obj)
{
	unsigned int slot = slot_of(queue, obj);

	if (slot < queue->count)
		pool_put(queue, slot);
}

KOS_EXPORT void KosQueuePush(KosQueueHandle queue, void *obj)
{
	unsigned int slot = slot_of(queue, obj);

	if (slot == queue->count)
		return;
	KosMutexLock(&queue->lock);
	if (queue->len < queue->count) {
		queue->ring[(queue->head + queue->len) % queue->count] = slot;
		set_len(queue, queue->len + 1);
	}
	KosMutexUnlock(&queue->lock);
	KosCondvarSignal(&queue->nonempty);
}

/*
 * A producer usually pushes again within a few hundred cycles: watching
 * @len briefly before sleeping saves both sides a futex round trip.
 */
static void spin_for_object(struct KosQueue *q, rtl_uint32_t timeout)
{
	int i;

	for (i = 0; timeout && i < POP_SPINS; i++) {
		if (__atomic_load_n(&q->len, __ATOMIC_RELAXED))
			return;
		cpu_relax();
	}
}

KOS_EXPORT void *KosQueuePop(KosQueueHandle queue, rtl_uint32_t timeout)
{
	struct kos_deadline d;
	void *obj = RTL_NULL;

	kos_deadline_init(&d, timeout);
	spin_for_object(queue, timeout);
	KosMutexLock(&queue->lock);
	while (!queue->len && timeout) {
		if (kos_condvar_wait_deadline(&queue->nonempty, &queue->lock, &d))
			break;
	}
	if (queue->len) {
		obj = queue->buf + queue->ring[queue->head] * queue->stride;
		queue->head = (queue->head + 1) % queue->count;
		set_len(queue, queue->len - 1);
	}
	KosMutexUnlock(&queue->lock);
	return obj;
}

KOS_EXPORT void KosQueueFlush(KosQueueHandle queue)
{
	KosMutexLock(&queue->lock);
	while (queue->len) {
		pool_put(queue, queue->ring[queue->head]);
		queue->head = (queue->head + 1) % queue->count;
		set_len(queue, queue->len - 1);
	}
	KosMutexUnlock(&queue->lock);
}
