/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * I/O memory isolation (KasperskyOS coresrv/iommu/iommu_api.h): put a PCI
 * device into the calling process's IOMMU domain, so it reaches only the
 * DMA buffers this process has begun.  bdf is bus << 8 | device << 3 |
 * function (PCI segment 0).  See Documentation/dma-io.rst.
 */
#ifndef _CORESRV_IOMMU_IOMMU_API_H
#define _CORESRV_IOMMU_IOMMU_API_H

#include <rtl/retcode.h>
#include <rtl/types.h>

#ifdef __cplusplus
extern "C" {
#endif

Retcode KnIommuAttachDevice(rtl_uint16_t bdf);
Retcode KnIommuDetachDevice(rtl_uint16_t bdf);

#ifdef __cplusplus
}
#endif

#endif /* _CORESRV_IOMMU_IOMMU_API_H */
