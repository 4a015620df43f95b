/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Restricted POSIX profiles for OCI runtimes: the linux.seccomp object of a
 * container's config.json (runc, crun, Podman, Docker), and the precreate
 * hook that puts it into a config.  Documentation/containers.rst.
 */
#ifndef KOS_POSIX_OCI_H
#define KOS_POSIX_OCI_H

#include <stdio.h>
#include <json-c/json.h>

#include "profile.h"

/* The annotation naming the profile a container runs under. */
#define KP_OCI_ANNOTATION "org.kos-linux.profile"

/* The profile as a new linux.seccomp object, or NULL if out of memory. */
struct json_object *kp_oci_seccomp(const struct kp_profile *p);

/* Write @obj to @out as indented JSON and a newline; 0 or -1 (errno). */
int kp_oci_write(struct json_object *obj, FILE *out);

/*
 * An OCI precreate hook: read a runtime config from file descriptor @in
 * and write it to @out with linux.seccomp set from @profile (a name or a
 * file) or, when that is NULL, from the config's KP_OCI_ANNOTATION
 * annotation (a built-in profile's name only: the config is not trusted
 * with host paths); a config that names no profile passes unchanged.  0,
 * or -1 with a message on @err and nothing written.
 */
int kp_oci_hook(int in, FILE *out, const char *profile, FILE *err);

#endif
