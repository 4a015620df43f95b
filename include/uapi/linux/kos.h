/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kos-linux: the /dev/kos ioctl ABI.
 *
 * Each open() of /dev/kos is one KOS process context, bound to the address
 * space (mm) of the process that opened it.  Every command is _IO(KOS_TYPE, n):
 * the size is not part of the number.  Instead every argument struct starts
 * with a __u32 size that user space sets to sizeof() the struct it was built
 * with, so old binaries keep working when a struct grows (extensible structs).
 */
#ifndef _UAPI_LINUX_KOS_H
#define _UAPI_LINUX_KOS_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define KOS_DEVICE_PATH "/dev/kos"

/* Bumped at most once per release; see Documentation/abi.rst. */
#define KOS_ABI_VERSION 1

#define KOS_TYPE 0xBC

/**
 * DOC: General ioctl format and errors
 *
 * An ioctl is issued as ioctl(fd, KOS_<NAME>, &struct kos_<name>).  Errors
 * common to every command:
 *
 *  - ENOTTY:  unknown command number.
 *  - EBADFD:  the context is used from a process other than the one that
 *             opened it (another mm, e.g. a child after fork()).
 *  - EFAULT:  the argument pointer (or a pointer inside it) is invalid.
 *  - EINVAL:  size is smaller than the first version of the struct, an
 *             unknown bit is set in flags, or a __reserved field or an
 *             output field (a handle the command returns) is not 0.
 *  - E2BIG:   size is larger than the kernel knows and the unknown tail
 *             is not all zeros, or size is larger than a page (4096 on
 *             x86-64) whatever the tail holds.
 *  - EOPNOTSUPP: a known field holds a value this kernel does not support.
 *  - ENOMEM:  out of memory (charged to the caller's memory cgroup).
 *  - EDQUOT:  a per-context or per-user limit (module parameter) is
 *             reached.
 */

enum {
	KOS_CMD_BASE = 0x80,
	KOS_CMD_VERSION = KOS_CMD_BASE,	/* 0x80..0x8f: context */
	KOS_CMD_HANDLE_BASE = 0x90,	/* 0x90..0x9f: handles */
	KOS_CMD_NOTICE_BASE = 0xa0,	/* 0xa0..0xaf: notices */
	KOS_CMD_IPC_BASE = 0xb0,	/* 0xb0..0xbf: channels */
	KOS_CMD_POLICY_BASE = 0xc0,	/* 0xc0..0xcf: security policy */
	KOS_CMD_IO_BASE = 0xd0,		/* 0xd0..0xef: DMA, MMIO, IRQ, ports */
	KOS_CMD_LAST = 0xef,
};

/* Feature bits reported by KOS_VERSION; user space probes, never guesses. */
#define KOS_FEAT_CONTEXT	(1ULL << 0)
#define KOS_FEAT_HANDLES	(1ULL << 1)
#define KOS_FEAT_NOTICES	(1ULL << 2)
#define KOS_FEAT_IPC		(1ULL << 3)
#define KOS_FEAT_POLICY		(1ULL << 4)
#define KOS_FEAT_DMA		(1ULL << 5)
#define KOS_FEAT_MMIO		(1ULL << 6)
#define KOS_FEAT_IRQ		(1ULL << 7)
#define KOS_FEAT_IOPORT		(1ULL << 8)
#define KOS_FEAT_IOMMU		(1ULL << 9)
#define KOS_FEAT_IPC_CALL_TIMEOUT (1ULL << 10)
#define KOS_FEAT_NS		(1ULL << 11)

/**
 * struct kos_version - KOS_VERSION: query the ABI version and features
 * @size: sizeof(struct kos_version)
 * @flags: must be 0
 * @abi_version: out: KOS_ABI_VERSION of the running module
 * @__reserved: must be 0
 * @features: out: KOS_FEAT_* bits this module supports
 *
 * Since ABI v1.
 */
struct kos_version {
	__u32 size;
	__u32 flags;
	__u32 abi_version;
	__u32 __reserved;
	__aligned_u64 features;
};
#define KOS_VERSION _IO(KOS_TYPE, KOS_CMD_VERSION)

/**
 * DOC: Handles (since ABI v1)
 *
 * A handle is a small integer local to one context (>= 1; 0 is never used,
 * KOS_INVALID_HANDLE is -1).  Handle-specific errors:
 *
 *  - EBADF:       no such handle in this context (never created, closed,
 *                 negative or out of range).
 *  - EKEYREVOKED: the handle was revoked; only KOS_HANDLE_CLOSE accepts it.
 *  - EACCES:      the requested rights are not a subset of the source's.
 *  - EPERM:       the handle lacks the right the operation needs
 *                 (transfer, set-event, get-event).
 *  - EDQUOT:      the context holds max_handles handles already.
 */
#define KOS_INVALID_HANDLE	(-1)

/* Handle types reported by kos-stat; user types are KOS_HTYPE_USER_FIRST+. */
#define KOS_HTYPE_NOTICE	1
#define KOS_HTYPE_BADGE		2
#define KOS_HTYPE_IPC_CLIENT	3
#define KOS_HTYPE_IPC_SERVER	4
#define KOS_HTYPE_DMA		5	/* DMA buffer */
#define KOS_HTYPE_DMA_BEGIN	6	/* device access to a DMA buffer */
#define KOS_HTYPE_IOMAP		7	/* mapping of a DMA buffer or MMIO */
#define KOS_HTYPE_IOMEM		8	/* registered device memory (MMIO) */
#define KOS_HTYPE_IRQ		9	/* interrupt line of a PCI device */
#define KOS_HTYPE_IOPORT	10	/* registered range of I/O ports */
#define KOS_HTYPE_IOPORT_PERMIT	11	/* a process's access to an I/O port range */
#define KOS_HTYPE_USER_FIRST	0x10000
#define KOS_HTYPE_USER_LAST	0x1ffff

/**
 * struct kos_handle_create - KOS_HANDLE_CREATE: new user object, root handle
 * @size: sizeof(struct kos_handle_create)
 * @flags: must be 0
 * @type: KOS_HTYPE_USER_FIRST..KOS_HTYPE_USER_LAST
 * @rights: rights mask of the root handle
 * @context: opaque value stored with the object (the provider's pointer)
 * @handle: out: the new handle
 * @__reserved: must be 0
 */
struct kos_handle_create {
	__u32 size;
	__u32 flags;
	__u32 type;
	__u32 rights;
	__aligned_u64 context;
	__s32 handle;
	__u32 __reserved;
};
#define KOS_HANDLE_CREATE _IO(KOS_TYPE, KOS_CMD_HANDLE_BASE + 0)

/* KOS_HANDLE_REVOKE flags */
#define KOS_REVOKE_SUBTREE	(1U << 0)	/* only children made with @badge */

/**
 * struct kos_handle_op - KOS_HANDLE_CLOSE, KOS_HANDLE_REVOKE
 * @size: sizeof(struct kos_handle_op)
 * @flags: KOS_HANDLE_CLOSE: 0; KOS_HANDLE_REVOKE: KOS_REVOKE_* bits
 * @handle: the handle
 * @badge: KOS_REVOKE_SUBTREE: the badge handle the subtree was made with,
 *         else must be 0
 */
struct kos_handle_op {
	__u32 size;
	__u32 flags;
	__s32 handle;
	__s32 badge;
};
#define KOS_HANDLE_CLOSE _IO(KOS_TYPE, KOS_CMD_HANDLE_BASE + 1)
#define KOS_HANDLE_REVOKE _IO(KOS_TYPE, KOS_CMD_HANDLE_BASE + 2)

/**
 * struct kos_handle_transfer - KOS_HANDLE_TRANSFER: make a descendant
 * @size: sizeof(struct kos_handle_transfer)
 * @flags: must be 0
 * @dst_fd: /dev/kos descriptor of the receiving context (opened by the
 *          caller), or -1 for the caller's own context (duplicate)
 * @handle: source handle; needs OCAP_HANDLE_TRANSFER
 * @rights: rights of the descendant; a subset of the source's (else EACCES)
 * @badge: badge handle (KOS_HANDLE_CREATE_BADGE) to tag the descendant with,
 *         or -1 for none
 * @out_handle: out: the descendant, valid in the receiving context
 * @__reserved: must be 0
 *
 * This is what IPC does when a handle crosses a channel.
 */
struct kos_handle_transfer {
	__u32 size;
	__u32 flags;
	__s32 dst_fd;
	__s32 handle;
	__u32 rights;
	__s32 badge;
	__s32 out_handle;
	__u32 __reserved;
};
#define KOS_HANDLE_TRANSFER _IO(KOS_TYPE, KOS_CMD_HANDLE_BASE + 3)

/**
 * struct kos_handle_badge - KOS_HANDLE_CREATE_BADGE: resource transfer context
 * @size: sizeof(struct kos_handle_badge)
 * @flags: must be 0
 * @notice: notice handle subscribed to the badge's destroyed/closed events
 * @__reserved: must be 0
 * @event_id: id of that subscription
 * @context: opaque value stored with the badge
 * @handle: out: the badge handle
 * @__reserved2: must be 0
 */
struct kos_handle_badge {
	__u32 size;
	__u32 flags;
	__s32 notice;
	__u32 __reserved;
	__aligned_u64 event_id;
	__aligned_u64 context;
	__s32 handle;
	__u32 __reserved2;
};
#define KOS_HANDLE_CREATE_BADGE _IO(KOS_TYPE, KOS_CMD_HANDLE_BASE + 4)

/**
 * struct kos_notice_create - KOS_NOTICE_CREATE: new notification receiver
 * @size: sizeof(struct kos_notice_create)
 * @flags: must be 0
 * @handle: out: the notice handle
 * @__reserved: must be 0
 *
 * Pending events of notices created by a context make poll() on that
 * context's /dev/kos descriptor report POLLIN.
 */
struct kos_notice_create {
	__u32 size;
	__u32 flags;
	__s32 handle;
	__u32 __reserved;
};
#define KOS_NOTICE_CREATE _IO(KOS_TYPE, KOS_CMD_NOTICE_BASE + 0)

/* General part of an event mask: signalled by the module only. */
#define KOS_EVENT_GENERAL_MASK		0x0000ffffU
#define KOS_EVENT_OBJECT_DESTROYED	(1U << 0)
#define KOS_EVENT_BADGE_CLOSED		(1U << 1)

/**
 * struct kos_notice_subscribe - KOS_NOTICE_SUBSCRIBE
 * @size: sizeof(struct kos_notice_subscribe)
 * @flags: must be 0
 * @notice: the notice handle
 * @object: handle of the watched object; needs OCAP_HANDLE_GET_EVENT
 * @event_mask: events to deliver
 * @__reserved: must be 0
 * @event_id: caller's id, returned with each event
 */
struct kos_notice_subscribe {
	__u32 size;
	__u32 flags;
	__s32 notice;
	__s32 object;
	__u32 event_mask;
	__u32 __reserved;
	__aligned_u64 event_id;
};
#define KOS_NOTICE_SUBSCRIBE _IO(KOS_TYPE, KOS_CMD_NOTICE_BASE + 1)

/**
 * struct kos_notice_set - KOS_NOTICE_SET_EVENT: signal events on an object
 * @size: sizeof(struct kos_notice_set)
 * @flags: must be 0
 * @object: the object handle; needs OCAP_HANDLE_SET_EVENT
 * @event_mask: specialized bits only (general bits: EINVAL)
 */
struct kos_notice_set {
	__u32 size;
	__u32 flags;
	__s32 object;
	__u32 event_mask;
};
#define KOS_NOTICE_SET_EVENT _IO(KOS_TYPE, KOS_CMD_NOTICE_BASE + 2)

/* One delivered event: the subscription's id and the events since. */
struct kos_event {
	__aligned_u64 event_id;
	__u32 event_mask;
	__u32 __reserved;
};

/**
 * struct kos_notice_get - KOS_NOTICE_GET_EVENT: take pending events
 * @size: sizeof(struct kos_notice_get)
 * @flags: must be 0
 * @notice: the notice handle
 * @count_max: capacity of @events (1..4096)
 * @timeout_ms: how long to wait; 0 polls, ~0ULL (or more than INT_MAX) waits
 *              forever
 * @events: user pointer to struct kos_event[count_max]
 * @count: out: events written; 0 with ETIMEDOUT when none came in time
 * @__reserved: must be 0
 *
 * Events of one subscription are coalesced into one entry until taken.
 */
struct kos_notice_get {
	__u32 size;
	__u32 flags;
	__s32 notice;
	__u32 count_max;
	__aligned_u64 timeout_ms;
	__aligned_u64 events;
	__u32 count;
	__u32 __reserved;
};
#define KOS_NOTICE_GET_EVENT _IO(KOS_TYPE, KOS_CMD_NOTICE_BASE + 3)

/**
 * DOC: IPC channels (since ABI v1)
 *
 * A channel has a client endpoint and a server endpoint, each a handle.
 * A client thread's KOS_IPC_CALL blocks until a server thread that took the
 * request with KOS_IPC_RECV answers it with KOS_IPC_REPLY (or the combined
 * KOS_IPC_REPLY_RECV).  A reply goes to the request the replying thread
 * received last.  KOS_IPC_RECV on an interrupt handle (KOS_HTYPE_IRQ) waits
 * for the interrupt instead (see DOC: Interrupts).  Waits end only on a
 * fatal signal (other signals do not interrupt them).  IPC-specific errors:
 *
 *  - EINVAL:      bad header (size below the header, more than
 *                 KOS_IPC_HANDLES_MAX handles, reserved bits), Recv/Reply on
 *                 a client endpoint, Call on a server endpoint, Reply with
 *                 no request held.
 *  - EMSGSIZE:    message above KOS_IPC_MSG_MAX, or above the receiver's
 *                 buffer (the request fails on both sides, never truncated).
 *  - EACCES:      the security policy denied the message, or a transferred
 *                 handle asks for rights its source lacks.
 *  - ENOTCONN:    the server endpoint was destroyed or the server process
 *                 died with the request; on Reply: the client is gone.
 *  - ETIMEDOUT:   Recv or Connect: nothing came within timeout_ms; Call:
 *                 no reply within timeout_ms (KOS_FEAT_IPC_CALL_TIMEOUT).
 */
#define KOS_IPC_HANDLES_MAX	7
#define KOS_IPC_MSG_MAX		65536
#define KOS_IPC_NAME_MAX	64
#define KOS_IPC_FOREVER		(~0ULL)

/* struct kos_ipc_handle flags, set by the kernel on receipt. */
#define KOS_IPC_HANDLE_DEREFERENCED	(1U << 0)

/**
 * struct kos_ipc_handle - one handle carried by a message
 * @handle: sending: the sender's handle; received: the receiver's handle
 *          (dereferenced: the receiver's own ancestor of it)
 * @rights: sending: rights of the descendant; received: its rights
 * @badge: sending: badge handle or -1 (KOS_INVALID_HANDLE); received by
 *         dereference: the badge's context (else the object's), else 0
 * @flags: received: KOS_IPC_HANDLE_* bits; sending: must be 0
 * @__reserved: ignored on sending (nk_handle_desc_t padding), 0 on receipt
 *
 * Same layout as nk_handle_desc_t on 64-bit machines.
 */
struct kos_ipc_handle {
	__s32 handle;
	__u32 rights;
	__aligned_u64 badge;
	__u32 flags;
	__u32 __reserved;
};

/**
 * struct kos_msg_hdr - head of every IPC message (SMsgHdr in libkos)
 * @size: bytes of the whole message, header included; on receipt the
 *        buffer's capacity in, the message's size out
 * @endpoint: interface id (riid), for the security policy
 * @method: method id (mid), for the security policy
 * @nhandles: entries of @handles in use, 0..KOS_IPC_HANDLES_MAX
 * @flags: must be 0
 * @__reserved: must be 0
 * @handles: the carried handles
 *
 * The payload follows the header: size - sizeof(struct kos_msg_hdr) bytes.
 */
struct kos_msg_hdr {
	__u32 size;
	__u32 endpoint;
	__u32 method;
	__u32 nhandles;
	__u32 flags;
	__u32 __reserved;
	struct kos_ipc_handle handles[KOS_IPC_HANDLES_MAX];
};

/**
 * struct kos_ipc_channel - KOS_IPC_CHANNEL_CREATE: a new bound channel
 * @size: sizeof(struct kos_ipc_channel)
 * @flags: must be 0
 * @client: out: client endpoint handle (root, full rights)
 * @server: out: server endpoint handle (root, full rights)
 *
 * Closing the server root (or the creator's exit) destroys the channel:
 * waiting and later Calls fail with ENOTCONN.
 */
struct kos_ipc_channel {
	__u32 size;
	__u32 flags;
	__s32 client;
	__s32 server;
};
#define KOS_IPC_CHANNEL_CREATE _IO(KOS_TYPE, KOS_CMD_IPC_BASE + 0)

/**
 * struct kos_ipc_msg - KOS_IPC_CALL, KOS_IPC_RECV, KOS_IPC_REPLY,
 *                      KOS_IPC_REPLY_RECV
 * @size: sizeof(struct kos_ipc_msg)
 * @flags: must be 0
 * @handle: client endpoint (Call) or server endpoint (the others)
 * @__reserved: must be 0
 * @send: user pointer to the message to send (Call, Reply, ReplyRecv)
 * @recv: user pointer to the buffer to receive into (Call, Recv, ReplyRecv)
 * @timeout_ms: Recv part: how long to wait, KOS_IPC_FOREVER for ever;
 *              Call: how long to wait for the reply (KOS_FEAT_IPC_CALL_TIMEOUT;
 *              ETIMEDOUT withdraws a queued request, or leaves a received
 *              one to the server, whose Reply then gets ENOTCONN);
 *              Reply: must be KOS_IPC_FOREVER
 */
struct kos_ipc_msg {
	__u32 size;
	__u32 flags;
	__s32 handle;
	__u32 __reserved;
	__aligned_u64 send;
	__aligned_u64 recv;
	__aligned_u64 timeout_ms;
};
#define KOS_IPC_CALL _IO(KOS_TYPE, KOS_CMD_IPC_BASE + 1)
#define KOS_IPC_RECV _IO(KOS_TYPE, KOS_CMD_IPC_BASE + 2)
#define KOS_IPC_REPLY _IO(KOS_TYPE, KOS_CMD_IPC_BASE + 3)
#define KOS_IPC_REPLY_RECV _IO(KOS_TYPE, KOS_CMD_IPC_BASE + 4)

/**
 * struct kos_ipc_name - KOS_IPC_PUBLISH, KOS_IPC_UNPUBLISH, KOS_IPC_CONNECT
 * @size: sizeof(struct kos_ipc_name)
 * @flags: must be 0
 * @handle: Publish: the server endpoint (needs OCAP_HANDLE_TRANSFER);
 *          Connect: out: a new client endpoint of that channel
 * @__reserved: must be 0
 * @timeout_ms: Connect: how long to wait for the name to appear
 * @name: NUL-terminated service name, 1..KOS_IPC_NAME_MAX-1 bytes
 *
 * A registry of names per IPC namespace (EEXIST: taken; ENOENT: not
 * published).  A name published without CAP_SYS_ADMIN over the namespace
 * is seen by its publisher's uid only; with it, by every user.  A name goes
 * away with Unpublish or when its channel is destroyed.  EDQUOT: the
 * publisher's user has max_user_names names and entries.  EXDEV: the
 * caller has left the IPC namespace the context was opened in.
 */
struct kos_ipc_name {
	__u32 size;
	__u32 flags;
	__s32 handle;
	__u32 __reserved;
	__aligned_u64 timeout_ms;
	char name[KOS_IPC_NAME_MAX];
};
#define KOS_IPC_PUBLISH _IO(KOS_TYPE, KOS_CMD_IPC_BASE + 5)
#define KOS_IPC_UNPUBLISH _IO(KOS_TYPE, KOS_CMD_IPC_BASE + 6)
#define KOS_IPC_CONNECT _IO(KOS_TYPE, KOS_CMD_IPC_BASE + 7)

/**
 * DOC: Name servers (since ABI v1, KOS_FEAT_NS)
 *
 * A name server is a registry of (type, server, service) entries: the
 * interface type an endpoint implements, the name of the server process
 * and the service (endpoint) name.  Each IPC namespace has its own: the
 * default name server "ns" (id KOS_NS_DEFAULT) always exists; a context
 * creates another with KOS_NS_OPEN and KOS_NS_SERVE, which lives as long
 * as that context and takes entries from it alone.  Entries live until
 * unpublished or until the publishing context is gone.  Errors:
 *
 *  - EINVAL:    a name empty or without NUL within KOS_NS_NAME_MAX bytes.
 *  - ETIMEDOUT: Open: the name server did not appear within timeout_ms.
 *  - EEXIST:    Open with SERVE: name taken; Publish: entry exists.
 *  - ENOTCONN:  the name server id is unknown or its server is gone.
 *  - ENOENT:    Unpublish: no such entry of this context; Enum: index past
 *               the last entry of that type.
 *  - EACCES:    Publish into a name server another context created.
 *  - EDQUOT:    KOS_NS_CTX_MAX entries of the context; the user's
 *               max_user_names entries (default KOS_NS_ENTRIES_MAX) or
 *               max_user_ns_servers name servers (KOS_NS_SERVERS_MAX).
 *  - EXDEV:     the caller has left the context's IPC namespace.
 */
#define KOS_NS_NAME_MAX		64
#define KOS_NS_DEFAULT		1
#define KOS_NS_ENTRIES_MAX	4096
#define KOS_NS_CTX_MAX		256
#define KOS_NS_SERVERS_MAX	64
#define KOS_NS_SERVE		(1U << 0)

/**
 * struct kos_ns_open - KOS_NS_OPEN: find (or create) a name server
 * @size: sizeof(struct kos_ns_open)
 * @flags: KOS_NS_SERVE: create name server @name, owned by this context
 * @id: out: the name server's id
 * @__reserved: must be 0
 * @timeout_ms: without SERVE: how long to wait for @name to exist,
 *              KOS_IPC_FOREVER for ever
 * @name: NUL-terminated name server name, 1..KOS_NS_NAME_MAX-1 bytes
 */
struct kos_ns_open {
	__u32 size;
	__u32 flags;
	__u32 id;
	__u32 __reserved;
	__aligned_u64 timeout_ms;
	char name[KOS_NS_NAME_MAX];
};
#define KOS_NS_OPEN _IO(KOS_TYPE, KOS_CMD_IPC_BASE + 8)

/**
 * struct kos_ns_entry - KOS_NS_PUBLISH, KOS_NS_UNPUBLISH, KOS_NS_ENUM
 * @size: sizeof(struct kos_ns_entry)
 * @flags: must be 0
 * @ns: name server id from KOS_NS_OPEN
 * @index: Enum: which entry of @type (0 = first published); else must be 0
 * @type: interface type, e.g. "kl.drivers.Block"
 * @server: server process name, e.g. "kl.drivers.Ata" (Enum: out)
 * @service: service name, e.g. "blkdev.ata" (Enum: out)
 */
struct kos_ns_entry {
	__u32 size;
	__u32 flags;
	__u32 ns;
	__u32 index;
	char type[KOS_NS_NAME_MAX];
	char server[KOS_NS_NAME_MAX];
	char service[KOS_NS_NAME_MAX];
};
#define KOS_NS_PUBLISH _IO(KOS_TYPE, KOS_CMD_IPC_BASE + 9)
#define KOS_NS_UNPUBLISH _IO(KOS_TYPE, KOS_CMD_IPC_BASE + 10)
#define KOS_NS_ENUM _IO(KOS_TYPE, KOS_CMD_IPC_BASE + 11)

/**
 * DOC: Security policy (since ABI v1, KOS_FEAT_POLICY)
 *
 * A compiled policy (.kpol, see Documentation/policy.rst) decides on every
 * IPC message by the process classes of sender and receiver.  Errors:
 *
 *  - EPERM:   loading a policy or setting a class without CAP_SYS_ADMIN
 *             or CAP_MAC_ADMIN.
 *  - EINVAL:  a malformed policy blob (truncated, wrong magic or version,
 *             counts or indices out of range, bad hash chains).
 *  - EEXIST:  the context's process class is already set.
 *  - ENOENT:  KOS_POLICY_SHOW with no policy loaded; GET_CLASS with no class.
 *  - ENOSPC:  KOS_POLICY_SHOW buffer too small (@blob_len tells the size).
 */
#define KOS_CLASS_NAME_MAX	64	/* including the NUL */
#define KOS_POLICY_MAX_SIZE	(64U << 20)

/* KOS_POLICY_LOAD flags */
#define KOS_POLICY_LOAD_CLEAR	(1U << 0)	/* unload; blob must be 0 */

/**
 * struct kos_policy_load - KOS_POLICY_LOAD: replace the policy atomically
 * @size: sizeof(struct kos_policy_load)
 * @flags: KOS_POLICY_LOAD_* bits
 * @blob: user pointer to the compiled policy
 * @blob_len: its length, at most KOS_POLICY_MAX_SIZE
 * @__reserved: must be 0
 *
 * A message is checked against the old or the new policy, never a mix.
 */
struct kos_policy_load {
	__u32 size;
	__u32 flags;
	__aligned_u64 blob;
	__u32 blob_len;
	__u32 __reserved;
};
#define KOS_POLICY_LOAD _IO(KOS_TYPE, KOS_CMD_POLICY_BASE + 0)

/**
 * struct kos_policy_show - KOS_POLICY_SHOW: copy out the loaded policy
 * @size: sizeof(struct kos_policy_show)
 * @flags: must be 0
 * @buf: user buffer for the blob
 * @buf_len: its capacity
 * @blob_len: out: the blob's length
 * @generation: out: bumped by every load or unload
 */
struct kos_policy_show {
	__u32 size;
	__u32 flags;
	__aligned_u64 buf;
	__u32 buf_len;
	__u32 blob_len;
	__aligned_u64 generation;
};
#define KOS_POLICY_SHOW _IO(KOS_TYPE, KOS_CMD_POLICY_BASE + 1)

/* KOS_POLICY_EVALUATE flags */
#define KOS_EVAL_AUDIT		(1U << 0)	/* audit as a real message */
#define KOS_EVAL_CONTEXTS	(1U << 1)	/* judge a message between contexts */
/* kinds: the PSL sections */
#define KOS_MSG_REQUEST		1
#define KOS_MSG_RESPONSE	2
#define KOS_MSG_ERROR		3
#define KOS_MSG_SECURITY	4
#define KOS_MSG_EXECUTE		5

/**
 * struct kos_policy_eval - KOS_POLICY_EVALUATE: dry-run one decision
 * @size: sizeof(struct kos_policy_eval)
 * @flags: KOS_EVAL_* bits
 * @kind: KOS_MSG_*
 * @endpoint: endpoint (interface) id
 * @method: method id
 * @verdict: out: 1 granted, 0 denied
 * @matched: out: rules that matched; 0 when a default decided
 * @line: out: PSL line of the deciding rule, 0 for a default
 * @src_class: sender's process class, NUL-terminated ("" for none)
 * @dst_class: receiver's process class
 * @dst_fd: KOS_EVAL_CONTEXTS: /dev/kos descriptor of the receiving context,
 *          else must be -1 or 0
 * @msg_size: KOS_EVAL_CONTEXTS: message size in bytes, else must be 0
 * @nhandles: KOS_EVAL_CONTEXTS: handles carried, else must be 0
 * @__reserved: must be 0
 *
 * With KOS_EVAL_CONTEXTS the decision is exactly the one an IPC message of
 * @kind (KOS_MSG_REQUEST..KOS_MSG_ERROR) from the calling context to
 * @dst_fd's context would get, structure check and audit included; the
 * class names must then be empty, @matched and @line are 0.
 */
struct kos_policy_eval {
	__u32 size;
	__u32 flags;
	__u32 kind;
	__u32 endpoint;
	__u32 method;
	__u32 verdict;
	__u32 matched;
	__u32 line;
	char src_class[KOS_CLASS_NAME_MAX];
	char dst_class[KOS_CLASS_NAME_MAX];
	__s32 dst_fd;
	__u32 msg_size;
	__u32 nhandles;
	__u32 __reserved;
};
#define KOS_POLICY_EVALUATE _IO(KOS_TYPE, KOS_CMD_POLICY_BASE + 2)

/**
 * struct kos_policy_class - KOS_POLICY_SET_CLASS, KOS_POLICY_GET_CLASS
 * @size: sizeof(struct kos_policy_class)
 * @flags: must be 0
 * @name: the calling context's process class (out for GET_CLASS)
 *
 * SET_CLASS needs CAP_SYS_ADMIN or CAP_MAC_ADMIN and succeeds once per
 * context: a launcher sets the class, then drops its capabilities.
 */
struct kos_policy_class {
	__u32 size;
	__u32 flags;
	char name[KOS_CLASS_NAME_MAX];
};
#define KOS_POLICY_SET_CLASS _IO(KOS_TYPE, KOS_CMD_POLICY_BASE + 3)
#define KOS_POLICY_GET_CLASS _IO(KOS_TYPE, KOS_CMD_POLICY_BASE + 4)

/**
 * DOC: DMA buffers, MMIO (since ABI v1, KOS_FEAT_DMA, KOS_FEAT_MMIO)
 *
 * See Documentation/dma-io.rst.  A buffer or a registered MMIO range is
 * mapped in two steps: KOS_IO_MAP makes a mapping handle and returns the
 * mmap() offset that names it; mmap() of the /dev/kos descriptor at that
 * offset maps it (once).  KOS_IO_CLOSE on a mapping handle unmaps it.
 * Errors specific to these commands:
 *
 *  - EINVAL:  bad order, size, offset, length or alignment; wrong handle type.
 *  - EPERM:   CAP_SYS_RAWIO is needed (DMA begin, physical addresses, MMIO).
 *  - EBUSY:   the buffer is begun already.
 *  - EDQUOT:  the context's DMA memory would exceed the dma_max_kb parameter.
 *  - EACCES:  KOS_IOMEM_REGISTER of a range that is not inside a PCI
 *             memory BAR (system RAM is always refused).
 */

/* DMA attributes (DmaAttr): direction, zone, caching. */
#define KOS_DMA_DIR_TO_DEVICE		(1U << 0)
#define KOS_DMA_DIR_FROM_DEVICE		(1U << 1)
#define KOS_DMA_DIR_BIDIR		(KOS_DMA_DIR_TO_DEVICE | KOS_DMA_DIR_FROM_DEVICE)
#define KOS_DMA_ZONE_DMA32		(1U << 2)
#define KOS_DMA_ZONE_DMA		(1U << 3)	/* kos-linux: ZONE_DMA */
#define KOS_DMA_ATTR_WRITE_BACK		(1U << 4)
#define KOS_DMA_ATTR_WRITE_THROUGH	(1U << 5)
#define KOS_DMA_ATTR_CACHE_DISABLE	(1U << 6)
#define KOS_DMA_ATTR_WRITE_COMBINE	(1U << 7)
#define KOS_DMA_ATTR_MASK		0xffU

/* Largest block order and block count of one buffer. */
#define KOS_DMA_ORDER_MAX		10
#define KOS_DMA_FRAMES_MAX		1024

/**
 * struct kos_dma_create - KOS_DMA_CREATE: allocate a DMA buffer
 * @size: sizeof(struct kos_dma_create)
 * @flags: must be 0
 * @attr: KOS_DMA_* attributes; at least one direction
 * @order: minimum block order (0..KOS_DMA_ORDER_MAX)
 * @length: buffer size in bytes: a non-zero multiple of the page size
 * @handle: out: the buffer handle
 * @__reserved: must be 0
 */
struct kos_dma_create {
	__u32 size;
	__u32 flags;
	__u32 attr;
	__u32 order;
	__aligned_u64 length;
	__s32 handle;
	__u32 __reserved;
};
#define KOS_DMA_CREATE _IO(KOS_TYPE, KOS_CMD_IO_BASE + 0)

/**
 * struct kos_io_handle - KOS_DMA_BEGIN, KOS_IO_CLOSE
 * @size: sizeof(struct kos_io_handle)
 * @flags: must be 0
 * @handle: the buffer (KOS_DMA_BEGIN) or any I/O handle (KOS_IO_CLOSE)
 * @out_handle: KOS_DMA_BEGIN: out: the access handle; KOS_IO_CLOSE: 0
 *
 * KOS_DMA_BEGIN lets the PCI devices whose memory the caller has
 * registered (KOS_IOMEM_REGISTER) master the bus until the access handle
 * is gone; EREMOTEIO when a block lies above the DMA mask of one.
 */
struct kos_io_handle {
	__u32 size;
	__u32 flags;
	__s32 handle;
	__s32 out_handle;
};
#define KOS_DMA_BEGIN _IO(KOS_TYPE, KOS_CMD_IO_BASE + 1)
#define KOS_IO_CLOSE _IO(KOS_TYPE, KOS_CMD_IO_BASE + 2)

/* KOS_DMA_INFO flags */
#define KOS_DMA_INFO_PHYS	(1U << 0)	/* physical addresses; CAP_SYS_RAWIO */

/**
 * struct kos_dma_info - KOS_DMA_INFO: describe a buffer's blocks
 * @size: sizeof(struct kos_dma_info)
 * @flags: KOS_DMA_INFO_* bits
 * @handle: the buffer handle
 * @count_max: capacity of @frames
 * @frames: user pointer to __u64[count_max]: block address | block order
 * @attr: out: the buffer's attributes
 * @order_min: out: the order it was created with
 * @length: out: its size in bytes
 * @count: out: blocks; 0 without KOS_DMA_INFO_PHYS until it is begun
 * @__reserved: must be 0
 */
struct kos_dma_info {
	__u32 size;
	__u32 flags;
	__s32 handle;
	__u32 count_max;
	__aligned_u64 frames;
	__u32 attr;
	__u32 order_min;
	__aligned_u64 length;
	__u32 count;
	__u32 __reserved;
};
#define KOS_DMA_INFO _IO(KOS_TYPE, KOS_CMD_IO_BASE + 3)

/* KOS_IO_MAP prot bits (the VMM_FLAG_* values of vmm/flags.h) */
#define KOS_IO_PROT_READ	0x0010U
#define KOS_IO_PROT_WRITE	0x0020U
#define KOS_IO_PROT_EXEC	0x0040U
#define KOS_IO_PROT_MASK	0x0070U

/* KOS_IO_MAP flags */
#define KOS_IO_MAP_WHOLE	(1U << 0)	/* @length: 0 in, rest of object out */

/**
 * struct kos_io_map - KOS_IO_MAP: prepare a mapping of a buffer or MMIO range
 * @size: sizeof(struct kos_io_map)
 * @flags: KOS_IO_MAP_* bits
 * @handle: a KOS_HTYPE_DMA or KOS_HTYPE_IOMEM handle
 * @prot: KOS_IO_PROT_* bits, not 0
 * @offset: page-aligned offset into the object
 * @length: page-aligned non-zero length, offset + length within the object;
 *          with KOS_IO_MAP_WHOLE: 0, out: the object's length - @offset
 * @map_handle: out: the mapping handle
 * @__reserved: must be 0
 * @mmap_offset: out: pass to mmap() of the /dev/kos descriptor
 *
 * MMIO is always mapped uncached; DMA buffers with
 * KOS_DMA_ATTR_CACHE_DISABLE or _WRITE_COMBINE are mapped so.
 */
struct kos_io_map {
	__u32 size;
	__u32 flags;
	__s32 handle;
	__u32 prot;
	__aligned_u64 offset;
	__aligned_u64 length;
	__s32 map_handle;
	__u32 __reserved;
	__aligned_u64 mmap_offset;
};
#define KOS_IO_MAP _IO(KOS_TYPE, KOS_CMD_IO_BASE + 4)

/**
 * struct kos_iomem_register - KOS_IOMEM_REGISTER: claim device memory
 * @size: sizeof(struct kos_iomem_register)
 * @flags: must be 0
 * @addr: page-aligned physical address
 * @length: page-aligned non-zero length
 * @handle: out: the KOS_HTYPE_IOMEM handle
 * @__reserved: must be 0
 *
 * Needs CAP_SYS_RAWIO; the range must lie inside one PCI memory BAR.
 */
struct kos_iomem_register {
	__u32 size;
	__u32 flags;
	__aligned_u64 addr;
	__aligned_u64 length;
	__s32 handle;
	__u32 __reserved;
};
#define KOS_IOMEM_REGISTER _IO(KOS_TYPE, KOS_CMD_IO_BASE + 5)

/**
 * DOC: Interrupts (since ABI v1, KOS_FEAT_IRQ)
 *
 * The interrupt of a PCI device that no kernel driver is bound to.
 * KOS_IRQ_ATTACH enables the device and takes its MSI vector when it has
 * the MSI capability, else its INTx line (shared; the uio_pci_generic
 * model).  When the interrupt comes, the module masks it (MSI: the vector,
 * INTx: PCI_COMMAND_INTX_DISABLE at the device), counts it and wakes the
 * waiter; user space serves the device and unmasks with KOS_IRQ_ENABLE,
 * so a level interrupt cannot storm.  A thread waits with KOS_IPC_RECV on
 * the handle (struct kos_irq_event below).  Errors:
 *
 *  - EPERM:   KOS_IRQ_REGISTER without CAP_SYS_RAWIO.
 *  - EACCES:  no PCI device without a driver uses that interrupt, or a
 *             driver was bound to it before KOS_IRQ_ATTACH.
 *  - EOPNOTSUPP: KOS_IRQ_ATTACH: no MSI and the device cannot mask INTx.
 *  - EBUSY:   KOS_IRQ_ATTACH while attached; KOS_IRQ_REGISTER of a line
 *             several driverless devices share when the caller has
 *             registered the memory (KOS_IOMEM_REGISTER) of none of them
 *             (with it, the line stands for that device).
 *  - ENOTCONN: KOS_IPC_RECV/KOS_IRQ_ENABLE/DISABLE/DETACH while not
 *             attached, or the interrupt was detached during the wait.
 *  - ETIMEDOUT: KOS_IPC_RECV with a timeout: no interrupt in time.
 *  - EMSGSIZE: KOS_IPC_RECV buffer smaller than the interrupt message (the
 *             interrupt stays pending).
 */

/* KOS_IPC_RECV on an interrupt handle: the message's endpoint and method. */
#define KOS_IRQ_MSG_ENDPOINT	0xffffff00U
#define KOS_IRQ_MSG_INTERRUPT	1

/**
 * struct kos_irq_event - payload of the message KOS_IPC_RECV returns on an
 *                        interrupt handle (after struct kos_msg_hdr with
 *                        endpoint KOS_IRQ_MSG_ENDPOINT, method
 *                        KOS_IRQ_MSG_INTERRUPT, no handles)
 * @size: sizeof(struct kos_irq_event)
 * @count: interrupts taken since the previous receive (>= 1)
 * @irq: the Linux interrupt number now serving the device (MSI or INTx)
 * @msi: 1 when the device interrupts by MSI, 0 for INTx
 */
struct kos_irq_event {
	__u32 size;
	__u32 count;
	__u32 irq;
	__u32 msi;
};

/**
 * struct kos_irq_register - KOS_IRQ_REGISTER
 * @size: sizeof(struct kos_irq_register)
 * @flags: must be 0
 * @irq: Linux interrupt number (/sys/bus/pci/devices/.../irq)
 * @handle: out: the KOS_HTYPE_IRQ handle
 */
struct kos_irq_register {
	__u32 size;
	__u32 flags;
	__u32 irq;
	__s32 handle;
};
#define KOS_IRQ_REGISTER _IO(KOS_TYPE, KOS_CMD_IO_BASE + 6)

/*
 * KOS_IRQ_ATTACH flags: the reference's IRQ_* values (coresrv/io/irq.h,
 * validated, the kind of interrupt follows from the device) and
 * KOS_IRQ_ATTACH_INTX: take the INTx line even if the device has MSI.
 */
#define KOS_IRQ_ATTACH_INTX	(1U << 8)
#define KOS_IRQ_FLAGS_MASK	0x1ffU

/**
 * struct kos_irq_op - KOS_IRQ_ATTACH, _DETACH, _ENABLE, _DISABLE
 * @size: sizeof(struct kos_irq_op)
 * @flags: KOS_IRQ_ATTACH: KOS_IRQ_FLAGS_MASK bits, else 0
 * @handle: a KOS_HTYPE_IRQ handle
 * @out_handle: KOS_IRQ_ATTACH: out: the handle to wait on, else 0
 */
struct kos_irq_op {
	__u32 size;
	__u32 flags;
	__s32 handle;
	__s32 out_handle;
};
#define KOS_IRQ_ATTACH _IO(KOS_TYPE, KOS_CMD_IO_BASE + 7)
#define KOS_IRQ_DETACH _IO(KOS_TYPE, KOS_CMD_IO_BASE + 8)
#define KOS_IRQ_ENABLE _IO(KOS_TYPE, KOS_CMD_IO_BASE + 9)
#define KOS_IRQ_DISABLE _IO(KOS_TYPE, KOS_CMD_IO_BASE + 10)

/**
 * DOC: I/O ports (since ABI v1, KOS_FEAT_IOPORT; x86 only)
 *
 * KOS_IOPORT_REGISTER claims a range of x86 I/O ports for the context with
 * request_region(), so neither a kernel driver nor another process can own
 * it at the same time; the region is released when the last handle to it
 * (and every permit) is gone.  KOS_IOPORT_PERMIT makes a permit handle and
 * returns the range; user space then enables the ports with ioperm(2) and
 * disables them when the permit is closed (libkos does both).  Errors:
 *
 *  - EINVAL:  empty range, or one that ends past port 0xffff.
 *  - EOPNOTSUPP: the architecture has no I/O ports (not x86).
 *  - EPERM:   no CAP_SYS_RAWIO.
 *  - EBUSY:   part of the range is claimed already (a kernel driver, e.g.
 *             the RTC at 0x70, or another registration), or lies in an I/O
 *             BAR of a PCI device that a kernel driver is bound to.
 */

/**
 * struct kos_ioport_register - KOS_IOPORT_REGISTER: claim I/O ports
 * @size: sizeof(struct kos_ioport_register)
 * @flags: must be 0
 * @port: first port (0..0xffff)
 * @length: number of ports (bytes of port space), not 0
 * @handle: out: the KOS_HTYPE_IOPORT handle
 * @__reserved: must be 0
 */
struct kos_ioport_register {
	__u32 size;
	__u32 flags;
	__u32 port;
	__u32 length;
	__s32 handle;
	__u32 __reserved;
};
#define KOS_IOPORT_REGISTER _IO(KOS_TYPE, KOS_CMD_IO_BASE + 0x10)

/**
 * struct kos_ioport_permit - KOS_IOPORT_PERMIT: access to registered ports
 * @size: sizeof(struct kos_ioport_permit)
 * @flags: must be 0
 * @handle: a KOS_HTYPE_IOPORT handle
 * @out_handle: out: the KOS_HTYPE_IOPORT_PERMIT handle (not transferable)
 * @port: out: first port of the range
 * @length: out: number of ports
 *
 * Needs CAP_SYS_RAWIO.  The permit keeps the range claimed.
 */
struct kos_ioport_permit {
	__u32 size;
	__u32 flags;
	__s32 handle;
	__s32 out_handle;
	__u32 port;
	__u32 length;
};
#define KOS_IOPORT_PERMIT _IO(KOS_TYPE, KOS_CMD_IO_BASE + 0x11)

/**
 * DOC: IOMMU (since ABI v1, KOS_FEAT_IOMMU)
 *
 * KOS_IOMMU_ATTACH puts a PCI device that no kernel driver is bound to into
 * the calling context's IOMMU domain: the device's IOMMU group is claimed
 * for the context (iommu_group_claim_dma_owner, as VFIO does, so no driver
 * can bind meanwhile) and attached to a domain allocated for the context.
 * From then on the device reaches only the DMA buffers begun
 * (KOS_DMA_BEGIN) in this context, mapped at their physical addresses, so
 * KOS_DMA_INFO's addresses are right with or without an IOMMU.  The group
 * is released on KOS_IOMMU_DETACH or when the context goes.  Errors:
 *
 *  - EINVAL:  @bdf above 0xffff (PCI segment 0 only).
 *  - EPERM:   no CAP_SYS_RAWIO.
 *  - ENODEV:  no PCI device with that bus/device/function.
 *  - EBUSY:   a kernel driver is bound to the device or to another device
 *             of its IOMMU group, or another context (or VFIO) owns it.
 *  - EOPNOTSUPP: the device is behind no IOMMU (no IOMMU group), or the
 *             IOMMU cannot give it a domain of its own.
 *  - EEXIST:  KOS_IOMMU_ATTACH of a device this context has attached.
 *  - ENOENT:  KOS_IOMMU_DETACH of a device this context has not attached.
 */

/**
 * struct kos_iommu_device - KOS_IOMMU_ATTACH, KOS_IOMMU_DETACH
 * @size: sizeof(struct kos_iommu_device)
 * @flags: must be 0
 * @bdf: bus << 8 | device << 3 | function, PCI segment 0
 * @__reserved: must be 0
 */
struct kos_iommu_device {
	__u32 size;
	__u32 flags;
	__u32 bdf;
	__u32 __reserved;
};
#define KOS_IOMMU_ATTACH _IO(KOS_TYPE, KOS_CMD_IO_BASE + 0x12)
#define KOS_IOMMU_DETACH _IO(KOS_TYPE, KOS_CMD_IO_BASE + 0x13)

#endif /* _UAPI_LINUX_KOS_H */
