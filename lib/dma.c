// SPDX-License-Identifier: LGPL-2.1-or-later
/* DMA buffers (coresrv/io/dma.h); the kernel side is kmod/dma.c. */
#include <linux/kos.h>
#include <stdlib.h>

#include <coresrv/io/dma.h>

#include "internal.h"
#include "io.h"
#include "syscall.h"

KOS_EXPORT Retcode KnIoDmaCreate(rtl_uint32_t order, rtl_size_t size,
				 DmaAttr flags, Handle *outRid)
{
	struct kos_dma_create c = {
		.size = sizeof(c), .attr = flags, .order = order, .length = size,
	};

	int ret;

	if (!outRid)
		return rcInvalidArgument;
	ret = kos_sys_ioctl(KOS_DMA_CREATE, &c);
	return kos_rc_handle(ret, c.handle, outRid);
}

KOS_EXPORT Retcode KnIoDmaBegin(Handle rid, Handle *handle)
{
	struct kos_io_handle c = { .size = sizeof(c), .handle = (__s32)rid };

	int ret;

	if (!handle)
		return rcInvalidArgument;
	ret = kos_sys_ioctl(KOS_DMA_BEGIN, &c);
	return kos_rc_handle(ret, c.out_handle, handle);
}

KOS_EXPORT Retcode KnIoDmaMap(Handle rid, rtl_size_t offset, rtl_size_t length,
			      void *hint, int vmflags, void **addr,
			      Handle *handle)
{
	rtl_uint32_t f = (rtl_uint32_t)vmflags;

	if (!length || (f & ~(VMM_FLAG_RWX_MASK | VMM_FLAG_CACHE_MASK |
			      VMM_FLAG_LOW_GUARD | VMM_FLAG_HIGH_GUARD)))
		return rcInvalidArgument;
	return kos_io_map(rid, offset, length, hint, f & VMM_FLAG_RWX_MASK,
			  f & ~VMM_FLAG_RWX_MASK, addr, handle);
}

/* Ask for the block count, then for the blocks, into a malloc()ed DmaInfo. */
static Retcode dma_info(Handle rid, __u32 flags, DmaInfo **outInfo)
{
	struct kos_dma_info c = {
		.size = sizeof(c), .flags = flags, .handle = (__s32)rid,
	};
	__u64 *frames = NULL;
	DmaInfo *info;
	size_t i;
	int ret;

	if (!outInfo)
		return rcInvalidArgument;
	ret = kos_sys_ioctl(KOS_DMA_INFO, &c);
	if (!ret && c.count) {
		frames = calloc(c.count, sizeof(*frames));
		if (!frames)
			return rcOutOfMemory;
		c.count_max = c.count;
		c.frames = (__u64)(uintptr_t)frames;
		ret = kos_sys_ioctl(KOS_DMA_INFO, &c);
		if (c.count > c.count_max)	/* begun meanwhile: not written */
			c.count = 0;
	}
	if (ret) {
		free(frames);
		return kos_rc(ret);
	}
	info = calloc(1, sizeof(*info) + c.count * sizeof(info->descriptors[0]));
	if (!info) {
		free(frames);
		return rcOutOfMemory;
	}
	info->flags = c.attr;
	info->orderMin = c.order_min;
	info->size = c.length;
	info->count = c.count;
	for (i = 0; i < c.count; i++)
		info->descriptors[i].raw = frames[i];
	free(frames);
	*outInfo = info;
	return rcOk;
}

KOS_EXPORT Retcode KnIoDmaGetInfo(Handle rid, DmaInfo **outInfo)
{
	return dma_info(rid, 0, outInfo);
}

KOS_EXPORT Retcode KnIoDmaGetPhysInfo(Handle rid, DmaInfo **outInfo)
{
	return dma_info(rid, KOS_DMA_INFO_PHYS, outInfo);
}
