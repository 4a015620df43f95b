/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Heap allocation with a recorded size and a chosen alignment.
 */
#ifndef _KOS_ALLOC_H
#define _KOS_ALLOC_H

#include <rtl/types.h>

#ifdef __cplusplus
extern "C" {
#endif

void *KosMemAlloc(rtl_size_t size);
void *KosMemAllocEx(rtl_size_t size, rtl_size_t align, int zeroed);
void *KosMemZalloc(rtl_size_t size);
void KosMemFree(void *ptr);
rtl_size_t KosMemGetSize(void *ptr);

#ifdef __cplusplus
}
#endif

#endif /* _KOS_ALLOC_H */
