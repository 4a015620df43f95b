/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Name server (KasperskyOS coresrv/ns/ns_api.h): which server process
 * provides which service of which interface type.
 */
#ifndef _CORESRV_NS_NS_API_H
#define _CORESRV_NS_NS_API_H

#include <rtl/retcode.h>
#include <rtl/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A connection with a name server (kos-linux: the name server's id). */
typedef rtl_uint32_t NsHandle;

/* kos-linux: longest name (type, server, service, name server) + 1. */
#define NS_NAME_MAX 64

Retcode NsCreate(const char *name, rtl_uint32_t msecs, NsHandle *ns);
Retcode NsPublishService(NsHandle ns, const char *type, const char *server,
			 const char *service);
Retcode NsUnPublishService(NsHandle ns, const char *type, const char *server,
			   const char *service);
Retcode NsEnumServices(NsHandle ns, const char *type, unsigned index,
		       char *server, rtl_size_t serverSize,
		       char *service, rtl_size_t serviceSize);
/* kos-linux: run name server name in this process (until it exits). */
Retcode KosNsServe(const char *name, NsHandle *ns);

#ifdef __cplusplus
}
#endif

#endif /* _CORESRV_NS_NS_API_H */
