/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_NS_H
#define _KOS_NS_H

#include "context.h"
#include "ucmd.h"

void kos_ns_ctx_release(struct kos_context *ctx);

int kos_ns_open_ioctl(struct kos_ucmd *ucmd);
int kos_ns_publish_ioctl(struct kos_ucmd *ucmd);
int kos_ns_unpublish_ioctl(struct kos_ucmd *ucmd);
int kos_ns_enum_ioctl(struct kos_ucmd *ucmd);

#endif /* _KOS_NS_H */
