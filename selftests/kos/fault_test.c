// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection, on a kernel that has it (the debug kernel): for each
 * scenario, fail its 1st, 2nd, ... N-th allocation or user copy made
 * inside kos.ko (failslab, fail_page_alloc and fail_usercopy, filtered to
 * the module's text with require-start/require-end, driven per thread by
 * /proc/thread-self/fail-nth) until the scenario runs with nothing left to
 * fail.  Every failure must give a documented error, leave no object
 * behind once the context is closed, and leave the module usable.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <linux/kos.h>

#include "kselftest_harness.h"
#include "kos_util.h"
#include "handle_util.h"

#define FI "/sys/kernel/debug"
#define MAX_NTH 400

static const char *const attrs[] = { "failslab", "fail_page_alloc", "fail_usercopy" };

static int write_attr(const char *attr, const char *file, const char *value)
{
	char path[256];

	snprintf(path, sizeof(path), FI "/%s/%s", attr, file);
	return kos_write_file(path, value);
}

/* Point every fault type at kos.ko's code, and at fail-nth only. */
static int setup_filters(void)
{
	unsigned long long base = 0, size = 0;
	char line[256], name[64], start[32], end[32];
	FILE *f = fopen("/proc/modules", "r");
	size_t i;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %llu %*s %*s %*s %llx", name, &size, &base) == 3 &&
		    !strcmp(name, "kos"))
			break;
		else
			base = 0;
	if (f)
		fclose(f);
	if (!base)
		return -1;
	snprintf(start, sizeof(start), "%#llx", base);
	snprintf(end, sizeof(end), "%#llx", base + size);
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		if (write_attr(attrs[i], "require-start", start) ||
		    write_attr(attrs[i], "require-end", end) ||
		    write_attr(attrs[i], "stacktrace-depth", "32") ||
		    write_attr(attrs[i], "verbose", "0"))
			return -1;
		/* GFP_KERNEL allocations count too */
		write_attr(attrs[i], "ignore-gfp-wait", "N");
	}
	return 0;
}

static int set_nth(int n)
{
	char v[16];

	snprintf(v, sizeof(v), "%d", n);
	return kos_write_file("/proc/thread-self/fail-nth", v);
}

/* What fail-nth still counts: non-zero when the N-th point never came. */
static int left_nth(void)
{
	FILE *f = fopen("/proc/thread-self/fail-nth", "r");
	int n = -1;

	if (f) {
		if (fscanf(f, "%d", &n) != 1)
			n = -1;
		fclose(f);
	}
	return n;
}

/* The sum of every live-object count, from debugfs. */
static long live_total(void)
{
	FILE *f = fopen(KOS_OBJECTS_PATH, "r");
	char name[64];
	long n, sum = 0;

	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld", name, &n) == 2)
		sum += n;
	fclose(f);
	return sum;
}

/* A scenario: prepares on @fd, runs its step (where faults go), 0 or -errno. */
struct scenario {
	int (*prepare)(int fd, void **state);
	int (*step)(int fd, void *state);
};

static int no_prepare(int fd, void **state)
{
	(void)fd;
	*state = NULL;
	return 0;
}

static int step_handle(int fd, void *state)
{
	int h, ret;

	(void)state;
	ret = h_create(fd, R_ALL, &h);
	return ret ? ret : h_close(fd, h);
}

static int step_transfer(int fd, void *state)
{
	int h, out, ret;

	(void)state;
	ret = h_create(fd, R_ALL, &h);
	return ret ? ret : h_xfer(fd, h, -1, R_XFER, -1, &out);
}

static int step_notice(int fd, void *state)
{
	struct kos_event ev[2];
	int n, h, b, ret;

	(void)state;
	ret = n_create(fd, &n);
	if (!ret)
		ret = h_create(fd, R_ALL, &h);
	if (!ret)
		ret = n_sub(fd, n, h, 1U << 16, 5);
	if (!ret)
		ret = n_set(fd, h, 1U << 16);
	if (!ret)
		ret = h_badge(fd, n, 6, &b);
	if (!ret) {
		/* exactly the one event: a failed get must not lose it */
		ret = n_get(fd, n, 0, ev, 2);
		if (ret == -ENOMEM)
			ret = n_get(fd, n, 0, ev, 2) == 1 ? -ENOMEM : -EIO;
		else if (ret >= 0)
			ret = ret == 1 ? 0 : -EIO;
	}
	return ret;
}

/* A channel and a server thread answering one Call with a handle. */
struct chan {
	int fd, client, server, obj;
	pthread_t t;
};

static void *answer(void *arg)
{
	struct chan *c = arg;
	struct { struct kos_msg_hdr h; char d[64]; } in = { .h.size = sizeof(in) },
		out = { .h.size = sizeof(out), .h.nhandles = 1 };
	struct kos_ipc_msg m = { .size = sizeof(m), .handle = c->server,
				 .recv = (uintptr_t)&in, .timeout_ms = 5000 };

	if (ioctl(c->fd, KOS_IPC_RECV, &m))
		return NULL;
	out.h.handles[0].handle = c->obj;
	out.h.handles[0].badge = ~0ULL;
	m.send = (uintptr_t)&out;
	m.recv = 0;
	m.timeout_ms = KOS_IPC_FOREVER;
	ioctl(c->fd, KOS_IPC_REPLY, &m);
	return NULL;
}

static int prepare_call(int fd, void **state)
{
	struct kos_ipc_channel ch = { .size = sizeof(ch) };
	struct chan *c = calloc(1, sizeof(*c));
	int ret;

	if (!c)
		return -ENOMEM;
	c->fd = fd;
	ret = kio(fd, KOS_IPC_CHANNEL_CREATE, &ch);
	if (!ret)
		ret = h_create(fd, R_ALL, &c->obj);
	c->client = ch.client;
	c->server = ch.server;
	if (!ret && pthread_create(&c->t, NULL, answer, c))
		ret = -EAGAIN;
	if (ret) {
		free(c);
		return ret;
	}
	*state = c;
	return 0;
}

static int step_call(int fd, void *state)
{
	struct chan *c = state;
	struct { struct kos_msg_hdr h; char d[64]; } out = { .h.size = sizeof(out) },
		in = { .h.size = sizeof(in) };
	struct kos_ipc_msg m = { .size = sizeof(m), .handle = c->client,
				 .send = (uintptr_t)&out, .recv = (uintptr_t)&in,
				 .timeout_ms = 5000 };

	return kio(fd, KOS_IPC_CALL, &m);
}

static int step_channel_name(int fd, void *state)
{
	struct kos_ipc_channel ch = { .size = sizeof(ch) };
	struct kos_ipc_name n = { .size = sizeof(n) };
	int ret;

	(void)state;
	ret = kio(fd, KOS_IPC_CHANNEL_CREATE, &ch);
	snprintf(n.name, sizeof(n.name), "fault.%d", (int)getpid());
	n.handle = ch.server;
	if (!ret)
		ret = kio(fd, KOS_IPC_PUBLISH, &n);
	n.handle = 0;
	if (!ret)
		ret = kio(fd, KOS_IPC_CONNECT, &n);
	return ret;
}

static int step_ns(int fd, void *state)
{
	struct kos_ns_open o = { .size = sizeof(o), .flags = KOS_NS_SERVE };
	struct kos_ns_entry e = { .size = sizeof(e) };
	int ret;

	(void)state;
	snprintf(o.name, sizeof(o.name), "fault.ns.%d", (int)getpid());
	ret = kio(fd, KOS_NS_OPEN, &o);
	e.ns = o.id;
	strcpy(e.type, "t");
	strcpy(e.server, "s");
	strcpy(e.service, "v");
	if (!ret)
		ret = kio(fd, KOS_NS_PUBLISH, &e);
	if (!ret)
		ret = kio(fd, KOS_NS_ENUM, &e);
	return ret;
}

static int step_dma(int fd, void *state)
{
	struct kos_dma_create d = { .size = sizeof(d), .attr = KOS_DMA_DIR_BIDIR,
				    .order = 1, .length = 4 * 4096 };
	struct kos_io_map m = { .size = sizeof(m), .prot = KOS_IO_PROT_READ | KOS_IO_PROT_WRITE,
				.flags = KOS_IO_MAP_WHOLE };
	struct kos_io_handle c = { .size = sizeof(c) };
	void *p;
	int ret;

	(void)state;
	ret = kio(fd, KOS_DMA_CREATE, &d);
	m.handle = d.handle;
	if (!ret)
		ret = kio(fd, KOS_IO_MAP, &m);
	if (ret)
		return ret;
	p = mmap(NULL, m.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, m.mmap_offset);
	if (p == MAP_FAILED)
		return -errno;
	memset(p, 1, m.length);
	c.handle = m.map_handle;
	ret = kio(fd, KOS_IO_CLOSE, &c);
	munmap(p, m.length);	/* in case the close could not */
	return ret;
}

static void finish(int fd, void *state)
{
	struct chan *c = state;

	close(fd);	/* ends the server thread's Recv, if it still waits */
	if (c) {
		pthread_join(c->t, NULL);
		free(c);
	}
}

/*
 * The errors a failed allocation or copy may give (0: the point was one
 * the code may fail quietly, e.g. an optional cache).
 */
static int documented(int ret)
{
	return ret == 0 || ret == -ENOMEM || ret == -EFAULT;
}

FIXTURE(fault) {
	int ready;
	long base;
};

FIXTURE_VARIANT(fault) {
	const char *name;
	struct scenario sc;
};

#define SCENARIO(n, p, s) \
	FIXTURE_VARIANT_ADD(fault, n) { .name = #n, .sc = { p, s } }
SCENARIO(handle, no_prepare, step_handle);
SCENARIO(transfer, no_prepare, step_transfer);
SCENARIO(notice, no_prepare, step_notice);
SCENARIO(call_reply_handle, prepare_call, step_call);
SCENARIO(channel_name, no_prepare, step_channel_name);
SCENARIO(name_server, no_prepare, step_ns);
SCENARIO(dma_map, no_prepare, step_dma);

FIXTURE_SETUP(fault)
{
	self->ready = !access(FI "/failslab", F_OK) &&
		      !access("/proc/thread-self/fail-nth", F_OK);
	if (!self->ready)
		return;
	ASSERT_EQ(0, setup_filters());
	self->base = live_total();
	ASSERT_LE(0, self->base);
}

FIXTURE_TEARDOWN(fault)
{
}

TEST_F_TIMEOUT(fault, every_point_fails_cleanly, 600)
{
	int nth, fd, ret, left, points = 0;
	void *state;

	if (!self->ready)
		SKIP(return, "no fault injection in this kernel (the debug kernel has it)");
	for (nth = 1; nth <= MAX_NTH; nth++) {
		fd = kos_open();
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, variant->sc.prepare(fd, &state));
		ASSERT_EQ(0, set_nth(nth));
		ret = variant->sc.step(fd, state);
		left = left_nth();
		set_nth(0);
		EXPECT_TRUE(documented(ret))
			TH_LOG("%s: failing point %d gave %d (%s)", variant->name, nth,
			       ret, strerror(-ret));
		finish(fd, state);
		/* nothing the failed run made outlives its context */
		EXPECT_EQ(self->base, live_total()) TH_LOG("after point %d", nth);
		if (left > 0) {
			/* fewer points than nth: the run above met no failure */
			EXPECT_EQ(0, ret);
			break;
		}
		points++;
	}
	EXPECT_GT(MAX_NTH, nth);
	/* and the module still works */
	fd = kos_open();
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, step_handle(fd, NULL));
	close(fd);
	TH_LOG("%s: %d injection points, each failed cleanly", variant->name, points);
}

TEST_HARNESS_MAIN
