// SPDX-License-Identifier: GPL-2.0
/*
 * kos-ping: is kos IPC working here?  Serves a service name with an echo
 * server, or Calls one and prints the reply and the round trip.  Made for
 * checking a machine or a container (each IPC namespace has its own names).
 */
#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <coresrv/syscalls.h>
#include <kos/linux.h>

static const char usage[] =
"Usage: kos-ping [-t MSECS] [-c COUNT] NAME [MESSAGE]\n"
"       kos-ping --serve [-c COUNT] NAME\n"
"Call the service NAME through /dev/kos with MESSAGE (default \"ping\") and\n"
"print each reply with its round trip time; or, with --serve, publish NAME\n"
"and answer every Call with its own message.\n"
"\n"
"Options:\n"
"  -s, --serve        be the echo server of NAME (until COUNT Calls are\n"
"                     answered, or killed); prints \"serving NAME\" once\n"
"                     published\n"
"  -t, --timeout MS   wait at most MS milliseconds for NAME to be published\n"
"                     and for each reply (default 1000)\n"
"  -c, --count N      Calls to make (default 1) or to answer (default: no\n"
"                     limit); at least 1\n"
"  -h, --help         show this help\n"
"\n"
"Names are scoped by IPC namespace: a name published in one container is\n"
"not found from another.  Exit status: 0 success; 1 an IPC step failed (the\n"
"message names its return code, e.g. rcTimeout when NAME is not published\n"
"where the caller can see it); 2 usage error.\n";

struct ping_msg {
	SMsgHdr hdr;
	char text[256];
};

static int fail(const char *name, const char *what, Retcode rc)
{
	fprintf(stderr, "kos-ping: %s: %s: %s\n", name, what, KosLinuxRetcodeName(rc));
	return 1;
}

/*
 * Answer every request with its own text.  A caller that gave up (timeout,
 * killed) makes its Reply fail: that is its loss, the server serves on.
 */
static int serve(const char *name, unsigned long count)
{
	struct ping_msg m;
	Handle client, server;
	unsigned long n = 0;
	Retcode rc;

	rc = KosChannelCreate(&client, &server);
	if (rc != rcOk)
		return fail(name, "cannot create a channel", rc);
	rc = KosServicePublish(name, server);
	if (rc != rcOk)
		return fail(name, "cannot publish", rc);
	printf("serving %s\n", name);
	fflush(stdout);
	while (!count || n < count) {
		m.hdr.size = sizeof(m);
		rc = Recv(server, &m.hdr);
		if (rc != rcOk)
			return fail(name, "Recv", rc);
		n++;
		rc = Reply(server, &m.hdr);
		if (rc != rcOk)
			fprintf(stderr, "kos-ping: %s: Reply: %s (the caller gave up)\n",
				name, KosLinuxRetcodeName(rc));
	}
	KosServiceUnpublish(name, server);
	return 0;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int ping(const char *name, const char *text, rtl_uint32_t msecs,
		unsigned long count)
{
	struct ping_msg out = { .hdr.size = sizeof(out) }, in;
	Handle h;
	Retcode rc;

	if (strlen(text) >= sizeof(out.text)) {
		fprintf(stderr, "kos-ping: the message is longer than %zu bytes\n",
			sizeof(out.text) - 1);
		return 2;
	}
	strcpy(out.text, text);
	rc = KosServiceConnect(name, msecs, &h);
	if (rc != rcOk)
		return fail(name, rc == rcTimeout || rc == rcResourceNotFound ?
			    "not found" : "cannot connect", rc);
	for (unsigned long i = 0; i < count; i++) {
		double t = now_us();
		size_t len;

		memset(&in, 0, sizeof(in));
		in.hdr.size = sizeof(in);
		rc = KosCallTimeout(h, &out.hdr, &in.hdr, msecs);
		if (rc != rcOk)
			return fail(name, "Call", rc);
		/* only what the reply carried, up to its first NUL */
		len = in.hdr.size > offsetof(struct ping_msg, text) ?
		      in.hdr.size - offsetof(struct ping_msg, text) : 0;
		len = strnlen(in.text, len < sizeof(in.text) ? len : sizeof(in.text));
		printf("reply from %s: %.*s (%.0f us)\n", name, (int)len, in.text, now_us() - t);
	}
	return 0;
}

/* A decimal number from 1 to @max, nothing else. */
static int number(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || errno || !*v || *v > max) {
		fprintf(stderr, "kos-ping: '%s' is not a number from 1 to %lu\n", s, max);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "serve", no_argument, NULL, 's' },
		{ "timeout", required_argument, NULL, 't' },
		{ "count", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	unsigned long msecs = 1000, count = 0;
	int c, server = 0;

	while ((c = getopt_long(argc, argv, "st:c:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			server = 1;
			break;
		case 't':
			if (number(optarg, INFINITE_TIMEOUT - 1, &msecs))
				return 2;
			break;
		case 'c':
			if (number(optarg, ~0UL, &count))
				return 2;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fprintf(stderr, "Try 'kos-ping --help' for more information.\n");
			return 2;
		}
	}
	if (optind >= argc || argc - optind > (server ? 1 : 2)) {
		fprintf(stderr, "kos-ping: %s\nTry 'kos-ping --help' for more information.\n",
			optind >= argc ? "no service name given" : "too many arguments");
		return 2;
	}
	if (server)
		return serve(argv[optind], count);
	return ping(argv[optind], optind + 1 < argc ? argv[optind + 1] : "ping",
		    msecs, count ? count : 1);	/* -c given: at least 1 */
}
