// SPDX-License-Identifier: GPL-2.0
/*
 * Name servers: registries of (type, server, service) entries, so a client
 * finds which server process provides an interface (NsCreate,
 * NsPublishService, NsEnumServices, NsUnPublishService of libkos).
 *
 * Each IPC namespace has its own: the default name server "ns" always
 * exists in every one, and a context may create more (KOS_NS_SERVE), which
 * live as long as it and take entries from their creator only.  An entry
 * belongs to the context that published it and goes away with it, so a
 * dead server never stays listed.  Everything is bounded per context
 * (KOS_NS_CTX_MAX entries) and per user (KOS_NS_ENTRIES_MAX entries,
 * KOS_NS_SERVERS_MAX name servers, module parameters max_user_names and
 * max_user_ns_servers) and lives on two lists under one mutex.
 */
#include <linux/kos.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ns.h"
#include "objstat.h"
#include "timeout.h"
#include "user.h"

/**
 * struct kos_ns_server - one name server
 * @link: in kos_ns_servers
 * @id: what KOS_NS_OPEN returns; never reused while the module is loaded
 * @owner: the context that created it, NULL for the default one
 * @scope: the IPC namespace it serves; NULL for the default one (all)
 * @user: the creator's user, charged with it
 * @name: its name
 */
struct kos_ns_server {
	struct list_head link;
	u32 id;
	struct kos_context *owner;
	const struct ipc_namespace *scope;
	struct kos_user *user;
	char name[KOS_NS_NAME_MAX];
};

/**
 * struct kos_ns_record - one published entry
 * @link: in kos_ns_records, oldest first (the enumeration order)
 * @ns: id of its name server
 * @scope: the publisher's IPC namespace
 * @owner: the publishing context (not referenced: it removes its records
 *         before it is freed)
 * @user: the publisher's user, charged with it
 */
struct kos_ns_record {
	struct list_head link;
	u32 ns;
	const struct ipc_namespace *scope;
	struct kos_context *owner;
	struct kos_user *user;
	char type[KOS_NS_NAME_MAX];
	char server[KOS_NS_NAME_MAX];
	char service[KOS_NS_NAME_MAX];
};

static DEFINE_MUTEX(kos_ns_lock);
static struct list_head kos_ns_servers;
static LIST_HEAD(kos_ns_records);
static u32 kos_ns_next_id = KOS_NS_DEFAULT + 1;
static DECLARE_WAIT_QUEUE_HEAD(kos_ns_wq);
static atomic_t kos_ns_gen;

/* The default name server: always on the list, never freed. */
static struct kos_ns_server kos_ns_default = {
	.link = LIST_HEAD_INIT(kos_ns_servers),
	.id = KOS_NS_DEFAULT,
	.name = "ns",
};

static struct list_head kos_ns_servers = LIST_HEAD_INIT(kos_ns_default.link);

static bool valid_name(const char *name)
{
	return name[0] && memchr(name, 0, KOS_NS_NAME_MAX);
}

/* True when @ctx sees name server @s: the default one, or one of its scope. */
static bool visible(const struct kos_ns_server *s, const struct kos_context *ctx)
{
	return !s->scope || s->scope == ctx->ipc_ns;
}

static struct kos_ns_server *server_by_name(const struct kos_context *ctx,
					    const char *name)
{
	struct kos_ns_server *s;

	lockdep_assert_held(&kos_ns_lock);
	list_for_each_entry(s, &kos_ns_servers, link)
		if (visible(s, ctx) && !strcmp(s->name, name))
			return s;
	return NULL;
}

static struct kos_ns_server *server_by_id(const struct kos_context *ctx, u32 id)
{
	struct kos_ns_server *s;

	lockdep_assert_held(&kos_ns_lock);
	list_for_each_entry(s, &kos_ns_servers, link)
		if (visible(s, ctx) && s->id == id)
			return s;
	return NULL;
}

static void changed(void)
{
	atomic_inc(&kos_ns_gen);
	wake_up_all(&kos_ns_wq);
}

/* Create name server @cmd->name owned by @ctx. */
static int serve(struct kos_context *ctx, struct kos_ns_open *cmd)
{
	struct kos_ns_server *s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	int ret;

	if (!s)
		return -ENOMEM;
	s->owner = ctx;
	s->scope = ctx->ipc_ns;
	strscpy(s->name, cmd->name, sizeof(s->name));
	mutex_lock(&kos_ns_lock);
	ret = -EEXIST;
	if (server_by_name(ctx, s->name))
		goto err_unlock;
	ret = kos_user_charge(ctx->user, KOS_UR_NS_SERVERS, 1);
	if (ret)
		goto err_unlock;
	s->user = ctx->user;
	s->id = kos_ns_next_id++;
	list_add_tail(&s->link, &kos_ns_servers);
	kos_objstat_inc(KOS_OBJ_NS_SERVER);
	cmd->id = s->id;
	mutex_unlock(&kos_ns_lock);
	changed();
	return 0;

err_unlock:
	mutex_unlock(&kos_ns_lock);
	kfree(s);
	return ret;
}

/* The id of name server @name, waiting for it up to @timeout_ms. */
static int find(const struct kos_context *ctx, const char *name,
		u64 timeout_ms, u32 *id)
{
	long left = kos_timeout_jiffies(timeout_ms);
	struct kos_ns_server *s;
	int gen;

	for (;;) {
		gen = atomic_read(&kos_ns_gen);
		mutex_lock(&kos_ns_lock);
		s = server_by_name(ctx, name);
		if (s)
			*id = s->id;
		mutex_unlock(&kos_ns_lock);
		if (s)
			return 0;
		if (!left)
			return -ETIMEDOUT;
		left = wait_event_killable_timeout(kos_ns_wq,
						   atomic_read(&kos_ns_gen) != gen,
						   left);
		if (left < 0)
			return -EINTR;
	}
}

int kos_ns_open_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_ns_open *cmd = ucmd->cmd;
	int ret;

	if ((cmd->flags | KOS_NS_SERVE) != KOS_NS_SERVE || cmd->__reserved ||
	    cmd->id || !valid_name(cmd->name))
		return -EINVAL;
	if (!kos_context_in_scope(ucmd->ctx))
		return -EXDEV;
	if (cmd->flags & KOS_NS_SERVE)
		ret = serve(ucmd->ctx, cmd);
	else
		ret = find(ucmd->ctx, cmd->name, cmd->timeout_ms, &cmd->id);
	if (ret)
		return ret;
	return kos_ucmd_respond(ucmd, sizeof(*cmd));
}

static int check_entry(const struct kos_context *ctx,
		       const struct kos_ns_entry *cmd, bool enumerate)
{
	if (cmd->flags || (!enumerate && cmd->index) || !valid_name(cmd->type))
		return -EINVAL;
	if (!enumerate && (!valid_name(cmd->server) || !valid_name(cmd->service)))
		return -EINVAL;
	if (!kos_context_in_scope(ctx))
		return -EXDEV;
	return 0;
}

static struct kos_ns_record *record_find(const struct kos_context *ctx,
					 const struct kos_ns_entry *cmd)
{
	struct kos_ns_record *r;

	lockdep_assert_held(&kos_ns_lock);
	list_for_each_entry(r, &kos_ns_records, link)
		if (r->scope == ctx->ipc_ns && r->ns == cmd->ns &&
		    !strcmp(r->type, cmd->type) &&
		    !strcmp(r->server, cmd->server) &&
		    !strcmp(r->service, cmd->service))
			return r;
	return NULL;
}

static unsigned int records_of(const struct kos_context *ctx)
{
	struct kos_ns_record *r;
	unsigned int n = 0;

	lockdep_assert_held(&kos_ns_lock);
	list_for_each_entry(r, &kos_ns_records, link)
		n += r->owner == ctx;
	return n;
}

/*
 * Why @cmd cannot be added now, or 0.  A created name server takes entries
 * from its creator only; the default one from anyone in its scope.
 */
static int publish_check(struct kos_context *ctx, const struct kos_ns_entry *cmd)
{
	struct kos_ns_server *s;

	lockdep_assert_held(&kos_ns_lock);
	s = server_by_id(ctx, cmd->ns);
	if (!s)
		return -ENOTCONN;
	if (s->owner && s->owner != ctx)
		return -EACCES;
	if (record_find(ctx, cmd))
		return -EEXIST;
	if (records_of(ctx) >= KOS_NS_CTX_MAX)
		return -EDQUOT;
	return 0;
}

int kos_ns_publish_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_ns_entry *cmd = ucmd->cmd;
	struct kos_ns_record *r;
	int ret = check_entry(ucmd->ctx, cmd, false);

	if (ret)
		return ret;
	r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
	if (!r)
		return -ENOMEM;
	r->ns = cmd->ns;
	r->scope = ucmd->ctx->ipc_ns;
	r->owner = ucmd->ctx;
	strscpy(r->type, cmd->type, sizeof(r->type));
	strscpy(r->server, cmd->server, sizeof(r->server));
	strscpy(r->service, cmd->service, sizeof(r->service));
	mutex_lock(&kos_ns_lock);
	ret = publish_check(ucmd->ctx, cmd);
	if (!ret)
		ret = kos_user_charge(ucmd->ctx->user, KOS_UR_NAMES, 1);
	if (!ret) {
		r->user = ucmd->ctx->user;
		list_add_tail(&r->link, &kos_ns_records);
		kos_objstat_inc(KOS_OBJ_NS_ENTRY);
	}
	mutex_unlock(&kos_ns_lock);
	if (ret)
		kfree(r);
	return ret;
}

static void record_free(struct kos_ns_record *r)
{
	lockdep_assert_held(&kos_ns_lock);
	list_del(&r->link);
	kos_user_uncharge(r->user, KOS_UR_NAMES, 1);
	kfree(r);
	kos_objstat_dec(KOS_OBJ_NS_ENTRY);
}

int kos_ns_unpublish_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_ns_entry *cmd = ucmd->cmd;
	struct kos_ns_record *r;
	int ret = check_entry(ucmd->ctx, cmd, false);

	if (ret)
		return ret;
	mutex_lock(&kos_ns_lock);
	r = record_find(ucmd->ctx, cmd);
	ret = -ENOENT;
	if (!server_by_id(ucmd->ctx, cmd->ns)) {
		ret = -ENOTCONN;
	} else if (r && r->owner == ucmd->ctx) {
		record_free(r);
		ret = 0;
	}
	mutex_unlock(&kos_ns_lock);
	return ret;
}

/* Copy the @cmd->index-th record of @cmd->type into @cmd. */
static int enum_find(const struct kos_context *ctx, struct kos_ns_entry *cmd)
{
	struct kos_ns_record *r;
	u32 i = 0;

	lockdep_assert_held(&kos_ns_lock);
	if (!server_by_id(ctx, cmd->ns))
		return -ENOTCONN;
	list_for_each_entry(r, &kos_ns_records, link) {
		if (r->scope != ctx->ipc_ns || r->ns != cmd->ns ||
		    strcmp(r->type, cmd->type))
			continue;
		if (i++ == cmd->index) {
			memcpy(cmd->server, r->server, sizeof(cmd->server));
			memcpy(cmd->service, r->service, sizeof(cmd->service));
			return 0;
		}
	}
	return -ENOENT;
}

int kos_ns_enum_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_ns_entry *cmd = ucmd->cmd;
	int ret = check_entry(ucmd->ctx, cmd, true);

	if (ret)
		return ret;
	mutex_lock(&kos_ns_lock);
	ret = enum_find(ucmd->ctx, cmd);
	mutex_unlock(&kos_ns_lock);
	if (ret)
		return ret;
	return kos_ucmd_respond(ucmd, sizeof(*cmd));
}

/* @ctx is going away: its entries and its name servers (with theirs) too. */
void kos_ns_ctx_release(struct kos_context *ctx)
{
	struct kos_ns_server *s, *stmp;
	struct kos_ns_record *r, *rtmp;
	bool any = false;

	mutex_lock(&kos_ns_lock);
	list_for_each_entry_safe(s, stmp, &kos_ns_servers, link) {
		if (s->owner != ctx)
			continue;
		list_for_each_entry_safe(r, rtmp, &kos_ns_records, link)
			if (r->ns == s->id)
				record_free(r);
		list_del(&s->link);
		kos_user_uncharge(s->user, KOS_UR_NS_SERVERS, 1);
		kfree(s);
		kos_objstat_dec(KOS_OBJ_NS_SERVER);
		any = true;
	}
	list_for_each_entry_safe(r, rtmp, &kos_ns_records, link)
		if (r->owner == ctx)
			record_free(r);
	mutex_unlock(&kos_ns_lock);
	if (any)
		changed();
}
