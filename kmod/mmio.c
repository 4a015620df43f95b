// SPDX-License-Identifier: GPL-2.0
/*
 * Device memory (MMIO) for user-space drivers.  A caller with CAP_SYS_RAWIO
 * may register a page-aligned range that lies inside one memory BAR of a PCI
 * device with no kernel driver bound and is not system RAM.  It is then
 * mapped uncached through KOS_IO_MAP + mmap() (iomap.c).  The registration
 * also names the device the caller drives: a DMA begin lets it master the
 * bus (dma.c).
 * This is what /sys/bus/pci/devices/.../resourceN offers root, checked per
 * range and tied to a handle.
 */
#include <linux/capability.h>
#include <linux/ioport.h>
#include <linux/kos.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "handle.h"
#include "pcidev.h"
#include "mmio.h"

/*
 * The PCI device (referenced) that no kernel driver is bound to and that
 * has [addr, addr + len) inside one of its memory BARs: the range belongs
 * to nobody else.  NULL if there is none.
 */
static struct pci_dev *free_pci_bar_owner(phys_addr_t addr, u64 len)
{
	struct pci_dev *pdev = kos_pcidev_bar_owner(addr, len, IORESOURCE_MEM);

	if (pdev && READ_ONCE(pdev->dev.driver)) {
		pci_dev_put(pdev);
		return NULL;
	}
	return pdev;
}

static void iomem_release(struct kref *ref)
{
	struct kos_iomem *mem = container_of(ref, struct kos_iomem, ref);

	kos_pcidev_unclaim(mem->pdev);
	pci_dev_put(mem->pdev);
	kfree(mem);
}

void kos_iomem_get(struct kos_iomem *mem)
{
	kref_get(&mem->ref);
}

void kos_iomem_put(struct kos_iomem *mem)
{
	kref_put(&mem->ref, iomem_release);
}

static void iomem_object_release(void *priv)
{
	kos_iomem_put(priv);
}

static const struct kos_object_ops iomem_ops = {
	.type = KOS_HTYPE_IOMEM,
	.release = iomem_object_release,
};

int kos_iomem_register_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_iomem_register *cmd = ucmd->cmd;
	struct kos_iomem *mem;
	struct pci_dev *pdev;
	int ret;

	if (cmd->flags || cmd->__reserved || cmd->handle)
		return -EINVAL;
	if (!cmd->length || !PAGE_ALIGNED(cmd->addr) ||
	    !PAGE_ALIGNED(cmd->length) || cmd->addr + cmd->length < cmd->addr)
		return -EINVAL;
	ret = kos_hw_access();
	if (ret)
		return ret;
	if (region_intersects(cmd->addr, cmd->length, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT)
		return -EACCES;
	pdev = free_pci_bar_owner(cmd->addr, cmd->length);
	if (!pdev)
		return -EACCES;

	ret = kos_pcidev_claim(pdev);
	if (ret) {
		pci_dev_put(pdev);
		return ret;
	}
	mem = kzalloc(sizeof(*mem), GFP_KERNEL_ACCOUNT);
	if (!mem) {
		kos_pcidev_unclaim(pdev);
		pci_dev_put(pdev);
		return -ENOMEM;
	}
	kref_init(&mem->ref);
	mem->addr = cmd->addr;
	mem->length = cmd->length;
	mem->pdev = pdev;
	ret = kos_kobject_install(ucmd->ctx, &iomem_ops, mem, KOS_RIGHT_TRANSFER,
				  &cmd->handle);
	if (ret)
		return ret;
	return kos_ucmd_respond(ucmd, sizeof(*cmd));
}
