/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Device registers (KasperskyOS coresrv/io/mmio.h). */
#ifndef _CORESRV_IO_MMIO_H
#define _CORESRV_IO_MMIO_H

#include <coresrv/io/io_api.h>
#include <handle/handletype.h>
#include <rtl/retcode.h>
#include <rtl/types.h>
#include <vmm/flags.h>

#ifdef __cplusplus
extern "C" {
#endif

Retcode KnRegisterPhyMem(rtl_uint64_t addr, rtl_size_t size, Handle *outRid);
Retcode KnIoMapMem(Handle rid, rtl_uint32_t prot, rtl_uint32_t attr,
		   void **addr, Handle *handle);

rtl_uint8_t IoReadMmReg8(volatile void *reg);
rtl_uint16_t IoReadMmReg16(volatile void *reg);
rtl_uint32_t IoReadMmReg32(volatile void *reg);
void IoWriteMmReg8(volatile void *reg, rtl_uint8_t data);
void IoWriteMmReg16(volatile void *reg, rtl_uint16_t data);
void IoWriteMmReg32(volatile void *reg, rtl_uint32_t data);

void IoReadMmBuffer8(volatile rtl_uint8_t *baseReg, rtl_uint8_t *dst,
		     rtl_size_t cnt);
void IoReadMmBuffer16(volatile rtl_uint16_t *baseReg, rtl_uint16_t *dst,
		      rtl_size_t cnt);
void IoReadMmBuffer32(volatile rtl_uint32_t *baseReg, rtl_uint32_t *dst,
		      rtl_size_t cnt);
void IoWriteMmBuffer8(volatile rtl_uint8_t *baseReg, const rtl_uint8_t *src,
		      rtl_size_t cnt);
void IoWriteMmBuffer16(volatile rtl_uint16_t *baseReg, const rtl_uint16_t *src,
		       rtl_size_t cnt);
void IoWriteMmBuffer32(volatile rtl_uint32_t *baseReg, const rtl_uint32_t *src,
		       rtl_size_t cnt);

#ifdef __cplusplus
}
#endif

#endif /* _CORESRV_IO_MMIO_H */
