// SPDX-License-Identifier: GPL-2.0
/*
 * PCI devices driven from user space.  No kernel driver is bound to them,
 * so nothing else enables them: the module does, for as long as one of its
 * objects needs it (an attached interrupt, a DMA begin), the way a driver's
 * probe and remove would.  pci_enable_device() counts its users itself; bus
 * mastering does not, so it is counted here, per device.
 *
 * Locking: kos_pcidev_lock protects the list of mastering devices.
 */
#include <linux/capability.h>
#include <linux/device.h>
#include <linux/security.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "pcidev.h"

/* A device with bus mastering turned on by the module, and how often. */
struct kos_master {
	struct list_head link;
	struct pci_dev *pdev;
	unsigned int users;
};

static DEFINE_MUTEX(kos_pcidev_lock);
static LIST_HEAD(kos_masters);

int kos_hw_access(void)
{
	if (!capable(CAP_SYS_RAWIO))
		return -EPERM;
	return security_locked_down(LOCKDOWN_PCI_ACCESS);
}

int kos_pcidev_enable(struct pci_dev *pdev)
{
	int ret;

	/* The device lock keeps a driver from binding while we look. */
	device_lock(&pdev->dev);
	ret = pdev->dev.driver ? -EACCES : pci_enable_device(pdev);
	device_unlock(&pdev->dev);
	return ret;
}

void kos_pcidev_disable(struct pci_dev *pdev)
{
	pci_disable_device(pdev);
}

static struct kos_master *find_master(struct pci_dev *pdev)
{
	struct kos_master *m;

	lockdep_assert_held(&kos_pcidev_lock);
	list_for_each_entry(m, &kos_masters, link)
		if (m->pdev == pdev)
			return m;
	return NULL;
}

int kos_pcidev_master_get(struct pci_dev *pdev)
{
	struct kos_master *m;
	int ret;

	ret = kos_pcidev_enable(pdev);
	if (ret)
		return ret;
	mutex_lock(&kos_pcidev_lock);
	m = find_master(pdev);
	if (!m) {
		m = kzalloc(sizeof(*m), GFP_KERNEL_ACCOUNT);
		if (!m) {
			mutex_unlock(&kos_pcidev_lock);
			kos_pcidev_disable(pdev);
			return -ENOMEM;
		}
		m->pdev = pci_dev_get(pdev);
		list_add(&m->link, &kos_masters);
		pci_set_master(pdev);
	}
	m->users++;
	mutex_unlock(&kos_pcidev_lock);
	return 0;
}

void kos_pcidev_master_put(struct pci_dev *pdev)
{
	struct kos_master *m;

	mutex_lock(&kos_pcidev_lock);
	m = find_master(pdev);
	if (!WARN_ON_ONCE(!m) && !--m->users) {
		pci_clear_master(pdev);
		list_del(&m->link);
		pci_dev_put(m->pdev);
		kfree(m);
	}
	mutex_unlock(&kos_pcidev_lock);
	kos_pcidev_disable(pdev);
}
