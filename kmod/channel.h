/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_CHANNEL_H
#define _KOS_CHANNEL_H

#include "handle.h"
#include "ucmd.h"

void kos_channel_ctx_init(struct kos_context *ctx);
void kos_channel_ctx_release(struct kos_context *ctx);
struct kos_object *kos_channel_client(struct kos_object *server);

int kos_channel_create_ioctl(struct kos_ucmd *ucmd);
int kos_channel_call_ioctl(struct kos_ucmd *ucmd);
int kos_channel_recv_ioctl(struct kos_ucmd *ucmd);
int kos_channel_reply_ioctl(struct kos_ucmd *ucmd);
int kos_channel_reply_recv_ioctl(struct kos_ucmd *ucmd);

#endif /* _KOS_CHANNEL_H */
