/* SPDX-License-Identifier: GPL-2.0 */
/* The few kernel API differences between 6.1 and 6.12 the module meets. */
#ifndef _KOS_COMPAT_H
#define _KOS_COMPAT_H

#include <linux/iommu.h>
#include <linux/ipc_namespace.h>
#include <linux/nsproxy.h>
#include <linux/pci.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/version.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags |= flags;
}

static inline void vm_flags_clear(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags &= ~flags;
}
#endif

/* iommu_map() takes a gfp_t since 6.3. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
#define kos_iommu_map(domain, iova, paddr, size, prot, gfp) \
	iommu_map(domain, iova, paddr, size, prot)
#else
#define kos_iommu_map iommu_map
#endif

/* 6.11 allocates a paging domain for a device; before, for its bus. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 11, 0)
static inline struct iommu_domain *iommu_paging_domain_alloc(struct device *dev)
{
	struct iommu_domain *domain = iommu_domain_alloc(dev->bus);

	return domain ? domain : ERR_PTR(-ENODEV);
}
#endif

/*
 * The opener's IPC namespace, which scopes service names and name servers.
 * 6.12 exports put_ipc_ns(): the context pins it.  6.1 does not: there the
 * pointer only serves as a key, valid while a process of the namespace
 * keeps it alive (Documentation/security.rst).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
static inline struct ipc_namespace *kos_ipc_ns_get(void)
{
	return get_ipc_ns(current->nsproxy->ipc_ns);
}

static inline void kos_ipc_ns_put(struct ipc_namespace *ns)
{
	put_ipc_ns(ns);
}
#else
static inline struct ipc_namespace *kos_ipc_ns_get(void)
{
	return current->nsproxy->ipc_ns;
}

static inline void kos_ipc_ns_put(struct ipc_namespace *ns)
{
}
#endif

/*
 * A PCI device's driver_override: true when it is @s (NULL: none), and
 * setting it ("": none).  Kbuild finds which API the kernel has.
 */
#ifdef KOS_HAVE_DEV_OVERRIDE
static inline bool kos_override_is(struct pci_dev *pdev, const char *s)
{
	const char *o;
	bool ret;

	spin_lock(&pdev->dev.driver_override.lock);
	o = pdev->dev.driver_override.name;
	ret = s ? o && !strcmp(o, s) : !o;
	spin_unlock(&pdev->dev.driver_override.lock);
	return ret;
}

static inline int kos_override_set(struct pci_dev *pdev, const char *s)
{
	return device_set_driver_override(&pdev->dev, s);
}
#else
static inline bool kos_override_is(struct pci_dev *pdev, const char *s)
{
	const char *o;
	bool ret;

	device_lock(&pdev->dev);
	o = pdev->driver_override;
	ret = s ? o && !strcmp(o, s) : !o;
	device_unlock(&pdev->dev);
	return ret;
}

static inline int kos_override_set(struct pci_dev *pdev, const char *s)
{
	return driver_set_override(&pdev->dev, &pdev->driver_override, s,
				   strlen(s));
}
#endif

#endif /* _KOS_COMPAT_H */
