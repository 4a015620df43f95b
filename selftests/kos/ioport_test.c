// SPDX-License-Identifier: GPL-2.0
/*
 * I/O ports: registration, permits and the accessors against QEMU's
 * pci-testdev (its I/O BAR, above 0x3ff), refusal of ports a kernel driver
 * holds (the RTC at 0x70, pci-serial's BAR), of double registration and of callers without
 * CAP_SYS_RAWIO, revocation on close, and the raw ABI checks.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <coresrv/handle/handle_api.h>
#include <coresrv/io/ports.h>
#include <kos/linux.h>

#include "kselftest_harness.h"
#include "kos_util.h"
#include "handle_util.h"
#include "pci_util.h"

/* QEMU pci-testdev (hw/misc/pci-testdev.c): header of the selected test. */
#define TESTDEV_VENDOR	0x1b36
#define TESTDEV_DEVICE	0x0005
#define HDR_TEST	0	/* u8: write selects a test, read: its index */
#define HDR_WIDTH	1	/* u8: access width that counts */
#define HDR_OFFSET	4	/* u32: port offset that counts */
#define HDR_DATA	8	/* u32: value that counts */
#define HDR_COUNT	12	/* u32: counted writes */
#define HDR_NAME	16	/* NUL-terminated test name */

#define RTC_PORT	0x70

/* The reference's example (KnIoPermitPort), with the type it assumes. */
typedef struct {
	rtl_uint16_t base;
	rtl_size_t size;
	Handle handle;
	Handle permitHandle;
	void *addr;
} IOPort;

static Retcode PortInit(IOPort *resource)
{
	Retcode rc = rcFail;

	rc = KnRegisterPorts(resource->base,
			     resource->size,
			     &resource->handle);
	if (rc == rcOk)
		rc = KnIoPermitPort(resource->handle, &resource->permitHandle);
	resource->addr = (void *) (rtl_uintptr_t) resource->base;
	return rc;
}

/* The I/O BAR of pci-testdev: 0 if there is none. */
static unsigned int testdev_ports(unsigned int *len)
{
	unsigned long long base = 0, l = 0;
	char dev[64];

	if (!pci_find(TESTDEV_VENDOR, TESTDEV_DEVICE, -1, dev))
		base = pci_bar(dev, PCI_RES_IO, &l);
	*len = l;
	return base;
}

/* True when /proc/ioports lists a claim starting at @port. */
static int ioports_claimed(unsigned int port)
{
	unsigned int start, end;
	char line[256];
	int found = 0;
	FILE *f = fopen("/proc/ioports", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, " %x-%x", &start, &end) == 2 && start == port)
			found = 1;
	if (f)
		fclose(f);
	return found;
}

FIXTURE(dev) {
	unsigned int base, len;
	long ports_before;
};

FIXTURE_SETUP(dev)
{
	self->base = testdev_ports(&self->len);
	if (!self->base)
		SKIP(return, "no pci-testdev (QEMU -device pci-testdev)");
	self->ports_before = kos_live_objects("io_ports");
}

FIXTURE_TEARDOWN(dev)
{
	if (self->base)
		EXPECT_EQ(self->ports_before, kos_live_objects("io_ports"));
}

/* Run @fn in a child; its exit status, or 128 + the signal that killed it. */
static int in_child(void (*fn)(unsigned int), unsigned int base)
{
	int status;
	pid_t pid = fork();

	if (!pid) {
		fn(base);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

/* Select pci-testdev's test @t; the header then reads as that test's. */
static void testdev_select(unsigned int base, rtl_uint8_t t)
{
	IoWriteIoPort8(base + HDR_TEST, t);
}

TEST_F(dev, read_write_reach_device)
{
	Handle rid, permit;
	char name[64] = "";
	rtl_uint32_t off, data, count, buf[4];
	rtl_uint16_t w16[2];
	rtl_uint8_t width, b8[3];

	ASSERT_GT(self->len, HDR_NAME + sizeof(name));
	ASSERT_GT(self->base, 0x3ff);	/* beyond the old ioperm limit */
	ASSERT_EQ(rcOk, KnRegisterPorts(self->base, self->len, &rid));
	ASSERT_EQ(rcOk, KnIoPermitPort(rid, &permit));

	testdev_select(self->base, 0);
	IoReadIoPortBuffer8(self->base + HDR_NAME, (rtl_uint8_t *)name, 1);
	EXPECT_EQ('p', name[0]);
	for (off = 0; off < sizeof(name) - 1; off++)
		name[off] = IoReadIoPort8(self->base + HDR_NAME + off);
	EXPECT_STREQ("portio-no-eventfd", name);

	width = IoReadIoPort8(self->base + HDR_WIDTH);
	off = IoReadIoPort32(self->base + HDR_OFFSET);
	data = IoReadIoPort32(self->base + HDR_DATA);
	count = IoReadIoPort32(self->base + HDR_COUNT);
	TH_LOG("width %u offset %u data %#x count %u", width, off, data, count);
	ASSERT_EQ(1, width);
	ASSERT_LT(off, self->len);
	/* 16- and 32-bit reads see the same header bytes */
	IoReadIoPortBuffer16(self->base + HDR_OFFSET, w16, 1);
	w16[1] = IoReadIoPort16(self->base + HDR_OFFSET + 2);
	EXPECT_EQ(off, w16[0] | (rtl_uint32_t)w16[1] << 16);
	IoReadIoPortBuffer32(self->base + HDR_DATA, buf, 4);
	EXPECT_EQ(data, buf[0]);
	EXPECT_EQ(data, buf[3]);

	/* writes reach the device: each one at the test's port is counted */
	IoWriteIoPort8(self->base + off, (rtl_uint8_t)data);
	EXPECT_EQ(count + 1, IoReadIoPort32(self->base + HDR_COUNT));
	b8[0] = b8[1] = b8[2] = (rtl_uint8_t)data;
	IoWriteIoPortBuffer8(self->base + off, b8, 3);
	EXPECT_EQ(count + 4, IoReadIoPort32(self->base + HDR_COUNT));

	EXPECT_EQ(rcOk, KnIoClose(permit));
	EXPECT_EQ(rcOk, KnIoClose(rid));
	EXPECT_EQ(rcResourceNotFound, KnIoClose(rid));
}

/* 16- and 32-bit writes: the selection register takes any width. */
TEST_F(dev, wide_writes)
{
	rtl_uint16_t sel16[2] = { 1, 0 };
	rtl_uint32_t sel32[2] = { 1, 0 };
	Handle rid, permit;
	rtl_uint8_t first;

	ASSERT_EQ(rcOk, KnRegisterPorts(self->base, self->len, &rid));
	ASSERT_EQ(rcOk, KnIoPermitPort(rid, &permit));
	testdev_select(self->base, 0);
	first = IoReadIoPort8(self->base + HDR_TEST);	/* after the MMIO tests */
	IoWriteIoPort16(self->base + HDR_TEST, 1);
	EXPECT_EQ(first + 1, IoReadIoPort8(self->base + HDR_TEST));
	IoWriteIoPort32(self->base + HDR_TEST, 0);
	EXPECT_EQ(first, IoReadIoPort8(self->base + HDR_TEST));
	IoWriteIoPortBuffer16(self->base + HDR_TEST, sel16, 1);
	EXPECT_EQ(first + 1, IoReadIoPort8(self->base + HDR_TEST));
	IoWriteIoPortBuffer16(self->base + HDR_TEST, sel16, 2);	/* 1, then 0 */
	EXPECT_EQ(first, IoReadIoPort8(self->base + HDR_TEST));
	IoWriteIoPortBuffer32(self->base + HDR_TEST, sel32, 1);
	EXPECT_EQ(first + 1, IoReadIoPort8(self->base + HDR_TEST));
	IoWriteIoPortBuffer32(self->base + HDR_TEST, sel32, 2);
	EXPECT_EQ(first, IoReadIoPort8(self->base + HDR_TEST));
	KnIoClose(permit);
	KnIoClose(rid);
}

TEST_F(dev, reference_example)
{
	IOPort port = { .base = self->base, .size = HDR_NAME + 1 };

	ASSERT_EQ(rcOk, PortInit(&port));
	EXPECT_EQ((void *)(uintptr_t)self->base, port.addr);
	testdev_select(self->base, 0);
	EXPECT_EQ('p', IoReadIoPort8(self->base + HDR_NAME));
	EXPECT_EQ(rcOk, KnIoClose(port.permitHandle));
	EXPECT_EQ(rcOk, KnIoClose(port.handle));
}

TEST_F(dev, register_sizes)
{
	Handle a, b, c, x;

	ASSERT_EQ(rcOk, KnRegisterPort8(self->base, &a));
	ASSERT_EQ(rcOk, KnRegisterPort16(self->base + 2, &b));
	ASSERT_EQ(rcOk, KnRegisterPort32(self->base + 4, &c));
	/* each claimed exactly its width */
	EXPECT_EQ(rcBusy, KnRegisterPort8(self->base + 3, &x));
	EXPECT_EQ(rcBusy, KnRegisterPort8(self->base + 7, &x));
	KnIoClose(a);
	KnIoClose(b);
	KnIoClose(c);
	ASSERT_EQ(rcOk, KnRegisterPort8(self->base + 1, &a));
	ASSERT_EQ(rcOk, KnRegisterPort8(self->base + 8, &b));
	KnIoClose(a);
	KnIoClose(b);
}

static void register_in_child(unsigned int base)
{
	Handle h;

	_exit(KnRegisterPort8(base, &h) == rcBusy ? 0 : 1);
}

TEST_F(dev, double_registration)
{
	Handle rid, again;

	ASSERT_EQ(rcOk, KnRegisterPorts(self->base, 16, &rid));
	EXPECT_EQ(rcBusy, KnRegisterPorts(self->base, 16, &again));
	EXPECT_EQ(INVALID_HANDLE, again);
	EXPECT_EQ(rcBusy, KnRegisterPorts(self->base + 8, 16, &again));
	EXPECT_EQ(rcBusy, KnRegisterPort32(self->base + 12, &again));
	/* another process (another context) is refused too */
	EXPECT_EQ(0, in_child(register_in_child, self->base));
	/* close releases: registering again works */
	ASSERT_EQ(rcOk, KnIoClose(rid));
	ASSERT_EQ(rcOk, KnRegisterPorts(self->base + 8, 16, &again));
	EXPECT_EQ(rcOk, KnRegisterPorts(self->base, 8, &rid));
	KnIoClose(again);
	KnIoClose(rid);
}

TEST_F(dev, permit_keeps_claim)
{
	Handle rid, permit, again;

	ASSERT_EQ(rcOk, KnRegisterPorts(self->base, 4, &rid));
	ASSERT_EQ(rcOk, KnIoPermitPort(rid, &permit));
	ASSERT_EQ(rcOk, KnIoClose(rid));
	EXPECT_EQ(rcBusy, KnRegisterPorts(self->base, 4, &again));
	testdev_select(self->base, 0);	/* the permit still works */
	EXPECT_EQ(1, IoReadIoPort8(self->base + HDR_WIDTH));
	ASSERT_EQ(rcOk, KnIoClose(permit));
	ASSERT_EQ(rcOk, KnRegisterPorts(self->base, 4, &again));
	KnIoClose(again);
}

static void read_without_permit(unsigned int base)
{
	IoReadIoPort8(base);
}

/* Read with a permit, close it with @close_fn, read again. */
static void read_after_close(unsigned int base, Retcode (*close_fn)(Handle))
{
	Handle rid, permit;

	if (KnRegisterPort8(base, &rid) || KnIoPermitPort(rid, &permit))
		_exit(1);
	IoReadIoPort8(base);
	if (close_fn(permit))
		_exit(2);
	IoReadIoPort8(base);
}

static void read_after_io_close(unsigned int base)
{
	read_after_close(base, KnIoClose);
}

static void read_after_handle_close(unsigned int base)
{
	read_after_close(base, KnHandleClose);
}

/* A permit covers its range only. */
static void read_outside_range(unsigned int base)
{
	Handle rid, permit;

	if (KnRegisterPorts(base, 4, &rid) || KnIoPermitPort(rid, &permit))
		_exit(1);
	IoReadIoPort8(base + 3);
	IoReadIoPort8(base + 4);
}

/* Two permits of one range: closing one leaves the ports to the other. */
static void overlapping_permits(unsigned int base)
{
	Handle rid, p1, p2;

	if (KnRegisterPorts(base, 4, &rid) || KnIoPermitPort(rid, &p1) ||
	    KnIoPermitPort(rid, &p2))
		_exit(1);
	if (KnIoClose(p1))
		_exit(2);
	IoReadIoPort8(base);
	if (KnIoClose(p2))
		_exit(3);
	IoReadIoPort8(base);
}

TEST_F(dev, close_revokes_access)
{
	EXPECT_EQ(128 + SIGSEGV, in_child(read_without_permit, self->base));
	EXPECT_EQ(128 + SIGSEGV, in_child(read_outside_range, self->base));
	EXPECT_EQ(128 + SIGSEGV, in_child(read_after_io_close, self->base));
	EXPECT_EQ(128 + SIGSEGV, in_child(read_after_handle_close, self->base));
	EXPECT_EQ(128 + SIGSEGV, in_child(overlapping_permits, self->base));
}

static void *thread_reads(void *arg)
{
	return (void *)(uintptr_t)IoReadIoPort8((uintptr_t)arg);
}

/* Threads created after the permit inherit the access (Linux, per thread). */
TEST_F(dev, later_threads_inherit)
{
	Handle rid, permit;
	pthread_t t;
	void *v;

	ASSERT_EQ(rcOk, KnRegisterPorts(self->base, 4, &rid));
	ASSERT_EQ(rcOk, KnIoPermitPort(rid, &permit));
	testdev_select(self->base, 0);
	ASSERT_EQ(0, pthread_create(&t, NULL, thread_reads,
				    (void *)(uintptr_t)(self->base + HDR_WIDTH)));
	ASSERT_EQ(0, pthread_join(t, &v));
	EXPECT_EQ(1, (uintptr_t)v);
	KnIoClose(permit);
	KnIoClose(rid);
}

TEST_F(dev, permit_not_transferable)
{
	Handle rid, permit, dup;

	ASSERT_EQ(rcOk, KnRegisterPort8(self->base, &rid));
	ASSERT_EQ(rcOk, KnIoPermitPort(rid, &permit));
	EXPECT_NE(rcOk, KosLinuxHandleDuplicate(permit, 0, INVALID_HANDLE, &dup));
	/* the range itself may be shared; its permit is per process */
	ASSERT_EQ(rcOk, KosLinuxHandleDuplicate(rid, 1, INVALID_HANDLE, &dup));
	EXPECT_EQ(rcOk, KnIoClose(dup));
	KnIoClose(permit);
	KnIoClose(rid);
}

static void unprivileged(unsigned int base)
{
	Handle rid, permit;

	if (KnRegisterPort8(base, &rid))
		_exit(1);
	if (setuid(65534))
		_exit(2);
	if (KnRegisterPort8(base + 1, &permit) != rcNoCapability)
		_exit(3);
	if (KnIoPermitPort(rid, &permit) != rcNoCapability ||
	    permit != INVALID_HANDLE)
		_exit(4);
	if (KnIoClose(rid))
		_exit(5);
}

TEST_F(dev, needs_cap_sys_rawio)
{
	EXPECT_EQ(0, in_child(unprivileged, self->base));
}

TEST(kernel_driver_ports_refused)
{
	Handle h = 7;

	if (!ioports_claimed(RTC_PORT))
		SKIP(return, "no driver holds port 0x70 (see /proc/ioports)");
	EXPECT_EQ(rcBusy, KnRegisterPort8(RTC_PORT, &h));
	EXPECT_EQ(INVALID_HANDLE, h);
	EXPECT_EQ(rcBusy, KnRegisterPorts(RTC_PORT - 1, 2, &h));
}

/* QEMU's pci-serial, which the built-in 8250_pci driver takes. */
#define PCI_SERIAL_VENDOR	0x1b36
#define PCI_SERIAL_DEVICE	0x0002

TEST(driver_bar_refused)
{
	unsigned long long base, len;
	char dev[64];
	Handle h = 7;

	if (pci_find(PCI_SERIAL_VENDOR, PCI_SERIAL_DEVICE, 1, dev))
		SKIP(return, "no pci-serial bound to its driver");
	base = pci_bar(dev, PCI_RES_IO, &len);
	ASSERT_NE(0, base);
	EXPECT_EQ(rcBusy, KnRegisterPorts(base, len, &h));
	EXPECT_EQ(INVALID_HANDLE, h);
	EXPECT_EQ(rcBusy, KnRegisterPort8(base + len - 1, &h));
}

TEST(bad_arguments)
{
	Handle h = 7, u;

	EXPECT_EQ(rcInvalidArgument, KnRegisterPorts(0x100, 0, &h));
	EXPECT_EQ(INVALID_HANDLE, h);
	EXPECT_EQ(rcInvalidArgument, KnRegisterPorts(0xffff, 2, &h));
	EXPECT_EQ(rcInvalidArgument, KnRegisterPorts(0, 0x10001, &h));
	EXPECT_EQ(rcInvalidArgument, KnRegisterPorts(0, 0x100000001ULL, &h));
	EXPECT_EQ(rcInvalidArgument, KnRegisterPort16(0xffff, &h));
	EXPECT_EQ(rcInvalidArgument, KnRegisterPort32(0xfffd, &h));
	EXPECT_EQ(rcInvalidArgument, KnRegisterPort8(0x100, NULL));
	EXPECT_EQ(rcInvalidArgument, KnIoPermitPort(1, NULL));
	EXPECT_EQ(rcResourceNotFound, KnIoPermitPort(123456, &h));
	EXPECT_EQ(INVALID_HANDLE, h);
	/* a handle that is not a port range */
	ASSERT_EQ(rcOk, KnHandleCreateUserObject(HANDLE_TYPE_USER_FIRST, 1, NULL, &u));
	EXPECT_EQ(rcInvalidArgument, KnIoPermitPort(u, &h));
	KnHandleClose(u);
}

TEST(abi_checks)
{
	struct kos_ioport_register r;
	struct kos_ioport_permit p;
	struct kos_version v = { .size = sizeof(v) };
	int fd = kos_open(), bit;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, kio(fd, KOS_VERSION, &v));
	EXPECT_TRUE(v.features & KOS_FEAT_IOPORT);
	for (bit = 31; bit >= 0; bit--) {
		r = (struct kos_ioport_register){ .size = sizeof(r),
			.flags = 1U << bit, .port = 0x100, .length = 1 };
		EXPECT_EQ(-EINVAL, kio(fd, KOS_IOPORT_REGISTER, &r)) TH_LOG("bit %d", bit);
		p = (struct kos_ioport_permit){ .size = sizeof(p),
			.flags = 1U << bit, .handle = 1 };
		EXPECT_EQ(-EINVAL, kio(fd, KOS_IOPORT_PERMIT, &p)) TH_LOG("bit %d", bit);
	}
	r = (struct kos_ioport_register){ .size = sizeof(r), .port = 0x100,
		.length = 1, .__reserved = 1 };
	EXPECT_EQ(-EINVAL, kio(fd, KOS_IOPORT_REGISTER, &r));
	r = (struct kos_ioport_register){ .size = 16, .port = 0x100, .length = 1 };
	EXPECT_EQ(-EINVAL, kio(fd, KOS_IOPORT_REGISTER, &r));
	p = (struct kos_ioport_permit){ .size = 20, .handle = 1 };
	EXPECT_EQ(-EINVAL, kio(fd, KOS_IOPORT_PERMIT, &p));
	/* out fields must come in as 0 */
	p = (struct kos_ioport_permit){ .size = sizeof(p), .handle = 1, .port = 1 };
	EXPECT_EQ(-EINVAL, kio(fd, KOS_IOPORT_PERMIT, &p));
	close(fd);
}

TEST_HARNESS_MAIN
