// SPDX-License-Identifier: GPL-2.0
/*
 * Recognising a context: the bottom of the module, which every feature may
 * use.  Its life (creation, shutdown, teardown) is in process.c.
 */
#include <linux/fs.h>

#include "context.h"

static const struct file_operations *kos_context_fops;

void kos_context_init(const struct file_operations *fops)
{
	kos_context_fops = fops;
}

struct kos_context *kos_context_from_file(struct file *file)
{
	return file->f_op == kos_context_fops ? file->private_data : NULL;
}
