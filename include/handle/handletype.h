/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Handle values and handle types (KasperskyOS handle/handletype.h). */
#ifndef _HANDLE_HANDLETYPE_H
#define _HANDLE_HANDLETYPE_H

#include <linux/kos.h>
#include <rtl/types.h>

/* A handle: a small integer local to the process's /dev/kos context. */
typedef rtl_uint32_t Handle;

#define INVALID_HANDLE ((Handle)KOS_INVALID_HANDLE)

#define HANDLE_TYPE_NOTICE	KOS_HTYPE_NOTICE
#define HANDLE_TYPE_BADGE	KOS_HTYPE_BADGE
#define HANDLE_TYPE_USER_FIRST	KOS_HTYPE_USER_FIRST
#define HANDLE_TYPE_USER_LAST	KOS_HTYPE_USER_LAST

#endif /* _HANDLE_HANDLETYPE_H */
