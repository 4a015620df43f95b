// SPDX-License-Identifier: GPL-2.0
/* nk/types.h: handle transport containers (pure header, host test). */
#include <nk/types.h>
#include <services/ocap.h>

#include "kselftest_harness.h"

TEST(handle_desc_arity)
{
	nk_handle_desc_t d0 = nk_handle_desc();
	nk_handle_desc_t d1 = nk_handle_desc(5);
	nk_handle_desc_t d2 = nk_handle_desc(5, OCAP_HANDLE_TRANSFER);
	nk_handle_desc_t d3 = nk_handle_desc(5, OCAP_HANDLE_TRANSFER, 9);

	EXPECT_EQ(NK_INVALID_HANDLE, nk_get_handle(&d0));
	EXPECT_EQ(5, nk_get_handle(&d1));
	EXPECT_EQ(0, nk_get_rights(&d1));
	EXPECT_EQ(NK_INVALID_HANDLE, d1.badge);
	EXPECT_EQ(OCAP_HANDLE_TRANSFER, nk_get_rights(&d2));
	EXPECT_EQ(9, d3.badge);
	EXPECT_FALSE(nk_is_handle_dereferenced(&d3));
	d3.flags = NK_HANDLE_DEREFERENCED;
	EXPECT_TRUE(nk_is_handle_dereferenced(&d3));
}

TEST(badge_op_checks_rights)
{
	nk_handle_desc_t d = nk_handle_desc(1, OCAP_HANDLE_SPEC(0), 0x1234);
	nk_badge_t badge = 0;

	EXPECT_EQ(NK_EOK, nk_get_badge_op(&d, OCAP_HANDLE_SPEC(0), &badge));
	EXPECT_EQ(0x1234, badge);
	badge = 0;
	EXPECT_EQ(NK_EPERM, nk_get_badge_op(&d, OCAP_HANDLE_SPEC(0) |
					    OCAP_HANDLE_SPEC(1), &badge));
	EXPECT_EQ(0, badge);
	EXPECT_EQ(NK_EOK, nk_get_badge(&d, &badge));
	EXPECT_EQ(0x1234, badge);
}

/* The system-resource masks the reference names, as this kernel applies them. */
TEST(system_resource_masks)
{
	const unsigned int masks[] = {
		OCAP_IOPORT_FULL, OCAP_TASK_FULL, OCAP_FILE_FULL,
		OCAP_IPC_SERVER, OCAP_IPC_LISTENER, OCAP_IPC_CLIENT,
	};

	for (unsigned int i = 0; i < sizeof(masks) / sizeof(masks[0]); i++)
		EXPECT_EQ(OCAP_HANDLE_FULL, masks[i]);
	EXPECT_NE(0U, OCAP_IPC_CLIENT & OCAP_HANDLE_TRANSFER);
}

TEST_HARNESS_MAIN
