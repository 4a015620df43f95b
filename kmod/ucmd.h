/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_UCMD_H
#define _KOS_UCMD_H

#include <linux/minmax.h>
#include <linux/uaccess.h>

#include "context.h"

/**
 * struct kos_ucmd - one ioctl call being executed
 * @ctx: the caller's context
 * @ubuffer: the user's argument struct
 * @user_size: its size as the user declared it
 * @cmd: kernel copy of the argument, zero-extended to the kernel's size
 *
 * The dispatcher (ioctl.c) fills it in; a command's handler reads @cmd and
 * answers with kos_ucmd_respond().  Here, below every feature, so that the
 * features need not know the dispatcher.
 */
struct kos_ucmd {
	struct kos_context *ctx;
	void __user *ubuffer;
	u32 user_size;
	void *cmd;
};

/*
 * Copy @cmd back to user space, truncated to what the user's struct holds.
 * The handler calls it last, or undoes its work when it fails.
 */
static inline int kos_ucmd_respond(struct kos_ucmd *ucmd, size_t cmd_len)
{
	if (copy_to_user(ucmd->ubuffer, ucmd->cmd,
			 min_t(size_t, ucmd->user_size, cmd_len)))
		return -EFAULT;
	return 0;
}

#endif /* _KOS_UCMD_H */
