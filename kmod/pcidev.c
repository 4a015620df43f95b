// SPDX-License-Identifier: GPL-2.0
/*
 * PCI devices driven from user space.  No kernel driver is bound to them,
 * so nothing else enables them: the module does, for as long as one of its
 * objects needs it (an attached interrupt, a DMA begin), the way a driver's
 * probe and remove would.  pci_enable_device() counts its users itself; bus
 * mastering does not, so it is counted here, per device.
 *
 * A device whose memory a context registered is claimed: its
 * driver_override names no driver ("kos-linux", the way VFIO names its
 * own), so no kernel driver binds to it while user space maps its BARs.
 * An override the administrator set is left as it is.  A claimed device is
 * also enabled, as VFIO enables a device it opens: where interrupt lines
 * are assigned on enable (an IO-APIC), a disabled device has none, and
 * its driver could not register the interrupt it is about to use.
 *
 * Locking: kos_pcidev_lock protects the lists of mastering and claimed
 * devices.  Order: an object's tree_lock (an IOMEM object released under
 * it), or irq.c's registration lock and then its kos_irq_attached_lock
 * (attach and detach enable, disable and master devices) ->
 * kos_pcidev_lock -> the device lock (claims set driver_override).
 */
#include <linux/string.h>
#include <linux/capability.h>
#include <linux/device.h>
#include <linux/security.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "compat.h"
#include "pcidev.h"

/*
 * A device with bus mastering turned on by the module, and how often;
 * @off: turned off meanwhile (its IOMMU domain went), until the next get.
 */
struct kos_master {
	struct list_head link;
	struct pci_dev *pdev;
	unsigned int users;
	bool off;
};

/* A device claimed for user space, and by how many registrations. */
struct kos_claim {
	struct list_head link;
	struct pci_dev *pdev;
	unsigned int users;
	bool overridden;
};

#define KOS_OVERRIDE "kos-linux"

static DEFINE_MUTEX(kos_pcidev_lock);
static LIST_HEAD(kos_masters);
static LIST_HEAD(kos_claims);

static struct kos_claim *find_claim(struct pci_dev *pdev)
{
	struct kos_claim *c;

	lockdep_assert_held(&kos_pcidev_lock);
	list_for_each_entry(c, &kos_claims, link)
		if (c->pdev == pdev)
			return c;
	return NULL;
}

int kos_pcidev_claim(struct pci_dev *pdev)
{
	struct kos_claim *c, *n = kzalloc(sizeof(*n), GFP_KERNEL_ACCOUNT);
	int ret = 0;

	if (!n)
		return -ENOMEM;
	mutex_lock(&kos_pcidev_lock);
	c = find_claim(pdev);
	if (c) {
		c->users++;
		goto out;
	}
	c = n;
	n = NULL;
	c->pdev = pci_dev_get(pdev);
	c->users = 1;
	/* first the override, so that no driver matches from here on */
	if (kos_override_is(pdev, NULL)) {
		ret = kos_override_set(pdev, KOS_OVERRIDE);
		c->overridden = !ret;
	}
	/* then whether one was bound already, or bound while we set it */
	device_lock(&pdev->dev);
	if (!ret)
		ret = pdev->dev.driver ? -EACCES : pci_enable_device(pdev);
	device_unlock(&pdev->dev);
	if (!ret) {
		list_add(&c->link, &kos_claims);
		goto out;
	}
	if (c->overridden)
		kos_override_set(pdev, "");
	pci_dev_put(c->pdev);
	kfree(c);
out:
	mutex_unlock(&kos_pcidev_lock);
	kfree(n);
	return ret;
}

void kos_pcidev_unclaim(struct pci_dev *pdev)
{
	struct kos_claim *c;

	mutex_lock(&kos_pcidev_lock);
	c = find_claim(pdev);
	if (WARN_ON_ONCE(!c) || --c->users) {
		mutex_unlock(&kos_pcidev_lock);
		return;
	}
	list_del(&c->link);
	pci_disable_device(pdev);
	/* ours, unless the administrator wrote another one meanwhile */
	if (c->overridden && kos_override_is(pdev, KOS_OVERRIDE))
		kos_override_set(pdev, "");
	mutex_unlock(&kos_pcidev_lock);
	pci_dev_put(c->pdev);
	kfree(c);
}

/*
 * The PCI device one of whose BARs of @type (IORESOURCE_MEM or IORESOURCE_IO)
 * holds all of [addr, addr + len), referenced; NULL when none does.  Its
 * driver, if any, owns the range.
 */
struct pci_dev *kos_pcidev_bar_owner(u64 addr, u64 len, unsigned long type)
{
	struct pci_dev *pdev = NULL;
	struct resource *r;
	int bar;

	for_each_pci_dev(pdev) {
		for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
			r = &pdev->resource[bar];
			if (!(r->flags & type) || !r->start)
				continue;
			if (addr >= r->start && addr + len - 1 <= r->end)
				return pdev;
		}
	}
	return NULL;
}

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
	} else if (m->off) {
		m->off = false;
		pci_set_master(pdev);
	}
	m->users++;
	mutex_unlock(&kos_pcidev_lock);
	return 0;
}

void kos_pcidev_master_off(struct pci_dev *pdev)
{
	struct kos_master *m;

	mutex_lock(&kos_pcidev_lock);
	m = find_master(pdev);
	if (m && !m->off) {
		m->off = true;
		pci_clear_master(pdev);
	}
	mutex_unlock(&kos_pcidev_lock);
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
