/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* EntityInfo (KasperskyOS if_connection.h): what the Entity API starts. */
#ifndef _IF_CONNECTION_H
#define _IF_CONNECTION_H

#include <nk/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Arguments and environment variables an EntityInfo can pass. */
#define ENTITY_ARGS_MAX 32
#define ENTITY_ENV_MAX 32

struct nk_component_node;

typedef struct EndpointInfo {
	char *name;		/* fully qualified name of the endpoint */
	nk_iid_t riid;		/* endpoint ID */
	char *iface_name;	/* name of the interface implemented by the endpoint */
} EndpointInfo;

typedef enum {
	ENTITY_FLAGS_NONE = 0,
	/* the process is reset if an unhandled exception occurs */
	ENTITY_FLAG_DUMPABLE = 1,
} EntityFlags;

/**
 * EntityInfo - a process to start
 * @eiid: process class name (also the default process and file name)
 * @max_endpoints: entries of @endpoints (kos-linux: informational)
 * @endpoints: the process's endpoints (kos-linux: informational)
 * @args: arguments after argv[0], RTL_NULL-terminated
 * @envs: "NAME=VALUE" strings added to the environment, RTL_NULL-terminated
 * @flags: EntityFlags (kos-linux: ignored)
 * @componentTree: component tree (kos-linux: ignored)
 */
typedef struct EntityInfo {
	const char *eiid;
	nk_iid_t max_endpoints;
	const EndpointInfo *endpoints;
	const char *args[ENTITY_ARGS_MAX + 1];
	const char *envs[ENTITY_ENV_MAX + 1];
	EntityFlags flags;
	const struct nk_component_node *componentTree;
} EntityInfo;

#ifdef __cplusplus
}
#endif

#endif /* _IF_CONNECTION_H */
