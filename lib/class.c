// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The process class of the calling process's KOS context, the name the
 * security policy selects messages by.  The context is opened lazily and
 * closed on exec, so a program (or the launcher code it runs before
 * dropping its capabilities) sets the class of its own context here.
 */
#include <string.h>

#include <kos/linux.h>

#include "internal.h"
#include "syscall.h"

KOS_EXPORT Retcode KosLinuxSetProcessClass(const char *name)
{
	struct kos_policy_class cmd = { .size = sizeof(cmd) };

	if (!name || !name[0] || strlen(name) >= sizeof(cmd.name))
		return rcInvalidArgument;
	strcpy(cmd.name, name);
	return KosLinuxRetcodeFromErrno(kos_sys_ioctl(KOS_POLICY_SET_CLASS, &cmd));
}
