// SPDX-License-Identifier: GPL-2.0
/* Mutex, condvar, event, rwlock and semaphore: return codes and timeouts. */
#include <pthread.h>
#include <unistd.h>

#include <kos/condvar.h>
#include <kos/event.h>
#include <kos/mutex.h>
#include <kos/rwlock.h>
#include <kos/semaphore.h>
#include <kos/thread.h>

#include "kselftest_harness.h"
#include "libkos_util.h"

static KosMutex shared_mutex;
static Retcode other_rc;

static void *try_lock_other(void *arg)
{
	(void)arg;
	other_rc = KosMutexTryLock(&shared_mutex);
	if (other_rc == rcOk)
		KosMutexUnlock(&shared_mutex);
	return NULL;
}

static Retcode trylock_from_other_thread(void)
{
	pthread_t t;

	pthread_create(&t, NULL, try_lock_other, NULL);
	pthread_join(t, NULL);
	return other_rc;
}

TEST(mutex_trylock_busy_while_held)
{
	KosMutexInit(&shared_mutex);
	ASSERT_EQ(rcOk, KosMutexTryLock(&shared_mutex));
	ASSERT_EQ(rcBusy, KosMutexTryLock(&shared_mutex));
	ASSERT_EQ(rcBusy, trylock_from_other_thread());
	KosMutexUnlock(&shared_mutex);
	ASSERT_EQ(rcOk, trylock_from_other_thread());
	KosMutexDeinit(&shared_mutex);
}

TEST(mutex_recursive_depth)
{
	int i;

	KosMutexInitEx(&shared_mutex, 1);
	for (i = 0; i < 5; i++)
		KosMutexLock(&shared_mutex);
	ASSERT_EQ(rcOk, KosMutexTryLock(&shared_mutex));
	ASSERT_EQ(rcOk, KosMutexLockTimeout(&shared_mutex, 10));
	ASSERT_EQ(rcBusy, trylock_from_other_thread());
	for (i = 0; i < 6; i++) {
		KosMutexUnlock(&shared_mutex);
		ASSERT_EQ(rcBusy, trylock_from_other_thread());
	}
	KosMutexUnlock(&shared_mutex);
	ASSERT_EQ(rcOk, trylock_from_other_thread());
}

TEST(mutex_nonrecursive_relock_times_out)
{
	uint64_t t0;

	KosMutexInit(&shared_mutex);
	KosMutexLock(&shared_mutex);
	t0 = now_ms();
	ASSERT_EQ(rcTimeout, KosMutexLockTimeout(&shared_mutex, 100));
	ASSERT_TOOK(t0, 100);
	KosMutexUnlock(&shared_mutex);
	ASSERT_EQ(rcOk, KosMutexLockTimeout(&shared_mutex, 0));
	KosMutexUnlock(&shared_mutex);
}

static void *unlock_later(void *arg)
{
	(void)arg;
	usleep(50000);
	KosMutexUnlock(&shared_mutex);
	return NULL;
}

TEST(mutex_lock_timeout_acquires_when_released)
{
	pthread_t t;

	KosMutexInit(&shared_mutex);
	KosMutexLock(&shared_mutex);
	/* a non-recursive mutex may be unlocked by another thread */
	pthread_create(&t, NULL, unlock_later, NULL);
	ASSERT_EQ(rcOk, KosMutexLockTimeout(&shared_mutex, 5000));
	pthread_join(t, NULL);
	KosMutexUnlock(&shared_mutex);
}

static KosCondvar cv;
static int flag;

static void *signal_later(void *arg)
{
	usleep(30000);
	KosMutexLock(&shared_mutex);
	flag = 1;
	if (arg)
		KosCondvarBroadcast(&cv);
	else
		KosCondvarSignal(&cv);
	KosMutexUnlock(&shared_mutex);
	return NULL;
}

TEST(condvar_timeout)
{
	uint64_t t0;

	KosMutexInit(&shared_mutex);
	KosCondvarInit(&cv);
	KosMutexLock(&shared_mutex);
	t0 = now_ms();
	ASSERT_EQ(rcTimeout, KosCondvarWaitTimeout(&cv, &shared_mutex, 80));
	ASSERT_TOOK(t0, 80);
	/* the mutex is held again after the wait */
	ASSERT_EQ(rcBusy, trylock_from_other_thread());
	KosMutexUnlock(&shared_mutex);
	KosCondvarDeinit(&cv);
}

TEST(condvar_signal_and_broadcast_wake)
{
	long bcast;

	for (bcast = 0; bcast < 2; bcast++) {
		pthread_t t;

		KosMutexInitEx(&shared_mutex, (int)bcast);
		KosCondvarInit(&cv);
		flag = 0;
		KosMutexLock(&shared_mutex);
		pthread_create(&t, NULL, signal_later, (void *)bcast);
		while (!flag)
			ASSERT_EQ(rcOk, bcast ? KosCondvarWait(&cv, &shared_mutex) :
				  KosCondvarWaitTimeout(&cv, &shared_mutex, 5000));
		KosMutexUnlock(&shared_mutex);
		pthread_join(t, NULL);
	}
}

TEST(condvar_wait_releases_every_level_of_a_recursive_mutex)
{
	KosMutexInitEx(&shared_mutex, 1);
	KosCondvarInit(&cv);
	KosMutexLock(&shared_mutex);
	KosMutexLock(&shared_mutex);
	ASSERT_EQ(rcTimeout, KosCondvarWaitTimeout(&cv, &shared_mutex, 10));
	/* depth 2 again: one unlock keeps it held */
	KosMutexUnlock(&shared_mutex);
	ASSERT_EQ(rcBusy, trylock_from_other_thread());
	KosMutexUnlock(&shared_mutex);
	ASSERT_EQ(rcOk, trylock_from_other_thread());
}

static KosEvent ev;

static void *set_later(void *arg)
{
	(void)arg;
	usleep(30000);
	KosEventSet(&ev);
	return NULL;
}

TEST(event_timeout_set_reset)
{
	uint64_t t0;
	pthread_t t;

	KosEventInit(&ev);
	t0 = now_ms();
	ASSERT_EQ(rcTimeout, KosEventWaitTimeout(&ev, rtl_false, 60));
	ASSERT_TOOK(t0, 60);
	pthread_create(&t, NULL, set_later, NULL);
	ASSERT_EQ(rcOk, KosEventWaitTimeout(&ev, rtl_false, 5000));
	pthread_join(t, NULL);
	/* not reset: still signaling */
	ASSERT_EQ(rcOk, KosEventWaitTimeout(&ev, rtl_true, 0));
	/* auto-reset consumed it */
	ASSERT_EQ(rcTimeout, KosEventWaitTimeout(&ev, rtl_false, 0));
	KosEventSet(&ev);
	KosEventWait(&ev, rtl_false);
	KosEventReset(&ev);
	ASSERT_EQ(rcTimeout, KosEventWaitTimeout(&ev, rtl_false, 10));
	KosEventDeinit(&ev);
}

static KosRWLock rw;
static Retcode rw_rc[2];

static void *rw_try(void *arg)
{
	(void)arg;
	rw_rc[0] = KosRWLockTryRead(&rw);
	if (rw_rc[0] == rcOk)
		KosRWLockUnlock(&rw);
	rw_rc[1] = KosRWLockTryWrite(&rw);
	if (rw_rc[1] == rcOk)
		KosRWLockUnlock(&rw);
	return NULL;
}

static void rw_probe(void)
{
	pthread_t t;

	pthread_create(&t, NULL, rw_try, NULL);
	pthread_join(t, NULL);
}

TEST(rwlock_readers_share_writers_exclude)
{
	KosRWLockInit(&rw);
	KosRWLockRead(&rw);
	ASSERT_EQ(rcOk, KosRWLockTryRead(&rw));
	rw_probe();
	ASSERT_EQ(rcOk, rw_rc[0]);
	ASSERT_EQ(rcBusy, rw_rc[1]);
	KosRWLockUnlock(&rw);
	KosRWLockUnlock(&rw);
	KosRWLockWrite(&rw);
	ASSERT_EQ(rcBusy, KosRWLockTryRead(&rw));
	rw_probe();
	ASSERT_EQ(rcBusy, rw_rc[0]);
	ASSERT_EQ(rcBusy, rw_rc[1]);
	KosRWLockUnlock(&rw);
	rw_probe();
	ASSERT_EQ(rcOk, rw_rc[0]);
	ASSERT_EQ(rcOk, rw_rc[1]);
	KosRWLockDeinit(&rw);
}

static long rw_value;

static void *rw_worker(void *arg)
{
	int i;

	for (i = 0; i < 20000; i++) {
		if (arg) {
			KosRWLockWrite(&rw);
			rw_value++;
		} else {
			KosRWLockRead(&rw);
			(void)*(volatile long *)&rw_value;
		}
		KosRWLockUnlock(&rw);
	}
	return NULL;
}

TEST(rwlock_stress)
{
	pthread_t t[4];
	long i;

	KosRWLockInit(&rw);
	rw_value = 0;
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, rw_worker, (void *)(i & 1));
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	ASSERT_EQ(40000, rw_value);
}

static KosSemaphore sem;

static void *sem_signal_later(void *arg)
{
	(void)arg;
	usleep(30000);
	KosSemaphoreSignal(&sem);
	return NULL;
}

TEST(semaphore_codes)
{
	KosSemaphore bad = { 0 };
	uint64_t t0;
	pthread_t t;

	ASSERT_EQ(rcInvalidArgument, KosSemaphoreInit(NULL, 0));
	ASSERT_EQ(rcFail, KosSemaphoreInit(&sem, KOS_SEMAPHORE_VALUE_MAX + 1u));
	ASSERT_EQ(rcInvalidArgument, KosSemaphoreSignal(&bad));
	ASSERT_EQ(rcInvalidArgument, KosSemaphoreWait(&bad));
	ASSERT_EQ(rcInvalidArgument, KosSemaphoreTryWait(&bad));
	ASSERT_EQ(rcInvalidArgument, KosSemaphoreWaitTimeout(&bad, 1));
	ASSERT_EQ(rcInvalidArgument, KosSemaphoreDeinit(&bad));

	ASSERT_EQ(rcOk, KosSemaphoreInit(&sem, 2));
	ASSERT_EQ(rcOk, KosSemaphoreTryWait(&sem));
	ASSERT_EQ(rcOk, KosSemaphoreWait(&sem));
	ASSERT_EQ(rcBusy, KosSemaphoreTryWait(&sem));
	t0 = now_ms();
	ASSERT_EQ(rcTimeout, KosSemaphoreWaitTimeout(&sem, 70));
	ASSERT_TOOK(t0, 70);
	pthread_create(&t, NULL, sem_signal_later, NULL);
	ASSERT_EQ(rcOk, KosSemaphoreWaitTimeout(&sem, 5000));
	pthread_join(t, NULL);
	ASSERT_EQ(rcOk, KosSemaphoreDeinit(&sem));
	ASSERT_EQ(rcInvalidArgument, KosSemaphoreSignal(&sem));

	ASSERT_EQ(rcOk, KosSemaphoreInit(&sem, KOS_SEMAPHORE_VALUE_MAX));
	ASSERT_EQ(rcFail, KosSemaphoreSignal(&sem));
	ASSERT_EQ(rcOk, KosSemaphoreDeinit(&sem));
}

static void *sem_waiter(void *arg)
{
	(void)arg;
	KosSemaphoreWait(&sem);
	return NULL;
}

TEST(semaphore_deinit_with_waiter_fails)
{
	pthread_t t;

	ASSERT_EQ(rcOk, KosSemaphoreInit(&sem, 0));
	pthread_create(&t, NULL, sem_waiter, NULL);
	while (!__atomic_load_n(&sem.waiters, __ATOMIC_SEQ_CST))
		usleep(1000);
	ASSERT_EQ(rcFail, KosSemaphoreDeinit(&sem));
	ASSERT_EQ(rcOk, KosSemaphoreSignal(&sem));
	pthread_join(t, NULL);
	ASSERT_EQ(rcOk, KosSemaphoreDeinit(&sem));
}

TEST_HARNESS_MAIN
