/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * IPC (KasperskyOS coresrv/syscalls.h): Call, Recv, Reply over channels of
 * /dev/kos, plus the kos-linux calls that create and name channels.
 */
#ifndef _CORESRV_SYSCALLS_H
#define _CORESRV_SYSCALLS_H

#include <linux/kos.h>
#include <nk/types.h>
#include <rtl/retcode.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Handles a message can carry, and the largest message, header included. */
#define SMSG_HANDLES_MAX	KOS_IPC_HANDLES_MAX
#define SMSG_SIZE_MAX		KOS_IPC_MSG_MAX

/**
 * SMsgHdr - head of every IPC message; the payload follows it
 * @size: bytes of the whole message, header included.  In a receive
 *        buffer: its capacity on input, the message's size on output.
 * @riid: endpoint (interface) id, for the security policy
 * @mid: method id, for the security policy
 * @nhandles: entries of @handles in use (0..SMSG_HANDLES_MAX)
 * @flags: must be 0
 * @reserved: must be 0
 * @handles: carried handles: nk_handle_desc(handle, rights, badge) to send;
 *           received ones may be dereferenced (nk_is_handle_dereferenced)
 */
typedef struct SMsgHdr {
	rtl_uint32_t size;
	rtl_uint32_t riid;
	rtl_uint32_t mid;
	rtl_uint32_t nhandles;
	rtl_uint32_t flags;
	rtl_uint32_t reserved;
	nk_handle_desc_t handles[SMSG_HANDLES_MAX];
} SMsgHdr;

/* The payload of a message, right after its header. */
static inline void *SMsgPayload(SMsgHdr *msg)
{
	return msg + 1;
}

Retcode Call(Handle handle, const SMsgHdr *msgOut, SMsgHdr *msgIn);
Retcode Recv(Handle handle, SMsgHdr *msgIn);
Retcode Reply(Handle handle, const SMsgHdr *msgOut);

/* kos-linux: Recv waiting at most msecs (INFINITE_TIMEOUT: for ever). */
Retcode KosRecvTimeout(Handle handle, SMsgHdr *msgIn, rtl_uint32_t msecs);
/* kos-linux: Call waiting at most msecs for the reply (rcTimeout). */
Retcode KosCallTimeout(Handle handle, const SMsgHdr *msgOut, SMsgHdr *msgIn,
		       rtl_uint32_t msecs);
/* kos-linux: Reply (when msgOut is not RTL_NULL), then Recv: one system call. */
Retcode KosReplyRecv(Handle handle, const SMsgHdr *msgOut, SMsgHdr *msgIn);
/* kos-linux: a new channel; both endpoint handles in the calling process. */
Retcode KosChannelCreate(Handle *client, Handle *server);
/* kos-linux: publish a server endpoint as service name (e.g. "blkdev.ata"). */
Retcode KosServicePublish(const char *name, Handle server);
Retcode KosServiceUnpublish(const char *name, Handle server);
/* kos-linux: a client endpoint for service name, waiting up to msecs. */
Retcode KosServiceConnect(const char *name, rtl_uint32_t msecs, Handle *client);

#ifdef __cplusplus
}
#endif

#endif /* _CORESRV_SYSCALLS_H */
