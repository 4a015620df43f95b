// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * All ioctls on /dev/kos.  A process has one KOS context: the descriptor is
 * opened lazily and shared by all threads.  A context is bound to the
 * process that opened it, so a fork() child drops the inherited descriptor
 * (without using it) and opens its own on first use.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "syscall.h"

static int kos_fd = -1;
static pthread_mutex_t kos_fd_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t kos_atfork_once = PTHREAD_ONCE_INIT;

static void kos_atfork_child(void)
{
	if (kos_fd >= 0)
		close(kos_fd);
	kos_fd = -1;
	pthread_mutex_init(&kos_fd_lock, NULL);
}

static void kos_atfork_register(void)
{
	pthread_atfork(NULL, NULL, kos_atfork_child);
}

int kos_sys_fd(void)
{
	int fd;

	pthread_once(&kos_atfork_once, kos_atfork_register);
	fd = __atomic_load_n(&kos_fd, __ATOMIC_ACQUIRE);
	if (fd >= 0)
		return fd;

	pthread_mutex_lock(&kos_fd_lock);
	if (kos_fd < 0) {
		fd = open(KOS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			fd = -errno;
		else
			__atomic_store_n(&kos_fd, fd, __ATOMIC_RELEASE);
	} else {
		fd = kos_fd;
	}
	pthread_mutex_unlock(&kos_fd_lock);
	return fd;
}

int kos_sys_ioctl(unsigned long cmd, void *arg)
{
	int fd = kos_sys_fd();

	if (fd < 0)
		return fd;
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

int kos_sys_mmap(void *hint, __u64 length, int prot, __u64 offset, void **addr)
{
	int fd = kos_sys_fd();
	void *p;

	if (fd < 0)
		return fd;
	p = mmap(hint, length, prot, MAP_SHARED, fd, (off_t)offset);
	if (p == MAP_FAILED)
		return -errno;
	*addr = p;
	return 0;
}

int kos_sys_version(struct kos_version *v)
{
	v->size = sizeof(*v);
	return kos_sys_ioctl(KOS_VERSION, v);
}
