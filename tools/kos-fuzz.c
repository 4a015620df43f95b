// SPDX-License-Identifier: GPL-2.0
/*
 * kos-fuzz: a structure-aware fuzzer for /dev/kos.  It knows every command
 * of include/uapi/linux/kos.h as a table of typed fields, keeps pools of
 * the handles, descriptors and mappings it made, and fills each field with
 * a valid value most of the time and a boundary, an unknown bit, a
 * non-zero reserved field or a bad pointer otherwise.  Several processes of
 * several threads race each other with closes, revokes, transfers, fork,
 * SCM_RIGHTS, SIGKILL of children and munmap of live mappings.
 *
 * The kernel is the oracle: the VM harness fails the run on any oops,
 * KASAN or lockdep report, WARNING or leaked object.  kos-fuzz itself
 * fails when a command returns an errno the ABI does not document.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/kos.h>

static const char usage[] =
"Usage: kos-fuzz [OPTIONS]\n"
"Fuzz the /dev/kos ioctls with typed, mostly valid arguments from several\n"
"racing processes and threads, then print what was issued.\n"
"\n"
"  -s, --seconds=N   run for N seconds (default 20)\n"
"  -S, --seed=S      seed of the run (default: from the clock); printed\n"
"                    first, so a finding can be run again with it\n"
"  -p, --procs=N     worker processes (default 2)\n"
"  -t, --threads=N   threads per process, one of them a server that\n"
"                    answers Calls (default 4, at least 2)\n"
"  -u, --user=USER   drop to USER (name or uid) before opening /dev/kos\n"
"  -q, --quiet       print only the summary line\n"
"  -h, --help        this text\n"
"\n"
"The last lines are a per-command histogram (successes and errno counts)\n"
"and 'kos-fuzz: seed S: N ioctls, M other operations, K undocumented\n"
"errors'.  Exit status: 0 when every errno was documented, 1 otherwise or\n"
"on error, 2 usage.  The kernel's own checkers (KASAN, lockdep, slab\n"
"debugging, the leak counters) judge the rest: see\n"
"Documentation/testing.rst.\n";

/* What a field holds, for the generator. */
enum kind {
	K_END, K_SIZE, K_FLAGS, K_RSV, K_H, K_HOUT, K_MSG, K_BUF, K_LEN,
	K_OFF, K_NUM, K_TMO, K_NAME, K_FD, K_CLASS, K_BDF, K_UTYPE,
	K_CLIENT, K_SERVER,
};

struct field {
	unsigned short off, len;
	unsigned char kind;
	unsigned long long known;	/* K_FLAGS: the documented bits */
};

struct cmd {
	const char *name;
	unsigned long nr;
	unsigned int size;
	struct field f[12];
};

/* A field of struct S; the optional last argument is the known flag bits. */
#define F(S, m, k, ...) \
	{ offsetof(struct S, m), sizeof(((struct S *)0)->m), k, __VA_ARGS__ + 0 }
#define CMD(n, S, ...) { #n, n, sizeof(struct S), { __VA_ARGS__ } }
#define SZ(S) F(S, size, K_SIZE)

static const struct cmd cmds[] = {
	CMD(KOS_VERSION, kos_version, SZ(kos_version), F(kos_version, flags, K_FLAGS, 0),
	    F(kos_version, __reserved, K_RSV)),
	CMD(KOS_HANDLE_CREATE, kos_handle_create, SZ(kos_handle_create),
	    F(kos_handle_create, flags, K_FLAGS, 0), F(kos_handle_create, type, K_UTYPE),
	    F(kos_handle_create, rights, K_NUM), F(kos_handle_create, context, K_NUM),
	    F(kos_handle_create, handle, K_HOUT), F(kos_handle_create, __reserved, K_RSV)),
	CMD(KOS_HANDLE_CLOSE, kos_handle_op, SZ(kos_handle_op),
	    F(kos_handle_op, flags, K_FLAGS, 0), F(kos_handle_op, handle, K_H),
	    F(kos_handle_op, badge, K_H)),
	CMD(KOS_HANDLE_REVOKE, kos_handle_op, SZ(kos_handle_op),
	    F(kos_handle_op, flags, K_FLAGS, KOS_REVOKE_SUBTREE),
	    F(kos_handle_op, handle, K_H), F(kos_handle_op, badge, K_H)),
	CMD(KOS_HANDLE_TRANSFER, kos_handle_transfer, SZ(kos_handle_transfer),
	    F(kos_handle_transfer, flags, K_FLAGS, 0), F(kos_handle_transfer, dst_fd, K_FD),
	    F(kos_handle_transfer, handle, K_H), F(kos_handle_transfer, rights, K_NUM),
	    F(kos_handle_transfer, badge, K_H), F(kos_handle_transfer, out_handle, K_HOUT),
	    F(kos_handle_transfer, __reserved, K_RSV)),
	CMD(KOS_HANDLE_CREATE_BADGE, kos_handle_badge, SZ(kos_handle_badge),
	    F(kos_handle_badge, flags, K_FLAGS, 0), F(kos_handle_badge, notice, K_H),
	    F(kos_handle_badge, context, K_NUM), F(kos_handle_badge, event_id, K_NUM),
	    F(kos_handle_badge, handle, K_HOUT), F(kos_handle_badge, __reserved, K_RSV),
	    F(kos_handle_badge, __reserved2, K_RSV)),
	CMD(KOS_NOTICE_CREATE, kos_notice_create, SZ(kos_notice_create),
	    F(kos_notice_create, flags, K_FLAGS, 0), F(kos_notice_create, handle, K_HOUT),
	    F(kos_notice_create, __reserved, K_RSV)),
	CMD(KOS_NOTICE_SUBSCRIBE, kos_notice_subscribe, SZ(kos_notice_subscribe),
	    F(kos_notice_subscribe, flags, K_FLAGS, 0), F(kos_notice_subscribe, notice, K_H),
	    F(kos_notice_subscribe, object, K_H), F(kos_notice_subscribe, event_mask, K_NUM),
	    F(kos_notice_subscribe, event_id, K_NUM)),
	CMD(KOS_NOTICE_SET_EVENT, kos_notice_set, SZ(kos_notice_set),
	    F(kos_notice_set, flags, K_FLAGS, 0), F(kos_notice_set, object, K_H),
	    F(kos_notice_set, event_mask, K_NUM)),
	CMD(KOS_NOTICE_GET_EVENT, kos_notice_get, SZ(kos_notice_get),
	    F(kos_notice_get, flags, K_FLAGS, 0), F(kos_notice_get, notice, K_H),
	    F(kos_notice_get, count_max, K_LEN), F(kos_notice_get, timeout_ms, K_TMO),
	    F(kos_notice_get, events, K_BUF), F(kos_notice_get, __reserved, K_RSV)),
	CMD(KOS_IPC_CHANNEL_CREATE, kos_ipc_channel, SZ(kos_ipc_channel),
	    F(kos_ipc_channel, flags, K_FLAGS, 0), F(kos_ipc_channel, client, K_HOUT),
	    F(kos_ipc_channel, server, K_HOUT)),
	CMD(KOS_IPC_CALL, kos_ipc_msg, SZ(kos_ipc_msg), F(kos_ipc_msg, flags, K_FLAGS, 0),
	    F(kos_ipc_msg, handle, K_CLIENT), F(kos_ipc_msg, __reserved, K_RSV),
	    F(kos_ipc_msg, send, K_MSG), F(kos_ipc_msg, recv, K_MSG),
	    F(kos_ipc_msg, timeout_ms, K_TMO)),
	CMD(KOS_IPC_RECV, kos_ipc_msg, SZ(kos_ipc_msg), F(kos_ipc_msg, flags, K_FLAGS, 0),
	    F(kos_ipc_msg, handle, K_SERVER), F(kos_ipc_msg, __reserved, K_RSV),
	    F(kos_ipc_msg, recv, K_MSG), F(kos_ipc_msg, timeout_ms, K_TMO)),
	CMD(KOS_IPC_REPLY, kos_ipc_msg, SZ(kos_ipc_msg), F(kos_ipc_msg, flags, K_FLAGS, 0),
	    F(kos_ipc_msg, handle, K_SERVER), F(kos_ipc_msg, __reserved, K_RSV),
	    F(kos_ipc_msg, send, K_MSG), F(kos_ipc_msg, timeout_ms, K_TMO)),
	CMD(KOS_IPC_REPLY_RECV, kos_ipc_msg, SZ(kos_ipc_msg),
	    F(kos_ipc_msg, flags, K_FLAGS, 0), F(kos_ipc_msg, handle, K_SERVER),
	    F(kos_ipc_msg, __reserved, K_RSV), F(kos_ipc_msg, send, K_MSG),
	    F(kos_ipc_msg, recv, K_MSG), F(kos_ipc_msg, timeout_ms, K_TMO)),
	CMD(KOS_IPC_PUBLISH, kos_ipc_name, SZ(kos_ipc_name), F(kos_ipc_name, flags, K_FLAGS, 0),
	    F(kos_ipc_name, handle, K_SERVER), F(kos_ipc_name, __reserved, K_RSV),
	    F(kos_ipc_name, name, K_NAME)),
	CMD(KOS_IPC_UNPUBLISH, kos_ipc_name, SZ(kos_ipc_name),
	    F(kos_ipc_name, flags, K_FLAGS, 0), F(kos_ipc_name, handle, K_H),
	    F(kos_ipc_name, __reserved, K_RSV), F(kos_ipc_name, name, K_NAME)),
	CMD(KOS_IPC_CONNECT, kos_ipc_name, SZ(kos_ipc_name), F(kos_ipc_name, flags, K_FLAGS, 0),
	    F(kos_ipc_name, handle, K_HOUT), F(kos_ipc_name, __reserved, K_RSV),
	    F(kos_ipc_name, timeout_ms, K_TMO), F(kos_ipc_name, name, K_NAME)),
	CMD(KOS_NS_OPEN, kos_ns_open, SZ(kos_ns_open), F(kos_ns_open, flags, K_FLAGS, KOS_NS_SERVE),
	    F(kos_ns_open, id, K_HOUT), F(kos_ns_open, __reserved, K_RSV),
	    F(kos_ns_open, timeout_ms, K_TMO), F(kos_ns_open, name, K_NAME)),
	CMD(KOS_NS_PUBLISH, kos_ns_entry, SZ(kos_ns_entry), F(kos_ns_entry, flags, K_FLAGS, 0),
	    F(kos_ns_entry, ns, K_H), F(kos_ns_entry, index, K_RSV),
	    F(kos_ns_entry, type, K_NAME), F(kos_ns_entry, server, K_NAME),
	    F(kos_ns_entry, service, K_NAME)),
	CMD(KOS_NS_UNPUBLISH, kos_ns_entry, SZ(kos_ns_entry), F(kos_ns_entry, flags, K_FLAGS, 0),
	    F(kos_ns_entry, ns, K_H), F(kos_ns_entry, index, K_RSV),
	    F(kos_ns_entry, type, K_NAME), F(kos_ns_entry, server, K_NAME),
	    F(kos_ns_entry, service, K_NAME)),
	CMD(KOS_NS_ENUM, kos_ns_entry, SZ(kos_ns_entry), F(kos_ns_entry, flags, K_FLAGS, 0),
	    F(kos_ns_entry, ns, K_H), F(kos_ns_entry, index, K_NUM),
	    F(kos_ns_entry, type, K_NAME)),
	CMD(KOS_POLICY_LOAD, kos_policy_load, SZ(kos_policy_load),
	    F(kos_policy_load, flags, K_FLAGS, KOS_POLICY_LOAD_CLEAR),
	    F(kos_policy_load, blob, K_BUF), F(kos_policy_load, blob_len, K_LEN),
	    F(kos_policy_load, __reserved, K_RSV)),
	CMD(KOS_POLICY_SHOW, kos_policy_show, SZ(kos_policy_show),
	    F(kos_policy_show, flags, K_FLAGS, 0), F(kos_policy_show, buf, K_BUF),
	    F(kos_policy_show, buf_len, K_LEN)),
	CMD(KOS_POLICY_EVALUATE, kos_policy_eval, SZ(kos_policy_eval),
	    F(kos_policy_eval, flags, K_FLAGS, (KOS_EVAL_AUDIT | KOS_EVAL_CONTEXTS)),
	    F(kos_policy_eval, kind, K_NUM), F(kos_policy_eval, endpoint, K_NUM),
	    F(kos_policy_eval, method, K_NUM), F(kos_policy_eval, dst_fd, K_FD),
	    F(kos_policy_eval, msg_size, K_LEN), F(kos_policy_eval, nhandles, K_NUM),
	    F(kos_policy_eval, __reserved, K_RSV), F(kos_policy_eval, src_class, K_CLASS),
	    F(kos_policy_eval, dst_class, K_CLASS)),
	CMD(KOS_POLICY_SET_CLASS, kos_policy_class, SZ(kos_policy_class),
	    F(kos_policy_class, flags, K_FLAGS, 0), F(kos_policy_class, name, K_CLASS)),
	CMD(KOS_POLICY_GET_CLASS, kos_policy_class, SZ(kos_policy_class),
	    F(kos_policy_class, flags, K_FLAGS, 0)),
	CMD(KOS_DMA_CREATE, kos_dma_create, SZ(kos_dma_create),
	    F(kos_dma_create, flags, K_FLAGS, 0), F(kos_dma_create, attr, K_FLAGS, KOS_DMA_ATTR_MASK),
	    F(kos_dma_create, order, K_NUM), F(kos_dma_create, length, K_LEN),
	    F(kos_dma_create, handle, K_HOUT), F(kos_dma_create, __reserved, K_RSV)),
	CMD(KOS_DMA_BEGIN, kos_io_handle, SZ(kos_io_handle), F(kos_io_handle, flags, K_FLAGS, 0),
	    F(kos_io_handle, handle, K_H), F(kos_io_handle, out_handle, K_HOUT)),
	CMD(KOS_IO_CLOSE, kos_io_handle, SZ(kos_io_handle), F(kos_io_handle, flags, K_FLAGS, 0),
	    F(kos_io_handle, handle, K_H), F(kos_io_handle, out_handle, K_RSV)),
	CMD(KOS_DMA_INFO, kos_dma_info, SZ(kos_dma_info),
	    F(kos_dma_info, flags, K_FLAGS, KOS_DMA_INFO_PHYS), F(kos_dma_info, handle, K_H),
	    F(kos_dma_info, count_max, K_LEN), F(kos_dma_info, frames, K_BUF),
	    F(kos_dma_info, __reserved, K_RSV)),
	CMD(KOS_IO_MAP, kos_io_map, SZ(kos_io_map), F(kos_io_map, flags, K_FLAGS, KOS_IO_MAP_WHOLE),
	    F(kos_io_map, handle, K_H), F(kos_io_map, prot, K_FLAGS, KOS_IO_PROT_MASK),
	    F(kos_io_map, offset, K_OFF), F(kos_io_map, length, K_LEN),
	    F(kos_io_map, map_handle, K_HOUT), F(kos_io_map, __reserved, K_RSV),
	    F(kos_io_map, mmap_offset, K_RSV)),
	CMD(KOS_IOMEM_REGISTER, kos_iomem_register, SZ(kos_iomem_register),
	    F(kos_iomem_register, flags, K_FLAGS, 0), F(kos_iomem_register, addr, K_OFF),
	    F(kos_iomem_register, length, K_LEN), F(kos_iomem_register, handle, K_HOUT),
	    F(kos_iomem_register, __reserved, K_RSV)),
	CMD(KOS_IRQ_REGISTER, kos_irq_register, SZ(kos_irq_register),
	    F(kos_irq_register, flags, K_FLAGS, 0), F(kos_irq_register, irq, K_NUM),
	    F(kos_irq_register, handle, K_HOUT)),
	CMD(KOS_IRQ_ATTACH, kos_irq_op, SZ(kos_irq_op), F(kos_irq_op, flags, K_FLAGS, KOS_IRQ_FLAGS_MASK),
	    F(kos_irq_op, handle, K_H), F(kos_irq_op, out_handle, K_HOUT)),
	CMD(KOS_IRQ_DETACH, kos_irq_op, SZ(kos_irq_op), F(kos_irq_op, flags, K_FLAGS, 0),
	    F(kos_irq_op, handle, K_H), F(kos_irq_op, out_handle, K_RSV)),
	CMD(KOS_IRQ_ENABLE, kos_irq_op, SZ(kos_irq_op), F(kos_irq_op, flags, K_FLAGS, 0),
	    F(kos_irq_op, handle, K_H), F(kos_irq_op, out_handle, K_RSV)),
	CMD(KOS_IRQ_DISABLE, kos_irq_op, SZ(kos_irq_op), F(kos_irq_op, flags, K_FLAGS, 0),
	    F(kos_irq_op, handle, K_H), F(kos_irq_op, out_handle, K_RSV)),
	CMD(KOS_IOPORT_REGISTER, kos_ioport_register, SZ(kos_ioport_register),
	    F(kos_ioport_register, flags, K_FLAGS, 0), F(kos_ioport_register, port, K_NUM),
	    F(kos_ioport_register, length, K_LEN), F(kos_ioport_register, handle, K_HOUT),
	    F(kos_ioport_register, __reserved, K_RSV)),
	CMD(KOS_IOPORT_PERMIT, kos_ioport_permit, SZ(kos_ioport_permit),
	    F(kos_ioport_permit, flags, K_FLAGS, 0), F(kos_ioport_permit, handle, K_H),
	    F(kos_ioport_permit, out_handle, K_HOUT), F(kos_ioport_permit, port, K_RSV),
	    F(kos_ioport_permit, length, K_RSV)),
	CMD(KOS_IOMMU_ATTACH, kos_iommu_device, SZ(kos_iommu_device),
	    F(kos_iommu_device, flags, K_FLAGS, 0), F(kos_iommu_device, bdf, K_BDF),
	    F(kos_iommu_device, __reserved, K_RSV)),
	CMD(KOS_IOMMU_DETACH, kos_iommu_device, SZ(kos_iommu_device),
	    F(kos_iommu_device, flags, K_FLAGS, 0), F(kos_iommu_device, bdf, K_BDF),
	    F(kos_iommu_device, __reserved, K_RSV)),
};

#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

/* Operations besides the ioctls, counted after them. */
enum { OP_MMAP, OP_MUNMAP, OP_REOPEN, OP_FORK, OP_SCM, OP_SERVE, OP_NR };
static const char *const op_names[OP_NR] = {
	"mmap", "munmap", "close+reopen", "fork+kill", "SCM_RIGHTS",
	"server Recv",
};

/* errnos the ABI documents for some command (abi.rst and the uapi). */
static const int documented[] = {
	EPERM, ENOENT, ESRCH, EINTR, EBADF, EAGAIN, ENOMEM, EFAULT, EBUSY,
	EEXIST, EXDEV, ENODEV, EINVAL, ENOSPC, E2BIG, ENOTTY, EMSGSIZE,
	EOPNOTSUPP, ENOTCONN, ETIMEDOUT, EDQUOT, EACCES, EBADFD, EKEYREVOKED,
	EREMOTEIO, EIO,
};

#define NERR 160
struct stats {
	unsigned long ok[NCMDS + OP_NR];
	unsigned long err[NCMDS + OP_NR][NERR];
	unsigned long undocumented;
};

static struct stats *st;	/* shared by every worker process */
static int quiet;

static void count(unsigned int i, int err)
{
	if (!err)
		__atomic_fetch_add(&st->ok[i], 1, __ATOMIC_RELAXED);
	else
		__atomic_fetch_add(&st->err[i][err < NERR ? err : 0], 1, __ATOMIC_RELAXED);
}

static int is_documented(int err)
{
	size_t i;

	for (i = 0; i < sizeof(documented) / sizeof(documented[0]); i++)
		if (documented[i] == err)
			return 1;
	return 0;
}

/* xorshift64*: small, fast, and the same sequence for the same seed. */
static unsigned long long next(unsigned long long *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static unsigned int below(unsigned long long *s, unsigned int n)
{
	return n ? next(s) % n : 0;
}

/* What one worker process owns: its contexts and what it made there. */
#define POOL 256
#define MAPS 32
struct proc {
	int fd[2];
	pthread_mutex_t lock;
	int handles[2][POOL];
	unsigned int nhandles[2];
	int chan[2][2][64];		/* [ctx][client, server][i] */
	unsigned int nchan[2];
	unsigned long long map_off[2][MAPS];
	unsigned long long map_len[2][MAPS];
	void *maps[MAPS];
	size_t map_size[MAPS];
	void *unmapped;		/* a page mapped once, then unmapped */
};

static struct proc P;

static void pool_add(int ctx, int h)
{
	pthread_mutex_lock(&P.lock);
	if (h > 0)
		P.handles[ctx][P.nhandles[ctx]++ % POOL] = h;
	pthread_mutex_unlock(&P.lock);
}

static int pool_pick(unsigned long long *s, int ctx)
{
	unsigned int n = P.nhandles[ctx] < POOL ? P.nhandles[ctx] : POOL;

	return n ? P.handles[ctx][below(s, n)] : 1;
}

/* A client (@end 0) or server (1) endpoint of a channel @ctx made. */
static int chan_pick(unsigned long long *s, int ctx, int end)
{
	unsigned int n = P.nchan[ctx] < 64 ? P.nchan[ctx] : 64;

	return n ? P.chan[ctx][end][below(s, n)] : pool_pick(s, ctx);
}

static const unsigned long long boundaries[] = {
	0, 1, 2, 7, 8, 63, 64, 255, 4095, 4096, 4097, 65535, 65536, 65537,
	0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL, 0xfffffffffffff000ULL,
	0x7fffffffffffffffULL, 0xffffffffffffffffULL,
	KOS_DMA_FRAMES_MAX, KOS_DMA_FRAMES_MAX + 1, KOS_IPC_MSG_MAX,
	KOS_IPC_MSG_MAX + 1, KOS_DMA_ORDER_MAX, KOS_DMA_ORDER_MAX + 1,
};

static unsigned long long boundary(unsigned long long *s)
{
	return boundaries[below(s, sizeof(boundaries) / sizeof(boundaries[0]))];
}

static const char *const names[] = { "a", "blkdev.ata", "ns", "x.y", "kl.Type", "fz" };

/* A pointer: mostly to @buf, else NULL, a bad or just-unmapped address. */
static unsigned long long pointer(unsigned long long *s, void *buf)
{
	switch (below(s, 12)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return (uintptr_t)P.unmapped;
	case 3: return 0xffffffff81000000ULL;
	case 4: return (uintptr_t)P.unmapped - 8;	/* straddles the hole */
	default: return (uintptr_t)buf;
	}
}

/* An IPC message in @m: mostly well formed, with handles from the pool. */
static void make_msg(unsigned long long *s, int ctx, struct kos_msg_hdr *m)
{
	unsigned int i;

	memset(m, 0, sizeof(*m) + 256);
	m->size = below(s, 8) ? sizeof(*m) + below(s, 256) : (unsigned int)boundary(s);
	m->endpoint = below(s, 4);
	m->method = below(s, 4);
	m->nhandles = below(s, 6) ? below(s, 3) : below(s, 10);
	for (i = 0; i < KOS_IPC_HANDLES_MAX; i++) {
		m->handles[i].handle = pool_pick(s, ctx);
		m->handles[i].rights = below(s, 2) ? 0 : (unsigned int)next(s);
		m->handles[i].badge = below(s, 3) ? ~0ULL : (unsigned long long)pool_pick(s, ctx);
		m->handles[i].flags = below(s, 16) ? 0 : 1;
	}
	if (!below(s, 32))
		m->flags = 1;
}

static void fill(unsigned long long *s, const struct cmd *c, int ctx, char *arg,
		 char *buf, size_t buflen)
{
	const struct field *f;
	unsigned long long v;

	memset(arg, 0, 8192);
	for (f = c->f; f->kind != K_END; f++) {
		switch (f->kind) {
		case K_SIZE:
			v = below(s, 10) ? c->size : boundary(s);
			if (v > c->size && v <= 8192 && below(s, 2))
				arg[v - 1] = 1;	/* a non-zero unknown tail */
			break;
		case K_FLAGS:
			v = below(s, 6) ? next(s) & f->known : below(s, 2) ?
			    1ULL << below(s, 32) : next(s);
			break;
		case K_RSV:
		case K_HOUT:
			v = below(s, 20) ? 0 : next(s);
			break;
		case K_H:
			v = below(s, 5) ? (unsigned long long)pool_pick(s, ctx) :
			    below(s, 2) ? boundary(s) : (unsigned long long)-1;
			break;
		case K_MSG:
			make_msg(s, ctx, (void *)buf);
			v = pointer(s, buf);
			break;
		case K_BUF:
			v = pointer(s, buf);
			break;
		case K_LEN:
		case K_OFF:
			v = below(s, 3) ? (below(s, 4) + 1) * 4096ULL : boundary(s);
			break;
		case K_TMO:
			v = below(s, 50) ? below(s, 20) : KOS_IPC_FOREVER;
			break;
		case K_FD:
			v = below(s, 2) ? (unsigned long long)P.fd[!ctx] : below(s, 2) ? ~0ULL : below(s, 64);
			break;
		case K_BDF:
			v = below(s, 2) ? below(s, 0x100) : boundary(s);
			break;
		case K_UTYPE:
			v = below(s, 8) ? KOS_HTYPE_USER_FIRST + below(s, 4) : boundary(s);
			break;
		case K_CLIENT:
		case K_SERVER:
			v = below(s, 8) ? (unsigned long long)chan_pick(s, ctx, f->kind == K_SERVER) :
			    (unsigned long long)pool_pick(s, ctx);
			break;
		case K_NAME:
		case K_CLASS:
			if (below(s, 12)) {
				snprintf(arg + f->off, f->len, "%s", names[below(s, 6)]);
			} else {
				memset(arg + f->off, 'z', f->len);	/* no NUL */
			}
			continue;
		default:
			v = below(s, 2) ? below(s, 16) : boundary(s);
			break;
		}
		memcpy(arg + f->off, &v, f->len < sizeof(v) ? f->len : sizeof(v));
	}
	(void)buflen;
}

/* Remember what a command made: its handles, a mapping to mmap() later. */
static void harvest(const struct cmd *c, int ctx, const char *arg)
{
	const struct field *f;
	int h;

	for (f = c->f; f->kind != K_END; f++) {
		if (f->kind != K_HOUT || f->len != 4)
			continue;
		memcpy(&h, arg + f->off, 4);
		pool_add(ctx, h);
	}
	if (c->nr == KOS_IPC_CHANNEL_CREATE) {
		const struct kos_ipc_channel *ch = (const void *)arg;

		pthread_mutex_lock(&P.lock);
		P.chan[ctx][0][P.nchan[ctx] % 64] = ch->client;
		P.chan[ctx][1][P.nchan[ctx]++ % 64] = ch->server;
		pthread_mutex_unlock(&P.lock);
	}
	if (c->nr == KOS_IO_MAP) {
		const struct kos_io_map *m = (const void *)arg;
		unsigned int i = m->map_handle % MAPS;

		P.map_off[ctx][i] = m->mmap_offset;
		P.map_len[ctx][i] = m->length;
	}
}

static void do_ioctl(unsigned long long *s, char *arg, char *buf)
{
	unsigned int i = below(s, NCMDS);
	int ctx = below(s, 2), ret;
	const struct cmd *c = &cmds[i];

	fill(s, c, ctx, arg, buf, 8192);
	ret = ioctl(P.fd[ctx], c->nr, arg) ? errno : 0;
	count(i, ret);
	if (!ret)
		harvest(c, ctx, arg);
	else if (!is_documented(ret)) {
		__atomic_fetch_add(&st->undocumented, 1, __ATOMIC_RELAXED);
		fprintf(stderr, "kos-fuzz: %s returned undocumented errno %d (%s)\n",
			c->name, ret, strerror(ret));
	}
}

/* mmap() a mapping KOS_IO_MAP made, or munmap() (part of) one. */
static void do_map(unsigned long long *s, int unmap)
{
	unsigned int i = below(s, MAPS), ctx = below(s, 2);
	void *p;

	pthread_mutex_lock(&P.lock);
	if (unmap && P.maps[i]) {
		size_t len = P.map_size[i];

		/* all of it, or a part, leaving the rest to KOS_IO_CLOSE */
		munmap(P.maps[i], below(s, 2) ? len : 4096);
		if (len > 4096 && below(s, 2))
			mmap(P.maps[i], 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
			     MAP_FIXED, -1, 0);
		P.maps[i] = NULL;
		count(NCMDS + OP_MUNMAP, 0);
	} else if (!unmap && !P.maps[i] && P.map_len[ctx][i] &&
		   P.map_len[ctx][i] < (64 << 20)) {
		p = mmap(NULL, P.map_len[ctx][i], PROT_READ | PROT_WRITE,
			 MAP_SHARED, P.fd[ctx], P.map_off[ctx][i]);
		count(NCMDS + OP_MMAP, p == MAP_FAILED ? errno : 0);
		if (p != MAP_FAILED) {
			P.maps[i] = p;
			P.map_size[i] = P.map_len[ctx][i];
			memset(p, 0x5a, 64);
		}
	}
	pthread_mutex_unlock(&P.lock);
}

/* Close one context while other threads use it, and open a new one. */
static void do_reopen(unsigned long long *s)
{
	int ctx = below(s, 2), fd = open("/dev/kos", O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		count(NCMDS + OP_REOPEN, errno);
		return;
	}
	pthread_mutex_lock(&P.lock);
	dup2(fd, P.fd[ctx]);	/* the old file goes, the number stays valid */
	P.nhandles[ctx] = 0;
	P.nchan[ctx] = 0;
	pthread_mutex_unlock(&P.lock);
	close(fd);
	count(NCMDS + OP_REOPEN, 0);
}

/*
 * A child with our descriptors (fork) or one of them (SCM_RIGHTS): it
 * tries them (EBADFD), opens its own, works a little and is killed.
 */
static void child_work(unsigned long long seed, int fd)
{
	unsigned long long s = seed | 1;
	char arg[8192], buf[8192];
	int i;

	P.fd[0] = fd;
	P.fd[1] = open("/dev/kos", O_RDWR | O_CLOEXEC);
	if (P.fd[1] < 0)
		_exit(0);
	for (i = 0; i < 200; i++)
		do_ioctl(&s, arg, buf);
	_exit(0);
}

static void do_child(unsigned long long *s, int scm)
{
	int sv[2] = { -1, -1 }, status, fd = P.fd[below(s, 2)];
	unsigned long long seed = next(s);
	pid_t pid;

	if (scm && socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return;
	pid = fork();
	if (pid == 0) {
		if (scm) {
			char c;
			struct iovec io = { &c, 1 };
			char cbuf[CMSG_SPACE(sizeof(int))];
			struct msghdr mh = { .msg_iov = &io, .msg_iovlen = 1,
					     .msg_control = cbuf,
					     .msg_controllen = sizeof(cbuf) };

			close(P.fd[0]);
			close(P.fd[1]);
			if (recvmsg(sv[1], &mh, 0) != 1 || !CMSG_FIRSTHDR(&mh))
				_exit(0);
			memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&mh)), sizeof(int));
		}
		child_work(seed, fd);
	}
	if (pid > 0 && scm) {
		char c = 0, cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
		struct iovec io = { &c, 1 };
		struct msghdr mh = { .msg_iov = &io, .msg_iovlen = 1,
				     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
		struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);

		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
		sendmsg(sv[0], &mh, MSG_NOSIGNAL);
	}
	if (sv[0] >= 0) {
		close(sv[0]);
		close(sv[1]);
	}
	count(NCMDS + (scm ? OP_SCM : OP_FORK), pid < 0 ? errno : 0);
	if (pid < 0)
		return;
	usleep(below(s, 3000));
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

struct worker {
	unsigned long long seed;
	pthread_t thread;
};

/*
 * A server: Recv on the channels this process made, Reply with a handle
 * now and then, so that Calls get answers and handles travel both ways.
 */
static void *serve(void *arg)
{
	struct worker *w = arg;
	unsigned long long s = w->seed | 1;
	struct {
		struct kos_msg_hdr hdr;
		char data[256];
	} in, out;
	struct kos_ipc_msg m = { .size = sizeof(m) };
	int ctx, ret;

	for (;;) {
		ctx = below(&s, 2);
		memset(&in, 0, sizeof(in));
		in.hdr.size = sizeof(in);
		m.handle = chan_pick(&s, ctx, 1);
		m.send = 0;
		m.recv = (uintptr_t)&in;
		m.timeout_ms = below(&s, 5);
		ret = ioctl(P.fd[ctx], KOS_IPC_RECV, &m) ? errno : 0;
		count(NCMDS + OP_SERVE, ret);
		if (ret)
			continue;
		memset(&out, 0, sizeof(out));
		out.hdr.size = sizeof(out.hdr) + below(&s, 256);
		out.hdr.nhandles = below(&s, 3) ? 0 : 1;
		out.hdr.handles[0].handle = pool_pick(&s, ctx);
		out.hdr.handles[0].badge = ~0ULL;
		m.send = (uintptr_t)&out;
		m.recv = 0;
		m.timeout_ms = KOS_IPC_FOREVER;
		ioctl(P.fd[ctx], KOS_IPC_REPLY, &m);
	}
	return NULL;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	unsigned long long s = w->seed | 1;
	char *arg_buf = malloc(8192), *buf = malloc(8192 + 65536);
	unsigned int r;

	if (!arg_buf || !buf)
		return NULL;
	for (;;) {
		r = below(&s, 1000);
		if (r < 930)
			do_ioctl(&s, arg_buf, buf);
		else if (r < 950)
			do_map(&s, 0);
		else if (r < 970)
			do_map(&s, 1);
		else if (r < 980)
			do_reopen(&s);
		else if (r < 990)
			do_child(&s, 0);
		else
			do_child(&s, 1);
	}
	return NULL;
}

/* One worker process: two contexts, @threads threads, until killed. */
static void worker_main(unsigned long long seed, int threads, uid_t uid)
{
	struct worker *w = calloc(threads, sizeof(*w));
	int i;

	if (uid != (uid_t)-1 && (setgid(uid) || setuid(uid))) {
		perror("kos-fuzz: setuid");
		_exit(1);
	}
	pthread_mutex_init(&P.lock, NULL);
	P.fd[0] = open("/dev/kos", O_RDWR | O_CLOEXEC);
	P.fd[1] = open("/dev/kos", O_RDWR | O_CLOEXEC);
	P.unmapped = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (P.fd[0] < 0 || P.fd[1] < 0 || !w || P.unmapped == MAP_FAILED) {
		perror("kos-fuzz: open /dev/kos");
		_exit(1);
	}
	munmap(P.unmapped, 4096);
	for (i = 0; i < threads; i++) {
		w[i].seed = seed + 0x9e3779b97f4a7c15ULL * (i + 1);
		/* one thread serves, the others fuzz */
		pthread_create(&w[i].thread, NULL, i ? work : serve, &w[i]);
	}
	for (;;)
		pause();
}

static void summary(unsigned long long seed)
{
	unsigned long ioctls = 0, ops = 0;
	unsigned int i, e;

	for (i = 0; i < NCMDS + OP_NR; i++) {
		unsigned long n = st->ok[i];
		char line[2048];
		int len;

		for (e = 0; e < NERR; e++)
			n += st->err[i][e];
		if (i < NCMDS)
			ioctls += n;
		else
			ops += n;
		if (quiet)
			continue;
		len = snprintf(line, sizeof(line), "kos-fuzz: %-24s %8lu ok=%lu",
			       i < NCMDS ? cmds[i].name : op_names[i - NCMDS], n, st->ok[i]);
		for (e = 0; e < NERR; e++)
			if (st->err[i][e] && len < (int)sizeof(line) - 40)
				len += snprintf(line + len, sizeof(line) - len, " %s=%lu",
						e ? strerrorname_np(e) ?: "?" : "other",
						st->err[i][e]);
		puts(line);
	}
	printf("kos-fuzz: seed %#llx: %lu ioctls, %lu other operations, %lu undocumented errors\n",
	       seed, ioctls, ops, st->undocumented);
}

static uid_t parse_user(const char *u)
{
	struct passwd *pw = getpwnam(u);
	char *end;
	unsigned long v;

	if (pw)
		return pw->pw_uid;
	v = strtoul(u, &end, 10);
	if (*u && !*end)
		return v;
	fprintf(stderr, "kos-fuzz: unknown user '%s'\n", u);
	exit(2);
}

static long parse_num(const char *opt, const char *v, long lo, long hi)
{
	char *end;
	long n = strtol(v, &end, 0);

	if (!*v || *end || n < lo || n > hi) {
		fprintf(stderr, "kos-fuzz: --%s takes a number from %ld to %ld, not '%s'\n",
			opt, lo, hi, v);
		exit(2);
	}
	return n;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seconds", required_argument, NULL, 's' },
		{ "seed", required_argument, NULL, 'S' },
		{ "procs", required_argument, NULL, 'p' },
		{ "threads", required_argument, NULL, 't' },
		{ "user", required_argument, NULL, 'u' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	long seconds = 20, procs = 2, threads = 4;
	unsigned long long seed = 0;
	uid_t uid = (uid_t)-1;
	pid_t *pids;
	int c, i, status, bad = 0;

	while ((c = getopt_long(argc, argv, "s:S:p:t:u:qh", opts, NULL)) != -1) {
		switch (c) {
		case 's': seconds = parse_num("seconds", optarg, 1, 86400); break;
		case 'S': seed = strtoull(optarg, NULL, 0); break;
		case 'p': procs = parse_num("procs", optarg, 1, 64); break;
		case 't': threads = parse_num("threads", optarg, 2, 64); break;
		case 'u': uid = parse_user(optarg); break;
		case 'q': quiet = 1; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (!seed) {
		struct timespec t;

		clock_gettime(CLOCK_REALTIME, &t);
		seed = (unsigned long long)t.tv_sec * 1000000007ULL ^ t.tv_nsec ^ getpid();
	}
	printf("kos-fuzz: seed %#llx, %ld s, %ld processes x %ld threads%s\n", seed,
	       seconds, procs, threads, uid != (uid_t)-1 ? ", unprivileged" : "");
	fflush(stdout);
	st = mmap(NULL, sizeof(*st), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pids = calloc(procs, sizeof(*pids));
	if (st == MAP_FAILED || !pids) {
		perror("kos-fuzz");
		return 1;
	}
	for (i = 0; i < procs; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			setpgid(0, 0);	/* it and its children die together */
			worker_main(seed + 0x51ed270b27ULL * (i + 1), threads, uid);
		}
		if (pids[i] > 0)
			setpgid(pids[i], pids[i]);
	}
	sleep(seconds);
	for (i = 0; i < procs; i++)
		if (pids[i] > 0)
			kill(-pids[i], SIGKILL);
	for (i = 0; i < procs; i++) {
		if (pids[i] <= 0 || waitpid(pids[i], &status, 0) != pids[i])
			bad = 1;
		else if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
			bad = 1;	/* a worker died by itself: a crash */
	}
	summary(seed);
	return bad || st->undocumented ? 1 : 0;
}
