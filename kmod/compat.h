/* SPDX-License-Identifier: GPL-2.0 */
/* The few kernel API differences between 6.1 and 6.12 the module meets. */
#ifndef _KOS_COMPAT_H
#define _KOS_COMPAT_H

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

#endif /* _KOS_COMPAT_H */
