/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Event: a flag threads wait on; setting it wakes them all.
 */
#ifndef _KOS_EVENT_H
#define _KOS_EVENT_H

#include <rtl/retcode.h>
#include <rtl/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct KosEvent {
	rtl_uint32_t state;	/* 0 non-signaling, 1 signaling */
	rtl_uint32_t waiters;
} KosEvent;

void KosEventInit(KosEvent *event);
void KosEventDeinit(KosEvent *event);
void KosEventSet(KosEvent *event);
void KosEventReset(KosEvent *event);
void KosEventWait(KosEvent *event, rtl_bool reset);
Retcode KosEventWaitTimeout(KosEvent *event, rtl_bool reset, rtl_uint32_t msec);

#ifdef __cplusplus
}
#endif

#endif /* _KOS_EVENT_H */
