/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Formatted display of a return code's details (KasperskyOS
 * rtl/retcode_hr.h): RETCODE_HR_FMT() is a printf format, RETCODE_HR_PARAMS(rc)
 * the arguments that go with it, so that
 *
 *	printf("open: " RETCODE_HR_FMT() "\n", RETCODE_HR_PARAMS(rc));
 *
 * prints, for rcTimeout, "open: rcTimeout (0x00000013: customer 0, space 0,
 * facility 0, code 19)".  The name is the generic code's (KosLinuxRetcodeName,
 * "rc?" for another code); RETCODE_HR_PARAMS evaluates rc several times.
 */
#ifndef _RTL_RETCODE_HR_H
#define _RTL_RETCODE_HR_H

#include <kos/linux.h>
#include <rtl/retcode.h>

#define RETCODE_HR_FMT() "%s (0x%08x: customer %u, space %u, facility %u, code %u)"
#define RETCODE_HR_PARAMS(rc)                                                 \
	KosLinuxRetcodeName(rc), (unsigned)(rc), RC_GET_CUSTOMER(rc),          \
	RC_GET_SPACE(rc), RC_GET_FACILITY(rc), RC_GET_CODE(rc)

#endif /* _RTL_RETCODE_HR_H */
