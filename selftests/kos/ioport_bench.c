// SPDX-License-Identifier: GPL-2.0
/*
 * I/O port costs on QEMU's pci-testdev: one 8-bit in (IoReadIoPort8), the
 * same through the buffer form per element (IoReadIoPortBuffer8, rep insb),
 * and a register + permit + close + close cycle (request_region, two
 * handles, ioperm on and off).  Prints "bench: NAME VALUE UNIT" and the
 * ratio of a single in to one element of the string form.
 */
#include <stdio.h>
#include <time.h>

#include <coresrv/io/ports.h>

#include "pci_util.h"

#define TESTDEV_VENDOR	0x1b36
#define TESTDEV_DEVICE	0x0005
#define READS		20000
#define CYCLES		2000

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* ns per register + permit + close of both, or -1. */
static double cycle(unsigned int port)
{
	Handle rid, permit;
	double t0 = now_ns();
	int i;

	for (i = 0; i < CYCLES; i++) {
		if (KnRegisterPort8(port, &rid) || KnIoPermitPort(rid, &permit) ||
		    KnIoClose(permit) || KnIoClose(rid))
			return -1;
	}
	return (now_ns() - t0) / CYCLES;
}

int main(void)
{
	static rtl_uint8_t buf[READS];
	unsigned long long base, len;
	double single, string, cyc, t0;
	Handle rid, permit;
	char dev[64];
	int i;

	if (pci_find(TESTDEV_VENDOR, TESTDEV_DEVICE, -1, dev) ||
	    !(base = pci_bar(dev, PCI_RES_IO, &len))) {
		printf("# ioport_bench: no pci-testdev, skipped\n");
		return 0;
	}
	if (KnRegisterPorts(base, len, &rid) || KnIoPermitPort(rid, &permit)) {
		fprintf(stderr, "ioport_bench: cannot get the ports\n");
		return 1;
	}
	IoWriteIoPort8(base, 0);
	t0 = now_ns();
	for (i = 0; i < READS; i++)
		buf[i] = IoReadIoPort8(base);
	single = (now_ns() - t0) / READS;
	t0 = now_ns();
	IoReadIoPortBuffer8(base, buf, READS);
	string = (now_ns() - t0) / READS;
	KnIoClose(permit);
	KnIoClose(rid);
	cyc = cycle(base);
	if (cyc < 0) {
		fprintf(stderr, "ioport_bench: register/permit cycle failed\n");
		return 1;
	}
	printf("bench: ioport_in8 %.0f ns/access\n", single);
	printf("bench: ioport_insb %.0f ns/element\n", string);
	printf("bench: ioport_register_permit_close %.0f ns/cycle\n", cyc);
	printf("ratio: ioport_in8_vs_insb %.2f\n", single / string);
	return 0;
}
