/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_IRQ_H
#define _KOS_IRQ_H

#include "ucmd.h"

int kos_irq_register_ioctl(struct kos_ucmd *ucmd);
int kos_irq_attach_ioctl(struct kos_ucmd *ucmd);
int kos_irq_detach_ioctl(struct kos_ucmd *ucmd);
int kos_irq_enable_ioctl(struct kos_ucmd *ucmd);
int kos_irq_disable_ioctl(struct kos_ucmd *ucmd);

#endif /* _KOS_IRQ_H */
