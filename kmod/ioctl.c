// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl dispatcher: argument copying and size/flags validation only.
 * Each command's work lives in the file of its concept.
 *
 * Every argument struct begins with a __u32 size.  The kernel copies it with
 * copy_struct_from_user(): a shorter struct than the first ABI version is
 * EINVAL, a longer one is accepted only if the unknown tail is zero (else
 * E2BIG; so is a size above a page, whatever the tail holds).  Output is
 * copied back truncated to the user's size.
 */
#include <linux/build_bug.h>
#include <linux/mm.h>
#include <linux/kos.h>
#include <linux/nospec.h>
#include <linux/uaccess.h>

#include "channel.h"
#include "dma.h"
#include "handle.h"
#include "iomap.h"
#include "iommu.h"
#include "ioctl.h"
#include "ioport.h"
#include "ipc_name.h"
#include "irq.h"
#include "mmio.h"
#include "notice.h"
#include "ns.h"
#include "policy.h"
#include "ucmd.h"

static int kos_version_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_version *cmd = ucmd->cmd;

	if (cmd->flags || cmd->__reserved)
		return -EINVAL;
	cmd->abi_version = KOS_ABI_VERSION;
	cmd->features = KOS_FEAT_CONTEXT | KOS_FEAT_HANDLES | KOS_FEAT_NOTICES |
			 KOS_FEAT_IPC | KOS_FEAT_POLICY | KOS_FEAT_DMA |
			 KOS_FEAT_MMIO | KOS_FEAT_IRQ |
			 KOS_FEAT_IOMMU | KOS_FEAT_IPC_CALL_TIMEOUT | KOS_FEAT_NS |
			 (IS_ENABLED(CONFIG_X86) ? KOS_FEAT_IOPORT : 0);
	return kos_ucmd_respond(ucmd, sizeof(*cmd));
}

/* Union of every argument struct: the on-stack buffer for the kernel copy. */
union kos_ucmd_buffer {
	struct kos_version version;
	struct kos_handle_create handle_create;
	struct kos_handle_op handle_op;
	struct kos_handle_transfer handle_transfer;
	struct kos_handle_badge handle_badge;
	struct kos_notice_create notice_create;
	struct kos_notice_subscribe notice_subscribe;
	struct kos_notice_set notice_set;
	struct kos_notice_get notice_get;
	struct kos_ipc_channel ipc_channel;
	struct kos_ipc_msg ipc_msg;
	struct kos_ipc_name ipc_name;
	struct kos_ns_open ns_open;
	struct kos_ns_entry ns_entry;
	struct kos_policy_load policy_load;
	struct kos_policy_show policy_show;
	struct kos_policy_eval policy_eval;
	struct kos_policy_class policy_class;
	struct kos_dma_create dma_create;
	struct kos_io_handle io_handle;
	struct kos_dma_info dma_info;
	struct kos_io_map io_map;
	struct kos_iomem_register iomem_register;
	struct kos_irq_register irq_register;
	struct kos_irq_op irq_op;
	struct kos_ioport_register ioport_register;
	struct kos_ioport_permit ioport_permit;
	struct kos_iommu_device iommu_device;
};

struct kos_ioctl_op {
	unsigned int size;
	unsigned int min_size;
	unsigned int ioctl_num;
	int (*execute)(struct kos_ucmd *ucmd);
};

#define IOCTL_OP(_ioctl, _fn, _struct, _last)                                  \
	[_IOC_NR(_ioctl) - KOS_CMD_BASE] = {                                   \
		.size = sizeof(_struct) +                                      \
			BUILD_BUG_ON_ZERO(sizeof(union kos_ucmd_buffer) <      \
					  sizeof(_struct)),                    \
		.min_size = offsetofend(_struct, _last),                       \
		.ioctl_num = _ioctl,                                           \
		.execute = _fn,                                                \
	}

static const struct kos_ioctl_op kos_ioctl_ops[] = {
	IOCTL_OP(KOS_VERSION, kos_version_ioctl, struct kos_version, features),
	IOCTL_OP(KOS_HANDLE_CREATE, kos_handle_create_ioctl,
		 struct kos_handle_create, __reserved),
	IOCTL_OP(KOS_HANDLE_CLOSE, kos_handle_close_ioctl, struct kos_handle_op,
		 badge),
	IOCTL_OP(KOS_HANDLE_REVOKE, kos_handle_revoke_ioctl, struct kos_handle_op,
		 badge),
	IOCTL_OP(KOS_HANDLE_TRANSFER, kos_handle_transfer_ioctl,
		 struct kos_handle_transfer, __reserved),
	IOCTL_OP(KOS_HANDLE_CREATE_BADGE, kos_notice_badge_ioctl,
		 struct kos_handle_badge, __reserved2),
	IOCTL_OP(KOS_NOTICE_CREATE, kos_notice_create_ioctl,
		 struct kos_notice_create, __reserved),
	IOCTL_OP(KOS_NOTICE_SUBSCRIBE, kos_notice_subscribe_ioctl,
		 struct kos_notice_subscribe, event_id),
	IOCTL_OP(KOS_NOTICE_SET_EVENT, kos_notice_set_ioctl,
		 struct kos_notice_set, event_mask),
	IOCTL_OP(KOS_NOTICE_GET_EVENT, kos_notice_get_ioctl,
		 struct kos_notice_get, __reserved),
	IOCTL_OP(KOS_IPC_CHANNEL_CREATE, kos_channel_create_ioctl,
		 struct kos_ipc_channel, server),
	IOCTL_OP(KOS_IPC_CALL, kos_channel_call_ioctl, struct kos_ipc_msg,
		 timeout_ms),
	IOCTL_OP(KOS_IPC_RECV, kos_channel_recv_ioctl, struct kos_ipc_msg,
		 timeout_ms),
	IOCTL_OP(KOS_IPC_REPLY, kos_channel_reply_ioctl, struct kos_ipc_msg,
		 timeout_ms),
	IOCTL_OP(KOS_IPC_REPLY_RECV, kos_channel_reply_recv_ioctl,
		 struct kos_ipc_msg, timeout_ms),
	IOCTL_OP(KOS_IPC_PUBLISH, kos_ipc_name_publish_ioctl, struct kos_ipc_name,
		 name),
	IOCTL_OP(KOS_IPC_UNPUBLISH, kos_ipc_name_unpublish_ioctl,
		 struct kos_ipc_name, name),
	IOCTL_OP(KOS_IPC_CONNECT, kos_ipc_name_connect_ioctl, struct kos_ipc_name,
		 name),
	IOCTL_OP(KOS_NS_OPEN, kos_ns_open_ioctl, struct kos_ns_open, name),
	IOCTL_OP(KOS_NS_PUBLISH, kos_ns_publish_ioctl, struct kos_ns_entry,
		 service),
	IOCTL_OP(KOS_NS_UNPUBLISH, kos_ns_unpublish_ioctl, struct kos_ns_entry,
		 service),
	IOCTL_OP(KOS_NS_ENUM, kos_ns_enum_ioctl, struct kos_ns_entry, service),
	IOCTL_OP(KOS_POLICY_LOAD, kos_policy_load_ioctl,
		 struct kos_policy_load, __reserved),
	IOCTL_OP(KOS_POLICY_SHOW, kos_policy_show_ioctl,
		 struct kos_policy_show, generation),
	IOCTL_OP(KOS_POLICY_EVALUATE, kos_policy_eval_ioctl,
		 struct kos_policy_eval, dst_class),
	IOCTL_OP(KOS_POLICY_SET_CLASS, kos_policy_set_class_ioctl,
		 struct kos_policy_class, name),
	IOCTL_OP(KOS_POLICY_GET_CLASS, kos_policy_get_class_ioctl,
		 struct kos_policy_class, name),
	IOCTL_OP(KOS_DMA_CREATE, kos_dma_create_ioctl, struct kos_dma_create,
		 __reserved),
	IOCTL_OP(KOS_DMA_BEGIN, kos_dma_begin_ioctl, struct kos_io_handle,
		 out_handle),
	IOCTL_OP(KOS_IO_CLOSE, kos_io_close_ioctl, struct kos_io_handle,
		 out_handle),
	IOCTL_OP(KOS_DMA_INFO, kos_dma_info_ioctl, struct kos_dma_info,
		 __reserved),
	IOCTL_OP(KOS_IO_MAP, kos_io_map_ioctl, struct kos_io_map, mmap_offset),
	IOCTL_OP(KOS_IOMEM_REGISTER, kos_iomem_register_ioctl,
		 struct kos_iomem_register, __reserved),
	IOCTL_OP(KOS_IRQ_REGISTER, kos_irq_register_ioctl,
		 struct kos_irq_register, handle),
	IOCTL_OP(KOS_IRQ_ATTACH, kos_irq_attach_ioctl, struct kos_irq_op,
		 out_handle),
	IOCTL_OP(KOS_IRQ_DETACH, kos_irq_detach_ioctl, struct kos_irq_op,
		 out_handle),
	IOCTL_OP(KOS_IRQ_ENABLE, kos_irq_enable_ioctl, struct kos_irq_op,
		 out_handle),
	IOCTL_OP(KOS_IRQ_DISABLE, kos_irq_disable_ioctl, struct kos_irq_op,
		 out_handle),
	IOCTL_OP(KOS_IOPORT_REGISTER, kos_ioport_register_ioctl,
		 struct kos_ioport_register, __reserved),
	IOCTL_OP(KOS_IOPORT_PERMIT, kos_ioport_permit_ioctl,
		 struct kos_ioport_permit, length),
	IOCTL_OP(KOS_IOMMU_ATTACH, kos_iommu_attach_ioctl,
		 struct kos_iommu_device, __reserved),
	IOCTL_OP(KOS_IOMMU_DETACH, kos_iommu_detach_ioctl,
		 struct kos_iommu_device, __reserved),
};

/*
 * Pin every struct size: the ABI is the same for 32- and 64-bit callers.
 * File scope, so that the compiler checks them whatever is called.
 */
static_assert(sizeof(struct kos_version) == 24);
static_assert(sizeof(struct kos_handle_create) == 32);
static_assert(sizeof(struct kos_handle_op) == 16);
static_assert(sizeof(struct kos_handle_transfer) == 32);
static_assert(sizeof(struct kos_handle_badge) == 40);
static_assert(sizeof(struct kos_notice_create) == 16);
static_assert(sizeof(struct kos_notice_subscribe) == 32);
static_assert(sizeof(struct kos_notice_set) == 16);
static_assert(sizeof(struct kos_event) == 16);
static_assert(sizeof(struct kos_notice_get) == 40);
static_assert(sizeof(struct kos_ipc_handle) == 24);
static_assert(sizeof(struct kos_msg_hdr) == 192);
static_assert(sizeof(struct kos_ipc_channel) == 16);
static_assert(sizeof(struct kos_ipc_msg) == 40);
static_assert(sizeof(struct kos_ipc_name) == 88);
static_assert(sizeof(struct kos_ns_open) == 88);
static_assert(sizeof(struct kos_ns_entry) == 208);
static_assert(sizeof(struct kos_policy_load) == 24);
static_assert(sizeof(struct kos_policy_show) == 32);
static_assert(sizeof(struct kos_policy_eval) == 176);
static_assert(sizeof(struct kos_policy_class) == 72);
static_assert(sizeof(struct kos_dma_create) == 32);
static_assert(sizeof(struct kos_io_handle) == 16);
static_assert(sizeof(struct kos_dma_info) == 48);
static_assert(sizeof(struct kos_io_map) == 48);
static_assert(sizeof(struct kos_iomem_register) == 32);
static_assert(sizeof(struct kos_irq_register) == 16);
static_assert(sizeof(struct kos_irq_op) == 16);
static_assert(sizeof(struct kos_irq_event) == 16);
static_assert(sizeof(struct kos_ioport_register) == 24);
static_assert(sizeof(struct kos_ioport_permit) == 24);
static_assert(sizeof(struct kos_iommu_device) == 16);

long kos_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct kos_context *ctx = file->private_data;
	const struct kos_ioctl_op *op;
	union kos_ucmd_buffer buf;
	struct kos_ucmd ucmd = {};
	unsigned int nr = _IOC_NR(cmd);
	int ret;

	if (nr < KOS_CMD_BASE || nr - KOS_CMD_BASE >= ARRAY_SIZE(kos_ioctl_ops))
		return -ENOTTY;
	op = &kos_ioctl_ops[array_index_nospec(nr - KOS_CMD_BASE,
					       ARRAY_SIZE(kos_ioctl_ops))];
	if (op->ioctl_num != cmd)
		return -ENOTTY;
	if (!kos_context_is_owner(ctx))
		return -EBADFD;

	ucmd.ctx = ctx;
	ucmd.ubuffer = (void __user *)arg;
	ret = get_user(ucmd.user_size, (u32 __user *)ucmd.ubuffer);
	if (ret)
		return ret;
	if (ucmd.user_size < op->min_size)
		return -EINVAL;
	/* A future struct is far below a page; more is a scan of user memory. */
	if (ucmd.user_size > PAGE_SIZE)
		return -E2BIG;

	ucmd.cmd = &buf;
	ret = copy_struct_from_user(ucmd.cmd, op->size, ucmd.ubuffer, ucmd.user_size);
	if (ret)
		return ret;
	return op->execute(&ucmd);
}
