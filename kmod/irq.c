// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupts for user-space drivers, the uio_pci_generic way: only the INTx
 * line of a PCI device with no kernel driver, shared with whoever else uses
 * the line.  The handler asks the device whether it asserted the interrupt
 * and masks INTx at the device (pci_check_and_mask_intx), so a level
 * interrupt stays quiet until user space has served the device and
 * re-enabled it (KOS_IRQ_ENABLE).  Waiters sleep interruptibly, so a
 * process exiting while a thread waits just goes.
 */
#include <linux/capability.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/kos.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include "handle.h"
#include "irq.h"

/**
 * struct kos_irq - a registered interrupt (KOS_HTYPE_IRQ object context)
 * @pdev: the device whose INTx it is, referenced
 * @irq: Linux interrupt number
 * @lock: serializes attach/detach and enable/disable
 * @attached: the handler is installed
 * @pending: interrupts taken and not yet waited for
 * @wq: waiters
 */
struct kos_irq {
	struct pci_dev *pdev;
	unsigned int irq;
	struct mutex lock;
	bool attached;
	atomic_t pending;
	wait_queue_head_t wq;
};

static irqreturn_t kos_irq_handler(int irq, void *data)
{
	struct kos_irq *k = data;

	if (!pci_check_and_mask_intx(k->pdev))
		return IRQ_NONE;
	atomic_inc(&k->pending);
	wake_up_all(&k->wq);
	return IRQ_HANDLED;
}

static void detach(struct kos_irq *k)
{
	lockdep_assert_held(&k->lock);
	free_irq(k->irq, k);
	pci_intx(k->pdev, 0);
	pci_disable_device(k->pdev);
	k->attached = false;
	wake_up_all(&k->wq);
}

static void irq_object_release(struct kos_object *obj)
{
	struct kos_irq *k = (struct kos_irq *)(uintptr_t)obj->context;

	mutex_lock(&k->lock);
	if (k->attached)
		detach(k);
	mutex_unlock(&k->lock);
	pci_dev_put(k->pdev);
	kfree(k);
}

/* The driverless PCI device using INTx line @irq, referenced, or NULL. */
static struct pci_dev *irq_owner(unsigned int irq)
{
	struct pci_dev *pdev = NULL;

	for_each_pci_dev(pdev)
		if (pdev->pin && pdev->irq == irq && !READ_ONCE(pdev->dev.driver))
			return pdev;
	return NULL;
}

int kos_irq_register_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_irq_register *cmd = ucmd->cmd;
	struct kos_object *obj;
	struct pci_dev *pdev;
	struct kos_irq *k;
	int ret;

	if (cmd->flags || cmd->handle)
		return -EINVAL;
	if (!capable(CAP_SYS_RAWIO))
		return -EPERM;
	pdev = irq_owner(cmd->irq);
	if (!pdev)
		return -EACCES;
	ret = -EOPNOTSUPP;
	if (!pci_intx_mask_supported(pdev))
		goto err_pdev;
	ret = -ENOMEM;
	k = kzalloc(sizeof(*k), GFP_KERNEL_ACCOUNT);
	if (!k)
		goto err_pdev;
	k->pdev = pdev;
	k->irq = cmd->irq;
	mutex_init(&k->lock);
	init_waitqueue_head(&k->wq);
	obj = kos_object_alloc(KOS_HTYPE_IRQ, (uintptr_t)k);
	if (!obj) {
		kfree(k);
		goto err_pdev;
	}
	obj->release = irq_object_release;
	ret = kos_handle_install(ucmd->ctx, obj, KOS_RIGHT_TRANSFER, &cmd->handle);
	if (ret)
		return ret;
	return kos_ucmd_respond(ucmd, sizeof(*cmd));

err_pdev:
	pci_dev_put(pdev);
	return ret;
}

/* The interrupt behind @handle, with its object referenced in *@objp. */
static struct kos_irq *irq_lookup(struct kos_context *ctx, int handle,
				  struct kos_object **objp)
{
	struct kos_object *obj = kos_handle_object(ctx, handle, KOS_HTYPE_IRQ, 0);

	if (IS_ERR(obj))
		return ERR_CAST(obj);
	*objp = obj;
	return (struct kos_irq *)(uintptr_t)obj->context;
}

static int attach(struct kos_irq *k)
{
	int ret;

	lockdep_assert_held(&k->lock);
	if (k->attached)
		return -EBUSY;
	ret = pci_enable_device(k->pdev);
	if (ret)
		return ret;
	/* enabling routes the line (ACPI): the number may change */
	if (k->pdev->irq != k->irq)
		pci_info(k->pdev, "kos: irq %u routed as %u\n", k->irq, k->pdev->irq);
	k->irq = k->pdev->irq;
	atomic_set(&k->pending, 0);
	ret = request_irq(k->irq, kos_irq_handler, IRQF_SHARED, "kos", k);
	if (ret) {
		pci_disable_device(k->pdev);
		return ret;
	}
	pci_intx(k->pdev, 1);
	k->attached = true;
	return 0;
}

int kos_irq_attach_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_irq_op *cmd = ucmd->cmd;
	struct kos_object *obj;
	struct kos_irq *k;
	int ret;

	if ((cmd->flags | KOS_IRQ_FLAGS_MASK) != KOS_IRQ_FLAGS_MASK ||
	    cmd->out_handle)
		return -EINVAL;
	k = irq_lookup(ucmd->ctx, cmd->handle, &obj);
	if (IS_ERR(k))
		return PTR_ERR(k);
	mutex_lock(&k->lock);
	ret = attach(k);
	mutex_unlock(&k->lock);
	kos_object_put(obj);
	if (ret)
		return ret;
	ret = kos_handle_transfer(ucmd->ctx, cmd->handle, ucmd->ctx,
				  KOS_RIGHT_TRANSFER, KOS_INVALID_HANDLE,
				  &cmd->out_handle);
	if (ret)
		return ret;
	return kos_ucmd_respond(ucmd, sizeof(*cmd));
}

/* Run @op on an attached interrupt (detach, enable, disable). */
static int irq_control(struct kos_ucmd *ucmd, int op)
{
	struct kos_irq_op *cmd = ucmd->cmd;
	struct kos_object *obj;
	struct kos_irq *k;
	int ret = 0;

	if (cmd->flags || cmd->out_handle)
		return -EINVAL;
	k = irq_lookup(ucmd->ctx, cmd->handle, &obj);
	if (IS_ERR(k))
		return PTR_ERR(k);
	mutex_lock(&k->lock);
	if (!k->attached)
		ret = -ENOTCONN;
	else if (op < 0)
		detach(k);
	else
		pci_intx(k->pdev, op);
	mutex_unlock(&k->lock);
	kos_object_put(obj);
	return ret;
}

int kos_irq_detach_ioctl(struct kos_ucmd *ucmd)
{
	return irq_control(ucmd, -1);
}

int kos_irq_enable_ioctl(struct kos_ucmd *ucmd)
{
	return irq_control(ucmd, 1);
}

int kos_irq_disable_ioctl(struct kos_ucmd *ucmd)
{
	return irq_control(ucmd, 0);
}

int kos_irq_wait(struct kos_context *ctx, int handle, u64 timeout_ms)
{
	long t = timeout_ms >= U32_MAX ? MAX_SCHEDULE_TIMEOUT :
					 msecs_to_jiffies(timeout_ms);
	struct kos_object *obj;
	struct kos_irq *k;
	int ret;

	k = irq_lookup(ctx, handle, &obj);
	if (IS_ERR(k))
		return PTR_ERR(k);
	if (!READ_ONCE(k->attached)) {
		ret = -ENOTCONN;
		goto out;
	}
	t = wait_event_interruptible_timeout(k->wq, atomic_read(&k->pending) ||
					     !READ_ONCE(k->attached), t);
	ret = atomic_xchg(&k->pending, 0);
	if (ret)
		goto out;
	if (t < 0)
		ret = t;
	else if (!READ_ONCE(k->attached))
		ret = -ENOTCONN;
	else
		ret = -ETIMEDOUT;
out:
	kos_object_put(obj);
	return ret;
}

int kos_irq_wait_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_irq_wait *cmd = ucmd->cmd;
	int ret;

	if (cmd->flags || cmd->count)
		return -EINVAL;
	ret = kos_irq_wait(ucmd->ctx, cmd->handle, cmd->timeout_ms);
	if (ret < 0)
		return ret;
	cmd->count = ret;
	return kos_ucmd_respond(ucmd, sizeof(*cmd));
}
