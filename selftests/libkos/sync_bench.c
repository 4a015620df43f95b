// SPDX-License-Identifier: GPL-2.0
/*
 * KosMutex against a pthread mutex (uncontended, and 2 threads contended),
 * and KosQueue push/pop against a mutex+condvar queue of the same shape.
 * Prints "bench:" lines (ns per operation) and "ratio:" lines (kos/pthread,
 * lower is better; the target is <= 1.1).
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include <kos/mutex.h>
#include <kos/queue.h>
#include <kos/thread.h>

#define UNCONTENDED 20000000UL
#define CONTENDED 2000000UL
#define QUEUE_ITEMS 1000000UL
#define QUEUE_DEPTH 64

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static KosMutex kmutex;
static pthread_mutex_t pmutex = PTHREAD_MUTEX_INITIALIZER;
static volatile unsigned long shared;

static void *kos_loop(void *arg)
{
	unsigned long i, n = (unsigned long)arg;

	for (i = 0; i < n; i++) {
		KosMutexLock(&kmutex);
		shared++;
		KosMutexUnlock(&kmutex);
	}
	return NULL;
}

static void *pthread_loop(void *arg)
{
	unsigned long i, n = (unsigned long)arg;

	for (i = 0; i < n; i++) {
		pthread_mutex_lock(&pmutex);
		shared++;
		pthread_mutex_unlock(&pmutex);
	}
	return NULL;
}

/* ns per lock/unlock pair with @threads threads doing @n pairs each. */
static double run(void *(*fn)(void *), int threads, unsigned long n)
{
	pthread_t t[2];
	double t0 = now_ns();
	int i;

	for (i = 0; i < threads; i++)
		pthread_create(&t[i], NULL, fn, (void *)n);
	for (i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	return (now_ns() - t0) / ((double)n * threads);
}

/* The reference queue: a ring of pointers under a mutex and two condvars. */
struct cv_queue {
	pthread_mutex_t lock;
	pthread_cond_t nonempty, nonfull;
	unsigned long ring[QUEUE_DEPTH];
	unsigned int head, len;
};

static struct cv_queue cvq = {
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
	PTHREAD_COND_INITIALIZER, { 0 }, 0, 0
};

static void *cvq_consumer(void *arg)
{
	unsigned long got = 0;

	(void)arg;
	while (got < QUEUE_ITEMS) {
		pthread_mutex_lock(&cvq.lock);
		while (!cvq.len)
			pthread_cond_wait(&cvq.nonempty, &cvq.lock);
		shared += cvq.ring[cvq.head];
		cvq.head = (cvq.head + 1) % QUEUE_DEPTH;
		cvq.len--;
		pthread_mutex_unlock(&cvq.lock);
		pthread_cond_signal(&cvq.nonfull);
		got++;
	}
	return NULL;
}

static double bench_cv_queue(void)
{
	double t0 = now_ns();
	unsigned long i;
	pthread_t t;

	pthread_create(&t, NULL, cvq_consumer, NULL);
	for (i = 0; i < QUEUE_ITEMS; i++) {
		pthread_mutex_lock(&cvq.lock);
		while (cvq.len == QUEUE_DEPTH)
			pthread_cond_wait(&cvq.nonfull, &cvq.lock);
		cvq.ring[(cvq.head + cvq.len) % QUEUE_DEPTH] = i;
		cvq.len++;
		pthread_mutex_unlock(&cvq.lock);
		pthread_cond_signal(&cvq.nonempty);
	}
	pthread_join(t, NULL);
	return (now_ns() - t0) / QUEUE_ITEMS;
}

static KosQueueHandle kq;

static void *kq_consumer(void *arg)
{
	unsigned long got = 0, *obj;

	(void)arg;
	while (got < QUEUE_ITEMS) {
		obj = KosQueuePop(kq, INFINITE_TIMEOUT);
		shared += *obj;
		KosQueueFree(kq, obj);
		got++;
	}
	return NULL;
}

/* The pool bounds the queue as nonfull does above; a full pool yields. */
static double bench_kos_queue(void)
{
	double t0 = now_ns();
	unsigned long i, *obj;
	pthread_t t;

	kq = KosQueueCreate(QUEUE_DEPTH, sizeof(unsigned long),
			    sizeof(unsigned long), NULL);
	pthread_create(&t, NULL, kq_consumer, NULL);
	for (i = 0; i < QUEUE_ITEMS; i++) {
		while (!(obj = KosQueueAlloc(kq)))
			KosThreadYield();
		*obj = i;
		KosQueuePush(kq, obj);
	}
	pthread_join(t, NULL);
	KosQueueDestroy(kq);
	return (now_ns() - t0) / QUEUE_ITEMS;
}

static void report(const char *name, double kos, double ref)
{
	printf("bench: kosmutex_%s %.2f ns\n", name, kos);
	printf("bench: pthread_mutex_%s %.2f ns\n", name, ref);
	printf("ratio: kosmutex_vs_pthread_%s %.3f\n", name, kos / ref);
}

int main(void)
{
	double k, p;

	KosMutexInit(&kmutex);
	k = run(kos_loop, 1, UNCONTENDED);
	p = run(pthread_loop, 1, UNCONTENDED);
	report("uncontended", k, p);
	k = run(kos_loop, 2, CONTENDED);
	p = run(pthread_loop, 2, CONTENDED);
	report("contended", k, p);
	k = bench_kos_queue();
	p = bench_cv_queue();
	printf("bench: kosqueue_push_pop %.2f ns\n", k);
	printf("bench: condvar_queue_push_pop %.2f ns\n", p);
	printf("ratio: kosqueue_vs_condvar_queue %.3f\n", k / p);
	return 0;
}
