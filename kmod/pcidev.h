/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_PCIDEV_H
#define _KOS_PCIDEV_H

#include <linux/pci.h>

/*
 * Enable @pdev for a user-space driver: -EACCES when a kernel driver is
 * bound to it.  Every successful call is paired with kos_pcidev_disable().
 */
int kos_pcidev_enable(struct pci_dev *pdev);
void kos_pcidev_disable(struct pci_dev *pdev);

/*
 * Enable @pdev and let it master the bus (DMA, MSI) until the matching
 * kos_pcidev_master_put(); users are counted per device.
 */
int kos_pcidev_master_get(struct pci_dev *pdev);
void kos_pcidev_master_put(struct pci_dev *pdev);

/*
 * Stop @pdev mastering the bus now, whoever asked for it: its translation
 * is going (IOMMU detach), and what it reaches next would be the kernel's.
 * The next kos_pcidev_master_get() turns it on again.
 */
void kos_pcidev_master_off(struct pci_dev *pdev);

/*
 * Claim @pdev for user space while its memory is registered: no kernel
 * driver may bind to it until the matching kos_pcidev_unclaim(); -EACCES
 * when one is bound already.  Claims are counted per device.
 */
int kos_pcidev_claim(struct pci_dev *pdev);
void kos_pcidev_unclaim(struct pci_dev *pdev);

/*
 * The PCI device one of whose BARs of @type (IORESOURCE_MEM or
 * IORESOURCE_IO) holds all of [addr, addr + len), referenced; NULL when
 * none does.  Its driver, if any, owns the range.
 */
struct pci_dev *kos_pcidev_bar_owner(u64 addr, u64 len, unsigned long type);

/*
 * 0 when the caller may drive hardware directly (device memory, DMA begin
 * and physical addresses, interrupts, I/O ports, IOMMU): CAP_SYS_RAWIO,
 * and a kernel not locked down against PCI access; else -EPERM.
 */
int kos_hw_access(void);

#endif /* _KOS_PCIDEV_H */
