// SPDX-License-Identifier: GPL-2.0
/*
 * kos-audit: print the kos-linux security audit stream (generic netlink
 * family "kos_audit", multicast group "records") as text or JSON lines.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <linux/kos.h>
#include <linux/kos_audit.h>

static const char usage[] =
"Usage: kos-audit [OPTIONS]\n"
"Print kos-linux security policy decisions as the kernel reports them.\n"
"\n"
"  -j, --json            one JSON object per line instead of text\n"
"  -v, --verdict=V       only 'grant' or 'deny' decisions\n"
"  -s, --src=CLASS       only messages sent by process class CLASS\n"
"  -d, --dst=CLASS       only messages to process class CLASS\n"
"  -p, --pid=PID         only messages sent by process PID\n"
"  -n, --count=N         exit after printing N records\n"
"  -t, --timeout=SEC     exit after SEC seconds without a record\n"
"  -h, --help            this text\n"
"\n"
"Each record: time, sender pid and class, receiver class, message kind,\n"
"endpoint, method, verdict, deciding PSL line (0: default) and the number\n"
"of records the kernel dropped so far by its rate limit (audit_rate,\n"
"per user).  Reading the stream needs CAP_NET_ADMIN: records name\n"
"processes and classes.\n"
"Exit status: 0 success (or timeout), 1 error, 2 usage.\n";

struct filter {
	int json;
	int verdict;		/* -1: any */
	const char *src, *dst;
	long pid;		/* -1: any */
	long count;		/* -1: unlimited */
	long printed;
};

static const char *const kinds[] = {
	[KOS_MSG_REQUEST] = "request", [KOS_MSG_RESPONSE] = "response",
	[KOS_MSG_ERROR] = "error", [KOS_MSG_SECURITY] = "security",
	[KOS_MSG_EXECUTE] = "execute",
};

static struct nla_policy attr_policy[KOS_AUDIT_A_MAX + 1] = {
	[KOS_AUDIT_A_TIME_NS] = { .type = NLA_U64 },
	[KOS_AUDIT_A_SRC_PID] = { .type = NLA_U32 },
	[KOS_AUDIT_A_SRC_CLASS] = { .type = NLA_STRING },
	[KOS_AUDIT_A_DST_CLASS] = { .type = NLA_STRING },
	[KOS_AUDIT_A_KIND] = { .type = NLA_U32 },
	[KOS_AUDIT_A_ENDPOINT] = { .type = NLA_U32 },
	[KOS_AUDIT_A_METHOD] = { .type = NLA_U32 },
	[KOS_AUDIT_A_VERDICT] = { .type = NLA_U32 },
	[KOS_AUDIT_A_LINE] = { .type = NLA_U32 },
	[KOS_AUDIT_A_DROPPED] = { .type = NLA_U64 },
};

/* JSON string body: class names come from the kernel, escape anyway. */
static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++)
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	putchar('"');
}

static void print_record(const struct filter *f, struct nlattr **a)
{
	unsigned long long ns = nla_get_u64(a[KOS_AUDIT_A_TIME_NS]);
	unsigned int kind = nla_get_u32(a[KOS_AUDIT_A_KIND]);
	const char *kname = kind < 6 && kinds[kind] ? kinds[kind] : "unknown";
	const char *verdict = nla_get_u32(a[KOS_AUDIT_A_VERDICT]) ? "grant" : "deny";

	if (f->json) {
		printf("{\"time_ns\":%llu,\"src_pid\":%u,\"src_class\":", ns,
		       nla_get_u32(a[KOS_AUDIT_A_SRC_PID]));
		json_str(nla_get_string(a[KOS_AUDIT_A_SRC_CLASS]));
		printf(",\"dst_class\":");
		json_str(nla_get_string(a[KOS_AUDIT_A_DST_CLASS]));
		printf(",\"kind\":\"%s\",\"endpoint\":%u,\"method\":%u,\"verdict\":\"%s\",\"line\":%u,\"dropped\":%llu}\n",
		       kname, nla_get_u32(a[KOS_AUDIT_A_ENDPOINT]),
		       nla_get_u32(a[KOS_AUDIT_A_METHOD]), verdict,
		       nla_get_u32(a[KOS_AUDIT_A_LINE]),
		       (unsigned long long)nla_get_u64(a[KOS_AUDIT_A_DROPPED]));
	} else {
		printf("%llu.%09llu %s pid=%u src=%s dst=%s %s endpoint=%u method=%u line=%u dropped=%llu\n",
		       ns / 1000000000ULL, ns % 1000000000ULL, verdict,
		       nla_get_u32(a[KOS_AUDIT_A_SRC_PID]),
		       nla_get_string(a[KOS_AUDIT_A_SRC_CLASS]),
		       nla_get_string(a[KOS_AUDIT_A_DST_CLASS]), kname,
		       nla_get_u32(a[KOS_AUDIT_A_ENDPOINT]),
		       nla_get_u32(a[KOS_AUDIT_A_METHOD]),
		       nla_get_u32(a[KOS_AUDIT_A_LINE]),
		       (unsigned long long)nla_get_u64(a[KOS_AUDIT_A_DROPPED]));
	}
	fflush(stdout);
}

static int matches(const struct filter *f, struct nlattr **a)
{
	if (f->verdict >= 0 && (int)nla_get_u32(a[KOS_AUDIT_A_VERDICT]) != f->verdict)
		return 0;
	if (f->pid >= 0 && nla_get_u32(a[KOS_AUDIT_A_SRC_PID]) != f->pid)
		return 0;
	if (f->src && strcmp(f->src, nla_get_string(a[KOS_AUDIT_A_SRC_CLASS])))
		return 0;
	if (f->dst && strcmp(f->dst, nla_get_string(a[KOS_AUDIT_A_DST_CLASS])))
		return 0;
	return 1;
}

static int on_record(struct nl_msg *msg, void *arg)
{
	struct filter *f = arg;
	struct nlattr *a[KOS_AUDIT_A_MAX + 1];
	int i;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, a, KOS_AUDIT_A_MAX, attr_policy))
		return NL_SKIP;
	for (i = 1; i <= KOS_AUDIT_A_MAX; i++)
		if (!a[i])
			return NL_SKIP;
	if (matches(f, a)) {
		print_record(f, a);
		f->printed++;
	}
	return NL_OK;
}

static int parse_args(int argc, char **argv, struct filter *f, int *timeout)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' }, { "verdict", required_argument, NULL, 'v' },
		{ "src", required_argument, NULL, 's' }, { "dst", required_argument, NULL, 'd' },
		{ "pid", required_argument, NULL, 'p' }, { "count", required_argument, NULL, 'n' },
		{ "timeout", required_argument, NULL, 't' }, { "help", no_argument, NULL, 'h' },
		{}
	};
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "jv:s:d:p:n:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': f->json = 1; break;
		case 's': f->src = optarg; break;
		case 'd': f->dst = optarg; break;
		case 'v':
			if (strcmp(optarg, "grant") && strcmp(optarg, "deny"))
				return -1;
			f->verdict = !strcmp(optarg, "grant");
			break;
		case 'p': case 'n': case 't': {
			long v = strtol(optarg, &end, 10);

			if (*end || !*optarg || v < 0)
				return -1;
			if (c == 'p')
				f->pid = v;
			else if (c == 'n')
				f->count = v;
			else
				*timeout = v * 1000;
			break;
		}
		case 'h':
			fputs(usage, stdout);
			exit(0);
		default:
			return -1;
		}
	}
	return optind == argc ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct filter f = { .verdict = -1, .pid = -1, .count = -1 };
	struct nl_sock *sk;
	int timeout = -1, grp, err;

	if (parse_args(argc, argv, &f, &timeout)) {
		fputs(usage, stderr);
		return 2;
	}
	sk = nl_socket_alloc();
	if (!sk || genl_connect(sk)) {
		fprintf(stderr, "kos-audit: cannot open a generic netlink socket\n");
		return 1;
	}
	grp = genl_ctrl_resolve_grp(sk, KOS_AUDIT_FAMILY, KOS_AUDIT_GROUP);
	if (grp < 0) {
		fprintf(stderr, "kos-audit: family %s: %s (is kos.ko loaded?)\n",
			KOS_AUDIT_FAMILY, nl_geterror(grp));
		nl_socket_free(sk);
		return 1;
	}
	nl_socket_disable_seq_check(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_record, &f);
	err = nl_socket_add_membership(sk, grp);
	if (err == -NLE_PERM) {
		fprintf(stderr, "kos-audit: joining the audit group needs CAP_NET_ADMIN\n");
		nl_socket_free(sk);
		return 1;
	}
	if (!err)
		err = nl_socket_set_buffer_size(sk, 1 << 20, 0);
	while (!err && (f.count < 0 || f.printed < f.count)) {
		struct pollfd pfd = { .fd = nl_socket_get_fd(sk), .events = POLLIN };

		if (poll(&pfd, 1, timeout) <= 0)
			break;
		err = nl_recvmsgs_default(sk);
		/* ENOBUFS: we read too slowly and the socket overflowed */
		if (err == -NLE_NOMEM) {
			fprintf(stderr, "kos-audit: receive buffer overflow, records lost\n");
			err = 0;
		}
	}
	if (err)
		fprintf(stderr, "kos-audit: %s\n", nl_geterror(err));
	nl_socket_free(sk);
	return err ? 1 : 0;
}
