// SPDX-License-Identifier: GPL-2.0
/*
 * Mappings of DMA buffers and registered device memory.  KOS_IO_MAP checks
 * the range and makes a mapping handle; the mmap() offset it returns is that
 * handle's number in pages, so mmap() of /dev/kos finds the mapping in the
 * caller's own handle table (no global namespace to guess).  Each mapping is
 * mmap()ed at most once.  The VMA holds a reference on the mapping, which
 * holds one on the DMA buffer: the pages live until both the handles and
 * the VMA are gone.  KOS_IO_CLOSE on a mapping handle unmaps it as well.
 */
#include <linux/kos.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/slab.h>

#include "compat.h"
#include "dma.h"
#include "handle.h"
#include "iomap.h"
#include "mmio.h"
#include "objstat.h"

/**
 * struct kos_iomap - one mapping (KOS_HTYPE_IOMAP object context)
 * @ref: the object's and each VMA's
 * @dma: the buffer mapped, referenced; NULL for MMIO
 * @mem: MMIO: the registered memory, referenced (keeps its device claimed)
 * @phys: MMIO: physical start of the range
 * @offset: DMA: offset into the buffer
 * @length: bytes
 * @prot: KOS_IO_PROT_* allowed
 * @mapped: set once mmap() has used this mapping
 * @addr: user address it was mapped at
 */
struct kos_iomap {
	struct kref ref;
	struct kos_dma_buf *dma;
	struct kos_iomem *mem;
	phys_addr_t phys;
	u64 offset;
	u64 length;
	u32 prot;
	atomic_t mapped;
	unsigned long addr;
};

static void iomap_release(struct kref *ref)
{
	struct kos_iomap *map = container_of(ref, struct kos_iomap, ref);

	if (map->dma)
		kos_dma_put(map->dma);
	if (map->mem)
		kos_iomem_put(map->mem);
	kfree(map);
	kos_objstat_dec(KOS_OBJ_IOMAP);
}

static void iomap_put(struct kos_iomap *map)
{
	kref_put(&map->ref, iomap_release);
}

static void iomap_object_release(void *priv)
{
	iomap_put(priv);
}

static const struct kos_object_ops iomap_ops = {
	.type = KOS_HTYPE_IOMAP,
	.release = iomap_object_release,
};

static void iomap_vm_open(struct vm_area_struct *vma)
{
	struct kos_iomap *map = vma->vm_private_data;

	kref_get(&map->ref);
}

static void iomap_vm_close(struct vm_area_struct *vma)
{
	iomap_put(vma->vm_private_data);
}

static const struct vm_operations_struct iomap_vm_ops = {
	.open = iomap_vm_open,
	.close = iomap_vm_close,
};

/*
 * Fill @map from the DMA or IOMEM object @obj, checking the range; a zero
 * length (KOS_IO_MAP_WHOLE) takes the rest of the object.
 */
static int iomap_source(struct kos_iomap *map, struct kos_object *obj)
{
	struct kos_dma_buf *buf = NULL;
	struct kos_iomem *mem = NULL;
	u64 len;

	if (obj->type == KOS_HTYPE_DMA) {
		buf = obj->priv;
		len = buf->length;
	} else if (obj->type == KOS_HTYPE_IOMEM) {
		mem = obj->priv;
		len = mem->length;
		map->phys = mem->addr + map->offset;
	} else {
		return -EINVAL;
	}
	if (map->offset >= len)
		return -EINVAL;
	if (!map->length)
		map->length = len - map->offset;
	if (map->length > len - map->offset)
		return -EINVAL;
	if (buf) {
		kos_dma_get(buf);
		map->dma = buf;
	} else {
		kos_iomem_get(mem);
		map->mem = mem;
	}
	return 0;
}

int kos_io_map_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_io_map *cmd = ucmd->cmd;
	struct kos_object *src;
	struct kos_iomap *map;
	int ret;

	if ((cmd->flags | KOS_IO_MAP_WHOLE) != KOS_IO_MAP_WHOLE ||
	    cmd->__reserved || cmd->map_handle || cmd->mmap_offset)
		return -EINVAL;
	if (!cmd->prot || (cmd->prot | KOS_IO_PROT_MASK) != KOS_IO_PROT_MASK)
		return -EINVAL;
	if (!(cmd->flags & KOS_IO_MAP_WHOLE) != !!cmd->length ||
	    !PAGE_ALIGNED(cmd->offset) || !PAGE_ALIGNED(cmd->length))
		return -EINVAL;
	src = kos_handle_object(ucmd->ctx, cmd->handle, 0, 0);
	if (IS_ERR(src))
		return PTR_ERR(src);

	ret = -ENOMEM;
	map = kzalloc(sizeof(*map), GFP_KERNEL_ACCOUNT);
	if (!map)
		goto err_src;
	kref_init(&map->ref);
	kos_objstat_inc(KOS_OBJ_IOMAP);
	map->offset = cmd->offset;
	map->length = cmd->length;
	map->prot = cmd->prot;
	ret = iomap_source(map, src);
	if (ret)
		goto err_map;
	cmd->length = map->length;
	kos_object_put(src);
	ret = kos_kobject_install(ucmd->ctx, &iomap_ops, map, 0,
				  &cmd->map_handle);
	if (ret)
		return ret;
	cmd->mmap_offset = (u64)cmd->map_handle << PAGE_SHIFT;
	return kos_ucmd_respond(ucmd, sizeof(*cmd));

err_map:
	iomap_put(map);
err_src:
	kos_object_put(src);
	return ret;
}

/* The mapping named by an mmap() offset, referenced. */
static struct kos_iomap *iomap_lookup(struct kos_context *ctx, unsigned long pgoff)
{
	struct kos_object *obj;
	struct kos_iomap *map;

	if (pgoff > INT_MAX)
		return ERR_PTR(-EINVAL);
	obj = kos_handle_object(ctx, pgoff, KOS_HTYPE_IOMAP, 0);
	if (IS_ERR(obj))
		return ERR_CAST(obj);
	map = obj->priv;
	kref_get(&map->ref);
	kos_object_put(obj);
	return map;
}

static int iomap_check_prot(struct kos_iomap *map, struct vm_area_struct *vma)
{
	if (((vma->vm_flags & VM_READ) && !(map->prot & KOS_IO_PROT_READ)) ||
	    ((vma->vm_flags & VM_WRITE) && !(map->prot & KOS_IO_PROT_WRITE)) ||
	    ((vma->vm_flags & VM_EXEC) && !(map->prot & KOS_IO_PROT_EXEC)))
		return -EACCES;
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (!(map->prot & KOS_IO_PROT_WRITE))
		vm_flags_clear(vma, VM_MAYWRITE);
	if (!(map->prot & KOS_IO_PROT_EXEC))
		vm_flags_clear(vma, VM_MAYEXEC);
	return 0;
}

int kos_iomap_mmap(struct kos_context *ctx, struct vm_area_struct *vma)
{
	struct kos_iomap *map;
	int ret;

	if (!kos_context_is_owner(ctx))
		return -EBADFD;
	map = iomap_lookup(ctx, vma->vm_pgoff);
	if (IS_ERR(map))
		return PTR_ERR(map);
	ret = -EINVAL;
	if (vma->vm_end - vma->vm_start != map->length)
		goto err_put;
	ret = iomap_check_prot(map, vma);
	if (ret)
		goto err_put;
	ret = -EBUSY;
	if (atomic_cmpxchg(&map->mapped, 0, 1))
		goto err_put;
	vm_flags_set(vma, VM_DONTCOPY | VM_DONTEXPAND | VM_DONTDUMP | VM_IO);
	if (map->dma) {
		ret = kos_dma_remap(map->dma, vma, map->offset);
	} else {
		vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
		ret = io_remap_pfn_range(vma, vma->vm_start, PHYS_PFN(map->phys),
					 map->length, vma->vm_page_prot);
	}
	if (ret) {
		atomic_set(&map->mapped, 0);
		goto err_put;
	}
	map->addr = vma->vm_start;
	vma->vm_private_data = map;	/* the lookup's reference moves here */
	vma->vm_ops = &iomap_vm_ops;
	return 0;

err_put:
	iomap_put(map);
	return ret;
}

/*
 * Unmap @map if it is still whole where mmap() put it: one VMA of ours
 * covering exactly [addr, addr + length).  A mapping the process has since
 * unmapped, split, moved or partly reused is left alone: the rest of its
 * VMAs keep their pages until the process unmaps them, and whatever the
 * process put in the holes is never touched.
 */
static void iomap_unmap(struct kos_iomap *map)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	bool whole;

	if (!atomic_read(&map->mapped))
		return;
	mmap_read_lock(mm);
	vma = find_vma(mm, map->addr);
	whole = vma && vma->vm_start == map->addr &&
		vma->vm_end - vma->vm_start == map->length &&
		vma->vm_ops == &iomap_vm_ops && vma->vm_private_data == map;
	mmap_read_unlock(mm);
	if (whole)
		vm_munmap(map->addr, map->length);
}

int kos_io_close_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_io_handle *cmd = ucmd->cmd;
	struct kos_object *obj;
	struct kos_iomap *map;

	if (cmd->flags || cmd->out_handle)
		return -EINVAL;
	obj = kos_handle_object(ucmd->ctx, cmd->handle, 0, 0);
	if (IS_ERR(obj)) {
		if (PTR_ERR(obj) != -EKEYREVOKED)
			return PTR_ERR(obj);
		return kos_handle_close(ucmd->ctx, cmd->handle);
	}
	switch (obj->type) {
	case KOS_HTYPE_IOMAP:
		map = obj->priv;
		iomap_unmap(map);
		fallthrough;
	case KOS_HTYPE_DMA:
	case KOS_HTYPE_DMA_BEGIN:
	case KOS_HTYPE_IOMEM:
	case KOS_HTYPE_IRQ:
	case KOS_HTYPE_IOPORT:
	case KOS_HTYPE_IOPORT_PERMIT:
		kos_object_put(obj);
		return kos_handle_close(ucmd->ctx, cmd->handle);
	}
	kos_object_put(obj);
	return -EINVAL;
}
