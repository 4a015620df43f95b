// SPDX-License-Identifier: GPL-2.0
/*
 * Conformance probe: `probe ROW` makes the call of one profile row and
 * prints the outcome.  Built dynamic and static; conformance_test runs it
 * with and without kos-run.  Probes return 0 (OK), an errno, or a PR_* word.
 */
#include <aio.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wordexp.h>
#include <linux/io_uring.h>

#include "probe_cases.h"

#define PR_EMPTY (-1)
#define PR_UPTIME (-2)

/*
 * Failure is -1 with errno; calls glibc treats as infallible (getppid,
 * getpgrp, times) return the kernel's -errno unchanged.
 */
static int err(long ret)
{
	return ret == -1 ? errno : ret < 0 && ret > -4096 ? (int)-ret : 0;
}

static void on_alarm(int sig)
{
	(void)sig;
}

static int block_usr1_pending(void)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &s, NULL, 8);
	return raise(SIGUSR1);
}

static int p_fork(void)
{
	pid_t p = fork();

	if (!p)
		_exit(0);
	if (p > 0)
		waitpid(p, NULL, 0);
	return err(p);
}

static int p_pthread_atfork(void) { return pthread_atfork(NULL, NULL, NULL); }
static int p_wait(void) { return err(wait(NULL)); }
static int p_waitid(void) { siginfo_t si; return err(waitid(P_ALL, 0, &si, WEXITED)); }
static int p_waitpid(void) { return err(waitpid(-1, NULL, 0)); }

/* exec probes: on success the new program (echo) prints OK. */
static char *const echo_argv[] = { "echo", "OK", NULL };
static int p_execl(void) { return err(execl("/bin/echo", "echo", "OK", NULL)); }
static int p_execle(void) { return err(execle("/bin/echo", "echo", "OK", NULL, environ)); }
static int p_execlp(void) { return err(execlp("echo", "echo", "OK", NULL)); }
static int p_execv(void) { return err(execv("/bin/echo", echo_argv)); }
static int p_execve(void) { return err(execve("/bin/echo", echo_argv, environ)); }
static int p_execvp(void) { return err(execvp("echo", echo_argv)); }
static int p_fexecve(void)
{
	int fd = open("/bin/echo", O_RDONLY);

	return err(fexecve(fd, echo_argv, environ));
}

static int p_setpgid(void) { return err(setpgid(0, 0)); }
static int p_setsid(void) { return err(setsid()); }
static int p_getpgrp(void) { return err(getpgrp()); }
static int p_getpgid(void) { return err(getpgid(0)); }
static int p_getppid(void) { return err(getppid()); }
static int p_getsid(void) { return err(getsid(0)); }
static int p_times(void) { struct tms t; return err((long)times(&t)); }
static int p_kill(void) { signal(SIGUSR1, SIG_IGN); return err(kill(getpid(), SIGUSR1)); }
static int p_pause(void) { signal(SIGALRM, on_alarm); alarm(1); return err(pause()); }
static int p_sigpending(void) { sigset_t s; return err(sigpending(&s)); }
static int p_sigprocmask(void) { sigset_t s; return err(sigprocmask(SIG_BLOCK, NULL, &s)); }
static int p_sigsuspend(void)
{
	sigset_t s;

	sigemptyset(&s);
	signal(SIGALRM, on_alarm);
	alarm(1);
	return err(sigsuspend(&s));
}

static int p_sigwait(void)
{
	sigset_t s;
	int sig;

	block_usr1_pending();
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	return sigwait(&s, &sig);
}

static int p_sigqueue(void) { union sigval v = { 0 }; return err(sigqueue(getpid(), 0, v)); }
static int p_sigtimedwait(void)
{
	struct timespec ts = { 0, 0 };
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	return err(sigtimedwait(&s, NULL, &ts));
}

static int p_sigwaitinfo(void)
{
	sigset_t s;

	block_usr1_pending();
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	return err(sigwaitinfo(&s, NULL));
}

static int p_sem_init(void) { sem_t s; return err(sem_init(&s, 1, 0)); }

/* A semaphore file made behind sem_open's back, i.e. by "another process". */
static int p_sem_open(void)
{
	char name[64], path[96], zero[64] = { 0 };
	sem_t *s;
	int fd;

	snprintf(name, sizeof(name), "/kosprobe-%d", getpid());
	snprintf(path, sizeof(path), "/dev/shm/sem.%s", name + 1);
	fd = open(path, O_CREAT | O_RDWR, 0600);
	if (fd < 0 || write(fd, zero, sizeof(zero)) != sizeof(zero))
		return errno;
	close(fd);
	s = sem_open(name, 0);
	fd = s == SEM_FAILED ? errno : 0;
	unlink(path);
	return fd;
}

/* pthread_<obj>attr_setpshared(PTHREAD_PROCESS_SHARED) on a fresh attribute */
#define PSHARED_PROBE(obj)						\
static int p_pthread_##obj##attr_setpshared(void)			\
{									\
	pthread_##obj##attr_t a;					\
									\
	pthread_##obj##attr_init(&a);					\
	return pthread_##obj##attr_setpshared(&a, PTHREAD_PROCESS_SHARED); \
}
PSHARED_PROBE(mutex)
PSHARED_PROBE(barrier)
PSHARED_PROBE(cond)
PSHARED_PROBE(rwlock)

static int p_pthread_spin_init(void)
{
	pthread_spinlock_t l;

	return pthread_spin_init(&l, PTHREAD_PROCESS_SHARED);
}

static int p_shm_open(void)
{
	char name[64];
	int fd;

	snprintf(name, sizeof(name), "/kosprobe-shm-%d", getpid());
	fd = shm_open(name, O_CREAT | O_RDWR, 0600);
	if (fd < 0)
		return errno;
	shm_unlink(name);
	return 0;
}

static int map(int prot, int flags)
{
	return mmap(NULL, 4096, prot, flags | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? errno : 0;
}

static int p_mmap(void) { return map(PROT_READ | PROT_WRITE, MAP_SHARED); }
static int p_mmap_wx(void) { return map(PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE); }
static int p_mprotect(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return err(mprotect(p, 4096, PROT_READ | PROT_WRITE | PROT_EXEC));
}

static int p_pipe(void) { int fd[2]; return err(pipe(fd)); }
static int fifo(int at)
{
	char path[64];
	int r;

	snprintf(path, sizeof(path), "/tmp/kosprobe-fifo-%d", getpid());
	r = at ? mkfifoat(AT_FDCWD, path, 0600) : mkfifo(path, 0600);
	r = err(r);
	unlink(path);
	return r;
}

static int p_mkfifo(void) { return fifo(0); }
static int p_mkfifoat(void) { return fifo(1); }
static int p_pthread_kill(void) { signal(SIGUSR1, SIG_IGN); return pthread_kill(pthread_self(), SIGUSR1); }
static int p_pthread_sigmask(void) { sigset_t s; return pthread_sigmask(SIG_BLOCK, NULL, &s); }

static sigjmp_buf jb;
static int p_siglongjmp(void)
{
	if (sigsetjmp(jb, 1))
		return 0;
	siglongjmp(jb, 1);
}

static int p_sigsetjmp(void) { return sigsetjmp(jb, 1) ? EINVAL : 0; }

static int vd(const char *fmt, ...)
{
	va_list ap;
	int fd = open("/dev/null", O_WRONLY), r;

	va_start(ap, fmt);
	r = vdprintf(fd, fmt, ap);
	va_end(ap);
	return err(r);
}

static int p_dprintf(void) { return err(dprintf(open("/dev/null", O_WRONLY), "x")); }
static int p_vdprintf(void) { return vd("x"); }
static int p_fmemopen(void) { static char b[8]; return fmemopen(b, 8, "w") ? 0 : errno; }
static int p_open_memstream(void) { char *p; size_t n; return open_memstream(&p, &n) ? 0 : errno; }

static struct aiocb cb;
static char abuf[16];

static int aio_setup(int write)
{
	cb.aio_fildes = open(write ? "/dev/null" : "/etc/hostname", write ? O_WRONLY : O_RDONLY);
	cb.aio_buf = abuf;
	cb.aio_nbytes = sizeof(abuf);
	cb.aio_lio_opcode = write ? LIO_WRITE : LIO_READ;
	return cb.aio_fildes < 0 ? errno : 0;
}

static int p_aio_cancel(void) { aio_setup(0); return err(aio_cancel(cb.aio_fildes, NULL)); }
static int p_aio_error(void) { aio_setup(0); return err(aio_error(&cb)); }
static int p_aio_return(void) { aio_setup(0); return err(aio_return(&cb)); }
static int p_aio_fsync(void) { aio_setup(1); return err(aio_fsync(O_SYNC, &cb)); }
static int p_aio_read(void) { aio_setup(0); return err(aio_read(&cb)); }
static int p_aio_write(void) { aio_setup(1); return err(aio_write(&cb)); }
static int p_aio_suspend(void)
{
	const struct aiocb *l[1] = { NULL };
	struct timespec ts = { 0, 1000 };

	/* no request in the list: returns at once on Linux */
	return err(aio_suspend(l, 0, &ts));
}

static int p_lio_listio(void)
{
	struct aiocb *l[1] = { &cb };

	aio_setup(0);
	return err(lio_listio(LIO_WAIT, l, 1, NULL));
}

static int p_pthread_mutex_consistent(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

	return pthread_mutex_consistent(&m);
}

static int p_pthread_mutexattr_getrobust(void)
{
	pthread_mutexattr_t a;
	int v;

	pthread_mutexattr_init(&a);
	return pthread_mutexattr_getrobust(&a, &v);
}

static int p_pthread_mutexattr_setrobust(void)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	return pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
}

static int p_ctermid(void) { return *ctermid(NULL) ? 0 : PR_EMPTY; }
static int devnull(void) { return open("/dev/null", O_RDWR); }
static int p_tcsetattr(void) { struct termios t = { 0 }; return err(tcsetattr(devnull(), TCSANOW, &t)); }
static int p_tcdrain(void) { return err(tcdrain(devnull())); }
static int p_tcflow(void) { return err(tcflow(devnull(), TCOOFF)); }
static int p_tcflush(void) { return err(tcflush(devnull(), TCIFLUSH)); }
static int p_tcsendbreak(void) { return err(tcsendbreak(devnull(), 0)); }
static int p_ttyname(void) { return ttyname(devnull()) ? 0 : errno; }
static int p_ttyname_r(void) { char b[64]; return ttyname_r(devnull(), b, sizeof(b)); }
static int p_tcgetpgrp(void) { return err(tcgetpgrp(devnull())); }
static int p_tcsetpgrp(void) { return err(tcsetpgrp(devnull(), getpid())); }
static int p_tcgetsid(void) { return err(tcgetsid(devnull())); }
static int p_popen(void)
{
	FILE *f = popen("true", "r");

	if (!f)
		return errno;
	pclose(f);
	return 0;
}

static int p_pclose(void)
{
	FILE *f = popen("true", "r");

	if (!f)
		f = fopen("/dev/null", "r");	/* popen refused: pclose must be too */
	return err(pclose(f));
}

static int p_system(void) { return err(system("true")); }
static int p_wordexp(void)
{
	wordexp_t w;

	if (wordexp("a b", &w, 0))
		return errno;
	wordfree(&w);
	return 0;
}

static int p_wordfree(void)
{
	wordexp_t w = { 0 };

	wordexp("a b", &w, 0);
	wordfree(&w);
	return 0;
}

static int p_dup(void) { return err(dup(1)); }
static int p_dup2(void) { close(100); return err(dup2(1, 100)); }
static int p_clock_gettime(void) { struct timespec t; return err(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)); }

/* clock() under the profile: milliseconds since boot, not CPU time. */
static int p_clock(void)
{
	struct timespec ts;
	long long c = clock(), up;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	up = ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
	return c > up - 2000 && c <= up ? PR_UPTIME : 0;
}

static int p_confstr(void) { char b[256]; return confstr(_CS_PATH, b, sizeof(b)) ? 0 : errno; }
static int p_io_uring_setup(void)
{
	struct io_uring_params p = { 0 };
	long fd = syscall(__NR_io_uring_setup, 1, &p);

	return fd < 0 && (errno == EPERM) ? 0 : err(fd);	/* EPERM: disabled by sysctl */
}

#define ENTRY(name, lin, eff) { #name, p_##name },
static const struct { const char *name; int (*fn)(void); } probes[] = {
	PROBE_CASES(ENTRY)
};

int main(int argc, char **argv)
{
	int r;

	if (argc >= 3 && !strcmp(argv[1], "sys")) {
		long nr = strtol(argv[2], NULL, 0);
		long a = argc > 3 ? -1 : 0;

		/*
		 * A bare system call (syscall-level profiles): all arguments 0,
		 * or -1 with "bad", which makes Linux fail where a stub succeeds.
		 */
		r = err(syscall(nr, a, a, a, a, a, a));
		printf("%s\n", r ? strerrorname_np(r) : "OK");
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "i386")) {
		long ret;

		/* getpid through the i386 ABI; the profile filter kills it */
		__asm__ volatile ("int $0x80" : "=a"(ret) : "a"(20L) : "memory");
		printf("%s\n", ret > 0 ? "OK" : strerrorname_np(-ret));
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "x32")) {
		r = err(syscall(0x40000000L | SYS_getpid));	/* getpid through x32 */
		printf("%s\n", r ? strerrorname_np(r) : "OK");
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: probe ROW | probe sys NR [bad] | probe i386|x32\n");
		return 2;
	}
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		if (strcmp(probes[i].name, argv[1]))
			continue;
		fflush(stdout);
		r = probes[i].fn();
		if (r == PR_EMPTY)
			printf("EMPTY\n");
		else if (r == PR_UPTIME)
			printf("UPTIME\n");
		else
			printf("%s\n", r ? strerrorname_np(r) : "OK");
		return 0;
	}
	fprintf(stderr, "probe: no probe for %s\n", argv[1]);
	return 2;
}
