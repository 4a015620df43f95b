/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* I/O memory barriers (KasperskyOS coresrv/io/barriers.h). */
#ifndef _CORESRV_IO_BARRIERS_H
#define _CORESRV_IO_BARRIERS_H

#ifdef __cplusplus
extern "C" {
#endif

void IoReadBarrier(void);	/* Linux rmb() */
void IoWriteBarrier(void);	/* Linux wmb() */
void IoReadWriteBarrier(void);	/* Linux mb() */

#ifdef __cplusplus
}
#endif

#endif /* _CORESRV_IO_BARRIERS_H */
