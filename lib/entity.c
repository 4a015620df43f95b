// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Entity API (coresrv/entity/entity_api.h): a launcher starts Linux
 * processes stopped, connects them with channels, and runs them.
 *
 * EntityInit forks a child that waits on a socket before exec.  The channels
 * of EntityConnect are created in the launcher, which keeps their root
 * handles (it owns them, as Einit does: it must outlive its entities).
 * EntityRun writes to that socket, which lets the child exec, with the name of a
 * bootstrap channel in its environment; the child's libkos fetches its
 * connections from it at start (entity_boot.c) while EntityRun serves it.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <coresrv/entity/entity_api.h>
#include <coresrv/handle/handle_api.h>
#include <services/ocap.h>

#include "entity.h"
#include "futex.h"

/* How long EntityRun waits for the started process to take its handles. */
#define ENTITY_BOOT_MS 10000
#define ENTITY_ENV_FIXED 3	/* KOS_ENTITY_NAME, _CLASS, _BOOT */

/**
 * struct entity_conn - one connection (channel group) of an entity
 * @name: group name
 * @handle: server: the server endpoint (root); client: the client endpoint
 *          root of the server's group channel (not owned)
 * @client: server: the group channel's client endpoint root; client:
 *          INVALID_HANDLE
 */
struct entity_conn {
	char name[KOS_NAME_MAX];
	Handle handle;
	Handle client;
};

struct Entity {
	struct Entity *next;
	char name[KOS_NAME_MAX];
	pid_t pid;
	int go;			/* launcher end of the start socket; -1 once run */
	char **argv;
	char **envp;
	char *boot_env;		/* "KOS_ENTITY_BOOT=" + room for the name */
	unsigned int nconns;
	struct entity_conn conns[ENTITY_CONN_MAX];
};

/* Every entity, so a new child closes the start sockets of the others. */
static pthread_mutex_t entity_lock = PTHREAD_MUTEX_INITIALIZER;
static Entity *entity_list;

#define BOOT_PREFIX "KOS_ENTITY_BOOT="

/* @file in the launcher's directory, else in PATH; or @file with a '/'. */
static int resolve(const char *file, char *out)
{
	char self[PATH_MAX], *slash;
	const char *path = getenv("PATH");
	ssize_t n;

	if (strchr(file, '/'))
		return snprintf(out, PATH_MAX, "%s", file) < PATH_MAX &&
		       !access(out, X_OK) ? 0 : -1;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		*slash = '\0';
		if (snprintf(out, PATH_MAX, "%s/%s", self, file) < PATH_MAX &&
		    !access(out, X_OK))
			return 0;
	}
	while (path && *path) {
		size_t len = strcspn(path, ":");

		if (snprintf(out, PATH_MAX, "%.*s/%s", (int)len, path, file) <
		    PATH_MAX && !access(out, X_OK))
			return 0;
		path += len + (path[len] == ':');
	}
	return -1;
}

/* Is NAME=... of @var set by @envs or by the launcher itself? */
static bool overridden(const char *var, const char *const *envs)
{
	size_t len = strcspn(var, "=");

	if (!strncmp(var, "KOS_ENTITY_", 11))
		return true;
	for (; *envs; envs++)
		if (!strncmp(*envs, var, len) && (*envs)[len] == '=')
			return true;
	return false;
}

static char *fmt(const char *a, const char *b)
{
	char *s;

	return asprintf(&s, "%s%s", a, b) < 0 ? NULL : s;
}

/* argv: name, then info->args; envp: environ + info->envs + KOS_ENTITY_*. */
static int build_exec(Entity *e, const EntityInfo *info)
{
	extern char **environ;
	size_t n = 0, i = 0, k;

	for (k = 0; k < ENTITY_ARGS_MAX && info->args[k]; k++)
		;
	e->argv = calloc(k + 2, sizeof(char *));
	if (!e->argv)
		return -1;
	e->argv[0] = e->name;
	memcpy(e->argv + 1, info->args, k * sizeof(char *));
	while (environ[n])
		n++;
	for (k = 0; k < ENTITY_ENV_MAX && info->envs[k]; k++)
		;
	e->envp = calloc(n + k + ENTITY_ENV_FIXED + 1, sizeof(char *));
	e->boot_env = calloc(1, sizeof(BOOT_PREFIX) + KOS_NAME_MAX);
	if (!e->envp || !e->boot_env)
		return -1;
	for (n = 0; environ[n]; n++)
		if (!overridden(environ[n], info->envs))
			e->envp[i++] = environ[n];
	memcpy(e->envp + i, info->envs, k * sizeof(char *));
	i += k;
	e->envp[i++] = fmt("KOS_ENTITY_NAME=", e->name);
	e->envp[i++] = fmt("KOS_ENTITY_CLASS=", info->eiid);
	strcpy(e->boot_env, BOOT_PREFIX);
	e->envp[i++] = e->boot_env;
	return e->envp[i - 3] && e->envp[i - 2] ? 0 : -1;
}

/*
 * The child: wait for EntityRun ("G" and the bootstrap name, then end of
 * file), then exec.  End of file without "G" means the launcher is gone.
 * Only async-signal-safe calls: the launcher may have threads.
 */
static void __attribute__((noreturn)) child(Entity *e, int rd, const char *exe)
{
	char buf[1 + KOS_NAME_MAX] = "";
	size_t got = 0;
	ssize_t n;
	Entity *o;

	for (o = entity_list; o; o = o->next)
		if (o->go >= 0)
			close(o->go);
	while (got < sizeof(buf) - 1) {
		n = read(rd, buf + got, sizeof(buf) - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (!got || buf[0] != 'G')
		_exit(127);
	memcpy(e->boot_env + sizeof(BOOT_PREFIX) - 1, buf + 1, got - 1);
	close(rd);
	execve(exe, e->argv, e->envp);
	_exit(127);
}

static void entity_free(Entity *e)
{
	size_t i;

	if (e->envp)
		for (i = 0; e->envp[i]; i++)
			if (!strncmp(e->envp[i], "KOS_ENTITY_", 11) &&
			    e->envp[i] != e->boot_env)
				free(e->envp[i]);
	free(e->envp);
	free(e->argv);
	free(e->boot_env);
	free(e);
}

/* Fork the stopped child; 0 or -1. */
static int start_stopped(Entity *e, const char *exe)
{
	int p[2];

	/* A socket, not a pipe: EntityRun's send() must not raise SIGPIPE. */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, p))
		return -1;
	pthread_mutex_lock(&entity_lock);
	e->pid = fork();
	if (!e->pid) {
		close(p[1]);
		child(e, p[0], exe);
	}
	close(p[0]);
	if (e->pid < 0) {
		close(p[1]);
		pthread_mutex_unlock(&entity_lock);
		return -1;
	}
	e->go = p[1];
	e->next = entity_list;
	entity_list = e;
	pthread_mutex_unlock(&entity_lock);
	return 0;
}

KOS_EXPORT Entity *EntityInitEx(const EntityInfo *info, const char *name,
				const char *path)
{
	char exe[PATH_MAX];
	Entity *e;

	if (!info || !kos_name_ok(info->eiid) || (name && !kos_name_ok(name))) {
		errno = EINVAL;
		return RTL_NULL;
	}
	if (resolve(path ? path : info->eiid, exe)) {
		errno = ENOENT;
		return RTL_NULL;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return RTL_NULL;
	e->go = -1;
	strcpy(e->name, name ? name : info->eiid);
	if (build_exec(e, info) || start_stopped(e, exe)) {
		entity_free(e);
		return RTL_NULL;
	}
	return e;
}

/*
 * Wait up to @d for @pid to end and reap it; its status in *st.  0, -ETIMEDOUT,
 * or -ECHILD when it is not (or no longer) a child to reap.
 */
static int reap(pid_t pid, const struct kos_deadline *d, int *st)
{
	siginfo_t si = { 0 };
	struct pollfd p = { .events = POLLIN };
	rtl_uint32_t left;
	int ret;

	/* Not our child (any more): its PID may be another process's now. */
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT))
		return -ECHILD;
	p.fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (p.fd < 0)
		return -ECHILD;
	do {
		left = kos_deadline_left_ms(d);
		ret = poll(&p, 1, left == INFINITE_TIMEOUT ? -1 :
			   left > INT_MAX ? INT_MAX : (int)left);
	} while ((ret < 0 && errno == EINTR) || (!ret && kos_deadline_left_ms(d)));
	close(p.fd);
	if (!ret)
		return -ETIMEDOUT;
	/* readable: it has ended, so this does not block */
	return ret > 0 && waitpid(pid, st, WNOHANG) == pid ? 0 : -ECHILD;
}

/*
 * Forget @e: off the list, its start socket and the channel roots it owns
 * closed.  A server's group channel root is shared with its clients' (not
 * owned) records: those become INVALID_HANDLE, never a reused number.
 */
static void entity_release(Entity *e)
{
	Entity **pp, *o;
	unsigned int i, j;

	pthread_mutex_lock(&entity_lock);
	for (pp = &entity_list; *pp; pp = &(*pp)->next)
		if (*pp == e) {
			*pp = e->next;
			break;
		}
	for (i = 0; i < e->nconns; i++) {
		if (e->conns[i].client == INVALID_HANDLE)
			continue;	/* a client's record: not owned */
		for (o = entity_list; o; o = o->next)
			for (j = 0; j < o->nconns; j++)
				if (o->conns[j].handle == e->conns[i].client)
					o->conns[j].handle = INVALID_HANDLE;
		KnHandleClose(e->conns[i].client);
		KnHandleClose(e->conns[i].handle);
	}
	pthread_mutex_unlock(&entity_lock);
	if (e->go >= 0)
		close(e->go);
	entity_free(e);
}

KOS_EXPORT Retcode KosEntityWait(Entity *entity, rtl_uint32_t msecs, int *status)
{
	struct kos_deadline d;
	int st, ret;

	if (!entity)
		return rcInvalidArgument;
	kos_deadline_init(&d, msecs);
	ret = reap(entity->pid, &d, &st);
	if (ret == -ETIMEDOUT)
		return rcTimeout;
	if (status)
		*status = ret ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) :
			  WIFSIGNALED(st) ? 128 + WTERMSIG(st) : -1;
	entity_release(entity);
	return ret ? rcResourceNotFound : rcOk;
}

KOS_EXPORT Entity *EntityInit(const EntityInfo *info)
{
	return EntityInitEx(info, RTL_NULL, RTL_NULL);
}

KOS_EXPORT int KosEntityGetPid(const Entity *entity)
{
	return entity ? entity->pid : -1;
}

static struct entity_conn *conn_find(Entity *e, const char *name)
{
	unsigned int i;

	for (i = 0; i < e->nconns; i++)
		if (!strcmp(e->conns[i].name, name))
			return &e->conns[i];
	return NULL;
}

/* @sr's server connection @name, created with its channel if new. */
static Retcode server_conn(Entity *sr, const char *name, struct entity_conn **out)
{
	struct entity_conn *c = conn_find(sr, name);
	Retcode rc;

	if (c) {
		*out = c;
		return c->client == INVALID_HANDLE ? rcAlreadyExists : rcOk;
	}
	if (sr->nconns == ENTITY_CONN_MAX)
		return rcQuotaExceeded;
	c = &sr->conns[sr->nconns];
	rc = KosChannelCreate(&c->client, &c->handle);
	if (rc != rcOk)
		return rc;
	strcpy(c->name, name);
	sr->nconns++;
	*out = c;
	return rcOk;
}

KOS_EXPORT Retcode EntityConnectToService(Entity *cl, Entity *sr,
					  const char *name)
{
	struct entity_conn *s, *c;
	Retcode rc;

	if (!cl || !sr || cl == sr || !kos_name_ok(name))
		return rcInvalidArgument;
	if (cl->go < 0 || sr->go < 0)
		return rcInvalidOperation;
	if (conn_find(cl, name))
		return rcAlreadyExists;
	if (cl->nconns == ENTITY_CONN_MAX)
		return rcQuotaExceeded;
	rc = server_conn(sr, name, &s);
	if (rc != rcOk)
		return rc;
	c = &cl->conns[cl->nconns++];
	strcpy(c->name, name);
	c->handle = s->client;
	c->client = INVALID_HANDLE;
	return rcOk;
}

KOS_EXPORT Retcode EntityConnect(Entity *cl, Entity *sr)
{
	if (!sr)
		return rcInvalidArgument;
	return EntityConnectToService(cl, sr, sr->name);
}

/* Answer one bootstrap request: the connections from its index on. */
static Retcode boot_answer(Entity *e, Handle server,
			   const struct entity_boot_request *req,
			   rtl_uint32_t *sent)
{
	struct entity_boot_reply rep = { .hdr.size = sizeof(rep), .total = e->nconns };
	rtl_uint32_t i;

	if (req->hdr.size != sizeof(*req) || req->hdr.nhandles ||
	    req->hdr.mid != ENTITY_MID_BOOT || req->index > e->nconns) {
		rep.total = 0;
		return Reply(server, &rep.hdr);
	}
	for (i = req->index; i < e->nconns && rep.hdr.nhandles < SMSG_HANDLES_MAX; i++) {
		rep.hdr.handles[rep.hdr.nhandles] =
			nk_handle_desc(e->conns[i].handle, OCAP_HANDLE_FULL);
		strcpy(rep.names[rep.hdr.nhandles++], e->conns[i].name);
	}
	*sent = i;
	return Reply(server, &rep.hdr);
}

/* Is the started process gone (without reaping it)? */
static bool exited(pid_t pid)
{
	siginfo_t si = { 0 };

	return waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) ||
	       si.si_pid == pid;
}

/* Serve the bootstrap channel until the process has all its connections. */
static Retcode boot_serve(Entity *e, Handle server)
{
	struct entity_boot_request req;
	struct kos_deadline d;
	rtl_uint32_t sent = 0;
	Retcode rc;

	kos_deadline_init(&d, ENTITY_BOOT_MS);
	while (sent < e->nconns) {
		memset(&req, 0, sizeof(req));
		req.hdr.size = sizeof(req);
		rc = KosRecvTimeout(server, &req.hdr, 100);
		if (rc == rcTimeout && exited(e->pid))
			return rcNotConnected;
		if (rc == rcTimeout && !kos_deadline_left_ms(&d))
			return rcTimeout;
		if (rc == rcOk)
			rc = boot_answer(e, server, &req, &sent);
		if (rc != rcOk && rc != rcTimeout && rc != rcBufferTooLarge)
			return rc;
	}
	return rcOk;
}

/*
 * "kos.entity/<pid>.<128 random bits>": only the started process learns
 * the name (through its start socket), so no other one can take its handles.
 */
static Retcode boot_name(char *buf, size_t size, pid_t pid)
{
	unsigned char r[16];
	size_t i, n;

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		return rcFail;
	n = (size_t)snprintf(buf, size, "kos.entity/%d.", (int)pid);
	for (i = 0; i < sizeof(r) && n + 2 < size; i++, n += 2)
		snprintf(buf + n, size - n, "%02x", r[i]);
	return rcOk;
}

KOS_EXPORT Retcode EntityRun(Entity *entity)
{
	char msg[1 + KOS_NAME_MAX] = "G";
	Handle client, server;
	Retcode rc = rcOk;
	ssize_t n;

	if (!entity)
		return rcInvalidArgument;
	if (entity->go < 0)
		return rcInvalidOperation;
	if (entity->nconns) {
		rc = boot_name(msg + 1, KOS_NAME_MAX, entity->pid);
		if (rc != rcOk)
			return rc;
		rc = KosChannelCreate(&client, &server);
		if (rc != rcOk)
			return rc;
		rc = KosServicePublish(msg + 1, server);
		if (rc != rcOk) {
			KnHandleClose(server);
			KnHandleClose(client);
			return rc;
		}
	}
	n = send(entity->go, msg, strlen(msg), MSG_NOSIGNAL);
	pthread_mutex_lock(&entity_lock);
	close(entity->go);
	entity->go = -1;
	pthread_mutex_unlock(&entity_lock);
	if (n != (ssize_t)strlen(msg))
		rc = rcNotConnected;	/* the stopped process is gone */
	else if (entity->nconns)
		rc = boot_serve(entity, server);
	if (entity->nconns) {
		KnHandleClose(server);
		KnHandleClose(client);
	}
	return rc;
}
