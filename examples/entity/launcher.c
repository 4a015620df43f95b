// SPDX-License-Identifier: GPL-2.0
/*
 * entity-launcher: assembles a two-process solution with the Entity API.
 * Starts entity-server (class kl.drivers.Ata) and entity-client (class
 * example.Client) stopped, connects them with the channel group "blkdev",
 * runs both and waits for them (KosEntityWait: the client first, as the
 * server's channel goes with the server).  The programs are found next to
 * this one.
 */
#include <stdio.h>

#include <coresrv/entity/entity_api.h>
#include <kos/linux.h>

#include "blkdev.h"

/* Wait for an entity, reap it and release what the launcher kept for it. */
static int wait_entity(Entity *e, const char *name)
{
	int status = -1;
	Retcode rc = KosEntityWait(e, INFINITE_TIMEOUT, &status);

	if (rc != rcOk || status) {
		fprintf(stderr, "launcher: %s failed (%s, exit status %d)\n", name,
			KosLinuxRetcodeName(rc), status);
		return 1;
	}
	return 0;
}

int main(void)
{
	EntityInfo server_info = { .eiid = "kl.drivers.Ata" };
	EntityInfo client_info = { .eiid = "example.Client" };
	Entity *server, *client;
	Retcode rc;
	int fails;

	server = EntityInitEx(&server_info, "ata", "entity-server");
	client = EntityInitEx(&client_info, "reader", "entity-client");
	if (!server || !client) {
		perror("launcher: EntityInitEx");
		return 1;
	}
	rc = EntityConnectToService(client, server, BLKDEV_GROUP);
	if (rc == rcOk)
		rc = EntityRun(server);
	if (rc == rcOk)
		rc = EntityRun(client);
	if (rc != rcOk) {
		fprintf(stderr, "launcher: %s\n", KosLinuxRetcodeName(rc));
		return 1;
	}
	fails = wait_entity(client, "reader") + wait_entity(server, "ata");
	printf("launcher: %s\n", fails ? "failed" : "both entities finished");
	return fails ? 1 : 0;
}
