/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-side helpers of the policy tests and benchmark: load and unload
 * compiled policies, set the module parameters, run kos-audit.
 */
#ifndef _KOS_POLICY_LOAD_H
#define _KOS_POLICY_LOAD_H

#include <errno.h>
#include <sys/ioctl.h>
#include <time.h>
#include <linux/kos.h>

#include "policy_util.h"

#define DEFAULT_PARAM "/sys/module/kos/parameters/default_policy"
#define RATE_PARAM "/sys/module/kos/parameters/audit_rate"

/* Why the policy tests cannot run with context @fd, or NULL. */
static inline const char *policy_unusable(int fd)
{
	struct kos_version v = { .size = sizeof(v) };

	if (ioctl(fd, KOS_VERSION, &v) || !(v.features & KOS_FEAT_POLICY))
		return "no KOS_FEAT_POLICY";
	if (geteuid())
		return "needs root";
	return NULL;
}

static inline int policy_load(int fd, const void *blob, size_t len)
{
	struct kos_policy_load cmd = {
		.size = sizeof(cmd), .blob = (uintptr_t)blob, .blob_len = len,
	};

	return ioctl(fd, KOS_POLICY_LOAD, &cmd) ? -errno : 0;
}

static inline int policy_unload(int fd)
{
	struct kos_policy_load cmd = { .size = sizeof(cmd), .flags = KOS_POLICY_LOAD_CLEAR };

	return ioctl(fd, KOS_POLICY_LOAD, &cmd) ? -errno : 0;
}

/* Compile PSL @text and load it: 0, -errno, or -EILSEQ on a PSL error. */
static inline int policy_load_text(int fd, const char *text)
{
	size_t len;
	void *blob = policy_compile_text(text, &len);
	int ret;

	if (!blob)
		return -EILSEQ;
	ret = policy_load(fd, blob, len);
	free(blob);
	return ret;
}

static inline int write_param(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");
	int ret;

	if (!f)
		return -1;
	ret = fputs(val, f) < 0;
	return fclose(f) || ret ? -1 : 0;
}

/* Run kos-audit ARGS with stdout to a pipe; returns the read end. */
static inline int spawn_audit(pid_t *pid, char *const argv[])
{
	int p[2];

	if (pipe(p))
		return -1;
	*pid = fork();
	if (*pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	return p[0];
}

static inline long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#endif /* _KOS_POLICY_LOAD_H */
