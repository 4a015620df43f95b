/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_DMA_BUF_H
#define _KOS_DMA_BUF_H

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mm_types.h>

/*
 * A DMA buffer's layout, shared by dma.c (which makes and maps it) and
 * iommu.c (which maps its blocks for a device): data only, so that iommu.c
 * needs nothing of dma.c.
 */
struct kos_dma_quota;
struct kos_user;
struct kos_iommu;

/**
 * struct kos_dma_buf - pages a device may access
 * @ref: one per DMA object, begin object and mapping
 * @quota: the creating context's DMA account, charged with @charged
 * @attr: KOS_DMA_* attributes
 * @order: order of every block
 * @length: size asked for (bytes); the blocks cover at least that much
 * @charged: bytes the blocks take, charged to @quota and @user
 * @user: the creator's user
 * @begun: a KOS_HTYPE_DMA_BEGIN object exists
 * @iommu: while begun: the IOMMU state of the context that began it
 * @iommu_link: in @iommu's list of begun buffers (under its lock)
 * @count: number of blocks
 * @blocks: first page of each block
 */
struct kos_dma_buf {
	struct kref ref;
	struct kos_dma_quota *quota;
	u32 attr;
	u32 order;
	u64 length;
	u64 charged;
	struct kos_user *user;
	atomic_t begun;
	struct kos_iommu *iommu;
	struct list_head iommu_link;
	unsigned int count;
	struct page *blocks[];
};

#endif /* _KOS_DMA_BUF_H */
