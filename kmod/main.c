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
#include "notice.h"
#include "objstat.h"
#include "audit.h"
#include "policy.h"
#include "user.h"

unsigned int kos_max_handles = CONFIG_KOS_MAX_HANDLES;
module_param_named(max_handles, kos_max_handles, uint, 0644);
MODULE_PARM_DESC(max_handles, "Maximum handles per KOS context");

module_param_cb(default_policy, &kos_policy_default_ops, NULL, 0644);
MODULE_PARM_DESC(default_policy,
		 "Verdict while no policy is loaded: allow (development, default) or deny (production)");

unsigned int kos_audit_rate = 1000;
module_param_named(audit_rate, kos_audit_rate, uint, 0644);
MODULE_PARM_DESC(audit_rate, "Audit records per second; more are dropped and counted");
unsigned int kos_ipc_spin_us = 100;
module_param_named(ipc_spin_us, kos_ipc_spin_us, uint, 0644);
MODULE_PARM_DESC(ipc_spin_us,
		 "Microseconds a Call or Recv polls for its peer before sleeping (0: never)");

unsigned int kos_dma_max_kb = 65536;
module_param_named(dma_max_kb, kos_dma_max_kb, uint, 0644);
MODULE_PARM_DESC(dma_max_kb, "Maximum DMA buffer memory per KOS context, KiB");

/* Per-user limits (user.c): all a user's contexts together. */
module_param_named(max_user_contexts, kos_user_max[KOS_UR_CONTEXTS], ulong, 0644);
MODULE_PARM_DESC(max_user_contexts, "Maximum open /dev/kos contexts per user");
module_param_named(max_user_handles, kos_user_max[KOS_UR_HANDLES], ulong, 0644);
MODULE_PARM_DESC(max_user_handles, "Maximum handles made by one user's processes");
module_param_named(max_user_channels, kos_user_max[KOS_UR_CHANNELS], ulong, 0644);
MODULE_PARM_DESC(max_user_channels, "Maximum IPC channels per user");
module_param_named(max_user_requests, kos_user_max[KOS_UR_REQUESTS], ulong, 0644);
MODULE_PARM_DESC(max_user_requests, "Maximum IPC requests in flight per user");
module_param_named(dma_user_max_kb, kos_user_max[KOS_UR_DMA_KB], ulong, 0644);
MODULE_PARM_DESC(dma_user_max_kb, "Maximum DMA buffer memory per user, KiB");
module_param_named(max_user_subscriptions, kos_user_max[KOS_UR_SUBSCRIPTIONS], ulong, 0644);
MODULE_PARM_DESC(max_user_subscriptions, "Maximum notice subscriptions per user");
module_param_named(max_user_names, kos_user_max[KOS_UR_NAMES], ulong, 0644);
MODULE_PARM_DESC(max_user_names, "Maximum service names and name server entries per user");
module_param_named(max_user_ns_servers, kos_user_max[KOS_UR_NS_SERVERS], ulong, 0644);
MODULE_PARM_DESC(max_user_ns_servers, "Maximum name servers per user");

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

static const struct file_operations kos_fops;

struct kos_context *kos_context_from_file(struct file *file)
{
	return file->f_op == &kos_fops ? file->private_data : NULL;
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
	kos_policy_uninit();
	kos_audit_uninit();
	kos_objstat_uninit();
}

module_init(kos_init);
module_exit(kos_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KasperskyOS programming model: handles, IPC, notices, DMA");
MODULE_AUTHOR("kos-linux developers");
