/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal to libkos; never installed. */
#ifndef _LIBKOS_INTERNAL_H
#define _LIBKOS_INTERNAL_H

#include <stdbool.h>

#include <rtl/retcode.h>
#include <rtl/types.h>

#define KOS_EXPORT __attribute__((visibility("default")))

Retcode KosLinuxRetcodeFromErrno(int err);

/* A kos_sys_*() result (0 or -errno) as the reference's return code. */
static inline Retcode kos_rc(int ret)
{
	return ret ? KosLinuxRetcodeFromErrno(-ret) : rcOk;
}

/* As kos_rc(); also store the new handle @value, or INVALID_HANDLE on error. */
static inline Retcode kos_rc_handle(int ret, int value, rtl_uint32_t *out)
{
	*out = ret ? (rtl_uint32_t)-1 : (rtl_uint32_t)value;
	return kos_rc(ret);
}

/* Longest process, service or type name + 1 (CM, name server, entities). */
#define KOS_NAME_MAX 64

/* procname.c: this process's name (KOS_ENTITY_NAME or the program's). */
const char *kos_process_name(void);
/* procname.c: @name is not NULL, 1..KOS_NAME_MAX-1 bytes. */
bool kos_name_ok(const char *name);

struct kos_deadline;
struct KosMutex;
struct KosCondvar;

/* thread.c: the caller's Tid, cached per thread. */
rtl_uint32_t kos_thread_self_tid(void);

/* mutex.c: drop every level of @m for a condvar wait, and take them back. */
unsigned int kos_mutex_release_all(struct KosMutex *m);
void kos_mutex_reacquire(struct KosMutex *m, unsigned int depth);

/* condvar.c: wait until an absolute deadline; 0 or -ETIMEDOUT. */
int kos_condvar_wait_deadline(struct KosCondvar *cv, struct KosMutex *m,
			      const struct kos_deadline *d);

#endif /* _LIBKOS_INTERNAL_H */
