/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the /dev/kos selftests. */
#ifndef _KOS_SELFTEST_UTIL_H
#define _KOS_SELFTEST_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define KOS_OBJECTS_PATH "/sys/kernel/debug/kos/objects"

/*
 * Without the module there is nothing to test: the whole program skips
 * (kselftest's exit status 4), as suite runners expect on a kernel where it
 * is not loaded.  Runs before the harness's main().  Any other reason
 * /dev/kos cannot be reached (permissions) is left to the tests to report.
 */
static void __attribute__((constructor)) kos_require_device(void)
{
	if (access("/dev/kos", F_OK) && errno == ENOENT) {
		printf("TAP version 13\n1..0 # SKIP /dev/kos missing: load the module (modprobe kos)\n");
		exit(4);
	}
}

static inline int kos_open(void)
{
	return open("/dev/kos", O_RDWR | O_CLOEXEC);
}

/* Live count of one object kind from debugfs, or -1 if unavailable. */
static inline long kos_live_objects(const char *kind)
{
	char name[64];
	long count, found = -1;
	FILE *f = fopen(KOS_OBJECTS_PATH, "r");

	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld", name, &count) == 2)
		if (!strcmp(name, kind))
			found = count;
	fclose(f);
	return found;
}

/*
 * Divisor for the long leak loops: 10 on a kernel with kmemleak (the debug
 * kernel, where KASAN and lockdep make each call many times slower), 1
 * elsewhere.  Leaks are counted exactly, so fewer cycles still catch one.
 */
static inline int kos_loop_scale(void)
{
	return access("/sys/kernel/debug/kmemleak", F_OK) ? 1 : 10;
}

/* CLOCK_MONOTONIC in nanoseconds, for the benchmarks. */
static inline double kos_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static inline int kos_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of @n runs' figures (sorts @v): TCG times are noisy. */
static inline double kos_median(double *v, int n)
{
	qsort(v, n, sizeof(v[0]), kos_cmp_double);
	return v[n / 2];
}

/* Write @value to the file @path (a module parameter, a cgroup file). */
static inline int kos_write_file(const char *path, const char *value)
{
	FILE *f = fopen(path, "w");
	int ret;

	if (!f)
		return -1;
	ret = fputs(value, f) < 0;
	return fclose(f) || ret ? -1 : 0;
}

#endif /* _KOS_SELFTEST_UTIL_H */
