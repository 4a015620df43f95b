// SPDX-License-Identifier: GPL-2.0
/*
 * kos: the KasperskyOS programming model on Linux.  Module init and exit
 * only; /dev/kos file operations are wired here, their work lives in the
 * file of each concept.
 */
#include <linux/fs.h>
#include <linux/kos.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

#include "context.h"
#include "dma.h"
#include "handle.h"
#include "iomap.h"
#include "ioctl.h"
#include "ipc_name.h"
#include "notice.h"
#include "objstat.h"
#include "audit.h"
#include "policy.h"
#include "process.h"
#include "user.h"

static int kos_open(struct inode *inode, struct file *file)
{
	struct kos_context *ctx = kos_context_create();

	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	file->private_data = ctx;
	return 0;
}

static int kos_release(struct inode *inode, struct file *file)
{
	kos_context_destroy(file->private_data);
	return 0;
}

static __poll_t kos_poll(struct file *file, poll_table *wait)
{
	return kos_notice_poll(file->private_data, file, wait);
}

static int kos_mmap(struct file *file, struct vm_area_struct *vma)
{
	return kos_iomap_mmap(file->private_data, vma);
}

static const struct file_operations kos_fops = {
	.owner = THIS_MODULE,
	.open = kos_open,
	.release = kos_release,
	.poll = kos_poll,
	.mmap = kos_mmap,
	.unlocked_ioctl = kos_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice kos_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "kos",
	.fops = &kos_fops,
	.mode = 0666,
};

static int __init kos_init(void)
{
	int ret;

	kos_context_init(&kos_fops);
	ret = kos_objstat_init();
	if (ret)
		return ret;
	kos_handle_debugfs_init(objstat_dir);
	ret = kos_audit_init();
	if (ret)
		goto err_objstat;
	ret = misc_register(&kos_misc);
	if (ret)
		goto err_audit;
	pr_info("ABI v%d loaded\n", KOS_ABI_VERSION);
	return 0;

err_audit:
	kos_audit_uninit();
err_objstat:
	kos_objstat_uninit();
	return ret;
}

static void __exit kos_exit(void)
{
	misc_deregister(&kos_misc);
	kos_ipc_name_exit();
	kos_policy_uninit();
	kos_audit_uninit();
	kos_objstat_uninit();
}

module_init(kos_init);
module_exit(kos_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KasperskyOS programming model: handles, IPC, notices, DMA");
MODULE_AUTHOR("kos-linux developers");
