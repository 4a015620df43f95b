// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * I/O memory barriers (coresrv/io/barriers.h).  They order accesses to
 * device memory and DMA buffers as seen by a device, so on x86 they are the
 * fence instructions Linux uses for rmb()/wmb()/mb(), not compiler fences.
 */
#include <coresrv/io/barriers.h>

#include "internal.h"

#if defined(__x86_64__) || defined(__i386__)
KOS_EXPORT void IoReadBarrier(void)
{
	__asm__ __volatile__("lfence" ::: "memory");
}

KOS_EXPORT void IoWriteBarrier(void)
{
	__asm__ __volatile__("sfence" ::: "memory");
}

KOS_EXPORT void IoReadWriteBarrier(void)
{
	__asm__ __volatile__("mfence" ::: "memory");
}
#else
KOS_EXPORT void IoReadBarrier(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

KOS_EXPORT void IoWriteBarrier(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

KOS_EXPORT void IoReadWriteBarrier(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}
#endif
