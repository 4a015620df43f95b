// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Name server (coresrv/ns/ns_api.h) over the module's name-server registry
 * (KOS_NS_* ioctls): an NsHandle is the name server's id.
 */
#include <string.h>

#include <coresrv/ns/ns_api.h>

#include "internal.h"
#include "syscall.h"

static Retcode ns_open(const char *name, rtl_uint32_t flags, rtl_uint32_t msecs,
		       NsHandle *ns)
{
	struct kos_ns_open o = {
		.size = sizeof(o),
		.flags = flags,
		.timeout_ms = msecs == INFINITE_TIMEOUT ? KOS_IPC_FOREVER : msecs,
	};
	int ret;

	if (!ns || !kos_name_ok(name))
		return rcInvalidArgument;
	strcpy(o.name, name);
	ret = kos_sys_ioctl(KOS_NS_OPEN, &o);
	if (!ret)
		*ns = o.id;
	return kos_rc(ret);
}

KOS_EXPORT Retcode NsCreate(const char *name, rtl_uint32_t msecs, NsHandle *ns)
{
	return ns_open(name ? name : "ns", 0, msecs, ns);
}

KOS_EXPORT Retcode KosNsServe(const char *name, NsHandle *ns)
{
	return ns_open(name, KOS_NS_SERVE, 0, ns);
}

/* Fill an entry request; rcInvalidArgument for a missing or long name. */
static Retcode entry_op(unsigned long cmd, NsHandle ns, const char *type,
			const char *server, const char *service)
{
	struct kos_ns_entry e = { .size = sizeof(e), .ns = ns };

	if (!kos_name_ok(type) || !kos_name_ok(server) || !kos_name_ok(service))
		return rcInvalidArgument;
	strcpy(e.type, type);
	strcpy(e.server, server);
	strcpy(e.service, service);
	return kos_rc(kos_sys_ioctl(cmd, &e));
}

KOS_EXPORT Retcode NsPublishService(NsHandle ns, const char *type,
				    const char *server, const char *service)
{
	return entry_op(KOS_NS_PUBLISH, ns, type, server, service);
}

KOS_EXPORT Retcode NsUnPublishService(NsHandle ns, const char *type,
				      const char *server, const char *service)
{
	return entry_op(KOS_NS_UNPUBLISH, ns, type, server, service);
}

KOS_EXPORT Retcode NsEnumServices(NsHandle ns, const char *type, unsigned index,
				  char *server, rtl_size_t serverSize,
				  char *service, rtl_size_t serviceSize)
{
	struct kos_ns_entry e = { .size = sizeof(e), .ns = ns, .index = index };
	int ret;

	if (!kos_name_ok(type) || !server || !service)
		return rcInvalidArgument;
	strcpy(e.type, type);
	ret = kos_sys_ioctl(KOS_NS_ENUM, &e);
	if (ret)
		return kos_rc(ret);
	if (strlen(e.server) >= serverSize || strlen(e.service) >= serviceSize)
		return rcBufferTooSmall;
	strcpy(server, e.server);
	strcpy(service, e.service);
	return rcOk;
}
