// SPDX-License-Identifier: GPL-2.0
/*
 * libkos-posix.so: the libc-level layer of a restricted POSIX profile, for
 * rows that never reach a system call.  kos-run preloads it and names the
 * profile in $KOS_POSIX_PROFILE; only functions that have a "shim" row in
 * that profile are limited, all others pass through to libc.  In audit mode
 * ($KOS_POSIX_MODE=audit) each limited call is logged and passed through.
 */
#include <aio.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <wordexp.h>

#include "profile.h"

#define EXPORT __attribute__((visibility("default")))

static struct kp_profile prof;
static bool audit;
static int report_fd = -1;

__attribute__((constructor)) static void shim_init(void)
{
	const char *name = getenv("KOS_POSIX_PROFILE");
	const char *mode = getenv("KOS_POSIX_MODE");

	if (!name || kp_load(name, &prof, stderr))
		return;
	audit = mode && !strcmp(mode, "audit");
	if (audit && getenv("KOS_POSIX_REPORT_FD"))
		report_fd = atoi(getenv("KOS_POSIX_REPORT_FD"));
}

/* Report mode: tell kos-run "IFACE FUNCTION object+offset" of the caller. */
static void report(const struct kp_row *r, const char *fn, const void *caller)
{
	const char *obj = "?";
	char line[256];
	Dl_info di;
	int n;

	if (report_fd < 0)
		return;
	if (dladdr(caller, &di) && di.dli_fname) {
		obj = strrchr(di.dli_fname, '/');
		obj = obj ? obj + 1 : di.dli_fname;
	} else {
		di.dli_fbase = NULL;
	}
	n = snprintf(line, sizeof(line), "%s %s %s+0x%lx\n", r->iface, fn, *obj ? obj : "?",
		     (unsigned long)((const char *)caller - (const char *)di.dli_fbase));
	if (n > 0 && write(report_fd, line, n) < 0)
		report_fd = -1;
}

/*
 * The shim row limiting FN, or NULL if FN passes through (no row, or audit
 * mode, which logs the call first).
 */
#define limited(fn) limited_at(fn, __builtin_return_address(0))
static const struct kp_row *limited_at(const char *fn, const void *caller)
{
	for (unsigned int i = 0; i < prof.nrow; i++) {
		const struct kp_row *r = &prof.row[i];
		char res[48];

		if (r->layer != KP_SHIM || strcmp(r->rule[0].name, fn))
			continue;
		if (!audit)
			return r;
		fprintf(stderr, "kos-run: audit: %s: %s() would be: %s\n", r->iface, fn,
			kp_result_text(r, res, sizeof(res)));
		report(r, fn, caller);
		return NULL;
	}
	return NULL;
}

/* "Not implemented" with no error return: stop, naming the call. */
static void __attribute__((noreturn)) stop(const struct kp_row *r)
{
	fprintf(stderr, "kos-run: %s is not implemented in profile %s; stopping the program\n",
		r->iface, prof.name);
	signal(SIGSYS, SIG_DFL);
	raise(SIGSYS);
	_exit(128 + SIGSYS);
}

#define REAL(fn) ((__typeof__(&fn))dlsym(RTLD_NEXT, #fn))

/* -1 with the row's errno. */
static int fail(const struct kp_row *r)
{
	errno = r->err;
	return -1;
}

EXPORT int sem_init(sem_t *sem, int pshared, unsigned int value)
{
	const struct kp_row *r = pshared ? limited("sem_init") : NULL;

	return r ? fail(r) : REAL(sem_init)(sem, pshared, value);
}

/* Names of the semaphores this process created: the only ones it may open. */
static char *sem_names[64];
static unsigned int sem_count;
static pthread_mutex_t sem_lock = PTHREAD_MUTEX_INITIALIZER;

static bool sem_local(const char *name, bool create)
{
	bool found = false;

	pthread_mutex_lock(&sem_lock);
	for (unsigned int i = 0; i < sem_count && !found; i++)
		found = !strcmp(sem_names[i], name);
	if (!found && create && sem_count < 64)
		sem_names[sem_count++] = strdup(name);
	pthread_mutex_unlock(&sem_lock);
	return found;
}

EXPORT sem_t *sem_open(const char *name, int oflag, ...)
{
	mode_t mode = 0;
	unsigned int value = 0;
	const struct kp_row *r;
	va_list ap;

	if (oflag & O_CREAT) {
		va_start(ap, oflag);
		mode = va_arg(ap, mode_t);
		value = va_arg(ap, unsigned int);
		va_end(ap);
	}
	r = !(oflag & O_CREAT) && !sem_local(name, false) ? limited("sem_open") : NULL;
	if (r) {
		errno = r->err;
		return SEM_FAILED;
	}
	if (oflag & O_CREAT)
		sem_local(name, true);
	return REAL(sem_open)(name, oflag, mode, value);
}

#define PSHARED(fn, ptype)						\
EXPORT int fn(ptype a, int pshared)					\
{									\
	const struct kp_row *r = pshared == PTHREAD_PROCESS_SHARED ?	\
		limited(#fn) : NULL;					\
	return r ? r->err : REAL(fn)(a, pshared);			\
}
PSHARED(pthread_mutexattr_setpshared, pthread_mutexattr_t *)
PSHARED(pthread_barrierattr_setpshared, pthread_barrierattr_t *)
PSHARED(pthread_condattr_setpshared, pthread_condattr_t *)
PSHARED(pthread_rwlockattr_setpshared, pthread_rwlockattr_t *)

EXPORT int pthread_spin_init(pthread_spinlock_t *lock, int pshared)
{
	if (pshared == PTHREAD_PROCESS_SHARED && limited("pthread_spin_init"))
		pshared = PTHREAD_PROCESS_PRIVATE;	/* documented: ignored */
	return REAL(pthread_spin_init)(lock, pshared);
}

EXPORT int shm_open(const char *name, int oflag, mode_t mode)
{
	const struct kp_row *r = limited("shm_open");

	return r ? fail(r) : REAL(shm_open)(name, oflag, mode);
}

EXPORT int pthread_kill(pthread_t t, int sig)
{
	const struct kp_row *r = sig ? limited("pthread_kill") : NULL;

	return r ? r->err : REAL(pthread_kill)(t, sig);
}

EXPORT int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	const struct kp_row *r = limited("pthread_sigmask");

	return r ? r->err : REAL(pthread_sigmask)(how, set, old);
}

EXPORT int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	const struct kp_row *r = limited("sigprocmask");

	return r ? fail(r) : REAL(sigprocmask)(how, set, old);
}

/* pthread_atfork() is a static stub in libc_nonshared.a calling this. */
int __register_atfork(void (*pre)(void), void (*parent)(void),
		      void (*child)(void), void *dso);
EXPORT int __register_atfork(void (*pre)(void), void (*parent)(void),
			     void (*child)(void), void *dso)
{
	const struct kp_row *r = limited("__register_atfork");

	return r ? r->err : REAL(__register_atfork)(pre, parent, child, dso);
}

EXPORT void siglongjmp(sigjmp_buf env, int val)
{
	const struct kp_row *r = limited("siglongjmp");

	if (r)
		stop(r);
	REAL(siglongjmp)(env, val);
	__builtin_unreachable();
}

EXPORT int vdprintf(int fd, const char *fmt, va_list ap)
{
	const struct kp_row *r = limited("vdprintf");

	return r ? fail(r) : REAL(vdprintf)(fd, fmt, ap);
}

EXPORT int dprintf(int fd, const char *fmt, ...)
{
	const struct kp_row *r = limited("dprintf");
	va_list ap;
	int n;

	if (r)
		return fail(r);
	va_start(ap, fmt);
	n = REAL(vdprintf)(fd, fmt, ap);
	va_end(ap);
	return n;
}

EXPORT FILE *fmemopen(void *buf, size_t size, const char *mode)
{
	const struct kp_row *r = limited("fmemopen");

	if (r) {
		errno = r->err;
		return NULL;
	}
	return REAL(fmemopen)(buf, size, mode);
}

EXPORT FILE *open_memstream(char **ptr, size_t *size)
{
	const struct kp_row *r = limited("open_memstream");

	if (r) {
		errno = r->err;
		return NULL;
	}
	return REAL(open_memstream)(ptr, size);
}

#define AIO(fn, args, ...)						\
EXPORT int fn(__VA_ARGS__)						\
{									\
	const struct kp_row *r = limited(#fn);				\
	return r ? fail(r) : REAL(fn) args;				\
}
AIO(aio_cancel, (fd, cb), int fd, struct aiocb *cb)
AIO(aio_error, (cb), const struct aiocb *cb)
AIO(aio_fsync, (op, cb), int op, struct aiocb *cb)
AIO(aio_read, (cb), struct aiocb *cb)
AIO(aio_suspend, (l, n, t), const struct aiocb *const l[], int n,
    const struct timespec *t)
AIO(aio_write, (cb), struct aiocb *cb)
AIO(lio_listio, (m, l, n, s), int m, struct aiocb *const l[], int n,
    struct sigevent *s)

EXPORT ssize_t aio_return(struct aiocb *cb)
{
	const struct kp_row *r = limited("aio_return");

	return r ? fail(r) : REAL(aio_return)(cb);
}

#define ROBUST(fn, args, ...)						\
EXPORT int fn(__VA_ARGS__)						\
{									\
	const struct kp_row *r = limited(#fn);				\
	return r ? r->err : REAL(fn) args;				\
}
ROBUST(pthread_mutex_consistent, (m), pthread_mutex_t *m)
ROBUST(pthread_mutexattr_getrobust, (a, v), const pthread_mutexattr_t *a, int *v)
ROBUST(pthread_mutexattr_setrobust, (a, v), pthread_mutexattr_t *a, int v)

EXPORT char *ctermid(char *s)
{
	static char empty[1];

	if (!limited("ctermid"))
		return REAL(ctermid)(s);
	if (!s)
		return empty;
	s[0] = 0;
	return s;
}

EXPORT char *ttyname(int fd)
{
	const struct kp_row *r = limited("ttyname");

	if (r) {
		errno = r->err;
		return NULL;
	}
	return REAL(ttyname)(fd);
}

EXPORT int ttyname_r(int fd, char *buf, size_t len)
{
	const struct kp_row *r = limited("ttyname_r");

	return r ? r->err : REAL(ttyname_r)(fd, buf, len);
}

EXPORT FILE *popen(const char *cmd, const char *type)
{
	const struct kp_row *r = limited("popen");

	if (r) {
		errno = r->err;
		return NULL;
	}
	return REAL(popen)(cmd, type);
}

EXPORT int pclose(FILE *f)
{
	const struct kp_row *r = limited("pclose");

	return r ? fail(r) : REAL(pclose)(f);
}

EXPORT int system(const char *cmd)
{
	const struct kp_row *r = limited("system");

	return r ? fail(r) : REAL(system)(cmd);
}

EXPORT int wordexp(const char *s, wordexp_t *w, int flags)
{
	const struct kp_row *r = limited("wordexp");

	if (r) {
		errno = r->err;
		return WRDE_NOSYS;
	}
	return REAL(wordexp)(s, w, flags);
}

EXPORT void wordfree(wordexp_t *w)
{
	const struct kp_row *r = limited("wordfree");

	if (r)
		stop(r);
	REAL(wordfree)(w);
}

/* Documented: milliseconds since the kernel started, not CPU time. */
EXPORT clock_t clock(void)
{
	struct timespec ts;

	if (!limited("clock"))
		return REAL(clock)();
	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (clock_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

EXPORT size_t confstr(int name, char *buf, size_t len)
{
	const struct kp_row *r = limited("confstr");

	if (r) {
		errno = r->err;
		return 0;
	}
	return REAL(confstr)(name, buf, len);
}
