/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_IRQ_H
#define _KOS_IRQ_H

#include "context.h"
#include "ioctl.h"

/*
 * Wait up to @timeout_ms (0: poll, U64_MAX: forever) for the interrupt of
 * @handle; returns the number of interrupts taken (>= 1) or -errno.  IPC's
 * Recv() on an interrupt handle is meant to call this.
 */
int kos_irq_wait(struct kos_context *ctx, int handle, u64 timeout_ms);

int kos_irq_register_ioctl(struct kos_ucmd *ucmd);
int kos_irq_attach_ioctl(struct kos_ucmd *ucmd);
int kos_irq_detach_ioctl(struct kos_ucmd *ucmd);
int kos_irq_enable_ioctl(struct kos_ucmd *ucmd);
int kos_irq_disable_ioctl(struct kos_ucmd *ucmd);
int kos_irq_wait_ioctl(struct kos_ucmd *ucmd);

#endif /* _KOS_IRQ_H */
