// SPDX-License-Identifier: GPL-2.0
/*
 * DMA buffers and device memory: every libkos call and its errors, the
 * mmap() rules of /dev/kos, lifetime (close while mapped, process exit),
 * the per-context limit and leaks over 10 000 cycles.
 */
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <coresrv/handle/handle_api.h>
#include <coresrv/io/dma.h>
#include <coresrv/io/mmio.h>
#include <coresrv/syscalls.h>
#include <kos/linux.h>

#include "kselftest_harness.h"
#include "kos_util.h"
#include "handle_util.h"

#define PG 4096UL
#define QUOTA_PARAM "/sys/module/kos/parameters/dma_max_kb"

/* The reference's example (KnIoDmaCreate), unmodified. */
Retcode RegisterDmaMem(rtl_size_t size,
		       DmaAttr attr,
		       Handle *handle,
		       Handle *dmaHandle,
		       Handle *mappingHandle,
		       void **addr)
{
	Retcode ret;

	*handle = INVALID_HANDLE;
	*dmaHandle = INVALID_HANDLE;
	*mappingHandle = INVALID_HANDLE;
	ret = KnIoDmaCreate(rtl_roundup_order(size >> PAGE_SHIFT),
			    size,
			    attr,
			    handle);
	if (ret == rcOk) {
		ret = KnIoDmaBegin(*handle, dmaHandle);
	}
	if (ret == rcOk) {
		ret = KnIoDmaMap(*handle,
				 0,
				 size,
				 RTL_NULL,
				 VMM_FLAG_READ | VMM_FLAG_WRITE,
				 addr,
				 mappingHandle);
	}
	if (ret != rcOk) {
		if (*mappingHandle != INVALID_HANDLE)
			KnHandleClose(*mappingHandle);
		if (*dmaHandle != INVALID_HANDLE)
			KnHandleClose(*dmaHandle);
		if (*handle != INVALID_HANDLE)
			KnHandleClose(*handle);
	}
	return ret;
}

/* True when [p, p + len) is mapped in this process. */
static int mapped(void *p, size_t len)
{
	return msync(p, len, MS_ASYNC) == 0;
}

static Handle create(struct __test_metadata *_metadata, rtl_size_t size)
{
	Handle h = INVALID_HANDLE;

	ASSERT_EQ(rcOk, KnIoDmaCreate(0, size, DMA_DIR_BIDIR, &h));
	return h;
}

TEST(create_bad_arguments)
{
	Handle h = 7;

	EXPECT_EQ(rcInvalidArgument, KnIoDmaCreate(KOS_DMA_ORDER_MAX + 1, PG,
						   DMA_DIR_BIDIR, &h));
	EXPECT_EQ(INVALID_HANDLE, h);
	EXPECT_EQ(rcInvalidArgument, KnIoDmaCreate(0, 0, DMA_DIR_BIDIR, &h));
	EXPECT_EQ(rcInvalidArgument, KnIoDmaCreate(0, 100, DMA_DIR_BIDIR, &h));
	EXPECT_EQ(rcInvalidArgument, KnIoDmaCreate(0, PG + 1, DMA_DIR_BIDIR, &h));
	EXPECT_EQ(rcInvalidArgument, KnIoDmaCreate(0, PG, 0, &h));
	EXPECT_EQ(rcInvalidArgument, KnIoDmaCreate(0, PG, DMA_ZONE_DMA32, &h));
	EXPECT_EQ(rcInvalidArgument, KnIoDmaCreate(0, PG, DMA_DIR_BIDIR, NULL));
	/* more blocks than KOS_DMA_FRAMES_MAX */
	EXPECT_EQ(rcInvalidArgument, KnIoDmaCreate(0, PG * (KOS_DMA_FRAMES_MAX + 1),
						   DMA_DIR_BIDIR, &h));
}

TEST(create_unknown_bits)
{
	struct kos_dma_create c;
	int fd = kos_open(), bit;

	ASSERT_LE(0, fd);
	for (bit = 31; bit >= 0; bit--) {
		if ((1U << bit) & KOS_DMA_ATTR_MASK)
			continue;
		c = (struct kos_dma_create){ .size = sizeof(c), .length = PG,
			.attr = KOS_DMA_DIR_BIDIR | (1U << bit) };
		EXPECT_EQ(-EINVAL, kio(fd, KOS_DMA_CREATE, &c)) TH_LOG("bit %d", bit);
	}
	for (bit = 31; bit >= 0; bit--) {
		c = (struct kos_dma_create){ .size = sizeof(c), .length = PG,
			.attr = KOS_DMA_DIR_BIDIR, .flags = 1U << bit };
		EXPECT_EQ(-EINVAL, kio(fd, KOS_DMA_CREATE, &c)) TH_LOG("bit %d", bit);
	}
	c = (struct kos_dma_create){ .size = 16, .length = PG,
		.attr = KOS_DMA_DIR_BIDIR };
	EXPECT_EQ(-EINVAL, kio(fd, KOS_DMA_CREATE, &c));
	close(fd);
}

TEST(register_dma_mem_example)
{
	Handle h, begin, map;
	DmaInfo *info;
	void *addr;
	size_t i;

	ASSERT_EQ(rcOk, RegisterDmaMem(5 * PG, DMA_DIR_BIDIR | DMA_ZONE_DMA32,
				       &h, &begin, &map, &addr));
	memset(addr, 0xa5, 5 * PG);
	EXPECT_EQ(0xa5, ((unsigned char *)addr)[5 * PG - 1]);

	ASSERT_EQ(rcOk, KnIoDmaGetInfo(h, &info));
	EXPECT_EQ(DMA_DIR_BIDIR | DMA_ZONE_DMA32, info->flags);
	EXPECT_EQ(3, info->orderMin);	/* rtl_roundup_order(5) */
	EXPECT_EQ(5 * PG, info->size);
	ASSERT_EQ(1, info->count);
	EXPECT_EQ(3, (int)info->descriptors[0].order);
	EXPECT_NE(0, (rtl_uint64_t)info->descriptors[0].frame);
	for (i = 0; i < info->count; i++)
		EXPECT_GT(1ULL << 32, (rtl_uint64_t)info->descriptors[i].frame << 12);
	free(info);

	EXPECT_EQ(rcOk, KnIoClose(map));
	EXPECT_FALSE(mapped(addr, PG));
	EXPECT_EQ(rcOk, KnIoClose(begin));
	EXPECT_EQ(rcOk, KnIoClose(h));
	EXPECT_EQ(rcResourceNotFound, KnIoClose(h));
}

TEST(info_before_begin_and_phys)
{
	Handle h, begin;
	DmaInfo *info, *phys;
	size_t i;

	ASSERT_EQ(rcOk, KnIoDmaCreate(1, 6 * PG, DMA_DIR_TO_DEVICE, &h));
	ASSERT_EQ(rcOk, KnIoDmaGetInfo(h, &info));
	EXPECT_EQ(0, info->count);	/* not available to devices yet */
	EXPECT_EQ(6 * PG, info->size);
	EXPECT_EQ(1, info->orderMin);
	free(info);

	ASSERT_EQ(rcOk, KnIoDmaGetPhysInfo(h, &phys));
	ASSERT_EQ(3, phys->count);	/* three blocks of two pages */
	for (i = 0; i < phys->count; i++) {
		EXPECT_EQ(1, (int)phys->descriptors[i].order);
		EXPECT_EQ(0, (phys->descriptors[i].raw & ~0xfffULL) % (2 * PG));
	}
	ASSERT_EQ(rcOk, KnIoDmaBegin(h, &begin));
	ASSERT_EQ(rcOk, KnIoDmaGetInfo(h, &info));
	ASSERT_EQ(3, info->count);
	for (i = 0; i < info->count; i++)
		EXPECT_EQ(phys->descriptors[i].raw, info->descriptors[i].raw);
	free(info);
	free(phys);
	EXPECT_EQ(rcInvalidArgument, KnIoDmaGetInfo(h, NULL));
	KnIoClose(begin);
	KnIoClose(h);
}

/* DMA_ZONE_DMA (kos-linux): every block below 16 MiB; one zone only. */
TEST(zone_dma)
{
	DmaInfo *phys;
	Handle h;
	size_t i;

	EXPECT_EQ(rcInvalidArgument,
		  KnIoDmaCreate(0, PG, DMA_DIR_BIDIR | DMA_ZONE_DMA |
				DMA_ZONE_DMA32, &h));
	ASSERT_EQ(rcOk, KnIoDmaCreate(0, 4 * PG, DMA_DIR_BIDIR | DMA_ZONE_DMA,
				      &h));
	ASSERT_EQ(rcOk, KnIoDmaGetPhysInfo(h, &phys));
	ASSERT_EQ(4, phys->count);
	for (i = 0; i < phys->count; i++)
		EXPECT_GT(16ULL << 20, (phys->descriptors[i].raw & ~0xfffULL) + PG)
			TH_LOG("block %zu at 0x%llx", i,
			       (unsigned long long)phys->descriptors[i].raw);
	free(phys);
	KnIoClose(h);
}

/* Recv takes server endpoints and interrupt handles, nothing else. */
TEST(recv_on_dma_handle)
{
	SMsgHdr msg = { .size = sizeof(msg) };
	Handle h;

	ASSERT_EQ(rcOk, KnIoDmaCreate(0, PG, DMA_DIR_BIDIR, &h));
	EXPECT_EQ(rcInvalidArgument, KosRecvTimeout(h, &msg, 0));
	KnIoClose(h);
}

TEST(double_begin)
{
	Handle h = create(_metadata, PG), b1, b2;

	ASSERT_EQ(rcOk, KnIoDmaBegin(h, &b1));
	EXPECT_EQ(rcBusy, KnIoDmaBegin(h, &b2));
	EXPECT_EQ(INVALID_HANDLE, b2);
	EXPECT_EQ(rcOk, KnIoClose(b1));
	EXPECT_EQ(rcOk, KnIoDmaBegin(h, &b2));
	/* a begin handle is not a buffer */
	EXPECT_EQ(rcInvalidArgument, KnIoDmaBegin(b2, &b1));
	KnIoClose(b2);
	KnIoClose(h);
}

TEST(map_bounds_and_alignment)
{
	Handle h = create(_metadata, 4 * PG), m, m2;
	void *a, *b;
	int rw = VMM_FLAG_READ | VMM_FLAG_WRITE;

	EXPECT_EQ(rcInvalidArgument, KnIoDmaMap(h, 1, PG, NULL, rw, &a, &m));
	EXPECT_EQ(rcInvalidArgument, KnIoDmaMap(h, 0, PG + 1, NULL, rw, &a, &m));
	EXPECT_EQ(rcInvalidArgument, KnIoDmaMap(h, 0, 0, NULL, rw, &a, &m));
	EXPECT_EQ(rcInvalidArgument, KnIoDmaMap(h, 0, 5 * PG, NULL, rw, &a, &m));
	EXPECT_EQ(rcInvalidArgument, KnIoDmaMap(h, 3 * PG, 2 * PG, NULL, rw, &a, &m));
	EXPECT_EQ(rcInvalidArgument, KnIoDmaMap(h, 4 * PG, PG, NULL, rw, &a, &m));
	EXPECT_EQ(rcInvalidArgument, KnIoDmaMap(h, 0, PG, NULL, 0, &a, &m));
	EXPECT_EQ(rcInvalidArgument, KnIoDmaMap(h, 0, PG, NULL, rw | 0x100000, &a, &m));
	EXPECT_EQ(rcInvalidArgument, KnIoDmaMap(h, 0, PG, NULL,
						rw | VMM_FLAG_LOW_GUARD, &a, &m));
	EXPECT_EQ(rcInvalidArgument, KnIoDmaMap(h, 0, PG, NULL, rw, NULL, &m));

	/* two views of one buffer see the same bytes */
	ASSERT_EQ(rcOk, KnIoDmaMap(h, 2 * PG, 2 * PG, NULL, rw, &a, &m));
	ASSERT_EQ(rcOk, KnIoDmaMap(h, 0, 4 * PG, NULL, VMM_FLAG_READ, &b, &m2));
	strcpy((char *)a + PG, "through the device window");
	EXPECT_STREQ("through the device window", (char *)b + 3 * PG);
	KnIoClose(m);
	KnIoClose(m2);
	EXPECT_FALSE(mapped(a, 2 * PG));
	EXPECT_FALSE(mapped(b, 4 * PG));
	KnIoClose(h);
}

TEST(close_while_mapped)
{
	long before = kos_live_objects("dma_buffers");
	Handle h = create(_metadata, 2 * PG), m, x;
	char *p, *q;

	ASSERT_LE(0, before);
	ASSERT_EQ(rcOk, KnIoDmaMap(h, 0, 2 * PG, NULL,
				   VMM_FLAG_READ | VMM_FLAG_WRITE, (void **)&p, &m));
	ASSERT_EQ(rcOk, KnIoClose(h));
	/* use after close */
	EXPECT_EQ(rcResourceNotFound, KnIoClose(h));
	EXPECT_EQ(rcResourceNotFound, KnIoDmaMap(h, 0, PG, NULL, VMM_FLAG_READ,
						 (void **)&q, &x));
	EXPECT_EQ(rcResourceNotFound, KnIoDmaBegin(h, &x));
	EXPECT_EQ(INVALID_HANDLE, x);
	/* the mapping keeps the pages */
	EXPECT_EQ(before + 1, kos_live_objects("dma_buffers"));
	p[2 * PG - 1] = 42;
	EXPECT_EQ(42, p[2 * PG - 1]);
	ASSERT_EQ(rcOk, KnIoClose(m));
	EXPECT_EQ(before, kos_live_objects("dma_buffers"));
}

TEST(munmap_then_close)
{
	long before = kos_live_objects("dma_buffers");
	Handle h = create(_metadata, PG), m;
	void *p, *q;

	ASSERT_EQ(rcOk, KnIoDmaMap(h, 0, PG, NULL, VMM_FLAG_READ, &p, &m));
	ASSERT_EQ(0, munmap(p, PG));
	/* something else at the same address is left alone */
	q = mmap(p, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ASSERT_EQ(p, q);
	EXPECT_EQ(rcOk, KnIoClose(m));
	EXPECT_TRUE(mapped(q, PG));
	munmap(q, PG);
	KnIoClose(h);
	EXPECT_EQ(before, kos_live_objects("dma_buffers"));
}

TEST(close_refuses_other_handles)
{
	rtl_uint32_t h;

	ASSERT_EQ(rcOk, KnHandleCreateUserObject(HANDLE_TYPE_USER_FIRST, 1, NULL,
						 &h));
	EXPECT_EQ(rcInvalidArgument, KnIoClose(h));
	EXPECT_EQ(rcOk, KnHandleClose(h));
}

TEST(transfer_shares_buffer)
{
	Handle h = create(_metadata, PG), d, m1, m2;
	char *a, *b;

	ASSERT_EQ(rcOk, KosLinuxHandleDuplicate(h, 1, INVALID_HANDLE, &d));
	ASSERT_EQ(rcOk, KnIoDmaMap(h, 0, PG, NULL, VMM_FLAG_READ | VMM_FLAG_WRITE,
				   (void **)&a, &m1));
	ASSERT_EQ(rcOk, KnIoDmaMap(d, 0, PG, NULL, VMM_FLAG_READ, (void **)&b, &m2));
	strcpy(a, "shared");
	EXPECT_STREQ("shared", b);
	KnIoClose(m1);
	KnIoClose(m2);
	KnIoClose(d);
	KnIoClose(h);
}

/* The mmap() side of /dev/kos, on a context of our own. */
TEST(mmap_rules)
{
	struct kos_dma_create c = { .size = sizeof(c), .length = 2 * PG,
		.attr = KOS_DMA_DIR_BIDIR };
	struct kos_io_map m = { .size = sizeof(m), .prot = KOS_IO_PROT_READ,
		.length = 2 * PG };
	int fd = kos_open(), status;
	void *p;
	pid_t pid;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, kio(fd, KOS_DMA_CREATE, &c));
	m.handle = c.handle;
	ASSERT_EQ(0, kio(fd, KOS_IO_MAP, &m));
	EXPECT_EQ((__u64)m.map_handle * PG, m.mmap_offset);
	/* a buffer handle is not a mapping */
	EXPECT_EQ(MAP_FAILED, mmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, fd,
				   (off_t)c.handle * PG));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, PG, PROT_READ, MAP_SHARED, fd,
				   m.mmap_offset));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, 2 * PG, PROT_READ, MAP_PRIVATE, fd,
				   m.mmap_offset));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE,
				   MAP_SHARED, fd, m.mmap_offset));
	EXPECT_EQ(EACCES, errno);
	p = mmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, fd, m.mmap_offset);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_NE(0, mprotect(p, PG, PROT_READ | PROT_WRITE));
	EXPECT_EQ(MAP_FAILED, mmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, fd,
				   m.mmap_offset));
	EXPECT_EQ(EBUSY, errno);
	/* not inherited: the child has nothing there */
	pid = fork();
	if (!pid)
		_exit(mapped(p, PG));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	/* unknown flags */
	m.flags = 2;
	m.map_handle = 0;
	m.mmap_offset = 0;
	EXPECT_EQ(-EINVAL, kio(fd, KOS_IO_MAP, &m));
	munmap(p, 2 * PG);
	close(fd);
}

TEST(unprivileged)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (!pid) {
		Handle h, o;
		DmaInfo *info;
		int bad = 0;

		if (setuid(65534))
			_exit(2);
		bad |= KnIoDmaCreate(0, PG, DMA_DIR_BIDIR, &h) != rcOk;
		bad |= KnIoDmaGetPhysInfo(h, &info) != rcNoCapability;
		bad |= KnIoDmaBegin(h, &o) != rcNoCapability;
		bad |= KnIoDmaGetInfo(h, &info) != rcOk || info->count != 0;
		bad |= KnRegisterPhyMem(0xfe000000, PG, &o) != rcNoCapability;
		_exit(bad);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST(register_phymem_refused)
{
	Handle h;

	/* system RAM (1 MiB is RAM on every PC) */
	EXPECT_EQ(rcSecurityDisallow, KnRegisterPhyMem(0x100000, PG, &h));
	EXPECT_EQ(INVALID_HANDLE, h);
	EXPECT_EQ(rcInvalidArgument, KnRegisterPhyMem(0x100001, PG, &h));
	EXPECT_EQ(rcInvalidArgument, KnRegisterPhyMem(0x100000, 100, &h));
	EXPECT_EQ(rcInvalidArgument, KnRegisterPhyMem(0x100000, 0, &h));
	EXPECT_EQ(rcInvalidArgument, KnRegisterPhyMem(~0xfffULL, 2 * PG, &h));
	EXPECT_EQ(rcInvalidArgument, KnIoMapMem(h, 0, 0, NULL, &h));
}

TEST(context_quota)
{
	Handle a, b;
	char old[32] = "";
	FILE *f = fopen(QUOTA_PARAM, "r");

	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(old, sizeof(old), f));
	fclose(f);
	ASSERT_EQ(0, kos_write_file(QUOTA_PARAM, "64"));
	EXPECT_EQ(rcOk, KnIoDmaCreate(0, 64 * 1024, DMA_DIR_BIDIR, &a));
	EXPECT_EQ(rcQuotaExceeded, KnIoDmaCreate(0, PG, DMA_DIR_BIDIR, &b));
	EXPECT_EQ(rcOk, KnIoClose(a));
	EXPECT_EQ(rcOk, KnIoDmaCreate(0, PG, DMA_DIR_BIDIR, &b));
	EXPECT_EQ(rcOk, KnIoClose(b));
	ASSERT_EQ(0, kos_write_file(QUOTA_PARAM, old));
}

TEST(exit_while_mapped)
{
	long before = kos_live_objects("dma_buffers");
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (!pid) {
		Handle h, b, m;
		void *p;

		if (RegisterDmaMem(PG, DMA_DIR_BIDIR, &h, &b, &m, &p) != rcOk)
			_exit(1);
		memset(p, 1, PG);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(before, kos_live_objects("dma_buffers"));
	EXPECT_EQ(0, kos_live_objects("io_mappings"));
}

TEST(cycles_10000)
{
	long dma = kos_live_objects("dma_buffers");
	long handles = kos_live_objects("handles");
	Handle h, m;
	void *p;
	int i;

	for (i = 0; i < 10000 / kos_loop_scale(); i++) {
		ASSERT_EQ(rcOk, KnIoDmaCreate(0, PG, DMA_DIR_BIDIR, &h));
		ASSERT_EQ(rcOk, KnIoDmaMap(h, 0, PG, NULL,
					   VMM_FLAG_READ | VMM_FLAG_WRITE, &p, &m));
		*(volatile int *)p = i;
		ASSERT_EQ(rcOk, KnIoClose(m));
		ASSERT_EQ(rcOk, KnIoClose(h));
	}
	EXPECT_EQ(dma, kos_live_objects("dma_buffers"));
	EXPECT_EQ(handles, kos_live_objects("handles"));
	EXPECT_EQ(0, kos_live_objects("io_mappings"));
}

TEST_HARNESS_MAIN
