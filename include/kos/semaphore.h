/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Counting semaphore.  The fields are private.
 */
#ifndef _KOS_SEMAPHORE_H
#define _KOS_SEMAPHORE_H

#include <rtl/retcode.h>
#include <rtl/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KOS_SEMAPHORE_VALUE_MAX 0x7fffffffu

typedef struct KosSemaphore {
	rtl_uint32_t magic;	/* set by KosSemaphoreInit, cleared by Deinit */
	rtl_uint32_t count;
	rtl_uint32_t waiters;
	rtl_uint32_t __reserved;
} KosSemaphore;

Retcode KosSemaphoreInit(KosSemaphore *semaphore, unsigned int count);
Retcode KosSemaphoreDeinit(KosSemaphore *semaphore);
Retcode KosSemaphoreSignal(KosSemaphore *semaphore);
Retcode KosSemaphoreWait(KosSemaphore *semaphore);
Retcode KosSemaphoreWaitTimeout(KosSemaphore *semaphore, rtl_uint32_t mdelay);
Retcode KosSemaphoreTryWait(KosSemaphore *semaphore);

#ifdef __cplusplus
}
#endif

#endif /* _KOS_SEMAPHORE_H */
