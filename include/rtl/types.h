/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Base integer types of the KasperskyOS runtime library (rtl_*), as the
 * libkos reference uses them.
 */
#ifndef _RTL_TYPES_H
#define _RTL_TYPES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int8_t rtl_int8_t;
typedef int16_t rtl_int16_t;
typedef int32_t rtl_int32_t;
typedef int64_t rtl_int64_t;
typedef uint8_t rtl_uint8_t;
typedef uint16_t rtl_uint16_t;
typedef uint32_t rtl_uint32_t;
typedef uint64_t rtl_uint64_t;
typedef uintptr_t rtl_uintptr_t;
typedef intptr_t rtl_intptr_t;
typedef size_t rtl_size_t;
typedef ptrdiff_t rtl_ptrdiff_t;
typedef int rtl_bool;

#define rtl_true 1
#define rtl_false 0

#ifdef __cplusplus
#define RTL_NULL nullptr
#else
#define RTL_NULL ((void *)0)
#endif

/* Number of elements of an array (not a pointer). */
#define rtl_countof(a) (sizeof(a) / sizeof((a)[0]))

/* Timeout value meaning "wait forever" (milliseconds arguments). */
#define INFINITE_TIMEOUT ((rtl_uint32_t)-1)

/* Smallest order k with (1 << k) >= n; 0 for n <= 1. */
static inline unsigned int rtl_roundup_order(rtl_size_t n)
{
	unsigned int k = 0;

	while (k < sizeof(n) * 8 - 1 && ((rtl_size_t)1 << k) < n)
		k++;
	return k;
}

#ifdef __cplusplus
}
#endif

#endif /* _RTL_TYPES_H */
