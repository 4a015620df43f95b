/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_HANDLE_H
#define _KOS_HANDLE_H

#include <linux/dcache.h>

#include "context.h"
#include "object.h"
#include "ucmd.h"

/* Rights the module itself checks (general part, mirrored in services/ocap.h). */
#define KOS_RIGHT_TRANSFER	(1U << 0)
#define KOS_RIGHT_SET_EVENT	(1U << 1)
#define KOS_RIGHT_GET_EVENT	(1U << 2)

void kos_handle_ctx_init(struct kos_context *ctx);
void kos_handle_ctx_release(struct kos_context *ctx);
int kos_handle_transfer(struct kos_context *src, int handle,
			struct kos_context *dst, u32 rights, int badge, int *out);
int kos_handle_deref(struct kos_context *src, int handle,
		     struct kos_context *dst, u32 rights, int *out,
		     u32 *out_rights, u64 *context);
int kos_handle_add(struct kos_context *ctx, struct kos_object *obj,
		   u32 rights, int *out);
struct kos_object *kos_handle_object(struct kos_context *ctx, int handle,
				     u32 type, u32 right);
int kos_handle_install(struct kos_context *ctx, struct kos_object *obj,
		       u32 rights, int *out);
struct kos_object *kos_handle_next_object(struct kos_context *ctx, u32 type,
					  unsigned long *id);
int kos_kobject_install(struct kos_context *ctx,
			const struct kos_object_ops *ops, void *priv,
			u32 rights, int *out);

int kos_handle_close(struct kos_context *ctx, int handle);

int kos_handle_create_ioctl(struct kos_ucmd *ucmd);
int kos_handle_close_ioctl(struct kos_ucmd *ucmd);
int kos_handle_revoke_ioctl(struct kos_ucmd *ucmd);
int kos_handle_transfer_ioctl(struct kos_ucmd *ucmd);

int kos_handle_debugfs_init(struct dentry *dir);

#endif /* _KOS_HANDLE_H */
