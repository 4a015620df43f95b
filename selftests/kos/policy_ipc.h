/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Processes of given process classes talking over real kos channels, for
 * the policy tests and benchmark: the policy judges each Call and Reply by
 * the classes of the sending and receiving contexts.
 */
#ifndef _KOS_POLICY_IPC_H
#define _KOS_POLICY_IPC_H

#include <sys/types.h>
#include <unistd.h>

#include <kos/linux.h>

#include "ipc_util.h"

/*
 * Fork a server process of class @cls publishing service @name; it runs
 * @fn(server endpoint, @arg) and exits with its result (2: setup failed).
 */
static inline pid_t fork_class_server(const char *cls, const char *name,
				      int (*fn)(Handle server, int arg), int arg)
{
	pid_t pid = fork();

	if (pid == 0) {
		Handle c, s;

		if (KosLinuxSetProcessClass(cls) != rcOk ||
		    KosChannelCreate(&c, &s) != rcOk ||
		    KosServicePublish(name, s) != rcOk)
			_exit(2);
		_exit(fn(s, arg));
	}
	return pid;
}

/* Set the calling process's class and connect to @name; rcOk or the failure. */
static inline Retcode connect_as(const char *cls, const char *name, Handle *client)
{
	Retcode rc = cls ? KosLinuxSetProcessClass(cls) : rcOk;

	return rc == rcOk ? KosServiceConnect(name, 5000, client) : rc;
}

/* One Call of a 64-byte message with endpoint @riid and method @mid. */
static inline Retcode call_ep(Handle client, rtl_uint32_t riid, rtl_uint32_t mid)
{
	struct tmsg out, in;

	tmsg_init(&out, mid, "policy");
	out.hdr.riid = riid;
	tmsg_init(&in, 0, "");
	return Call(client, &out.hdr, &in.hdr);
}

#endif /* _KOS_POLICY_IPC_H */
