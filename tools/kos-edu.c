// SPDX-License-Identifier: GPL-2.0
/*
 * kos-edu: a user-space driver for QEMU's "edu" teaching PCI device
 * (1234:11e8), written against libkos only, the way a KasperskyOS driver
 * would be.  It registers BAR0 (KnRegisterPhyMem), maps it uncached
 * (KnIoMapMem) and checks the identification and liveness registers and
 * the factorial unit (here), the interrupt path (edu_irq.c) and the DMA
 * engine (edu_dma.c).  The BAR's address and the interrupt number are what
 * it reads from sysfs, as a KasperskyOS driver gets them from the PCI bus
 * driver.
 */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <coresrv/io/barriers.h>
#include <coresrv/io/mmio.h>

#include "edu.h"

#define EDU_VENDOR	0x1234
#define EDU_DEVICE	0x11e8
#define SYSFS_PCI	"/sys/bus/pci/devices"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: kos-edu [OPTION]...\n"
		"Drive QEMU's edu PCI device (-device edu) from user space through\n"
		"libkos: map BAR0, check the identification and liveness registers\n"
		"and compute factorials; attach to its interrupt (KnIoAttachIrq), raise\n"
		"interrupts and receive them with Recv(), acknowledging and unmasking\n"
		"each (KnIoEnableIrq), and check timeouts, masking, that a caught\n"
		"signal does not end the wait, that detach does, and that a process\n"
		"killed while it waits releases the interrupt; then copy a buffer to\n"
		"the device and back with its DMA engine and compare.  Needs\n"
		"CAP_SYS_RAWIO and the kos module.\n"
		"\n"
		"  -d, --device BDF  use the edu device at BDF (e.g. 0000:00:04.0);\n"
		"                    default: the first one found\n"
		"  -n, --number N    compute N! (default: 1 to 12, all checked)\n"
		"  -v, --verbose     print every step\n"
		"  -h, --help        display this help and exit\n"
		"\n"
		"Exit status: 0 if every check passed, 1 if one failed, 2 on a usage\n"
		"error, 77 if there is no edu device.\n");
}

/* A number from a sysfs attribute of @dev, read with @fmt; 0 if unreadable. */
static unsigned long read_attr(const char *dev, const char *file,
			       const char *fmt)
{
	char path[512];
	unsigned long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), SYSFS_PCI "/%s/%s", dev, file);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fscanf(f, fmt, &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

long edu_irq_now(const struct edu_dev *edu)
{
	return (long)read_attr(edu->name, "irq", "%lu");
}

/* The first edu device, or @want if it is one; its name goes to @out. */
static int find_edu(const char *want, char *out, size_t len)
{
	struct dirent *e;
	DIR *d = opendir(SYSFS_PCI);
	int found = 0;

	if (!d)
		return 0;
	while (!found && (e = readdir(d))) {
		if (e->d_name[0] == '.' || (want && strcmp(want, e->d_name)))
			continue;
		found = read_attr(e->d_name, "vendor", "%lx") == EDU_VENDOR &&
			read_attr(e->d_name, "device", "%lx") == EDU_DEVICE;
		if (found)
			snprintf(out, len, "%s", e->d_name);
	}
	closedir(d);
	return found;
}

/* Start and size of BAR0 from the device's "resource" file. */
static int bar0(const char *dev, rtl_uint64_t *start, rtl_size_t *size)
{
	char path[512];
	unsigned long long s, e, flags;
	FILE *f;
	int n;

	snprintf(path, sizeof(path), SYSFS_PCI "/%s/resource", dev);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fscanf(f, "%llx %llx %llx", &s, &e, &flags);
	fclose(f);
	if (n != 3 || !s || e <= s)
		return -1;
	*start = s;
	*size = e - s + 1;
	return 0;
}

static rtl_uint32_t factorial(volatile rtl_uint8_t *regs, rtl_uint32_t n)
{
	IoWriteMmReg32(regs + EDU_FACT, n);
	IoReadWriteBarrier();
	while (IoReadMmReg32(regs + EDU_STATUS) & EDU_STATUS_BUSY)
		;
	return IoReadMmReg32(regs + EDU_FACT);
}

static int check_fact(volatile rtl_uint8_t *regs, rtl_uint32_t n, int verbose)
{
	rtl_uint32_t want = 1, got, i;

	for (i = 2; i <= n; i++)
		want *= i;
	got = factorial(regs, n);
	if (verbose || got != want)
		printf("%s: %u! = %u (expected %u)\n",
		       got == want ? "ok" : "FAIL", n, got, want);
	return got == want ? 0 : 1;
}

static int check_device(volatile rtl_uint8_t *regs, long number, int verbose)
{
	rtl_uint32_t id = IoReadMmReg32(regs + EDU_ID), live;
	int bad = 0;
	long n;

	if ((id & 0xff) != EDU_ID_MAGIC) {
		printf("FAIL: identification register 0x%08x\n", id);
		return 1;
	}
	if (verbose)
		printf("ok: edu version %u.%u\n", id >> 24, (id >> 16) & 0xff);
	IoWriteMmReg32(regs + EDU_LIVENESS, 0x12345678);
	live = IoReadMmReg32(regs + EDU_LIVENESS);
	if (live != ~0x12345678U) {
		printf("FAIL: liveness register 0x%08x, expected 0x%08x\n",
		       live, ~0x12345678U);
		bad = 1;
	} else if (verbose) {
		printf("ok: liveness register inverts\n");
	}
	if (number >= 0)
		return bad | check_fact(regs, number, 1);
	for (n = 1; n <= 12; n++)
		bad |= check_fact(regs, n, verbose);
	return bad;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "number", required_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	const char *want = NULL;
	char dev[256], *end;
	rtl_uint64_t start;
	rtl_size_t size;
	Handle mem, map;
	void *regs;
	long number = -1;
	int c, verbose = 0, bad;
	Retcode rc;

	while ((c = getopt_long(argc, argv, "d:n:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			want = optarg;
			break;
		case 'n':
			number = strtol(optarg, &end, 0);
			if (*end || number < 0 || number > 12) {
				fprintf(stderr, "kos-edu: -n takes 0..12\n");
				return 2;
			}
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (!find_edu(want, dev, sizeof(dev))) {
		fprintf(stderr, "kos-edu: no edu device (1234:11e8)%s%s\n",
			want ? " at " : "", want ? want : "");
		return 77;
	}
	if (bar0(dev, &start, &size)) {
		fprintf(stderr, "kos-edu: %s: cannot read BAR0\n", dev);
		return 1;
	}
	if (verbose)
		printf("ok: %s BAR0 at 0x%llx, %zu bytes\n", dev,
		       (unsigned long long)start, (size_t)size);
	rc = KnRegisterPhyMem(start, size, &mem);
	if (rc == rcOk)
		rc = KnIoMapMem(mem, VMM_FLAG_READ | VMM_FLAG_WRITE,
				VMM_FLAG_CACHE_DISABLE, &regs, &map);
	if (rc != rcOk) {
		fprintf(stderr, "kos-edu: %s: mapping BAR0: %s\n", dev,
			KosLinuxRetcodeName(rc));
		return 1;
	}
	bad = check_device(regs, number, verbose);
	if (!bad) {
		struct edu_dev edu = {
			.name = dev, .bar = start, .bar_size = size,
			.regs = regs, .irq = (long)read_attr(dev, "irq", "%lu"),
		};

		bad |= edu_check_irq(&edu, verbose);
		bad |= edu_check_dma(&edu, verbose);
	}
	KnIoClose(map);
	KnIoClose(mem);
	printf("%s: edu %s\n", bad ? "FAIL" : "ok", dev);
	return bad;
}
