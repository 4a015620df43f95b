// SPDX-License-Identifier: GPL-2.0
/*
 * The lock and queue stress tests and the sync tests, rebuilt together with
 * the libkos sources under ThreadSanitizer: any data race report fails.
 * Skips when the source tree or a TSan-capable compiler is missing.
 */
#include "kselftest_harness.h"
#include "libkos_util.h"

static int run_under_tsan(const char *test)
{
	char cmd[6 * PATH_MAX + 512], bin[64];
	int rc;

	snprintf(bin, sizeof(bin), "/tmp/kos-tsan-%d", getpid());
	snprintf(cmd, sizeof(cmd),
		 "cc -O1 -g -fsanitize=thread -std=gnu11 -D_GNU_SOURCE -pthread "
		 "-I%s/include -I%s/include/uapi -isystem %s %s/lib/*.c "
		 "%s/selftests/libkos/%s.c -o %s", srcdir, srcdir,
		 KSELFTEST_DIR, srcdir, srcdir, test, bin);
	rc = system(cmd);
	if (rc)
		return rc;
	snprintf(cmd, sizeof(cmd),
		 "KOS_STRESS_ITERATIONS=20000 TSAN_OPTIONS='halt_on_error=1 "
		 "exitcode=66 allocator_may_return_null=1' %s >/dev/null", bin);
	rc = system(cmd);
	unlink(bin);
	return rc;
}

FIXTURE(tsan) {};
FIXTURE_VARIANT(tsan) {
	const char *test;
};
FIXTURE_VARIANT_ADD(tsan, stress) { .test = "stress_test" };
FIXTURE_VARIANT_ADD(tsan, sync) { .test = "sync_test" };
FIXTURE_VARIANT_ADD(tsan, queue) { .test = "queue_test" };
FIXTURE_SETUP(tsan)
{
	if (find_srcdir())
		SKIP(return, "source tree not found (set KOS_SRCDIR)");
	if (system("echo 'int main(void){return 0;}' | cc -fsanitize=thread -x c - "
		   "-o /dev/null 2>/dev/null"))
		SKIP(return, "compiler without ThreadSanitizer");
}
FIXTURE_TEARDOWN(tsan) {}

TEST_F_TIMEOUT(tsan, no_data_race, 300)
{
	ASSERT_EQ(0, run_under_tsan(variant->test));
}

TEST_HARNESS_MAIN
