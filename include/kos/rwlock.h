/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Read-write lock preferring writers.  The fields are private.
 */
#ifndef _KOS_RWLOCK_H
#define _KOS_RWLOCK_H

#include <rtl/retcode.h>
#include <rtl/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct KosRWLock {
	rtl_uint32_t state;	/* reader count, or KOS_RWLOCK_WRITER bit */
	rtl_uint32_t writers;	/* writers waiting */
	rtl_uint32_t waiters;	/* threads sleeping on state */
	rtl_uint32_t __reserved;
} KosRWLock;

void KosRWLockInit(KosRWLock *rwlock);
void KosRWLockDeinit(KosRWLock *rwlock);
void KosRWLockRead(KosRWLock *rwlock);
void KosRWLockWrite(KosRWLock *rwlock);
Retcode KosRWLockTryRead(KosRWLock *rwlock);
Retcode KosRWLockTryWrite(KosRWLock *rwlock);
void KosRWLockUnlock(KosRWLock *rwlock);

#ifdef __cplusplus
}
#endif

#endif /* _KOS_RWLOCK_H */
