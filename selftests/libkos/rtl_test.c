// SPDX-License-Identifier: GPL-2.0
/* rtl/types.h helpers. */
#include <rtl/types.h>

#include "kselftest_harness.h"

TEST(roundup_order)
{
	ASSERT_EQ(0, rtl_roundup_order(0));
	ASSERT_EQ(0, rtl_roundup_order(1));
	ASSERT_EQ(1, rtl_roundup_order(2));
	ASSERT_EQ(2, rtl_roundup_order(3));
	ASSERT_EQ(2, rtl_roundup_order(4));
	ASSERT_EQ(3, rtl_roundup_order(5));
	ASSERT_EQ(20, rtl_roundup_order(1u << 20));
	ASSERT_EQ(21, rtl_roundup_order((1u << 20) + 1));
	ASSERT_EQ(sizeof(rtl_size_t) * 8 - 1,
		  rtl_roundup_order((rtl_size_t)1 << (sizeof(rtl_size_t) * 8 - 1)));
}

TEST(countof_types_and_null)
{
	int a[7];
	char b[3][5];

	ASSERT_EQ(7, rtl_countof(a));
	ASSERT_EQ(3, rtl_countof(b));
	ASSERT_EQ(NULL, RTL_NULL);
	ASSERT_EQ(4, sizeof(rtl_uint32_t));
	ASSERT_EQ(8, sizeof(rtl_int64_t));
	ASSERT_EQ(sizeof(void *), sizeof(rtl_uintptr_t));
	ASSERT_EQ((rtl_uint32_t)0xffffffffu, INFINITE_TIMEOUT);
}

TEST_HARNESS_MAIN
