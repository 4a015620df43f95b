/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* DMA buffers for user-space drivers (KasperskyOS coresrv/io/dma.h). */
#ifndef _CORESRV_IO_DMA_H
#define _CORESRV_IO_DMA_H

#include <coresrv/io/io_api.h>
#include <handle/handletype.h>
#include <io/io_dma.h>
#include <rtl/retcode.h>
#include <rtl/types.h>
#include <vmm/flags.h>

#ifndef PAGE_SHIFT
#define PAGE_SHIFT 12
#endif
#ifndef PAGE_SIZE
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#endif

#ifdef __cplusplus
extern "C" {
#endif

Retcode KnIoDmaCreate(rtl_uint32_t order, rtl_size_t size, DmaAttr flags,
		      Handle *outRid);
Retcode KnIoDmaBegin(Handle rid, Handle *handle);
Retcode KnIoDmaMap(Handle rid, rtl_size_t offset, rtl_size_t length, void *hint,
		   int vmflags, void **addr, Handle *handle);
/* *outInfo is allocated with malloc(); release it with free(). */
Retcode KnIoDmaGetInfo(Handle rid, DmaInfo **outInfo);
Retcode KnIoDmaGetPhysInfo(Handle rid, DmaInfo **outInfo);

#ifdef __cplusplus
}
#endif

#endif /* _CORESRV_IO_DMA_H */
