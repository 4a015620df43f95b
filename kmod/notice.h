/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_NOTICE_H
#define _KOS_NOTICE_H

#include <linux/poll.h>

#include "handle.h"
#include "ucmd.h"

void kos_notice_signal(struct kos_object *obj, u32 mask);
void kos_notice_object_destroyed(struct kos_object *obj);
void kos_notice_object_gone(struct kos_object *obj);
struct kos_user;
/* Subscribe @notice to @obj's @mask events as @id, charged to user @by. */
int kos_notice_subscribe(struct kos_object *notice, struct kos_object *obj,
			 u32 mask, u64 id, struct kos_user *by);
__poll_t kos_notice_poll(struct kos_context *ctx, struct file *file,
			 poll_table *wait);

int kos_notice_create_ioctl(struct kos_ucmd *ucmd);
int kos_notice_subscribe_ioctl(struct kos_ucmd *ucmd);
int kos_notice_set_ioctl(struct kos_ucmd *ucmd);
int kos_notice_get_ioctl(struct kos_ucmd *ucmd);

#endif /* _KOS_NOTICE_H */
