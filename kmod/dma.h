/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_DMA_H
#define _KOS_DMA_H

#include <linux/mm_types.h>

#include "context.h"
#include "dma_buf.h"
#include "ucmd.h"

void kos_dma_ctx_release(struct kos_context *ctx);
void kos_dma_get(struct kos_dma_buf *buf);
void kos_dma_put(struct kos_dma_buf *buf);
int kos_dma_remap(struct kos_dma_buf *buf, struct vm_area_struct *vma,
		  u64 offset);

int kos_dma_create_ioctl(struct kos_ucmd *ucmd);
int kos_dma_begin_ioctl(struct kos_ucmd *ucmd);
int kos_dma_info_ioctl(struct kos_ucmd *ucmd);

#endif /* _KOS_DMA_H */
