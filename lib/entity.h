/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internal: the bootstrap protocol between EntityRun (launcher, entity.c)
 * and a started process's libkos (entity_boot.c).  The launcher publishes a
 * channel as KOS_ENTITY_BOOT; the process Calls it with the index of the
 * first connection it lacks and gets up to SMSG_HANDLES_MAX of them.
 */
#ifndef _LIBKOS_ENTITY_H
#define _LIBKOS_ENTITY_H

#include <coresrv/syscalls.h>

#include "internal.h"

/* Connections (channel groups) one entity can have. */
#define ENTITY_CONN_MAX 16
#define ENTITY_MID_BOOT 2

struct entity_boot_request {
	SMsgHdr hdr;
	rtl_uint32_t index;
};

struct entity_boot_reply {
	SMsgHdr hdr;
	rtl_uint32_t total;	/* connections of the process */
	rtl_uint32_t __reserved;
	char names[SMSG_HANDLES_MAX][KOS_NAME_MAX];	/* of hdr.handles */
};

#endif /* _LIBKOS_ENTITY_H */
