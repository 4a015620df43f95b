/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Handle Manager (KasperskyOS coresrv/handle/handle_api.h). */
#ifndef _CORESRV_HANDLE_HANDLE_API_H
#define _CORESRV_HANDLE_HANDLE_API_H

#include <handle/handletype.h>
#include <rtl/retcode.h>
#include <services/ocap.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef Handle Notice;

/* New user object of @type (HANDLE_TYPE_USER_FIRST..LAST): its root handle. */
Retcode KnHandleCreateUserObject(rtl_uint32_t type, rtl_uint32_t rights,
				 void *context, Handle *handle);
/* New badge; @notice gets EVENT_OBJECT_DESTROYED|EVENT_BADGE_CLOSED as @eventId. */
Retcode KnHandleCreateBadge(Notice notice, rtl_uintptr_t eventId,
			    void *context, Handle *handle);
/* Delete @handle; its parent adopts its children; a root destroys the object. */
Retcode KnHandleClose(Handle handle);
/* Delete @handle and revoke all its descendants. */
Retcode KnHandleRevoke(Handle handle);
/* Revoke the descendants of @handle transferred with @badge. */
Retcode KnHandleRevokeSubtree(Handle handle, Handle badge);

#ifdef __cplusplus
}
#endif

#endif /* _CORESRV_HANDLE_HANDLE_API_H */
