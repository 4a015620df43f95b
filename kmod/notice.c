// SPDX-License-Identifier: GPL-2.0
/*
 * Notices: notification receivers as objects, and their ioctls.  The
 * subscriptions, the ready list and the waiting are event.c's; a notice
 * object's private data is its struct kos_receiver.  A badge (handle.c) is
 * created here too: it is born with a notice watching it.
 */
#include <linux/kos.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "event.h"
#include "handle.h"
#include "notice.h"

#define KOS_NOTICE_COUNT_MAX 4096

static void notice_destroyed(void *priv)
{
	kos_receiver_close(priv);
}

static void notice_release(void *priv)
{
	kos_receiver_free(priv);
}

static const struct kos_object_ops notice_ops = {
	.type = KOS_HTYPE_NOTICE,
	.destroyed = notice_destroyed,
	.release = notice_release,
};

/* The receiver of the notice behind @handle, its object referenced. */
static struct kos_receiver *notice_lookup(struct kos_context *ctx, int handle,
					  struct kos_object **objp)
{
	struct kos_object *obj;

	obj = kos_handle_object(ctx, handle, KOS_HTYPE_NOTICE, 0);
	if (IS_ERR(obj))
		return ERR_CAST(obj);
	*objp = obj;
	return obj->priv;
}

__poll_t kos_notice_poll(struct kos_context *ctx, struct file *file,
			 poll_table *wait)
{
	poll_wait(file, &ctx->poll_wq, wait);
	return atomic_read(&ctx->ready_notices) ? EPOLLIN | EPOLLRDNORM : 0;
}

int kos_notice_create_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_notice_create *cmd = ucmd->cmd;
	struct kos_receiver *r;
	int ret;

	if (cmd->flags || cmd->__reserved || cmd->handle)
		return -EINVAL;
	r = kos_receiver_new(ucmd->ctx, kos_max_handles);
	if (!r)
		return -ENOMEM;
	ret = kos_kobject_install(ucmd->ctx, &notice_ops, r, ~0U,
				  &cmd->handle);
	if (ret)
		return ret;
	return kos_ucmd_respond(ucmd, sizeof(*cmd));
}

int kos_notice_subscribe_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_notice_subscribe *cmd = ucmd->cmd;
	struct kos_object *notice, *obj;
	struct kos_receiver *r;
	int ret;

	if (cmd->flags || cmd->__reserved || !cmd->event_mask)
		return -EINVAL;
	r = notice_lookup(ucmd->ctx, cmd->notice, &notice);
	if (IS_ERR(r))
		return PTR_ERR(r);
	obj = kos_handle_object(ucmd->ctx, cmd->object, 0, KOS_RIGHT_GET_EVENT);
	ret = PTR_ERR_OR_ZERO(obj);
	if (ret)
		goto out;
	/* Under the tree lock so a concurrent destroy cannot miss us. */
	mutex_lock(&obj->tree_lock);
	ret = obj->root ? kos_event_subscribe(r, &obj->watchers,
					      cmd->event_mask, cmd->event_id,
					      ucmd->ctx->user) :
			  -EKEYREVOKED;
	mutex_unlock(&obj->tree_lock);
	kos_object_put(obj);
out:
	kos_object_put(notice);
	return ret;
}

/* A badge whose destruction and last use @cmd->notice hears of. */
int kos_notice_badge_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_handle_badge *cmd = ucmd->cmd;
	struct kos_object *notice, *obj;
	struct kos_receiver *r;
	int ret;

	if (cmd->flags || cmd->__reserved || cmd->__reserved2 || cmd->handle)
		return -EINVAL;
	r = notice_lookup(ucmd->ctx, cmd->notice, &notice);
	if (IS_ERR(r))
		return PTR_ERR(r);
	ret = -ENOMEM;
	obj = kos_object_alloc(KOS_HTYPE_BADGE, cmd->context);
	if (!obj)
		goto out;
	ret = kos_event_subscribe(r, &obj->watchers, KOS_EVENT_OBJECT_DESTROYED |
				  KOS_EVENT_BADGE_CLOSED, cmd->event_id,
				  ucmd->ctx->user);
	if (ret) {
		kos_object_put(obj);
		goto out;
	}
	ret = kos_handle_install(ucmd->ctx, obj, ~0U, &cmd->handle);
	if (!ret)
		ret = kos_ucmd_respond(ucmd, sizeof(*cmd));
out:
	kos_object_put(notice);
	return ret;
}

int kos_notice_set_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_notice_set *cmd = ucmd->cmd;
	struct kos_object *obj;

	if (cmd->flags || (cmd->event_mask & KOS_EVENT_GENERAL_MASK) ||
	    !cmd->event_mask)
		return -EINVAL;
	obj = kos_handle_object(ucmd->ctx, cmd->object, 0, KOS_RIGHT_SET_EVENT);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	kos_event_signal(&obj->watchers, cmd->event_mask);
	kos_object_put(obj);
	return 0;
}

int kos_notice_get_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_notice_get *cmd = ucmd->cmd;
	struct kos_sub **subs = NULL;
	struct kos_receiver *r;
	struct kos_object *obj;
	struct kos_event *ev;
	int ret;

	if (cmd->flags || cmd->__reserved || !cmd->count_max ||
	    cmd->count_max > KOS_NOTICE_COUNT_MAX)
		return -EINVAL;
	r = notice_lookup(ucmd->ctx, cmd->notice, &obj);
	if (IS_ERR(r))
		return PTR_ERR(r);
	ev = kvcalloc(cmd->count_max, sizeof(*ev), GFP_KERNEL_ACCOUNT);
	if (ev)
		subs = kvcalloc(cmd->count_max, sizeof(*subs), GFP_KERNEL_ACCOUNT);
	ret = -ENOMEM;
	if (!subs)
		goto out_free;
	ret = kos_event_take(r, ev, subs, cmd->count_max, cmd->timeout_ms);
	if (ret < 0)
		goto out_free;
	cmd->count = ret;
	/* Events that never reach user space are not lost. */
	ret = -EFAULT;
	if (!copy_to_user(u64_to_user_ptr(cmd->events), ev,
			  cmd->count * sizeof(*ev)))
		ret = kos_ucmd_respond(ucmd, sizeof(*cmd));
	if (ret)
		kos_event_give_back(r, ev, subs, cmd->count);
out_free:
	kvfree(subs);
	kvfree(ev);
	kos_object_put(obj);
	return ret;
}
