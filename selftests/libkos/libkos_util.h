/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the libkos host tests. */
#ifndef _LIBKOS_UTIL_H
#define _LIBKOS_UTIL_H

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static inline uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* A timeout of @ms must take at least @ms and not grossly more. */
#define ASSERT_TOOK(start, ms) do {					\
	uint64_t _el = now_ms() - (start);				\
	ASSERT_GE(_el, (uint64_t)(ms) - 1);				\
	ASSERT_LT(_el, (uint64_t)(ms) + 400);				\
} while (0)

/* The source tree: KOS_SRCDIR, or the first parent of this program holding it. */
static char srcdir[PATH_MAX];

static inline int find_srcdir(void)
{
	const char *env = getenv("KOS_SRCDIR");
	char probe[PATH_MAX + 32], *slash;
	ssize_t n;

	if (env) {
		snprintf(srcdir, sizeof(srcdir), "%s", env);
		return 0;
	}
	n = readlink("/proc/self/exe", srcdir, sizeof(srcdir) - 1);
	if (n < 0)
		return -1;
	srcdir[n] = '\0';
	while ((slash = strrchr(srcdir, '/')) && slash != srcdir) {
		*slash = '\0';
		snprintf(probe, sizeof(probe), "%s/include/kos/thread.h", srcdir);
		if (!access(probe, R_OK))
			return 0;
	}
	return -1;
}

#endif /* _LIBKOS_UTIL_H */
