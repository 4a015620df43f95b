// SPDX-License-Identifier: GPL-2.0
/*
 * IPC channels: synchronous Call/Recv/Reply between a client endpoint and a
 * server endpoint, both handle-table objects sharing one struct kos_channel.
 *
 * A Call allocates a request, queues it and sleeps until the request is
 * DONE.  A Recv takes the oldest queued request, delivers its handles
 * (transferred or dereferenced into the server), holds it for the receiving
 * thread and then copies the message out; that thread's Reply delivers the
 * answer and marks it DONE.  Messages go through one kernel copy (user ->
 * kernel -> user).
 *
 * Request states (changed under ch->lock, except BUSY -> anything, which
 * only the thread that set BUSY does):
 *
 *   QUEUED --Recv--> BUSY --> HELD --Reply--> BUSY --> DONE
 *
 * BUSY covers the handle work only (the worker reads the client's context
 * and request), never a copy to or from user memory, so a client killed
 * meanwhile waits only briefly, and never on the server's page faults.  A
 * client killed while QUEUED frees its request; while HELD it marks it
 * abandoned and the server's Reply (ENOTCONN) or the teardown of the
 * channel or the server context frees it.  Otherwise the client frees it
 * after DONE.  A Call's timeout ends its wait as a kill does.  Every move
 * of a request off a list, and every DONE given by a teardown, happens
 * under ch->lock, so the client and a teardown never both own it.
 *
 * A HELD request is on its channel's @held list and on its server
 * context's list (ctx->ipc_held), so that a dying server context finds its
 * requests without looking at any other channel.
 *
 * Locking: ch->lock -> ctx->ipc_held_lock (spinlocks, never held across a
 * copy, a sleep or a handle operation).
 */
#include <linux/kos.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/sched/clock.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait_bit.h>

#include "channel.h"
#include "objstat.h"
#include "policy_hook.h"
#include "timeout.h"
#include "user.h"

enum { REQ_QUEUED, REQ_BUSY, REQ_HELD, REQ_DONE };

/*
 * The bound of one poll.  Polling ends at once when the peer blocks, and
 * the channel learns to stop polling when it does not pay, so the bound
 * only caps what a peer computing for long costs: it must exceed the
 * peer's usual answer time, ~10 us natively, ~150 us under emulation
 * (QEMU TCG), where a 100 us bound made every Call sleep.
 */
static unsigned int kos_ipc_spin_us = 1000;
module_param_named(ipc_spin_us, kos_ipc_spin_us, uint, 0644);
MODULE_PARM_DESC(ipc_spin_us,
		 "Longest a Call or Recv polls its running peer before sleeping, in microseconds (0: never)");

/**
 * struct kos_poll_stat - whether polling paid on a channel lately
 * @skip: waits left to sleep through without polling
 * @misses: polls in a row that ended without the event (0..POLL_MISSES_MAX)
 *
 * Updated without a lock by whichever thread waits: a lost update only
 * costs one poll more or less.
 */
struct kos_poll_stat {
	int skip;
	int misses;
};

#define POLL_MISSES_MAX 4	/* then poll once in 16 waits */

/**
 * struct kos_channel - state shared by the two endpoints of a channel
 * @ref: one per endpoint object
 * @lock: protects @queue, @held, @dead, @client and request states
 * @queue: QUEUED requests, oldest first
 * @held: HELD requests (received, not replied yet)
 * @recv_wq: Recv waiters
 * @dead: the server endpoint was destroyed; Calls fail with ENOTCONN
 * @client: the client endpoint object, NULL once freed (not referenced)
 * @user: the creator's user, charged with the channel
 * @call_poll: whether polling paid lately for Calls waiting for replies...
 * @recv_poll: ...and for Recvs waiting for requests (see poll_allowed())
 * @recv_pollers: server threads polling for a request: a Call need not
 *                wake a sleeping one (its wakeup would only stop the poll)
 */
struct kos_channel {
	struct kref ref;
	spinlock_t lock;
	struct list_head queue;
	struct list_head held;
	wait_queue_head_t recv_wq;
	bool dead;
	struct kos_object *client;
	struct kos_user *user;
	struct kos_poll_stat call_poll;
	struct kos_poll_stat recv_poll;
	atomic_t recv_pollers;
};

/* A message in kernel memory: the header, then the payload. */
struct kos_kmsg {
	struct kos_msg_hdr hdr;
	u8 data[];
};

/**
 * struct kos_ipc_req - one Call
 * @link: in the channel's queue or held list (ch->lock)
 * @ctx_link: while HELD: in the server context's ipc_held list
 * @state: REQ_*
 * @status: when DONE: the Call's result
 * @abandoned: the client has gone (killed, timed out) while HELD
 * @client: the calling context (alive while the client waits)
 * @server: while HELD: the receiving context
 * @ch: the channel, for a dying server context
 * @caller: the calling thread; only valid while the client waits
 * @receiver: from BUSY on: the receiving thread, referenced (the one that
 *            may Reply; its client polls while it runs)
 * @user: the client's user, charged with the request
 * @reply_cap: capacity of the client's reply buffer
 * @msg: the request; after delivery NULL, then the reply
 */
struct kos_ipc_req {
	struct list_head link;
	struct list_head ctx_link;
	int state;
	int status;
	bool abandoned;
	struct kos_context *client;
	struct kos_context *server;
	struct kos_channel *ch;
	struct task_struct *caller;
	struct task_struct *receiver;
	struct kos_user *user;
	u32 reply_cap;
	struct kos_kmsg *msg;
};

static void channel_release(struct kref *ref)
{
	struct kos_channel *ch = container_of(ref, struct kos_channel, ref);

	if (ch->user)
		kos_user_uncharge(ch->user, KOS_UR_CHANNELS, 1);
	kfree(ch);
	kos_objstat_dec(KOS_OBJ_CHANNEL);
}

void kos_channel_ctx_init(struct kos_context *ctx)
{
	spin_lock_init(&ctx->ipc_held_lock);
	INIT_LIST_HEAD(&ctx->ipc_held);
}

static void free_req(struct kos_ipc_req *req)
{
	if (req->receiver)
		put_task_struct(req->receiver);
	kvfree(req->msg);
	if (req->user)
		kos_user_uncharge(req->user, KOS_UR_REQUESTS, 1);
	kfree(req);
	kos_objstat_dec(KOS_OBJ_IPC_REQUEST);
}

/* End a request for its client; the request is the client's after this. */
static void finish(struct kos_ipc_req *req, int status)
{
	req->status = status;
	/* Pairs with the client's acquire: status and reply are visible. */
	smp_store_release(&req->state, REQ_DONE);
	/* Order the store before wake_up_var()'s waitqueue_active() check. */
	smp_mb();
	wake_up_var(&req->state);
}

/* Leave BUSY for @state and let a killed client waiting on it go on. */
static void set_state(struct kos_ipc_req *req, int state)
{
	WRITE_ONCE(req->state, state);
	/* Order the store before wake_up_var()'s waitqueue_active() check. */
	smp_mb();
	wake_up_var(&req->state);
}

/* The receiver is referenced: its task cannot be another thread's. */
static bool is_receiver(const struct kos_ipc_req *req)
{
	return req->receiver == current;
}

/* Hold a BUSY request for the calling thread of @server. */
static void hold(struct kos_channel *ch, struct kos_ipc_req *req,
		 struct kos_context *server)
{
	lockdep_assert_held(&ch->lock);
	req->server = server;
	list_add_tail(&req->link, &ch->held);
	spin_lock(&server->ipc_held_lock);
	list_add_tail(&req->ctx_link, &server->ipc_held);
	spin_unlock(&server->ipc_held_lock);
	set_state(req, REQ_HELD);
}

/* Take a HELD request off its lists. */
static void unhold(struct kos_channel *ch, struct kos_ipc_req *req)
{
	lockdep_assert_held(&ch->lock);
	list_del_init(&req->link);
	spin_lock(&req->server->ipc_held_lock);
	list_del_init(&req->ctx_link);
	spin_unlock(&req->server->ipc_held_lock);
}

/*
 * A HELD request will never be answered: fail it to its client with @err,
 * or, if the client has gone, put it on @gone for the caller to free after
 * unlocking.
 */
static void fail_held(struct kos_channel *ch, struct kos_ipc_req *req,
		      int err, struct list_head *gone)
{
	unhold(ch, req);
	if (req->abandoned)
		list_add(&req->link, gone);
	else
		finish(req, err);
}

static void free_list(struct list_head *list)
{
	struct kos_ipc_req *req, *tmp;

	list_for_each_entry_safe(req, tmp, list, link)
		free_req(req);
}

/* The server endpoint is destroyed: no more requests can be answered. */
static void server_destroyed(void *priv)
{
	struct kos_channel *ch = priv;
	struct kos_ipc_req *req, *tmp;
	LIST_HEAD(gone);

	spin_lock(&ch->lock);
	ch->dead = true;
	list_for_each_entry_safe(req, tmp, &ch->queue, link) {
		list_del_init(&req->link);
		finish(req, -ENOTCONN);
	}
	list_for_each_entry_safe(req, tmp, &ch->held, link)
		fail_held(ch, req, -ENOTCONN, &gone);
	spin_unlock(&ch->lock);
	free_list(&gone);
	wake_up_all(&ch->recv_wq);
}

/* Last reference to an endpoint object: drop its channel reference. */
static void server_release(void *priv)
{
	struct kos_channel *ch = priv;

	server_destroyed(ch);
	kref_put(&ch->ref, channel_release);
}

static void client_release(void *priv)
{
	struct kos_channel *ch = priv;

	spin_lock(&ch->lock);
	ch->client = NULL;
	spin_unlock(&ch->lock);
	kref_put(&ch->ref, channel_release);
}

static int server_recv(void *priv, struct kos_ucmd *ucmd);

static const struct kos_object_ops server_ops = {
	.type = KOS_HTYPE_IPC_SERVER,
	.destroyed = server_destroyed,
	.release = server_release,
	.recv = server_recv,
};

static const struct kos_object_ops client_ops = {
	.type = KOS_HTYPE_IPC_CLIENT,
	.release = client_release,
};

/*
 * A server process is gone: the requests it held will never be answered.
 * Channel by channel: a request on ctx->ipc_held keeps its channel alive
 * (it is on the channel's held list, which the channel's teardown empties
 * under both locks), so the channel can be referenced before ctx's lock is
 * dropped for the channel's.
 */
void kos_channel_ctx_release(struct kos_context *ctx)
{
	struct kos_ipc_req *req, *tmp;
	struct kos_channel *ch;
	LIST_HEAD(gone);

	for (;;) {
		spin_lock(&ctx->ipc_held_lock);
		req = list_first_entry_or_null(&ctx->ipc_held,
					       struct kos_ipc_req, ctx_link);
		ch = req ? req->ch : NULL;
		if (ch)
			kref_get(&ch->ref);
		spin_unlock(&ctx->ipc_held_lock);
		if (!ch)
			break;
		spin_lock(&ch->lock);
		list_for_each_entry_safe(req, tmp, &ch->held, link)
			if (req->server == ctx)
				fail_held(ch, req, -ENOTCONN, &gone);
		spin_unlock(&ch->lock);
		kref_put(&ch->ref, channel_release);
		free_list(&gone);
		INIT_LIST_HEAD(&gone);
		cond_resched();
	}
}

/* The client endpoint of @server's channel, referenced (for Connect). */
struct kos_object *kos_channel_client(struct kos_object *server)
{
	struct kos_channel *ch = server->priv;
	struct kos_object *client = NULL;

	spin_lock(&ch->lock);
	if (!ch->dead && ch->client && kref_get_unless_zero(&ch->client->ref))
		client = ch->client;
	spin_unlock(&ch->lock);
	return client;
}

int kos_channel_create_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_ipc_channel *cmd = ucmd->cmd;
	struct kos_object *client, *server;
	struct kos_channel *ch;
	int ret;

	if (cmd->flags || cmd->client || cmd->server)
		return -EINVAL;
	ch = kzalloc(sizeof(*ch), GFP_KERNEL_ACCOUNT);
	if (!ch)
		return -ENOMEM;
	kref_init(&ch->ref);
	ret = kos_user_charge(ucmd->ctx->user, KOS_UR_CHANNELS, 1);
	if (ret) {
		kfree(ch);
		return ret;
	}
	ch->user = ucmd->ctx->user;
	spin_lock_init(&ch->lock);
	INIT_LIST_HEAD(&ch->queue);
	INIT_LIST_HEAD(&ch->held);
	init_waitqueue_head(&ch->recv_wq);
	kos_objstat_inc(KOS_OBJ_CHANNEL);

	/* Each endpoint holds a channel reference from here on. */
	kref_get(&ch->ref);
	client = kos_kobject_alloc(&client_ops, ch);
	if (!client) {
		kref_put(&ch->ref, channel_release);
		return -ENOMEM;
	}
	server = kos_kobject_alloc(&server_ops, ch);
	if (!server) {
		kos_object_put(client);
		return -ENOMEM;
	}
	ch->client = client;
	ret = kos_handle_install(ucmd->ctx, client, ~0U, &cmd->client);
	if (ret) {
		kos_object_put(server);
		return ret;
	}
	ret = kos_handle_install(ucmd->ctx, server, ~0U, &cmd->server);
	if (ret) {
		kos_handle_close(ucmd->ctx, cmd->client);
		return ret;
	}
	ret = kos_ucmd_respond(ucmd, sizeof(*cmd));
	if (ret) {
		kos_handle_close(ucmd->ctx, cmd->server);
		kos_handle_close(ucmd->ctx, cmd->client);
	}
	return ret;
}

static bool is_invalid_badge(u64 badge)
{
	return !badge || (s32)badge == KOS_INVALID_HANDLE;
}

/* Copy a message in from user space and check its header. */
static struct kos_kmsg *msg_read(u64 uptr)
{
	const size_t fixed = offsetof(struct kos_msg_hdr, handles);
	struct kos_msg_hdr __user *u = u64_to_user_ptr(uptr);
	struct kos_msg_hdr hdr;
	struct kos_kmsg *m;
	unsigned int i;

	if (copy_from_user(&hdr, u, fixed))
		return ERR_PTR(-EFAULT);
	if (hdr.size < sizeof(hdr) || hdr.nhandles > KOS_IPC_HANDLES_MAX ||
	    hdr.flags || hdr.__reserved)
		return ERR_PTR(-EINVAL);
	if (hdr.size > KOS_IPC_MSG_MAX)
		return ERR_PTR(-EMSGSIZE);
	m = kvmalloc(hdr.size, GFP_KERNEL_ACCOUNT);
	if (!m)
		return ERR_PTR(-ENOMEM);
	memcpy(&m->hdr, &hdr, fixed);
	if (copy_from_user(m->hdr.handles, u->handles,
			   hdr.nhandles * sizeof(hdr.handles[0])) ||
	    copy_from_user(m->data, u + 1, hdr.size - sizeof(hdr)))
		goto err_fault;
	for (i = 0; i < hdr.nhandles; i++) {
		if (m->hdr.handles[i].flags) {
			kvfree(m);
			return ERR_PTR(-EINVAL);
		}
	}
	return m;

err_fault:
	kvfree(m);
	return ERR_PTR(-EFAULT);
}

/* The capacity the receiver declared in the size field of its buffer. */
static int msg_capacity(u64 uptr, u32 *cap)
{
	return get_user(*cap, (u32 __user *)u64_to_user_ptr(uptr));
}

static int msg_write(u64 uptr, const struct kos_kmsg *m)
{
	struct kos_msg_hdr __user *u = u64_to_user_ptr(uptr);
	size_t head = offsetof(struct kos_msg_hdr, handles) +
		      m->hdr.nhandles * sizeof(m->hdr.handles[0]);

	if (copy_to_user(u, &m->hdr, head) ||
	    copy_to_user(u + 1, m->data, m->hdr.size - sizeof(m->hdr)))
		return -EFAULT;
	return 0;
}

static void undo_handles(struct kos_kmsg *m, unsigned int n,
			 struct kos_context *dst)
{
	while (n--)
		if (!(m->hdr.handles[n].flags & KOS_IPC_HANDLE_DEREFERENCED))
			kos_handle_close(dst, m->hdr.handles[n].handle);
}

/*
 * Give @dst what the message's handles of @src stand for: its own object
 * back (dereferenced) or a descendant with the asked rights and badge.
 * All or nothing.
 */
static int deliver_handles(struct kos_kmsg *m, struct kos_context *src,
			   struct kos_context *dst)
{
	unsigned int i;
	int ret, out;

	for (i = 0; i < m->hdr.nhandles; i++) {
		struct kos_ipc_handle *d = &m->hdr.handles[i];
		u32 rights;
		u64 context;

		d->__reserved = 0;	/* never pass the sender's padding on */
		ret = kos_handle_deref(src, d->handle, dst, d->rights, &out,
				       &rights, &context);
		if (ret == 1) {
			d->rights = rights;
			d->badge = context;
			d->flags = KOS_IPC_HANDLE_DEREFERENCED;
		} else if (!ret) {
			ret = kos_handle_transfer(src, d->handle, dst, d->rights,
						  is_invalid_badge(d->badge) ?
						  KOS_INVALID_HANDLE : (s32)d->badge,
						  &out);
			d->badge = 0;
		}
		if (ret < 0) {
			undo_handles(m, i, dst);
			return ret;
		}
		d->handle = out;
	}
	return 0;
}

static int policy(u32 kind, const struct kos_kmsg *m,
		  const struct kos_context *src, const struct kos_context *dst)
{
	struct kos_policy_msg pm = {
		.kind = kind,
		.endpoint = m->hdr.endpoint,
		.method = m->hdr.method,
		.size = m->hdr.size,
		.nhandles = m->hdr.nhandles,
		.src = src,
		.dst = dst,
	};

	return kos_policy_check(&pm);
}

/* The object behind an endpoint handle of @type (0: any), referenced. */
static struct kos_object *endpoint(struct kos_ucmd *ucmd, u32 type)
{
	struct kos_ipc_msg *cmd = ucmd->cmd;

	if (cmd->flags || cmd->__reserved)
		return ERR_PTR(-EINVAL);
	return kos_handle_object(ucmd->ctx, cmd->handle, type, 0);
}

static bool req_done(struct kos_ipc_req *req)
{
	/* Acquire pairs with finish(): status and reply are visible. */
	return smp_load_acquire(&req->state) == REQ_DONE;
}

/* wait_var_event_timeout() in a killable sleep: > 0 done, 0 timeout, < 0 killed. */
#define wait_var_event_killable_timeout(var, condition, timeout)	\
({									\
	long __ret = timeout;						\
	might_sleep();							\
	if (!___wait_cond_timeout(condition))				\
		__ret = ___wait_var_event(var, ___wait_cond_timeout(condition), \
					  TASK_KILLABLE, 0, timeout,	\
					  __ret = schedule_timeout(__ret)); \
	__ret;								\
})

/*
 * A peer woken but not yet on a CPU gets this long to get there: after it,
 * polling would only keep it waiting (for this CPU, or a busy other one).
 */
#define POLL_WAKE_NS (50 * NSEC_PER_USEC)

/*
 * Adaptive polling, as a mutex waiter spins on a running owner: a waiter
 * polls instead of sleeping only while @peer, the thread that will end the
 * wait, is on a CPU, or was woken and gets one within POLL_WAKE_NS; any
 * thread may, while @peer is NULL.  It stops at once when the peer blocks,
 * when this CPU is wanted or a signal is pending, and after ipc_spin_us at
 * most.
 * @stat learns whether that paid: each poll that ends without the event
 * doubles the number of waits that sleep at once (up to 15), one that ends
 * with it makes the next wait poll again.  True if @cond came.
 */
static bool poll_allowed(struct kos_poll_stat *stat)
{
	int skip = READ_ONCE(stat->skip);

	if (!READ_ONCE(kos_ipc_spin_us))
		return false;
	if (skip > 0) {
		WRITE_ONCE(stat->skip, skip - 1);
		return false;
	}
	return true;
}

static void poll_learn(struct kos_poll_stat *stat, bool paid)
{
	int misses = READ_ONCE(stat->misses);

	misses = paid ? 0 : min(misses + 1, POLL_MISSES_MAX);
	WRITE_ONCE(stat->misses, misses);
	WRITE_ONCE(stat->skip, (1 << misses) - 1);
}

/* @t works toward the event: on a CPU, or woken and about to be. */
static bool peer_works(struct task_struct *t, u64 now, u64 wake_end)
{
#ifdef CONFIG_SMP
	if (READ_ONCE(t->on_cpu))
		return true;
#endif
	return task_is_running(t) && now < wake_end;
}

static bool poll_peer(struct kos_poll_stat *stat, bool (*cond)(void *),
		      void *arg, struct task_struct *const *peer)
{
	u64 now = local_clock(), wake_end = now + POLL_WAKE_NS;
	u64 end = now + (u64)READ_ONCE(kos_ipc_spin_us) * NSEC_PER_USEC;
	struct task_struct *t;
	unsigned long n;
	bool paid;

	if (!poll_allowed(stat))
		return false;
	for (n = 0;; n++) {
		paid = cond(arg);
		if (paid)
			break;
		if (need_resched() || signal_pending(current))
			return false;	/* not the channel's doing: learn nothing */
		now = local_clock();
		t = READ_ONCE(*peer);
		if (t && !peer_works(t, now, wake_end)) {
			if (!n)
				return false;	/* nothing spent: learn nothing */
			break;
		}
		if (now >= end)
			break;
		cpu_relax();
	}
	poll_learn(stat, paid);
	return paid;
}

static bool req_done_cond(void *req)
{
	return req_done(req);
}

/*
 * Wait until the client's request is DONE.  A fatal signal (-EINTR) or the
 * end of @timeout_ms (-ETIMEDOUT) withdraws a queued request and abandons
 * a held one to its server.
 */
static int call_wait(struct kos_channel *ch, struct kos_ipc_req *req,
		     u64 timeout_ms)
{
	long left;
	int err;

	if (poll_peer(&ch->call_poll, req_done_cond, req, &req->receiver))
		return 0;
	left = wait_var_event_killable_timeout(&req->state, req_done(req),
					       kos_timeout_jiffies(timeout_ms));
	err = left < 0 ? -EINTR : -ETIMEDOUT;
	if (left > 0)
		return 0;
	for (;;) {
		spin_lock(&ch->lock);
		switch (req->state) {
		case REQ_QUEUED:
			list_del(&req->link);
			spin_unlock(&ch->lock);
			free_req(req);
			return err;
		case REQ_HELD:
			req->abandoned = true;
			spin_unlock(&ch->lock);
			return err;
		case REQ_DONE:
			spin_unlock(&ch->lock);
			/* Pairs with finish()'s release: see status and reply. */
			smp_rmb();
			return 0;
		}
		spin_unlock(&ch->lock);
		wait_var_event(&req->state, READ_ONCE(req->state) != REQ_BUSY);
	}
}

int kos_channel_call_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_ipc_msg *cmd = ucmd->cmd;
	struct kos_ipc_req *req;
	struct kos_object *obj;
	struct kos_channel *ch;
	struct kos_kmsg *m;
	int ret;

	obj = endpoint(ucmd, KOS_HTYPE_IPC_CLIENT);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	ch = obj->priv;
	ret = -ENOMEM;
	req = kzalloc(sizeof(*req), GFP_KERNEL_ACCOUNT);
	if (!req)
		goto out_obj;
	kos_objstat_inc(KOS_OBJ_IPC_REQUEST);
	ret = kos_user_charge(ucmd->ctx->user, KOS_UR_REQUESTS, 1);
	if (ret)
		goto out_req;
	req->user = ucmd->ctx->user;
	ret = msg_capacity(cmd->recv, &req->reply_cap);
	if (ret)
		goto out_req;
	m = msg_read(cmd->send);
	ret = PTR_ERR_OR_ZERO(m);
	if (ret)
		goto out_req;
	req->msg = m;
	req->client = ucmd->ctx;
	req->caller = current;
	req->ch = ch;

	spin_lock(&ch->lock);
	if (ch->dead) {
		spin_unlock(&ch->lock);
		ret = -ENOTCONN;
		goto out_req;
	}
	req->state = REQ_QUEUED;
	list_add_tail(&req->link, &ch->queue);
	spin_unlock(&ch->lock);
	/* Pairs with take(): a poller that gives up looks at the queue again. */
	smp_mb();
	if (!atomic_read(&ch->recv_pollers))
		wake_up(&ch->recv_wq);

	ret = call_wait(ch, req, cmd->timeout_ms);
	if (ret)
		goto out_obj;	/* withdrawn (freed) or abandoned to the server */
	ret = req->status;
	if (!ret) {
		ret = msg_write(cmd->recv, req->msg);
		/* A reply the client never saw leaves no handles behind. */
		if (ret)
			undo_handles(req->msg, req->msg->hdr.nhandles, ucmd->ctx);
	}
out_req:
	free_req(req);
out_obj:
	kos_object_put(obj);
	return ret;
}

static bool recv_ready(struct kos_channel *ch)
{
	return READ_ONCE(ch->dead) || !list_empty_careful(&ch->queue);
}

static bool recv_ready_cond(void *ch)
{
	return recv_ready(ch);
}

/*
 * prepare_to_wait_exclusive(), but queued at the head: the server thread
 * that went to sleep last, whose cache is still warm, is woken first.
 */
static void recv_wait_prepare(struct wait_queue_head *wq,
			      struct wait_queue_entry *wait)
{
	unsigned long flags;

	wait->flags |= WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&wq->lock, flags);
	if (list_empty(&wait->entry))
		__add_wait_queue(wq, wait);
	set_current_state(TASK_KILLABLE);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/*
 * Sleep until a request is queued, the channel dies, @left jiffies pass or a
 * fatal signal comes.  The wait is exclusive: a Call wakes one of the server
 * threads waiting on the channel, not all of them (take() passes a wakeup
 * on when its thread leaves without a request).
 */
static long recv_sleep(struct kos_channel *ch, long left)
{
	DEFINE_WAIT(wait);

	for (;;) {
		recv_wait_prepare(&ch->recv_wq, &wait);
		if (recv_ready(ch) || !left)
			break;
		if (fatal_signal_pending(current)) {
			left = -EINTR;
			break;
		}
		left = schedule_timeout(left);
	}
	finish_wait(&ch->recv_wq, &wait);
	return left;
}

/*
 * Dequeue the oldest request (now BUSY, received by this thread), waiting
 * up to *@left jiffies and counting them down: requests the policy refuses
 * while a Recv waits do not restart its timeout.  @peer: the client this
 * thread has just answered (NULL: none), likely to call again soon.
 */
static struct kos_ipc_req *take(struct kos_channel *ch, long *left,
				struct task_struct *peer)
{
	struct kos_ipc_req *req;
	bool spun = false, polled, more;

	for (;;) {
		spin_lock(&ch->lock);
		if (ch->dead) {
			spin_unlock(&ch->lock);
			return ERR_PTR(-ENOTCONN);
		}
		req = list_first_entry_or_null(&ch->queue, struct kos_ipc_req, link);
		if (req) {
			list_del_init(&req->link);
			req->state = REQ_BUSY;
			/* for is_receiver() and the client's polling */
			WRITE_ONCE(req->receiver, get_task_struct(current));
			more = !list_empty(&ch->queue);
			spin_unlock(&ch->lock);
			/* Calls a poller let pass without a wakeup: one more. */
			if (more)
				wake_up(&ch->recv_wq);
			return req;
		}
		spin_unlock(&ch->lock);
		if (!*left)
			break;
		if (!spun && peer) {
			spun = true;
			atomic_inc(&ch->recv_pollers);
			polled = poll_peer(&ch->recv_poll, recv_ready_cond, ch, &peer);
			atomic_dec(&ch->recv_pollers);
			/* Pairs with the Call's: look again before sleeping. */
			smp_mb__after_atomic();
			if (polled || recv_ready(ch))
				continue;
		}
		*left = recv_sleep(ch, *left);
		if (*left < 0)
			break;
	}
	/* A wakeup meant for this thread may have come: hand it on. */
	if (!list_empty_careful(&ch->queue))
		wake_up(&ch->recv_wq);
	return ERR_PTR(*left < 0 ? -EINTR : -ETIMEDOUT);
}

/*
 * Fail a delivered request whose message could not be copied out, if it is
 * still held for this thread (a teardown may have taken it meanwhile).
 */
static void fail_delivered(struct kos_channel *ch, struct kos_ipc_req *req,
			   int err)
{
	struct kos_ipc_req *r;
	LIST_HEAD(gone);

	spin_lock(&ch->lock);
	list_for_each_entry(r, &ch->held, link) {
		/* A request at this address held for this thread is ours. */
		if (r == req && is_receiver(r)) {
			fail_held(ch, req, err, &gone);
			break;
		}
	}
	spin_unlock(&ch->lock);
	free_list(&gone);
}

/*
 * Deliver a BUSY request to the calling server thread and hold it for its
 * Reply.  0: delivered; > 0: failed back to its client, take the next one;
 * < 0: error for the server (the request was failed back too).
 *
 * The request is HELD before its message is copied out: the copy may fault
 * on the server's memory for as long as the server likes, and a client
 * killed meanwhile must not wait for it.  The message moves out of the
 * request first, so that a teardown freeing the request cannot free it.
 */
static int deliver(struct kos_ucmd *ucmd, struct kos_channel *ch,
		   struct kos_ipc_req *req, u64 uptr, u32 cap)
{
	struct kos_kmsg *m = req->msg;
	int ret;

	if (m->hdr.size > cap) {
		finish(req, -EMSGSIZE);
		return -EMSGSIZE;
	}
	ret = policy(KPOL_REQUEST, m, req->client, ucmd->ctx);
	if (!ret)
		ret = deliver_handles(m, req->client, ucmd->ctx);
	if (ret) {
		finish(req, ret);
		return 1;
	}
	spin_lock(&ch->lock);
	if (ch->dead) {
		spin_unlock(&ch->lock);
		undo_handles(m, m->hdr.nhandles, ucmd->ctx);
		finish(req, -ENOTCONN);
		return -ENOTCONN;
	}
	req->msg = NULL;
	hold(ch, req, ucmd->ctx);
	spin_unlock(&ch->lock);

	ret = msg_write(uptr, m);
	if (ret) {
		undo_handles(m, m->hdr.nhandles, ucmd->ctx);
		fail_delivered(ch, req, ret);
	}
	kvfree(m);
	return ret;
}

static int do_recv(struct kos_ucmd *ucmd, struct kos_channel *ch,
		   struct task_struct *peer)
{
	struct kos_ipc_msg *cmd = ucmd->cmd;
	long left = kos_timeout_jiffies(cmd->timeout_ms);
	unsigned long deadline = jiffies + left;
	struct kos_ipc_req *req;
	u32 cap;
	int ret;

	ret = msg_capacity(cmd->recv, &cap);
	if (ret)
		return ret;
	do {
		req = take(ch, &left, peer);
		if (IS_ERR(req))
			return PTR_ERR(req);
		ret = deliver(ucmd, ch, req, cmd->recv, cap);
		/* Refused requests, however many, do not extend the wait. */
		if (ret > 0 && left != MAX_SCHEDULE_TIMEOUT) {
			left = max_t(long, (long)(deadline - jiffies), 0);
			if (!left)
				return -ETIMEDOUT;
		}
	} while (ret > 0);
	return ret;
}

/*
 * Answer, with @m, the request the calling thread received last on @ch
 * and has not answered yet.  With @caller, the client's thread is returned
 * there, referenced, whatever the result (NULL: it has gone).
 */
static int do_reply(struct kos_ucmd *ucmd, struct kos_channel *ch,
		    struct kos_kmsg *m, struct task_struct **caller)
{
	struct kos_ipc_req *req, *found = NULL;
	int ret;

	spin_lock(&ch->lock);
	list_for_each_entry_reverse(req, &ch->held, link) {
		if (is_receiver(req)) {
			found = req;
			break;
		}
	}
	if (!found) {
		spin_unlock(&ch->lock);
		kvfree(m);
		return -EINVAL;
	}
	unhold(ch, found);
	if (found->abandoned) {
		spin_unlock(&ch->lock);
		free_req(found);
		kvfree(m);
		return -ENOTCONN;
	}
	found->state = REQ_BUSY;
	/* Not abandoned: the client still waits, its thread is alive. */
	if (caller)
		*caller = get_task_struct(found->caller);
	spin_unlock(&ch->lock);

	ret = -EMSGSIZE;
	if (m->hdr.size <= found->reply_cap)
		ret = policy(KPOL_RESPONSE, m, ucmd->ctx, found->client);
	if (!ret)
		ret = deliver_handles(m, ucmd->ctx, found->client);
	if (ret) {
		kvfree(m);
		finish(found, ret);
		return ret;
	}
	found->msg = m;
	finish(found, 0);
	return 0;
}

static int reply_from_user(struct kos_ucmd *ucmd, struct kos_channel *ch,
			   struct task_struct **caller)
{
	struct kos_ipc_msg *cmd = ucmd->cmd;
	struct kos_kmsg *m = msg_read(cmd->send);

	if (IS_ERR(m))
		return PTR_ERR(m);
	return do_reply(ucmd, ch, m, caller);
}

static int server_recv(void *priv, struct kos_ucmd *ucmd)
{
	return do_recv(ucmd, priv, NULL);
}

/*
 * Recv on whatever object receives: a server endpoint, an interrupt
 * (irq.c); its type's ->recv does it.
 */
int kos_channel_recv_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_object *obj = endpoint(ucmd, 0);
	int ret = -EINVAL;

	if (IS_ERR(obj))
		return PTR_ERR(obj);
	if (obj->ops && obj->ops->recv)
		ret = obj->ops->recv(obj->priv, ucmd);
	kos_object_put(obj);
	return ret;
}

int kos_channel_reply_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_ipc_msg *cmd = ucmd->cmd;
	struct kos_object *obj;
	int ret;

	if (cmd->timeout_ms != KOS_IPC_FOREVER)
		return -EINVAL;
	obj = endpoint(ucmd, KOS_HTYPE_IPC_SERVER);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	ret = reply_from_user(ucmd, obj->priv, NULL);
	kos_object_put(obj);
	return ret;
}

/* The server fast path: answer the held request, then take the next. */
int kos_channel_reply_recv_ioctl(struct kos_ucmd *ucmd)
{
	struct kos_ipc_msg *cmd = ucmd->cmd;
	struct kos_object *obj = endpoint(ucmd, KOS_HTYPE_IPC_SERVER);
	struct task_struct *caller = NULL;
	int ret = 0;

	if (IS_ERR(obj))
		return PTR_ERR(obj);
	if (cmd->send)
		ret = reply_from_user(ucmd, obj->priv, &caller);
	if (!ret)
		ret = do_recv(ucmd, obj->priv, caller);
	if (caller)
		put_task_struct(caller);
	kos_object_put(obj);
	return ret;
}
