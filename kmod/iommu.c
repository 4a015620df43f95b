// SPDX-License-Identifier: GPL-2.0
/*
 * IOMMU domains of contexts (KnIommuAttachDevice).  A context that attaches
 * a driverless PCI device gets a paging domain of its own; the device's
 * IOMMU group is claimed for the context the way VFIO claims it
 * (iommu_group_claim_dma_owner: no kernel driver can bind meanwhile) and
 * attached to that domain.  The domain holds exactly the DMA buffers begun
 * in the context, mapped at their physical addresses: the device reaches
 * nothing else, and the addresses KOS_DMA_INFO reports stay right.
 *
 * Lifetime: the context holds one reference on its struct kos_iommu and
 * every begun buffer another, since a begin handle may outlive the context
 * (transfer).  The context's devices are detached when it goes; the domain
 * is freed with the last reference.
 */
#include <linux/capability.h>
#include <linux/iommu.h>
#include <linux/kos.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "compat.h"
#include "iommu.h"
#include "objstat.h"
#include "pcidev.h"

/**
 * struct kos_iommu - a context's IOMMU domain
 * @ref: the context's and each granted buffer's
 * @lock: protects everything below
 * @domain: allocated on the first attach, then kept
 * @devices: attached devices (struct kos_iommu_dev)
 * @grants: begun buffers (struct kos_dma_buf.iommu_link)
 */
struct kos_iommu {
	refcount_t ref;
	struct mutex lock;
	struct iommu_domain *domain;
	struct list_head devices;
	struct list_head grants;
};

struct kos_iommu_dev {
	struct list_head link;
	struct pci_dev *pdev;
	struct iommu_group *group;
	u16 bdf;
};

static void iommu_put(struct kos_iommu *iommu)
{
	if (!refcount_dec_and_test(&iommu->ref))
		return;
	WARN_ON(!list_empty(&iommu->devices) || !list_empty(&iommu->grants));
	if (iommu->domain)
		iommu_domain_free(iommu->domain);
	kfree(iommu);
}

/* The context's IOMMU state, created on first use, referenced. */
static struct kos_iommu *iommu_get(struct kos_context *ctx)
{
	struct kos_iommu *iommu = READ_ONCE(ctx->iommu), *old;

	if (!iommu) {
		iommu = kzalloc(sizeof(*iommu), GFP_KERNEL_ACCOUNT);
		if (!iommu)
			return NULL;
		refcount_set(&iommu->ref, 1);
		mutex_init(&iommu->lock);
		INIT_LIST_HEAD(&iommu->devices);
		INIT_LIST_HEAD(&iommu->grants);
		old = cmpxchg(&ctx->iommu, NULL, iommu);
		if (old) {
			kfree(iommu);
			iommu = old;
		}
	}
	refcount_inc(&iommu->ref);
	return iommu;
}

static void unmap_blocks(struct iommu_domain *domain, struct kos_dma_buf *buf,
			 unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++)
		iommu_unmap(domain, page_to_phys(buf->blocks[i]),
			    PAGE_SIZE << buf->order);
}

/* Map every block of @buf at its physical address, as its direction allows. */
static int map_blocks(struct iommu_domain *domain, struct kos_dma_buf *buf)
{
	int prot = ((buf->attr & KOS_DMA_DIR_TO_DEVICE) ? IOMMU_READ : 0) |
		   ((buf->attr & KOS_DMA_DIR_FROM_DEVICE) ? IOMMU_WRITE : 0);
	phys_addr_t pa;
	unsigned int i;
	int ret;

	for (i = 0; i < buf->count; i++) {
		pa = page_to_phys(buf->blocks[i]);
		ret = kos_iommu_map(domain, pa, pa, PAGE_SIZE << buf->order,
				    prot, GFP_KERNEL_ACCOUNT);
		if (ret) {
			unmap_blocks(domain, buf, i);
			return ret;
		}
	}
	return 0;
}

int kos_iommu_grant(struct kos_context *ctx, struct kos_dma_buf *buf)
{
	struct kos_iommu *iommu = iommu_get(ctx);
	int ret = 0;

	if (!iommu)
		return -ENOMEM;
	mutex_lock(&iommu->lock);
	if (iommu->domain)
		ret = map_blocks(iommu->domain, buf);
	if (!ret) {
		list_add(&buf->iommu_link, &iommu->grants);
		buf->iommu = iommu;	/* the reference moves here */
	}
	mutex_unlock(&iommu->lock);
	if (ret)
		iommu_put(iommu);
	return ret;
}

void kos_iommu_revoke(struct kos_dma_buf *buf)
{
	struct kos_iommu *iommu = buf->iommu;

	if (!iommu)
		return;
	mutex_lock(&iommu->lock);
	list_del(&buf->iommu_link);
	if (iommu->domain)
		unmap_blocks(iommu->domain, buf, buf->count);
	mutex_unlock(&iommu->lock);
	buf->iommu = NULL;
	iommu_put(iommu);
}

/* The domain, allocated for @dev on first use with every grant mapped. */
static int domain_prepare(struct kos_iommu *iommu, struct device *dev)
{
	struct iommu_domain *domain;
	struct kos_dma_buf *buf, *done;
	int ret = 0;

	lockdep_assert_held(&iommu->lock);
	if (iommu->domain)
		return 0;
	domain = iommu_paging_domain_alloc(dev);
	if (IS_ERR(domain))
		return -EOPNOTSUPP;
	list_for_each_entry(buf, &iommu->grants, iommu_link) {
		ret = map_blocks(domain, buf);
		if (ret)
			break;
	}
	if (ret) {
		list_for_each_entry(done, &iommu->grants, iommu_link) {
			if (done == buf)
				break;
			unmap_blocks(domain, done, done->count);
		}
		iommu_domain_free(domain);
		return ret;
	}
	iommu->domain = domain;
	return 0;
}

static struct kos_iommu_dev *find_dev(struct kos_iommu *iommu, u16 bdf,
				      struct iommu_group *group)
{
	struct kos_iommu_dev *d;

	lockdep_assert_held(&iommu->lock);
	list_for_each_entry(d, &iommu->devices, link)
		if (group ? d->group == group : d->bdf == bdf)
			return d;
	return NULL;
}

/* Claim @d's group and attach it, unless another attached device shares it. */
static int attach_group(struct kos_iommu *iommu, struct kos_iommu_dev *d)
{
	bool shared = find_dev(iommu, 0, d->group);
	int ret;

	ret = iommu_group_claim_dma_owner(d->group, iommu);
	if (ret)
		return -EBUSY;
	ret = domain_prepare(iommu, &d->pdev->dev);
	if (!ret && !shared)
		ret = iommu_attach_group(iommu->domain, d->group);
	if (ret) {
		iommu_group_release_dma_owner(d->group);
		return ret == -EBUSY || ret == -ENOMEM ? ret : -EOPNOTSUPP;
	}
	return 0;
}

static void detach_dev(struct kos_iommu *iommu, struct kos_iommu_dev *d)
{
	lockdep_assert_held(&iommu->lock);
	list_del(&d->link);
	kos_pcidev_master_off(d->pdev);
	if (!find_dev(iommu, 0, d->group))
		iommu_detach_group(iommu->domain, d->group);
	iommu_group_release_dma_owner(d->group);
	iommu_group_put(d->group);
	pci_dev_put(d->pdev);
	kfree(d);
	kos_objstat_dec(KOS_OBJ_IOMMU_DEV);
}

/* The driverless PCI device @bdf (segment 0) with its IOMMU group. */
static int lookup_dev(u32 bdf, struct kos_iommu_dev *d)
{
	d->pdev = pci_get_domain_bus_and_slot(0, bdf >> 8, bdf & 0xff);
	if (!d->pdev)
		return -ENODEV;
	d->bdf = bdf;
	if (READ_ONCE(d->pdev->dev.driver)) {
		pci_dev_put(d->pdev);
		return -EBUSY;
	}
	d->group = iommu_group_get(&d->pdev->dev);
	if (!d->group) {
		pci_dev_put(d->pdev);
		return -EOPNOTSUPP;
	}
	return 0;
}

static int check_args(struct kos_iommu_device *cmd)
{
	if (cmd->flags || cmd->__reserved || cmd->bdf > 0xffff)
		return -EINVAL;
	return kos_hw_access();
}

int kos_iommu_attach_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_iommu_device *cmd = ucmd->cmd;
	struct kos_iommu *iommu;
	struct kos_iommu_dev *d;
	int ret = check_args(cmd);

	if (ret)
		return ret;
	d = kzalloc(sizeof(*d), GFP_KERNEL_ACCOUNT);
	if (!d)
		return -ENOMEM;
	ret = lookup_dev(cmd->bdf, d);
	if (ret)
		goto err_free;
	ret = -ENOMEM;
	iommu = iommu_get(ucmd->ctx);
	if (!iommu)
		goto err_dev;
	mutex_lock(&iommu->lock);
	ret = find_dev(iommu, d->bdf, NULL) ? -EEXIST : attach_group(iommu, d);
	if (!ret) {
		list_add(&d->link, &iommu->devices);
		kos_objstat_inc(KOS_OBJ_IOMMU_DEV);
	}
	mutex_unlock(&iommu->lock);
	iommu_put(iommu);
	if (!ret)
		return 0;
err_dev:
	iommu_group_put(d->group);
	pci_dev_put(d->pdev);
err_free:
	kfree(d);
	return ret;
}

int kos_iommu_detach_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_iommu_device *cmd = ucmd->cmd;
	struct kos_iommu *iommu = READ_ONCE(ucmd->ctx->iommu);
	struct kos_iommu_dev *d;
	int ret = check_args(cmd);

	if (ret)
		return ret;
	if (!iommu)
		return -ENOENT;
	mutex_lock(&iommu->lock);
	d = find_dev(iommu, cmd->bdf, NULL);
	if (d)
		detach_dev(iommu, d);
	mutex_unlock(&iommu->lock);
	return d ? 0 : -ENOENT;
}

void kos_iommu_ctx_release(struct kos_context *ctx)
{
	struct kos_iommu *iommu = ctx->iommu;
	struct kos_iommu_dev *d, *tmp;

	if (!iommu)
		return;
	mutex_lock(&iommu->lock);
	list_for_each_entry_safe(d, tmp, &iommu->devices, link)
		detach_dev(iommu, d);
	mutex_unlock(&iommu->lock);
	iommu_put(iommu);
}
