// SPDX-License-Identifier: GPL-2.0
/*
 * Baseline round trips of a 64-byte message between two processes: pipe
 * pair, unix socket pair, futex on shared memory, and Android binder (the
 * binder_linux module, loaded here if present).  The kos IPC benchmark
 * reports its ratios against these, measured in the same VM run.
 */
#include <stdio.h>
#include <stdlib.h>

#include "pingpong.h"

int main(int argc, char **argv)
{
	const struct pingpong_transport *all[] = {
		&pingpong_pipe, &pingpong_unix, &pingpong_futex, &pingpong_binder,
	};
	long iters = argc > 1 ? atol(argv[1]) : 20000;
	unsigned int i;
	int rc = 0;

	if (access("/dev/binder", F_OK))
		(void)!system("insmod /lib/kos/binder_linux.ko devices=binder 2>/dev/null");
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		double ns = pingpong_run(all[i], iters);

		if (ns < 0) {
			printf("# %s: unavailable (%s)\n", all[i]->name, strerror((int)-ns));
			if (all[i] != &pingpong_binder)
				rc = 1;
			continue;
		}
		printf("bench: pingpong_%s_rtt %.0f ns\n", all[i]->name, ns);
	}
	return rc;
}
