// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>

#include <kos/linux.h>

#include "internal.h"
#include "syscall.h"

KOS_EXPORT Retcode KosLinuxAbiVersion(rtl_uint32_t *version, rtl_uint64_t *features)
{
	struct kos_version v = { 0 };
	int ret;

	if (!version || !features)
		return rcInvalidArgument;
	ret = kos_sys_version(&v);
	if (ret)
		return KosLinuxRetcodeFromErrno(ret == -ENOENT ? ENODEV : ret);
	*version = v.abi_version;
	*features = v.features;
	return rcOk;
}
