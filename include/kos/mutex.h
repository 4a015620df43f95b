/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Futex-based mutex, optionally recursive.  The fields are private.
 */
#ifndef _KOS_MUTEX_H
#define _KOS_MUTEX_H

#include <rtl/retcode.h>
#include <rtl/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct KosMutex {
	rtl_uint32_t state;	/* 0 free, 1 locked, 2 locked with waiters */
	rtl_uint32_t recursive;
	rtl_uint32_t owner;	/* Tid of the holder (recursive mutexes) */
	rtl_uint32_t depth;	/* lock count (recursive mutexes) */
} KosMutex;

#define KOS_MUTEX_INITIALIZER { 0, 0, 0, 0 }

void KosMutexInit(KosMutex *mutex);
void KosMutexInitEx(KosMutex *mutex, int recursive);
void KosMutexDeinit(KosMutex *mutex);
void KosMutexLock(KosMutex *mutex);
Retcode KosMutexLockTimeout(KosMutex *mutex, rtl_uint32_t mdelay);
Retcode KosMutexTryLock(KosMutex *mutex);
void KosMutexUnlock(KosMutex *mutex);

#ifdef __cplusplus
}
#endif

#endif /* _KOS_MUTEX_H */
