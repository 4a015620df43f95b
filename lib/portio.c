// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * I/O port accessors (coresrv/io/ports.h): single in/out instructions, and
 * the string forms (rep ins/outs) for the buffer variants.  They work in a
 * thread that holds a permit (KnIoPermitPort); elsewhere the CPU faults and
 * the process gets SIGSEGV, as on any Linux without ioperm().  Only x86 has
 * I/O ports: elsewhere KnRegisterPorts() fails with rcUnimplemented, so no
 * permit can exist, and the accessors read all ones (what an unclaimed bus
 * returns) and drop writes.
 */
#if defined(__x86_64__) || defined(__i386__)
#include <sys/io.h>
#endif

#include <coresrv/io/ports.h>

#include "internal.h"

#if defined(__x86_64__) || defined(__i386__)
#define PORT(p) ((unsigned short)(p))

KOS_EXPORT rtl_uint8_t IoReadIoPort8(rtl_size_t port)
{
	return inb(PORT(port));
}

KOS_EXPORT rtl_uint16_t IoReadIoPort16(rtl_size_t port)
{
	return inw(PORT(port));
}

KOS_EXPORT rtl_uint32_t IoReadIoPort32(rtl_size_t port)
{
	return inl(PORT(port));
}

KOS_EXPORT void IoWriteIoPort8(rtl_size_t port, rtl_uint8_t data)
{
	outb(data, PORT(port));
}

KOS_EXPORT void IoWriteIoPort16(rtl_size_t port, rtl_uint16_t data)
{
	outw(data, PORT(port));
}

KOS_EXPORT void IoWriteIoPort32(rtl_size_t port, rtl_uint32_t data)
{
	outl(data, PORT(port));
}

KOS_EXPORT void IoReadIoPortBuffer8(rtl_size_t port, rtl_uint8_t *dst,
				    rtl_size_t cnt)
{
	insb(PORT(port), dst, cnt);
}

KOS_EXPORT void IoReadIoPortBuffer16(rtl_size_t port, rtl_uint16_t *dst,
				     rtl_size_t cnt)
{
	insw(PORT(port), dst, cnt);
}

KOS_EXPORT void IoReadIoPortBuffer32(rtl_size_t port, rtl_uint32_t *dst,
				     rtl_size_t cnt)
{
	insl(PORT(port), dst, cnt);
}

KOS_EXPORT void IoWriteIoPortBuffer8(rtl_size_t port, const rtl_uint8_t *src,
				     rtl_size_t cnt)
{
	outsb(PORT(port), src, cnt);
}

KOS_EXPORT void IoWriteIoPortBuffer16(rtl_size_t port, const rtl_uint16_t *src,
				      rtl_size_t cnt)
{
	outsw(PORT(port), src, cnt);
}

KOS_EXPORT void IoWriteIoPortBuffer32(rtl_size_t port, const rtl_uint32_t *src,
				      rtl_size_t cnt)
{
	outsl(PORT(port), src, cnt);
}
#else
#define NO_PORTS(bits)							\
KOS_EXPORT rtl_uint##bits##_t IoReadIoPort##bits(rtl_size_t port)	\
{									\
	(void)port;							\
	return (rtl_uint##bits##_t)~0U;					\
}									\
KOS_EXPORT void IoWriteIoPort##bits(rtl_size_t port,			\
				    rtl_uint##bits##_t data)		\
{									\
	(void)port;							\
	(void)data;							\
}									\
KOS_EXPORT void IoReadIoPortBuffer##bits(rtl_size_t port,		\
					 rtl_uint##bits##_t *dst,	\
					 rtl_size_t cnt)		\
{									\
	(void)port;							\
	while (cnt--)							\
		*dst++ = (rtl_uint##bits##_t)~0U;			\
}									\
KOS_EXPORT void IoWriteIoPortBuffer##bits(rtl_size_t port,		\
					  const rtl_uint##bits##_t *src, \
					  rtl_size_t cnt)		\
{									\
	(void)port;							\
	(void)src;							\
	(void)cnt;							\
}

NO_PORTS(8)
NO_PORTS(16)
NO_PORTS(32)
#endif
