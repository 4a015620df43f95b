// SPDX-License-Identifier: GPL-2.0
/*
 * KosMutex against a pthread mutex (uncontended, and 2 threads contended),
 * and KosQueue alloc/push/pop/free against the same object queue built
 * from a pthread mutex and condvar.
 * Prints "bench:" lines (ns per operation) and "ratio:" lines (kos/pthread,
 * lower is better; the target is <= 1.1).
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <time.h>

#include <kos/mutex.h>
#include <kos/queue.h>
#include <kos/thread.h>

#define UNCONTENDED 5000000UL
#define CONTENDED 1000000UL
#define QUEUE_ITEMS 200000UL
#define QUEUE_DEPTH 64
#define ROUNDS 7	/* each figure is the median of ROUNDS runs */

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

/*
 * The reference: the same object queue (a pool of QUEUE_DEPTH objects, Alloc,
 * Push, Pop, Free) done the textbook way, one pthread mutex with a condvar
 * for Pop, so both sides do the same work.
 */
struct cv_queue {
	pthread_mutex_t lock;
	pthread_cond_t nonempty;
	unsigned long objs[QUEUE_DEPTH];
	unsigned long *free_list[QUEUE_DEPTH];
	unsigned long *ring[QUEUE_DEPTH];
	unsigned int nfree, head, len;
};

static struct cv_queue cvq = {
	.lock = PTHREAD_MUTEX_INITIALIZER, .nonempty = PTHREAD_COND_INITIALIZER,
};

static unsigned long *cvq_alloc(void)
{
	unsigned long *obj = NULL;

	pthread_mutex_lock(&cvq.lock);
	if (cvq.nfree)
		obj = cvq.free_list[--cvq.nfree];
	pthread_mutex_unlock(&cvq.lock);
	return obj;
}

static void cvq_free(unsigned long *obj)
{
	pthread_mutex_lock(&cvq.lock);
	cvq.free_list[cvq.nfree++] = obj;
	pthread_mutex_unlock(&cvq.lock);
}

static void cvq_push(unsigned long *obj)
{
	pthread_mutex_lock(&cvq.lock);
	cvq.ring[(cvq.head + cvq.len) % QUEUE_DEPTH] = obj;
	cvq.len++;
	pthread_mutex_unlock(&cvq.lock);
	pthread_cond_signal(&cvq.nonempty);
}

static unsigned long *cvq_pop(void)
{
	unsigned long *obj;

	pthread_mutex_lock(&cvq.lock);
	while (!cvq.len)
		pthread_cond_wait(&cvq.nonempty, &cvq.lock);
	obj = cvq.ring[cvq.head];
	cvq.head = (cvq.head + 1) % QUEUE_DEPTH;
	cvq.len--;
	pthread_mutex_unlock(&cvq.lock);
	return obj;
}

static void *cvq_consumer(void *arg)
{
	unsigned long got, *obj;

	(void)arg;
	for (got = 0; got < QUEUE_ITEMS; got++) {
		obj = cvq_pop();
		shared += *obj;
		cvq_free(obj);
	}
	return NULL;
}

static double bench_cv_queue(void)
{
	unsigned long i, *obj;
	double t0;
	pthread_t t;

	for (i = 0; i < QUEUE_DEPTH; i++)
		cvq.free_list[i] = &cvq.objs[i];
	cvq.nfree = QUEUE_DEPTH;
	t0 = now_ns();
	pthread_create(&t, NULL, cvq_consumer, NULL);
	for (i = 0; i < QUEUE_ITEMS; i++) {
		while (!(obj = cvq_alloc()))
			sched_yield();
		*obj = i;
		cvq_push(obj);
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

/* Same loop as bench_cv_queue: a full pool yields. */
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

struct lock_case {
	void *(*fn)(void *);
	int threads;
	unsigned long n;
};

static double measure_lock(void *arg)
{
	struct lock_case *c = arg;

	return run(c->fn, c->threads, c->n);
}

static double measure_queue(void *arg)
{
	return ((double (*)(void))arg)();
}

/*
 * Median of ROUNDS runs: two threads on a shared machine sometimes overlap
 * and sometimes not, and one run either way should not decide the ratio.
 */
static double median_of(double (*measure)(void *), void *arg)
{
	double t[ROUNDS], x;
	int i, j;

	for (i = 0; i < ROUNDS; i++) {
		x = measure(arg);
		for (j = i; j > 0 && t[j - 1] > x; j--)
			t[j] = t[j - 1];
		t[j] = x;
	}
	return t[ROUNDS / 2];
}

static double median_lock(void *(*fn)(void *), int threads, unsigned long n)
{
	struct lock_case c = { fn, threads, n };

	return median_of(measure_lock, &c);
}

int main(void)
{
	double k, p;

	KosMutexInit(&kmutex);
	k = median_lock(kos_loop, 1, UNCONTENDED);
	p = median_lock(pthread_loop, 1, UNCONTENDED);
	report("uncontended", k, p);
	k = median_lock(kos_loop, 2, CONTENDED);
	p = median_lock(pthread_loop, 2, CONTENDED);
	report("contended", k, p);
	k = median_of(measure_queue, (void *)bench_kos_queue);
	p = median_of(measure_queue, (void *)bench_cv_queue);
	printf("bench: kosqueue_push_pop %.2f ns\n", k);
	printf("bench: condvar_queue_push_pop %.2f ns\n", p);
	printf("ratio: kosqueue_vs_condvar_queue %.3f\n", k / p);
	return 0;
}
