/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Threads.  A Tid is the Linux thread ID (gettid()).
 */
#ifndef _KOS_THREAD_H
#define _KOS_THREAD_H

#include <rtl/retcode.h>
#include <rtl/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef rtl_uint32_t Tid;
typedef int (*ThreadRoutine)(void *context);

#define ThreadPriorityLowest 0
#define ThreadPriorityNormal 15
#define ThreadPriorityHighest 31

/* 0 selects the default stack size (that of pthread_create()). */
#define ThreadStackSizeDefault 0

typedef enum KosThreadCallbackReason {
	KosThreadCallbackReasonCreate,
	KosThreadCallbackReasonDestroy,
} KosThreadCallbackReason;

typedef void KosThreadCallback(KosThreadCallbackReason reason);

typedef int KosThreadOnceState;
#define KOS_THREAD_ONCE_INIT 0

Retcode KosThreadCallbackRegister(KosThreadCallback *callback);
Retcode KosThreadCallbackUnregister(KosThreadCallback *callback);
Retcode KosThreadCreate(Tid *tid, rtl_uint32_t priority, rtl_uint32_t stackSize,
			ThreadRoutine routine, void *context, int suspended);
Tid KosThreadCurrentId(void);
void KosThreadExit(rtl_int32_t exitCode);
void *KosThreadGetStack(Tid tid, rtl_uint32_t *size);
Retcode KosThreadOnce(KosThreadOnceState *onceControl, void (*initRoutine)(void));
Retcode KosThreadResume(Tid tid);
Retcode KosThreadSleep(rtl_uint32_t mdelay);
Retcode KosThreadSuspend(Tid tid);
Retcode KosThreadTerminate(Tid tid, rtl_int32_t exitCode);
void *KosThreadTlsGet(void);
Retcode KosThreadTlsSet(void *tls);
int KosThreadWait(rtl_uint32_t tid, rtl_uint32_t timeout);
void KosThreadYield(void);

#ifdef __cplusplus
}
#endif

#endif /* _KOS_THREAD_H */
