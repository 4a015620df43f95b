/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KOS_PROCESS_H
#define _KOS_PROCESS_H

#include "context.h"

/* open(): a context for the calling process, or ERR_PTR(). */
struct kos_context *kos_context_create(void);
/* End what the context provides to others; once, whoever comes first. */
void kos_context_shutdown(struct kos_context *ctx);
/* The last close: shut down if not yet, then free. */
void kos_context_destroy(struct kos_context *ctx);

#endif /* _KOS_PROCESS_H */
