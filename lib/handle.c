// SPDX-License-Identifier: LGPL-2.1-or-later
/* Handle Manager: coresrv/handle/handle_api.h over /dev/kos. */
#include <coresrv/handle/handle_api.h>
#include <kos/linux.h>

#include "internal.h"
#include "io.h"
#include "syscall.h"

KOS_EXPORT Retcode KnHandleCreateUserObject(rtl_uint32_t type,
					    rtl_uint32_t rights, void *context,
					    Handle *handle)
{
	struct kos_handle_create c = {
		.size = sizeof(c), .type = type, .rights = rights,
		.context = (uintptr_t)context,
	};
	int ret;

	if (!handle)
		return rcInvalidArgument;
	ret = kos_sys_ioctl(KOS_HANDLE_CREATE, &c);
	return kos_rc_handle(ret, c.handle, handle);
}

KOS_EXPORT Retcode KnHandleCreateBadge(Notice notice, rtl_uintptr_t eventId,
				       void *context, Handle *handle)
{
	struct kos_handle_badge b = {
		.size = sizeof(b), .notice = (__s32)notice, .event_id = eventId,
		.context = (uintptr_t)context,
	};
	int ret;

	if (!handle)
		return rcInvalidArgument;
	ret = kos_sys_ioctl(KOS_HANDLE_CREATE_BADGE, &b);
	return kos_rc_handle(ret, b.handle, handle);
}

KOS_EXPORT Retcode KnHandleClose(Handle handle)
{
	struct kos_handle_op op = { .size = sizeof(op), .handle = (__s32)handle };

	kos_ioport_revoke(handle);
	return kos_rc(kos_sys_ioctl(KOS_HANDLE_CLOSE, &op));
}

KOS_EXPORT Retcode KnHandleRevoke(Handle handle)
{
	struct kos_handle_op op = { .size = sizeof(op), .handle = (__s32)handle };

	return kos_rc(kos_sys_ioctl(KOS_HANDLE_REVOKE, &op));
}

KOS_EXPORT Retcode KnHandleRevokeSubtree(Handle handle, Handle badge)
{
	struct kos_handle_op op = {
		.size = sizeof(op), .flags = KOS_REVOKE_SUBTREE,
		.handle = (__s32)handle, .badge = (__s32)badge,
	};

	return kos_rc(kos_sys_ioctl(KOS_HANDLE_REVOKE, &op));
}

KOS_EXPORT Retcode KosLinuxHandleDuplicate(rtl_uint32_t handle,
					   rtl_uint32_t rights,
					   rtl_uint32_t badge, rtl_uint32_t *out)
{
	struct kos_handle_transfer t = {
		.size = sizeof(t), .dst_fd = -1, .handle = (__s32)handle,
		.rights = rights, .badge = (__s32)badge,
	};
	int ret;

	if (!out)
		return rcInvalidArgument;
	ret = kos_sys_ioctl(KOS_HANDLE_TRANSFER, &t);
	return kos_rc_handle(ret, t.out_handle, out);
}
