// SPDX-License-Identifier: GPL-2.0
/*
 * The security module: process classes, the loaded policy, and the check
 * every IPC message passes before delivery (kos_policy_check()).
 *
 * The policy is one immutable blob published through an RCU pointer: a
 * decision runs entirely under rcu_read_lock() on one blob, so a message is
 * judged by the old or the new policy, never a mix; a load swaps the pointer
 * and frees the old blob after a grace period.
 */
#include <linux/capability.h>
#include <linux/file.h>
#include <linux/kos.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>

#include "audit.h"
#include "policy.h"
#include "policy/eval.h"


struct kos_policy {
	struct rcu_head rcu;
	struct kpol pol;
	u32 len;
	u8 blob[] __aligned(8);
};

static struct kos_policy __rcu *kos_policy_cur;
static DEFINE_MUTEX(kos_policy_lock);	/* serializes loads */
static u64 kos_policy_generation;	/* under kos_policy_lock */

bool kos_policy_allow_unloaded = true;

static int default_set(const char *val, const struct kernel_param *kp)
{
	if (sysfs_streq(val, "allow"))
		WRITE_ONCE(kos_policy_allow_unloaded, true);
	else if (sysfs_streq(val, "deny"))
		WRITE_ONCE(kos_policy_allow_unloaded, false);
	else
		return -EINVAL;
	return 0;
}

static int default_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", READ_ONCE(kos_policy_allow_unloaded) ?
			  "allow" : "deny");
}

static const struct kernel_param_ops kos_policy_default_ops = {
	.set = default_set,
	.get = default_get,
};
module_param_cb(default_policy, &kos_policy_default_ops, NULL, 0644);
MODULE_PARM_DESC(default_policy,
		 "Verdict while no policy is loaded: allow (development, default) or deny (production)");

static bool policy_admin(void)
{
	return capable(CAP_SYS_ADMIN) || capable(CAP_MAC_ADMIN);
}

static const char *ctx_class(const struct kos_context *ctx)
{
	/* pairs with cmpxchg_release() in set_class: the name is complete */
	const char *name = ctx ? smp_load_acquire(&ctx->class_name) : NULL;

	return name ? name : "";
}

/* Decide under RCU; the no-policy default when none is loaded. */
static void decide(const struct kpol_query *q, struct kpol_result *res)
{
	struct kos_policy *p;

	rcu_read_lock();
	p = rcu_dereference(kos_policy_cur);
	if (p) {
		kos_policy_eval(&p->pol, q, res);
	} else {
		res->verdict = READ_ONCE(kos_policy_allow_unloaded) ?
			       KPOL_GRANT : KPOL_DENY;
		res->matched = 0;
		res->line = 0;
		res->audit = res->verdict == KPOL_DENY;
	}
	rcu_read_unlock();
}

static void audit(const struct kpol_query *q, const struct kpol_result *res,
		  pid_t pid)
{
	struct kos_audit_rec rec = {
		.src_pid = pid, .src_class = q->src, .dst_class = q->dst,
		.kind = q->kind, .endpoint = q->endpoint, .method = q->method,
		.verdict = res->verdict, .line = res->line,
	};

	kos_audit_emit(&rec);
}

/* The structure check that comes before any rule: the IPC message limits. */
static bool msg_well_formed(const struct kos_policy_msg *msg)
{
	return msg->kind >= KPOL_REQUEST && msg->kind <= KPOL_ERROR &&
	       msg->src && msg->dst && msg->size >= sizeof(struct kos_msg_hdr) &&
	       msg->size <= KOS_IPC_MSG_MAX && msg->nhandles <= KOS_IPC_HANDLES_MAX;
}

int kos_policy_check(const struct kos_policy_msg *msg)
{
	struct kpol_query q = {
		.kind = msg->kind, .endpoint = msg->endpoint, .method = msg->method,
		.src = ctx_class(msg->src), .dst = ctx_class(msg->dst),
	};
	struct kpol_result res = { .verdict = KPOL_DENY, .audit = 1 };

	if (msg_well_formed(msg))
		decide(&q, &res);
	if (res.audit)
		audit(&q, &res, msg->src ? msg->src->tgid : 0);
	return res.verdict == KPOL_GRANT ? 0 : -EACCES;
}

/* Copy, validate and wrap a user blob. */
static struct kos_policy *policy_from_user(u64 ubuf, u32 len)
{
	struct kos_policy *p;

	if (len > KOS_POLICY_MAX_SIZE)
		return ERR_PTR(-EINVAL);
	p = kvmalloc(struct_size(p, blob, len), GFP_KERNEL_ACCOUNT);
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->len = len;
	if (copy_from_user(p->blob, u64_to_user_ptr(ubuf), len)) {
		kvfree(p);
		return ERR_PTR(-EFAULT);
	}
	if (kos_policy_eval_parse(&p->pol, p->blob, len)) {
		kvfree(p);
		return ERR_PTR(-EINVAL);
	}
	return p;
}

static void policy_replace(struct kos_policy *p)
{
	struct kos_policy *old;

	mutex_lock(&kos_policy_lock);
	old = rcu_replace_pointer(kos_policy_cur, p, lockdep_is_held(&kos_policy_lock));
	kos_policy_generation++;
	mutex_unlock(&kos_policy_lock);
	if (old)
		kvfree_rcu(old, rcu);
}

int kos_policy_load_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_policy_load *cmd = ucmd->cmd;
	struct kos_policy *p = NULL;

	if ((cmd->flags | KOS_POLICY_LOAD_CLEAR) != KOS_POLICY_LOAD_CLEAR ||
	    cmd->__reserved)
		return -EINVAL;
	if ((cmd->flags & KOS_POLICY_LOAD_CLEAR) && (cmd->blob || cmd->blob_len))
		return -EINVAL;
	if (!policy_admin())
		return -EPERM;
	if (!(cmd->flags & KOS_POLICY_LOAD_CLEAR)) {
		p = policy_from_user(cmd->blob, cmd->blob_len);
		if (IS_ERR(p))
			return PTR_ERR(p);
	}
	policy_replace(p);
	return 0;
}

/*
 * The loaded blob is copied under the lock into a buffer of our own, and
 * from there to user space without it: a copy that faults (userfaultfd,
 * FUSE) must not hold up every policy load.
 */
int kos_policy_show_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_policy_show *cmd = ucmd->cmd;
	struct kos_policy *p;
	void *copy = NULL;
	u32 len = 0;
	int ret = 0;

	if (cmd->flags)
		return -EINVAL;
	for (;;) {
		mutex_lock(&kos_policy_lock);
		p = rcu_dereference_protected(kos_policy_cur,
					      lockdep_is_held(&kos_policy_lock));
		cmd->generation = kos_policy_generation;
		cmd->blob_len = p ? p->len : 0;
		if (!p || cmd->buf_len < p->len || (copy && len >= p->len))
			break;
		mutex_unlock(&kos_policy_lock);
		/* allocate outside the lock; retry if the policy grew meanwhile */
		kvfree(copy);
		len = cmd->blob_len;
		copy = kvmalloc(len, GFP_KERNEL_ACCOUNT);
		if (!copy)
			return -ENOMEM;
	}
	if (!p)
		ret = -ENOENT;
	else if (cmd->buf_len < p->len)
		ret = -ENOSPC;
	else
		memcpy(copy, p->blob, p->len);
	mutex_unlock(&kos_policy_lock);
	if (!ret && copy_to_user(u64_to_user_ptr(cmd->buf), copy, cmd->blob_len))
		ret = -EFAULT;
	kvfree(copy);
	if (ret == -EFAULT)
		return ret;
	return kos_ucmd_respond(ucmd, sizeof(*cmd)) ?: ret;
}

/* KOS_EVAL_CONTEXTS: run kos_policy_check() on a message to @cmd->dst_fd. */
static int eval_contexts(struct kos_ucmd *ucmd, struct kos_policy_eval *cmd)
{
	struct kos_policy_msg msg = {
		.kind = cmd->kind, .endpoint = cmd->endpoint, .method = cmd->method,
		.size = cmd->msg_size, .nhandles = cmd->nhandles, .src = ucmd->ctx,
	};
	struct file *file;
	int ret;

	if (cmd->src_class[0] || cmd->dst_class[0] || cmd->kind > KOS_MSG_ERROR)
		return -EINVAL;
	file = fget(cmd->dst_fd);
	if (!file)
		return -EBADF;
	msg.dst = kos_context_from_file(file);
	ret = msg.dst ? kos_policy_check(&msg) : -EBADF;
	fput(file);
	if (ret && ret != -EACCES)
		return ret;
	cmd->verdict = ret ? KPOL_DENY : KPOL_GRANT;
	cmd->matched = 0;
	cmd->line = 0;
	return kos_ucmd_respond(ucmd, sizeof(*cmd));
}

int kos_policy_eval_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_policy_eval *cmd = ucmd->cmd;
	struct kpol_query q = {
		.kind = cmd->kind, .endpoint = cmd->endpoint, .method = cmd->method,
		.src = cmd->src_class, .dst = cmd->dst_class,
	};
	struct kpol_result res;

	const u32 known = KOS_EVAL_AUDIT | KOS_EVAL_CONTEXTS;

	if ((cmd->flags | known) != known || cmd->__reserved)
		return -EINVAL;
	if (cmd->kind < KOS_MSG_REQUEST || cmd->kind > KOS_MSG_EXECUTE)
		return -EINVAL;
	if (!memchr(cmd->src_class, 0, KOS_CLASS_NAME_MAX) ||
	    !memchr(cmd->dst_class, 0, KOS_CLASS_NAME_MAX))
		return -EINVAL;
	/* kos_policy_check() audits what the policy says, no flag needed */
	if (cmd->flags & KOS_EVAL_CONTEXTS)
		return cmd->flags == KOS_EVAL_CONTEXTS ? eval_contexts(ucmd, cmd) : -EINVAL;
	if ((cmd->dst_fd && cmd->dst_fd != -1) || cmd->msg_size || cmd->nhandles)
		return -EINVAL;
	/* a dry run's record would look like a real decision: admins only */
	if ((cmd->flags & KOS_EVAL_AUDIT) && !policy_admin())
		return -EPERM;
	decide(&q, &res);
	if ((cmd->flags & KOS_EVAL_AUDIT) && res.audit)
		audit(&q, &res, ucmd->ctx->tgid);
	cmd->verdict = res.verdict;
	cmd->matched = res.matched;
	cmd->line = res.line;
	return kos_ucmd_respond(ucmd, sizeof(*cmd));
}

int kos_policy_set_class_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_policy_class *cmd = ucmd->cmd;
	size_t len = strnlen(cmd->name, KOS_CLASS_NAME_MAX);
	char *name;

	if (cmd->flags || !len || len == KOS_CLASS_NAME_MAX)
		return -EINVAL;
	if (!policy_admin())
		return -EPERM;
	/* pairs with cmpxchg_release() below */
	if (smp_load_acquire(&ucmd->ctx->class_name))
		return -EEXIST;
	name = kmemdup_nul(cmd->name, len, GFP_KERNEL_ACCOUNT);
	if (!name)
		return -ENOMEM;
	/* set once: the first writer wins, readers need no lock */
	if (cmpxchg_release(&ucmd->ctx->class_name, NULL, name)) {
		kfree(name);
		return -EEXIST;
	}
	return 0;
}

int kos_policy_get_class_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_policy_class *cmd = ucmd->cmd;
	/* pairs with cmpxchg_release() in set_class */
	const char *name = smp_load_acquire(&ucmd->ctx->class_name);

	if (cmd->flags)
		return -EINVAL;
	if (!name)
		return -ENOENT;
	strscpy(cmd->name, name, sizeof(cmd->name));
	return kos_ucmd_respond(ucmd, sizeof(*cmd));
}

void kos_policy_ctx_release(struct kos_context *ctx)
{
	kfree(ctx->class_name);
}

/* kvfree_rcu() runs no module code: nothing to wait for at unload. */
void kos_policy_uninit(void)
{
	policy_replace(NULL);
}
