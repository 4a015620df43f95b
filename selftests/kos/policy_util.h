/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the policy tests: compile PSL text with the kos-policy
 * compiler itself (tools/psl.c) and evaluate with the kernel's evaluator
 * (kmod/policy/eval.c), both linked into the test program.
 */
#ifndef _KOS_POLICY_UTIL_H
#define _KOS_POLICY_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../kmod/policy/eval.h"
#include "../../tools/psl.h"

/* Compile @text; the blob (malloc'ed) or NULL on a PSL error. */
static inline void *policy_compile_text(const char *text, size_t *len)
{
	char path[] = "/tmp/kos-policy-XXXXXX";
	int fd = mkstemp(path);
	struct psl *p;
	void *blob = NULL;

	if (fd < 0)
		return NULL;
	if (write(fd, text, strlen(text)) == (ssize_t)strlen(text)) {
		p = psl_parse_file(path);
		if (p)
			blob = psl_compile(p, len);
		psl_free(p);
	}
	close(fd);
	unlink(path);
	return blob;
}

/* PSL text: @n request rules src=C dst=S endpoint=i (i = 1..n), grant. */
static inline char *policy_text_n_rules(unsigned int n)
{
	size_t cap = 256 + (size_t)n * 64, off;
	char *s = malloc(cap);
	unsigned int i;

	if (!s)
		return NULL;
	off = snprintf(s, cap, "use nk.base._\nuse EDL C\nuse EDL S\n"
		       "request { deny () }\nresponse { grant () }\n");
	for (i = 1; i <= n; i++)
		off += snprintf(s + off, cap - off,
				"request src=C dst=S endpoint=%u { grant () }\n", i);
	return s;
}

#endif /* _KOS_POLICY_UTIL_H */
