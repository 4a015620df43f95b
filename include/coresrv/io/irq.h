/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Interrupts (KasperskyOS coresrv/io/irq.h).  On Linux: the INTx interrupt
 * of a PCI device no kernel driver is bound to; see Documentation/dma-io.rst.
 */
#ifndef _CORESRV_IO_IRQ_H
#define _CORESRV_IO_IRQ_H

#include <coresrv/io/io_api.h>
#include <handle/handletype.h>
#include <rtl/retcode.h>
#include <rtl/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Interrupt flags (KnIoAttachIrq); a PCI INTx line is level-low and shared. */
#define IRQ_LEVEL_LOW	0x01u
#define IRQ_LEVEL_HIGH	0x02u
#define IRQ_EDGE_RAISE	0x04u
#define IRQ_EDGE_FALL	0x08u
#define IRQ_SHARED	0x10u
#define IRQ_PRIO_LOW	0x20u
#define IRQ_PRIO_NORMAL	0x40u
#define IRQ_PRIO_HIGH	0x60u
#define IRQ_PRIO_RT	0x80u

Retcode KnRegisterIrq(int irq, Handle *outRid);
Retcode KnIoAttachIrq(Handle rid, rtl_uint32_t flags, Handle *handle);
Retcode KnIoDetachIrq(Handle rid);
Retcode KnIoEnableIrq(Handle rid);
Retcode KnIoDisableIrq(Handle rid);

#ifdef __cplusplus
}
#endif

#endif /* _CORESRV_IO_IRQ_H */
