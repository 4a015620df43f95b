// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: cost of the kasperskyos filter on unlimited calls (getpid,
 * read/write on a pipe) under kos-run vs without, and kos-run start-up.
 * The program re-runs itself under kos-run with "--loop KIND".
 */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LOOPS 500000

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ns per iteration of KIND in this process */
static double loop(const char *kind)
{
	int fd[2];
	char c = 0;
	double t;

	if (pipe(fd))
		return -1;
	t = now();
	for (int i = 0; i < LOOPS; i++) {
		if (kind[0] == 'g') {
			syscall(SYS_getpid);
		} else if (write(fd[1], &c, 1) != 1 || read(fd[0], &c, 1) != 1) {
			return -1;
		}
	}
	return (now() - t) * 1e9 / LOOPS;
}

/* Run argv, return its stdout as a number, and the wall time in *ms. */
static double spawn(char *const argv[], double *ms)
{
	char buf[64] = "";
	int pfd[2], st;
	double t = now();
	pid_t pid;
	ssize_t n;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (!pid) {
		dup2(pfd[1], 1);
		execv(argv[0], argv);
		_exit(127);
	}
	close(pfd[1]);
	n = read(pfd[0], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	close(pfd[0]);
	waitpid(pid, &st, 0);
	if (ms)
		*ms = (now() - t) * 1e3;
	return atof(buf);
}

static double best(char *const argv[])
{
	double b = 1e18;

	for (int i = 0; i < 5; i++) {
		double v = spawn(argv, NULL);

		if (v > 0 && v < b)
			b = v;
	}
	return b;
}

int main(int argc, char **argv)
{
	static const char *const kinds[] = { "getpid", "rw" };
	char self[PATH_MAX], kos_run[PATH_MAX + 32], dir[PATH_MAX];
	ssize_t n;

	if (argc == 3 && !strcmp(argv[1], "--loop")) {
		printf("%f\n", loop(argv[2]));
		return 0;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return 1;
	self[n] = 0;
	snprintf(dir, sizeof(dir), "%s", self);
	snprintf(kos_run, sizeof(kos_run), "%s/../../tools/kos-run", dirname(dir));
	for (int k = 0; k < 2; k++) {
		char *plain[] = { self, "--loop", (char *)kinds[k], NULL };
		char *prof[] = { kos_run, "--", self, "--loop", (char *)kinds[k], NULL };
		double a = best(plain), b = best(prof);

		printf("bench: %s_none %.1f ns\n", kinds[k], a);
		printf("bench: %s_profile %.1f ns\n", kinds[k], b);
		printf("ratio: %s_profile_vs_none %.3f\n", kinds[k], b / a);
	}
	{
		char *t[] = { kos_run, "--", "/bin/true", NULL };
		double ms, min = 1e9;

		for (int i = 0; i < 10; i++) {
			spawn(t, &ms);
			if (ms < min)
				min = ms;
		}
		printf("bench: kos_run_startup %.2f ms\n", min);
	}
	return 0;
}
