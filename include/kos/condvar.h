/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Condition variable used with a KosMutex.  The fields are private.
 */
#ifndef _KOS_CONDVAR_H
#define _KOS_CONDVAR_H

#include <kos/mutex.h>
#include <rtl/retcode.h>
#include <rtl/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct KosCondvar {
	rtl_uint32_t seq;	/* bumped by every signal */
	rtl_uint32_t waiters;
} KosCondvar;

#define KOS_CONDVAR_INITIALIZER { 0, 0 }

void KosCondvarInit(KosCondvar *condvar);
void KosCondvarDeinit(KosCondvar *condvar);
void KosCondvarSignal(KosCondvar *condvar);
void KosCondvarBroadcast(KosCondvar *condvar);
Retcode KosCondvarWait(KosCondvar *condvar, KosMutex *mutex);
Retcode KosCondvarWaitTimeout(KosCondvar *condvar, KosMutex *mutex,
			      rtl_uint32_t mdelay);

#ifdef __cplusplus
}
#endif

#endif /* _KOS_CONDVAR_H */
