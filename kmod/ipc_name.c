// SPDX-License-Identifier: GPL-2.0
/*
 * Service names: how a client finds a channel without being wired by hand.
 * A server publishes its server endpoint under a name; Connect gives the
 * caller a new handle to that channel's client endpoint, waiting up to a
 * timeout for the name to appear.  One registry per module; entries go away
 * with Unpublish or when the server endpoint is destroyed.
 *
 * Locking: kos_names_lock (mutex) nests inside kos_handle_lock (a server
 * endpoint is destroyed under it) and is never held while taking it.
 */
#include <linux/kos.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "channel.h"
#include "ipc_name.h"
#include "objstat.h"

#define KOS_IPC_NAMES_MAX 4096

struct kos_ipc_name_entry {
	struct list_head link;
	struct kos_object *server;	/* not referenced: drop() runs first */
	struct kos_object *client;	/* referenced */
	char name[KOS_IPC_NAME_MAX];
};

static DEFINE_MUTEX(kos_names_lock);
static LIST_HEAD(kos_names);
static unsigned int kos_nr_names;
static DECLARE_WAIT_QUEUE_HEAD(kos_names_wq);
static atomic_t kos_names_gen;

static struct kos_ipc_name_entry *find(const char *name)
{
	struct kos_ipc_name_entry *e;

	lockdep_assert_held(&kos_names_lock);
	list_for_each_entry(e, &kos_names, link)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}

static void free_entry(struct kos_ipc_name_entry *e)
{
	list_del(&e->link);
	kos_nr_names--;
	kos_object_put(e->client);
	kfree(e);
	kos_objstat_dec(KOS_OBJ_IPC_NAME);
}

/* @server is being destroyed: unpublish every name it had. */
void kos_ipc_name_drop(struct kos_object *server)
{
	struct kos_ipc_name_entry *e, *tmp;

	mutex_lock(&kos_names_lock);
	list_for_each_entry_safe(e, tmp, &kos_names, link)
		if (e->server == server)
			free_entry(e);
	mutex_unlock(&kos_names_lock);
}

static int check_cmd(struct kos_ipc_name *cmd)
{
	if (cmd->flags || cmd->__reserved)
		return -EINVAL;
	if (!cmd->name[0] || strnlen(cmd->name, sizeof(cmd->name)) == sizeof(cmd->name))
		return -EINVAL;
	return 0;
}

/* Check a Publish/Unpublish request; its server endpoint, referenced. */
static struct kos_object *named_server(struct kos_ucmd *ucmd, u32 right)
{
	struct kos_ipc_name *cmd = ucmd->cmd;
	int ret = check_cmd(cmd);

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
	e->server = server;
	strscpy(e->name, cmd->name, sizeof(e->name));
	mutex_lock(&kos_names_lock);
	ret = -EEXIST;
	if (find(e->name))
		goto err_unlock;
	ret = -EDQUOT;
	if (kos_nr_names >= KOS_IPC_NAMES_MAX)
		goto err_unlock;
	list_add_tail(&e->link, &kos_names);
	kos_nr_names++;
	kos_objstat_inc(KOS_OBJ_IPC_NAME);
	mutex_unlock(&kos_names_lock);
	atomic_inc(&kos_names_gen);
	wake_up_all(&kos_names_wq);
	ret = 0;
	goto out;

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
	e = find(cmd->name);
	ret = -ENOENT;
	if (e && e->server == server) {
		free_entry(e);
		ret = 0;
	}
	mutex_unlock(&kos_names_lock);
	kos_object_put(server);
	return ret;
}

/* The client endpoint published as @name, referenced, or NULL. */
static struct kos_object *lookup_client(const char *name)
{
	struct kos_ipc_name_entry *e;
	struct kos_object *client = NULL;

	mutex_lock(&kos_names_lock);
	e = find(name);
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
	long left = cmd->timeout_ms == KOS_IPC_FOREVER || cmd->timeout_ms > INT_MAX ?
		    MAX_SCHEDULE_TIMEOUT : msecs_to_jiffies(cmd->timeout_ms);
	struct kos_object *client;
	int ret = check_cmd(cmd);
	int gen;

	if (ret)
		return ret;
	if (cmd->handle)
		return -EINVAL;
	for (;;) {
		gen = atomic_read(&kos_names_gen);
		client = lookup_client(cmd->name);
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
