/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal to libkos: mapping DMA buffers and device memory; port permits. */
#ifndef _LIBKOS_IO_H
#define _LIBKOS_IO_H

#include <handle/handletype.h>
#include <rtl/retcode.h>
#include <rtl/types.h>

/*
 * Map @length bytes (0: the rest) of the DMA or IOMEM object @rid from
 * @offset with VMM_FLAG_* protection @prot and layout/caching @attr.
 */
Retcode kos_io_map(Handle rid, rtl_size_t offset, rtl_size_t length,
		   void *hint, rtl_uint32_t prot, rtl_uint32_t attr,
		   void **addr, Handle *handle);

/*
 * ports.c: if @handle is a port permit of this process, disable its ports
 * for the calling thread (keeping those other permits cover) and forget it.
 * Called before the handle is closed, so access ends before the claim does.
 */
void kos_ioport_revoke(Handle handle);

#endif /* _LIBKOS_IO_H */
