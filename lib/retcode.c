// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Translation between Linux errno and Retcode, in one table.  The first row
 * for a Retcode gives its canonical errno; the module's errors are chosen so
 * that each maps to the code the reference documents (see abi.rst).
 */
#include <errno.h>

#include <kos/linux.h>

#include "internal.h"

static const struct {
	int err;
	Retcode rc;
	const char *name;
} retcode_table[] = {
	{ 0, rcOk, "rcOk" },
	{ EINVAL, rcInvalidArgument, "rcInvalidArgument" },
	{ ENOTCONN, rcNotConnected, "rcNotConnected" },
	{ EPIPE, rcNotConnected, "rcNotConnected" },
	{ ECONNRESET, rcNotConnected, "rcNotConnected" },
	{ ENOMEM, rcOutOfMemory, "rcOutOfMemory" },
	{ ENOBUFS, rcBufferTooSmall, "rcBufferTooSmall" },
	{ ENOTRECOVERABLE, rcInternalError, "rcInternalError" },
	{ ECOMM, rcTransferError, "rcTransferError" },
	{ EBADMSG, rcReceiveError, "rcReceiveError" },
	{ EFAULT, rcSourceFault, "rcSourceFault" },
	{ EREMOTEIO, rcTargetFault, "rcTargetFault" },
	{ EINTR, rcIpcInterrupt, "rcIpcInterrupt" },
	{ ERESTART, rcRestart, "rcRestart" },
	{ EIO, rcFail, "rcFail" },
	{ EPERM, rcNoCapability, "rcNoCapability" },
	{ EBADFD, rcNotReady, "rcNotReady" },
	{ EXDEV, rcNotReady, "rcNotReady" },
	{ ENOSYS, rcUnimplemented, "rcUnimplemented" },
	{ EOPNOTSUPP, rcUnimplemented, "rcUnimplemented" },
	{ ENOTTY, rcUnimplemented, "rcUnimplemented" },
	{ E2BIG, rcBufferTooLarge, "rcBufferTooLarge" },
	{ EMSGSIZE, rcBufferTooLarge, "rcBufferTooLarge" },
	{ EBUSY, rcBusy, "rcBusy" },
	{ EAGAIN, rcBusy, "rcBusy" },
	{ ENOENT, rcResourceNotFound, "rcResourceNotFound" },
	{ ESRCH, rcResourceNotFound, "rcResourceNotFound" },
	{ EBADF, rcResourceNotFound, "rcResourceNotFound" },
	{ ETIMEDOUT, rcTimeout, "rcTimeout" },
	{ EACCES, rcSecurityDisallow, "rcSecurityDisallow" },
	{ EDEADLK, rcFutexWouldBlock, "rcFutexWouldBlock" },
	{ ECANCELED, rcAbort, "rcAbort" },
	{ ENOEXEC, rcInvalidThreadFunction, "rcInvalidThreadFunction" },
	{ EEXIST, rcAlreadyExists, "rcAlreadyExists" },
	{ EALREADY, rcInvalidOperation, "rcInvalidOperation" },
	{ EKEYREVOKED, rcHandleRevoked, "rcHandleRevoked" },
	{ EDQUOT, rcQuotaExceeded, "rcQuotaExceeded" },
	{ EMFILE, rcQuotaExceeded, "rcQuotaExceeded" },
	{ ENODEV, rcDeviceNotFound, "rcDeviceNotFound" },
	{ ENXIO, rcDeviceNotFound, "rcDeviceNotFound" },
};

#define RETCODE_ROWS (sizeof(retcode_table) / sizeof(retcode_table[0]))

KOS_EXPORT Retcode KosLinuxRetcodeFromErrno(int err)
{
	unsigned int i;

	if (err < 0)
		err = -err;
	for (i = 0; i < RETCODE_ROWS; i++)
		if (retcode_table[i].err == err)
			return retcode_table[i].rc;
	return rcFail;
}

KOS_EXPORT int KosLinuxRetcodeToErrno(Retcode rc)
{
	unsigned int i;

	for (i = 0; i < RETCODE_ROWS; i++)
		if (retcode_table[i].rc == rc)
			return retcode_table[i].err;
	return EIO;
}

KOS_EXPORT const char *KosLinuxRetcodeName(Retcode rc)
{
	unsigned int i;

	for (i = 0; i < RETCODE_ROWS; i++)
		if (retcode_table[i].rc == rc)
			return retcode_table[i].name;
	return "rc?";
}
