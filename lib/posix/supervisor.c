// SPDX-License-Identifier: GPL-2.0
/*
 * Supervisor loop.  Runs in kos-run's parent process until the program and
 * all its threads are gone (the notification fd then reports POLLHUP).  It
 * reaps the program's processes meanwhile: before Linux 6.11 a filter is
 * released only when its task's zombie is reaped, so without that the
 * POLLHUP never comes (see reaper.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "supervisor.h"

/* exec is allowed only while the process still is kos-run (its own start). */
static bool is_kos_run(pid_t pid)
{
	char path[64], a[PATH_MAX], b[PATH_MAX];
	ssize_t la, lb;

	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	la = readlink(path, a, sizeof(a) - 1);
	lb = readlink("/proc/self/exe", b, sizeof(b) - 1);
	return la > 0 && la == lb && !memcmp(a, b, la);
}

static bool fd_open_in(pid_t pid, uint64_t fd)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/fd/%llu", pid, (unsigned long long)fd);
	return fd <= INT_MAX && lstat(path, &st) == 0;
}

/* "object+0xoffset" of an address in the target, from /proc/PID/maps. */
static void call_site(pid_t pid, uint64_t ip, char *buf, size_t len)
{
	char path[64], line[512];
	FILE *f;

	snprintf(buf, len, "0x%llx", (unsigned long long)ip);
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long lo, hi, off;
		char obj[256] = "";

		if (sscanf(line, "%llx-%llx %*s %llx %*s %*s %255s", &lo, &hi, &off, obj) < 3)
			continue;
		if (ip >= lo && ip < hi) {
			const char *b = strrchr(obj, '/');

			snprintf(buf, len, "%s+0x%llx", b ? b + 1 : (*obj ? obj : "anon"),
				 ip - lo + off);
			break;
		}
	}
	fclose(f);
}

static void record(struct kp_report *rep, const struct kp_row *row,
		   const char *sc, pid_t pid, uint64_t ip, const char *site)
{
	unsigned int i;

	for (i = 0; i < rep->n; i++)
		if (rep->e[i].row == row && !strcmp(rep->e[i].syscall, sc))
			break;
	if (i == rep->n) {
		if (rep->n == sizeof(rep->e) / sizeof(rep->e[0]))
			return;
		rep->n++;
		rep->e[i].row = row;
		snprintf(rep->e[i].syscall, sizeof(rep->e[i].syscall), "%s", sc);
		if (site)
			snprintf(rep->e[i].site, sizeof(rep->e[i].site), "%s", site);
		else
			call_site(pid, ip, rep->e[i].site, sizeof(rep->e[i].site));
	}
	rep->e[i].count++;
}

void kp_report_print(const struct kp_report *rep, FILE *out)
{
	fprintf(out, "%-28s %-16s %8s  %-22s %s\n", "INTERFACE", "SYSCALL",
		"COUNT", "PROFILE RESULT", "FIRST CALL SITE");
	for (unsigned int i = 0; i < rep->n; i++) {
		char res[48];

		fprintf(out, "%-28s %-16s %8lu  %-22s %s\n", rep->e[i].row->iface,
			rep->e[i].syscall, rep->e[i].count,
			kp_result_text(rep->e[i].row, res, sizeof(res)), rep->e[i].site);
	}
}

/* The enforce-mode verdict: 0 = let it through, >0 = fail with errno, <0 = stop. */
static int verdict(const struct kp_row *row, const struct seccomp_notif *n,
		   const char *sc)
{
	if (!row)
		return 0;
	if (row->result == KP_TRAP)
		return -1;
	if (!strcmp(sc, "execve") || !strcmp(sc, "execveat"))
		return is_kos_run(n->pid) ? 0 : row->err;
	if (!strcmp(sc, "dup2") || !strcmp(sc, "dup3"))
		return fd_open_in(n->pid, n->data.args[1]) ? 0 : row->err;
	return row->result == KP_ERRNO ? row->err : 0;
}

/* Decide one notification; audit mode logs what enforce would do and allows. */
static int decide(const struct kp_profile *p, const struct kp_row *row,
		  const struct seccomp_notif *n, enum kp_mode mode, FILE *log,
		  const char *sc)
{
	int d = verdict(row, n, sc);
	char res[48];

	if (mode == KP_AUDIT) {
		if (d)
			fprintf(log, "kos-run: audit: %s: %s(%#llx, %#llx, %#llx) would be: %s\n",
				row->iface, sc, (unsigned long long)n->data.args[0],
				(unsigned long long)n->data.args[1],
				(unsigned long long)n->data.args[2],
				kp_result_text(row, res, sizeof(res)));
		return d ? 1 : 0;
	}
	if (d < 0)
		fprintf(log, "kos-run: %s: %s is unsupported by profile %s; stopping the program\n",
			row->iface, sc, p->name);
	return d;
}

/* Records "IFACE FUNCTION SITE" lines the shim wrote in report mode. */
static ssize_t shim_records(int fd, const struct kp_profile *p, struct kp_report *rep)
{
	static char buf[4096];
	static size_t len;
	char *nl, *line = buf;
	ssize_t n = read(fd, buf + len, sizeof(buf) - 1 - len);

	if (n <= 0)
		return n;
	len += n;
	buf[len] = 0;
	while ((nl = strchr(line, '\n'))) {
		char iface[40], fn[32], site[160];

		*nl = 0;
		if (sscanf(line, "%39s %31s %159s", iface, fn, site) == 3)
			for (unsigned int i = 0; i < p->nrow; i++)
				if (!strcmp(p->row[i].iface, iface))
					record(rep, &p->row[i], fn, 0, 0, site);
		line = nl + 1;
	}
	len -= line - buf;
	memmove(buf, line, len);
	return n;
}

int kp_supervise(int fd, const struct kp_profile *p, enum kp_mode mode,
		 struct kp_report *rep, int shim_fd, struct kp_reaper *reaper,
		 FILE *log)
{
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	int ret = 0;

	if (seccomp_notify_alloc(&req, &resp))
		return -ENOMEM;
	for (;;) {
		struct pollfd pfd[3] = {
			{ .fd = fd, .events = POLLIN },
			{ .fd = shim_fd, .events = POLLIN },
			{ .fd = reaper->fd, .events = POLLIN },
		};
		const struct kp_row *row;
		char *name;
		int d;

		if (poll(pfd, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		if (pfd[1].revents & POLLIN)
			shim_records(shim_fd, p, rep);
		if (pfd[2].revents & POLLIN)
			kp_reaper_reap(reaper);
		if (!(pfd[0].revents & POLLIN)) {
			if (pfd[0].revents)
				break;	/* POLLHUP: the program is gone */
			continue;
		}
		memset(req, 0, sizeof(*req));
		if (seccomp_notify_receive(fd, req))
			continue;	/* the caller died meanwhile */
		row = kp_find_syscall(p, req->data.nr, (const uint64_t *)req->data.args);
		name = seccomp_syscall_resolve_num_arch(req->data.arch, req->data.nr);
		d = decide(p, row, req, mode, log, name ? name : "?");
		if (mode == KP_AUDIT) {
			if (rep && d)
				record(rep, row, name ? name : "?", req->pid,
				       req->data.instruction_pointer, NULL);
			d = 0;
		}
		free(name);
		memset(resp, 0, sizeof(*resp));
		resp->id = req->id;
		if (d < 0) {
			kill(req->pid, SIGKILL);
			resp->error = -ENOSYS;
		} else if (d > 0) {
			resp->error = -d;
		} else {
			resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		}
		seccomp_notify_respond(fd, resp);
	}
	seccomp_notify_free(req, resp);
	/* what the shim wrote before the program ended */
	while (shim_fd >= 0 && shim_records(shim_fd, p, rep) > 0)
		;
	return ret;
}
