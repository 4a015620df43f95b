/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_IRQ_H
#define _KOS_IRQ_H

#include "context.h"
#include "handle.h"
#include "ucmd.h"

/*
 * Recv on an interrupt handle (@obj is KOS_HTYPE_IRQ): wait up to
 * @timeout_ms (0: poll, KOS_IPC_FOREVER: for ever; only a fatal signal
 * interrupts) and write the interrupt message to the receive buffer at
 * @uptr.  0 or -errno (ENOTCONN when detached, ETIMEDOUT, EMSGSIZE).
 */
int kos_irq_recv(struct kos_object *obj, u64 uptr, u64 timeout_ms);

int kos_irq_register_ioctl(struct kos_ucmd *ucmd);
int kos_irq_attach_ioctl(struct kos_ucmd *ucmd);
int kos_irq_detach_ioctl(struct kos_ucmd *ucmd);
int kos_irq_enable_ioctl(struct kos_ucmd *ucmd);
int kos_irq_disable_ioctl(struct kos_ucmd *ucmd);

#endif /* _KOS_IRQ_H */
