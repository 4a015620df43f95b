/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_MMIO_H
#define _KOS_MMIO_H

#include <linux/pci.h>
#include <linux/types.h>

#include "ioctl.h"

/**
 * struct kos_iomem - registered device memory (KOS_HTYPE_IOMEM context)
 * @addr: physical address
 * @length: bytes
 * @pdev: the PCI device whose BAR holds the range, referenced
 */
struct kos_iomem {
	phys_addr_t addr;
	u64 length;
	struct pci_dev *pdev;
};

int kos_iomem_register_ioctl(struct kos_ucmd *ucmd);

#endif /* _KOS_MMIO_H */
