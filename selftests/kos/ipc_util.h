/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the IPC selftests and benchmark. */
#ifndef _KOS_IPC_UTIL_H
#define _KOS_IPC_UTIL_H

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <coresrv/handle/handle_api.h>
#include <coresrv/handle/notice_api.h>
#include <coresrv/syscalls.h>

#define IPC_PAYLOAD 64

/* A message with a 64-byte payload. */
struct tmsg {
	SMsgHdr hdr;
	char data[IPC_PAYLOAD];
};

static inline void tmsg_init(struct tmsg *m, rtl_uint32_t mid, const char *s)
{
	memset(m, 0, sizeof(*m));
	m->hdr.size = sizeof(*m);
	m->hdr.mid = mid;
	snprintf(m->data, sizeof(m->data), "%s", s);
}

/* A service name unique to this process and @tag. */
static inline void ipc_name(char *buf, size_t len, const char *tag)
{
	snprintf(buf, len, "test.%s.%d", tag, (int)getpid());
}

/*
 * Echo server: answer each request with its payload and mid + 1, closing
 * the handles it received.  A request too large for the buffer fails for
 * its client only; any other error ends the loop and is returned.
 */
static inline Retcode ipc_echo_serve(Handle server)
{
	struct tmsg m, in;
	Retcode rc;

	tmsg_init(&in, 0, "");
	rc = Recv(server, &in.hdr);
	while (rc == rcOk || rc == rcBufferTooLarge) {
		rtl_uint32_t i;

		if (rc == rcBufferTooLarge) {
			in.hdr.size = sizeof(in);
			rc = Recv(server, &in.hdr);
			continue;
		}
		for (i = 0; i < in.hdr.nhandles; i++)
			if (!nk_is_handle_dereferenced(&in.hdr.handles[i]))
				KnHandleClose(in.hdr.handles[i].handle);
		m = in;
		m.hdr.mid++;
		m.hdr.nhandles = 0;
		in.hdr.size = sizeof(in);
		rc = KosReplyRecv(server, &m.hdr, &in.hdr);
	}
	return rc;
}

static inline void *ipc_echo_thread(void *arg)
{
	ipc_echo_serve((Handle)(uintptr_t)arg);
	return NULL;
}

#endif /* _KOS_IPC_UTIL_H */
