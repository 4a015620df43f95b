/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Virtual memory: reserve, commit, decommit, protect and free page ranges.
 */
#ifndef _CORESRV_VMM_VMM_API_H
#define _CORESRV_VMM_VMM_API_H

#include <rtl/retcode.h>
#include <rtl/types.h>
#include <vmm/flags.h>

#ifdef __cplusplus
extern "C" {
#endif

void *KnVmAllocate(void *addr, rtl_size_t size, int flags);
Retcode KnVmCommit(void *addr, rtl_size_t size, int flags);
Retcode KnVmDecommit(void *addr, rtl_size_t size);
Retcode KnVmProtect(void *addr, rtl_size_t size, int newFlags);
Retcode KnVmUnmap(void *addr, rtl_size_t size);

#ifdef __cplusplus
}
#endif

#endif /* _CORESRV_VMM_VMM_API_H */
