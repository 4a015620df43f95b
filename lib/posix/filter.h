/* SPDX-License-Identifier: GPL-2.0 */
/* Builds the libseccomp filter of a profile. */
#ifndef KOS_POSIX_FILTER_H
#define KOS_POSIX_FILTER_H

#include <seccomp.h>
#include <stdbool.h>

#include "profile.h"

/*
 * enforce: seccomp rows fail as documented, supervisor rows notify.
 * audit: every limited call notifies, and the supervisor lets it through.
 * oci: no notifications (a container runtime has no supervisor).
 */
enum kp_mode { KP_ENFORCE, KP_AUDIT, KP_OCI };

scmp_filter_ctx kp_filter_build(const struct kp_profile *p, enum kp_mode mode,
				FILE *err);
uint32_t kp_row_action(const struct kp_row *r, enum kp_mode mode);
bool kp_filter_needs_notify(const struct kp_profile *p, enum kp_mode mode);

#endif
