// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What DMA buffers and device memory share: mapping them (KOS_IO_MAP, then
 * mmap() of /dev/kos at the offset it names) and freeing them (KnIoClose,
 * which also unmaps a mapping handle and disables the ports of a permit).
 */
#include <linux/kos.h>
#include <sys/mman.h>

#include <coresrv/io/io_api.h>
#include <vmm/flags.h>

#include "internal.h"
#include "io.h"
#include "syscall.h"

/* Layout and caching attributes kos_io_map() honours. */
#define IO_ATTR_OK (VMM_FLAG_CACHE_MASK | VMM_FLAG_ALIAS)

static int mmap_prot(rtl_uint32_t prot)
{
	return ((prot & VMM_FLAG_READ) ? PROT_READ : 0) |
	       ((prot & VMM_FLAG_WRITE) ? PROT_WRITE : 0) |
	       ((prot & VMM_FLAG_EXECUTE) ? PROT_EXEC : 0);
}

Retcode kos_io_map(Handle rid, rtl_size_t offset, rtl_size_t length,
		   void *hint, rtl_uint32_t prot, rtl_uint32_t attr,
		   void **addr, Handle *handle)
{
	struct kos_io_map m = {
		.size = sizeof(m),
		.flags = length ? 0 : KOS_IO_MAP_WHOLE,
		.handle = (__s32)rid,
		.prot = prot,
		.offset = offset,
		.length = length,
	};
	struct kos_io_handle c = { .size = sizeof(c) };
	int ret;

	if (!addr || !handle)
		return rcInvalidArgument;
	*handle = INVALID_HANDLE;
	if (attr & ~IO_ATTR_OK)
		return rcInvalidArgument;	/* guard pages: see dma-io.rst */
	ret = kos_sys_ioctl(KOS_IO_MAP, &m);
	if (ret)
		return kos_rc(ret);
	ret = kos_sys_mmap(hint, m.length, mmap_prot(prot), m.mmap_offset, addr);
	if (ret) {
		c.handle = m.map_handle;
		kos_sys_ioctl(KOS_IO_CLOSE, &c);
		return kos_rc(ret);
	}
	*handle = (Handle)m.map_handle;
	return rcOk;
}

KOS_EXPORT Retcode KnIoClose(Handle rid)
{
	struct kos_io_handle c = { .size = sizeof(c), .handle = (__s32)rid };

	kos_ioport_revoke(rid);
	return kos_rc(kos_sys_ioctl(KOS_IO_CLOSE, &c));
}
