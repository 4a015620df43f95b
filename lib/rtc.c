// SPDX-License-Identifier: LGPL-2.1-or-later
/* Conversions between RtlTimeSpec (Unix time) and RtlRtcTime (UTC calendar). */
#include <time.h>

#include <rtl/rtc.h>

#include "internal.h"

KOS_EXPORT Retcode RtlTimeSpecToRtcTime(const RtlTimeSpec *ts, RtlRtcTime *rt)
{
	time_t secs;
	struct tm tm;

	if (!ts || !rt || ts->nsec < 0 || ts->nsec >= 1000000000)
		return rcInvalidArgument;
	secs = (time_t)ts->sec;
	if (!gmtime_r(&secs, &tm))
		return rcInvalidArgument;
	rt->msec = (rtl_uint32_t)(ts->nsec / 1000000);
	rt->sec = (rtl_uint32_t)tm.tm_sec;
	rt->min = (rtl_uint32_t)tm.tm_min;
	rt->hour = (rtl_uint32_t)tm.tm_hour;
	rt->mday = (rtl_uint32_t)tm.tm_mday;
	rt->month = (rtl_uint32_t)tm.tm_mon;
	rt->year = tm.tm_year;
	rt->wday = (rtl_uint32_t)tm.tm_wday;
	return rcOk;
}

KOS_EXPORT Retcode RtlRtcTimeToTimeSpec(const RtlRtcTime *rt, RtlTimeSpec *ts)
{
	struct tm tm = { 0 };

	if (!rt || !ts || rt->msec > 999 || rt->sec > 60 || rt->min > 59 ||
	    rt->hour > 23 || rt->mday < 1 || rt->mday > 31 || rt->month > 11)
		return rcInvalidArgument;
	tm.tm_sec = (int)rt->sec;
	tm.tm_min = (int)rt->min;
	tm.tm_hour = (int)rt->hour;
	tm.tm_mday = (int)rt->mday;
	tm.tm_mon = (int)rt->month;
	tm.tm_year = rt->year;
	ts->sec = timegm(&tm);
	ts->nsec = (rtl_nsecs_t)rt->msec * 1000000;
	return rcOk;
}
