/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_IPC_NAME_H
#define _KOS_IPC_NAME_H

#include "context.h"
#include "ucmd.h"

void kos_ipc_name_ctx_release(struct kos_context *ctx);
void kos_ipc_name_exit(void);

int kos_ipc_name_publish_ioctl(struct kos_ucmd *ucmd);
int kos_ipc_name_unpublish_ioctl(struct kos_ucmd *ucmd);
int kos_ipc_name_connect_ioctl(struct kos_ucmd *ucmd);

#endif /* _KOS_IPC_NAME_H */
