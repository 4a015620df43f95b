// SPDX-License-Identifier: GPL-2.0
/*
 * x86 I/O ports for user-space drivers.  Registering a range claims it with
 * request_region(), the same claim kernel drivers make, so a range a driver
 * holds (the RTC at 0x70, a serial port) is refused and two contexts never
 * own the same ports.  The claim lasts while a handle to the range or a
 * permit exists.
 *
 * Linux grants port access per thread, with ioperm(2), which needs
 * CAP_SYS_RAWIO; the module cannot grant it for the caller.  So a permit is
 * a handle plus the range, and libkos calls ioperm() once the module has
 * made the permit, and ioperm(..., 0) when it is closed.  Permits are not
 * transferable: an ioperm() grant means nothing in another process.
 */
#include <linux/capability.h>
#include <linux/ioport.h>
#include <linux/kos.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "handle.h"
#include "pcidev.h"
#include "ioport.h"
#include "objstat.h"

/* One past the last x86 I/O port. */
#define IOPORT_END	0x10000U

/**
 * struct kos_ioport - a claimed range (KOS_HTYPE_IOPORT object context)
 * @ref: the range object's and each permit's
 * @port: first port
 * @length: number of ports
 */
struct kos_ioport {
	struct kref ref;
	u32 port;
	u32 length;
};

static void ioport_release(struct kref *ref)
{
	struct kos_ioport *io = container_of(ref, struct kos_ioport, ref);

	release_region(io->port, io->length);
	kfree(io);
	kos_objstat_dec(KOS_OBJ_IOPORT);
}

static void ioport_object_release(void *priv)
{
	struct kos_ioport *io = priv;

	kref_put(&io->ref, ioport_release);
}

/* The range and the permits to it share the range's state. */
static const struct kos_object_ops ioport_ops = {
	.type = KOS_HTYPE_IOPORT,
	.release = ioport_object_release,
};

static const struct kos_object_ops permit_ops = {
	.type = KOS_HTYPE_IOPORT_PERMIT,
	.release = ioport_object_release,
};

/* True when the range is in an I/O BAR of a PCI device a driver is bound to. */
static bool in_driver_bar(u32 port, u32 length)
{
	struct pci_dev *pdev = kos_pcidev_bar_owner(port, length, IORESOURCE_IO);
	bool owned = pdev && READ_ONCE(pdev->dev.driver);

	pci_dev_put(pdev);
	return owned;
}

/* Claim [port, port + length) for a new range object; -EBUSY if taken. */
static struct kos_ioport *ioport_claim(u32 port, u32 length)
{
	struct kos_ioport *io;

	if (in_driver_bar(port, length))
		return ERR_PTR(-EBUSY);
	io = kzalloc(sizeof(*io), GFP_KERNEL_ACCOUNT);
	if (!io)
		return ERR_PTR(-ENOMEM);
	if (!request_region(port, length, "kos")) {
		kfree(io);
		return ERR_PTR(-EBUSY);
	}
	kref_init(&io->ref);
	io->port = port;
	io->length = length;
	kos_objstat_inc(KOS_OBJ_IOPORT);
	return io;
}

int kos_ioport_register_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_ioport_register *cmd = ucmd->cmd;
	struct kos_ioport *io;
	int ret;

	if (cmd->flags || cmd->__reserved || cmd->handle)
		return -EINVAL;
	if (!cmd->length || cmd->port >= IOPORT_END ||
	    cmd->length > IOPORT_END - cmd->port)
		return -EINVAL;
	if (!IS_ENABLED(CONFIG_X86))
		return -EOPNOTSUPP;
	ret = kos_hw_access();
	if (ret)
		return ret;
	io = ioport_claim(cmd->port, cmd->length);
	if (IS_ERR(io))
		return PTR_ERR(io);
	ret = kos_kobject_install(ucmd->ctx, &ioport_ops, io, KOS_RIGHT_TRANSFER,
				  &cmd->handle);
	if (ret)
		return ret;
	return kos_ucmd_respond(ucmd, sizeof(*cmd));
}

int kos_ioport_permit_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_ioport_permit *cmd = ucmd->cmd;
	struct kos_object *src;
	struct kos_ioport *io;
	int ret;

	if (cmd->flags || cmd->out_handle || cmd->port || cmd->length)
		return -EINVAL;
	src = kos_handle_object(ucmd->ctx, cmd->handle, KOS_HTYPE_IOPORT, 0);
	if (IS_ERR(src))
		return PTR_ERR(src);
	io = src->priv;
	ret = kos_hw_access();
	if (ret)
		goto out;
	cmd->port = io->port;
	cmd->length = io->length;
	kref_get(&io->ref);
	ret = kos_kobject_install(ucmd->ctx, &permit_ops, io, 0,
				  &cmd->out_handle);
	if (!ret)
		ret = kos_ucmd_respond(ucmd, sizeof(*cmd));
out:
	kos_object_put(src);
	return ret;
}
