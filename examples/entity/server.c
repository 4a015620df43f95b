// SPDX-License-Identifier: GPL-2.0
/*
 * entity-server: a block device server.  It serves the channel its
 * launcher connected (group "blkdev"), publishes "blkdev.ata" on the
 * default name server, and accepts connection-manager requests into the
 * same channel, so every client, however it found the server, lands on one
 * server endpoint.  Stops on a QUIT request.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <coresrv/cm/cm_api.h>
#include <coresrv/entity/entity_api.h>
#include <coresrv/ns/ns_api.h>
#include <kos/linux.h>

#include "blkdev.h"

static void *accept_loop(void *arg)
{
	char client[KN_CM_NAME_MAX], service[KN_CM_NAME_MAX];
	Handle listener = (Handle)(uintptr_t)arg, h;

	while (KnCmListen(RTL_NULL, INFINITE_TIMEOUT, client, service) == rcOk) {
		printf("server: %s asks for %s: accepted\n", client, service);
		fflush(stdout);
		KnCmAccept(client, service, BLKDEV_RIID, listener, &h);
	}
	return NULL;
}

static int serve(Handle h)
{
	struct blkdev_msg m;

	for (;;) {
		m.hdr.size = sizeof(m);
		if (Recv(h, &m.hdr) != rcOk)
			return 1;
		if (m.hdr.mid == BLKDEV_QUIT) {
			Reply(h, &m.hdr);
			return 0;
		}
		snprintf(m.data, sizeof(m.data), "block %u of %s", m.block, BLKDEV_SERVICE);
		Reply(h, &m.hdr);
	}
}

int main(void)
{
	const char *me = getenv("KOS_ENTITY_NAME");
	pthread_t t;
	NsHandle ns;
	Handle h;
	Retcode rc;

	rc = KosEntityGetConnection(BLKDEV_GROUP, &h);
	if (rc != rcOk) {
		fprintf(stderr, "server: no connection %s: %s (start me with entity-launcher)\n",
			BLKDEV_GROUP, KosLinuxRetcodeName(rc));
		return 1;
	}
	rc = NsCreate(RTL_NULL, 1000, &ns);
	if (rc == rcOk)
		rc = NsPublishService(ns, BLKDEV_TYPE, me, BLKDEV_SERVICE);
	if (rc != rcOk) {
		fprintf(stderr, "server: name server: %s\n", KosLinuxRetcodeName(rc));
		return 1;
	}
	pthread_create(&t, NULL, accept_loop, (void *)(uintptr_t)h);
	printf("server: %s publishes %s (%s)\n", me, BLKDEV_SERVICE, BLKDEV_TYPE);
	fflush(stdout);
	return serve(h);
}
