/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_OBJSTAT_H
#define _KOS_OBJSTAT_H

#include <linux/atomic.h>

/* Live objects of each kind, so tests can prove nothing leaked. */
enum kos_objstat {
	KOS_OBJ_CONTEXT,
	KOS_OBJ_HANDLE,
	KOS_OBJ_OBJECT,
	KOS_OBJ_SUBSCRIPTION,
	KOS_OBJ_CHANNEL,
	KOS_OBJ_IPC_REQUEST,
	KOS_OBJ_IPC_NAME,
	KOS_OBJ_NS_SERVER,
	KOS_OBJ_NS_ENTRY,
	KOS_OBJ_DMA,
	KOS_OBJ_IOMAP,
	KOS_OBJ_IOPORT,
	KOS_OBJ_IOMMU_DEV,
	KOS_OBJ_NR,
};

extern atomic_long_t kos_objstat_live[KOS_OBJ_NR];

static inline void kos_objstat_inc(enum kos_objstat kind)
{
	atomic_long_inc(&kos_objstat_live[kind]);
}

static inline void kos_objstat_dec(enum kos_objstat kind)
{
	atomic_long_dec(&kos_objstat_live[kind]);
}

/* debugfs kos/ directory, for other views of module state. */
extern struct dentry *objstat_dir;

int kos_objstat_init(void);
void kos_objstat_uninit(void);

#endif /* _KOS_OBJSTAT_H */
