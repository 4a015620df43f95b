/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_IOMAP_H
#define _KOS_IOMAP_H

#include <linux/fs.h>

#include "context.h"
#include "ucmd.h"

int kos_iomap_mmap(struct kos_context *ctx, struct vm_area_struct *vma);

int kos_io_map_ioctl(struct kos_ucmd *ucmd);
int kos_io_close_ioctl(struct kos_ucmd *ucmd);

#endif /* _KOS_IOMAP_H */
