/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_IOPORT_H
#define _KOS_IOPORT_H

#include "ucmd.h"

int kos_ioport_register_ioctl(struct kos_ucmd *ucmd);
int kos_ioport_permit_ioctl(struct kos_ucmd *ucmd);

#endif /* _KOS_IOPORT_H */
