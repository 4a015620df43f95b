// SPDX-License-Identifier: GPL-2.0
/*
 * DMA buffers.  A buffer is a set of equal-order page blocks allocated with
 * GFP_KERNEL_ACCOUNT (charged to the creator's memory cgroup) and counted
 * against the creator's dma_max_kb.  __GFP_RETRY_MAYFAIL makes a buffer
 * that does not fit under the cgroup's memory.max fail with ENOMEM instead
 * of waking the cgroup's OOM killer, which would kill the caller.  No device is bound, so there is no
 * IOMMU translation: the device-visible address of a block is its physical
 * address.  Those addresses are only handed out once a privileged caller has
 * begun the buffer (KOS_DMA_BEGIN) or asks for them explicitly
 * (KOS_DMA_INFO_PHYS); both need CAP_SYS_RAWIO (and a kernel not locked
 * down), in whichever context holds the handle.  Beginning also maps the
 * buffer into the context's IOMMU domain, if it attached a device (iommu.c),
 * at the same addresses.
 *
 * A begin also lets the devices the caller drives (those whose memory it
 * registered, mmio.c) master the bus, as long as the begin lives: without
 * bus mastering a PCI device cannot reach memory at all.  The buffer must
 * lie within each device's DMA mask.
 *
 * Kernel-allocated pages are never swapped or migrated, so a buffer is
 * pinned for as long as it exists: until its DMA and begin objects and all
 * its mappings are gone.
 */
#include <linux/capability.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kos.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "dma.h"
#include "handle.h"
#include "iommu.h"
#include "mmio.h"
#include "objstat.h"
#include "pcidev.h"
#include "user.h"

/* Bytes of DMA memory one context has created and not yet freed. */
struct kos_dma_quota {
	refcount_t ref;
	atomic64_t bytes;
};

static unsigned int kos_dma_max_kb = 65536;
module_param_named(dma_max_kb, kos_dma_max_kb, uint, 0644);
MODULE_PARM_DESC(dma_max_kb, "Maximum DMA buffer memory per KOS context, KiB");

static void quota_put(struct kos_dma_quota *q)
{
	if (refcount_dec_and_test(&q->ref))
		kfree(q);
}

/*
 * The context's quota, created on first use.  Buffers keep it alive past
 * the context, since a transferred handle can outlive its creator.
 */
static struct kos_dma_quota *quota_get(struct kos_context *ctx)
{
	struct kos_dma_quota *q = READ_ONCE(ctx->dma_quota), *old;

	if (!q) {
		q = kzalloc(sizeof(*q), GFP_KERNEL_ACCOUNT);
		if (!q)
			return NULL;
		refcount_set(&q->ref, 1);
		old = cmpxchg(&ctx->dma_quota, NULL, q);
		if (old) {
			kfree(q);
			q = old;
		}
	}
	refcount_inc(&q->ref);
	return q;
}

void kos_dma_ctx_release(struct kos_context *ctx)
{
	if (ctx->dma_quota)
		quota_put(ctx->dma_quota);
}

/* @bytes is at most KOS_DMA_FRAMES_MAX blocks of KOS_DMA_ORDER_MAX: no wrap. */
static int quota_charge(struct kos_dma_quota *q, u64 bytes)
{
	u64 max = (u64)READ_ONCE(kos_dma_max_kb) << 10;

	if (bytes > max)
		return -EDQUOT;
	if (atomic64_add_return(bytes, &q->bytes) > max) {
		atomic64_sub(bytes, &q->bytes);
		return -EDQUOT;
	}
	return 0;
}

static void buf_release(struct kref *ref)
{
	struct kos_dma_buf *buf = container_of(ref, struct kos_dma_buf, ref);
	unsigned int i;

	for (i = 0; i < buf->count; i++)
		if (buf->blocks[i])
			__free_pages(buf->blocks[i], buf->order);
	atomic64_sub(buf->charged, &buf->quota->bytes);
	quota_put(buf->quota);
	if (buf->user)
		kos_user_uncharge(buf->user, KOS_UR_DMA_KB, buf->charged >> 10);
	kfree(buf);
	kos_objstat_dec(KOS_OBJ_DMA);
}

void kos_dma_get(struct kos_dma_buf *buf)
{
	kref_get(&buf->ref);
}

void kos_dma_put(struct kos_dma_buf *buf)
{
	kref_put(&buf->ref, buf_release);
}

/*
 * Allocate the blocks for a buffer of @length bytes (page aligned, non-zero)
 * in blocks of @order (at most KOS_DMA_ORDER_MAX).  The length is checked
 * against the largest buffer before any arithmetic on it, and the quota is
 * charged with the memory the blocks take, not the length asked for.
 */
static struct kos_dma_buf *buf_alloc(struct kos_context *ctx, u32 attr,
				     u32 order, u64 length)
{
	gfp_t gfp = GFP_KERNEL_ACCOUNT | __GFP_ZERO | __GFP_NOWARN |
		    __GFP_RETRY_MAYFAIL;
	u64 bsize = PAGE_SIZE << order;
	struct kos_dma_buf *buf;
	unsigned int count, i;

	if (length > (u64)KOS_DMA_FRAMES_MAX * bsize)
		return ERR_PTR(-EINVAL);
	count = DIV_ROUND_UP(length, bsize);
	if (attr & KOS_DMA_ZONE_DMA)
		gfp |= GFP_DMA;
	else if (attr & KOS_DMA_ZONE_DMA32)
		gfp |= GFP_DMA32;
	buf = kzalloc(struct_size(buf, blocks, count), GFP_KERNEL_ACCOUNT);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	kref_init(&buf->ref);
	buf->attr = attr;
	buf->order = order;
	buf->length = length;
	buf->count = count;
	kos_objstat_inc(KOS_OBJ_DMA);
	buf->quota = quota_get(ctx);
	if (!buf->quota) {
		kfree(buf);
		kos_objstat_dec(KOS_OBJ_DMA);
		return ERR_PTR(-ENOMEM);
	}
	if (quota_charge(buf->quota, count * bsize)) {
		kos_dma_put(buf);
		return ERR_PTR(-EDQUOT);
	}
	buf->charged = count * bsize;
	if (kos_user_charge(ctx->user, KOS_UR_DMA_KB, buf->charged >> 10)) {
		kos_dma_put(buf);
		return ERR_PTR(-EDQUOT);
	}
	buf->user = ctx->user;
	for (i = 0; i < count; i++) {
		buf->blocks[i] = alloc_pages(gfp, order);
		if (!buf->blocks[i]) {
			kos_dma_put(buf);
			return ERR_PTR(-ENOMEM);
		}
	}
	return buf;
}

static void dma_object_release(void *priv)
{
	kos_dma_put(priv);
}

static const struct kos_object_ops dma_ops = {
	.type = KOS_HTYPE_DMA,
	.release = dma_object_release,
};

/* Devices mastering the bus for one begun buffer, at most this many. */
#define KOS_DMA_DEVICES_MAX	8

/**
 * struct kos_dma_begin - device access to a buffer (KOS_HTYPE_DMA_BEGIN)
 * @buf: the buffer, referenced
 * @ndevs: entries of @devs
 * @devs: devices mastering the bus for it, referenced
 */
struct kos_dma_begin {
	struct kos_dma_buf *buf;
	unsigned int ndevs;
	struct pci_dev *devs[KOS_DMA_DEVICES_MAX];
};

static void begin_free(struct kos_dma_begin *b, unsigned int mastering)
{
	unsigned int i;

	for (i = 0; i < b->ndevs; i++) {
		if (i < mastering)
			kos_pcidev_master_put(b->devs[i]);
		pci_dev_put(b->devs[i]);
	}
	kos_iommu_revoke(b->buf);
	atomic_set(&b->buf->begun, 0);
	kos_dma_put(b->buf);
	kfree(b);
}

static void begin_object_release(void *priv)
{
	struct kos_dma_begin *b = priv;

	begin_free(b, b->ndevs);
}

static const struct kos_object_ops begin_ops = {
	.type = KOS_HTYPE_DMA_BEGIN,
	.release = begin_object_release,
};

/* Wrap @buf (whose reference moves in) in a DMA object, install it. */
static int install_buf(struct kos_context *ctx, struct kos_dma_buf *buf,
		       int *out)
{
	return kos_kobject_install(ctx, &dma_ops, buf, KOS_RIGHT_TRANSFER, out);
}

int kos_dma_create_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_dma_create *cmd = ucmd->cmd;
	struct kos_dma_buf *buf;
	int ret;

	if (cmd->flags || cmd->__reserved || cmd->handle)
		return -EINVAL;
	if ((cmd->attr | KOS_DMA_ATTR_MASK) != KOS_DMA_ATTR_MASK ||
	    !(cmd->attr & KOS_DMA_DIR_BIDIR))
		return -EINVAL;
	if ((cmd->attr & KOS_DMA_ZONE_DMA) && (cmd->attr & KOS_DMA_ZONE_DMA32))
		return -EINVAL;	/* one zone */
	if (cmd->order > KOS_DMA_ORDER_MAX || !cmd->length ||
	    !PAGE_ALIGNED(cmd->length))
		return -EINVAL;
	buf = buf_alloc(ucmd->ctx, cmd->attr, cmd->order, cmd->length);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = install_buf(ucmd->ctx, buf, &cmd->handle);
	if (ret)
		return ret;
	return kos_ucmd_respond(ucmd, sizeof(*cmd));
}

/* The buffer behind a KOS_HTYPE_DMA handle, referenced. */
static struct kos_dma_buf *buf_lookup(struct kos_context *ctx, int handle)
{
	struct kos_object *obj = kos_handle_object(ctx, handle, KOS_HTYPE_DMA, 0);
	struct kos_dma_buf *buf;

	if (IS_ERR(obj))
		return ERR_CAST(obj);
	buf = obj->priv;
	kos_dma_get(buf);
	kos_object_put(obj);
	return buf;
}

/* Note @pdev among the devices of @b, once. */
static int add_device(struct kos_dma_begin *b, struct pci_dev *pdev)
{
	unsigned int i;

	for (i = 0; i < b->ndevs; i++)
		if (b->devs[i] == pdev)
			return 0;
	if (b->ndevs == KOS_DMA_DEVICES_MAX)
		return -EDQUOT;
	b->devs[b->ndevs++] = pci_dev_get(pdev);
	return 0;
}

/* Collect the devices whose memory @ctx has registered. */
static int add_devices(struct kos_context *ctx, struct kos_dma_begin *b)
{
	struct kos_object *obj;
	unsigned long id = 0;
	int ret = 0;

	while (!ret && (obj = kos_handle_next_object(ctx, KOS_HTYPE_IOMEM, &id))) {
		ret = add_device(b, ((struct kos_iomem *)obj->priv)->pdev);
		kos_object_put(obj);
	}
	return ret;
}

/* True when every block of @buf is below @pdev's DMA mask. */
static bool reachable(struct kos_dma_buf *buf, struct pci_dev *pdev)
{
	u64 mask = dma_get_mask(&pdev->dev), bsize = PAGE_SIZE << buf->order;
	unsigned int i;

	for (i = 0; i < buf->count; i++)
		if (page_to_phys(buf->blocks[i]) + bsize - 1 > mask)
			return false;
	return true;
}

/* Let the devices the caller drives master the bus for @b. */
static int begin_devices(struct kos_context *ctx, struct kos_dma_begin *b,
			 unsigned int *mastering)
{
	unsigned int i;
	int ret;

	ret = add_devices(ctx, b);
	if (ret)
		return ret;
	for (i = 0; i < b->ndevs; i++)
		if (!reachable(b->buf, b->devs[i]))
			return -EREMOTEIO;
	for (*mastering = 0; *mastering < b->ndevs; ++*mastering) {
		ret = kos_pcidev_master_get(b->devs[*mastering]);
		if (ret)
			return ret;
	}
	return 0;
}

int kos_dma_begin_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_io_handle *cmd = ucmd->cmd;
	unsigned int mastering = 0;
	struct kos_dma_begin *b;
	struct kos_dma_buf *buf;
	int ret;

	if (cmd->flags || cmd->out_handle)
		return -EINVAL;
	buf = buf_lookup(ucmd->ctx, cmd->handle);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = kos_hw_access();
	if (ret)
		goto err_put;
	ret = -EBUSY;
	if (atomic_cmpxchg(&buf->begun, 0, 1))
		goto err_put;
	b = kzalloc(sizeof(*b), GFP_KERNEL_ACCOUNT);
	if (!b) {
		atomic_set(&buf->begun, 0);
		ret = -ENOMEM;
		goto err_put;
	}
	ret = kos_iommu_grant(ucmd->ctx, buf);
	if (ret) {
		kfree(b);
		atomic_set(&buf->begun, 0);
		goto err_put;
	}
	b->buf = buf;	/* the reference moves in */
	ret = begin_devices(ucmd->ctx, b, &mastering);
	if (ret)
		goto err_begin;
	ret = kos_kobject_install(ucmd->ctx, &begin_ops, b, KOS_RIGHT_TRANSFER,
				  &cmd->out_handle);
	if (ret)
		return ret;
	return kos_ucmd_respond(ucmd, sizeof(*cmd));

err_begin:
	begin_free(b, mastering);
	return ret;
err_put:
	kos_dma_put(buf);
	return ret;
}

static int copy_frames(struct kos_dma_buf *buf, u64 __user *frames)
{
	unsigned int i;

	for (i = 0; i < buf->count; i++)
		if (put_user((u64)page_to_phys(buf->blocks[i]) | buf->order,
			     frames + i))
			return -EFAULT;
	return 0;
}

int kos_dma_info_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_dma_info *cmd = ucmd->cmd;
	struct kos_dma_buf *buf;
	bool phys_ok;
	int ret = 0;

	if ((cmd->flags | KOS_DMA_INFO_PHYS) != KOS_DMA_INFO_PHYS ||
	    cmd->__reserved)
		return -EINVAL;
	buf = buf_lookup(ucmd->ctx, cmd->handle);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	/* physical addresses: for whoever asks, even with a transferred handle */
	phys_ok = !kos_hw_access();
	if ((cmd->flags & KOS_DMA_INFO_PHYS) && !phys_ok) {
		ret = -EPERM;
		goto out;
	}
	cmd->attr = buf->attr;
	cmd->order_min = buf->order;
	cmd->length = buf->length;
	cmd->count = 0;
	if (phys_ok && ((cmd->flags & KOS_DMA_INFO_PHYS) || atomic_read(&buf->begun)))
		cmd->count = buf->count;
	if (cmd->count && cmd->count_max >= cmd->count)
		ret = copy_frames(buf, u64_to_user_ptr(cmd->frames));
	if (!ret)
		ret = kos_ucmd_respond(ucmd, sizeof(*cmd));
out:
	kos_dma_put(buf);
	return ret;
}

/*
 * Map @vma's range from byte @offset of @buf; blocks are not contiguous.
 * The range was checked against @buf->length by KOS_IO_MAP; the blocks
 * are checked again here so that no error elsewhere can map past them.
 */
int kos_dma_remap(struct kos_dma_buf *buf, struct vm_area_struct *vma,
		  u64 offset)
{
	u64 bsize = PAGE_SIZE << buf->order, in, n, end;
	unsigned long addr = vma->vm_start;
	unsigned int i;
	int ret;

	if (check_add_overflow(offset, (u64)(vma->vm_end - vma->vm_start), &end) ||
	    end > (u64)buf->count * bsize)
		return -EINVAL;
	while (addr < vma->vm_end) {
		i = offset / bsize;
		in = offset % bsize;
		n = min_t(u64, bsize - in, vma->vm_end - addr);
		ret = remap_pfn_range(vma, addr,
				      page_to_pfn(buf->blocks[i]) + (in >> PAGE_SHIFT),
				      n, vma->vm_page_prot);
		if (ret)
			return ret;
		addr += n;
		offset += n;
	}
	return 0;
}
