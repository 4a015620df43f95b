/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal to libkos; never installed. */
#ifndef _LIBKOS_INTERNAL_H
#define _LIBKOS_INTERNAL_H

#include <rtl/retcode.h>

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

#endif /* _LIBKOS_INTERNAL_H */
