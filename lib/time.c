// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Time: system time is CLOCK_REALTIME, up time ("since the start of the
 * system") is CLOCK_BOOTTIME, which keeps counting across suspend.
 */
#include <errno.h>
#include <time.h>

#include <coresrv/time/time_api.h>

#include "internal.h"

static Retcode get(clockid_t clk, RtlTimeSpec *out, int res)
{
	struct timespec ts;

	if (!out)
		return rcInvalidArgument;
	if ((res ? clock_getres(clk, &ts) : clock_gettime(clk, &ts)) < 0)
		return rcFail;
	out->sec = ts.tv_sec;
	out->nsec = ts.tv_nsec;
	return rcOk;
}

KOS_EXPORT rtl_size_t KnGetMSecSinceStart(void)
{
	RtlTimeSpec t = { 0, 0 };

	get(CLOCK_BOOTTIME, &t, 0);
	return (rtl_size_t)t.sec * 1000 + (rtl_size_t)(t.nsec / 1000000);
}

KOS_EXPORT Retcode KnGetSystemTime(RtlTimeSpec *time)
{
	return get(CLOCK_REALTIME, time, 0);
}

KOS_EXPORT Retcode KnGetSystemTimeRes(RtlTimeSpec *res)
{
	return get(CLOCK_REALTIME, res, 1);
}

KOS_EXPORT Retcode KnGetUpTime(RtlTimeSpec *time)
{
	return get(CLOCK_BOOTTIME, time, 0);
}

KOS_EXPORT Retcode KnGetUpTimeRes(RtlTimeSpec *res)
{
	return get(CLOCK_BOOTTIME, res, 1);
}

KOS_EXPORT Retcode KnGetRtcTime(RtlRtcTime *rt)
{
	RtlTimeSpec now;

	if (!rt || KnGetSystemTime(&now) != rcOk)
		return rcFail;
	return RtlTimeSpecToRtcTime(&now, rt) == rcOk ? rcOk : rcFail;
}

/* Needs CAP_SYS_TIME: without it the result is rcNoCapability (EPERM). */
KOS_EXPORT Retcode KnSetSystemTime(RtlTimeSpec *time)
{
	struct timespec ts;

	if (!time || time->sec < 0 || time->nsec < 0 || time->nsec >= 1000000000)
		return rcInvalidArgument;
	ts.tv_sec = (time_t)time->sec;
	ts.tv_nsec = (long)time->nsec;
	if (clock_settime(CLOCK_REALTIME, &ts) < 0)
		return KosLinuxRetcodeFromErrno(errno);
	return rcOk;
}
