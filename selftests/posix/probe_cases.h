/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The conformance probes: one per profile row, by interface name.  Each
 * probe prints "OK", an errno name, or a row-specific word; "native" is the
 * result on an unrestricted Linux, "effect" what a "succeeds without effect"
 * row prints under the profile (the other results come from the profile).
 */
#ifndef POSIX_PROBE_CASES_H
#define POSIX_PROBE_CASES_H

struct probe_case {
	const char *iface;
	const char *native;
	const char *effect;
};

#define PROBE_CASES(X)						\
	X(fork, "OK", NULL) X(pthread_atfork, "OK", NULL)		\
	X(wait, "ECHILD", NULL) X(waitid, "ECHILD", NULL)		\
	X(waitpid, "ECHILD", NULL) X(execl, "OK", NULL)		\
	X(execle, "OK", NULL) X(execlp, "OK", NULL)			\
	X(execv, "OK", NULL) X(execve, "OK", NULL)			\
	X(execvp, "OK", NULL) X(fexecve, "OK", NULL)			\
	X(setpgid, "OK", NULL) X(setsid, "OK", NULL)			\
	X(getpgrp, "OK", NULL) X(getpgid, "OK", NULL)			\
	X(getppid, "OK", NULL) X(getsid, "OK", NULL)			\
	X(times, "OK", NULL) X(kill, "OK", NULL)			\
	X(pause, "EINTR", NULL) X(sigpending, "OK", NULL)		\
	X(sigprocmask, "OK", NULL) X(sigsuspend, "EINTR", NULL)	\
	X(sigwait, "OK", NULL) X(sigqueue, "OK", NULL)			\
	X(sigtimedwait, "EAGAIN", NULL) X(sigwaitinfo, "OK", NULL)	\
	X(sem_init, "OK", NULL) X(sem_open, "OK", NULL)		\
	X(pthread_mutexattr_setpshared, "OK", NULL)			\
	X(pthread_barrierattr_setpshared, "OK", NULL)			\
	X(pthread_condattr_setpshared, "OK", NULL)			\
	X(pthread_rwlockattr_setpshared, "OK", NULL)			\
	X(pthread_spin_init, "OK", "OK") X(shm_open, "OK", NULL)	\
	X(mmap, "OK", NULL) X(mmap_wx, "OK", NULL)			\
	X(mprotect, "OK", NULL) X(pipe, "OK", NULL)			\
	X(mkfifo, "OK", NULL) X(mkfifoat, "OK", NULL)			\
	X(pthread_kill, "OK", NULL) X(pthread_sigmask, "OK", NULL)	\
	X(siglongjmp, "OK", NULL) X(sigsetjmp, "OK", NULL)		\
	X(dprintf, "OK", NULL) X(fmemopen, "OK", NULL)			\
	X(open_memstream, "OK", NULL) X(vdprintf, "OK", NULL)		\
	X(aio_cancel, "OK", NULL) X(aio_error, "OK", NULL)		\
	X(aio_fsync, "OK", NULL) X(aio_read, "OK", NULL)		\
	X(aio_return, "OK", NULL) X(aio_suspend, "OK", NULL)		\
	X(aio_write, "OK", NULL) X(lio_listio, "OK", NULL)		\
	X(pthread_mutex_consistent, "EINVAL", NULL)			\
	X(pthread_mutexattr_getrobust, "OK", NULL)			\
	X(pthread_mutexattr_setrobust, "OK", NULL)			\
	X(ctermid, "OK", "EMPTY") X(tcsetattr, "ENOTTY", NULL)		\
	X(tcdrain, "ENOTTY", NULL) X(tcflow, "ENOTTY", NULL)		\
	X(tcflush, "ENOTTY", NULL) X(tcsendbreak, "ENOTTY", NULL)	\
	X(ttyname, "ENOTTY", NULL) X(ttyname_r, "ENOTTY", NULL)	\
	X(tcgetpgrp, "ENOTTY", NULL) X(tcsetpgrp, "ENOTTY", NULL)	\
	X(tcgetsid, "ENOTTY", NULL) X(popen, "OK", NULL)		\
	X(pclose, "OK", NULL) X(system, "OK", NULL)			\
	X(wordexp, "OK", NULL) X(wordfree, "OK", NULL)			\
	X(dup, "OK", NULL) X(dup2, "OK", NULL)				\
	X(clock_gettime, "OK", NULL) X(clock, "OK", "UPTIME")		\
	X(confstr, "OK", NULL) X(io_uring_setup, "OK", NULL)

#endif
