// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Threads on pthreads.  A Tid is the Linux TID.  Every thread libkos knows
 * (the main thread, threads of KosThreadCreate, other threads once they call
 * a thread function) has a record in a registry, so another thread can be
 * suspended, resumed, terminated or waited for by Tid.
 *
 * Suspending another thread sends it KOS_SUSPEND_SIGNAL (SIGRTMIN + 4); the
 * handler parks on a futex in the record until KosThreadResume clears it,
 * so the thread stops wherever it is, even in a busy loop.  Terminate uses
 * the same signal: the handler calls pthread_exit().  The signal is blocked
 * while libkos holds the registry lock, so a thread is never stopped or
 * killed with it held.
 */
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <kos/thread.h>

#include "futex.h"
#include "internal.h"

#define KOS_SUSPEND_SIGNAL (SIGRTMIN + 4)
#define MAX_CALLBACKS 16

struct kos_thread {
	struct kos_thread *next;
	Tid tid;
	rtl_uint32_t suspend;	/* 1 while a suspension is requested */
	rtl_uint32_t stopped;	/* 1 while parked */
	rtl_uint32_t done;	/* 1 once the thread has finished */
	rtl_uint32_t terminate;	/* KosThreadTerminate asked it to exit */
	rtl_uint32_t refs;
	int foreign;		/* not created by KosThreadCreate */
	void *stack;
	rtl_size_t stack_size;
	ThreadRoutine routine;
	void *context;
	rtl_uint32_t priority;
	rtl_uint32_t started;	/* futex: the creator waits for the Tid */
};

#define TLS_IE __attribute__((tls_model("initial-exec")))
static __thread struct kos_thread *self_rec TLS_IE;
static __thread Tid self_tid TLS_IE;
static __thread void *self_tls TLS_IE;

static pthread_mutex_t reg_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct kos_thread *threads;
static KosThreadCallback *callbacks[MAX_CALLBACKS];
static pthread_key_t exit_key;

Tid kos_thread_self_tid(void)
{
	if (!self_tid)
		self_tid = (Tid)gettid();
	return self_tid;
}

KOS_EXPORT Tid KosThreadCurrentId(void)
{
	return kos_thread_self_tid();
}

static void reg_lock(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, KOS_SUSPEND_SIGNAL);
	pthread_sigmask(SIG_BLOCK, &set, old);
	pthread_mutex_lock(&reg_mutex);
}

static void reg_unlock(sigset_t *old)
{
	pthread_mutex_unlock(&reg_mutex);
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

/* An exiting thread takes no more suspend or terminate signals. */
static void block_suspend_signal(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, KOS_SUSPEND_SIGNAL);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

static void put(struct kos_thread *t)
{
	if (__atomic_sub_fetch(&t->refs, 1, __ATOMIC_ACQ_REL) == 0)
		free(t);
}

/* Takes a reference; the caller puts it. */
static struct kos_thread *lookup(Tid tid)
{
	struct kos_thread *t;
	sigset_t old;

	reg_lock(&old);
	for (t = threads; t; t = t->next) {
		if (t->tid == tid) {
			__atomic_add_fetch(&t->refs, 1, __ATOMIC_RELAXED);
			break;
		}
	}
	reg_unlock(&old);
	return t;
}

static void link_thread(struct kos_thread *t)
{
	sigset_t old;

	reg_lock(&old);
	t->next = threads;
	threads = t;
	reg_unlock(&old);
}

/* Drops the registry's reference, once. */
static void unlink_thread(struct kos_thread *t)
{
	struct kos_thread **p;
	int found = 0;
	sigset_t old;

	reg_lock(&old);
	for (p = &threads; *p; p = &(*p)->next) {
		if (*p == t) {
			*p = t->next;
			found = 1;
			break;
		}
	}
	reg_unlock(&old);
	if (found)
		put(t);
}

static void record_stack(struct kos_thread *t)
{
	pthread_attr_t attr;

	if (pthread_getattr_np(pthread_self(), &attr))
		return;
	pthread_attr_getstack(&attr, &t->stack, &t->stack_size);
	pthread_attr_destroy(&attr);
}

/* The caller's record, registering a thread libkos did not create. */
static struct kos_thread *current(void)
{
	struct kos_thread *t = self_rec;

	if (t)
		return t;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->tid = kos_thread_self_tid();
	t->foreign = 1;
	t->refs = 1;
	record_stack(t);
	self_rec = t;
	link_thread(t);
	pthread_setspecific(exit_key, t);
	return t;
}

/* Blocks until resumed; exits here if terminated meanwhile. */
static void park(struct kos_thread *t)
{
	__atomic_store_n(&t->stopped, 1, __ATOMIC_SEQ_CST);
	kos_futex_wake(&t->stopped, INT_MAX);
	while (__atomic_load_n(&t->suspend, __ATOMIC_SEQ_CST)) {
		if (__atomic_load_n(&t->terminate, __ATOMIC_SEQ_CST))
			break;
		kos_futex_wait(&t->suspend, 1, NULL);
	}
	__atomic_store_n(&t->stopped, 0, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&t->terminate, __ATOMIC_SEQ_CST)) {
		block_suspend_signal();
		pthread_exit(NULL);
	}
}

static void suspend_handler(int sig)
{
	struct kos_thread *t = self_rec;
	int saved = errno;

	(void)sig;
	if (t)
		park(t);
	errno = saved;
}

/*
 * In a fork child only the forking thread exists: forget the others (their
 * records are left allocated, as they may be in use by nothing) and the
 * cached Tid of the parent.
 */
static void after_fork_child(void)
{
	struct kos_thread *t = self_rec;

	self_tid = 0;
	pthread_mutex_init(&reg_mutex, NULL);
	threads = NULL;
	if (t) {
		t->tid = kos_thread_self_tid();
		t->next = NULL;
		threads = t;
	}
}

static void thread_exit(void *arg);

__attribute__((constructor)) static void thread_init(void)
{
	struct sigaction sa = { .sa_handler = suspend_handler,
				.sa_flags = SA_RESTART };

	sigfillset(&sa.sa_mask);
	sigaction(KOS_SUSPEND_SIGNAL, &sa, NULL);
	pthread_key_create(&exit_key, thread_exit);
	pthread_atfork(NULL, NULL, after_fork_child);
	current();
}

static void run_callbacks(KosThreadCallbackReason reason)
{
	KosThreadCallback *copy[MAX_CALLBACKS];
	unsigned int i;
	sigset_t old;

	reg_lock(&old);
	for (i = 0; i < MAX_CALLBACKS; i++)
		copy[i] = callbacks[i];
	reg_unlock(&old);
	for (i = 0; i < MAX_CALLBACKS; i++)
		if (copy[i])
			copy[i](reason);
}

KOS_EXPORT Retcode KosThreadCallbackRegister(KosThreadCallback *callback)
{
	Retcode rc = rcOutOfMemory;
	unsigned int i;
	sigset_t old;

	if (!callback)
		return rcInvalidArgument;
	reg_lock(&old);
	for (i = 0; i < MAX_CALLBACKS; i++)
		if (callbacks[i] == callback)
			rc = rcAlreadyExists;
	for (i = 0; rc == rcOutOfMemory && i < MAX_CALLBACKS; i++) {
		if (!callbacks[i]) {
			callbacks[i] = callback;
			rc = rcOk;
		}
	}
	reg_unlock(&old);
	return rc;
}

KOS_EXPORT Retcode KosThreadCallbackUnregister(KosThreadCallback *callback)
{
	Retcode rc = rcResourceNotFound;
	unsigned int i;
	sigset_t old;

	reg_lock(&old);
	for (i = 0; i < MAX_CALLBACKS; i++) {
		if (callback && callbacks[i] == callback) {
			callbacks[i] = NULL;
			rc = rcOk;
		}
	}
	reg_unlock(&old);
	return rc;
}

/*
 * Priorities 0..31 map to nice values: 15 (normal) is nice 0, 0 is nice 19,
 * 31 is nice -20.  Raising above the creator's nice value needs
 * CAP_SYS_NICE or RLIMIT_NICE; without it the thread keeps that value.
 */
static int priority_to_nice(rtl_uint32_t p)
{
	if (p <= ThreadPriorityNormal)
		return (int)(ThreadPriorityNormal - p) * 19 / ThreadPriorityNormal;
	return -(int)(p - ThreadPriorityNormal) * 20 / 16;
}

/*
 * Destructor of exit_key, so it runs however the thread ends (return,
 * KosThreadExit, KosThreadTerminate).  A foreign thread also leaves the
 * registry, as nobody created it to wait for it.
 */
static void thread_exit(void *arg)
{
	struct kos_thread *t = arg;

	block_suspend_signal();
	if (!t->foreign)
		run_callbacks(KosThreadCallbackReasonDestroy);
	__atomic_store_n(&t->done, 1, __ATOMIC_SEQ_CST);
	kos_futex_wake(&t->done, INT_MAX);
	if (t->foreign)
		unlink_thread(t);
	else
		put(t);
}

static void *thread_start(void *arg)
{
	struct kos_thread *t = arg;

	self_rec = t;
	t->tid = kos_thread_self_tid();
	record_stack(t);
	setpriority(PRIO_PROCESS, t->tid, priority_to_nice(t->priority));
	pthread_setspecific(exit_key, t);	/* before anyone knows our Tid */
	__atomic_store_n(&t->started, 1, __ATOMIC_SEQ_CST);
	kos_futex_wake(&t->started, 1);

	run_callbacks(KosThreadCallbackReasonCreate);
	if (__atomic_load_n(&t->suspend, __ATOMIC_SEQ_CST))
		park(t);
	t->routine(t->context);
	return NULL;
}

static int start_pthread(struct kos_thread *t, rtl_uint32_t stackSize)
{
	long page = sysconf(_SC_PAGESIZE);
	pthread_attr_t attr;
	pthread_t pt;
	int err;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (stackSize) {
		rtl_size_t sz = stackSize < PTHREAD_STACK_MIN ? PTHREAD_STACK_MIN
							      : stackSize;

		err = pthread_attr_setstacksize(&attr, (sz + page - 1) & ~(page - 1));
		if (err) {
			pthread_attr_destroy(&attr);
			return err;
		}
	}
	err = pthread_create(&pt, &attr, thread_start, t);
	pthread_attr_destroy(&attr);
	return err;
}

KOS_EXPORT Retcode KosThreadCreate(Tid *tid, rtl_uint32_t priority,
				   rtl_uint32_t stackSize, ThreadRoutine routine,
				   void *context, int suspended)
{
	struct kos_thread *t;
	int err;

	if (!tid || !routine || priority > ThreadPriorityHighest)
		return rcInvalidArgument;
	t = calloc(1, sizeof(*t));
	if (!t)
		return rcOutOfMemory;
	t->routine = routine;
	t->context = context;
	t->priority = priority;
	t->suspend = suspended ? 1 : 0;
	t->refs = 2;	/* the registry's and the thread's own */
	err = start_pthread(t, stackSize);
	if (err) {
		free(t);
		return err == EAGAIN ? rcOutOfMemory : KosLinuxRetcodeFromErrno(err);
	}
	while (!__atomic_load_n(&t->started, __ATOMIC_SEQ_CST))
		kos_futex_wait(&t->started, 0, NULL);
	link_thread(t);
	*tid = t->tid;
	return rcOk;
}

KOS_EXPORT void KosThreadExit(rtl_int32_t exitCode)
{
	(void)exitCode;	/* the reference has no call that reads it */
	block_suspend_signal();
	pthread_exit(NULL);
}

KOS_EXPORT void *KosThreadGetStack(Tid tid, rtl_uint32_t *size)
{
	struct kos_thread *t = tid == kos_thread_self_tid() ? current() : lookup(tid);
	void *stack = RTL_NULL;

	if (!t)
		return RTL_NULL;
	if (t->stack) {
		stack = t->stack;
		if (size)
			*size = t->stack_size > UINT32_MAX ? UINT32_MAX
							   : (rtl_uint32_t)t->stack_size;
	}
	if (t != self_rec)
		put(t);
	return stack;
}

KOS_EXPORT Retcode KosThreadOnce(KosThreadOnceState *onceControl,
				 void (*initRoutine)(void))
{
	rtl_uint32_t *w = (rtl_uint32_t *)onceControl;

	if (!onceControl || !initRoutine)
		return rcInvalidArgument;
	for (;;) {
		rtl_uint32_t s = __atomic_load_n(w, __ATOMIC_ACQUIRE);

		if (s == 2)
			return rcOk;
		if (s == 0 && kos_cas(w, &s, 1)) {
			initRoutine();
			__atomic_store_n(w, 2, __ATOMIC_RELEASE);
			kos_futex_wake(w, INT_MAX);
			return rcOk;
		}
		if (s == 1)
			kos_futex_wait(w, 1, NULL);
	}
}

/* Stops @t; returns once it is parked (or has finished). */
static void stop_other(struct kos_thread *t)
{
	struct kos_deadline d;

	if (__atomic_exchange_n(&t->suspend, 1, __ATOMIC_SEQ_CST) == 0)
		tgkill(getpid(), (pid_t)t->tid, KOS_SUSPEND_SIGNAL);
	while (!__atomic_load_n(&t->stopped, __ATOMIC_SEQ_CST) &&
	       !__atomic_load_n(&t->done, __ATOMIC_SEQ_CST)) {
		kos_deadline_init(&d, 10);
		kos_futex_wait(&t->stopped, 0, &d);
	}
}

KOS_EXPORT Retcode KosThreadSuspend(Tid tid)
{
	struct kos_thread *t;

	if (tid == kos_thread_self_tid()) {
		t = current();
		if (!t)
			return rcOutOfMemory;
		__atomic_store_n(&t->suspend, 1, __ATOMIC_SEQ_CST);
		park(t);
		return rcOk;
	}
	t = lookup(tid);
	if (!t)
		return rcResourceNotFound;
	if (__atomic_load_n(&t->done, __ATOMIC_ACQUIRE)) {
		put(t);
		return rcResourceNotFound;
	}
	stop_other(t);
	put(t);
	return rcOk;
}

KOS_EXPORT Retcode KosThreadResume(Tid tid)
{
	struct kos_thread *t = lookup(tid);

	if (!t)
		return rcResourceNotFound;
	__atomic_store_n(&t->suspend, 0, __ATOMIC_SEQ_CST);
	kos_futex_wake(&t->suspend, INT_MAX);
	put(t);
	return rcOk;
}

KOS_EXPORT Retcode KosThreadTerminate(Tid tid, rtl_int32_t exitCode)
{
	struct kos_thread *t;
	Retcode rc = rcOk;

	if (tid == kos_thread_self_tid())
		KosThreadExit(exitCode);
	t = lookup(tid);
	if (!t)
		return rcResourceNotFound;
	if (__atomic_load_n(&t->done, __ATOMIC_ACQUIRE)) {
		rc = rcResourceNotFound;
	} else {
		__atomic_store_n(&t->terminate, 1, __ATOMIC_SEQ_CST);
		/* clearing @suspend makes a parked thread's futex wait return */
		__atomic_store_n(&t->suspend, 0, __ATOMIC_SEQ_CST);
		kos_futex_wake(&t->suspend, INT_MAX);
		if (!__atomic_load_n(&t->stopped, __ATOMIC_SEQ_CST))
			tgkill(getpid(), (pid_t)t->tid, KOS_SUSPEND_SIGNAL);
	}
	put(t);
	return rc;
}

KOS_EXPORT Retcode KosThreadSleep(rtl_uint32_t mdelay)
{
	struct kos_deadline d;

	if (!mdelay) {
		sched_yield();
		return rcOk;
	}
	kos_deadline_init(&d, mdelay);
	if (d.forever)
		for (;;)
			pause();
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &d.at, NULL) == EINTR)
		;
	return rcOk;
}

KOS_EXPORT void KosThreadYield(void)
{
	sched_yield();
}

KOS_EXPORT void *KosThreadTlsGet(void)
{
	return self_tls;
}

KOS_EXPORT Retcode KosThreadTlsSet(void *tls)
{
	self_tls = tls;
	return rcOk;
}

/* A thread that finished is collected by the first Wait that sees it. */
KOS_EXPORT int KosThreadWait(rtl_uint32_t tid, rtl_uint32_t timeout)
{
	struct kos_thread *t;
	struct kos_deadline d;
	int done;

	if (tid == kos_thread_self_tid())
		return rcInvalidArgument;
	t = lookup(tid);
	if (!t)
		return rcResourceNotFound;
	if (!timeout)
		sched_yield();
	kos_deadline_init(&d, timeout);
	while (!(done = __atomic_load_n(&t->done, __ATOMIC_SEQ_CST))) {
		if (kos_futex_wait(&t->done, 0, &d) == -ETIMEDOUT) {
			done = __atomic_load_n(&t->done, __ATOMIC_SEQ_CST);
			break;
		}
	}
	if (done)
		unlink_thread(t);
	put(t);
	return done ? rcOk : rcTimeout;
}
