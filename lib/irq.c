// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Interrupts (coresrv/io/irq.h); the kernel side is kmod/irq.c.  A thread
 * waits with Recv() (lib/ipc.c) on the handle KnIoAttachIrq returns.
 */
#include <linux/kos.h>

#include <coresrv/io/irq.h>

#include "internal.h"
#include "syscall.h"

KOS_EXPORT Retcode KnRegisterIrq(int irq, Handle *outRid)
{
	struct kos_irq_register c = { .size = sizeof(c), .irq = (__u32)irq };
	int ret;

	if (!outRid)
		return rcInvalidArgument;
	if (irq < 0) {
		*outRid = INVALID_HANDLE;
		return rcInvalidArgument;
	}
	ret = kos_sys_ioctl(KOS_IRQ_REGISTER, &c);
	return kos_rc_handle(ret, c.handle, outRid);
}

KOS_EXPORT Retcode KnIoAttachIrq(Handle rid, rtl_uint32_t flags, Handle *handle)
{
	struct kos_irq_op c = {
		.size = sizeof(c), .flags = flags, .handle = (__s32)rid,
	};
	int ret;

	if (!handle)
		return rcInvalidArgument;
	ret = kos_sys_ioctl(KOS_IRQ_ATTACH, &c);
	return kos_rc_handle(ret, c.out_handle, handle);
}

static Retcode irq_op(unsigned long cmd, Handle rid)
{
	struct kos_irq_op c = { .size = sizeof(c), .handle = (__s32)rid };

	return kos_rc(kos_sys_ioctl(cmd, &c));
}

KOS_EXPORT Retcode KnIoDetachIrq(Handle rid)
{
	return irq_op(KOS_IRQ_DETACH, rid);
}

KOS_EXPORT Retcode KnIoEnableIrq(Handle rid)
{
	return irq_op(KOS_IRQ_ENABLE, rid);
}

KOS_EXPORT Retcode KnIoDisableIrq(Handle rid)
{
	return irq_op(KOS_IRQ_DISABLE, rid);
}
