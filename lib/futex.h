/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Futex and deadline helpers shared by the synchronization primitives.
 * Internal; never installed.  Deadlines are absolute CLOCK_MONOTONIC times so
 * a wait interrupted by a signal (KosThreadSuspend) resumes with the time
 * that is left, not a fresh timeout.
 */
#ifndef _LIBKOS_FUTEX_H
#define _LIBKOS_FUTEX_H

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <rtl/types.h>

/* A deadline; .forever set for INFINITE_TIMEOUT. */
struct kos_deadline {
	struct timespec at;
	int forever;
};

static inline void kos_deadline_init(struct kos_deadline *d, rtl_uint32_t ms)
{
	d->forever = ms == INFINITE_TIMEOUT;
	if (d->forever)
		return;
	clock_gettime(CLOCK_MONOTONIC, &d->at);
	d->at.tv_sec += ms / 1000;
	d->at.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (d->at.tv_nsec >= 1000000000L) {
		d->at.tv_sec++;
		d->at.tv_nsec -= 1000000000L;
	}
}

/* Milliseconds left until @d (INFINITE_TIMEOUT for ever), for the next wait. */
static inline rtl_uint32_t kos_deadline_left_ms(const struct kos_deadline *d)
{
	struct timespec now;
	long long ms;

	if (d->forever)
		return INFINITE_TIMEOUT;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (d->at.tv_sec - now.tv_sec) * 1000LL +
	     (d->at.tv_nsec - now.tv_nsec) / 1000000;
	return ms > 0 ? (rtl_uint32_t)ms : 0;
}

/*
 * Sleep while *addr == val, until woken or the deadline (NULL: forever).
 * Returns 0 when woken or the value changed (spurious wakeups included),
 * -ETIMEDOUT when the deadline passed.
 */
static inline int kos_futex_wait(uint32_t *addr, uint32_t val,
				 const struct kos_deadline *d)
{
	const struct timespec *ts = d && !d->forever ? &d->at : NULL;
	long r;

	r = syscall(SYS_futex, addr, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG,
		    val, ts, NULL, FUTEX_BITSET_MATCH_ANY);
	if (r < 0 && errno == ETIMEDOUT)
		return -ETIMEDOUT;
	return 0;
}

static inline void kos_futex_wake(uint32_t *addr, int n)
{
	syscall(SYS_futex, addr, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, n, NULL, NULL, 0);
}

/* Spin-wait hint. */
static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

#define kos_cas(p, expp, v) \
	__atomic_compare_exchange_n((p), (expp), (v), 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)

#endif /* _LIBKOS_FUTEX_H */
