// SPDX-License-Identifier: LGPL-2.1-or-later
/* Notification Subsystem: coresrv/handle/notice_api.h over /dev/kos. */
#include <coresrv/handle/notice_api.h>

#include "internal.h"
#include "syscall.h"

/* The module takes at most this many events per call. */
#define NOTICE_BATCH 64

KOS_EXPORT Retcode KnNoticeCreate(Notice *notice)
{
	struct kos_notice_create c = { .size = sizeof(c) };
	int ret;

	if (!notice)
		return rcInvalidArgument;
	ret = kos_sys_ioctl(KOS_NOTICE_CREATE, &c);
	return kos_rc_handle(ret, c.handle, notice);
}

KOS_EXPORT Retcode KnNoticeSubscribeToObject(Notice notice, Handle object,
					     rtl_uint32_t evMask,
					     rtl_uintptr_t evId)
{
	struct kos_notice_subscribe s = {
		.size = sizeof(s), .notice = (__s32)notice,
		.object = (__s32)object, .event_mask = evMask, .event_id = evId,
	};

	return kos_rc(kos_sys_ioctl(KOS_NOTICE_SUBSCRIBE, &s));
}

KOS_EXPORT Retcode KnNoticeSetObjectEvent(Handle object, rtl_uint32_t evMask)
{
	struct kos_notice_set s = {
		.size = sizeof(s), .object = (__s32)object, .event_mask = evMask,
	};

	return kos_rc(kos_sys_ioctl(KOS_NOTICE_SET_EVENT, &s));
}

/*
 * Events come in kernel layout (struct kos_event); they are converted in
 * batches so any countMax works with a bounded stack buffer.  Only the
 * first batch waits.  INFINITE_TIMEOUT (rtl/types.h, a 32-bit ~0) and
 * anything longer wait forever.
 */
KOS_EXPORT Retcode KnNoticeGetEvent(Notice notice, rtl_uint64_t msec,
				    rtl_size_t countMax, EventDesc *events,
				    rtl_size_t *count)
{
	struct kos_event ev[NOTICE_BATCH];
	struct kos_notice_get g;
	rtl_size_t done = 0, i;
	Retcode rc = rcOk;

	if (!events || !count || !countMax)
		return rcInvalidArgument;
	while (done < countMax) {
		g = (struct kos_notice_get){
			.size = sizeof(g), .notice = (__s32)notice,
			.count_max = countMax - done < NOTICE_BATCH ?
				     (__u32)(countMax - done) : NOTICE_BATCH,
			.timeout_ms = done ? 0 :
				      msec >= INFINITE_TIMEOUT ? ~0ULL : msec,
			.events = (uintptr_t)ev,
		};
		rc = kos_rc(kos_sys_ioctl(KOS_NOTICE_GET_EVENT, &g));
		if (rc != rcOk)
			break;
		for (i = 0; i < g.count; i++) {
			events[done + i].eventId = (rtl_uintptr_t)ev[i].event_id;
			events[done + i].eventMask = ev[i].event_mask;
		}
		done += g.count;
		if (g.count < g.count_max)
			break;
	}
	*count = done;
	return done ? rcOk : rc;
}
