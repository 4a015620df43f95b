/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_MMIO_H
#define _KOS_MMIO_H

#include <linux/kref.h>
#include <linux/pci.h>
#include <linux/types.h>

#include "ucmd.h"

/**
 * struct kos_iomem - registered device memory (KOS_HTYPE_IOMEM object)
 * @ref: the object's, and each mapping's: the device stays claimed
 *       (pcidev.c) while any mapping of its memory exists
 * @addr: physical address
 * @length: bytes
 * @pdev: the PCI device whose BAR holds the range, referenced and claimed
 */
struct kos_iomem {
	struct kref ref;
	phys_addr_t addr;
	u64 length;
	struct pci_dev *pdev;
};

void kos_iomem_get(struct kos_iomem *mem);
void kos_iomem_put(struct kos_iomem *mem);

int kos_iomem_register_ioctl(struct kos_ucmd *ucmd);

#endif /* _KOS_MMIO_H */
