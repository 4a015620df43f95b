// SPDX-License-Identifier: GPL-2.0
/*
 * KnIommuAttachDevice/KnIommuDetachDevice.  Without an IOMMU (the default
 * VM) attaching is rcUnimplemented.  With one (scripts/vm-run --iommu: q35,
 * intel-iommu, 256 MiB so that every physical address fits the edu
 * device's 28-bit DMA mask) the edu device's DMA engine copies a begun
 * buffer into another through the context's domain, and fails to once the
 * device is detached or the buffer is not begun.
 */
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

#include <coresrv/io/dma.h>
#include <coresrv/io/mmio.h>
#include <coresrv/iommu/iommu_api.h>

#include "kselftest_harness.h"
#include "kos_util.h"
#include "handle_util.h"
#include "pci_util.h"

#define EDU_VENDOR	0x1234
#define EDU_DEVICE	0x11e8
#define EDU_DMA_SRC	0x80
#define EDU_DMA_DST	0x88
#define EDU_DMA_COUNT	0x90
#define EDU_DMA_CMD	0x98
#define EDU_DMA_START	0x01
#define EDU_DMA_TO_RAM	0x02
#define EDU_DMA_BUF	0x40000	/* the device's own 4 KiB buffer */
#define COPY		2048	/* QEMU refuses a transfer to its very end */
#define EDU_DMA_MASK	((1ULL << 28) - 1)
#define PCI_SERIAL_VENDOR	0x1b36
#define PCI_SERIAL_DEVICE	0x0002
#define PG 4096UL
#define NO_DEVICE	0xffff	/* bus 0xff, device 31, function 7 */

FIXTURE(edu) {
	char dev[64];
	unsigned int bdf;
	int iommu;
};

FIXTURE_SETUP(edu)
{
	if (pci_find(EDU_VENDOR, EDU_DEVICE, 0, self->dev))
		SKIP(return, "no edu device without a driver");
	self->bdf = pci_bdf(self->dev);
	self->iommu = pci_has(self->dev, "iommu_group");
	TH_LOG("edu %s, bdf %#x, %s", self->dev, self->bdf,
	       self->iommu ? "IOMMU" : "no IOMMU");
}

FIXTURE_TEARDOWN(edu)
{
}

TEST_F(edu, attach_without_iommu)
{
	if (self->iommu)
		SKIP(return, "the device is behind an IOMMU");
	EXPECT_EQ(rcUnimplemented, KnIommuAttachDevice(self->bdf));
	EXPECT_EQ(rcResourceNotFound, KnIommuDetachDevice(self->bdf));
}

static void attach_in_child(unsigned int bdf)
{
	_exit(KnIommuAttachDevice(bdf) == rcBusy ? 0 : 1);
}

static void unprivileged(unsigned int bdf)
{
	if (setuid(65534))
		_exit(2);
	if (KnIommuAttachDevice(bdf) != rcNoCapability ||
	    KnIommuDetachDevice(bdf) != rcNoCapability)
		_exit(1);
	_exit(0);
}

static int in_child(void (*fn)(unsigned int), unsigned int bdf)
{
	int status;
	pid_t pid = fork();

	if (!pid)
		fn(bdf);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

TEST_F(edu, needs_cap_sys_rawio)
{
	EXPECT_EQ(0, in_child(unprivileged, self->bdf));
}

TEST_F(edu, attach_detach)
{
	long before = kos_live_objects("iommu_devices");

	if (!self->iommu)
		SKIP(return, "no IOMMU (scripts/vm-run --iommu)");
	ASSERT_EQ(rcOk, KnIommuAttachDevice(self->bdf));
	EXPECT_EQ(before + 1, kos_live_objects("iommu_devices"));
	EXPECT_EQ(rcAlreadyExists, KnIommuAttachDevice(self->bdf));
	/* the group belongs to this process now */
	EXPECT_EQ(0, in_child(attach_in_child, self->bdf));
	EXPECT_EQ(rcOk, KnIommuDetachDevice(self->bdf));
	EXPECT_EQ(rcResourceNotFound, KnIommuDetachDevice(self->bdf));
	EXPECT_EQ(before, kos_live_objects("iommu_devices"));
	/* released: attach works again, and process exit detaches */
	ASSERT_EQ(rcOk, KnIommuAttachDevice(self->bdf));
	EXPECT_EQ(0, in_child(attach_in_child, self->bdf));
}

/* A DMA buffer, begun or not, mapped, with its address. */
struct buf {
	Handle h, begin, map;
	unsigned char *p;
	rtl_uint64_t addr;
};

static void buf_make(struct __test_metadata *_metadata, struct buf *b,
		     int begin)
{
	DmaInfo *info;

	b->begin = INVALID_HANDLE;
	ASSERT_EQ(rcOk, KnIoDmaCreate(0, PG, DMA_DIR_BIDIR, &b->h));
	if (begin)
		ASSERT_EQ(rcOk, KnIoDmaBegin(b->h, &b->begin));
	ASSERT_EQ(rcOk, KnIoDmaMap(b->h, 0, PG, NULL,
				   VMM_FLAG_READ | VMM_FLAG_WRITE,
				   (void **)&b->p, &b->map));
	ASSERT_EQ(rcOk, KnIoDmaGetPhysInfo(b->h, &info));
	b->addr = info->descriptors[0].raw & ~0xfffULL;
	free(info);
	ASSERT_EQ(b->addr, b->addr & EDU_DMA_MASK) TH_LOG("boot with 256 MiB");
}

static void buf_free(struct buf *b)
{
	KnIoClose(b->map);
	if (b->begin != INVALID_HANDLE)
		KnIoClose(b->begin);
	KnIoClose(b->h);
}

/* One transfer of the edu DMA engine; 0 when it completed. */
static int edu_dma(volatile unsigned char *regs, rtl_uint64_t src,
		   rtl_uint64_t dst, rtl_uint32_t len, rtl_uint32_t cmd)
{
	struct timespec t = { 0, 10 * 1000 * 1000 };
	int i;

	IoWriteMmReg32(regs + EDU_DMA_SRC, (rtl_uint32_t)src);
	IoWriteMmReg32(regs + EDU_DMA_DST, (rtl_uint32_t)dst);
	IoWriteMmReg32(regs + EDU_DMA_COUNT, len);
	IoWriteMmReg32(regs + EDU_DMA_CMD, cmd | EDU_DMA_START);
	for (i = 0; i < 500; i++) {
		if (!(IoReadMmReg32(regs + EDU_DMA_CMD) & EDU_DMA_START))
			return 0;
		nanosleep(&t, NULL);
	}
	return -1;
}

/* Copy @len bytes from @src to @dst through the device's own buffer. */
static int edu_copy(volatile unsigned char *regs, rtl_uint64_t src,
		    rtl_uint64_t dst, rtl_uint32_t len)
{
	if (edu_dma(regs, src, EDU_DMA_BUF, len, 0))
		return -1;
	return edu_dma(regs, EDU_DMA_BUF, dst, len, EDU_DMA_TO_RAM);
}

/*
 * The PCI command register of @dev, with @set bits set first when non-zero
 * (root may write the config space); -1 on error.
 */
static int command_reg(const char *dev, unsigned short set)
{
	char path[512];
	unsigned short cmd;
	FILE *f;
	int ret = -1;

	snprintf(path, sizeof(path), PCI_SYSFS "/%s/config", dev);
	f = fopen(path, set ? "r+" : "r");
	if (!f)
		return -1;
	if (fseek(f, 4, SEEK_SET) == 0 && fread(&cmd, 2, 1, f) == 1) {
		cmd |= set;
		ret = cmd;
		if (set && (fseek(f, 4, SEEK_SET) || fwrite(&cmd, 2, 1, f) != 1))
			ret = -1;
	}
	return fclose(f) ? -1 : ret;
}

#define PCI_COMMAND_MASTER 0x4

/* Bus mastering on, through the config space. */
static int bus_master(const char *dev)
{
	return command_reg(dev, PCI_COMMAND_MASTER) < 0 ? -1 : 0;
}

TEST_F(edu, dma_through_domain)
{
	unsigned long long bar, len;
	struct buf early, late, unbegun;
	volatile unsigned char *regs;
	Handle mem, map;

	if (!self->iommu)
		SKIP(return, "no IOMMU (scripts/vm-run --iommu)");
	bar = pci_bar(self->dev, PCI_RES_MEM, &len);
	ASSERT_NE(0, bar);
	ASSERT_EQ(0, bus_master(self->dev));
	ASSERT_EQ(rcOk, KnRegisterPhyMem(bar, len, &mem));
	ASSERT_EQ(rcOk, KnIoMapMem(mem, VMM_FLAG_READ | VMM_FLAG_WRITE,
				   VMM_FLAG_CACHE_DISABLE, (void **)&regs, &map));

	buf_make(_metadata, &early, 1);		/* begun before the attach */
	ASSERT_EQ(rcOk, KnIommuAttachDevice(self->bdf));
	buf_make(_metadata, &late, 1);		/* and after */
	buf_make(_metadata, &unbegun, 0);

	memset(early.p, 0x5a, PG);
	strcpy((char *)early.p, "through the IOMMU");
	ASSERT_EQ(0, edu_copy(regs, early.addr, late.addr, COPY));
	EXPECT_STREQ("through the IOMMU", (char *)late.p);
	EXPECT_EQ(0x5a, late.p[COPY - 1]);
	EXPECT_EQ(0, late.p[COPY]);

	/* a buffer that is not begun is not in the domain */
	ASSERT_EQ(0, edu_copy(regs, early.addr, unbegun.addr, COPY));
	EXPECT_EQ(0, unbegun.p[0]);
	/* nor is one whose begin handle was closed */
	memset(late.p, 0, PG);
	ASSERT_EQ(rcOk, KnIoClose(late.begin));
	late.begin = INVALID_HANDLE;
	ASSERT_EQ(0, edu_copy(regs, early.addr, late.addr, COPY));
	EXPECT_EQ(0, late.p[0]);

	/* detached: the device is back in the kernel's domain, which has none */
	ASSERT_EQ(rcOk, KnIoDmaBegin(late.h, &late.begin));
	ASSERT_EQ(0, edu_copy(regs, early.addr, late.addr, COPY));
	EXPECT_EQ('t', late.p[0]);
	memset(late.p, 0, PG);
	ASSERT_EQ(rcOk, KnIommuDetachDevice(self->bdf));
	ASSERT_EQ(0, edu_copy(regs, early.addr, late.addr, COPY));
	EXPECT_EQ(0, late.p[0]);

	buf_free(&early);
	buf_free(&late);
	buf_free(&unbegun);
	KnIoClose(map);
	KnIoClose(mem);
}

/* The PCI command register's bus master bit, or -1. */
static int is_master(const char *dev)
{
	int cmd = command_reg(dev, 0);

	return cmd < 0 ? -1 : !!(cmd & PCI_COMMAND_MASTER);
}

/*
 * Detaching a device from its domain stops it mastering the bus, even while
 * a begin asked for it: untranslated, it would reach the kernel's memory.
 */
TEST_F(edu, detach_stops_bus_mastering)
{
	unsigned long long bar, len;
	struct buf a, b;
	Handle mem;

	if (!self->iommu)
		SKIP(return, "no IOMMU (scripts/vm-run --iommu)");
	bar = pci_bar(self->dev, PCI_RES_MEM, &len);
	ASSERT_NE(0, bar);
	ASSERT_EQ(rcOk, KnRegisterPhyMem(bar, len, &mem));
	ASSERT_EQ(rcOk, KnIommuAttachDevice(self->bdf));
	buf_make(_metadata, &a, 1);
	EXPECT_EQ(1, is_master(self->dev));
	ASSERT_EQ(rcOk, KnIommuDetachDevice(self->bdf));
	EXPECT_EQ(0, is_master(self->dev));
	/* the next begin turns it on again */
	buf_make(_metadata, &b, 1);
	EXPECT_EQ(1, is_master(self->dev));
	buf_free(&b);
	buf_free(&a);
	EXPECT_EQ(0, is_master(self->dev));
	KnIoClose(mem);
}

TEST(driver_bound_refused)
{
	char dev[64];

	if (pci_find(PCI_SERIAL_VENDOR, PCI_SERIAL_DEVICE, 1, dev))
		SKIP(return, "no pci-serial bound to its driver");
	EXPECT_EQ(rcBusy, KnIommuAttachDevice(pci_bdf(dev)));
}

TEST(bad_arguments)
{
	struct kos_iommu_device c;
	int fd = kos_open(), bit;

	EXPECT_EQ(rcDeviceNotFound, KnIommuAttachDevice(NO_DEVICE));
	EXPECT_EQ(rcResourceNotFound, KnIommuDetachDevice(NO_DEVICE));
	ASSERT_LE(0, fd);
	for (bit = 31; bit >= 0; bit--) {
		c = (struct kos_iommu_device){ .size = sizeof(c),
			.flags = 1U << bit, .bdf = NO_DEVICE };
		EXPECT_EQ(-EINVAL, kio(fd, KOS_IOMMU_ATTACH, &c)) TH_LOG("bit %d", bit);
		EXPECT_EQ(-EINVAL, kio(fd, KOS_IOMMU_DETACH, &c)) TH_LOG("bit %d", bit);
	}
	for (bit = 31; bit >= 16; bit--) {
		c = (struct kos_iommu_device){ .size = sizeof(c), .bdf = 1U << bit };
		EXPECT_EQ(-EINVAL, kio(fd, KOS_IOMMU_ATTACH, &c)) TH_LOG("bit %d", bit);
	}
	c = (struct kos_iommu_device){ .size = sizeof(c), .bdf = NO_DEVICE,
		.__reserved = 1 };
	EXPECT_EQ(-EINVAL, kio(fd, KOS_IOMMU_ATTACH, &c));
	c = (struct kos_iommu_device){ .size = 12, .bdf = NO_DEVICE };
	EXPECT_EQ(-EINVAL, kio(fd, KOS_IOMMU_ATTACH, &c));
	close(fd);
}

TEST_HARNESS_MAIN
