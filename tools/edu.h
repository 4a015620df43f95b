/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QEMU's edu device (hw/misc/edu.c, docs/specs/edu.rst): its registers in
 * BAR0 and the checks of kos-edu, one file per part of the device.
 */
#ifndef KOS_EDU_H
#define KOS_EDU_H

#include <stdio.h>

#include <coresrv/io/io_api.h>
#include <kos/linux.h>

#define EDU_ID		0x00
#define EDU_LIVENESS	0x04
#define EDU_FACT	0x08
#define EDU_STATUS	0x20
#define EDU_STATUS_BUSY	0x01
#define EDU_IRQ_STATUS	0x24
#define EDU_IRQ_RAISE	0x60
#define EDU_IRQ_ACK	0x64
#define EDU_DMA_SRC	0x80
#define EDU_DMA_DST	0x88
#define EDU_DMA_COUNT	0x90
#define EDU_DMA_CMD	0x98
#define EDU_DMA_START	0x01
#define EDU_DMA_TO_RAM	0x02	/* direction: device buffer -> RAM */
#define EDU_DMA_IRQ	0x04	/* raise interrupt 0x100 when done */
#define EDU_DMA_BUF	0x40000	/* the device's 4 KiB buffer, bus address */
#define EDU_DMA_BUF_SIZE 4096
/*
 * Bytes per transfer: half the device buffer.  QEMU 7.2 checks the range
 * off by one and aborts the whole machine on a transfer that ends at the
 * buffer's end (hw_error "DMA range ... out of bounds").
 */
#define EDU_DMA_LEN	2048
#define EDU_DMA_MASK	((1ULL << 28) - 1)	/* addresses the engine can reach */
#define EDU_ID_MAGIC	0xedU		/* low byte of 0x010000ed */

/* Print a failed step with its return code; returns 1. */
static inline int edu_fail(const char *what, Retcode rc)
{
	printf("FAIL: %s: %s\n", what, KosLinuxRetcodeName(rc));
	return 1;
}

/**
 * struct edu_dev - the device under test
 * @name: PCI address (sysfs name)
 * @bar: BAR0 physical address
 * @bar_size: BAR0 size
 * @regs: BAR0 mapped
 * @irq: its interrupt as sysfs gives it
 */
struct edu_dev {
	const char *name;
	rtl_uint64_t bar;
	rtl_size_t bar_size;
	volatile rtl_uint8_t *regs;
	long irq;
};

/*
 * The device's interrupt number as sysfs gives it now: disabling and
 * enabling the device routes its line again, and the number may change.
 */
long edu_irq_now(const struct edu_dev *edu);

/* Interrupt checks: Recv, masking, signals, detach, exit. */
int edu_check_irq(const struct edu_dev *edu, int verbose);

/* DMA round trip RAM -> device -> RAM through the engine. */
int edu_check_dma(const struct edu_dev *edu, int verbose);

#endif /* KOS_EDU_H */
