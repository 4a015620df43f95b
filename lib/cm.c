// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Connection manager (coresrv/cm/cm_api.h) over IPC channels.
 *
 * A server process's first KnCmListen publishes a channel of its own, the
 * CM endpoint, under the service name "kos.cm/<process name>".  KnCmConnect
 * connects to it and Calls with (client name, service), waiting at most its
 * timeout for the answer.  KnCmListen receives that request and holds it
 * in the calling thread (the kernel ties a reply to the receiving thread);
 * the same thread's KnCmAccept answers it with a client endpoint of the
 * channel the server will Recv on, or KnCmDrop with a refusal.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <coresrv/cm/cm_api.h>
#include <coresrv/handle/handle_api.h>
#include <coresrv/syscalls.h>
#include <services/ocap.h>

#include "futex.h"
#include "internal.h"

#define CM_PREFIX "kos.cm/"
#define CM_MID_CONNECT 1

/* KnCmConnect -> KnCmListen. */
struct cm_request {
	SMsgHdr hdr;
	char client[KOS_NAME_MAX];
	char service[KOS_NAME_MAX];
};

/* KnCmAccept/KnCmDrop -> KnCmConnect; Accept carries the client endpoint. */
struct cm_reply {
	SMsgHdr hdr;
	rtl_uint32_t rc;
	rtl_uint32_t rsid;
};

static pthread_mutex_t cm_lock = PTHREAD_MUTEX_INITIALIZER;
static Handle cm_endpoint = INVALID_HANDLE;
static pid_t cm_pid;

/* The request this thread received with KnCmListen and must answer. */
static __thread struct {
	bool held;
	char client[KOS_NAME_MAX];
	char service[KOS_NAME_MAX];
} cm_pending;

/* "kos.cm/<process>": rcInvalidArgument when it does not fit a service name. */
static Retcode cm_name(char *buf, size_t size, const char *process)
{
	if (!kos_name_ok(process) ||
	    (size_t)snprintf(buf, size, CM_PREFIX "%s", process) >= size)
		return rcInvalidArgument;
	return rcOk;
}

/*
 * This process's CM endpoint, published at first use.  A forked child has
 * a new handle table: it publishes its own.
 */
static Retcode cm_listener(Handle *server)
{
	char name[KOS_NAME_MAX];
	Retcode rc = rcOk;
	Handle client;

	pthread_mutex_lock(&cm_lock);
	if (cm_endpoint != INVALID_HANDLE && cm_pid == getpid())
		goto out;
	rc = cm_name(name, sizeof(name), kos_process_name());
	if (rc == rcOk)
		rc = KosChannelCreate(&client, &cm_endpoint);
	if (rc != rcOk)
		goto out;
	/* The client endpoint's root stays open: closing it would end it. */
	rc = KosServicePublish(name, cm_endpoint);
	if (rc != rcOk) {
		KnHandleClose(cm_endpoint);
		KnHandleClose(client);
		cm_endpoint = INVALID_HANDLE;
		goto out;
	}
	cm_pid = getpid();
out:
	*server = cm_endpoint;
	pthread_mutex_unlock(&cm_lock);
	return rc;
}

static Retcode cm_answer(Handle server, Retcode result, rtl_uint32_t rsid,
			 Handle give)
{
	struct cm_reply rep = {
		.hdr.size = sizeof(rep),
		.rc = (rtl_uint32_t)result,
		.rsid = rsid,
	};

	if (give != INVALID_HANDLE) {
		rep.hdr.nhandles = 1;
		rep.hdr.handles[0] = nk_handle_desc(give, OCAP_HANDLE_FULL);
	}
	return Reply(server, &rep.hdr);
}

static bool request_ok(const struct cm_request *req)
{
	return req->hdr.size == sizeof(*req) && !req->hdr.nhandles &&
	       req->hdr.mid == CM_MID_CONNECT &&
	       memchr(req->client, 0, sizeof(req->client)) && req->client[0] &&
	       memchr(req->service, 0, sizeof(req->service)) && req->service[0];
}

KOS_EXPORT Retcode KnCmListen(const char *filter, rtl_uint32_t msecs,
			      char *client, char *service)
{
	struct cm_request req;
	struct kos_deadline d;
	rtl_uint32_t i;
	Handle server;
	Retcode rc;

	(void)filter;
	if (!client || !service)
		return rcInvalidArgument;
	if (cm_pending.held)
		return rcBusy;
	rc = cm_listener(&server);
	if (rc != rcOk)
		return rc;
	kos_deadline_init(&d, msecs);
	for (;;) {
		memset(&req, 0, sizeof(req));
		req.hdr.size = sizeof(req);
		rc = KosRecvTimeout(server, &req.hdr, kos_deadline_left_ms(&d));
		if (rc == rcBufferTooLarge)
			continue;	/* not a CM request: failed for its sender */
		if (rc == rcTimeout && kos_deadline_left_ms(&d))
			continue;	/* woken a tick early: wait the rest */
		if (rc != rcOk)
			return rc;
		if (request_ok(&req))
			break;
		for (i = 0; i < req.hdr.nhandles && i < SMSG_HANDLES_MAX; i++)
			KnHandleClose(req.hdr.handles[i].handle);
		cm_answer(server, rcInvalidArgument, 0, INVALID_HANDLE);
	}
	strcpy(cm_pending.client, req.client);
	strcpy(cm_pending.service, req.service);
	cm_pending.held = true;
	strcpy(client, req.client);
	strcpy(service, req.service);
	return rcOk;
}

/* The held request is the one from @client for @service. */
static Retcode pending_is(const char *client, const char *service)
{
	if (!client || !service)
		return rcInvalidArgument;
	if (!cm_pending.held || strcmp(client, cm_pending.client) ||
	    strcmp(service, cm_pending.service))
		return rcResourceNotFound;
	cm_pending.held = false;
	return rcOk;
}

/*
 * A new handle to the client endpoint of @listener's channel, through a
 * short-lived service name (the only way to it from a server endpoint).
 */
static Retcode client_of(Handle listener, Handle *client)
{
	static unsigned int seq;
	char name[KOS_NAME_MAX];
	Retcode rc;

	snprintf(name, sizeof(name), "kos.cm.accept/%d.%u", (int)getpid(),
		 __atomic_fetch_add(&seq, 1, __ATOMIC_RELAXED));
	rc = KosServicePublish(name, listener);
	if (rc != rcOk)
		return rc;
	rc = KosServiceConnect(name, 0, client);
	KosServiceUnpublish(name, listener);
	return rc;
}

KOS_EXPORT Retcode KnCmAccept(const char *client, const char *service,
			      rtl_uint32_t rsid, Handle listener, Handle *handle)
{
	Handle give, server = listener;
	Retcode rc;

	if (!handle)
		return rcInvalidArgument;
	rc = pending_is(client, service);
	if (rc != rcOk)
		return rc;
	if (listener == INVALID_HANDLE)
		rc = KosChannelCreate(&give, &server);
	else
		rc = client_of(listener, &give);
	if (rc != rcOk) {
		cm_answer(cm_endpoint, rc, 0, INVALID_HANDLE);
		return rc;
	}
	rc = cm_answer(cm_endpoint, rcOk, rsid, give);
	/*
	 * A listener's channel lives on; a new channel's client root stays
	 * open in this process (closing it would end the client's handle).
	 */
	if (listener != INVALID_HANDLE) {
		KnHandleClose(give);
	} else if (rc != rcOk) {
		KnHandleClose(server);
		KnHandleClose(give);
	}
	if (rc == rcOk)
		*handle = server;
	return rc;
}

KOS_EXPORT Retcode KnCmDrop(const char *client, const char *service)
{
	Retcode rc = pending_is(client, service);

	if (rc != rcOk)
		return rc;
	return cm_answer(cm_endpoint, rcNotConnected, 0, INVALID_HANDLE);
}

/* Read KnCmAccept's or KnCmDrop's answer. */
static Retcode cm_result(const struct cm_reply *rep, Handle *handle,
			 rtl_uint32_t *rsid)
{
	rtl_uint32_t i;

	if (rep->hdr.size != sizeof(*rep) || (rep->rc == rcOk) != (rep->hdr.nhandles == 1)) {
		for (i = 0; i < rep->hdr.nhandles && i < SMSG_HANDLES_MAX; i++)
			KnHandleClose(rep->hdr.handles[i].handle);
		return rcInternalError;
	}
	if (rep->rc != rcOk)
		return (Retcode)rep->rc;
	*handle = rep->hdr.handles[0].handle;
	*rsid = rep->rsid;
	return rcOk;
}

KOS_EXPORT Retcode KnCmConnect(const char *server, const char *service,
			       rtl_uint32_t msecs, Handle *handle,
			       rtl_uint32_t *rsid)
{
	struct cm_request req = { .hdr.size = sizeof(req), .hdr.mid = CM_MID_CONNECT };
	struct cm_reply rep = { .hdr.size = sizeof(rep) };
	char name[KOS_NAME_MAX];
	struct kos_deadline d;
	Handle cm;
	Retcode rc;

	if (!handle || !rsid || !kos_name_ok(service))
		return rcInvalidArgument;
	rc = cm_name(name, sizeof(name), server);
	if (rc != rcOk)
		return rc;
	kos_deadline_init(&d, msecs);
	rc = KosServiceConnect(name, msecs, &cm);
	if (rc != rcOk)
		return rc;
	strcpy(req.client, kos_process_name());
	strcpy(req.service, service);
	rc = KosCallTimeout(cm, &req.hdr, &rep.hdr, kos_deadline_left_ms(&d));
	KnHandleClose(cm);
	if (rc != rcOk)
		return rc;
	return cm_result(&rep, handle, rsid);
}
