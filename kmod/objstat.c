// SPDX-License-Identifier: GPL-2.0
/*
 * Module-wide counters of live objects, shown in debugfs as
 * /sys/kernel/debug/kos/objects ("<kind> <count>" per line).  The VM test
 * harness reads it after the selftests: every count must be back to 0.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "objstat.h"

atomic_long_t kos_objstat_live[KOS_OBJ_NR];

static const char *const objstat_names[KOS_OBJ_NR] = {
	[KOS_OBJ_CONTEXT] = "contexts",
	[KOS_OBJ_HANDLE] = "handles",
	[KOS_OBJ_OBJECT] = "objects",
	[KOS_OBJ_SUBSCRIPTION] = "subscriptions",
	[KOS_OBJ_CHANNEL] = "channels",
	[KOS_OBJ_IPC_REQUEST] = "ipc_requests",
	[KOS_OBJ_IPC_NAME] = "ipc_names",
	[KOS_OBJ_NS_SERVER] = "ns_servers",
	[KOS_OBJ_NS_ENTRY] = "ns_entries",
	[KOS_OBJ_DMA] = "dma_buffers",
	[KOS_OBJ_IOMAP] = "io_mappings",
	[KOS_OBJ_IOPORT] = "io_ports",
	[KOS_OBJ_IOMMU_DEV] = "iommu_devices",
};

struct dentry *objstat_dir;

static int objects_show(struct seq_file *m, void *unused)
{
	int i;

	for (i = 0; i < KOS_OBJ_NR; i++)
		seq_printf(m, "%s %ld\n", objstat_names[i],
			   atomic_long_read(&kos_objstat_live[i]));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(objects);

int kos_objstat_init(void)
{
	objstat_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("objects", 0444, objstat_dir, NULL, &objects_fops);
	return 0;
}

void kos_objstat_uninit(void)
{
	debugfs_remove(objstat_dir);
}
