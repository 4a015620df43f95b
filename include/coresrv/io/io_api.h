/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Freeing I/O resources (KasperskyOS coresrv/io/io_api.h). */
#ifndef _CORESRV_IO_IO_API_H
#define _CORESRV_IO_IO_API_H

#include <handle/handletype.h>
#include <rtl/retcode.h>

#ifdef __cplusplus
extern "C" {
#endif

Retcode KnIoClose(Handle rid);

#ifdef __cplusplus
}
#endif

#endif /* _CORESRV_IO_IO_API_H */
