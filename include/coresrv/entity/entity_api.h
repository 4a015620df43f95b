/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Entity API (KasperskyOS coresrv/entity/entity_api.h): start processes
 * stopped, connect them with channels, then run them.  kos-linux starts
 * real Linux processes (Documentation/ipc.rst, "Entities").
 */
#ifndef _CORESRV_ENTITY_ENTITY_API_H
#define _CORESRV_ENTITY_ENTITY_API_H

#include <handle/handletype.h>
#include <if_connection.h>
#include <rtl/retcode.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A process started by EntityInit; opaque. */
typedef struct Entity Entity;

Entity *EntityInit(const EntityInfo *info);
Entity *EntityInitEx(const EntityInfo *info, const char *name,
		     const char *path);
Retcode EntityConnect(Entity *cl, Entity *sr);
Retcode EntityConnectToService(Entity *cl, Entity *sr, const char *name);
Retcode EntityRun(Entity *entity);

/* kos-linux: the Linux process ID of entity. */
int KosEntityGetPid(const Entity *entity);
/*
 * kos-linux: wait up to msecs (INFINITE_TIMEOUT: for ever) for entity's
 * process to end, reap it and free entity with the channel roots the
 * launcher kept for it.  *status (unless RTL_NULL): the exit code, or 128 +
 * the signal that killed it.  rcTimeout leaves entity as it was.
 */
Retcode KosEntityWait(Entity *entity, rtl_uint32_t msecs, int *status);
/*
 * kos-linux, in a process started by EntityRun: the handle of connection
 * (channel group) name its launcher gave it: a client endpoint where this
 * process is the client, a server endpoint where it is the server.
 */
Retcode KosEntityGetConnection(const char *name, Handle *handle);
/* kos-linux: the calling process's class (EntityInfo.eiid when set at start). */
Retcode KosEntityGetClass(char *name, rtl_size_t size);

#ifdef __cplusplus
}
#endif

#endif /* _CORESRV_ENTITY_ENTITY_API_H */
