// SPDX-License-Identifier: GPL-2.0
/*
 * kos-stat: show KOS contexts' handle trees from debugfs kos/handles.
 * Each handle is printed under its parent (which may live in another
 * process); handles whose parent is elsewhere are printed as roots.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HANDLES_PATH "/sys/kernel/debug/kos/handles"

struct row {
	int pid, id, parent, badge, revoked;
	unsigned long long ctx, pctx;
	unsigned int type, rights;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: kos-stat [-f FILE] [PID]\n"
		"\n"
		"Print the KOS handle trees held by process PID (all processes\n"
		"when PID is omitted), grouped by context (one per open of\n"
		"/dev/kos), one handle per line, indented under its parent when\n"
		"the parent is in the same context:\n"
		"\n"
		"  HANDLE  TYPE  RIGHTS  PARENT(context:handle)  BADGE  [revoked]\n"
		"\n"
		"TYPE: 0x1 notice, 0x2 badge, 0x3/0x4 IPC client/server endpoint,\n"
		"0x5 DMA buffer, 0x6 DMA begin, 0x7 I/O mapping, 0x8 device memory,\n"
		"0x9 interrupt, 0x10000.. user objects (KOS_HTYPE_* in linux/kos.h).\n"
		"PARENT 0:0 marks a root (or a revoked handle).  BADGE\n"
		"is the badge handle (in its creator) the handle was transferred\n"
		"with, or 0.\n"
		"\n"
		"Options:\n"
		"  -f FILE     read FILE instead of " HANDLES_PATH "\n"
		"  -h, --help  show this text\n"
		"\n"
		"Needs root (debugfs) and the kos module loaded.\n"
		"Exit status: 0 ok, 1 cannot read the handle table, 2 usage.\n");
}

static struct row *load(FILE *f, size_t *n)
{
	struct row *rows = NULL, r, *tmp;
	size_t cap = 0;
	char line[256];

	*n = 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%d %llu %d %x %x %llu %d %d %d", &r.pid, &r.ctx,
			   &r.id, &r.type, &r.rights, &r.pctx, &r.parent,
			   &r.badge, &r.revoked) != 9)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			tmp = realloc(rows, cap * sizeof(*rows));
			if (!tmp) {
				free(rows);
				return NULL;
			}
			rows = tmp;
		}
		rows[(*n)++] = r;
	}
	return rows;
}

/* Print @rows[i] and, iteratively, its same-process descendants. */
static void print_tree(const struct row *rows, size_t n, size_t top)
{
	size_t *stack = malloc(n * sizeof(*stack)), *depth = malloc(n * sizeof(*depth));
	size_t sp = 0, i, j, d;

	if (!stack || !depth)
		goto out;
	stack[sp] = top;
	depth[sp++] = 0;
	while (sp) {
		i = stack[--sp];
		d = depth[sp];
		printf("%*s%-6d %#8x %#10x %5llu:%-6d %6d%s\n", (int)d * 2, "",
		       rows[i].id, rows[i].type, rows[i].rights, rows[i].pctx,
		       rows[i].parent, rows[i].badge,
		       rows[i].revoked ? " revoked" : "");
		for (j = n; j-- > 0;)
			if (rows[j].ctx == rows[i].ctx && rows[j].pctx == rows[i].ctx &&
			    rows[j].parent == rows[i].id) {
				stack[sp] = j;
				depth[sp] = d + 1;
				sp++;
			}
	}
out:
	free(stack);
	free(depth);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = HANDLES_PATH;
	struct row *rows;
	size_t n, i;
	long pid = -1;
	FILE *f;
	int c;

	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc)
		pid = strtol(argv[optind], NULL, 10);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "kos-stat: %s: %s\n", path, strerror(errno));
		return 1;
	}
	rows = load(f, &n);
	fclose(f);
	for (i = 0; i < n; i++) {
		if (pid >= 0 && rows[i].pid != pid)
			continue;
		if (i == 0 || rows[i - 1].ctx != rows[i].ctx)
			printf("pid %d context %llu\n", rows[i].pid, rows[i].ctx);
		if (rows[i].pctx == rows[i].ctx && rows[i].parent)
			continue;
		print_tree(rows, n, i);
	}
	free(rows);
	return 0;
}
