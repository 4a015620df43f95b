/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the libkos host tests. */
#ifndef _LIBKOS_UTIL_H
#define _LIBKOS_UTIL_H

#include <stdint.h>
#include <time.h>

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

#endif /* _LIBKOS_UTIL_H */
