/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Flags of the virtual memory manager (KnVmAllocate() and friends).
 * See Documentation/libkos.rst for what each one does on Linux.
 */
#ifndef _VMM_FLAGS_H
#define _VMM_FLAGS_H


#ifdef __cplusplus
extern "C" {
#endif

/* Page states */
#define VMM_FLAG_RESERVE 0x0001u	/* required: reserve address space */
#define VMM_FLAG_COMMIT 0x0002u		/* also commit (lazily) */
#define VMM_FLAG_LOCKED 0x0004u		/* commit immediately (prefault) */

/* Protection */
#define VMM_FLAG_READ 0x0010u
#define VMM_FLAG_WRITE 0x0020u
#define VMM_FLAG_EXECUTE 0x0040u
#define VMM_FLAG_RWX_MASK 0x0070u

/* Caching: accepted and validated, no effect on anonymous memory */
#define VMM_FLAG_WRITE_BACK 0x0100u
#define VMM_FLAG_WRITE_THROUGH 0x0200u
#define VMM_FLAG_WRITE_COMBINE 0x0400u
#define VMM_FLAG_CACHE_DISABLE 0x0800u
#define VMM_FLAG_CACHE_MASK 0x0f00u

/* Layout */
#define VMM_FLAG_LOW_GUARD 0x1000u
#define VMM_FLAG_HIGH_GUARD 0x2000u
#define VMM_FLAG_GROW_DOWN 0x4000u
#define VMM_FLAG_ALIAS 0x8000u		/* KnIoMapMem(): may have several addresses */

#ifdef __cplusplus
}
#endif

#endif /* _VMM_FLAGS_H */
