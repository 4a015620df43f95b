// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupts for user-space drivers: the interrupt of a PCI device with no
 * kernel driver.  Attaching enables the device (pcidev.c) and takes its MSI
 * vector when it has one, as a driver would: MSI needs no routing through
 * the chipset and is never shared.  Without MSI it takes the INTx line, the
 * uio_pci_generic way, shared with whoever else uses it.
 *
 * When the interrupt comes the handler masks it (INTx: at the device, after
 * checking the device asserted it, pci_check_and_mask_intx; MSI: the
 * vector, disable_irq_nosync), counts it and wakes the waiter, so a level
 * interrupt stays quiet until user space has served the device and
 * unmasked it (KOS_IRQ_ENABLE).  An MSI that comes while masked is kept
 * pending by the IRQ core and delivered on unmasking.
 *
 * One device has at most one attached interrupt, whichever registration
 * and context it comes from: two owners would both enable MSI in the PCI
 * core, or ask for the MSI vector as a shared line.
 *
 * A thread waits with Recv (KOS_IPC_RECV, channel.c) on the handle, which
 * calls irq_recv() through the object's ops; like every IPC wait, only a
 * fatal signal ends it.
 */
#include <linux/capability.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/kos.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "handle.h"
#include "irq.h"
#include "mmio.h"
#include "pcidev.h"
#include "timeout.h"

enum { IRQ_MASKED };	/* bit of kos_irq.flags */

/**
 * struct kos_irq - a registered interrupt (KOS_HTYPE_IRQ object context)
 * @pdev: the device whose interrupt it is, referenced
 * @irq: Linux interrupt number registered (the device's INTx)
 * @line: the device's INTx line when attached (pdev->irq before MSI is
 *        enabled): what names the device while its irq is an MSI vector
 * @lock: serializes attach/detach and enable/disable
 * @attached: the handler is installed
 * @msi: attached through the device's MSI vector, else INTx
 * @vector: Linux interrupt number the handler is installed on
 * @flags: IRQ_MASKED: the MSI vector is disabled by us
 * @pending: interrupts taken and not yet received
 * @wq: waiters
 * @attached_link: in kos_irq_attached while @attached
 */
struct kos_irq {
	struct pci_dev *pdev;
	unsigned int irq;
	unsigned int line;
	struct mutex lock;
	bool attached;
	bool msi;
	unsigned int vector;
	unsigned long flags;
	atomic_t pending;
	wait_queue_head_t wq;
	struct list_head attached_link;
};

/*
 * Attached interrupts, to keep one owner per device and to know the INTx
 * line of a device whose irq is its MSI vector.  Taken inside a
 * registration's lock, held while MSI is enabled or disabled (so
 * msi_enabled and the list agree), outside the PCI device locks.
 */
static DEFINE_MUTEX(kos_irq_attached_lock);
static LIST_HEAD(kos_irq_attached);

static void take(struct kos_irq *k)
{
	atomic_inc(&k->pending);
	wake_up_all(&k->wq);
}

static irqreturn_t intx_handler(int irq, void *data)
{
	struct kos_irq *k = data;

	if (!pci_check_and_mask_intx(k->pdev))
		return IRQ_NONE;
	take(k);
	return IRQ_HANDLED;
}

static irqreturn_t msi_handler(int irq, void *data)
{
	struct kos_irq *k = data;

	if (!test_and_set_bit(IRQ_MASKED, &k->flags))
		disable_irq_nosync(irq);
	take(k);
	return IRQ_HANDLED;
}

/* Mask or unmask the attached interrupt. */
static void set_masked(struct kos_irq *k, bool mask)
{
	lockdep_assert_held(&k->lock);
	if (!k->msi)
		pci_intx(k->pdev, !mask);
	else if (mask && !test_and_set_bit(IRQ_MASKED, &k->flags))
		disable_irq(k->vector);
	else if (!mask && test_and_clear_bit(IRQ_MASKED, &k->flags))
		enable_irq(k->vector);
}

static void detach(struct kos_irq *k)
{
	lockdep_assert_held(&k->lock);
	free_irq(k->vector, k);
	mutex_lock(&kos_irq_attached_lock);
	if (k->msi) {
		pci_free_irq_vectors(k->pdev);
		kos_pcidev_master_put(k->pdev);
	} else {
		pci_intx(k->pdev, 0);
		kos_pcidev_disable(k->pdev);
	}
	list_del(&k->attached_link);
	mutex_unlock(&kos_irq_attached_lock);
	k->attached = false;
	wake_up_all(&k->wq);
}

static void irq_release(void *priv)
{
	struct kos_irq *k = priv;

	mutex_lock(&k->lock);
	if (k->attached)
		detach(k);
	mutex_unlock(&k->lock);
	pci_dev_put(k->pdev);
	kfree(k);
}

/*
 * True when driverless @pdev's INTx is line @irq.  While MSI is enabled
 * pdev->irq is the MSI vector: the line is the one recorded when it was
 * attached; MSI enabled by anyone else leaves the line unknown, so it
 * counts as every line (fails closed, ambiguous or taken).
 */
static bool uses_irq(struct pci_dev *pdev, unsigned int irq)
{
	struct kos_irq *o;
	bool ret = true;

	if (!pdev->pin || READ_ONCE(pdev->dev.driver))
		return false;
	mutex_lock(&kos_irq_attached_lock);
	if (!pdev->msi_enabled) {
		ret = pdev->irq == irq;
		goto out;
	}
	list_for_each_entry(o, &kos_irq_attached, attached_link) {
		if (o->pdev == pdev && o->msi) {
			ret = o->line == irq;
			break;
		}
	}
out:
	mutex_unlock(&kos_irq_attached_lock);
	return ret;
}

/*
 * The driverless PCI device using INTx line @irq, referenced.  Several
 * devices may share the line: then it is the one whose memory @ctx has
 * registered (the device it drives), else the line is ambiguous (EBUSY).
 */
static struct pci_dev *irq_owner(struct kos_context *ctx, unsigned int irq)
{
	struct pci_dev *pdev = NULL, *found = NULL;
	struct kos_object *obj;
	unsigned long id = 0;

	while ((obj = kos_handle_next_object(ctx, KOS_HTYPE_IOMEM, &id))) {
		pdev = ((struct kos_iomem *)obj->priv)->pdev;
		if (uses_irq(pdev, irq))
			found = pci_dev_get(pdev);
		kos_object_put(obj);
		if (found)
			return found;
	}
	pdev = NULL;
	for_each_pci_dev(pdev) {
		if (!uses_irq(pdev, irq))
			continue;
		if (found) {
			pci_dev_put(found);
			pci_dev_put(pdev);
			return ERR_PTR(-EBUSY);
		}
		found = pci_dev_get(pdev);
	}
	return found ? found : ERR_PTR(-EACCES);
}

static int irq_recv(void *priv, struct kos_ucmd *ucmd);

static const struct kos_object_ops irq_ops = {
	.type = KOS_HTYPE_IRQ,
	.release = irq_release,
	.recv = irq_recv,
};

int kos_irq_register_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_irq_register *cmd = ucmd->cmd;
	struct pci_dev *pdev;
	struct kos_irq *k;
	int ret;

	if (cmd->flags || cmd->handle)
		return -EINVAL;
	ret = kos_hw_access();
	if (ret)
		return ret;
	pdev = irq_owner(ucmd->ctx, cmd->irq);
	if (IS_ERR(pdev))
		return PTR_ERR(pdev);
	k = kzalloc(sizeof(*k), GFP_KERNEL_ACCOUNT);
	if (!k) {
		pci_dev_put(pdev);
		return -ENOMEM;
	}
	k->pdev = pdev;
	k->irq = cmd->irq;
	mutex_init(&k->lock);
	init_waitqueue_head(&k->wq);
	ret = kos_kobject_install(ucmd->ctx, &irq_ops, k, KOS_RIGHT_TRANSFER,
				  &cmd->handle);
	if (ret)
		return ret;
	return kos_ucmd_respond(ucmd, sizeof(*cmd));
}

/* The interrupt behind @handle, with its object referenced in *@objp. */
static struct kos_irq *irq_lookup(struct kos_context *ctx, int handle,
				  struct kos_object **objp)
{
	struct kos_object *obj = kos_handle_object(ctx, handle, KOS_HTYPE_IRQ, 0);

	if (IS_ERR(obj))
		return ERR_CAST(obj);
	*objp = obj;
	return obj->priv;
}

/* Enable the device and take its MSI vector (unless @intx), else INTx. */
static int enable_vector(struct kos_irq *k, bool intx)
{
	struct pci_dev *pdev = k->pdev;
	int ret;

	if (pdev->msi_cap && !intx) {
		/* MSI is a memory write by the device: it must master the bus. */
		ret = kos_pcidev_master_get(pdev);
		if (ret)
			return ret;
		ret = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI);
		if (ret == 1) {
			k->msi = true;
			k->vector = pci_irq_vector(pdev, 0);
			return 0;
		}
		kos_pcidev_master_put(pdev);
	}
	ret = kos_pcidev_enable(pdev);
	if (ret)
		return ret;
	if (!pci_intx_mask_supported(pdev)) {
		kos_pcidev_disable(pdev);
		return -EOPNOTSUPP;
	}
	k->msi = false;
	/* enabling routes the line (ACPI): the number may change */
	k->vector = pdev->irq;
	return 0;
}

/* True when another registration has attached @pdev's interrupt. */
static bool device_taken(struct pci_dev *pdev)
{
	struct kos_irq *o;

	lockdep_assert_held(&kos_irq_attached_lock);
	list_for_each_entry(o, &kos_irq_attached, attached_link)
		if (o->pdev == pdev)
			return true;
	return false;
}

static int attach(struct kos_irq *k, u32 flags)
{
	int ret;

	lockdep_assert_held(&k->lock);
	if (k->attached)
		return -EBUSY;
	/* Held across the enabling: one owner per device, decided here. */
	mutex_lock(&kos_irq_attached_lock);
	ret = -EBUSY;
	if (device_taken(k->pdev) || k->pdev->msi_enabled)
		goto out_unlock;
	k->line = k->pdev->irq ?: k->irq;
	ret = enable_vector(k, flags & KOS_IRQ_ATTACH_INTX);
	if (ret)
		goto out_unlock;
	atomic_set(&k->pending, 0);
	k->flags = 0;
	if (k->msi)
		ret = request_irq(k->vector, msi_handler, 0, "kos", k);
	else
		ret = request_irq(k->vector, intx_handler, IRQF_SHARED, "kos", k);
	if (ret)
		goto err_vector;
	if (!k->msi)
		pci_intx(k->pdev, 1);
	k->attached = true;
	list_add(&k->attached_link, &kos_irq_attached);
	mutex_unlock(&kos_irq_attached_lock);
	return 0;

err_vector:
	if (k->msi) {
		pci_free_irq_vectors(k->pdev);
		kos_pcidev_master_put(k->pdev);
	} else {
		kos_pcidev_disable(k->pdev);
	}
out_unlock:
	mutex_unlock(&kos_irq_attached_lock);
	return ret;
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
	ret = attach(k, cmd->flags);
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
		set_masked(k, !op);
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

/* Wait for an interrupt or the detach; pending count or -errno. */
static int wait_pending(struct kos_irq *k, u64 timeout_ms)
{
	long t = kos_timeout_jiffies(timeout_ms);
	int n;

	if (!READ_ONCE(k->attached))
		return -ENOTCONN;
	t = wait_event_killable_timeout(k->wq, atomic_read(&k->pending) ||
					!READ_ONCE(k->attached), t);
	n = atomic_xchg(&k->pending, 0);
	if (n)
		return n;
	if (t < 0)
		return t;
	return READ_ONCE(k->attached) ? -ETIMEDOUT : -ENOTCONN;
}

/* The message an interrupt is received as. */
struct irq_msg {
	struct kos_msg_hdr hdr;
	struct kos_irq_event event;
};

/*
 * Recv on an interrupt handle: wait up to the command's timeout (0: poll,
 * KOS_IPC_FOREVER: for ever; only a fatal signal interrupts) and write the
 * interrupt message to its receive buffer.  0 or -errno (ENOTCONN when
 * detached, ETIMEDOUT, EMSGSIZE).
 */
static int irq_recv(void *priv, struct kos_ucmd *ucmd)
{
	struct kos_ipc_msg *cmd = ucmd->cmd;
	struct kos_irq *k = priv;
	struct irq_msg __user *u = u64_to_user_ptr(cmd->recv);
	struct irq_msg m = {};
	u32 cap;
	int n;

	if (get_user(cap, &u->hdr.size))
		return -EFAULT;
	if (cap < sizeof(m))
		return -EMSGSIZE;
	n = wait_pending(k, cmd->timeout_ms);
	if (n < 0)
		return n;
	m.hdr.size = sizeof(m);
	m.hdr.endpoint = KOS_IRQ_MSG_ENDPOINT;
	m.hdr.method = KOS_IRQ_MSG_INTERRUPT;
	m.event.size = sizeof(m.event);
	m.event.count = n;
	m.event.irq = READ_ONCE(k->vector);
	m.event.msi = READ_ONCE(k->msi);
	if (copy_to_user(u, &m, offsetof(struct kos_msg_hdr, handles)) ||
	    copy_to_user(&u->event, &m.event, sizeof(m.event))) {
		atomic_add(n, &k->pending);	/* not received: keep them */
		return -EFAULT;
	}
	return 0;
}
