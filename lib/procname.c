// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The process name: what the connection manager calls this process.  The
 * Entity launcher sets KOS_ENTITY_NAME; any other process is named after
 * its program (program_invocation_short_name), cut to 63 bytes.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static char kos_name[KOS_NAME_MAX];
static pthread_once_t kos_name_once = PTHREAD_ONCE_INIT;

static void name_init(void)
{
	const char *env = getenv("KOS_ENTITY_NAME");

	if (!env || !env[0] || strlen(env) >= sizeof(kos_name))
		env = program_invocation_short_name;
	strncpy(kos_name, env, sizeof(kos_name) - 1);
}

const char *kos_process_name(void)
{
	pthread_once(&kos_name_once, name_init);
	return kos_name;
}

bool kos_name_ok(const char *name)
{
	return name && name[0] && strlen(name) < KOS_NAME_MAX;
}
