/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kos-linux extensions to libkos: what only exists because the KasperskyOS
 * model runs on Linux here (ABI probing, errno translation).
 */
#ifndef _KOS_LINUX_H
#define _KOS_LINUX_H

#include <rtl/retcode.h>
#include <rtl/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Query the ABI version and KOS_FEAT_* bits of the loaded kos module.
 * rcDeviceNotFound when /dev/kos does not exist (module not loaded).
 */
Retcode KosLinuxAbiVersion(rtl_uint32_t *version, rtl_uint64_t *features);

/* Translate between Linux errno values and Retcode (one table, both ways). */
Retcode KosLinuxRetcodeFromErrno(int err);
int KosLinuxRetcodeToErrno(Retcode rc);

/* Symbolic name of a generic code ("rcTimeout"), or "rc?" when unknown. */
const char *KosLinuxRetcodeName(Retcode rc);

/*
 * Duplicate @handle within this process: a descendant with @rights (a
 * subset; needs OCAP_HANDLE_TRANSFER), tagged with @badge (INVALID_HANDLE
 * for none) -- the same tree operation IPC performs on a transfer.
 */
Retcode KosLinuxHandleDuplicate(rtl_uint32_t handle, rtl_uint32_t rights,
				rtl_uint32_t badge, rtl_uint32_t *out);

#ifdef __cplusplus
}
#endif

#endif /* _KOS_LINUX_H */
