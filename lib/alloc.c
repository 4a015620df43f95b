// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * KosMemAlloc family: malloc() blocks with a small header just below the
 * returned pointer recording the requested size (KosMemGetSize) and the
 * distance back to the malloc() block (KosMemFree), so any power-of-two
 * alignment can be honoured.
 */
#include <stdlib.h>
#include <string.h>

#include <kos/alloc.h>

#include "internal.h"

struct mem_header {
	rtl_size_t size;
	rtl_size_t offset;	/* from the malloc() block to the user pointer */
};

#define MIN_ALIGN (2 * sizeof(void *))

static struct mem_header *header_of(void *ptr)
{
	return (struct mem_header *)ptr - 1;
}

KOS_EXPORT void *KosMemAllocEx(rtl_size_t size, rtl_size_t align, int zeroed)
{
	rtl_size_t total;
	uintptr_t user;
	char *raw;

	if (align < MIN_ALIGN)
		align = MIN_ALIGN;
	if (align & (align - 1))
		return RTL_NULL;
	if (__builtin_add_overflow(size, align + sizeof(struct mem_header), &total))
		return RTL_NULL;
	raw = malloc(total);
	if (!raw)
		return RTL_NULL;
	user = ((uintptr_t)raw + sizeof(struct mem_header) + align - 1) & ~(align - 1);
	header_of((void *)user)->size = size;
	header_of((void *)user)->offset = user - (uintptr_t)raw;
	if (zeroed)
		memset((void *)user, 0, size);
	return (void *)user;
}

KOS_EXPORT void *KosMemAlloc(rtl_size_t size)
{
	return KosMemAllocEx(size, 0, 0);
}

KOS_EXPORT void *KosMemZalloc(rtl_size_t size)
{
	return KosMemAllocEx(size, 0, 1);
}

KOS_EXPORT void KosMemFree(void *ptr)
{
	if (ptr)
		free((char *)ptr - header_of(ptr)->offset);
}

KOS_EXPORT rtl_size_t KosMemGetSize(void *ptr)
{
	return ptr ? header_of(ptr)->size : 0;
}
