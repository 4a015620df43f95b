// SPDX-License-Identifier: GPL-2.0
/*
 * entity-client: reads a block over the channel its launcher connected,
 * then finds the server again the dynamic way (name server, then the
 * connection manager) and reads another, then stops the server.
 */
#include <stdio.h>

#include <coresrv/cm/cm_api.h>
#include <coresrv/entity/entity_api.h>
#include <coresrv/ns/ns_api.h>
#include <kos/linux.h>
#include <kos/thread.h>

#include "blkdev.h"

static Retcode read_block(Handle h, rtl_uint32_t block, const char *how)
{
	struct blkdev_msg out, in;
	Retcode rc;

	blkdev_msg_init(&out, BLKDEV_READ, block);
	blkdev_msg_init(&in, 0, 0);
	rc = Call(h, &out.hdr, &in.hdr);
	if (rc == rcOk)
		printf("client: %s: read \"%s\"\n", how, in.data);
	return rc;
}

/* Look the service up on the name server, then ask its server for a channel. */
static Retcode find(Handle *h)
{
	char server[NS_NAME_MAX], service[NS_NAME_MAX];
	rtl_uint32_t rsid;
	NsHandle ns;
	Retcode rc;
	int i;

	rc = NsCreate(RTL_NULL, 1000, &ns);
	if (rc != rcOk)
		return rc;
	/* The server publishes once it runs: poll the name server a while. */
	for (i = 0; i < 100; i++) {
		rc = NsEnumServices(ns, BLKDEV_TYPE, 0, server, sizeof(server),
				    service, sizeof(service));
		if (rc != rcResourceNotFound)
			break;
		KosThreadSleep(50);
	}
	if (rc != rcOk)
		return rc;
	printf("client: name server: %s provides %s\n", server, service);
	return KnCmConnect(server, service, 5000, h, &rsid);
}

int main(void)
{
	struct blkdev_msg quit, in;
	Handle wired, found;
	Retcode rc;

	rc = KosEntityGetConnection(BLKDEV_GROUP, &wired);
	if (rc == rcOk)
		rc = read_block(wired, 1, "connected by the launcher");
	if (rc == rcOk)
		rc = find(&found);
	if (rc == rcOk)
		rc = read_block(found, 2, "found by name");
	if (rc == rcOk) {
		blkdev_msg_init(&quit, BLKDEV_QUIT, 0);
		blkdev_msg_init(&in, 0, 0);
		rc = Call(found, &quit.hdr, &in.hdr);
	}
	if (rc != rcOk) {
		fprintf(stderr, "client: %s\n", KosLinuxRetcodeName(rc));
		return 1;
	}
	return 0;
}
