/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Bounded object pool plus FIFO, for passing objects between threads.
 */
#ifndef _KOS_QUEUE_H
#define _KOS_QUEUE_H

#include <rtl/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct KosQueue *KosQueueHandle;

KosQueueHandle KosQueueCreate(unsigned int objCount, unsigned int objSize,
			      unsigned int objAlign, void *buffer);
void KosQueueDestroy(KosQueueHandle queue);
void *KosQueueAlloc(KosQueueHandle queue);
void KosQueueFree(KosQueueHandle queue, void *obj);
void KosQueuePush(KosQueueHandle queue, void *obj);
void *KosQueuePop(KosQueueHandle queue, rtl_uint32_t timeout);
void KosQueueFlush(KosQueueHandle queue);

#ifdef __cplusplus
}
#endif

#endif /* _KOS_QUEUE_H */
