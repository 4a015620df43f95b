// SPDX-License-Identifier: GPL-2.0
/*
 * DMA buffers are charged to the creator's memory cgroup: memory.current
 * grows by the buffer and shrinks when it is freed, and a buffer that does
 * not fit under memory.max fails with rcOutOfMemory without the cgroup's
 * OOM killer taking the caller.  Runs in the VM as root; mounts cgroup2 on
 * /sys/fs/cgroup if nothing is mounted there.
 */
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <coresrv/io/dma.h>

#include "kselftest_harness.h"
#include "kos_util.h"

#define CG_ROOT "/sys/fs/cgroup"
#define CG CG_ROOT "/kos-dma-test"
#define MIB (1024ULL * 1024)

/* A number from a cgroup file; with @key, the value of that "key value" line. */
static long long cg_read(const char *file, const char *key)
{
	char name[64];
	long long v = -1, x;
	FILE *f = fopen(file, "r");

	if (!f)
		return -1;
	if (!key) {
		if (fscanf(f, "%lld", &v) != 1)
			v = -1;
	} else {
		while (fscanf(f, "%63s %lld", name, &x) == 2)
			if (!strcmp(name, key))
				v = x;
	}
	fclose(f);
	return v;
}

FIXTURE(memcg) {
	int mounted;
};

FIXTURE_SETUP(memcg)
{
	struct stat st;

	if (stat(CG_ROOT "/cgroup.controllers", &st)) {
		if (mount("cgroup2", CG_ROOT, "cgroup2", 0, NULL))
			SKIP(return, "cannot mount cgroup2 on " CG_ROOT);
		self->mounted = 1;
	}
	if (kos_write_file(CG_ROOT "/cgroup.subtree_control", "+memory"))
		SKIP(return, "no memory controller");
	rmdir(CG);
	ASSERT_EQ(0, mkdir(CG, 0755));
}

FIXTURE_TEARDOWN(memcg)
{
	rmdir(CG);
	if (self->mounted)
		umount(CG_ROOT);
}

/* In the child, inside the cgroup: exit 0 or the number of the failed step. */
static int charged_child(void)
{
	long long before, with, after, cur;
	char pid[32];
	Handle h;

	snprintf(pid, sizeof(pid), "%d", getpid());
	if (kos_write_file(CG "/cgroup.procs", pid))
		return 1;
	before = cg_read(CG "/memory.current", NULL);
	if (KnIoDmaCreate(3, 8 * MIB, DMA_DIR_BIDIR, &h) != rcOk)
		return 2;
	with = cg_read(CG "/memory.current", NULL);
	if (with < before + (long long)(8 * MIB))
		return 3;
	if (KnIoClose(h) != rcOk)
		return 4;
	after = cg_read(CG "/memory.current", NULL);
	if (after > with - (long long)(7 * MIB))
		return 5;

	/* over memory.max: a clean failure, not an OOM kill (order 3 is
	 * the largest the OOM killer would act for) */
	cur = cg_read(CG "/memory.current", NULL);
	snprintf(pid, sizeof(pid), "%lld", cur + (long long)(4 * MIB));
	if (kos_write_file(CG "/memory.max", pid))
		return 6;
	if (KnIoDmaCreate(3, 16 * MIB, DMA_DIR_BIDIR, &h) != rcOutOfMemory)
		return 7;
	if (KnIoDmaCreate(0, 2 * MIB, DMA_DIR_BIDIR, &h) != rcOk)
		return 8;
	KnIoClose(h);
	return 0;
}

TEST_F(memcg, buffers_are_charged)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (!pid)
		_exit(charged_child());
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("child killed by signal %d",
					      WTERMSIG(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(0, cg_read(CG "/memory.events", "oom_kill"));
	/* everything went back when the child's context closed */
	EXPECT_GT(2 * MIB, cg_read(CG "/memory.current", NULL));
}

TEST_HARNESS_MAIN
