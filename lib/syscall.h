/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The only way libkos talks to /dev/kos.  Every function returns 0 or a
 * negative errno; callers translate with KosLinuxRetcodeFromErrno().
 */
#ifndef _LIBKOS_SYSCALL_H
#define _LIBKOS_SYSCALL_H

#include <linux/kos.h>

/* The calling process's /dev/kos descriptor, opened on first use. */
int kos_sys_fd(void);

int kos_sys_version(struct kos_version *v);

#endif /* _LIBKOS_SYSCALL_H */
