/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Calendar (RTC) and timespec time formats, and conversions between them.
 */
#ifndef _RTL_RTC_H
#define _RTL_RTC_H

#include <rtl/retcode.h>
#include <rtl/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef rtl_int64_t rtl_time_t;
typedef rtl_int64_t rtl_nsecs_t;

typedef struct {
	rtl_uint32_t msec;	/**< milliseconds */
	rtl_uint32_t sec;	/**< second (0..59) */
	rtl_uint32_t min;	/**< minute (0..59) */
	rtl_uint32_t hour;	/**< hour (0..23) */
	rtl_uint32_t mday;	/**< day (1..31) */
	rtl_uint32_t month;	/**< month (0..11) */
	rtl_int32_t year;	/**< year - 1900 */
	rtl_uint32_t wday;	/**< week day (0..6) */
} RtlRtcTime;

typedef struct {
	rtl_time_t sec;		/**< seconds since the Unix epoch or another origin */
	rtl_nsecs_t nsec;	/**< nanoseconds (0..999999999) */
} RtlTimeSpec;

/* UTC conversions; kos-linux names (the reference gives no signatures). */
Retcode RtlTimeSpecToRtcTime(const RtlTimeSpec *ts, RtlRtcTime *rt);
Retcode RtlRtcTimeToTimeSpec(const RtlRtcTime *rt, RtlTimeSpec *ts);

#ifdef __cplusplus
}
#endif

#endif /* _RTL_RTC_H */
