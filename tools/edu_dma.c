// SPDX-License-Identifier: GPL-2.0
/*
 * kos-edu: a round trip through the edu DMA engine, libkos only.  Two
 * buffers from ZONE_DMA (the engine reaches 28 address bits only), begun
 * for the device (KnIoDmaBegin, which lets the device master the bus while
 * the begin lives), their device addresses from KnIoDmaGetInfo.  A pattern
 * goes RAM -> the device's buffer -> the second buffer and is compared.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <coresrv/io/barriers.h>
#include <coresrv/io/dma.h>
#include <coresrv/io/mmio.h>

#include "edu.h"

#define PCI_COMMAND		0x04
#define PCI_COMMAND_MASTER	0x04

/* A begun buffer mapped into this process. */
struct edu_buf {
	Handle rid, begin, map;
	rtl_uint8_t *addr;
	DmaAddr bus;
};

/* Bus mastering of @dev as its config space says; -1 if unreadable. */
static int bus_master(const char *dev)
{
	char path[512];
	unsigned char cmd;
	int fd, n;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", dev);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = pread(fd, &cmd, 1, PCI_COMMAND);
	close(fd);
	return n == 1 ? !!(cmd & PCI_COMMAND_MASTER) : -1;
}

static void buf_close(struct edu_buf *b)
{
	if (b->map != INVALID_HANDLE)
		KnIoClose(b->map);
	if (b->begin != INVALID_HANDLE)
		KnIoClose(b->begin);
	if (b->rid != INVALID_HANDLE)
		KnIoClose(b->rid);
}

/* Create, map and begin one page of ZONE_DMA; its bus address to b->bus. */
static int buf_open(struct edu_buf *b)
{
	DmaInfo *info = RTL_NULL;
	void *addr;
	Retcode rc;

	rc = KnIoDmaCreate(0, EDU_DMA_BUF_SIZE, DMA_DIR_BIDIR | DMA_ZONE_DMA,
			   &b->rid);
	if (rc != rcOk)
		return edu_fail("KnIoDmaCreate", rc);
	rc = KnIoDmaMap(b->rid, 0, EDU_DMA_BUF_SIZE, RTL_NULL,
			VMM_FLAG_READ | VMM_FLAG_WRITE, &addr, &b->map);
	if (rc == rcOk)
		rc = KnIoDmaBegin(b->rid, &b->begin);
	if (rc == rcOk)
		rc = KnIoDmaGetInfo(b->rid, &info);
	if (rc != rcOk)
		return edu_fail("mapping and beginning the DMA buffer", rc);
	b->addr = addr;
	b->bus = info->count == 1 ? (DmaAddr)info->descriptors[0].frame << 12 : 0;
	free(info);
	if (!b->bus || b->bus + EDU_DMA_BUF_SIZE - 1 > EDU_DMA_MASK) {
		printf("FAIL: DMA buffer at 0x%llx, not within the 28-bit mask\n",
		       (unsigned long long)b->bus);
		return 1;
	}
	return 0;
}

/* Run one transfer of the engine and wait (up to 5 s) for its end. */
static int transfer(volatile rtl_uint8_t *regs, DmaAddr src, DmaAddr dst,
		    rtl_uint32_t cmd)
{
	struct timespec tick = { .tv_nsec = 10000000 };
	int i;

	IoWriteMmReg32(regs + EDU_DMA_SRC, (rtl_uint32_t)src);
	IoWriteMmReg32(regs + EDU_DMA_DST, (rtl_uint32_t)dst);
	IoWriteMmReg32(regs + EDU_DMA_COUNT, EDU_DMA_LEN);
	IoWriteBarrier();
	IoWriteMmReg32(regs + EDU_DMA_CMD, cmd | EDU_DMA_START);
	for (i = 0; i < 500; i++) {
		if (!(IoReadMmReg32(regs + EDU_DMA_CMD) & EDU_DMA_START))
			return 0;
		nanosleep(&tick, NULL);
	}
	printf("FAIL: DMA transfer did not finish\n");
	return 1;
}

int edu_check_dma(const struct edu_dev *edu, int verbose)
{
	volatile rtl_uint8_t *regs = edu->regs;
	const char *dev = edu->name;
	struct edu_buf in = {}, out = {};
	int bad, i;

	in.rid = in.begin = in.map = INVALID_HANDLE;
	out.rid = out.begin = out.map = INVALID_HANDLE;

	if (bus_master(dev) != 0) {
		printf("FAIL: bus mastering on before any DMA begin\n");
		return 1;
	}
	bad = buf_open(&out);
	bad |= !bad && buf_open(&in);
	if (!bad && bus_master(dev) != 1) {
		printf("FAIL: bus mastering off while DMA buffers are begun\n");
		bad = 1;
	}
	if (!bad) {
		for (i = 0; i < EDU_DMA_LEN; i++)
			out.addr[i] = (rtl_uint8_t)(i * 7 + 3);
		memset(in.addr, 0, EDU_DMA_LEN);
		bad = transfer(regs, out.bus, EDU_DMA_BUF, 0) ||
		      transfer(regs, EDU_DMA_BUF, in.bus, EDU_DMA_TO_RAM);
	}
	if (!bad && memcmp(in.addr, out.addr, EDU_DMA_LEN)) {
		printf("FAIL: DMA round trip changed the data\n");
		bad = 1;
	} else if (!bad && verbose) {
		printf("ok: DMA 0x%llx -> device -> 0x%llx, %d bytes equal\n",
		       (unsigned long long)out.bus, (unsigned long long)in.bus,
		       EDU_DMA_LEN);
	}
	buf_close(&in);
	buf_close(&out);
	if (bus_master(dev) != 0) {
		printf("FAIL: bus mastering still on after the DMA begins ended\n");
		bad = 1;
	}
	return bad;
}
