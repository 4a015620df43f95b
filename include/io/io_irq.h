/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Interrupt flags of KnIoAttachIrq (KasperskyOS io/io_irq.h, a header of
 * the kernel's I/O manager; coresrv/io/irq.h includes it).  The flags are
 * validated; on Linux the device decides the kind of its interrupt.  See
 * Documentation/dma-io.rst.
 */
#ifndef _IO_IO_IRQ_H
#define _IO_IO_IRQ_H

#include <linux/kos.h>

#define IRQ_LEVEL_LOW	0x01u
#define IRQ_LEVEL_HIGH	0x02u
#define IRQ_EDGE_RAISE	0x04u
#define IRQ_EDGE_FALL	0x08u
#define IRQ_SHARED	0x10u
#define IRQ_PRIO_LOW	0x20u
#define IRQ_PRIO_NORMAL	0x40u
#define IRQ_PRIO_HIGH	0x60u
#define IRQ_PRIO_RT	0x80u
/* kos-linux: use the INTx line even when the device has MSI. */
#define IRQ_LEGACY_INTX	KOS_IRQ_ATTACH_INTX

#endif /* _IO_IO_IRQ_H */
