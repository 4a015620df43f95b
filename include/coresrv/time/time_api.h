/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * System time, up time and their resolutions.
 */
#ifndef _CORESRV_TIME_TIME_API_H
#define _CORESRV_TIME_TIME_API_H

#include <rtl/retcode.h>
#include <rtl/rtc.h>
#include <rtl/types.h>

#ifdef __cplusplus
extern "C" {
#endif

rtl_size_t KnGetMSecSinceStart(void);
Retcode KnGetRtcTime(RtlRtcTime *rt);
Retcode KnGetSystemTime(RtlTimeSpec *time);
Retcode KnSetSystemTime(RtlTimeSpec *time);
Retcode KnGetSystemTimeRes(RtlTimeSpec *res);
Retcode KnGetUpTime(RtlTimeSpec *time);
Retcode KnGetUpTimeRes(RtlTimeSpec *res);

#ifdef __cplusplus
}
#endif

#endif /* _CORESRV_TIME_TIME_API_H */
