/* SPDX-License-Identifier: GPL-2.0 */
/* Raw-ioctl helpers for handle and notice selftests: 0 or -errno. */
#ifndef _KOS_HANDLE_UTIL_H
#define _KOS_HANDLE_UTIL_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/kos.h>

#define R_XFER 1U	/* OCAP_HANDLE_TRANSFER */
#define R_SET 2U	/* OCAP_HANDLE_SET_EVENT */
#define R_GET 4U	/* OCAP_HANDLE_GET_EVENT */
#define R_ALL 0xffffffffU

static inline int kio(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

static inline int h_create(int fd, __u32 rights, int *out)
{
	struct kos_handle_create c = { .size = sizeof(c),
		.type = KOS_HTYPE_USER_FIRST, .rights = rights };
	int ret = kio(fd, KOS_HANDLE_CREATE, &c);

	*out = c.handle;
	return ret;
}

static inline int h_xfer(int fd, int h, int dst_fd, __u32 rights, int badge,
			 int *out)
{
	struct kos_handle_transfer t = { .size = sizeof(t), .dst_fd = dst_fd,
		.handle = h, .rights = rights, .badge = badge };
	int ret = kio(fd, KOS_HANDLE_TRANSFER, &t);

	*out = t.out_handle;
	return ret;
}

static inline int h_close(int fd, int h)
{
	struct kos_handle_op op = { .size = sizeof(op), .handle = h };

	return kio(fd, KOS_HANDLE_CLOSE, &op);
}

static inline int h_revoke(int fd, int h)
{
	struct kos_handle_op op = { .size = sizeof(op), .handle = h };

	return kio(fd, KOS_HANDLE_REVOKE, &op);
}

static inline int h_revoke_subtree(int fd, int h, int badge)
{
	struct kos_handle_op op = { .size = sizeof(op),
		.flags = KOS_REVOKE_SUBTREE, .handle = h, .badge = badge };

	return kio(fd, KOS_HANDLE_REVOKE, &op);
}

static inline int n_create(int fd, int *out)
{
	struct kos_notice_create c = { .size = sizeof(c) };
	int ret = kio(fd, KOS_NOTICE_CREATE, &c);

	*out = c.handle;
	return ret;
}

static inline int h_badge(int fd, int notice, __u64 id, int *out)
{
	struct kos_handle_badge b = { .size = sizeof(b), .notice = notice,
		.event_id = id };
	int ret = kio(fd, KOS_HANDLE_CREATE_BADGE, &b);

	*out = b.handle;
	return ret;
}

static inline int n_sub(int fd, int notice, int obj, __u32 mask, __u64 id)
{
	struct kos_notice_subscribe s = { .size = sizeof(s), .notice = notice,
		.object = obj, .event_mask = mask, .event_id = id };

	return kio(fd, KOS_NOTICE_SUBSCRIBE, &s);
}

static inline int n_set(int fd, int obj, __u32 mask)
{
	struct kos_notice_set s = { .size = sizeof(s), .object = obj,
		.event_mask = mask };

	return kio(fd, KOS_NOTICE_SET_EVENT, &s);
}

/* Take up to @max events; returns count, or -errno. */
static inline int n_get(int fd, int notice, __u64 ms, struct kos_event *ev,
			__u32 max)
{
	struct kos_notice_get g = { .size = sizeof(g), .notice = notice,
		.count_max = max, .timeout_ms = ms, .events = (uintptr_t)ev };
	int ret = kio(fd, KOS_NOTICE_GET_EVENT, &g);

	return ret ? ret : (int)g.count;
}

/*
 * Parent (context number, handle) and revoked flag of handle @h of @pid
 * from debugfs kos/handles.  Tests keep handle values unique across their
 * contexts (see h_pad()) so (pid, handle) names one handle.
 */
static inline int h_debug(pid_t pid, int h, int *ppid, int *parent,
			  int *revoked)
{
	FILE *f = fopen("/sys/kernel/debug/kos/handles", "r");
	int p, id, par, badge, rev, found = -ENOENT;
	unsigned long long ctx, pp;
	unsigned int type, rights;
	char line[256];

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%d %llu %d %x %x %llu %d %d %d", &p, &ctx, &id,
			   &type, &rights, &pp, &par, &badge, &rev) == 9 &&
		    p == pid && id == h) {
			*ppid = (int)pp;
			*parent = par;
			*revoked = rev;
			found = 0;
		}
	fclose(f);
	return found;
}

/* Burn @n handle values of @fd so its ids differ from another context's. */
static inline int h_pad(int fd, int n)
{
	int i, h, ret = 0;

	for (i = 0; i < n && !ret; i++)
		ret = h_create(fd, 0, &h);
	return ret;
}

#endif /* _KOS_HANDLE_UTIL_H */
