// SPDX-License-Identifier: GPL-2.0
/* KnVm*: flag validation, page states, protection, guards; KosMem*. */
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <coresrv/vmm/vmm_api.h>
#include <kos/alloc.h>

#include "kselftest_harness.h"

#define RW (VMM_FLAG_READ | VMM_FLAG_WRITE)

static size_t ps(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/* 1 when reading (or writing) @p faults, checked in a child process. */
static int faults(volatile char *p, int write)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		if (write)
			*p = 1;
		else
			(void)*p;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
}

struct flag_case {
	int flags;
	int ok;
};

TEST(allocate_flag_combinations)
{
	static const struct flag_case cases[] = {
		{ VMM_FLAG_RESERVE, 1 },
		{ VMM_FLAG_RESERVE | VMM_FLAG_READ, 1 },
		{ VMM_FLAG_RESERVE | RW | VMM_FLAG_COMMIT, 1 },
		{ VMM_FLAG_RESERVE | VMM_FLAG_READ | VMM_FLAG_EXECUTE, 1 },
		{ VMM_FLAG_RESERVE | VMM_FLAG_RWX_MASK | VMM_FLAG_COMMIT, 1 },
		{ VMM_FLAG_RESERVE | RW | VMM_FLAG_COMMIT | VMM_FLAG_LOCKED, 1 },
		{ VMM_FLAG_RESERVE | RW | VMM_FLAG_WRITE_COMBINE, 1 },
		{ VMM_FLAG_RESERVE | RW | VMM_FLAG_LOW_GUARD | VMM_FLAG_HIGH_GUARD, 1 },
		{ VMM_FLAG_RESERVE | RW | VMM_FLAG_GROW_DOWN, 1 },
		{ RW | VMM_FLAG_COMMIT, 0 },				/* no RESERVE */
		{ VMM_FLAG_RESERVE | VMM_FLAG_WRITE, 0 },		/* W alone */
		{ VMM_FLAG_RESERVE | VMM_FLAG_EXECUTE, 0 },		/* X alone */
		{ VMM_FLAG_RESERVE | VMM_FLAG_WRITE | VMM_FLAG_EXECUTE, 0 },
		{ VMM_FLAG_RESERVE | RW | VMM_FLAG_LOCKED, 0 },	/* LOCKED w/o COMMIT */
		{ VMM_FLAG_RESERVE | VMM_FLAG_WRITE_BACK | VMM_FLAG_CACHE_DISABLE, 0 },
		{ VMM_FLAG_RESERVE | 0x8000, 0 },			/* unknown bit */
	};
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		void *p = KnVmAllocate(RTL_NULL, 2 * ps(), cases[i].flags);

		ASSERT_EQ(cases[i].ok, p != NULL)
			TH_LOG("case %u flags %#x", i, cases[i].flags);
		if (p)
			ASSERT_EQ(rcOk, KnVmUnmap(p, 2 * ps()));
	}
	ASSERT_EQ(NULL, KnVmAllocate(RTL_NULL, 0, VMM_FLAG_RESERVE));
	ASSERT_EQ(NULL, KnVmAllocate(RTL_NULL, ps() + 1, VMM_FLAG_RESERVE));
	ASSERT_EQ(NULL, KnVmAllocate((void *)1, ps(), VMM_FLAG_RESERVE));
}

TEST(reserve_commit_decommit)
{
	char *p = KnVmAllocate(RTL_NULL, 4 * ps(), VMM_FLAG_RESERVE | RW);

	ASSERT_NE(NULL, p);
	ASSERT_TRUE(faults(p, 0));			/* reserved only */
	ASSERT_EQ(rcOk, KnVmCommit(p + ps(), 2 * ps(), VMM_FLAG_LOCKED));
	ASSERT_TRUE(faults(p, 0));
	p[ps()] = 42;
	p[3 * ps() - 1] = 43;
	ASSERT_TRUE(faults(p + 3 * ps(), 0));
	ASSERT_EQ(rcOk, KnVmDecommit(p + ps(), ps()));
	ASSERT_TRUE(faults(p + ps(), 0));
	ASSERT_EQ(43, p[3 * ps() - 1]);
	ASSERT_EQ(rcOk, KnVmCommit(p + ps(), ps(), 0));
	ASSERT_EQ(0, p[ps()]);				/* contents dropped */
	ASSERT_EQ(rcInvalidArgument, KnVmCommit(p + 3 * ps(), 2 * ps(), 0));
	ASSERT_EQ(rcInvalidArgument, KnVmCommit(p + 1, ps(), 0));
	ASSERT_EQ(rcInvalidArgument, KnVmDecommit(p, 0));
	ASSERT_EQ(rcInvalidArgument, KnVmUnmap(p, ps()));
	ASSERT_EQ(rcOk, KnVmUnmap(p, 4 * ps()));
	ASSERT_EQ(rcInvalidArgument, KnVmUnmap(p, 4 * ps()));
}

/* Number of resident pages of [p, p + n pages). */
static size_t resident(void *p, size_t n)
{
	unsigned char vec[64];
	size_t i, r = 0;

	if (n > sizeof(vec) || mincore(p, n * ps(), vec))
		return (size_t)-1;
	for (i = 0; i < n; i++)
		r += vec[i] & 1;
	return r;
}

TEST(locked_commits_at_once_commit_is_lazy)
{
	char *lazy = KnVmAllocate(RTL_NULL, 8 * ps(),
				  VMM_FLAG_RESERVE | VMM_FLAG_COMMIT | RW);
	char *now = KnVmAllocate(RTL_NULL, 8 * ps(), VMM_FLAG_RESERVE |
				 VMM_FLAG_COMMIT | VMM_FLAG_LOCKED | RW);

	ASSERT_NE(NULL, lazy);
	ASSERT_NE(NULL, now);
	ASSERT_EQ(0, resident(lazy, 8));
	ASSERT_EQ(8, resident(now, 8));
	ASSERT_EQ(rcOk, KnVmCommit(lazy, 2 * ps(), VMM_FLAG_LOCKED));
	ASSERT_EQ(2, resident(lazy, 8));
	ASSERT_EQ(rcOk, KnVmDecommit(now, 8 * ps()));
	ASSERT_EQ(0, resident(now, 8));
	ASSERT_EQ(rcOk, KnVmUnmap(lazy, 8 * ps()));
	ASSERT_EQ(rcOk, KnVmUnmap(now, 8 * ps()));
}

TEST(protect_combinations)
{
	char *p = KnVmAllocate(RTL_NULL, 2 * ps(),
			       VMM_FLAG_RESERVE | VMM_FLAG_COMMIT | RW);

	ASSERT_NE(NULL, p);
	p[0] = 1;
	ASSERT_EQ(rcOk, KnVmProtect(p, ps(), VMM_FLAG_READ));
	ASSERT_FALSE(faults(p, 0));
	ASSERT_TRUE(faults(p, 1));
	ASSERT_FALSE(faults(p + ps(), 1));
	ASSERT_EQ(rcOk, KnVmProtect(p, ps(), VMM_FLAG_RWX_MASK));
	ASSERT_FALSE(faults(p, 1));
	ASSERT_EQ(rcOk, KnVmProtect(p, ps(), VMM_FLAG_READ | VMM_FLAG_EXECUTE));
	ASSERT_EQ(rcInvalidArgument, KnVmProtect(p, ps(), VMM_FLAG_WRITE));
	ASSERT_EQ(rcInvalidArgument, KnVmProtect(p, ps(), VMM_FLAG_EXECUTE));
	ASSERT_EQ(rcInvalidArgument,
		  KnVmProtect(p, ps(), VMM_FLAG_WRITE | VMM_FLAG_EXECUTE));
	ASSERT_EQ(rcInvalidArgument, KnVmProtect(p, ps(), 0));
	ASSERT_EQ(rcInvalidArgument, KnVmProtect(p, ps(), RW | VMM_FLAG_COMMIT));
	ASSERT_EQ(rcOk, KnVmUnmap(p, 2 * ps()));
}

TEST(guard_pages)
{
	char *p = KnVmAllocate(RTL_NULL, ps(), VMM_FLAG_RESERVE | VMM_FLAG_COMMIT |
			       RW | VMM_FLAG_LOW_GUARD | VMM_FLAG_HIGH_GUARD);

	ASSERT_NE(NULL, p);
	p[0] = 1;
	ASSERT_TRUE(faults(p - 1, 0));
	ASSERT_TRUE(faults(p + ps(), 0));
	ASSERT_EQ(rcInvalidArgument, KnVmCommit(p - ps(), ps(), 0));
	ASSERT_EQ(rcOk, KnVmUnmap(p, ps()));
}

TEST(fixed_address)
{
	char *p = KnVmAllocate(RTL_NULL, 4 * ps(), VMM_FLAG_RESERVE);
	char *q;

	ASSERT_NE(NULL, p);
	ASSERT_EQ(rcOk, KnVmUnmap(p, 4 * ps()));
	q = KnVmAllocate(p + ps(), ps(), VMM_FLAG_RESERVE | VMM_FLAG_COMMIT | RW);
	ASSERT_EQ(p + ps(), q);
	/* taken: refused, not replaced */
	ASSERT_EQ(NULL, KnVmAllocate(q, ps(), VMM_FLAG_RESERVE));
	ASSERT_EQ(rcOk, KnVmUnmap(q, ps()));
}

/* The reference's coredump example. */
TEST(reference_coredump_example)
{
	struct { void *base; rtl_size_t size; } cd, *coredump = &cd;
	rtl_size_t vmaSize = 16 * ps();

	coredump->size = vmaSize;
	coredump->base = KnVmAllocate(RTL_NULL, vmaSize,
				      VMM_FLAG_READ | VMM_FLAG_RESERVE |
				      VMM_FLAG_WRITE | VMM_FLAG_COMMIT |
				      VMM_FLAG_LOCKED);
	ASSERT_NE(NULL, coredump->base);
	memset(coredump->base, 0xab, vmaSize);
	ASSERT_EQ(rcOk, KnVmProtect(coredump->base, vmaSize, VMM_FLAG_READ));
	ASSERT_TRUE(faults(coredump->base, 1));
	ASSERT_EQ(rcOk, KnVmUnmap(coredump->base, coredump->size));
}

TEST(mem_alloc_family)
{
	unsigned char *p = KosMemAlloc(100), *z;
	size_t align;

	ASSERT_NE(NULL, p);
	ASSERT_EQ(100, KosMemGetSize(p));
	memset(p, 0xff, 100);
	KosMemFree(p);
	z = KosMemZalloc(1000);
	ASSERT_NE(NULL, z);
	ASSERT_EQ(1000, KosMemGetSize(z));
	for (size_t i = 0; i < 1000; i++)
		ASSERT_EQ(0, z[i]);
	KosMemFree(z);
	for (align = 1; align <= 65536; align <<= 1) {
		p = KosMemAllocEx(3 * align, align, 1);
		ASSERT_NE(NULL, p);
		ASSERT_EQ(0, (uintptr_t)p % align);
		ASSERT_EQ(3 * align, KosMemGetSize(p));
		ASSERT_EQ(0, p[3 * align - 1]);
		KosMemFree(p);
	}
	ASSERT_EQ(NULL, KosMemAllocEx(16, 24, 0));
	ASSERT_EQ(NULL, KosMemAlloc((rtl_size_t)-1));
	ASSERT_EQ(0, KosMemGetSize(NULL));
	KosMemFree(NULL);
}

TEST_HARNESS_MAIN
