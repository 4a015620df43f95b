/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Handle rights masks (KasperskyOS services/ocap.h): 32 bits, the general
 * part in the low 16 bits, the specialized part (OCAP_HANDLE_SPEC) above.
 */
#ifndef _SERVICES_OCAP_H
#define _SERVICES_OCAP_H

#define OCAP_HANDLE_TRANSFER	(1U << 0)	/* may be transferred/duplicated */
#define OCAP_HANDLE_SET_EVENT	(1U << 1)	/* KnNoticeSetObjectEvent */
#define OCAP_HANDLE_GET_EVENT	(1U << 2)	/* KnNoticeSubscribeToObject */

#define OCAP_HANDLE_GENERAL_MASK	0x0000ffffU
/* Specialized right number @n (0..15) of a user resource. */
#define OCAP_HANDLE_SPEC(n)	(1U << (16 + (n)))
#define OCAP_HANDLE_FULL	0xffffffffU

/*
 * The masks the kernel gives new handles of system resources: OCAP_*_FULL
 * to a resource's first handle, OCAP_IPC_* to channel endpoints.
 * kos-linux: every first handle of a system resource gets all rights, so
 * these are all OCAP_HANDLE_FULL; what an endpoint can do (Call on a
 * client, Recv/Reply on a server, KnCmAccept on a listener) follows from
 * its type, not from rights bits.  Descendants get a subset (transfer).
 */
#define OCAP_IOPORT_FULL	OCAP_HANDLE_FULL
#define OCAP_TASK_FULL		OCAP_HANDLE_FULL
#define OCAP_FILE_FULL		OCAP_HANDLE_FULL
#define OCAP_IPC_SERVER		OCAP_HANDLE_FULL
#define OCAP_IPC_LISTENER	OCAP_HANDLE_FULL
#define OCAP_IPC_CLIENT		OCAP_HANDLE_FULL

#endif /* _SERVICES_OCAP_H */
