// SPDX-License-Identifier: GPL-2.0
/* Time API and the rtl/rtc.h conversions. */
#include <linux/capability.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <coresrv/time/time_api.h>
#include <rtl/rtc.h>

#include "kselftest_harness.h"

TEST(system_time_matches_realtime)
{
	RtlTimeSpec t, res;
	struct timespec ts;

	ASSERT_EQ(rcOk, KnGetSystemTime(&t));
	clock_gettime(CLOCK_REALTIME, &ts);
	ASSERT_LE(ts.tv_sec - t.sec, 1);
	ASSERT_GE(t.nsec, 0);
	ASSERT_LT(t.nsec, 1000000000);
	ASSERT_EQ(rcOk, KnGetSystemTimeRes(&res));
	ASSERT_EQ(0, res.sec);
	ASSERT_GT(res.nsec, 0);
	ASSERT_EQ(rcInvalidArgument, KnGetSystemTime(NULL));
}

TEST(up_time_and_msec_since_start)
{
	RtlTimeSpec a, b, res;
	rtl_size_t ms0, ms1;

	ASSERT_EQ(rcOk, KnGetUpTime(&a));
	ms0 = KnGetMSecSinceStart();
	usleep(50000);
	ms1 = KnGetMSecSinceStart();
	ASSERT_EQ(rcOk, KnGetUpTime(&b));
	ASSERT_GE(ms1 - ms0, 49);
	ASSERT_LT(ms1 - ms0, 1000);
	ASSERT_GE((b.sec - a.sec) * 1000000000LL + (b.nsec - a.nsec), 49000000LL);
	ASSERT_LE((rtl_size_t)a.sec, ms0 / 1000 + 1);
	ASSERT_EQ(rcOk, KnGetUpTimeRes(&res));
	ASSERT_GT(res.sec * 1000000000LL + res.nsec, 0);
	ASSERT_EQ(rcInvalidArgument, KnGetUpTimeRes(NULL));
}

TEST(rtc_time_and_conversions)
{
	RtlTimeSpec ts = { .sec = 951782400 + 3600 * 13 + 60 * 5 + 7,
			   .nsec = 250000000 };	/* 2000-02-29 13:05:07.250 UTC */
	RtlRtcTime rt, now;
	RtlTimeSpec back;

	ASSERT_EQ(rcOk, RtlTimeSpecToRtcTime(&ts, &rt));
	ASSERT_EQ(100, rt.year);
	ASSERT_EQ(1, rt.month);
	ASSERT_EQ(29, rt.mday);
	ASSERT_EQ(13, rt.hour);
	ASSERT_EQ(5, rt.min);
	ASSERT_EQ(7, rt.sec);
	ASSERT_EQ(250, rt.msec);
	ASSERT_EQ(2, rt.wday);	/* Tuesday */
	ASSERT_EQ(rcOk, RtlRtcTimeToTimeSpec(&rt, &back));
	ASSERT_EQ(ts.sec, back.sec);
	ASSERT_EQ(ts.nsec, back.nsec);
	rt.month = 12;
	ASSERT_EQ(rcInvalidArgument, RtlRtcTimeToTimeSpec(&rt, &back));
	ts.nsec = 1000000000;
	ASSERT_EQ(rcInvalidArgument, RtlTimeSpecToRtcTime(&ts, &rt));

	ASSERT_EQ(rcOk, KnGetRtcTime(&now));
	ASSERT_GE(now.year, 124);
	ASSERT_LE(now.month, 11);
	ASSERT_EQ(rcFail, KnGetRtcTime(NULL));
}

TEST(set_system_time_needs_privilege)
{
	RtlTimeSpec t = { .sec = -1, .nsec = 0 };
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	ASSERT_EQ(rcInvalidArgument, KnSetSystemTime(&t));
	t.sec = 0;
	t.nsec = 1000000000;
	ASSERT_EQ(rcInvalidArgument, KnSetSystemTime(&t));
	ASSERT_EQ(rcInvalidArgument, KnSetSystemTime(NULL));

	/* drop CAP_SYS_TIME in this (forked) test process: never set the clock */
	ASSERT_EQ(0, syscall(SYS_capget, &hdr, data));
	data[0].effective &= ~(1u << CAP_SYS_TIME);
	ASSERT_EQ(0, syscall(SYS_capset, &hdr, data));
	ASSERT_EQ(rcOk, KnGetSystemTime(&t));
	ASSERT_EQ(rcNoCapability, KnSetSystemTime(&t));
}

TEST_HARNESS_MAIN
