// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Device registers (coresrv/io/mmio.h): registering and mapping a range of
 * device memory (kmod/mmio.c checks it), and the register accessors.  The
 * accessors are single volatile loads and stores of the given width, which
 * is what device registers need; the mapping is uncached.
 */
#include <linux/kos.h>

#include <coresrv/io/mmio.h>

#include "internal.h"
#include "io.h"
#include "syscall.h"

KOS_EXPORT Retcode KnRegisterPhyMem(rtl_uint64_t addr, rtl_size_t size,
				    Handle *outRid)
{
	struct kos_iomem_register c = {
		.size = sizeof(c), .addr = addr, .length = size,
	};

	int ret;

	if (!outRid)
		return rcInvalidArgument;
	ret = kos_sys_ioctl(KOS_IOMEM_REGISTER, &c);
	return kos_rc_handle(ret, c.handle, outRid);
}

KOS_EXPORT Retcode KnIoMapMem(Handle rid, rtl_uint32_t prot, rtl_uint32_t attr,
			      void **addr, Handle *handle)
{
	if (!prot || (prot & ~VMM_FLAG_RWX_MASK))
		return rcInvalidArgument;
	return kos_io_map(rid, 0, 0, RTL_NULL, prot, attr, addr, handle);
}

#define MM_REG(bits)							\
KOS_EXPORT rtl_uint##bits##_t IoReadMmReg##bits(volatile void *reg)	\
{									\
	return *(volatile rtl_uint##bits##_t *)reg;			\
}									\
KOS_EXPORT void IoWriteMmReg##bits(volatile void *reg,			\
				   rtl_uint##bits##_t data)		\
{									\
	*(volatile rtl_uint##bits##_t *)reg = data;			\
}									\
KOS_EXPORT void IoReadMmBuffer##bits(volatile rtl_uint##bits##_t *baseReg, \
				     rtl_uint##bits##_t *dst,		\
				     rtl_size_t cnt)			\
{									\
	while (cnt--)							\
		*dst++ = *baseReg;					\
}									\
KOS_EXPORT void IoWriteMmBuffer##bits(volatile rtl_uint##bits##_t *baseReg, \
				      const rtl_uint##bits##_t *src,	\
				      rtl_size_t cnt)			\
{									\
	while (cnt--)							\
		*baseReg = *src++;					\
}

MM_REG(8)
MM_REG(16)
MM_REG(32)
