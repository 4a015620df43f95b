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

/* Issue @cmd on the process's context; @arg's size field must be set. */
int kos_sys_ioctl(unsigned long cmd, void *arg);

/* mmap() the context at @offset (from KOS_IO_MAP); 0 or -errno. */
int kos_sys_mmap(void *hint, __u64 length, int prot, __u64 offset, void **addr);

#endif /* _LIBKOS_SYSCALL_H */
