// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * KosQueue: a pool of objCount fixed-size slots (a stack of free slot
 * indices) and a FIFO ring of pushed slot indices, under one KosMutex, with
 * a KosCondvar for Pop to sleep on.  The ring never overflows: every pushed
 * object was taken from the pool.
 */
#include <kos/alloc.h>
#include <kos/condvar.h>
#include <kos/mutex.h>
#include <kos/queue.h>

#include "futex.h"
#include "internal.h"

struct KosQueue {
	KosMutex lock;
	KosCondvar nonempty;
	char *buf;
	int own_buf;
	unsigned count;
	rtl_size_t stride;
	unsigned nfree;
	unsigned head;
	unsigned len;
	unsigned *free_slots;	/* [count] */
	unsigned *ring;		/* [count] */
};

KOS_EXPORT KosQueueHandle KosQueueCreate(unsigned objCount, unsigned objSize,
					 unsigned objAlign, void *buffer)
{
	struct KosQueue *q;
	rtl_size_t stride, bytes;
	unsigned i;

	if (!objCount || !objSize || !objAlign || (objAlign & (objAlign - 1)))
		return RTL_NULL;
	if (buffer && ((uintptr_t)buffer & (objAlign - 1)))
		return RTL_NULL;
	stride = ((rtl_size_t)objSize + objAlign - 1) & ~((rtl_size_t)objAlign - 1);
	if (__builtin_mul_overflow(stride, (rtl_size_t)objCount, &bytes))
		return RTL_NULL;
	q = KosMemAlloc(sizeof(*q) + 2 * sizeof(unsigned) * (rtl_size_t)objCount);
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
	q->free_slots = (unsigned *)(q + 1);
	q->ring = q->free_slots + objCount;
	q->head = 0;
	q->len = 0;
	q->nfree = objCount;
	for (i = 0; i < objCount; i++)
		q->free_slots[i] = objCount - 1 - i;
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

/* Slot index of @obj, or count when it is not a slot of @q. */
static unsigned slot_of(struct KosQueue *q, void *obj)
{
	uintptr_t off = (uintptr_t)obj - (uintptr_t)q->buf;

	if ((uintptr_t)obj < (uintptr_t)q->buf || off % q->stride ||
	    off / q->stride >= q->count)
		return q->count;
	return (unsigned)(off / q->stride);
}

KOS_EXPORT void *KosQueueAlloc(KosQueueHandle queue)
{
	void *obj = RTL_NULL;

	KosMutexLock(&queue->lock);
	if (queue->nfree)
		obj = queue->buf + queue->free_slots[--queue->nfree] * queue->stride;
	KosMutexUnlock(&queue->lock);
	return obj;
}

/* Objects that are not slots of @queue, or double frees, are ignored. */
KOS_EXPORT void KosQueueFree(KosQueueHandle queue, void *obj)
{
	unsigned slot = slot_of(queue, obj);

	if (slot == queue->count)
		return;
	KosMutexLock(&queue->lock);
	if (queue->nfree < queue->count)
		queue->free_slots[queue->nfree++] = slot;
	KosMutexUnlock(&queue->lock);
}

KOS_EXPORT void KosQueuePush(KosQueueHandle queue, void *obj)
{
	unsigned slot = slot_of(queue, obj);

	if (slot == queue->count)
		return;
	KosMutexLock(&queue->lock);
	if (queue->len < queue->count) {
		queue->ring[(queue->head + queue->len) % queue->count] = slot;
		queue->len++;
	}
	KosMutexUnlock(&queue->lock);
	KosCondvarSignal(&queue->nonempty);
}

KOS_EXPORT void *KosQueuePop(KosQueueHandle queue, rtl_uint32_t timeout)
{
	struct kos_deadline d;
	void *obj = RTL_NULL;

	kos_deadline_init(&d, timeout);
	KosMutexLock(&queue->lock);
	while (!queue->len && timeout) {
		if (kos_condvar_wait_deadline(&queue->nonempty, &queue->lock, &d))
			break;
	}
	if (queue->len) {
		obj = queue->buf + queue->ring[queue->head] * queue->stride;
		queue->head = (queue->head + 1) % queue->count;
		queue->len--;
	}
	KosMutexUnlock(&queue->lock);
	return obj;
}

KOS_EXPORT void KosQueueFlush(KosQueueHandle queue)
{
	KosMutexLock(&queue->lock);
	while (queue->len) {
		queue->free_slots[queue->nfree++] = queue->ring[queue->head];
		queue->head = (queue->head + 1) % queue->count;
		queue->len--;
	}
	KosMutexUnlock(&queue->lock);
}
