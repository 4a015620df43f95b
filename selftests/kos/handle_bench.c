// SPDX-License-Identifier: GPL-2.0
/*
 * Handle costs at 1k/10k/100k live handles: create+close per handle, and
 * revoke per handle of a 100%-deep chain (the worst case for tree walks).
 * Prints "bench: NAME VALUE ns/handle"; the ratios 100k/1k show scaling
 * (1.0 = linear total cost).
 */
#include <stdio.h>
#include <stdlib.h>

#include "kos_util.h"
#include "handle_util.h"

/* Create @n roots then close them all: ns per handle, or -1. */
static double create_close(int fd, int n)
{
	int *h = malloc(n * sizeof(*h)), i;
	double t0 = kos_now_ns();

	if (!h)
		return -1;
	for (i = 0; i < n; i++)
		if (h_create(fd, R_ALL, &h[i]))
			return -1;
	for (i = 0; i < n; i++)
		if (h_close(fd, h[i]))
			return -1;
	free(h);
	return (kos_now_ns() - t0) / n;
}

/* Build a chain of @n below a root, time revoking it: ns per handle. */
static double revoke_chain(int fd, int n)
{
	int r, top, h, next, i;
	double t0;

	if (h_create(fd, R_ALL, &r) || h_xfer(fd, r, -1, R_ALL, -1, &top))
		return -1;
	for (h = top, i = 1; i < n; i++, h = next)
		if (h_xfer(fd, h, -1, R_ALL, -1, &next))
			return -1;
	t0 = kos_now_ns();
	if (h_revoke(fd, top))
		return -1;
	t0 = (kos_now_ns() - t0) / n;
	close(fd);	/* frees the revoked handles */
	return t0;
}

int main(void)
{
	static const int sizes[] = { 1000, 10000, 100000 };
	static const char *const names[] = { "1k", "10k", "100k" };
	double cc[3], rv[3];
	int i, fd;

	for (i = 0; i < 3; i++) {
		fd = kos_open();
		if (fd < 0) {
			perror("open /dev/kos");
			return 1;
		}
		cc[i] = create_close(fd, sizes[i]);
		rv[i] = revoke_chain(fd, sizes[i]);
		if (cc[i] < 0 || rv[i] < 0) {
			fprintf(stderr, "handle_bench: ioctl failed at %s\n", names[i]);
			return 1;
		}
		printf("bench: handle_create_close_%s %.0f ns/handle\n", names[i], cc[i]);
		printf("bench: handle_revoke_%s %.0f ns/handle\n", names[i], rv[i]);
	}
	printf("ratio: handle_create_close_100k_vs_1k %.2f\n", cc[2] / cc[0]);
	printf("ratio: handle_revoke_100k_vs_1k %.2f\n", rv[2] / rv[0]);
	return 0;
}
