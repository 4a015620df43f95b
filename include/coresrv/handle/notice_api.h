/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Notification Subsystem (KasperskyOS coresrv/handle/notice_api.h). */
#ifndef _CORESRV_HANDLE_NOTICE_API_H
#define _CORESRV_HANDLE_NOTICE_API_H

#include <coresrv/handle/handle_api.h>
#include <handle/event_descr.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Notification structure */
typedef struct {
	rtl_uintptr_t eventId;	/* id of the "resource-event mask" entry */
	rtl_uint32_t eventMask;	/* events that occurred */
} EventDesc;

Retcode KnNoticeCreate(Notice *notice);
Retcode KnNoticeSubscribeToObject(Notice notice, Handle object,
				  rtl_uint32_t evMask, rtl_uintptr_t evId);
Retcode KnNoticeGetEvent(Notice notice, rtl_uint64_t msec, rtl_size_t countMax,
			 EventDesc *events, rtl_size_t *count);
Retcode KnNoticeSetObjectEvent(Handle object, rtl_uint32_t evMask);

#ifdef __cplusplus
}
#endif

#endif /* _CORESRV_HANDLE_NOTICE_API_H */
