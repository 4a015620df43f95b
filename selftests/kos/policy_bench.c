// SPDX-License-Identifier: GPL-2.0
/*
 * Cost of one policy decision in the kernel, measured as a
 * KOS_POLICY_EVALUATE round trip with no policy, a 10-rule and a
 * 10 000-rule policy (the IPC Call benchmark adds the same check per
 * message).  Needs root to load policies.
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <time.h>
#include <linux/kos.h>

#include "kos_util.h"
#include "policy_util.h"

static int load_n(int fd, unsigned int n)
{
	struct kos_policy_load cmd = { .size = sizeof(cmd) };
	char *text;
	void *blob;
	size_t len;
	int ret;

	if (!n) {
		cmd.flags = KOS_POLICY_LOAD_CLEAR;
		return ioctl(fd, KOS_POLICY_LOAD, &cmd);
	}
	text = policy_text_n_rules(n);
	blob = text ? policy_compile_text(text, &len) : NULL;
	free(text);
	if (!blob)
		return -1;
	cmd.blob = (uintptr_t)blob;
	cmd.blob_len = len;
	ret = ioctl(fd, KOS_POLICY_LOAD, &cmd);
	free(blob);
	return ret;
}

/* Mean ns per decision over @iters, endpoints spread over the rules. */
static double run(int fd, unsigned int n, long iters)
{
	struct kos_policy_eval cmd = {
		.size = sizeof(cmd), .kind = KOS_MSG_REQUEST, .method = 1,
		.src_class = "C", .dst_class = "S",
	};
	struct timespec a, b;
	long i;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < iters; i++) {
		cmd.endpoint = 1 + (unsigned int)i % (n ? n : 1);
		if (ioctl(fd, KOS_POLICY_EVALUATE, &cmd) || !cmd.verdict)
			return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	return ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / iters;
}

int main(int argc, char **argv)
{
	static const unsigned int sizes[] = { 0, 10, 10000 };
	long iters = argc > 1 ? atol(argv[1]) : 100000;
	double ns[3];
	unsigned int i, round;
	int fd = kos_open();

	if (fd < 0) {
		perror("policy_bench: /dev/kos");
		return 1;
	}
	for (i = 0; i < 3; i++)
		ns[i] = 1e18;
	/* interleave and keep the best of 3 rounds: less noise from the host */
	for (round = 0; round < 3; round++) {
		for (i = 0; i < 3; i++) {
			double v;

			if (load_n(fd, sizes[i])) {
				fprintf(stderr, "policy_bench: load %u rules: %s\n", sizes[i],
					strerror(errno));
				return 1;
			}
			v = run(fd, sizes[i], iters);
			if (v < 0) {
				fprintf(stderr, "policy_bench: evaluate failed\n");
				return 1;
			}
			if (v < ns[i])
				ns[i] = v;
		}
	}
	load_n(fd, 0);
	printf("bench: policy_check_none %.0f ns\n", ns[0]);
	printf("bench: policy_check_10 %.0f ns\n", ns[1]);
	printf("bench: policy_check_10000 %.0f ns\n", ns[2]);
	printf("ratio: policy10000_vs_none %.2f\n", ns[2] / ns[0]);
	printf("ratio: policy10000_vs_policy10 %.2f\n", ns[2] / ns[1]);
	close(fd);
	return 0;
}
