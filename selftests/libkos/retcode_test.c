// SPDX-License-Identifier: GPL-2.0
/* Return codes: the SDK macros and the errno translation table (host). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <kos/linux.h>
#include <rtl/retcode.h>
#include <rtl/retcode_hr.h>

#include "kselftest_harness.h"

static const Retcode generic[] = {
	rcInvalidArgument, rcNotConnected, rcOutOfMemory, rcBufferTooSmall,
	rcInternalError, rcTransferError, rcReceiveError, rcSourceFault,
	rcTargetFault, rcIpcInterrupt, rcRestart, rcFail, rcNoCapability,
	rcNotReady, rcUnimplemented, rcBufferTooLarge, rcBusy,
	rcResourceNotFound, rcTimeout, rcSecurityDisallow, rcFutexWouldBlock,
	rcAbort, rcInvalidThreadFunction, rcAlreadyExists, rcInvalidOperation,
	rcHandleRevoked, rcQuotaExceeded, rcDeviceNotFound,
};

TEST(make_retcode_fields)
{
	Retcode rc = MAKE_RETCODE(RC_CUSTOMER_TRUE, RC_SPACE_DRIVERS,
				  RC_FACILITY_USB, 0x1234, "test");

	EXPECT_EQ(1, RC_GET_CUSTOMER(rc));
	EXPECT_EQ(RC_SPACE_DRIVERS, RC_GET_SPACE(rc));
	EXPECT_EQ(RC_FACILITY_USB, RC_GET_FACILITY(rc));
	EXPECT_EQ(0x1234, RC_GET_CODE(rc));
	EXPECT_GT(rc, 0);
}

TEST(generic_codes_are_distinct_general_errors)
{
	unsigned int i, j;

	EXPECT_EQ(0, rcOk);
	for (i = 0; i < sizeof(generic) / sizeof(generic[0]); i++) {
		EXPECT_NE(rcOk, generic[i]);
		EXPECT_EQ(RC_CUSTOMER_FALSE, RC_GET_CUSTOMER(generic[i]));
		EXPECT_EQ(RC_SPACE_GENERAL, RC_GET_SPACE(generic[i]));
		for (j = i + 1; j < sizeof(generic) / sizeof(generic[0]); j++)
			EXPECT_NE(generic[i], generic[j]);
	}
}

/* Every generic code survives Retcode -> errno -> Retcode and has a name. */
/* RETCODE_HR_FMT()/RETCODE_HR_PARAMS(): the name and every field, as documented. */
TEST(human_readable_format)
{
	Retcode usb = MAKE_RETCODE(RC_CUSTOMER_TRUE, RC_SPACE_DRIVERS,
				   RC_FACILITY_USB, 0x1234, "test");
	char buf[128];

	snprintf(buf, sizeof(buf), "open: " RETCODE_HR_FMT(), RETCODE_HR_PARAMS(rcTimeout));
	EXPECT_STREQ("open: rcTimeout (0x00000013: customer 0, space 0, facility 0, code 19)", buf);
	snprintf(buf, sizeof(buf), RETCODE_HR_FMT(), RETCODE_HR_PARAMS(usb));
	EXPECT_EQ(0, strncmp(buf, "rc? (0x", 7));
	EXPECT_NE(NULL, strstr(buf, ": customer 1, space 2, facility ")) TH_LOG("%s", buf);
	EXPECT_NE(NULL, strstr(buf, ", code 4660)")) TH_LOG("%s", buf);
}

TEST(errno_round_trip)
{
	unsigned int i;

	for (i = 0; i < sizeof(generic) / sizeof(generic[0]); i++) {
		int err = KosLinuxRetcodeToErrno(generic[i]);

		EXPECT_NE(0, err);
		EXPECT_EQ(generic[i], KosLinuxRetcodeFromErrno(err));
		EXPECT_EQ(generic[i], KosLinuxRetcodeFromErrno(-err));
		EXPECT_EQ('r', KosLinuxRetcodeName(generic[i])[0]);
		EXPECT_STRNE("rc?", KosLinuxRetcodeName(generic[i]));
	}
	EXPECT_EQ(rcOk, KosLinuxRetcodeFromErrno(0));
	EXPECT_EQ(0, KosLinuxRetcodeToErrno(rcOk));
}

TEST(errno_mapping_of_kernel_errors)
{
	EXPECT_EQ(rcHandleRevoked, KosLinuxRetcodeFromErrno(EKEYREVOKED));
	EXPECT_EQ(rcSecurityDisallow, KosLinuxRetcodeFromErrno(EACCES));
	EXPECT_EQ(rcTimeout, KosLinuxRetcodeFromErrno(ETIMEDOUT));
	EXPECT_EQ(rcQuotaExceeded, KosLinuxRetcodeFromErrno(EDQUOT));
	EXPECT_EQ(rcBusy, KosLinuxRetcodeFromErrno(EAGAIN));
	EXPECT_EQ(rcNotConnected, KosLinuxRetcodeFromErrno(EPIPE));
	/* a context used after its process left its IPC namespace */
	EXPECT_EQ(rcNotReady, KosLinuxRetcodeFromErrno(EXDEV));
	/* Unlisted errno values are a plain failure, never success. */
	EXPECT_EQ(rcFail, KosLinuxRetcodeFromErrno(ELOOP));
	EXPECT_STREQ("rc?", KosLinuxRetcodeName(MAKE_RETCODE(1, 1, 1, 1, "")));
}

TEST(abi_version_without_module)
{
	rtl_uint32_t version;
	rtl_uint64_t features;
	struct stat st;

	if (stat("/dev/kos", &st) == 0)
		SKIP(return, "/dev/kos present: covered by the VM suite");
	EXPECT_EQ(rcDeviceNotFound, KosLinuxAbiVersion(&version, &features));
	EXPECT_EQ(rcInvalidArgument, KosLinuxAbiVersion(NULL, &features));
}

TEST_HARNESS_MAIN
