/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PSL subset compiler of kos-policy: PSL source -> .kpol blob
 * (kmod/policy/eval.h), and the parser of policy test files.
 */
#ifndef _KOS_PSL_H
#define _KOS_PSL_H

#include <stddef.h>

#include "../kmod/policy/eval.h"

struct psl;

/* Parse and check @path; NULL after printing "file:line:col: error: ...". */
struct psl *psl_parse_file(const char *path);
void psl_free(struct psl *p);
/* The compiled blob (malloc'ed), *len its size; NULL on out of memory. */
void *psl_compile(const struct psl *p, size_t *len);

/* One expectation of a test file. */
struct psl_test {
	unsigned int line;
	u32 expect;		/* enum kpol_verdict */
	u32 kind;
	u32 endpoint;
	u32 method;
	char src[KPOL_CLASS_MAX];
	char dst[KPOL_CLASS_MAX];
};

/*
 * Parse a test file, resolving endpoint and method names against @p; returns
 * the number of tests (array in *tests, malloc'ed) or -1 after an error.
 */
int psl_parse_tests(const struct psl *p, const char *path, struct psl_test **tests);

/* "request", "response", ... for enum kpol_kind; NULL when out of range. */
const char *psl_kind_name(u32 kind);

#endif /* _KOS_PSL_H */
