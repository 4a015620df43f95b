// SPDX-License-Identifier: LGPL-2.1-or-later
/* IPC: coresrv/syscalls.h over the channel ioctls of /dev/kos. */
#include <assert.h>
#include <stddef.h>
#include <string.h>

#include <coresrv/syscalls.h>

#include "internal.h"
#include "syscall.h"

/* SMsgHdr is the kernel's struct kos_msg_hdr, read and written in place. */
static_assert(sizeof(SMsgHdr) == sizeof(struct kos_msg_hdr), "SMsgHdr size");
static_assert(offsetof(SMsgHdr, handles) == offsetof(struct kos_msg_hdr, handles),
	      "SMsgHdr handles");
static_assert(sizeof(nk_handle_desc_t) == sizeof(struct kos_ipc_handle),
	      "nk_handle_desc_t size");
static_assert(offsetof(nk_handle_desc_t, flags) ==
	      offsetof(struct kos_ipc_handle, flags), "nk_handle_desc_t flags");

#define KOS_MSECS_FOREVER ((rtl_uint32_t)-1)

static Retcode msg_op(unsigned long cmd, Handle handle, const SMsgHdr *out,
		      SMsgHdr *in, rtl_uint64_t timeout_ms)
{
	struct kos_ipc_msg m = {
		.size = sizeof(m),
		.handle = (__s32)handle,
		.send = (uintptr_t)out,
		.recv = (uintptr_t)in,
		.timeout_ms = timeout_ms,
	};

	return kos_rc(kos_sys_ioctl(cmd, &m));
}

KOS_EXPORT Retcode Call(Handle handle, const SMsgHdr *msgOut, SMsgHdr *msgIn)
{
	if (!msgOut || !msgIn)
		return rcInvalidArgument;
	return msg_op(KOS_IPC_CALL, handle, msgOut, msgIn, KOS_IPC_FOREVER);
}

KOS_EXPORT Retcode Recv(Handle handle, SMsgHdr *msgIn)
{
	if (!msgIn)
		return rcInvalidArgument;
	return msg_op(KOS_IPC_RECV, handle, RTL_NULL, msgIn, KOS_IPC_FOREVER);
}

KOS_EXPORT Retcode Reply(Handle handle, const SMsgHdr *msgOut)
{
	if (!msgOut)
		return rcInvalidArgument;
	return msg_op(KOS_IPC_REPLY, handle, msgOut, RTL_NULL, KOS_IPC_FOREVER);
}

KOS_EXPORT Retcode KosRecvTimeout(Handle handle, SMsgHdr *msgIn, rtl_uint32_t msecs)
{
	if (!msgIn)
		return rcInvalidArgument;
	return msg_op(KOS_IPC_RECV, handle, RTL_NULL, msgIn,
		      msecs == KOS_MSECS_FOREVER ? KOS_IPC_FOREVER : msecs);
}

KOS_EXPORT Retcode KosCallTimeout(Handle handle, const SMsgHdr *msgOut,
				  SMsgHdr *msgIn, rtl_uint32_t msecs)
{
	if (!msgOut || !msgIn)
		return rcInvalidArgument;
	return msg_op(KOS_IPC_CALL, handle, msgOut, msgIn,
		      msecs == KOS_MSECS_FOREVER ? KOS_IPC_FOREVER : msecs);
}

KOS_EXPORT Retcode KosReplyRecv(Handle handle, const SMsgHdr *msgOut, SMsgHdr *msgIn)
{
	if (!msgIn)
		return rcInvalidArgument;
	return msg_op(KOS_IPC_REPLY_RECV, handle, msgOut, msgIn, KOS_IPC_FOREVER);
}

KOS_EXPORT Retcode KosChannelCreate(Handle *client, Handle *server)
{
	struct kos_ipc_channel c = { .size = sizeof(c) };
	int ret;

	if (!client || !server)
		return rcInvalidArgument;
	ret = kos_sys_ioctl(KOS_IPC_CHANNEL_CREATE, &c);
	kos_rc_handle(ret, c.server, server);
	return kos_rc_handle(ret, c.client, client);
}

/* Fill a name request; rcInvalidArgument for an empty or too long name. */
static Retcode name_op(unsigned long cmd, const char *name, rtl_uint64_t msecs,
		       Handle *handle)
{
	struct kos_ipc_name n = {
		.size = sizeof(n),
		.handle = cmd == KOS_IPC_CONNECT ? 0 : (__s32)*handle,
		.timeout_ms = msecs,
	};
	int ret;

	if (!name || !name[0] || strlen(name) >= sizeof(n.name))
		return rcInvalidArgument;
	strcpy(n.name, name);
	ret = kos_sys_ioctl(cmd, &n);
	if (cmd == KOS_IPC_CONNECT)
		return kos_rc_handle(ret, n.handle, handle);
	return kos_rc(ret);
}

KOS_EXPORT Retcode KosServicePublish(const char *name, Handle server)
{
	return name_op(KOS_IPC_PUBLISH, name, 0, &server);
}

KOS_EXPORT Retcode KosServiceUnpublish(const char *name, Handle server)
{
	return name_op(KOS_IPC_UNPUBLISH, name, 0, &server);
}

KOS_EXPORT Retcode KosServiceConnect(const char *name, rtl_uint32_t msecs,
				     Handle *client)
{
	if (!client)
		return rcInvalidArgument;
	return name_op(KOS_IPC_CONNECT, name,
		       msecs == KOS_MSECS_FOREVER ? KOS_IPC_FOREVER : msecs, client);
}
