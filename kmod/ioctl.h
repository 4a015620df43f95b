/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_IOCTL_H
#define _KOS_IOCTL_H

#include <linux/fs.h>

/* The command table: on top of every feature (main.c's file operations). */
long kos_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

#endif /* _KOS_IOCTL_H */
