/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_IOMMU_H
#define _KOS_IOMMU_H

#include "context.h"
#include "dma_buf.h"
#include "ucmd.h"

/*
 * Device access to a begun buffer: map it into @ctx's IOMMU domain (now, or
 * when the context attaches its first device) until kos_iommu_revoke().
 */
int kos_iommu_grant(struct kos_context *ctx, struct kos_dma_buf *buf);
void kos_iommu_revoke(struct kos_dma_buf *buf);
void kos_iommu_ctx_release(struct kos_context *ctx);

int kos_iommu_attach_ioctl(struct kos_ucmd *ucmd);
int kos_iommu_detach_ioctl(struct kos_ucmd *ucmd);

#endif /* _KOS_IOMMU_H */
