// SPDX-License-Identifier: GPL-2.0
/*
 * kos-ocap-example: the OCap usage example of the KasperskyOS reference
 * (OpenResource / UseResource / CloseResource) over real kos channels
 * between two Linux processes.  The server hands out a resource handle
 * transferred with a badge; the client's later calls send it back and the
 * server gets it dereferenced: its badge's context, no handle lookup.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <coresrv/handle/handle_api.h>
#include <coresrv/handle/notice_api.h>
#include <coresrv/syscalls.h>
#include <kos/linux.h>

enum { M_OPEN = 1, M_USE, M_CLOSE };

#define R_USE OCAP_HANDLE_SPEC(0)	/* right to use the resource */

struct msg {
	SMsgHdr hdr;
	rtl_uint32_t arg;
	rtl_uint32_t result;
};

/* One opening of the resource: the resource transfer context. */
struct opening {
	Handle badge;
	unsigned int uses;
};

static void msg_init(struct msg *m, rtl_uint32_t mid, rtl_uint32_t arg)
{
	memset(m, 0, sizeof(*m));
	m->hdr.size = sizeof(*m);
	m->hdr.mid = mid;
	m->arg = arg;
}

/* The resource's opening behind a dereferenced handle, or NULL. */
static struct opening *deref(const struct msg *in, nk_rights_t need)
{
	nk_badge_t badge;

	if (in->hdr.nhandles != 1 || !nk_is_handle_dereferenced(&in->hdr.handles[0]))
		return NULL;
	if (nk_get_badge_op(&in->hdr.handles[0], need, &badge) != NK_EOK)
		return NULL;
	return (struct opening *)badge;
}

static void serve(Handle server)
{
	static struct opening op;
	Handle resource, notice;
	struct msg in, out;
	struct opening *o;
	Retcode rc;

	if (KnNoticeCreate(&notice) != rcOk ||
	    KnHandleCreateUserObject(HANDLE_TYPE_USER_FIRST, OCAP_HANDLE_FULL,
				     NULL, &resource) != rcOk)
		_exit(1);
	msg_init(&in, 0, 0);
	rc = Recv(server, &in.hdr);
	while (rc == rcOk) {
		msg_init(&out, in.hdr.mid, 0);
		switch (in.hdr.mid) {
		case M_OPEN:
			op.uses = 0;
			if (KnHandleCreateBadge(notice, 1, &op, &op.badge) != rcOk)
				break;
			out.hdr.nhandles = 1;
			out.hdr.handles[0] = nk_handle_desc(resource, OCAP_HANDLE_TRANSFER |
							    R_USE, op.badge);
			break;
		case M_USE:
			o = deref(&in, R_USE);
			out.result = o ? ++o->uses : 0;
			break;
		case M_CLOSE:
			o = deref(&in, 0);
			if (o)
				KnHandleRevokeSubtree(resource, o->badge);
			out.result = o != NULL;
			break;
		}
		msg_init(&in, 0, 0);
		rc = KosReplyRecv(server, &out.hdr, &in.hdr);
	}
	_exit(0);
}

static Retcode call(Handle ch, rtl_uint32_t mid, Handle h, struct msg *in)
{
	struct msg out;

	msg_init(&out, mid, 0);
	if (h != INVALID_HANDLE) {
		out.hdr.nhandles = 1;
		out.hdr.handles[0] = nk_handle_desc(h, OCAP_HANDLE_TRANSFER | R_USE);
	}
	msg_init(in, 0, 0);
	return Call(ch, &out.hdr, &in->hdr);
}

static int client(Handle ch, unsigned int uses)
{
	struct msg in;
	unsigned int i;
	Handle h;
	Retcode rc;

	rc = call(ch, M_OPEN, INVALID_HANDLE, &in);
	if (rc != rcOk || in.hdr.nhandles != 1) {
		fprintf(stderr, "OpenResource: %s\n", KosLinuxRetcodeName(rc));
		return 1;
	}
	h = in.hdr.handles[0].handle;
	printf("OpenResource: handle %u (transferred)\n", h);
	for (i = 1; i <= uses; i++) {
		rc = call(ch, M_USE, h, &in);
		if (rc != rcOk || in.result != i) {
			fprintf(stderr, "UseResource: %s, count %u\n",
				KosLinuxRetcodeName(rc), in.result);
			return 1;
		}
	}
	printf("UseResource: %u calls, server saw the handle dereferenced\n", uses);
	rc = call(ch, M_CLOSE, h, &in);
	if (rc != rcOk || !in.result) {
		fprintf(stderr, "CloseResource: %s\n", KosLinuxRetcodeName(rc));
		return 1;
	}
	printf("CloseResource: server revoked the opening\n");
	rc = call(ch, M_USE, h, &in);
	printf("UseResource after close: %s\n", KosLinuxRetcodeName(rc));
	KnHandleClose(h);
	return rc == rcHandleRevoked ? 0 : 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: kos-ocap-example [-n USES] [-h]\n"
		"\n"
		"Runs the OCap usage example of the KasperskyOS reference between two\n"
		"processes over a kos IPC channel: OpenResource returns a handle\n"
		"transferred with a badge, UseResource sends it back and the server\n"
		"gets it dereferenced, CloseResource revokes it, and a later use\n"
		"fails with rcHandleRevoked.  Needs the kos module (/dev/kos).\n"
		"\n"
		"  -n USES     UseResource calls (default 3)\n"
		"  -h, --help  this text\n"
		"\n"
		"Exit status: 0 when every step behaved as the reference says, 1 if\n"
		"not, 2 on a usage error.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	unsigned int uses = 3;
	char name[64];
	Handle ch;
	int c, rc, st;
	pid_t pid;

	while ((c = getopt_long(argc, argv, "n:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n': {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);

			if (*optarg == '-' || !*optarg || *end || n > 1000000) {
				fprintf(stderr, "kos-ocap-example: -n wants a number of calls, 0..1000000, not '%s'\n",
					optarg);
				return 2;
			}
			uses = n;
			break;
		}
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	snprintf(name, sizeof(name), "examples.ocap.%d", (int)getpid());
	pid = fork();
	if (pid == 0) {
		Handle cl, sv;

		if (KosChannelCreate(&cl, &sv) != rcOk ||
		    KosServicePublish(name, sv) != rcOk)
			_exit(1);
		serve(sv);
	}
	if (pid < 0 || KosServiceConnect(name, 5000, &ch) != rcOk) {
		fprintf(stderr, "kos-ocap-example: cannot reach the server (is kos.ko loaded?)\n");
		rc = 1;
	} else {
		rc = client(ch, uses);
		KnHandleClose(ch);
	}
	if (pid > 0) {
		kill(pid, SIGTERM);
		waitpid(pid, &st, 0);
	}
	return rc;
}
