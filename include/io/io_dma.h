/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * DMA buffer attributes and descriptors (KasperskyOS io/io_dma.h).
 * See Documentation/dma-io.rst.
 */
#ifndef _IO_IO_DMA_H
#define _IO_IO_DMA_H

#include <linux/kos.h>
#include <rtl/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* DMA flags (attributes) */
typedef rtl_uint32_t DmaAttr;

#define DMA_DIR_TO_DEVICE	KOS_DMA_DIR_TO_DEVICE
#define DMA_DIR_FROM_DEVICE	KOS_DMA_DIR_FROM_DEVICE
#define DMA_DIR_BIDIR		KOS_DMA_DIR_BIDIR
#define DMA_ZONE_DMA32		KOS_DMA_ZONE_DMA32
/* kos-linux: Linux ZONE_DMA (below 16 MiB on x86), for devices with narrow
 * DMA addressing (ISA's 24 bits, QEMU edu's 28 bits). */
#define DMA_ZONE_DMA		KOS_DMA_ZONE_DMA
#define DMA_ATTR_WRITE_BACK	KOS_DMA_ATTR_WRITE_BACK
#define DMA_ATTR_WRITE_THROUGH	KOS_DMA_ATTR_WRITE_THROUGH
#define DMA_ATTR_CACHE_DISABLE	KOS_DMA_ATTR_CACHE_DISABLE
#define DMA_ATTR_WRITE_COMBINE	KOS_DMA_ATTR_WRITE_COMBINE

/* A device-visible or physical address; a block descriptor. */
typedef rtl_uint64_t DmaAddr;

/* Block descriptor layout: raw = block address | block order. */
#define DMA_FRAME_ORDER_BITS	12
#define DMA_FRAME_BASE_BITS	52
#define DMA_FRAMES_COUNT_MAX	KOS_DMA_FRAMES_MAX

typedef struct {
	/** DMA flags (attributes). */
	DmaAttr flags;
	/** Minimum order of DMA blocks in the buffer. */
	rtl_size_t orderMin;
	/** DMA buffer size. */
	rtl_size_t size;
	/** Number of DMA blocks (<= DMA_FRAMES_COUNT_MAX); 0 if the buffer
	 * is not available for the device (not begun). */
	rtl_size_t count;
	/** Array of DMA block descriptors. */
	union DmaFrameDescriptor {
		/* anonymous, as in the reference: a C11 feature, which
		 * __extension__ lets C99 consumers with -pedantic use */
		__extension__ struct {
			/** Order of the block: 2^order pages. */
			DmaAddr order: DMA_FRAME_ORDER_BITS;
			/** Physical or IOMMU address of the block >> 12. */
			DmaAddr frame: DMA_FRAME_BASE_BITS;
		};
		/** DMA block descriptor */
		DmaAddr raw;
	} descriptors[1];
} DmaInfo;

#ifdef __cplusplus
}
#endif

#endif /* _IO_IO_DMA_H */
