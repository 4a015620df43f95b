// SPDX-License-Identifier: GPL-2.0
/*
 * Name servers: NsCreate (default, timeout, appearing, KosNsServe),
 * publish/enumerate/unpublish, entries and name servers dying with their
 * process, limits, bad arguments, and the raw KOS_NS_* ABI.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>

#include <linux/kos.h>
#include <coresrv/ns/ns_api.h>
#include <kos/linux.h>

#include "kselftest_harness.h"
#include "proc_util.h"
#include "kos_util.h"

#define BLOCK "kl.drivers.Block"

/* A type unique to this process, so tests never see each other's entries. */
static const char *utype(const char *tag)
{
	static char buf[4][NS_NAME_MAX];
	static int n;
	char *b = buf[n++ % 4];

	snprintf(b, NS_NAME_MAX, "%s.%d", tag, (int)getpid());
	return b;
}

TEST(default_exists)
{
	NsHandle a = 0, b = 0;

	EXPECT_EQ(rcOk, NsCreate(RTL_NULL, 0, &a));
	EXPECT_EQ(rcOk, NsCreate("ns", 0, &b));
	EXPECT_EQ(a, b);
	EXPECT_EQ(KOS_NS_DEFAULT, a);
}

TEST(create_timeout)
{
	struct timespec t0;
	NsHandle ns;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	EXPECT_EQ(rcTimeout, NsCreate("no.such.ns", 150, &ns));
	EXPECT_LE(150 - TIMER_SLACK_MS, ms_since(&t0));
	EXPECT_EQ(rcTimeout, NsCreate("no.such.ns", 0, &ns));
}

/* NsCreate waits for a name server that appears later, and it goes away with its process. */
TEST(create_waits_for_server)
{
	const char *name = utype("ns.late");
	int go[2], done[2];
	NsHandle ns;
	char srv[NS_NAME_MAX], svc[NS_NAME_MAX];
	pid_t pid;

	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(done));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		NsHandle mine;

		usleep(100000);
		if (KosNsServe(name, &mine) != rcOk ||
		    NsPublishService(mine, BLOCK, "late.server", "blkdev.late") != rcOk)
			_exit(1);
		if (write(go[1], "x", 1) != 1 || read(done[0], srv, 1) != 1)
			_exit(2);
		_exit(0);
	}
	ASSERT_EQ(rcOk, NsCreate(name, 5000, &ns));
	EXPECT_NE(KOS_NS_DEFAULT, ns);
	ASSERT_EQ(1, read(go[0], srv, 1));
	EXPECT_EQ(rcOk, NsEnumServices(ns, BLOCK, 0, srv, sizeof(srv), svc, sizeof(svc)));
	EXPECT_STREQ("late.server", srv);
	EXPECT_STREQ("blkdev.late", svc);
	ASSERT_EQ(1, write(done[1], "x", 1));
	EXPECT_EQ(0, child_status(pid));
	/* Its process is gone: so are the name server and its entries. */
	EXPECT_EQ(rcNotConnected, NsEnumServices(ns, BLOCK, 0, srv, sizeof(srv), svc, sizeof(svc)));
	EXPECT_EQ(rcNotConnected, NsPublishService(ns, BLOCK, "x", "y"));
	EXPECT_EQ(rcTimeout, NsCreate(name, 0, &ns));
}

TEST(serve_name_taken)
{
	const char *name = utype("ns.twice");
	NsHandle a, b;

	EXPECT_EQ(rcAlreadyExists, KosNsServe("ns", &a));
	ASSERT_EQ(rcOk, KosNsServe(name, &a));
	EXPECT_EQ(rcAlreadyExists, KosNsServe(name, &b));
	EXPECT_EQ(rcOk, NsCreate(name, 0, &b));
	EXPECT_EQ(a, b);
}

TEST(publish_enum_unpublish)
{
	const char *type = utype("t.block"), *other = utype("t.net");
	char srv[NS_NAME_MAX], svc[NS_NAME_MAX];
	NsHandle ns;

	ASSERT_EQ(rcOk, NsCreate(RTL_NULL, 0, &ns));
	EXPECT_EQ(rcResourceNotFound, NsEnumServices(ns, type, 0, srv, sizeof(srv), svc, sizeof(svc)));
	ASSERT_EQ(rcOk, NsPublishService(ns, type, "kl.drivers.Ata", "blkdev.ata"));
	ASSERT_EQ(rcOk, NsPublishService(ns, other, "kl.drivers.Net", "net.eth0"));
	ASSERT_EQ(rcOk, NsPublishService(ns, type, "kl.drivers.Sata", "blkdev.sata"));
	ASSERT_EQ(rcOk, NsPublishService(ns, type, "kl.drivers.Ata", "blkdev.ata2"));
	EXPECT_EQ(rcAlreadyExists, NsPublishService(ns, type, "kl.drivers.Ata", "blkdev.ata"));

	/* Enumeration: publishing order, then rcResourceNotFound. */
	EXPECT_EQ(rcOk, NsEnumServices(ns, type, 0, srv, sizeof(srv), svc, sizeof(svc)));
	EXPECT_STREQ("kl.drivers.Ata", srv);
	EXPECT_STREQ("blkdev.ata", svc);
	EXPECT_EQ(rcOk, NsEnumServices(ns, type, 1, srv, sizeof(srv), svc, sizeof(svc)));
	EXPECT_STREQ("blkdev.sata", svc);
	EXPECT_EQ(rcOk, NsEnumServices(ns, type, 2, srv, sizeof(srv), svc, sizeof(svc)));
	EXPECT_STREQ("blkdev.ata2", svc);
	EXPECT_EQ(rcResourceNotFound, NsEnumServices(ns, type, 3, srv, sizeof(srv), svc, sizeof(svc)));
	EXPECT_EQ(rcOk, NsEnumServices(ns, other, 0, srv, sizeof(srv), svc, sizeof(svc)));
	EXPECT_STREQ("net.eth0", svc);
	EXPECT_EQ(rcResourceNotFound, NsEnumServices(ns, other, 1, srv, sizeof(srv), svc, sizeof(svc)));

	/* Unpublish needs all three names; the rest moves up. */
	EXPECT_EQ(rcResourceNotFound, NsUnPublishService(ns, type, "kl.drivers.Sata", "blkdev.ata"));
	EXPECT_EQ(rcResourceNotFound, NsUnPublishService(ns, other, "kl.drivers.Sata", "blkdev.sata"));
	EXPECT_EQ(rcOk, NsUnPublishService(ns, type, "kl.drivers.Sata", "blkdev.sata"));
	EXPECT_EQ(rcResourceNotFound, NsUnPublishService(ns, type, "kl.drivers.Sata", "blkdev.sata"));
	EXPECT_EQ(rcOk, NsEnumServices(ns, type, 1, srv, sizeof(srv), svc, sizeof(svc)));
	EXPECT_STREQ("blkdev.ata2", svc);
	EXPECT_EQ(rcResourceNotFound, NsEnumServices(ns, type, 2, srv, sizeof(srv), svc, sizeof(svc)));
}

TEST(buffer_too_small)
{
	const char *type = utype("t.small");
	char srv[NS_NAME_MAX], svc[NS_NAME_MAX];
	NsHandle ns;

	ASSERT_EQ(rcOk, NsCreate(RTL_NULL, 0, &ns));
	ASSERT_EQ(rcOk, NsPublishService(ns, type, "server", "service"));
	EXPECT_EQ(rcBufferTooSmall, NsEnumServices(ns, type, 0, srv, 6, svc, sizeof(svc)));
	EXPECT_EQ(rcBufferTooSmall, NsEnumServices(ns, type, 0, srv, sizeof(srv), svc, 7));
	EXPECT_EQ(rcOk, NsEnumServices(ns, type, 0, srv, 7, svc, 8));
	EXPECT_STREQ("server", srv);
	EXPECT_STREQ("service", svc);
}

/* Entries belong to their publisher: others cannot remove them, its exit does. */
TEST(publisher_death_removes_entries)
{
	const char *type = utype("t.death");
	char srv[NS_NAME_MAX], svc[NS_NAME_MAX];
	long entries = kos_live_objects("ns_entries");
	int go[2], done[2];
	NsHandle ns;
	pid_t pid;

	ASSERT_EQ(rcOk, NsCreate(RTL_NULL, 0, &ns));
	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(done));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		if (NsPublishService(ns, type, "dying", "svc.a") != rcOk ||
		    NsPublishService(ns, type, "dying", "svc.b") != rcOk)
			_exit(1);
		if (write(go[1], "x", 1) != 1 || read(done[0], srv, 1) != 1)
			_exit(2);
		_exit(0);
	}
	ASSERT_EQ(1, read(go[0], srv, 1));
	EXPECT_EQ(entries + 2, kos_live_objects("ns_entries"));
	EXPECT_EQ(rcOk, NsEnumServices(ns, type, 1, srv, sizeof(srv), svc, sizeof(svc)));
	EXPECT_STREQ("svc.b", svc);
	EXPECT_EQ(rcResourceNotFound, NsUnPublishService(ns, type, "dying", "svc.a"));
	ASSERT_EQ(1, write(done[1], "x", 1));
	EXPECT_EQ(0, child_status(pid));
	EXPECT_EQ(rcResourceNotFound, NsEnumServices(ns, type, 0, srv, sizeof(srv), svc, sizeof(svc)));
	EXPECT_EQ(entries, kos_live_objects("ns_entries"));
}

TEST(per_process_limit)
{
	const char *type = utype("t.quota");
	char svc[NS_NAME_MAX];
	NsHandle ns;
	int i;

	ASSERT_EQ(rcOk, NsCreate(RTL_NULL, 0, &ns));
	for (i = 0; i < KOS_NS_CTX_MAX; i++) {
		snprintf(svc, sizeof(svc), "svc.%d", i);
		ASSERT_EQ(rcOk, NsPublishService(ns, type, "quota", svc));
	}
	EXPECT_EQ(rcQuotaExceeded, NsPublishService(ns, type, "quota", "one.more"));
	EXPECT_EQ(rcOk, NsUnPublishService(ns, type, "quota", "svc.0"));
	EXPECT_EQ(rcOk, NsPublishService(ns, type, "quota", "one.more"));
}

TEST(bad_arguments)
{
	char longname[NS_NAME_MAX + 1], srv[NS_NAME_MAX], svc[NS_NAME_MAX];
	NsHandle ns;

	memset(longname, 'n', NS_NAME_MAX);
	longname[NS_NAME_MAX] = '\0';
	ASSERT_EQ(rcOk, NsCreate(RTL_NULL, 0, &ns));
	EXPECT_EQ(rcInvalidArgument, NsCreate(RTL_NULL, 0, RTL_NULL));
	EXPECT_EQ(rcInvalidArgument, NsCreate("", 0, &ns));
	EXPECT_EQ(rcInvalidArgument, NsCreate(longname, 0, &ns));
	EXPECT_EQ(rcInvalidArgument, KosNsServe(RTL_NULL, &ns));
	EXPECT_EQ(rcInvalidArgument, KosNsServe("x", RTL_NULL));
	EXPECT_EQ(rcInvalidArgument, NsPublishService(ns, RTL_NULL, "s", "v"));
	EXPECT_EQ(rcInvalidArgument, NsPublishService(ns, BLOCK, RTL_NULL, "v"));
	EXPECT_EQ(rcInvalidArgument, NsPublishService(ns, BLOCK, "s", ""));
	EXPECT_EQ(rcInvalidArgument, NsPublishService(ns, longname, "s", "v"));
	EXPECT_EQ(rcInvalidArgument, NsUnPublishService(ns, BLOCK, longname, "v"));
	EXPECT_EQ(rcInvalidArgument, NsEnumServices(ns, RTL_NULL, 0, srv, sizeof(srv), svc, sizeof(svc)));
	EXPECT_EQ(rcInvalidArgument, NsEnumServices(ns, BLOCK, 0, RTL_NULL, 1, svc, sizeof(svc)));
	EXPECT_EQ(rcInvalidArgument, NsEnumServices(ns, BLOCK, 0, srv, sizeof(srv), RTL_NULL, 1));
	/* 63 bytes is the longest name. */
	longname[NS_NAME_MAX - 1] = '\0';
	EXPECT_EQ(rcOk, NsPublishService(ns, longname, longname, longname));
	EXPECT_EQ(rcOk, NsUnPublishService(ns, longname, longname, longname));
	/* Unknown name server ids. */
	EXPECT_EQ(rcNotConnected, NsPublishService(0, BLOCK, "s", "v"));
	EXPECT_EQ(rcNotConnected, NsEnumServices(12345678, BLOCK, 0, srv, sizeof(srv), svc, sizeof(svc)));
}

/* Raw ABI: unknown flag bits, reserved fields, sizes, non-terminated names. */
TEST(raw_abi)
{
	struct kos_ns_open o = { .size = sizeof(o), .name = "ns" };
	struct kos_ns_entry e = { .size = sizeof(e), .ns = KOS_NS_DEFAULT,
				  .type = "t", .server = "s", .service = "v" };
	int fd = kos_open(), bit;

	ASSERT_LE(0, fd);
	for (bit = 31; bit >= 1; bit--) {
		o.flags = 1U << bit;
		EXPECT_EQ(-1, ioctl(fd, KOS_NS_OPEN, &o));
		EXPECT_EQ(EINVAL, errno);
		e.flags = 1U << bit;
		EXPECT_EQ(-1, ioctl(fd, KOS_NS_PUBLISH, &e));
		EXPECT_EQ(EINVAL, errno);
	}
	o.flags = 0;
	e.flags = 0;
	EXPECT_EQ(0, ioctl(fd, KOS_NS_OPEN, &o));
	EXPECT_EQ(KOS_NS_DEFAULT, o.id);
	o.id = 0;
	o.__reserved = 1;
	EXPECT_EQ(-1, ioctl(fd, KOS_NS_OPEN, &o));
	EXPECT_EQ(EINVAL, errno);
	o.__reserved = 0;
	o.size = offsetof(struct kos_ns_open, name);
	EXPECT_EQ(-1, ioctl(fd, KOS_NS_OPEN, &o));
	EXPECT_EQ(EINVAL, errno);
	e.index = 1;
	EXPECT_EQ(-1, ioctl(fd, KOS_NS_PUBLISH, &e));
	EXPECT_EQ(EINVAL, errno);
	e.index = 0;
	memset(e.service, 'v', sizeof(e.service));
	EXPECT_EQ(-1, ioctl(fd, KOS_NS_PUBLISH, &e));
	EXPECT_EQ(EINVAL, errno);
	e.size = offsetof(struct kos_ns_entry, service);
	EXPECT_EQ(-1, ioctl(fd, KOS_NS_ENUM, &e));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
}

TEST(abi_features)
{
	struct kos_version v = { .size = sizeof(v) };
	int fd = kos_open();

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, KOS_VERSION, &v));
	EXPECT_TRUE(v.features & KOS_FEAT_NS);
	EXPECT_TRUE(v.features & KOS_FEAT_IPC_CALL_TIMEOUT);
	close(fd);
}

TEST_HARNESS_MAIN
