// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The started side of the Entity API: when EntityRun started this process,
 * libkos takes, before main(), the process class (KOS_ENTITY_CLASS) and the
 * connections its launcher made (from the bootstrap channel named in
 * KOS_ENTITY_BOOT); KosEntityGetConnection hands them out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <coresrv/entity/entity_api.h>
#include <coresrv/handle/handle_api.h>
#include <kos/linux.h>

#include "entity.h"
#include "syscall.h"

#define BOOT_CONNECT_MS 5000

static struct {
	char name[KOS_NAME_MAX];
	Handle handle;
} boot_conns[ENTITY_CONN_MAX];
static unsigned int boot_nconns;

/*
 * The class the launcher chose.  Needs CAP_SYS_ADMIN or CAP_MAC_ADMIN; an
 * unprivileged process stays without a class (Documentation/ipc.rst).
 */
static void set_class(const char *name)
{
	struct kos_policy_class c = { .size = sizeof(c) };

	if (strlen(name) >= sizeof(c.name))
		return;
	strcpy(c.name, name);
	kos_sys_ioctl(KOS_POLICY_SET_CLASS, &c);
}

/* Take the handles of one reply; false when the protocol was broken. */
static bool take(const struct entity_boot_reply *rep, rtl_uint32_t *index)
{
	rtl_uint32_t i;

	if (rep->hdr.size != sizeof(*rep) || rep->total > ENTITY_CONN_MAX ||
	    !rep->hdr.nhandles || *index + rep->hdr.nhandles > rep->total)
		return false;
	for (i = 0; i < rep->hdr.nhandles; i++) {
		memcpy(boot_conns[*index].name, rep->names[i], KOS_NAME_MAX);
		boot_conns[*index].name[KOS_NAME_MAX - 1] = '\0';
		boot_conns[(*index)++].handle = rep->hdr.handles[i].handle;
	}
	return true;
}

static Retcode fetch(const char *boot)
{
	struct entity_boot_request req = {
		.hdr.size = sizeof(req), .hdr.mid = ENTITY_MID_BOOT,
	};
	struct entity_boot_reply rep;
	rtl_uint32_t total = 1;
	Handle h;
	Retcode rc = KosServiceConnect(boot, BOOT_CONNECT_MS, &h);

	if (rc != rcOk)
		return rc;
	while (rc == rcOk && boot_nconns < total) {
		memset(&rep, 0, sizeof(rep));
		rep.hdr.size = sizeof(rep);
		req.index = boot_nconns;
		rc = Call(h, &req.hdr, &rep.hdr);
		if (rc == rcOk && !take(&rep, &boot_nconns))
			rc = rcInternalError;
		total = rep.total;
	}
	KnHandleClose(h);
	return rc;
}

static void __attribute__((constructor)) entity_boot(void)
{
	const char *cls = getenv("KOS_ENTITY_CLASS");
	const char *boot = getenv("KOS_ENTITY_BOOT");
	Retcode rc;

	if (cls && cls[0])
		set_class(cls);
	if (boot && boot[0]) {
		rc = fetch(boot);
		if (rc != rcOk)
			fprintf(stderr, "libkos: connections from the Entity launcher (%s): %s\n",
				boot, KosLinuxRetcodeName(rc));
	}
	/* Not for this process's own children. */
	unsetenv("KOS_ENTITY_BOOT");
	unsetenv("KOS_ENTITY_CLASS");
}

KOS_EXPORT Retcode KosEntityGetConnection(const char *name, Handle *handle)
{
	unsigned int i;

	if (!name || !handle)
		return rcInvalidArgument;
	for (i = 0; i < boot_nconns; i++) {
		if (!strcmp(boot_conns[i].name, name)) {
			*handle = boot_conns[i].handle;
			return rcOk;
		}
	}
	return rcResourceNotFound;
}

KOS_EXPORT Retcode KosEntityGetClass(char *name, rtl_size_t size)
{
	struct kos_policy_class c = { .size = sizeof(c) };
	int ret;

	if (!name)
		return rcInvalidArgument;
	ret = kos_sys_ioctl(KOS_POLICY_GET_CLASS, &c);
	if (ret)
		return kos_rc(ret);
	if (strlen(c.name) >= size)
		return rcBufferTooSmall;
	strcpy(name, c.name);
	return rcOk;
}
