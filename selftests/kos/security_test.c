// SPDX-License-Identifier: GPL-2.0
/*
 * Regressions for the findings of the security review (issue 14): each test
 * drives /dev/kos the way the attack did, with raw ioctls, and fails (or
 * crashes the VM, which the harness counts as a failure) on a module that
 * has the bug.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include <linux/kos.h>


#include "kselftest_harness.h"
#include "kos_util.h"
#include "handle_util.h"
#include "pci_util.h"
#include "proc_util.h"

#define PG 4096UL
#define QUOTA_PARAM "/sys/module/kos/parameters/dma_max_kb"
#define EDU_VENDOR 0x1234
#define EDU_DEVICE 0x11e8

static int dma_create(int fd, __u32 order, __u64 length, int *h)
{
	struct kos_dma_create c = {
		.size = sizeof(c), .attr = KOS_DMA_DIR_BIDIR,
		.order = order, .length = length,
	};
	int ret = kio(fd, KOS_DMA_CREATE, &c);

	*h = c.handle;
	return ret;
}

static int io_map(int fd, int h, __u64 offset, __u64 length, int *map,
		  __u64 *mmap_offset)
{
	struct kos_io_map m = {
		.size = sizeof(m), .handle = h,
		.prot = KOS_IO_PROT_READ | KOS_IO_PROT_WRITE,
		.offset = offset, .length = length,
	};
	int ret = kio(fd, KOS_IO_MAP, &m);

	*map = m.map_handle;
	*mmap_offset = m.mmap_offset;
	return ret;
}

static int io_close(int fd, int h)
{
	struct kos_io_handle c = { .size = sizeof(c), .handle = h };

	return kio(fd, KOS_IO_CLOSE, &c);
}

static int channel(int fd, int *client, int *server)
{
	struct kos_ipc_channel c = { .size = sizeof(c) };
	int ret = kio(fd, KOS_IPC_CHANNEL_CREATE, &c);

	*client = c.client;
	*server = c.server;
	return ret;
}

/* A message: header and a small payload. */
struct msg {
	struct kos_msg_hdr hdr;
	__u64 data[4];
};

static void msg_init(struct msg *m, __u32 method)
{
	memset(m, 0, sizeof(*m));
	m->hdr.size = sizeof(*m);
	m->hdr.method = method;
}

static int ipc(int fd, unsigned long cmd, int h, void *send, void *recv,
	       __u64 timeout_ms)
{
	struct kos_ipc_msg c = {
		.size = sizeof(c), .handle = h,
		.send = (uintptr_t)send, .recv = (uintptr_t)recv,
		.timeout_ms = timeout_ms,
	};

	return kio(fd, cmd, &c);
}

/* For the tests that need more than the harness's default 30 seconds. */
FIXTURE(slow) {
	int unused;
};

FIXTURE_SETUP(slow)
{
}

FIXTURE_TEARDOWN(slow)
{
}

/* The request that overflowed blocks[]: refused before any arithmetic. */
TEST(dma_length_overflow_refused)
{
	int fd = kos_open(), a, b, map;
	__u64 off;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, dma_create(fd, 0, 2 * PG, &a));
	EXPECT_EQ(-EINVAL, dma_create(fd, 1, 0xFFFFFFFFFFFFF000ULL, &b));
	EXPECT_EQ(-EINVAL, dma_create(fd, 0, 0xFFFFFFFFFFFFF000ULL, &b));
	EXPECT_EQ(-EINVAL, dma_create(fd, KOS_DMA_ORDER_MAX,
				      0xFFFFFFFFFFFFF000ULL, &b));
	/* one block past the largest buffer, at order 0 */
	EXPECT_EQ(-EINVAL, dma_create(fd, 0, (KOS_DMA_FRAMES_MAX + 1) * PG, &b));
	/* the largest buffer of order 0 is fine */
	ASSERT_EQ(0, dma_create(fd, 0, KOS_DMA_FRAMES_MAX * PG, &b));
	EXPECT_EQ(0, io_close(fd, b));
	/* a mapping never reaches past the buffer */
	EXPECT_EQ(-EINVAL, io_map(fd, a, 0x8000, PG, &map, &off));
	EXPECT_EQ(-EINVAL, io_map(fd, a, PG, 2 * PG, &map, &off));
	EXPECT_EQ(-EINVAL, io_map(fd, a, 0xFFFFFFFFFFFFF000ULL, 2 * PG, &map, &off));
	EXPECT_EQ(0, io_close(fd, a));
	close(fd);
}

/* Blocks of order 10 for 4 KiB: the quota counts the 4 MiB each takes. */
TEST(dma_quota_counts_memory_taken)
{
	char old[32] = "";
	int fd = kos_open(), h[3], i, n = 0;
	FILE *f = fopen(QUOTA_PARAM, "r");

	ASSERT_LE(0, fd);
	if (!f || !fgets(old, sizeof(old), f))
		SKIP(return, "no %s", QUOTA_PARAM);
	fclose(f);
	ASSERT_EQ(0, kos_write_file(QUOTA_PARAM, "8192"));
	/* a size above the quota is refused and leaves the count alone */
	for (i = 0; i < 4; i++)
		EXPECT_EQ(-EDQUOT, dma_create(fd, KOS_DMA_ORDER_MAX,
					      (KOS_DMA_FRAMES_MAX / 2) * (PG << KOS_DMA_ORDER_MAX),
					      &h[0]));
	for (i = 0; i < 3; i++)
		if (!dma_create(fd, KOS_DMA_ORDER_MAX, PG, &h[n]))
			n++;
	EXPECT_EQ(2, n);
	EXPECT_EQ(-EDQUOT, dma_create(fd, KOS_DMA_ORDER_MAX, PG, &h[2]));
	while (n--)
		io_close(fd, h[n]);
	kos_write_file(QUOTA_PARAM, old);
	close(fd);
}

/*
 * A kernel object's handle sent to its own context comes back dereferenced;
 * its badge is 0, never the kernel address of the object.
 */
struct self_call {
	int fd, server;
	struct msg req;
	int rc;
};

static void *recv_reply(void *arg)
{
	struct self_call *s = arg;
	struct msg reply;

	msg_init(&s->req, 0);
	s->rc = ipc(s->fd, KOS_IPC_RECV, s->server, NULL, &s->req, 5000);
	if (!s->rc) {
		msg_init(&reply, 1);
		s->rc = ipc(s->fd, KOS_IPC_REPLY, s->server, &reply, NULL,
			    KOS_IPC_FOREVER);
	}
	return NULL;
}

TEST(no_kernel_address_in_badge)
{
	int fd = kos_open(), client, server, dma, map;
	struct self_call s;
	struct msg m, in;
	pthread_t t;
	__u64 off;
	int i;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, channel(fd, &client, &server));
	ASSERT_EQ(0, dma_create(fd, 0, PG, &dma));
	ASSERT_EQ(0, io_map(fd, dma, 0, PG, &map, &off));
	for (i = 0; i < 2; i++) {
		s = (struct self_call){ .fd = fd, .server = server };
		ASSERT_EQ(0, pthread_create(&t, NULL, recv_reply, &s));
		msg_init(&m, 7);
		m.hdr.nhandles = 1;
		m.hdr.handles[0].handle = i ? map : dma;
		msg_init(&in, 0);
		EXPECT_EQ(0, ipc(fd, KOS_IPC_CALL, client, &m, &in, 5000));
		pthread_join(t, NULL);
		ASSERT_EQ(0, s.rc);
		ASSERT_EQ(1, s.req.hdr.nhandles);
		EXPECT_EQ(KOS_IPC_HANDLE_DEREFERENCED, s.req.hdr.handles[0].flags);
		EXPECT_EQ(0, s.req.hdr.handles[0].badge)
			TH_LOG("badge %#llx", (unsigned long long)s.req.hdr.handles[0].badge);
	}
	io_close(fd, map);
	io_close(fd, dma);
	close(fd);
}

/*
 * Calls timing out while the server endpoint is destroyed: the teardown
 * and the clients both end queued requests; only one may free each.
 */
struct racer {
	int fd, client;
	volatile int *stop;
};

static void *timeout_caller(void *arg)
{
	struct racer *r = arg;
	struct msg m, in;

	while (!*r->stop) {
		msg_init(&m, 1);
		msg_init(&in, 0);
		if (ipc(r->fd, KOS_IPC_CALL, r->client, &m, &in, 1) == -ENOTCONN)
			break;
	}
	return NULL;
}

TEST_F_TIMEOUT(slow, call_timeout_races_server_close, 300)
{
	enum { THREADS = 16, ROUNDS = 150 };
	int fd = kos_open(), round, i, client, server;
	struct racer r[THREADS];
	pthread_t t[THREADS];
	volatile int stop;

	ASSERT_LE(0, fd);
	srand(getpid());
	for (round = 0; round < ROUNDS; round++) {
		ASSERT_EQ(0, channel(fd, &client, &server));
		stop = 0;
		for (i = 0; i < THREADS; i++) {
			r[i] = (struct racer){ fd, client, &stop };
			ASSERT_EQ(0, pthread_create(&t[i], NULL, timeout_caller, &r[i]));
		}
		usleep(rand() % 3000);
		EXPECT_EQ(0, h_close(fd, server));
		stop = 1;
		for (i = 0; i < THREADS; i++)
			pthread_join(t[i], NULL);
		EXPECT_EQ(0, h_close(fd, client));
	}
	close(fd);
	EXPECT_EQ(0, kos_live_objects("ipc_requests"));
}

/*
 * Map 8 pages, unmap the last 4 and put something else there, close the
 * mapping handle: what the process put in the hole stays.
 */
TEST(io_close_leaves_reused_hole)
{
	int fd = kos_open(), dma, map;
	char *p, *q;
	__u64 off;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, dma_create(fd, 0, 8 * PG, &dma));
	ASSERT_EQ(0, io_map(fd, dma, 0, 8 * PG, &map, &off));
	p = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);
	ASSERT_NE(MAP_FAILED, p);
	ASSERT_EQ(0, munmap(p + 4 * PG, 4 * PG));
	q = mmap(p + 4 * PG, 4 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ASSERT_EQ(p + 4 * PG, q);
	memset(q, 0x5a, 4 * PG);
	EXPECT_EQ(0, io_close(fd, map));
	/* still mapped, still ours */
	EXPECT_EQ(0, msync(q, 4 * PG, MS_ASYNC));
	EXPECT_EQ(0x5a, q[4 * PG - 1]);
	munmap(p, 8 * PG);
	/* a whole mapping is still unmapped by the close */
	ASSERT_EQ(0, io_map(fd, dma, 0, 2 * PG, &map, &off));
	p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(0, io_close(fd, map));
	EXPECT_EQ(-1, msync(p, 2 * PG, MS_ASYNC));
	io_close(fd, dma);
	close(fd);
}

/* One argument struct can claim at most a page. */
TEST(ioctl_size_capped_at_a_page)
{
	int fd = kos_open();
	char *buf = calloc(1, 2 * PG);
	struct kos_version *v = (void *)buf;

	ASSERT_LE(0, fd);
	ASSERT_NE(NULL, buf);
	v->size = PG;
	EXPECT_EQ(0, kio(fd, KOS_VERSION, v));
	v->size = PG + 1;
	EXPECT_EQ(-E2BIG, kio(fd, KOS_VERSION, v));
	v->size = 0xffffffffU;
	EXPECT_EQ(-E2BIG, kio(fd, KOS_VERSION, v));
	free(buf);
	close(fd);
}

/* A thread holding two requests: Reply answers the one received last. */
struct caller {
	int fd, client;
	__u32 method;
	int rc;
	volatile int done;
};

static void *call_once(void *arg)
{
	struct caller *c = arg;
	struct msg m, in;

	msg_init(&m, c->method);
	msg_init(&in, 0);
	c->rc = ipc(c->fd, KOS_IPC_CALL, c->client, &m, &in, 10000);
	c->done = 1;
	return NULL;
}

TEST(reply_answers_last_received)
{
	int fd = kos_open(), client, server, i;
	struct caller c[2];
	struct msg req, reply;
	pthread_t t[2];

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, channel(fd, &client, &server));
	for (i = 0; i < 2; i++) {
		c[i] = (struct caller){ .fd = fd, .client = client, .method = 10 + i };
		ASSERT_EQ(0, pthread_create(&t[i], NULL, call_once, &c[i]));
		msg_init(&req, 0);
		ASSERT_EQ(0, ipc(fd, KOS_IPC_RECV, server, NULL, &req, 5000));
		EXPECT_EQ(10 + i, req.hdr.method);
	}
	msg_init(&reply, 99);
	ASSERT_EQ(0, ipc(fd, KOS_IPC_REPLY, server, &reply, NULL, KOS_IPC_FOREVER));
	pthread_join(t[1], NULL);
	EXPECT_EQ(0, c[1].rc);
	EXPECT_EQ(0, c[0].done);
	ASSERT_EQ(0, ipc(fd, KOS_IPC_REPLY, server, &reply, NULL, KOS_IPC_FOREVER));
	pthread_join(t[0], NULL);
	EXPECT_EQ(0, c[0].rc);
	h_close(fd, server);
	h_close(fd, client);
	close(fd);
}

/*
 * A reply the client cannot take (its buffer faults past the header) is an
 * error for the client, and the handles it carried are not left installed.
 */
struct replier {
	int fd, server, handle;
	int rc;
};

static void *reply_with_handle(void *arg)
{
	struct replier *r = arg;
	struct msg req, reply;

	msg_init(&req, 0);
	r->rc = ipc(r->fd, KOS_IPC_RECV, r->server, NULL, &req, 5000);
	if (r->rc)
		return NULL;
	msg_init(&reply, 1);
	reply.hdr.nhandles = 1;
	reply.hdr.handles[0].handle = r->handle;
	reply.hdr.handles[0].badge = -1;
	r->rc = ipc(r->fd, KOS_IPC_REPLY, r->server, &reply, NULL, KOS_IPC_FOREVER);
	return NULL;
}

TEST(failed_reply_copy_leaves_no_handle)
{
	int fd = kos_open(), sfd = kos_open(), client, server, obj, srv_client;
	struct replier r;
	struct msg m;
	long before;
	pthread_t t;
	char *buf;

	ASSERT_LE(0, fd);
	ASSERT_LE(0, sfd);
	/* the server lives in its own context, the handle is its object */
	ASSERT_EQ(0, channel(sfd, &srv_client, &server));
	ASSERT_EQ(0, h_create(sfd, R_ALL, &obj));
	ASSERT_EQ(0, h_xfer(sfd, srv_client, fd, R_ALL, -1, &client));
	/* reply buffer: the header readable, the payload on a PROT_NONE page */
	buf = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, buf);
	ASSERT_EQ(0, mprotect(buf + PG, PG, PROT_NONE));
	struct kos_msg_hdr *in = (void *)(buf + PG - sizeof(*in));

	in->size = sizeof(struct msg);
	before = kos_live_objects("handles");
	r = (struct replier){ .fd = sfd, .server = server, .handle = obj };
	ASSERT_EQ(0, pthread_create(&t, NULL, reply_with_handle, &r));
	msg_init(&m, 1);
	EXPECT_EQ(-EFAULT, ipc(fd, KOS_IPC_CALL, client, &m, in, 5000));
	pthread_join(t, NULL);
	EXPECT_EQ(0, r.rc);
	EXPECT_EQ(before, kos_live_objects("handles"));
	munmap(buf, 2 * PG);
	close(fd);
	close(sfd);
}

/*
 * A server whose receive buffer faults for ever (userfaultfd, never
 * served): a client's Call still times out, it does not wait for the
 * server's page fault.
 */
struct stuck_server {
	int fd, server;
	struct kos_msg_hdr *buf;
	int rc;
};

static void *recv_into(void *arg)
{
	struct stuck_server *s = arg;

	s->rc = ipc(s->fd, KOS_IPC_RECV, s->server, NULL, s->buf, KOS_IPC_FOREVER);
	return NULL;
}

static void *call_timeout(void *arg)
{
	struct caller *c = arg;
	struct msg m, in;

	msg_init(&m, 1);
	msg_init(&in, 0);
	c->rc = ipc(c->fd, KOS_IPC_CALL, c->client, &m, &in, 200);
	c->done = 1;
	return NULL;
}

TEST_F_TIMEOUT(slow, client_not_held_by_server_fault, 60)
{
	int fd = kos_open(), client, server, uffd, i;
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = {};
	struct stuck_server s;
	struct caller c;
	pthread_t ts, tc;
	char *buf;

	ASSERT_LE(0, fd);
	uffd = syscall(SYS_userfaultfd, O_CLOEXEC);
	if (uffd < 0)
		SKIP(return, "userfaultfd: %s", strerror(errno));
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_API, &api));
	buf = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, buf);
	reg.range.start = (uintptr_t)buf + PG;
	reg.range.len = PG;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_REGISTER, &reg));
	ASSERT_EQ(0, channel(fd, &client, &server));

	/* the header on the first page, the payload on the faulting one */
	s = (struct stuck_server){ .fd = fd, .server = server,
				   .buf = (void *)(buf + PG - sizeof(struct kos_msg_hdr)) };
	s.buf->size = sizeof(struct msg);
	ASSERT_EQ(0, pthread_create(&ts, NULL, recv_into, &s));
	c = (struct caller){ .fd = fd, .client = client };
	ASSERT_EQ(0, pthread_create(&tc, NULL, call_timeout, &c));
	for (i = 0; i < 100 && !c.done; i++)
		usleep(50000);
	EXPECT_EQ(1, c.done) TH_LOG("the client waits for the server's page fault");
	/* let the server go: without its uffd the page faults in normally */
	close(uffd);
	pthread_join(tc, NULL);
	pthread_join(ts, NULL);
	EXPECT_EQ(-ETIMEDOUT, c.rc);
	h_close(fd, server);
	h_close(fd, client);
	munmap(buf, 2 * PG);
	close(fd);
	EXPECT_EQ(0, kos_live_objects("ipc_requests"));
}

/*
 * Two registrations of one device's interrupt attached at the same time,
 * from two processes: one owner, the other EBUSY (never both in the PCI
 * core, which WARNs and panics with panic_on_warn).
 */
static unsigned int sysfs_irq(const char *dev)
{
	char path[512];
	unsigned int v = 0;
	FILE *f;

	snprintf(path, sizeof(path), PCI_SYSFS "/%s/irq", dev);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%u", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

/*
 * Child: register @dev's memory and interrupt, attach when @go_fd gives a
 * byte, report the result on @res_fd (0: attached; else the errno, the
 * failed step above it) and keep the attachment until @rel_fd closes.
 */
static void attach_edu(const char *dev, unsigned int irq, int ready_fd,
		       int go_fd, int res_fd, int rel_fd, __u32 flags)
{
	struct kos_iomem_register mem = { .size = sizeof(mem) };
	struct kos_irq_register reg = { .size = sizeof(reg), .irq = irq };
	struct kos_irq_op at = { .size = sizeof(at), .flags = flags };
	unsigned long long len = 0;
	int fd = kos_open(), step = 1, ret = fd < 0 ? -errno : 0;
	char c;

	mem.addr = pci_bar(dev, PCI_RES_MEM, &len);
	mem.length = len;
	if (!ret) {
		step = 2;
		ret = kio(fd, KOS_IOMEM_REGISTER, &mem);
	}
	if (!ret) {
		step = 3;
		ret = kio(fd, KOS_IRQ_REGISTER, &reg);
	}
	/* registered (or failed): the test lets both go at once */
	if (write(ready_fd, "r", 1) != 1)
		_exit(3);
	if (!ret && read(go_fd, &c, 1) == 1) {
		step = 0;
		at.handle = reg.handle;
		ret = kio(fd, KOS_IRQ_ATTACH, &at);
	}
	/* the errno (< 64), and above it the step that failed (0: attach) */
	c = -ret | step << 6;
	if (write(res_fd, &c, 1) != 1)
		_exit(3);
	while (read(rel_fd, &c, 1) > 0)
		;
	close(fd);
	_exit(0);
}

TEST_F_TIMEOUT(slow, irq_one_owner_per_device, 120)
{
	struct kos_iomem_register mem = { .size = sizeof(mem) };
	int round, i, ready[2], go[2], res[2], rel[2], owners, busy, status;
	unsigned long long len = 0;
	unsigned int irq;
	char dev[64], c;
	int fd;
	pid_t pid[2];

	if (pci_find(EDU_VENDOR, EDU_DEVICE, 0, dev))
		SKIP(return, "no driverless edu device");
	/* the device enabled (its memory registered) has its line routed */
	fd = kos_open();
	ASSERT_LE(0, fd);
	mem.addr = pci_bar(dev, PCI_RES_MEM, &len);
	mem.length = len;
	ASSERT_EQ(0, kio(fd, KOS_IOMEM_REGISTER, &mem));
	irq = sysfs_irq(dev);
	if (!irq)
		SKIP(return, "the device has no interrupt line routed");
	/* attaching and detaching take seconds in the VM: few rounds */
	for (round = 0; round < 4; round++) {
		ASSERT_EQ(0, pipe(ready));
		ASSERT_EQ(0, pipe(go));
		ASSERT_EQ(0, pipe(res));
		ASSERT_EQ(0, pipe(rel));
		for (i = 0; i < 2; i++) {
			pid[i] = fork();
			ASSERT_LE(0, pid[i]);
			if (!pid[i]) {
				close(ready[0]);
				close(go[1]);
				close(res[0]);
				close(rel[1]);
				/* odd rounds: an INTx against an MSI attach */
				attach_edu(dev, irq, ready[1], go[0], res[1], rel[0],
					   (round & 1) && i ? KOS_IRQ_ATTACH_INTX : 0);
			}
		}
		close(go[0]);
		close(res[1]);
		close(rel[0]);
		/*
		 * Both registered before either attaches: the race is between
		 * the two attaches (a registration after an attach is
		 * irq_line_stays_with_msi_device).
		 */
		close(ready[1]);
		for (i = 0; i < 2; i++)
			ASSERT_EQ(1, read(ready[0], &c, 1));
		close(ready[0]);
		ASSERT_EQ(2, write(go[1], "gg", 2));
		owners = busy = 0;
		for (i = 0; i < 2; i++) {
			ASSERT_EQ(1, read(res[0], &c, 1));
			owners += c == 0;
			busy += c == EBUSY;
			if (c && c != EBUSY)
				TH_LOG("round %d: step %d failed: %s", round,
				       (unsigned char)c >> 6, strerror(c & 63));
		}
		close(go[1]);
		close(res[0]);
		close(rel[1]);
		for (i = 0; i < 2; i++) {
			ASSERT_EQ(pid[i], waitpid(pid[i], &status, 0));
			EXPECT_EQ(0, status);
		}
		EXPECT_EQ(1, owners);
		EXPECT_EQ(1, busy);
	}
	close(fd);
}

/*
 * While a device's interrupt is attached through MSI, the device's Linux
 * irq number is its MSI vector.  A registration of its INTx line, with or
 * without the device's memory registered, must still find that device
 * (taken: EBUSY), never fall through to another device on the same line.
 */
TEST_F_TIMEOUT(slow, irq_line_stays_with_msi_device, 60)
{
	struct kos_iomem_register mem = { .size = sizeof(mem) };
	struct kos_irq_register reg = { .size = sizeof(reg) };
	struct kos_irq_op at = { .size = sizeof(at) };
	unsigned long long len = 0;
	int fd, other, with_mem, ret;
	char dev[64];

	if (pci_find(EDU_VENDOR, EDU_DEVICE, 0, dev))
		SKIP(return, "no driverless edu device");
	mem.addr = pci_bar(dev, PCI_RES_MEM, &len);
	mem.length = len;
	fd = kos_open();
	ASSERT_LE(0, fd);
	/* registered, the device is enabled: its line is routed */
	ASSERT_EQ(0, kio(fd, KOS_IOMEM_REGISTER, &mem));
	reg.irq = sysfs_irq(dev);
	if (!reg.irq)
		SKIP(return, "the device has no interrupt line routed");
	ASSERT_EQ(0, kio(fd, KOS_IRQ_REGISTER, &reg));
	at.handle = reg.handle;
	ASSERT_EQ(0, kio(fd, KOS_IRQ_ATTACH, &at));
	for (with_mem = 0; with_mem < 2; with_mem++) {
		other = kos_open();
		ASSERT_LE(0, other);
		mem.handle = 0;
		if (with_mem)
			ASSERT_EQ(0, kio(other, KOS_IOMEM_REGISTER, &mem));
		reg.handle = 0;
		ret = kio(other, KOS_IRQ_REGISTER, &reg);
		if (!ret) {
			at.handle = reg.handle;
			at.out_handle = 0;
			ret = kio(other, KOS_IRQ_ATTACH, &at);
		}
		EXPECT_EQ(-EBUSY, ret) TH_LOG("with memory: %d", with_mem);
		close(other);
	}
	close(fd);
}

/* The device's driver_override as sysfs shows it, or "". */
static void read_override(const char *dev, char *buf, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), PCI_SYSFS "/%s/driver_override", dev);
	buf[0] = 0;
	f = fopen(path, "r");
	if (f) {
		if (!fgets(buf, len, f))
			buf[0] = 0;
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = 0;
}

/*
 * While user space has a device's memory registered no kernel driver may
 * bind to it (it would find its BARs mapped by a process): the device's
 * driver_override names no driver until the last registration goes.
 */
TEST(device_claimed_while_registered)
{
	struct kos_iomem_register mem = { .size = sizeof(mem) };
	unsigned long long len = 0;
	int a = kos_open(), b = kos_open();
	char dev[64], o[64];

	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	if (pci_find(EDU_VENDOR, EDU_DEVICE, 0, dev))
		SKIP(return, "no driverless edu device");
	read_override(dev, o, sizeof(o));
	ASSERT_STREQ("(null)", o);
	mem.addr = pci_bar(dev, PCI_RES_MEM, &len);
	mem.length = len;
	ASSERT_EQ(0, kio(a, KOS_IOMEM_REGISTER, &mem));
	mem.handle = 0;	/* an output: 0 on input */
	ASSERT_EQ(0, kio(b, KOS_IOMEM_REGISTER, &mem));
	read_override(dev, o, sizeof(o));
	EXPECT_STREQ("kos-linux", o);
	close(a);
	read_override(dev, o, sizeof(o));
	EXPECT_STREQ("kos-linux", o);
	close(b);
	read_override(dev, o, sizeof(o));
	EXPECT_STREQ("(null)", o);
}

/* A mapping of the memory keeps the claim after the registration is closed. */
TEST(device_claimed_while_mapped)
{
	struct kos_iomem_register mem = { .size = sizeof(mem) };
	unsigned long long len = 0;
	int fd = kos_open(), map;
	char dev[64], o[64];
	__u64 off;
	void *p;

	ASSERT_LE(0, fd);
	if (pci_find(EDU_VENDOR, EDU_DEVICE, 0, dev))
		SKIP(return, "no driverless edu device");
	mem.addr = pci_bar(dev, PCI_RES_MEM, &len);
	mem.length = len;
	ASSERT_EQ(0, kio(fd, KOS_IOMEM_REGISTER, &mem));
	ASSERT_EQ(0, io_map(fd, mem.handle, 0, PG, &map, &off));
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(0, io_close(fd, mem.handle));
	read_override(dev, o, sizeof(o));
	EXPECT_STREQ("kos-linux", o);
	/* the mapping handle and the VMA both go: the claim goes */
	EXPECT_EQ(0, h_close(fd, map));
	read_override(dev, o, sizeof(o));
	EXPECT_STREQ("kos-linux", o);
	munmap(p, PG);
	read_override(dev, o, sizeof(o));
	EXPECT_STREQ("(null)", o);
	close(fd);
}

/* Events whose copy to user space fails stay pending. */
TEST(notice_event_kept_when_copy_fails)
{
	int fd = kos_open(), n, obj;
	struct kos_event ev[2];

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, n_create(fd, &n));
	ASSERT_EQ(0, h_create(fd, R_ALL, &obj));
	ASSERT_EQ(0, n_sub(fd, n, obj, 1U << 16, 77));
	ASSERT_EQ(0, n_set(fd, obj, 1U << 16));
	EXPECT_EQ(-EFAULT, n_get(fd, n, 0, (struct kos_event *)8, 2));
	ASSERT_EQ(1, n_get(fd, n, 0, ev, 2));
	EXPECT_EQ(77, ev[0].event_id);
	EXPECT_EQ(1U << 16, ev[0].event_mask);
	EXPECT_EQ(-ETIMEDOUT, n_get(fd, n, 0, ev, 2));
	close(fd);
}

/* Service names and name servers, raw. */
static int name_publish(int fd, const char *name, int server)
{
	struct kos_ipc_name n = { .size = sizeof(n), .handle = server };

	snprintf(n.name, sizeof(n.name), "%s", name);
	return kio(fd, KOS_IPC_PUBLISH, &n);
}

static int name_connect(int fd, const char *name, int *client)
{
	struct kos_ipc_name n = { .size = sizeof(n) };
	int ret;

	snprintf(n.name, sizeof(n.name), "%s", name);
	ret = kio(fd, KOS_IPC_CONNECT, &n);
	*client = n.handle;
	return ret;
}

/* Run @fn(@arg) in a child as @uid; its exit status (0: passed). */
static int as_user(uid_t uid, int (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	int st;

	if (!pid)
		_exit(setgid(uid) || setuid(uid) ? 100 : fn(arg));
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* Write a module parameter, remembering its value in @old. */
static int set_param(const char *name, const char *value, char old[32])
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/kos/parameters/%s", name);
	f = fopen(path, "r");
	if (!f || !fgets(old, 32, f)) {
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	return kos_write_file(path, value);
}

static void restore_param(const char *name, const char old[32])
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/module/kos/parameters/%s", name);
	kos_write_file(path, old);
}

/* Handles in two contexts of one user: 64 together, then EDQUOT. */
static int fill_handles(void *arg)
{
	int a = kos_open(), b = kos_open(), n = 0, h, ret;

	(void)arg;
	if (a < 0 || b < 0)
		return 10;
	while ((ret = h_create(n & 1 ? b : a, R_ALL, &h)) == 0)
		if (++n > 1000)
			return 11;
	return ret == -EDQUOT && n == 64 ? 0 : 12;
}

TEST(per_user_handle_limit)
{
	char old[32];
	int fd = kos_open(), h;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, set_param("max_user_handles", "64", old));
	EXPECT_EQ(0, as_user(65534, fill_handles, NULL));
	/* another user is not affected by the first one's use */
	EXPECT_EQ(0, as_user(65533, fill_handles, NULL));
	EXPECT_EQ(0, h_create(fd, R_ALL, &h));
	restore_param("max_user_handles", old);
	close(fd);
}

/* Contexts: opening /dev/kos again does not multiply a user's share. */
static int fill_contexts(void *arg)
{
	int n = 0;

	(void)arg;
	while (kos_open() >= 0)
		if (++n > 100)
			return 11;
	return errno == EDQUOT && n == 4 ? 0 : 12;
}

TEST(per_user_context_limit)
{
	char old[32];
	int fd;

	ASSERT_EQ(0, set_param("max_user_contexts", "4", old));
	EXPECT_EQ(0, as_user(65534, fill_contexts, NULL));
	fd = kos_open();
	EXPECT_LE(0, fd);
	restore_param("max_user_contexts", old);
	close(fd);
}

/*
 * A name an ordinary user publishes is that user's: another user neither
 * connects to it nor is kept from publishing the same name.
 */
struct squat {
	char name[64];
	int ready[2], done[2];
};

static int publish_and_wait(void *arg)
{
	struct squat *q = arg;
	int fd = kos_open(), c, s;
	char ch;

	if (fd < 0 || channel(fd, &c, &s) || name_publish(fd, q->name, s))
		return 10;
	if (write(q->ready[1], "r", 1) != 1 || read(q->done[0], &ch, 1) < 0)
		return 11;
	return 0;
}

static int connect_refused(void *arg)
{
	struct squat *q = arg;
	int fd = kos_open(), c, s, h;

	if (fd < 0)
		return 10;
	if (name_connect(fd, q->name, &h) != -ETIMEDOUT)
		return 11;
	/* the name is free for this user */
	if (channel(fd, &c, &s) || name_publish(fd, q->name, s))
		return 12;
	return name_connect(fd, q->name, &h) ? 13 : 0;
}

TEST(user_names_are_private)
{
	struct squat q;
	pid_t pid;
	char ch;
	int st;

	snprintf(q.name, sizeof(q.name), "blkdev.ata.%d", (int)getpid());
	ASSERT_EQ(0, pipe(q.ready));
	ASSERT_EQ(0, pipe(q.done));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(as_user(65534, publish_and_wait, &q));
	ASSERT_EQ(1, read(q.ready[0], &ch, 1));
	EXPECT_EQ(0, as_user(65533, connect_refused, &q));
	ASSERT_EQ(1, write(q.done[1], "d", 1));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_EQ(0, st);
}

/* A system service (published by root) is seen by every user. */
static int connect_ok(void *arg)
{
	int fd = kos_open(), h;

	return fd < 0 ? 10 : name_connect(fd, arg, &h) ? 11 : 0;
}

TEST(system_names_are_shared)
{
	int fd = kos_open(), c, s;
	char name[64];

	ASSERT_LE(0, fd);
	snprintf(name, sizeof(name), "system.svc.%d", (int)getpid());
	ASSERT_EQ(0, channel(fd, &c, &s));
	ASSERT_EQ(0, name_publish(fd, name, s));
	EXPECT_EQ(0, as_user(65534, connect_ok, name));
	close(fd);
}

/* A new IPC namespace has its own names; an old context's are out of reach. */
TEST(names_scoped_by_ipc_namespace)
{
	int fd = kos_open(), c, s, h, st;
	char name[64];
	pid_t pid;

	ASSERT_LE(0, fd);
	snprintf(name, sizeof(name), "scoped.svc.%d", (int)getpid());
	ASSERT_EQ(0, channel(fd, &c, &s));
	ASSERT_EQ(0, name_publish(fd, name, s));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int in, ic, is;

		if (unshare(CLONE_NEWIPC))
			_exit(100);
		in = kos_open();
		if (in < 0 || name_connect(in, name, &h) != -ETIMEDOUT)
			_exit(1);
		/* the same name is free here */
		if (channel(in, &ic, &is) || name_publish(in, name, is))
			_exit(2);
		if (name_connect(in, name, &h))
			_exit(3);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	if (WEXITSTATUS(st) == 100)
		SKIP(return, "unshare(CLONE_NEWIPC): %s", strerror(errno));
	EXPECT_EQ(0, WEXITSTATUS(st));
	/* the first namespace still sees its own name */
	EXPECT_EQ(0, name_connect(fd, name, &h));
	close(fd);
}

/*
 * A name goes with the context that published it, even when the server
 * endpoint lives on in another one: its scope is the publisher's.
 */
TEST(name_goes_with_its_publisher)
{
	int a = kos_open(), b = kos_open(), c, s, sb, h;
	char name[64];

	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	snprintf(name, sizeof(name), "publisher.%d", (int)getpid());
	ASSERT_EQ(0, channel(a, &c, &s));
	ASSERT_EQ(0, h_xfer(a, s, b, R_ALL, -1, &sb));
	ASSERT_EQ(0, name_publish(b, name, sb));
	EXPECT_EQ(0, name_connect(a, name, &h));
	close(b);
	EXPECT_EQ(-ETIMEDOUT, name_connect(a, name, &h));
	close(a);
}

/* A name server created by one context takes entries from it alone. */
TEST(name_server_owner_publishes)
{
	struct kos_ns_open o = { .size = sizeof(o), .flags = KOS_NS_SERVE };
	struct kos_ns_entry e = { .size = sizeof(e) };
	int a = kos_open(), b = kos_open();

	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	snprintf(o.name, sizeof(o.name), "ns.owned.%d", (int)getpid());
	ASSERT_EQ(0, kio(a, KOS_NS_OPEN, &o));
	e.ns = o.id;
	strcpy(e.type, "kl.Type");
	strcpy(e.server, "server");
	strcpy(e.service, "svc");
	EXPECT_EQ(-EACCES, kio(b, KOS_NS_PUBLISH, &e));
	EXPECT_EQ(0, kio(a, KOS_NS_PUBLISH, &e));
	/* anyone publishes into the default one */
	e.ns = KOS_NS_DEFAULT;
	EXPECT_EQ(0, kio(b, KOS_NS_PUBLISH, &e));
	close(a);
	close(b);
}

/*
 * A server's services end with its process, even while a process it forked
 * still holds its /dev/kos descriptor: the client's Call fails at once, the
 * name is gone.
 */
TEST(context_ends_with_its_process)
{
	int ready[2], go[2], st, fd = kos_open(), client;
	struct msg out, in;
	struct timespec t0;
	pid_t pid, holder = 0;
	char name[64], c;

	ASSERT_LE(0, fd);
	snprintf(name, sizeof(name), "test.lifetime.%d", (int)getpid());
	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(go));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int sfd = kos_open(), cl, sv;

		if (sfd < 0 || channel(sfd, &cl, &sv) || name_publish(sfd, name, sv))
			_exit(1);
		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(2);
		holder = fork();
		if (!holder) {
			pause();	/* holds the descriptor, never serves */
			_exit(0);
		}
		if (write(ready[1], &holder, sizeof(holder)) != sizeof(holder))
			_exit(3);
		_exit(0);
	}
	ASSERT_EQ(1, read(ready[0], &c, 1));
	ASSERT_EQ(0, name_connect(fd, name, &client));
	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ(sizeof(holder), read(ready[0], &holder, sizeof(holder)));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_EQ(0, st);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	msg_init(&out, 1);
	msg_init(&in, 0);
	EXPECT_EQ(-ENOTCONN, ipc(fd, KOS_IPC_CALL, client, &out, &in, 5000));
	EXPECT_GT(2000, ms_since(&t0));
	EXPECT_EQ(-ETIMEDOUT, name_connect(fd, name, &client));
	kill(holder, SIGKILL);	/* not our child: init reaps it */
	close(fd);
}

TEST_HARNESS_MAIN
