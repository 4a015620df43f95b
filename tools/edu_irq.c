// SPDX-License-Identifier: GPL-2.0
/*
 * kos-edu: the edu device's interrupt, the way a KasperskyOS driver uses
 * it: KnRegisterIrq, KnIoAttachIrq, Recv() on the returned handle, serve
 * the device (acknowledge 0x64), KnIoEnableIrq.  Also the rules around the
 * wait: a timeout, a too small buffer, masking, a caught signal that must
 * not end it, a detach that must, and a killed waiter that must give the
 * interrupt back.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <coresrv/io/barriers.h>
#include <coresrv/io/irq.h>
#include <coresrv/io/mmio.h>
#include <coresrv/syscalls.h>

#include "edu.h"

#define IRQ_ROUNDS	5

/* Recv and check the message; *@msi (if given): delivered by MSI. */
static Retcode irq_recv_msg(Handle wait, rtl_uint32_t msecs,
			    rtl_uint32_t *count, int *msi)
{
	KosLinuxIrqMsg msg = { .hdr.size = sizeof(msg) };
	Retcode rc;

	*count = 0;
	rc = msecs == INFINITE_TIMEOUT ? Recv(wait, &msg.hdr) :
					 KosRecvTimeout(wait, &msg.hdr, msecs);
	if (rc != rcOk)
		return rc;
	if (msg.hdr.size != sizeof(msg) || msg.hdr.riid != IRQ_MSG_RIID ||
	    msg.hdr.mid != IRQ_MSG_MID_INTERRUPT || msg.hdr.nhandles ||
	    msg.event.size != sizeof(msg.event) || !msg.event.count) {
		printf("FAIL: interrupt message: size %u riid 0x%x mid %u count %u\n",
		       msg.hdr.size, msg.hdr.riid, msg.hdr.mid, msg.event.count);
		return rcFail;
	}
	*count = msg.event.count;
	if (msi)
		*msi = msg.event.msi;
	return rcOk;
}

/* Recv on the attached handle, waiting at most @msecs; *@count: interrupts. */
static Retcode irq_recv(Handle wait, rtl_uint32_t msecs, rtl_uint32_t *count)
{
	return irq_recv_msg(wait, msecs, count, RTL_NULL);
}

static long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/*
 * Raise interrupt @value, receive it (by MSI if @msi), acknowledge, unmask;
 * add the time from raising to Recv's return to *@us.
 */
static int irq_round(volatile rtl_uint8_t *regs, Handle rid, Handle wait,
		     rtl_uint32_t value, int msi, long *us, int verbose)
{
	rtl_uint32_t count, status;
	long start = now_us();
	int got_msi;
	Retcode rc;

	IoWriteMmReg32(regs + EDU_IRQ_RAISE, value);
	rc = irq_recv_msg(wait, 5000, &count, &got_msi);
	*us += now_us() - start;
	if (rc != rcOk)
		return edu_fail("Recv of the interrupt", rc);
	if (got_msi != msi) {
		printf("FAIL: interrupt came by %s\n", got_msi ? "MSI" : "INTx");
		return 1;
	}
	status = IoReadMmReg32(regs + EDU_IRQ_STATUS);
	IoWriteMmReg32(regs + EDU_IRQ_ACK, status);
	IoReadWriteBarrier();
	rc = irq_recv(wait, 0, &count);
	if (rc != rcTimeout)
		return edu_fail("second Recv before KnIoEnableIrq", rc);
	rc = KnIoEnableIrq(rid);
	if (rc != rcOk)
		return edu_fail("KnIoEnableIrq", rc);
	if (status != value) {
		printf("FAIL: interrupt status 0x%x, raised 0x%x\n", status, value);
		return 1;
	}
	if (verbose)
		printf("ok: interrupt 0x%x received by %s and acknowledged\n",
		       value, msi ? "MSI" : "INTx");
	return 0;
}

/* Masked by KnIoDisableIrq, an interrupt is held back until KnIoEnableIrq. */
static int irq_masked(volatile rtl_uint8_t *regs, Handle rid, Handle wait,
		      int verbose)
{
	rtl_uint32_t count;
	Retcode rc;
	int bad = 0;

	rc = KnIoDisableIrq(rid);
	if (rc != rcOk)
		return edu_fail("KnIoDisableIrq", rc);
	IoWriteMmReg32(regs + EDU_IRQ_RAISE, 0x40);
	rc = irq_recv(wait, 200, &count);
	if (rc != rcTimeout)
		bad |= edu_fail("Recv while disabled", rc);
	rc = KnIoEnableIrq(rid);
	if (rc != rcOk)
		bad |= edu_fail("KnIoEnableIrq", rc);
	rc = irq_recv(wait, 5000, &count);
	if (rc != rcOk)
		bad |= edu_fail("Recv of the interrupt held while disabled", rc);
	IoWriteMmReg32(regs + EDU_IRQ_ACK, IoReadMmReg32(regs + EDU_IRQ_STATUS));
	IoReadWriteBarrier();
	rc = KnIoEnableIrq(rid);
	if (rc != rcOk)
		bad |= edu_fail("KnIoEnableIrq", rc);
	if (!bad && verbose)
		printf("ok: interrupt held while disabled, delivered when enabled\n");
	return bad;
}

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* A caught SIGALRM runs its handler but does not end the Recv. */
static int irq_signal(Handle wait, int verbose)
{
	struct sigaction sa = { .sa_handler = on_alarm }, old;
	struct itimerval it = { .it_value.tv_usec = 100000 };
	rtl_uint32_t count;
	long start;
	Retcode rc;
	int bad = 0;

	sigaction(SIGALRM, &sa, &old);	/* no SA_RESTART */
	alarms = 0;
	start = now_us() / 1000;
	setitimer(ITIMER_REAL, &it, NULL);
	rc = irq_recv(wait, 400, &count);
	if (rc != rcTimeout)
		bad |= edu_fail("Recv with SIGALRM caught", rc);
	if (now_us() / 1000 - start < 400 || alarms != 1) {
		printf("FAIL: Recv ended after %ld ms, %d alarms\n",
		       now_us() / 1000 - start, (int)alarms);
		bad = 1;
	}
	sigaction(SIGALRM, &old, NULL);
	if (!bad && verbose)
		printf("ok: SIGALRM handled, Recv went on to its timeout\n");
	return bad;
}

static void *recv_forever(void *arg)
{
	rtl_uint32_t count;

	return (void *)(long)irq_recv(*(Handle *)arg, INFINITE_TIMEOUT, &count);
}

/* KnIoDetachIrq ends a Recv in progress, and later ones, with rcNotConnected. */
static int irq_detach(Handle rid, Handle wait, int verbose)
{
	rtl_uint32_t count;
	pthread_t thread;
	void *ret;
	Retcode rc;
	int bad = 0;

	if (pthread_create(&thread, NULL, recv_forever, &wait))
		return edu_fail("pthread_create", rcFail);
	usleep(200000);
	rc = KnIoDetachIrq(rid);
	if (rc != rcOk)
		bad |= edu_fail("KnIoDetachIrq", rc);
	pthread_join(thread, &ret);
	if ((Retcode)(long)ret != rcNotConnected)
		bad |= edu_fail("Recv during KnIoDetachIrq", (Retcode)(long)ret);
	rc = irq_recv(wait, 0, &count);
	if (rc != rcNotConnected)
		bad |= edu_fail("Recv after KnIoDetachIrq", rc);
	rc = KnIoDetachIrq(rid);
	if (rc != rcNotConnected)
		bad |= edu_fail("second KnIoDetachIrq", rc);
	if (!bad && verbose)
		printf("ok: detach ends Recv with rcNotConnected\n");
	return bad;
}

/*
 * A process killed while it waits in Recv: SIGKILL ends the wait, and the
 * exit gives the interrupt back (it can be attached again).
 */
static int irq_exit_while_waiting(const struct edu_dev *edu, int verbose)
{
	Handle rid, wait, mem;
	rtl_uint32_t count;
	int status, bad = 0;
	Retcode rc;
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (!pid) {
		/* a new process: it names the device by registering its BAR */
		if (KnRegisterPhyMem(edu->bar, edu->bar_size, &mem) != rcOk ||
		    KnRegisterIrq(edu->irq, &rid) != rcOk ||
		    KnIoAttachIrq(rid, IRQ_SHARED, &wait) != rcOk)
			_exit(1);
		irq_recv(wait, INFINITE_TIMEOUT, &count);
		_exit(2);
	}
	usleep(300000);
	kill(pid, SIGKILL);
	if (waitpid(pid, &status, 0) != pid || !WIFSIGNALED(status)) {
		printf("FAIL: waiting child did not block until killed\n");
		return 1;
	}
	rc = KnRegisterIrq(edu_irq_now(edu), &rid);
	if (rc != rcOk)
		return edu_fail("KnRegisterIrq after the waiter was killed", rc);
	rc = KnIoAttachIrq(rid, IRQ_SHARED, &wait);
	if (rc != rcOk)
		bad = edu_fail("KnIoAttachIrq after the waiter was killed", rc);
	else
		KnIoClose(wait);
	KnIoClose(rid);
	if (!bad && verbose)
		printf("ok: SIGKILL ends Recv, the exit releases the interrupt\n");
	return bad;
}

/* Recv into a buffer without room for the payload: the interrupt stays. */
static int irq_small_buffer(Handle wait)
{
	SMsgHdr hdr = { .size = sizeof(hdr) };
	Retcode rc = KosRecvTimeout(wait, &hdr, 0);

	return rc == rcBufferTooLarge ? 0 : edu_fail("Recv into a header", rc);
}

/* Attach with @flags, expecting MSI if @msi; raise, receive, detach. */
static int irq_delivery(const struct edu_dev *edu, Handle rid,
			rtl_uint32_t flags, int msi, int verbose)
{
	static const rtl_uint32_t values[IRQ_ROUNDS] = {
		0x1, 0x80, 0x1000, 0x20000, 0x80000000,
	};
	Handle wait;
	int bad = 0, i;
	long us = 0;
	Retcode rc;

	rc = KnIoAttachIrq(rid, flags, &wait);
	if (rc != rcOk)
		return edu_fail("KnIoAttachIrq", rc);
	for (i = 0; i < IRQ_ROUNDS; i++)
		bad |= irq_round(edu->regs, rid, wait, values[i], msi, &us,
				 verbose);
	if (!bad && verbose)
		printf("ok: %s: %d interrupts, raise to Recv %ld us on average\n",
		       msi ? "MSI" : "INTx", IRQ_ROUNDS, us / IRQ_ROUNDS);
	bad |= irq_masked(edu->regs, rid, wait, verbose);
	rc = KnIoDetachIrq(rid);
	if (rc != rcOk)
		bad |= edu_fail("KnIoDetachIrq", rc);
	KnIoClose(wait);
	return bad;
}

int edu_check_irq(const struct edu_dev *edu, int verbose)
{
	Handle rid, wait, again;
	rtl_uint32_t count;
	int bad;
	Retcode rc;

	rc = KnRegisterIrq(edu->irq, &rid);
	if (rc != rcOk)
		return edu_fail("KnRegisterIrq", rc);
	if (verbose)
		printf("ok: registered irq %ld\n", edu->irq);
	bad = irq_delivery(edu, rid, IRQ_SHARED, 1, verbose);
	bad |= irq_delivery(edu, rid, IRQ_LEVEL_LOW | IRQ_SHARED | IRQ_LEGACY_INTX,
			    0, verbose);
	rc = KnIoAttachIrq(rid, IRQ_SHARED, &wait);
	if (rc != rcOk) {
		KnIoClose(rid);
		return edu_fail("KnIoAttachIrq", rc);
	}
	rc = KnIoAttachIrq(rid, 0, &again);
	if (rc != rcBusy)
		bad |= edu_fail("second KnIoAttachIrq", rc);
	rc = KnIoAttachIrq(rid, 1U << 9, &again);
	if (rc != rcInvalidArgument)
		bad |= edu_fail("KnIoAttachIrq with an unknown flag", rc);
	rc = irq_recv(wait, 50, &count);
	if (rc != rcTimeout)
		bad |= edu_fail("Recv without an interrupt", rc);
	bad |= irq_small_buffer(wait);
	bad |= irq_signal(wait, verbose);
	bad |= irq_detach(rid, wait, verbose);
	KnIoClose(wait);
	KnIoClose(rid);
	return bad | irq_exit_while_waiting(edu, verbose);
}
