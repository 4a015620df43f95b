/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal to libkos; never installed. */
#ifndef _LIBKOS_INTERNAL_H
#define _LIBKOS_INTERNAL_H

#include <rtl/retcode.h>

#define KOS_EXPORT __attribute__((visibility("default")))

Retcode KosLinuxRetcodeFromErrno(int err);

#endif /* _LIBKOS_INTERNAL_H */
