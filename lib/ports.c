// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * I/O port ranges and permits (coresrv/io/ports.h).  The module claims a
 * range (kmod/ioport.c); access is granted by Linux per thread with
 * ioperm(2), so KnIoPermitPort() asks the module for a permit and then
 * enables the ports for the calling thread.  The permits of this process
 * are remembered here so that closing one (KnIoClose or KnHandleClose)
 * disables its ports again, keeping those another live permit still covers.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <sys/io.h>
#endif

#include <coresrv/io/ports.h>

#include "internal.h"
#include "io.h"
#include "syscall.h"

struct permit {
	Handle handle;
	unsigned int port;
	unsigned int length;
};

static struct permit *permits;
static size_t nr_permits, cap_permits;
static pthread_mutex_t permits_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t permits_once = PTHREAD_ONCE_INIT;

/* A fork() child has its own context: the parent's permits are not its. */
static void permits_atfork_child(void)
{
	free(permits);
	permits = NULL;
	nr_permits = cap_permits = 0;
	pthread_mutex_init(&permits_lock, NULL);
}

static void permits_init(void)
{
	pthread_atfork(NULL, NULL, permits_atfork_child);
}

static int set_access(unsigned int port, unsigned int length, int on)
{
#if defined(__x86_64__) || defined(__i386__)
	return ioperm(port, length, on) ? -errno : 0;
#else
	(void)port;
	(void)length;
	(void)on;
	return -EOPNOTSUPP;
#endif
}

static int remember(Handle handle, unsigned int port, unsigned int length)
{
	struct permit *p;
	int ret = 0;

	pthread_once(&permits_once, permits_init);
	pthread_mutex_lock(&permits_lock);
	if (nr_permits == cap_permits) {
		p = realloc(permits, (cap_permits * 2 + 4) * sizeof(*p));
		if (!p) {
			ret = -ENOMEM;
			goto out;
		}
		permits = p;
		cap_permits = cap_permits * 2 + 4;
	}
	permits[nr_permits++] = (struct permit){ handle, port, length };
out:
	pthread_mutex_unlock(&permits_lock);
	return ret;
}

void kos_ioport_revoke(Handle handle)
{
	struct permit gone;
	size_t i;

	pthread_mutex_lock(&permits_lock);
	for (i = 0; i < nr_permits && permits[i].handle != handle; i++)
		;
	if (i == nr_permits)
		goto out;
	gone = permits[i];
	permits[i] = permits[--nr_permits];
	set_access(gone.port, gone.length, 0);
	for (i = 0; i < nr_permits; i++)
		if (permits[i].port < gone.port + gone.length &&
		    gone.port < permits[i].port + permits[i].length)
			set_access(permits[i].port, permits[i].length, 1);
out:
	pthread_mutex_unlock(&permits_lock);
}

KOS_EXPORT Retcode KnRegisterPorts(rtl_uint16_t port, rtl_size_t size,
				   Handle *outRid)
{
	struct kos_ioport_register c = {
		.size = sizeof(c), .port = port, .length = (__u32)size,
	};
	int ret;

	if (!outRid)
		return rcInvalidArgument;
	if (size > 0x10000)
		return kos_rc_handle(-EINVAL, 0, outRid);
	ret = kos_sys_ioctl(KOS_IOPORT_REGISTER, &c);
	return kos_rc_handle(ret, c.handle, outRid);
}

KOS_EXPORT Retcode KnRegisterPort8(rtl_uint16_t port, Handle *outRid)
{
	return KnRegisterPorts(port, 1, outRid);
}

KOS_EXPORT Retcode KnRegisterPort16(rtl_uint16_t port, Handle *outRid)
{
	return KnRegisterPorts(port, 2, outRid);
}

KOS_EXPORT Retcode KnRegisterPort32(rtl_uint16_t port, Handle *outRid)
{
	return KnRegisterPorts(port, 4, outRid);
}

KOS_EXPORT Retcode KnIoPermitPort(Handle rid, Handle *handle)
{
	struct kos_ioport_permit c = { .size = sizeof(c), .handle = (__s32)rid };
	struct kos_io_handle close_op = { .size = sizeof(close_op) };
	int ret;

	if (!handle)
		return rcInvalidArgument;
	ret = kos_sys_ioctl(KOS_IOPORT_PERMIT, &c);
	if (ret)
		return kos_rc_handle(ret, 0, handle);
	ret = remember((Handle)c.out_handle, c.port, c.length);
	if (!ret) {
		ret = set_access(c.port, c.length, 1);
		if (ret)
			kos_ioport_revoke((Handle)c.out_handle);
	}
	if (ret) {
		close_op.handle = c.out_handle;
		kos_sys_ioctl(KOS_IO_CLOSE, &close_op);
	}
	return kos_rc_handle(ret, c.out_handle, handle);
}
