// SPDX-License-Identifier: GPL-2.0
/*
 * Service names: how a client finds a channel without being wired by hand.
 * A server publishes its server endpoint under a name; Connect gives the
 * caller a new handle to that channel's client endpoint, waiting up to a
 * timeout for the name to appear.  Entries go away with Unpublish, with the
 * context that published them (whose IPC namespace is the name's scope,
 * and which pins it on 6.12), or once their server endpoint is destroyed:
 * such an entry is dead and never found; a kernel watcher on the server
 * (event.c) queues the work that frees dead entries, so the channel layer
 * need not know of names.
 *
 * Names are scoped: each IPC namespace has its own (a container sees only
 * its own), and within one, a name published by an ordinary user is seen
 * by that user only, while one published with CAP_SYS_ADMIN over the
 * namespace is a system service that every user sees.  So no user can
 * squat a name and receive another user's Calls.  Each name is charged to
 * its publisher's user (max_user_names).
 *
 * Locking: kos_names_lock (mutex), never held while taking a tree_lock.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/ipc_namespace.h>
#include <linux/kos.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "channel.h"
#include "event.h"
#include "ipc_name.h"
#include "objstat.h"
#include "timeout.h"
#include "user.h"

/**
 * struct kos_ipc_name_entry - one published name
 * @link: in kos_names
 * @server: the server endpoint, referenced
 * @client: its client endpoint, referenced
 * @owner: the publishing context (not referenced: its shutdown drops it)
 * @scope: the publisher's IPC namespace
 * @uid: who sees it: the publisher's uid, or INVALID_UID for everyone
 * @user: the publisher's user, charged with the entry
 * @watch: on @server's watchers while listed: its destruction frees us
 * @name: the name
 */
struct kos_ipc_name_entry {
	struct list_head link;
	struct kos_object *server;
	struct kos_object *client;
	const struct kos_context *owner;
	const struct ipc_namespace *scope;
	kuid_t uid;
	struct kos_user *user;
	struct kos_watch watch;
	char name[KOS_IPC_NAME_MAX];
};

static DEFINE_MUTEX(kos_names_lock);
static LIST_HEAD(kos_names);
static DECLARE_WAIT_QUEUE_HEAD(kos_names_wq);
static atomic_t kos_names_gen;

/* Who sees what the caller publishes: INVALID_UID is everybody. */
static kuid_t publish_uid(const struct kos_context *ctx)
{
	return ns_capable(ctx->ipc_ns->user_ns, CAP_SYS_ADMIN) ?
	       INVALID_UID : current_uid();
}

static void free_entry(struct kos_ipc_name_entry *e)
{
	kos_watch_del(&e->server->watchers, &e->watch);
	list_del(&e->link);
	kos_user_uncharge(e->user, KOS_UR_NAMES, 1);
	kos_object_put(e->client);
	kos_object_put(e->server);
	kfree(e);
	kos_objstat_dec(KOS_OBJ_IPC_NAME);
}

static bool dead(const struct kos_ipc_name_entry *e)
{
	return !READ_ONCE(e->server->root);
}

/* Free the entries whose server endpoint is destroyed. */
static void prune(struct work_struct *work)
{
	struct kos_ipc_name_entry *e, *tmp;

	mutex_lock(&kos_names_lock);
	list_for_each_entry_safe(e, tmp, &kos_names, link)
		if (dead(e))
			free_entry(e);
	mutex_unlock(&kos_names_lock);
}

static DECLARE_WORK(kos_names_prune, prune);

/* A server endpoint with names is destroyed (atomic context). */
static void server_destroyed(struct kos_watch *kw)
{
	schedule_work(&kos_names_prune);
}

/*
 * The live entry @name in @ctx's scope seen by @uid alone (INVALID_UID:
 * all).  Frees the dead entries it walks past (the work may not have run).
 */
static struct kos_ipc_name_entry *find(const struct kos_context *ctx,
				       const char *name, kuid_t uid)
{
	struct kos_ipc_name_entry *e, *tmp;

	lockdep_assert_held(&kos_names_lock);
	list_for_each_entry_safe(e, tmp, &kos_names, link) {
		if (dead(e))
			free_entry(e);
		else if (e->scope == ctx->ipc_ns && uid_eq(e->uid, uid) &&
			 !strcmp(e->name, name))
			return e;
	}
	return NULL;
}

/* Module unload: no prune may run after the module's text is gone. */
void kos_ipc_name_exit(void)
{
	cancel_work_sync(&kos_names_prune);
}

/* @ctx is shutting down: the names it published go with their scope. */
void kos_ipc_name_ctx_release(struct kos_context *ctx)
{
	struct kos_ipc_name_entry *e, *tmp;

	mutex_lock(&kos_names_lock);
	list_for_each_entry_safe(e, tmp, &kos_names, link)
		if (e->owner == ctx)
			free_entry(e);
	mutex_unlock(&kos_names_lock);
}

static int check_cmd(struct kos_ucmd *ucmd, struct kos_ipc_name *cmd)
{
	if (cmd->flags || cmd->__reserved)
		return -EINVAL;
	if (!cmd->name[0] || strnlen(cmd->name, sizeof(cmd->name)) == sizeof(cmd->name))
		return -EINVAL;
	if (!kos_context_in_scope(ucmd->ctx))
		return -EXDEV;
	return 0;
}

/* Check a Publish/Unpublish request; its server endpoint, referenced. */
static struct kos_object *named_server(struct kos_ucmd *ucmd, u32 right)
{
	struct kos_ipc_name *cmd = ucmd->cmd;
	int ret = check_cmd(ucmd, cmd);

	if (ret)
		return ERR_PTR(ret);
	return kos_handle_object(ucmd->ctx, cmd->handle, KOS_HTYPE_IPC_SERVER,
				 right);
}

int kos_ipc_name_publish_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_ipc_name *cmd = ucmd->cmd;
	struct kos_object *server = named_server(ucmd, KOS_RIGHT_TRANSFER);
	struct kos_ipc_name_entry *e;
	int ret;

	if (IS_ERR(server))
		return PTR_ERR(server);
	ret = -ENOMEM;
	e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
	if (!e)
		goto out;
	ret = -ENOTCONN;
	e->client = kos_channel_client(server);
	if (!e->client)
		goto err_free;
	e->server = server;	/* the reference moves in once listed */
	e->owner = ucmd->ctx;
	e->scope = ucmd->ctx->ipc_ns;
	e->uid = publish_uid(ucmd->ctx);
	strscpy(e->name, cmd->name, sizeof(e->name));
	mutex_lock(&kos_names_lock);
	ret = -EEXIST;
	if (find(ucmd->ctx, e->name, e->uid))
		goto err_unlock;
	ret = kos_user_charge(ucmd->ctx->user, KOS_UR_NAMES, 1);
	if (ret)
		goto err_unlock;
	e->user = ucmd->ctx->user;
	list_add_tail(&e->link, &kos_names);
	kos_objstat_inc(KOS_OBJ_IPC_NAME);
	e->watch.mask = KOS_EVENT_OBJECT_DESTROYED;
	e->watch.fn = server_destroyed;
	kos_watch_add(&server->watchers, &e->watch);
	/* Destroyed before the watch was added: it has not fired for us. */
	if (dead(e))
		schedule_work(&kos_names_prune);
	mutex_unlock(&kos_names_lock);
	atomic_inc(&kos_names_gen);
	wake_up_all(&kos_names_wq);
	return 0;

err_unlock:
	mutex_unlock(&kos_names_lock);
	kos_object_put(e->client);
err_free:
	kfree(e);
out:
	kos_object_put(server);
	return ret;
}

int kos_ipc_name_unpublish_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_ipc_name *cmd = ucmd->cmd;
	struct kos_object *server = named_server(ucmd, 0);
	struct kos_ipc_name_entry *e;
	int ret;

	if (IS_ERR(server))
		return PTR_ERR(server);
	mutex_lock(&kos_names_lock);
	e = find(ucmd->ctx, cmd->name, publish_uid(ucmd->ctx));
	ret = -ENOENT;
	if (e && e->server == server) {
		free_entry(e);
		ret = 0;
	}
	mutex_unlock(&kos_names_lock);
	kos_object_put(server);
	return ret;
}

/* The client endpoint @ctx sees as @name, referenced, or NULL. */
static struct kos_object *lookup_client(const struct kos_context *ctx,
					const char *name)
{
	struct kos_ipc_name_entry *e;
	struct kos_object *client = NULL;

	mutex_lock(&kos_names_lock);
	e = find(ctx, name, INVALID_UID);
	if (!e)
		e = find(ctx, name, current_uid());
	if (e) {
		client = e->client;
		kref_get(&client->ref);
	}
	mutex_unlock(&kos_names_lock);
	return client;
}

int kos_ipc_name_connect_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_ipc_name *cmd = ucmd->cmd;
	long left = kos_timeout_jiffies(cmd->timeout_ms);
	struct kos_object *client;
	int ret = check_cmd(ucmd, cmd);
	int gen;

	if (ret)
		return ret;
	if (cmd->handle)
		return -EINVAL;
	for (;;) {
		gen = atomic_read(&kos_names_gen);
		client = lookup_client(ucmd->ctx, cmd->name);
		if (client)
			break;
		if (!left)
			return -ETIMEDOUT;
		left = wait_event_killable_timeout(kos_names_wq,
						   atomic_read(&kos_names_gen) != gen,
						   left);
		if (left < 0)
			return -EINTR;
	}
	ret = kos_handle_add(ucmd->ctx, client, ~0U, &cmd->handle);
	kos_object_put(client);
	if (ret)
		return ret;
	ret = kos_ucmd_respond(ucmd, sizeof(*cmd));
	if (ret)
		kos_handle_close(ucmd->ctx, cmd->handle);
	return ret;
}
