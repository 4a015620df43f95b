// SPDX-License-Identifier: GPL-2.0
/*
 * The raw ABI, one row per command (FIXTURE_VARIANT): from an argument the
 * command accepts (or refuses for a reason other than its shape), each
 * test changes one thing and expects the error abi.rst documents:
 *
 *   size below the struct        EINVAL     size above a page      E2BIG
 *   larger size, non-zero tail   E2BIG      every unknown flag bit EINVAL
 *   any reserved field non-zero  EINVAL     NULL, unmapped pointer EFAULT
 *   a handle of the wrong type   the row's documented error
 *
 * and every command number the module answers must have a row here: a new
 * command without one fails commands_all_have_rows.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <linux/kos.h>

#include "kselftest_harness.h"
#include "kos_util.h"
#include "handle_util.h"

#define PG 4096
#define MAX_RSV 4
/* No such handle: EBADF, refused after the shape was checked. */
#define NO_HANDLE 99999

/* What the fixture made, for valid arguments. */
struct objs {
	int fd, other_fd;
	int user, notice, client, server, dma, map;
};

FIXTURE(abi) {
	struct objs o;
	char *arg;		/* 2 pages: room for a tail past any struct */
	struct kos_msg_hdr msg;
};

/*
 * @nr: the command; @size: its struct (@min: its first version's, when it
 * grew); @flags: the documented flag bits;
 * @rsv: offsets of fields that must be 0 (4 or 8 bytes, @rsv_len);
 * @handle: offset of the handle a wrong type is tried in (-1: none),
 * @wrong_type: the error for a handle of a user object there;
 * @fill: makes a valid argument from the fixture's objects.
 */
FIXTURE_VARIANT(abi) {
	unsigned long nr;
	unsigned int size;
	unsigned int min;	/* the first version's size, if not @size */
	unsigned int flags;
	int rsv[MAX_RSV];
	int rsv_len[MAX_RSV];
	int handle;
	int wrong_type;
	void (*fill)(void *arg, const struct objs *o, struct kos_msg_hdr *msg);
};

static void fill_none(void *arg, const struct objs *o, struct kos_msg_hdr *msg)
{
	(void)arg; (void)o; (void)msg;
}

static void fill_handle_create(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	struct kos_handle_create *c = arg;

	(void)o; (void)m;
	c->type = KOS_HTYPE_USER_FIRST;
	c->rights = ~0U;
}

static void fill_handle_op(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	struct kos_handle_op *c = arg;

	(void)m;
	c->handle = o->user;
}

static void fill_transfer(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	struct kos_handle_transfer *c = arg;

	(void)m;
	c->dst_fd = -1;
	c->handle = o->user;
	c->badge = -1;
}

static void fill_badge(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	struct kos_handle_badge *c = arg;

	(void)m;
	c->notice = o->notice;
}

static void fill_subscribe(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	struct kos_notice_subscribe *c = arg;

	(void)m;
	c->notice = o->notice;
	c->object = o->user;
	c->event_mask = 1U << 16;
}

static void fill_set(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	struct kos_notice_set *c = arg;

	(void)m;
	c->object = o->user;
	c->event_mask = 1U << 16;
}

static void fill_get(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	struct kos_notice_get *c = arg;
	static struct kos_event ev[4];

	(void)m;
	c->notice = o->notice;
	c->count_max = 4;
	c->events = (uintptr_t)ev;
}

/* Call with timeout 0 on the fixture's channel: ETIMEDOUT, not EINVAL. */
static void fill_call(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	struct kos_ipc_msg *c = arg;

	m->size = sizeof(*m);
	c->handle = o->client;
	c->send = (uintptr_t)m;
	c->recv = (uintptr_t)m;
	c->timeout_ms = 1;
}

static void fill_recv(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	struct kos_ipc_msg *c = arg;

	m->size = sizeof(*m);
	c->handle = o->server;
	c->recv = (uintptr_t)m;
	c->timeout_ms = 0;
}

static void fill_reply(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	struct kos_ipc_msg *c = arg;

	(void)o;
	m->size = sizeof(*m);
	c->handle = NO_HANDLE;	/* no request is held: EBADF first */
	c->send = (uintptr_t)m;
	c->timeout_ms = KOS_IPC_FOREVER;
}

static void fill_name(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	struct kos_ipc_name *c = arg;

	(void)m;
	c->handle = o->server;
	snprintf(c->name, sizeof(c->name), "abi.%d", (int)getpid());
}

static void fill_connect(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	struct kos_ipc_name *c = arg;

	(void)o; (void)m;
	snprintf(c->name, sizeof(c->name), "abi.none.%d", (int)getpid());
}

static void fill_ns_open(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	struct kos_ns_open *c = arg;

	(void)o; (void)m;
	strcpy(c->name, "ns");
}

static void fill_ns_entry(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	struct kos_ns_entry *c = arg;

	(void)o; (void)m;
	c->ns = KOS_NS_DEFAULT;
	strcpy(c->type, "abi.Type");
	strcpy(c->server, "abi");
	snprintf(c->service, sizeof(c->service), "abi.%d", (int)getpid());
}

static void fill_policy_show(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	(void)o; (void)m;
	((struct kos_policy_show *)arg)->buf_len = 0;
}

static void fill_eval(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	struct kos_policy_eval *c = arg;

	(void)o; (void)m;
	c->kind = KOS_MSG_REQUEST;
	strcpy(c->src_class, "A");
	strcpy(c->dst_class, "B");
}

static void fill_class(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	(void)o; (void)m;
	strcpy(((struct kos_policy_class *)arg)->name, "AbiClass");
}

static void fill_dma_create(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	struct kos_dma_create *c = arg;

	(void)o; (void)m;
	c->attr = KOS_DMA_DIR_BIDIR;
	c->length = PG;
}

static void fill_io_dma(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	(void)m;
	((struct kos_io_handle *)arg)->handle = o->dma;
}

static void fill_dma_info(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	(void)m;
	((struct kos_dma_info *)arg)->handle = o->dma;
}

static void fill_io_map(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	struct kos_io_map *c = arg;

	(void)m;
	c->handle = o->dma;
	c->prot = KOS_IO_PROT_READ;
	c->length = PG;
}

static void fill_iomem(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	struct kos_iomem_register *c = arg;

	(void)o; (void)m;
	c->addr = 0xfe000000;
	c->length = PG;
}

static void fill_irq_op(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	(void)o; (void)m;
	((struct kos_irq_op *)arg)->handle = NO_HANDLE;
}

static void fill_ioport(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	struct kos_ioport_register *c = arg;

	(void)o; (void)m;
	c->port = 0x70;
	c->length = 2;
}

static void fill_permit(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	(void)o; (void)m;
	((struct kos_ioport_permit *)arg)->handle = NO_HANDLE;
}

static void fill_policy_clear(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	(void)o; (void)m;
	((struct kos_policy_load *)arg)->flags = KOS_POLICY_LOAD_CLEAR;
}

static void fill_iommu(void *arg, const struct objs *o, struct kos_msg_hdr *m)
{
	(void)o; (void)m;
	((struct kos_iommu_device *)arg)->bdf = 0xffff;
}

#define OFF(S, m) offsetof(struct S, m)
#define ROW(name, NR, S, FLAGS, HANDLE, WRONG, FILL, ...)		\
	FIXTURE_VARIANT_ADD(abi, name) {				\
		.nr = NR, .size = sizeof(struct S), .flags = FLAGS,	\
		.handle = HANDLE, .wrong_type = WRONG, .fill = FILL,	\
		__VA_ARGS__						\
	}
#define RSV1(S, a) .rsv = { OFF(S, a), -1, -1, -1 }, \
	.rsv_len = { sizeof(((struct S *)0)->a) }
#define RSV2(S, a, b) .rsv = { OFF(S, a), OFF(S, b), -1, -1 }, \
	.rsv_len = { sizeof(((struct S *)0)->a), sizeof(((struct S *)0)->b) }
#define RSV3(S, a, b, c) .rsv = { OFF(S, a), OFF(S, b), OFF(S, c), -1 }, \
	.rsv_len = { sizeof(((struct S *)0)->a), sizeof(((struct S *)0)->b), \
		     sizeof(((struct S *)0)->c) }
#define NORSV .rsv = { -1, -1, -1, -1 }

ROW(version, KOS_VERSION, kos_version, 0, -1, 0, fill_none,
    RSV1(kos_version, __reserved));
ROW(handle_create, KOS_HANDLE_CREATE, kos_handle_create, 0, -1, 0,
    fill_handle_create, RSV2(kos_handle_create, __reserved, handle));
ROW(handle_close, KOS_HANDLE_CLOSE, kos_handle_op, 0, -1, 0, fill_handle_op,
    RSV1(kos_handle_op, badge));
ROW(handle_revoke, KOS_HANDLE_REVOKE, kos_handle_op, KOS_REVOKE_SUBTREE,
    -1, 0, fill_handle_op, RSV1(kos_handle_op, badge));
ROW(handle_transfer, KOS_HANDLE_TRANSFER, kos_handle_transfer, 0, -1, 0,
    fill_transfer, RSV2(kos_handle_transfer, __reserved, out_handle));
ROW(handle_badge, KOS_HANDLE_CREATE_BADGE, kos_handle_badge, 0,
    OFF(kos_handle_badge, notice), EINVAL, fill_badge,
    RSV3(kos_handle_badge, __reserved, __reserved2, handle));
ROW(notice_create, KOS_NOTICE_CREATE, kos_notice_create, 0, -1, 0, fill_none,
    RSV2(kos_notice_create, __reserved, handle));
ROW(notice_subscribe, KOS_NOTICE_SUBSCRIBE, kos_notice_subscribe, 0,
    OFF(kos_notice_subscribe, notice), EINVAL, fill_subscribe, NORSV);
ROW(notice_set, KOS_NOTICE_SET_EVENT, kos_notice_set, 0, -1, 0, fill_set, NORSV);
ROW(notice_get, KOS_NOTICE_GET_EVENT, kos_notice_get, 0,
    OFF(kos_notice_get, notice), EINVAL, fill_get,
    RSV1(kos_notice_get, __reserved));
ROW(channel_create, KOS_IPC_CHANNEL_CREATE, kos_ipc_channel, 0, -1, 0,
    fill_none, RSV2(kos_ipc_channel, client, server));
ROW(ipc_call, KOS_IPC_CALL, kos_ipc_msg, 0, OFF(kos_ipc_msg, handle), EINVAL,
    fill_call, RSV1(kos_ipc_msg, __reserved));
ROW(ipc_recv, KOS_IPC_RECV, kos_ipc_msg, 0, OFF(kos_ipc_msg, handle), EINVAL,
    fill_recv, RSV1(kos_ipc_msg, __reserved));
ROW(ipc_reply, KOS_IPC_REPLY, kos_ipc_msg, 0, OFF(kos_ipc_msg, handle), EINVAL,
    fill_reply, RSV1(kos_ipc_msg, __reserved));
ROW(ipc_reply_recv, KOS_IPC_REPLY_RECV, kos_ipc_msg, 0,
    OFF(kos_ipc_msg, handle), EINVAL, fill_recv, RSV1(kos_ipc_msg, __reserved));
ROW(ipc_publish, KOS_IPC_PUBLISH, kos_ipc_name, 0, OFF(kos_ipc_name, handle),
    EINVAL, fill_name, RSV1(kos_ipc_name, __reserved));
ROW(ipc_unpublish, KOS_IPC_UNPUBLISH, kos_ipc_name, 0,
    OFF(kos_ipc_name, handle), EINVAL, fill_name, RSV1(kos_ipc_name, __reserved));
ROW(ipc_connect, KOS_IPC_CONNECT, kos_ipc_name, 0, -1, 0, fill_connect,
    RSV2(kos_ipc_name, __reserved, handle));
ROW(ns_open, KOS_NS_OPEN, kos_ns_open, KOS_NS_SERVE, -1, 0, fill_ns_open,
    RSV2(kos_ns_open, __reserved, id));
ROW(ns_publish, KOS_NS_PUBLISH, kos_ns_entry, 0, -1, 0, fill_ns_entry,
    RSV1(kos_ns_entry, index));
ROW(ns_unpublish, KOS_NS_UNPUBLISH, kos_ns_entry, 0, -1, 0, fill_ns_entry,
    RSV1(kos_ns_entry, index));
ROW(ns_enum, KOS_NS_ENUM, kos_ns_entry, 0, -1, 0, fill_ns_entry, NORSV);
ROW(policy_load, KOS_POLICY_LOAD, kos_policy_load, KOS_POLICY_LOAD_CLEAR, -1,
    0, fill_policy_clear, RSV1(kos_policy_load, __reserved));
ROW(policy_show, KOS_POLICY_SHOW, kos_policy_show, 0, -1, 0, fill_policy_show,
    NORSV);
ROW(policy_eval, KOS_POLICY_EVALUATE, kos_policy_eval,
    KOS_EVAL_AUDIT | KOS_EVAL_CONTEXTS, -1, 0, fill_eval,
    RSV1(kos_policy_eval, __reserved),
    .min = offsetof(struct kos_policy_eval, dst_fd));
ROW(policy_set_class, KOS_POLICY_SET_CLASS, kos_policy_class, 0, -1, 0,
    fill_class, NORSV);
ROW(policy_get_class, KOS_POLICY_GET_CLASS, kos_policy_class, 0, -1, 0,
    fill_none, NORSV);
ROW(dma_create, KOS_DMA_CREATE, kos_dma_create, 0, -1, 0, fill_dma_create,
    RSV2(kos_dma_create, __reserved, handle));
ROW(dma_begin, KOS_DMA_BEGIN, kos_io_handle, 0, OFF(kos_io_handle, handle),
    EINVAL, fill_io_dma, RSV1(kos_io_handle, out_handle));
ROW(io_close, KOS_IO_CLOSE, kos_io_handle, 0, OFF(kos_io_handle, handle),
    EINVAL, fill_io_dma, RSV1(kos_io_handle, out_handle));
ROW(dma_info, KOS_DMA_INFO, kos_dma_info, KOS_DMA_INFO_PHYS,
    OFF(kos_dma_info, handle), EINVAL, fill_dma_info,
    RSV1(kos_dma_info, __reserved));
ROW(io_map, KOS_IO_MAP, kos_io_map, KOS_IO_MAP_WHOLE, OFF(kos_io_map, handle),
    EINVAL, fill_io_map, RSV3(kos_io_map, __reserved, map_handle, mmap_offset));
ROW(iomem_register, KOS_IOMEM_REGISTER, kos_iomem_register, 0, -1, 0,
    fill_iomem, RSV2(kos_iomem_register, __reserved, handle));
ROW(irq_register, KOS_IRQ_REGISTER, kos_irq_register, 0, -1, 0, fill_none,
    RSV1(kos_irq_register, handle));
ROW(irq_attach, KOS_IRQ_ATTACH, kos_irq_op, KOS_IRQ_FLAGS_MASK,
    OFF(kos_irq_op, handle), EINVAL, fill_irq_op, RSV1(kos_irq_op, out_handle));
ROW(irq_detach, KOS_IRQ_DETACH, kos_irq_op, 0, OFF(kos_irq_op, handle), EINVAL,
    fill_irq_op, RSV1(kos_irq_op, out_handle));
ROW(irq_enable, KOS_IRQ_ENABLE, kos_irq_op, 0, OFF(kos_irq_op, handle), EINVAL,
    fill_irq_op, RSV1(kos_irq_op, out_handle));
ROW(irq_disable, KOS_IRQ_DISABLE, kos_irq_op, 0, OFF(kos_irq_op, handle),
    EINVAL, fill_irq_op, RSV1(kos_irq_op, out_handle));
ROW(ioport_register, KOS_IOPORT_REGISTER, kos_ioport_register, 0, -1, 0,
    fill_ioport, RSV2(kos_ioport_register, __reserved, handle));
ROW(ioport_permit, KOS_IOPORT_PERMIT, kos_ioport_permit, 0,
    OFF(kos_ioport_permit, handle), EINVAL, fill_permit,
    RSV1(kos_ioport_permit, out_handle));
ROW(iommu_attach, KOS_IOMMU_ATTACH, kos_iommu_device, 0, -1, 0, fill_iommu,
    RSV1(kos_iommu_device, __reserved));
ROW(iommu_detach, KOS_IOMMU_DETACH, kos_iommu_device, 0, -1, 0, fill_iommu,
    RSV1(kos_iommu_device, __reserved));

/* Every row's command number, for commands_all_have_rows. */
static const unsigned long rows[] = {
	KOS_VERSION, KOS_HANDLE_CREATE, KOS_HANDLE_CLOSE, KOS_HANDLE_REVOKE,
	KOS_HANDLE_TRANSFER, KOS_HANDLE_CREATE_BADGE, KOS_NOTICE_CREATE,
	KOS_NOTICE_SUBSCRIBE, KOS_NOTICE_SET_EVENT, KOS_NOTICE_GET_EVENT,
	KOS_IPC_CHANNEL_CREATE, KOS_IPC_CALL, KOS_IPC_RECV, KOS_IPC_REPLY,
	KOS_IPC_REPLY_RECV, KOS_IPC_PUBLISH, KOS_IPC_UNPUBLISH, KOS_IPC_CONNECT,
	KOS_NS_OPEN, KOS_NS_PUBLISH, KOS_NS_UNPUBLISH, KOS_NS_ENUM,
	KOS_POLICY_LOAD, KOS_POLICY_SHOW, KOS_POLICY_EVALUATE,
	KOS_POLICY_SET_CLASS, KOS_POLICY_GET_CLASS, KOS_DMA_CREATE,
	KOS_DMA_BEGIN, KOS_IO_CLOSE, KOS_DMA_INFO, KOS_IO_MAP,
	KOS_IOMEM_REGISTER, KOS_IRQ_REGISTER, KOS_IRQ_ATTACH, KOS_IRQ_DETACH,
	KOS_IRQ_ENABLE, KOS_IRQ_DISABLE, KOS_IOPORT_REGISTER, KOS_IOPORT_PERMIT,
	KOS_IOMMU_ATTACH, KOS_IOMMU_DETACH,
};

FIXTURE_SETUP(abi)
{
	struct objs *o = &self->o;
	struct kos_dma_create d = { .size = sizeof(d), .attr = KOS_DMA_DIR_BIDIR,
				    .length = PG };
	struct kos_io_map m = { .size = sizeof(m), .prot = KOS_IO_PROT_READ,
				.length = PG };
	struct kos_ipc_channel ch = { .size = sizeof(ch) };

	o->fd = kos_open();
	ASSERT_LE(0, o->fd);
	ASSERT_EQ(0, h_create(o->fd, R_ALL, &o->user));
	ASSERT_EQ(0, n_create(o->fd, &o->notice));
	ASSERT_EQ(0, kio(o->fd, KOS_IPC_CHANNEL_CREATE, &ch));
	o->client = ch.client;
	o->server = ch.server;
	ASSERT_EQ(0, kio(o->fd, KOS_DMA_CREATE, &d));
	o->dma = d.handle;
	m.handle = o->dma;
	ASSERT_EQ(0, kio(o->fd, KOS_IO_MAP, &m));
	o->map = m.map_handle;
	self->arg = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->arg);
}

FIXTURE_TEARDOWN(abi)
{
	close(self->o.fd);
	munmap(self->arg, 2 * PG);
}

/* A valid argument of @v at @arg, with @size in its size field. */
static void make(FIXTURE_DATA(abi) *self, const FIXTURE_VARIANT(abi) *v,
		 unsigned int size)
{
	memset(self->arg, 0, 2 * PG);
	memset(&self->msg, 0, sizeof(self->msg));
	v->fill(self->arg, &self->o, &self->msg);
	*(unsigned int *)self->arg = size;
}

static int run(FIXTURE_DATA(abi) *self, const FIXTURE_VARIANT(abi) *v)
{
	return kio(self->o.fd, v->nr, self->arg);
}

/* The valid argument is not refused for its shape. */
TEST_F(abi, baseline_not_einval)
{
	int ret;

	make(self, variant, variant->size);
	ret = run(self, variant);
	EXPECT_NE(-EINVAL, ret);
	EXPECT_NE(-E2BIG, ret);
	EXPECT_NE(-EFAULT, ret);
}

TEST_F(abi, size_too_short)
{
	unsigned int size;

	for (size = 0; size < (variant->min ?: variant->size); size += size < 8 ? 1 : 4) {
		make(self, variant, size);
		EXPECT_EQ(-EINVAL, run(self, variant)) TH_LOG("size %u", size);
	}
}

TEST_F(abi, size_larger_nonzero_tail)
{
	make(self, variant, variant->size + 8);
	self->arg[variant->size + 3] = 1;
	EXPECT_EQ(-E2BIG, run(self, variant));
}

TEST_F(abi, size_above_a_page)
{
	make(self, variant, PG + 1);
	EXPECT_EQ(-E2BIG, run(self, variant));
	make(self, variant, 0xffffffffU);
	EXPECT_EQ(-E2BIG, run(self, variant));
}

TEST_F(abi, unknown_flag_bits)
{
	unsigned int bit;

	for (bit = 0; bit < 32; bit++) {
		if (variant->flags & (1U << bit))
			continue;
		make(self, variant, variant->size);
		((unsigned int *)self->arg)[1] = 1U << bit;
		EXPECT_EQ(-EINVAL, run(self, variant)) TH_LOG("flag bit %u", bit);
	}
}

TEST_F(abi, reserved_fields_nonzero)
{
	int i;

	for (i = 0; i < MAX_RSV && variant->rsv[i] >= 0; i++) {
		make(self, variant, variant->size);
		memset(self->arg + variant->rsv[i], 0xff, variant->rsv_len[i]);
		EXPECT_EQ(-EINVAL, run(self, variant)) TH_LOG("field at %d", variant->rsv[i]);
	}
}

TEST_F(abi, bad_pointers)
{
	void *gone = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, gone);
	ASSERT_EQ(0, munmap(gone, PG));
	EXPECT_EQ(-EFAULT, kio(self->o.fd, variant->nr, NULL));
	EXPECT_EQ(-EFAULT, kio(self->o.fd, variant->nr, gone));
	/* a struct running off the end of the mapping */
	make(self, variant, variant->size);
	ASSERT_EQ(0, munmap(self->arg + PG, PG));
	memmove(self->arg + PG - 8, self->arg, 8);
	EXPECT_EQ(-EFAULT, kio(self->o.fd, variant->nr, self->arg + PG - 8));
}

TEST_F(abi, wrong_handle_type)
{
	if (variant->handle < 0)
		SKIP(return, "no handle argument");
	make(self, variant, variant->size);
	/* a user object where a notice, an endpoint or an I/O object is due */
	memcpy(self->arg + variant->handle, &self->o.user, sizeof(int));
	EXPECT_EQ(-variant->wrong_type, run(self, variant));
}

/* Every command number the module answers has a row above. */
TEST(commands_all_have_rows)
{
	unsigned int nr, i, found;
	struct kos_version v = { .size = 0 };
	int fd = kos_open();

	ASSERT_LE(0, fd);
	for (nr = KOS_CMD_BASE; nr < 0x100; nr++) {
		if (kio(fd, _IO(KOS_TYPE, nr), &v) == -ENOTTY)
			continue;
		for (found = i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
			found |= _IOC_NR(rows[i]) == nr;
		EXPECT_TRUE(found) TH_LOG("command %#x has no row", nr);
	}
	close(fd);
}

TEST_HARNESS_MAIN
