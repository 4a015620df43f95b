/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * x86 I/O ports for user-space drivers (KasperskyOS coresrv/io/ports.h).
 * Register a range, get a permit for the calling thread, then use the
 * accessors; KnIoClose() on the permit revokes the access, on the range
 * releases it.  See Documentation/dma-io.rst for what Linux allows.
 */
#ifndef _CORESRV_IO_PORTS_H
#define _CORESRV_IO_PORTS_H

#include <coresrv/io/io_api.h>
#include <handle/handletype.h>
#include <rtl/retcode.h>
#include <rtl/types.h>

#ifdef __cplusplus
extern "C" {
#endif

Retcode KnRegisterPort8(rtl_uint16_t port, Handle *outRid);
Retcode KnRegisterPort16(rtl_uint16_t port, Handle *outRid);
Retcode KnRegisterPort32(rtl_uint16_t port, Handle *outRid);
Retcode KnRegisterPorts(rtl_uint16_t port, rtl_size_t size, Handle *outRid);
Retcode KnIoPermitPort(Handle rid, Handle *handle);

rtl_uint8_t IoReadIoPort8(rtl_size_t port);
rtl_uint16_t IoReadIoPort16(rtl_size_t port);
rtl_uint32_t IoReadIoPort32(rtl_size_t port);

void IoReadIoPortBuffer8(rtl_size_t port, rtl_uint8_t *dst, rtl_size_t cnt);
void IoReadIoPortBuffer16(rtl_size_t port, rtl_uint16_t *dst, rtl_size_t cnt);
void IoReadIoPortBuffer32(rtl_size_t port, rtl_uint32_t *dst, rtl_size_t cnt);

void IoWriteIoPort8(rtl_size_t port, rtl_uint8_t data);
void IoWriteIoPort16(rtl_size_t port, rtl_uint16_t data);
void IoWriteIoPort32(rtl_size_t port, rtl_uint32_t data);

void IoWriteIoPortBuffer8(rtl_size_t port, const rtl_uint8_t *src,
			  rtl_size_t cnt);
void IoWriteIoPortBuffer16(rtl_size_t port, const rtl_uint16_t *src,
			   rtl_size_t cnt);
void IoWriteIoPortBuffer32(rtl_size_t port, const rtl_uint32_t *src,
			   rtl_size_t cnt);

#ifdef __cplusplus
}
#endif

#endif /* _CORESRV_IO_PORTS_H */
