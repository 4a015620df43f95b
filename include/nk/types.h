/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Handle transport containers (KasperskyOS nk/types.h): what IPC messages
 * carry for each Handle parameter.
 */
#ifndef _NK_TYPES_H
#define _NK_TYPES_H

#include <handle/handletype.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef rtl_int32_t nk_err_t;
typedef rtl_uint32_t nk_rights_t;
typedef rtl_uint32_t nk_handle_t;
typedef rtl_uintptr_t nk_badge_t;
typedef int nk_bool_t;
typedef rtl_uint32_t nk_iid_t;

#define NK_EOK		0
#define NK_EPERM	1	/* rights do not allow the operation */
#define NK_EINVAL	2
#define NK_INVALID_HANDLE INVALID_HANDLE

/* kos-linux: set in @flags by IPC when the handle was dereferenced. */
#define NK_HANDLE_DEREFERENCED	1U

/**
 * nk_handle_desc_t - transport container of a handle
 * @handle: the handle
 * @rights: its rights mask
 * @badge: sending: badge handle; received by dereference: badge context
 * @flags: kos-linux extension, NK_HANDLE_DEREFERENCED
 */
typedef struct {
	nk_handle_t handle;
	nk_rights_t rights;
	nk_badge_t badge;
	rtl_uint32_t flags;
} nk_handle_desc_t;

#define nk_handle_desc_0() \
	((nk_handle_desc_t){ NK_INVALID_HANDLE, 0, NK_INVALID_HANDLE, 0 })
#define nk_handle_desc_1(h) ((nk_handle_desc_t){ (h), 0, NK_INVALID_HANDLE, 0 })
#define nk_handle_desc_2(h, r) \
	((nk_handle_desc_t){ (h), (r), NK_INVALID_HANDLE, 0 })
#define nk_handle_desc_3(h, r, b) ((nk_handle_desc_t){ (h), (r), (b), 0 })
#define nk_handle_desc_pick(_0, _1, _2, _3, name, ...) name
/* nk_handle_desc([handle[, rights[, badge]]]) */
#define nk_handle_desc(...)                                                   \
	nk_handle_desc_pick(_0, ##__VA_ARGS__, nk_handle_desc_3,              \
			    nk_handle_desc_2, nk_handle_desc_1,               \
			    nk_handle_desc_0)(__VA_ARGS__)

static inline nk_handle_t nk_get_handle(const nk_handle_desc_t *desc)
{
	return desc->handle;
}

static inline nk_rights_t nk_get_rights(const nk_handle_desc_t *desc)
{
	return desc->rights;
}

static inline nk_err_t nk_get_badge(const nk_handle_desc_t *desc,
				    nk_badge_t *badge)
{
	*badge = desc->badge;
	return NK_EOK;
}

/* The badge, only if the rights include every bit of @operation. */
static inline nk_err_t nk_get_badge_op(const nk_handle_desc_t *desc,
				       nk_rights_t operation,
				       nk_badge_t *badge)
{
	if ((desc->rights & operation) != operation)
		return NK_EPERM;
	return nk_get_badge(desc, badge);
}

static inline nk_bool_t nk_is_handle_dereferenced(const nk_handle_desc_t *desc)
{
	return (desc->flags & NK_HANDLE_DEREFERENCED) != 0;
}

#ifdef __cplusplus
}
#endif

#endif /* _NK_TYPES_H */
