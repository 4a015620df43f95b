// SPDX-License-Identifier: GPL-2.0
/*
 * kos-run: run an unmodified Linux program under a restricted POSIX profile
 * (seccomp filter + supervisor + libkos-posix.so shim).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../lib/posix/oci.h"
#include "../lib/posix/supervisor.h"

static const char usage[] =
"Usage: kos-run [OPTIONS] [--] PROGRAM [ARGS...]\n"
"       kos-run --oci-hook [-p NAME|FILE] < config.json > config.json.new\n"
"Run PROGRAM under a restricted POSIX profile: the calls the profile limits\n"
"behave as documented for the target system (e.g. fork fails with ENOSYS).\n"
"\n"
"Options:\n"
"  -p, --profile NAME|FILE  profile to apply (default: kasperskyos); see\n"
"                           'kos-profile list'\n"
"  -m, --mode MODE          enforce (default): apply the limits;\n"
"                           audit: let every call through, log each limited\n"
"                           call with its arguments and the profile's result;\n"
"                           report: audit, and print at exit a table of the\n"
"                           limited calls with counts and first call site\n"
"  -l, --log FILE           write audit lines and the report to FILE\n"
"                           (default: standard error)\n"
"      --oci-hook           be an OCI precreate hook (Podman's hooks.d): read\n"
"                           a container's config.json on standard input and\n"
"                           write it with linux.seccomp set from the profile\n"
"                           (-p, else the annotation org.kos-linux.profile;\n"
"                           a config naming none passes unchanged).  The\n"
"                           container gets the seccomp rows only: no\n"
"                           supervisor, no shim (see kos-run(1))\n"
"  -h, --help               show this help\n"
"\n"
"Exit status: PROGRAM's; if it is killed by a signal, kos-run dies of the same\n"
"signal.  125: kos-run failed; 126: PROGRAM cannot be executed; 127: PROGRAM\n"
"not found; with --oci-hook, 0 or 125.  While it supervises (audit, report, or a profile with supervisor\n"
"rows) kos-run ends once every process of PROGRAM, orphans included, ended.\n";

static pid_t child = -1;

static void forward(int sig)
{
	if (child > 0)
		kill(child, sig);
}

static void send_fd(int sock, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 }, dummy = 0;
	struct iovec iov = { .iov_base = &dummy, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	if (sendmsg(sock, &msg, 0) < 0)
		_exit(125);
}

static int recv_fd(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))], dummy;
	struct iovec iov = { .iov_base = &dummy, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) <= 0)
		return -1;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/* Preload the shim when the profile has shim rows and the shim exists. */
static void setup_shim(const struct kp_profile *p, const char *profile,
		       enum kp_mode mode, int report_fd)
{
	const char *shim = getenv("KOS_POSIX_SHIM");
	char buf[32], installed[PATH_MAX], *preload;
	const char *old = getenv("LD_PRELOAD");

	/* the shim installed beside us, the build tree's, the build's PREFIX */
	if (!shim && !kp_installed_path(KP_SHIM_FROM_BIN, "", installed,
					sizeof(installed)) &&
	    !access(installed, R_OK))
		shim = installed;
	if (!shim)
		shim = access(KP_SHIM_PATH, R_OK) ? KP_SHIM_INSTALLED : KP_SHIM_PATH;
	for (unsigned int i = 0; i < p->nrow; i++) {
		if (p->row[i].layer != KP_SHIM)
			continue;
		if (access(shim, R_OK)) {
			fprintf(stderr, "kos-run: warning: %s: %s; the profile's shim rows "
				"are not enforced (set KOS_POSIX_SHIM)\n", shim, strerror(errno));
			return;
		}
		if (asprintf(&preload, "%s%s%s", shim, old ? ":" : "",
			     old ? old : "") < 0) {
			perror("kos-run");
			exit(EXIT_FAILURE);
		}
		setenv("LD_PRELOAD", preload, 1);
		free(preload);
		setenv("KOS_POSIX_PROFILE", profile, 1);
		setenv("KOS_POSIX_MODE", mode == KP_AUDIT ? "audit" : "enforce", 1);
		if (report_fd >= 0) {
			snprintf(buf, sizeof(buf), "%d", report_fd);
			setenv("KOS_POSIX_REPORT_FD", buf, 1);
		}
		return;
	}
}

/* In the child: apply the filter, hand the notification fd over, exec. */
static void run_child(const struct kp_profile *p, const char *profile,
		      enum kp_mode mode, int sock, int report_fd, char **argv)
{
	scmp_filter_ctx ctx;
	int e;

	setup_shim(p, profile, mode, report_fd);
	ctx = kp_filter_build(p, mode, stderr);
	if (!ctx)
		_exit(125);
	e = seccomp_load(ctx);
	if (e) {
		fprintf(stderr, "kos-run: cannot load the seccomp filter: %s\n", strerror(-e));
		_exit(125);
	}
	if (kp_filter_needs_notify(p, mode))
		send_fd(sock, seccomp_notify_fd(ctx));
	close(sock);
	kp_reaper_child();
	execvp(argv[0], argv);
	e = errno;
	fprintf(stderr, "kos-run: %s: %s\n", argv[0], strerror(e));
	_exit(e == ENOENT ? 127 : 126);
}

/* Pass the program's status through: same exit code, or die of the same signal. */
static int pass_status(int st)
{
	struct rlimit nocore = { 0, 0 };
	int sig;

	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	sig = WTERMSIG(st);
	setrlimit(RLIMIT_CORE, &nocore);
	signal(sig, SIG_DFL);
	raise(sig);
	return 128 + sig;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "mode", required_argument, NULL, 'm' },
		{ "log", required_argument, NULL, 'l' },
		{ "oci-hook", no_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *profile = NULL, *mode_s = "enforce", *log_path = NULL;
	struct kp_report rep = { 0 };
	struct kp_reaper reaper;
	struct kp_profile p;
	enum kp_mode mode;
	FILE *log = stderr;
	int c, sv[2], rp[2] = { -1, -1 }, fd = -1, st, e;
	bool report, oci_hook = false;

	while ((c = getopt_long(argc, argv, "+p:m:l:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			profile = optarg;
			break;
		case 'm':
			mode_s = optarg;
			break;
		case 'l':
			log_path = optarg;
			break;
		case 'O':
			oci_hook = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fprintf(stderr, "Try 'kos-run --help' for more information.\n");
			return 125;
		}
	}
	if (oci_hook) {
		if (optind < argc || log_path || strcmp(mode_s, "enforce")) {
			fprintf(stderr, "kos-run: --oci-hook takes no program, --mode or --log\n");
			return 125;
		}
		return kp_oci_hook(STDIN_FILENO, stdout, profile, stderr) ? 125 : 0;
	}
	if (!profile)
		profile = "kasperskyos";
	if (log_path) {
		log = fopen(log_path, "we");
		if (!log) {
			fprintf(stderr, "kos-run: %s: %s\n", log_path, strerror(errno));
			return 125;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "kos-run: no program given\nTry 'kos-run --help' for more information.\n");
		return 125;
	}
	report = !strcmp(mode_s, "report");
	if (!strcmp(mode_s, "enforce")) {
		mode = KP_ENFORCE;
	} else if (report || !strcmp(mode_s, "audit")) {
		mode = KP_AUDIT;
	} else {
		fprintf(stderr, "kos-run: unknown mode '%s' (enforce, audit, report)\n", mode_s);
		return 125;
	}
	if (kp_load(profile, &p, stderr))
		return 125;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		perror("kos-run: socketpair");
		return 125;
	}
	/* report mode: the shim reports its calls through a pipe */
	if (report && pipe2(rp, 0)) {
		perror("kos-run: pipe");
		return 125;
	}
	if (rp[0] >= 0)
		fcntl(rp[0], F_SETFD, FD_CLOEXEC);
	e = kp_reaper_init(&reaper);
	if (e) {
		fprintf(stderr, "kos-run: cannot watch the program's processes: %s\n",
			strerror(-e));
		return 125;
	}
	child = fork();
	if (child < 0) {
		perror("kos-run: fork");
		return 125;
	}
	if (!child) {
		close(sv[0]);
		run_child(&p, profile, mode, sv[1], rp[1], argv + optind);
	}
	reaper.main = child;
	close(sv[1]);
	if (rp[1] >= 0)
		close(rp[1]);
	signal(SIGINT, forward);
	signal(SIGTERM, forward);
	signal(SIGHUP, forward);
	signal(SIGQUIT, forward);
	if (kp_filter_needs_notify(&p, mode))
		fd = recv_fd(sv[0]);
	close(sv[0]);
	if (fd >= 0) {
		kp_supervise(fd, &p, mode, report ? &rep : NULL, rp[0], &reaper, log);
		close(fd);
	}
	st = kp_reaper_wait(&reaper);
	kp_reaper_close(&reaper);
	if (st < 0) {
		fprintf(stderr, "kos-run: waitpid: %s\n", strerror(-st));
		return 125;
	}
	if (report)
		kp_report_print(&rep, log);
	kp_free(&p);
	return pass_status(st);
}
