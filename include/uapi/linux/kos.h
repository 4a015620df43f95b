/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kos-linux: the /dev/kos ioctl ABI.
 *
 * Each open() of /dev/kos is one KOS process context, bound to the address
 * space (mm) of the process that opened it.  Every command is _IO(KOS_TYPE, n):
 * the size is not part of the number.  Instead every argument struct starts
 * with a __u32 size that user space sets to sizeof() the struct it was built
 * with, so old binaries keep working when a struct grows (extensible structs).
 */
#ifndef _UAPI_LINUX_KOS_H
#define _UAPI_LINUX_KOS_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define KOS_DEVICE_PATH "/dev/kos"

/* Bumped at most once per release; see Documentation/abi.rst. */
#define KOS_ABI_VERSION 1

#define KOS_TYPE 0xBC

/**
 * DOC: General ioctl format and errors
 *
 * An ioctl is issued as ioctl(fd, KOS_<NAME>, &struct kos_<name>).  Errors
 * common to every command:
 *
 *  - ENOTTY:  unknown command number.
 *  - EBADFD:  the context is used from a process other than the one that
 *             opened it (another mm, e.g. a child after fork()).
 *  - EFAULT:  the argument pointer (or a pointer inside it) is invalid.
 *  - EINVAL:  size is smaller than the first version of the struct, an
 *             unknown bit is set in flags, or a __reserved field is not 0.
 *  - E2BIG:   size is larger than the kernel knows and the unknown tail
 *             is not all zeros.
 *  - EOPNOTSUPP: a known field holds a value this kernel does not support.
 *  - ENOMEM:  out of memory (charged to the caller's memory cgroup).
 *  - EDQUOT:  a per-context limit (module parameter) is reached.
 */

enum {
	KOS_CMD_BASE = 0x80,
	KOS_CMD_VERSION = KOS_CMD_BASE,	/* 0x80..0x8f: context */
	KOS_CMD_HANDLE_BASE = 0x90,	/* 0x90..0x9f: handles */
	KOS_CMD_NOTICE_BASE = 0xa0,	/* 0xa0..0xaf: notices */
	KOS_CMD_IPC_BASE = 0xb0,	/* 0xb0..0xbf: channels */
	KOS_CMD_POLICY_BASE = 0xc0,	/* 0xc0..0xcf: security policy */
	KOS_CMD_IO_BASE = 0xd0,		/* 0xd0..0xef: DMA, MMIO, IRQ, ports */
	KOS_CMD_LAST = 0xef,
};

/* Feature bits reported by KOS_VERSION; user space probes, never guesses. */
#define KOS_FEAT_CONTEXT	(1ULL << 0)

/**
 * struct kos_version - KOS_VERSION: query the ABI version and features
 * @size: sizeof(struct kos_version)
 * @flags: must be 0
 * @abi_version: out: KOS_ABI_VERSION of the running module
 * @__reserved: must be 0
 * @features: out: KOS_FEAT_* bits this module supports
 *
 * Since ABI v1.
 */
struct kos_version {
	__u32 size;
	__u32 flags;
	__u32 abi_version;
	__u32 __reserved;
	__aligned_u64 features;
};
#define KOS_VERSION _IO(KOS_TYPE, KOS_CMD_VERSION)

#endif /* _UAPI_LINUX_KOS_H */
