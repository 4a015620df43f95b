/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Connection manager (KasperskyOS coresrv/cm/cm_api.h): a client asks a
 * server process, by its name, for a channel to one of its services; the
 * server listens for such requests and accepts or drops them.
 */
#ifndef _CORESRV_CM_CM_API_H
#define _CORESRV_CM_CM_API_H

#include <handle/handletype.h>
#include <rtl/retcode.h>
#include <rtl/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* kos-linux: size of the client and service buffers of KnCmListen. */
#define KN_CM_NAME_MAX 64

Retcode KnCmConnect(const char *server, const char *service,
		    rtl_uint32_t msecs, Handle *handle,
		    rtl_uint32_t *rsid);
Retcode KnCmListen(const char *filter, rtl_uint32_t msecs, char *client,
		   char *service);
Retcode KnCmAccept(const char *client, const char *service, rtl_uint32_t rsid,
		   Handle listener, Handle *handle);
Retcode KnCmDrop(const char *client, const char *service);

#ifdef __cplusplus
}
#endif

#endif /* _CORESRV_CM_CM_API_H */
