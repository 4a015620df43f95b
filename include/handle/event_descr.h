/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Event masks (KasperskyOS handle/event_descr.h): the general part (low 16
 * bits) is raised by the kernel only; OBJECT_EVENT_SPEC(n) for providers.
 */
#ifndef _HANDLE_EVENT_DESCR_H
#define _HANDLE_EVENT_DESCR_H

#include <linux/kos.h>

#define EVENT_OBJECT_DESTROYED	KOS_EVENT_OBJECT_DESTROYED
#define EVENT_BADGE_CLOSED	KOS_EVENT_BADGE_CLOSED
#define EVENT_GENERAL_MASK	KOS_EVENT_GENERAL_MASK
#define OBJECT_EVENT_SPEC(n)	(1U << (16 + (n)))

#endif /* _HANDLE_EVENT_DESCR_H */
