/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_IOCTL_H
#define _KOS_IOCTL_H

#include <linux/fs.h>

#include "context.h"

/**
 * struct kos_ucmd - one ioctl call being executed
 * @ctx: the caller's context
 * @ubuffer: the user's argument struct
 * @user_size: its size as the user declared it
 * @cmd: kernel copy of the argument, zero-extended to the kernel's size
 */
struct kos_ucmd {
	struct kos_context *ctx;
	void __user *ubuffer;
	u32 user_size;
	void *cmd;
};

/* Copy @cmd back to user space, truncated to what the user's struct holds. */
int kos_ucmd_respond(struct kos_ucmd *ucmd, size_t cmd_len);

long kos_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

#endif /* _KOS_IOCTL_H */
