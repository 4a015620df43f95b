/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Interrupts (KasperskyOS coresrv/io/irq.h).  On Linux: the interrupt (MSI,
 * else INTx) of a PCI device no kernel driver is bound to; a thread waits
 * with Recv() on the handle KnIoAttachIrq returns.  See
 * Documentation/dma-io.rst.
 */
#ifndef _CORESRV_IO_IRQ_H
#define _CORESRV_IO_IRQ_H

#include <coresrv/io/io_api.h>
#include <coresrv/syscalls.h>
#include <handle/handletype.h>
#include <io/io_irq.h>
#include <rtl/retcode.h>
#include <rtl/types.h>

#ifdef __cplusplus
extern "C" {
#endif

Retcode KnRegisterIrq(int irq, Handle *outRid);
Retcode KnIoAttachIrq(Handle rid, rtl_uint32_t flags, Handle *handle);
Retcode KnIoDetachIrq(Handle rid);
Retcode KnIoEnableIrq(Handle rid);
Retcode KnIoDisableIrq(Handle rid);

/*
 * kos-linux: what Recv() on the handle of KnIoAttachIrq receives.  Set
 * hdr.size to sizeof(KosLinuxIrqMsg) before the call.  On return hdr.riid
 * is IRQ_MSG_RIID, hdr.mid IRQ_MSG_MID_INTERRUPT, no handles, and the
 * payload tells how many interrupts came since the previous Recv (>= 1),
 * on which Linux interrupt number, and whether it is MSI.  The interrupt
 * is masked until KnIoEnableIrq.
 */
#define IRQ_MSG_RIID		KOS_IRQ_MSG_ENDPOINT
#define IRQ_MSG_MID_INTERRUPT	KOS_IRQ_MSG_INTERRUPT

typedef struct KosLinuxIrqMsg {
	SMsgHdr hdr;
	struct kos_irq_event event;
} KosLinuxIrqMsg;

#ifdef __cplusplus
}
#endif

#endif /* _CORESRV_IO_IRQ_H */
