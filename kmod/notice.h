/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_NOTICE_H
#define _KOS_NOTICE_H

#include <linux/poll.h>

#include "context.h"
#include "ucmd.h"

__poll_t kos_notice_poll(struct kos_context *ctx, struct file *file,
			 struct poll_table_struct *wait);

int kos_notice_create_ioctl(struct kos_ucmd *ucmd);
int kos_notice_subscribe_ioctl(struct kos_ucmd *ucmd);
int kos_notice_badge_ioctl(struct kos_ucmd *ucmd);
int kos_notice_set_ioctl(struct kos_ucmd *ucmd);
int kos_notice_get_ioctl(struct kos_ucmd *ucmd);

#endif /* _KOS_NOTICE_H */
