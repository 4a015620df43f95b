// SPDX-License-Identifier: GPL-2.0
/* /dev/kos contexts and the ioctl conventions every command follows. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <linux/kos.h>

#include "kselftest_harness.h"
#include "kos_util.h"

FIXTURE(ctx) {
	int fd;
};

FIXTURE_SETUP(ctx)
{
	self->fd = kos_open();
	ASSERT_LE(0, self->fd) TH_LOG("open /dev/kos: %s", strerror(errno));
}

FIXTURE_TEARDOWN(ctx)
{
	close(self->fd);
}

TEST_F(ctx, version_exact)
{
	struct kos_version v = { .size = sizeof(v) };

	ASSERT_EQ(0, ioctl(self->fd, KOS_VERSION, &v));
	EXPECT_EQ(1, v.abi_version);
	EXPECT_EQ(KOS_ABI_VERSION, v.abi_version);
	EXPECT_NE(0, v.features & KOS_FEAT_CONTEXT);
}

TEST_F(ctx, unknown_command)
{
	struct kos_version v = { .size = sizeof(v) };

	EXPECT_EQ(-1, ioctl(self->fd, _IO(KOS_TYPE, KOS_CMD_BASE - 1), &v));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, _IO(KOS_TYPE, KOS_CMD_LAST + 1), &v));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, _IO('x', KOS_CMD_VERSION), &v));
	EXPECT_EQ(ENOTTY, errno);
	/* Size baked into the number is a different command. */
	EXPECT_EQ(-1, ioctl(self->fd, _IOWR(KOS_TYPE, KOS_CMD_VERSION, v), &v));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(ctx, bad_pointer)
{
	EXPECT_EQ(-1, ioctl(self->fd, KOS_VERSION, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, KOS_VERSION, (void *)16));
	EXPECT_EQ(EFAULT, errno);
}

/* Every size below the first version is EINVAL. */
TEST_F(ctx, size_too_small)
{
	struct kos_version v;
	__u32 size;

	for (size = 0; size < sizeof(v); size++) {
		memset(&v, 0, sizeof(v));
		v.size = size;
		EXPECT_EQ(-1, ioctl(self->fd, KOS_VERSION, &v));
		EXPECT_EQ(EINVAL, errno);
	}
}

/* A newer, larger struct is accepted while its tail is zero. */
TEST_F(ctx, size_larger_zero_tail_ok_nonzero_tail_e2big)
{
	struct {
		struct kos_version v;
		__u64 tail[4];
	} big;

	memset(&big, 0, sizeof(big));
	big.v.size = sizeof(big);
	EXPECT_EQ(0, ioctl(self->fd, KOS_VERSION, &big));
	EXPECT_EQ(KOS_ABI_VERSION, big.v.abi_version);
	EXPECT_EQ(0, big.tail[3]);

	big.tail[2] = 1;
	EXPECT_EQ(-1, ioctl(self->fd, KOS_VERSION, &big));
	EXPECT_EQ(E2BIG, errno);

	/* Absurd sizes must not make the kernel read past the page. */
	big.v.size = 1u << 31;
	EXPECT_EQ(-1, ioctl(self->fd, KOS_VERSION, &big));
	EXPECT_TRUE(errno == EFAULT || errno == E2BIG);
}

/* Unknown flag bits, from bit 31 down: every one is EINVAL. */
TEST_F(ctx, unknown_flags_sweep)
{
	int bit;

	for (bit = 31; bit >= 0; bit--) {
		struct kos_version v = { .size = sizeof(v), .flags = 1u << bit };

		EXPECT_EQ(-1, ioctl(self->fd, KOS_VERSION, &v));
		EXPECT_EQ(EINVAL, errno);
	}
}

TEST_F(ctx, reserved_must_be_zero)
{
	struct kos_version v = { .size = sizeof(v), .__reserved = 1 };

	EXPECT_EQ(-1, ioctl(self->fd, KOS_VERSION, &v));
	EXPECT_EQ(EINVAL, errno);
}

/* A child after fork() shares the file but not the mm: refused. */
TEST_F(ctx, use_after_fork_refused)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct kos_version v = { .size = sizeof(v) };

		if (ioctl(self->fd, KOS_VERSION, &v) != -1 || errno != EBADFD)
			_exit(1);
		/* Its own open is a context of its own and works. */
		int fd = kos_open();

		if (fd < 0 || ioctl(fd, KOS_VERSION, &v) != 0)
			_exit(2);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));

	/* And the parent's context is unaffected. */
	struct kos_version v = { .size = sizeof(v) };

	EXPECT_EQ(0, ioctl(self->fd, KOS_VERSION, &v));
}

/* Threads share the mm, so they share the context. */
static void *thread_version(void *arg)
{
	struct kos_version v = { .size = sizeof(v) };

	return (void *)(intptr_t)ioctl(*(int *)arg, KOS_VERSION, &v);
}

TEST_F(ctx, usable_from_threads)
{
	pthread_t t;
	void *ret;

	ASSERT_EQ(0, pthread_create(&t, NULL, thread_version, &self->fd));
	ASSERT_EQ(0, pthread_join(t, &ret));
	EXPECT_EQ(0, (intptr_t)ret);
}

TEST(two_opens_two_contexts)
{
	long before = kos_live_objects("contexts");
	int a, b;

	ASSERT_LE(0, before) TH_LOG("debugfs not mounted?");
	a = kos_open();
	b = kos_open();
	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	EXPECT_EQ(before + 2, kos_live_objects("contexts"));
	close(a);
	EXPECT_EQ(before + 1, kos_live_objects("contexts"));
	close(b);
	EXPECT_EQ(before, kos_live_objects("contexts"));
}

/*
 * Each open registers an mmu notifier and each close waits for an SRCU grace
 * period (mmu_notifier_unregister): about 15 ms a cycle on PREEMPT_RT under
 * TCG, hence 2 000 cycles (leaks are counted exactly) and the time limit.
 */
TEST_F_TIMEOUT(ctx, many_opens_no_leak, 300)
{
	long before = kos_live_objects("contexts");
	int i;

	ASSERT_LE(0, before);
	for (i = 0; i < 2000 / kos_loop_scale(); i++) {
		int fd = kos_open();

		ASSERT_LE(0, fd);
		close(fd);
	}
	EXPECT_EQ(before, kos_live_objects("contexts"));
}

/* The module is pinned while a context is open: rmmod is refused. */
TEST_F(ctx, rmmod_refused_while_open)
{
	EXPECT_EQ(-1, syscall(SYS_delete_module, "kos", O_NONBLOCK));
	EXPECT_TRUE(errno == EWOULDBLOCK || errno == EBUSY)
		TH_LOG("delete_module: %s", strerror(errno));
}

TEST_HARNESS_MAIN
