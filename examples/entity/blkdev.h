/* SPDX-License-Identifier: GPL-2.0 */
/* The example's protocol: a block device service answering "read block n". */
#ifndef _EXAMPLE_BLKDEV_H
#define _EXAMPLE_BLKDEV_H

#include <coresrv/syscalls.h>

#define BLKDEV_TYPE	"kl.drivers.Block"	/* interface type on the name server */
#define BLKDEV_SERVICE	"blkdev.ata"		/* service name */
#define BLKDEV_GROUP	"blkdev"		/* channel group of EntityConnect */
#define BLKDEV_RIID	1			/* endpoint ID given by KnCmAccept */
#define BLKDEV_READ	1			/* method: read block n */
#define BLKDEV_QUIT	2			/* method: stop serving */

struct blkdev_msg {
	SMsgHdr hdr;
	rtl_uint32_t block;
	char data[60];
};

static inline void blkdev_msg_init(struct blkdev_msg *m, rtl_uint32_t mid,
				   rtl_uint32_t block)
{
	*m = (struct blkdev_msg){ .hdr.size = sizeof(*m), .hdr.riid = BLKDEV_RIID,
				  .hdr.mid = mid, .block = block };
}

#endif /* _EXAMPLE_BLKDEV_H */
