// SPDX-License-Identifier: GPL-2.0
/*
 * PSL subset compiler (Documentation/policy.rst lists the grammar).  A
 * hand-written lexer and recursive-descent parser over a flat statement
 * list: no nesting deeper than one block, so no recursion over input.
 * The first error stops compilation, reported as file:line:col.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "psl.h"

enum tok { T_EOF, T_NAME, T_NUM, T_PUNCT };

struct lexer {
	const char *path;
	char *src;
	size_t pos;
	unsigned int line, col;
	/* the current token */
	enum tok tok;
	char text[256];
	unsigned long long num;
	unsigned int tline, tcol;
};

struct psl_endpoint {
	char name[128];
	u32 id;
	unsigned int first_method, nmethods;	/* into psl.methods */
};

struct psl_method {
	char name[128];
	u32 id;
};

struct psl_rule {
	struct kpol_rule r;
	unsigned int col;
};

struct psl {
	int base;			/* "use nk.base._" seen */
	u32 audit;
	u32 defaults[KPOL_NKINDS];
	unsigned int default_line[KPOL_NKINDS];
	char (*classes)[KPOL_CLASS_MAX];
	unsigned int nclasses;
	char (*objects)[128];
	unsigned int nobjects;
	struct psl_endpoint *endpoints;
	unsigned int nendpoints;
	struct psl_method *methods;
	unsigned int nmethods;
	struct psl_rule *rules;
	unsigned int nrules;
	/* duplicate detection while parsing: hash of rule indices */
	unsigned int *dup_heads, *dup_next, dup_size;
};

static const char *const kind_names[KPOL_NKINDS] = {
	[KPOL_REQUEST] = "request", [KPOL_RESPONSE] = "response",
	[KPOL_ERROR] = "error", [KPOL_SECURITY] = "security",
	[KPOL_EXECUTE] = "execute",
};

const char *psl_kind_name(u32 kind)
{
	return kind && kind < KPOL_NKINDS ? kind_names[kind] : NULL;
}

static u32 kind_from_name(const char *s)
{
	u32 k;

	for (k = 1; k < KPOL_NKINDS; k++)
		if (!strcmp(s, kind_names[k]))
			return k;
	return 0;
}

static int error(struct lexer *lx, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%u:%u: error: ", lx->path, lx->tline, lx->tcol);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static void *grow(void *arr, unsigned int n, size_t esize)
{
	/* capacity doubles at powers of two */
	if (n & (n - 1))
		return arr;
	return realloc(arr, (n ? 2 * (size_t)n : 1) * esize);
}

#define APPEND(arr, n) ({						\
	void *_a = grow((arr), (n), sizeof(*(arr)));			\
	if (!_a) { perror("kos-policy"); exit(1); }			\
	(arr) = _a;							\
	&(arr)[(n)++];							\
})

static char cur(struct lexer *lx)
{
	return lx->src[lx->pos];
}

static void adv(struct lexer *lx)
{
	if (lx->src[lx->pos] == '\n') {
		lx->line++;
		lx->col = 1;
	} else {
		lx->col++;
	}
	lx->pos++;
}

static int skip_space(struct lexer *lx)
{
	for (;;) {
		char c = cur(lx), n = c ? lx->src[lx->pos + 1] : 0;

		if (isspace((unsigned char)c)) {
			adv(lx);
		} else if (c == '#' || (c == '/' && n == '/')) {
			while (cur(lx) && cur(lx) != '\n')
				adv(lx);
		} else if (c == '/' && n == '*') {
			lx->tline = lx->line;
			lx->tcol = lx->col;
			adv(lx);
			adv(lx);
			while (cur(lx) && !(cur(lx) == '*' && lx->src[lx->pos + 1] == '/'))
				adv(lx);
			if (!cur(lx))
				return error(lx, "unterminated comment");
			adv(lx);
			adv(lx);
		} else {
			return 0;
		}
	}
}

static int is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.';
}

/* Read the next token into lx->tok/text/num. */
static int next(struct lexer *lx)
{
	size_t n = 0;
	char c;

	if (skip_space(lx))
		return -1;
	lx->tline = lx->line;
	lx->tcol = lx->col;
	c = cur(lx);
	if (!c) {
		lx->tok = T_EOF;
		strcpy(lx->text, "end of file");
		return 0;
	}
	if (isdigit((unsigned char)c)) {
		char *end;

		errno = 0;
		lx->num = strtoull(lx->src + lx->pos, &end, 0);
		if (errno || lx->num >= KPOL_NONE || is_name_char(*end))
			return error(lx, "bad number (0..0xfffffffe)");
		while (lx->src + lx->pos < end)
			adv(lx);
		lx->tok = T_NUM;
		snprintf(lx->text, sizeof(lx->text), "%llu", lx->num);
		return 0;
	}
	if (is_name_char(c)) {
		while (is_name_char(cur(lx))) {
			if (n + 1 >= sizeof(lx->text))
				return error(lx, "name too long");
			lx->text[n++] = cur(lx);
			adv(lx);
		}
		lx->text[n] = 0;
		lx->tok = T_NAME;
		return 0;
	}
	if (!strchr("{}()=:;,", c))
		return error(lx, "unexpected character '%c'", c);
	lx->text[0] = c;
	lx->text[1] = 0;
	lx->tok = T_PUNCT;
	adv(lx);
	return 0;
}

static int is(struct lexer *lx, const char *s)
{
	return lx->tok != T_EOF && lx->tok != T_NUM && !strcmp(lx->text, s);
}

static int expect(struct lexer *lx, const char *s)
{
	if (!is(lx, s))
		return error(lx, "expected '%s', got '%s'", s, lx->text);
	return next(lx);
}

/* Copy the current name token to @buf (size @len) and advance. */
static int take_name(struct lexer *lx, char *buf, size_t len, const char *what)
{
	if (lx->tok != T_NAME)
		return error(lx, "expected %s, got '%s'", what, lx->text);
	if (strlen(lx->text) >= len)
		return error(lx, "%s '%s' too long (max %zu)", what, lx->text, len - 1);
	strcpy(buf, lx->text);
	return next(lx);
}

static int find_class(const struct psl *p, const char *name)
{
	unsigned int i;

	for (i = 0; i < p->nclasses; i++)
		if (!strcmp(p->classes[i], name))
			return i;
	return -1;
}

static struct psl_endpoint *find_endpoint(const struct psl *p, const char *name)
{
	unsigned int i;

	for (i = 0; i < p->nendpoints; i++)
		if (!strcmp(p->endpoints[i].name, name))
			return &p->endpoints[i];
	return NULL;
}

static int find_object(const struct psl *p, const char *name)
{
	unsigned int i;

	for (i = 0; i < p->nobjects; i++)
		if (!strcmp(p->objects[i], name))
			return 1;
	return 0;
}

/* use nk.base._ | use EDL CLASS (class lookups are linear: declarations only) */
static int parse_use(struct psl *p, struct lexer *lx)
{
	char name[KPOL_CLASS_MAX];

	if (is(lx, "nk.base._")) {
		p->base = 1;
		return next(lx);
	}
	if (expect(lx, "EDL"))
		return -1;
	if (lx->tok == T_NAME && find_class(p, lx->text) >= 0)
		return error(lx, "class '%s' declared twice", lx->text);
	if (take_name(lx, name, sizeof(name), "process class name"))
		return -1;
	strcpy(*(char (*)[KPOL_CLASS_MAX])APPEND(p->classes, p->nclasses), name);
	return 0;
}

static int parse_object(struct psl *p, struct lexer *lx)
{
	char name[128];

	if (expect(lx, "object"))
		return -1;
	if (lx->tok == T_NAME && find_object(p, lx->text))
		return error(lx, "policy object '%s' declared twice", lx->text);
	if (take_name(lx, name, sizeof(name), "object name"))
		return -1;
	if (expect(lx, ":"))
		return -1;
	if (!is(lx, "Base"))
		return error(lx, "unknown security model '%s' (only Base)", lx->text);
	strcpy(*(char (*)[128])APPEND(p->objects, p->nobjects), name);
	return next(lx);
}

static int take_num(struct lexer *lx, u32 *v)
{
	if (lx->tok != T_NUM)
		return error(lx, "expected a number, got '%s'", lx->text);
	*v = (u32)lx->num;
	return next(lx);
}

/* endpoint NAME = ID { METHOD = ID ; ... } */
static int parse_endpoint(struct psl *p, struct lexer *lx)
{
	struct psl_endpoint ep = { .first_method = p->nmethods };

	if (lx->tok == T_NAME && find_endpoint(p, lx->text))
		return error(lx, "endpoint '%s' declared twice", lx->text);
	if (take_name(lx, ep.name, sizeof(ep.name), "endpoint name"))
		return -1;
	if (expect(lx, "=") || take_num(lx, &ep.id) || expect(lx, "{"))
		return -1;
	while (!is(lx, "}")) {
		struct psl_method m;
		unsigned int i;

		for (i = ep.first_method; lx->tok == T_NAME && i < p->nmethods; i++)
			if (!strcmp(p->methods[i].name, lx->text))
				return error(lx, "method '%s' declared twice", lx->text);
		if (take_name(lx, m.name, sizeof(m.name), "method name"))
			return -1;
		if (expect(lx, "=") || take_num(lx, &m.id) || expect(lx, ";"))
			return -1;
		*(struct psl_method *)APPEND(p->methods, p->nmethods) = m;
	}
	ep.nmethods = p->nmethods - ep.first_method;
	*(struct psl_endpoint *)APPEND(p->endpoints, p->nendpoints) = ep;
	return next(lx);
}

static int parse_audit(struct psl *p, struct lexer *lx)
{
	static const char *const levels[] = { "none", "denied", "all" };
	u32 i;

	if (expect(lx, "default") || expect(lx, "="))
		return -1;
	for (i = 0; i < 3; i++)
		if (is(lx, levels[i])) {
			p->audit = i;
			return next(lx);
		}
	return error(lx, "unknown audit level '%s' (none, denied, all)", lx->text);
}

/*
 * src= dst= endpoint= method= selectors.  @strict: classes must be declared
 * (policies); tests may name any class.  Names go to src/dst; endpoint and
 * method names resolve against the policy's endpoint declarations.
 */
static int parse_selectors(const struct psl *p, struct lexer *lx, int strict,
			   char *src, char *dst, u32 *ep_id, u32 *m_id)
{
	const struct psl_endpoint *ep = NULL;
	char method[128] = "";
	unsigned int seen = 0;

	*ep_id = *m_id = KPOL_NONE;
	src[0] = dst[0] = 0;
	while (lx->tok == T_NAME) {
		static const char *const keys[] = { "src", "dst", "endpoint", "method" };
		unsigned int k;

		for (k = 0; k < 4 && strcmp(lx->text, keys[k]); k++)
			;
		if (k == 4)
			break;
		if (seen & (1U << k))
			return error(lx, "selector '%s' given twice", keys[k]);
		seen |= 1U << k;
		if (next(lx) || expect(lx, "="))
			return -1;
		if (k < 2) {
			char *cls = k ? dst : src;
			unsigned int line = lx->tline, col = lx->tcol;

			if (take_name(lx, cls, KPOL_CLASS_MAX, "process class"))
				return -1;
			if (strict && find_class(p, cls) < 0) {
				lx->tline = line;
				lx->tcol = col;
				return error(lx, "unknown process class '%s' (declare it with 'use EDL %s')",
					     cls, cls);
			}
			continue;
		}
		if (lx->tok == T_NUM) {
			if (take_num(lx, k == 2 ? ep_id : m_id))
				return -1;
			continue;
		}
		if (k == 3) {
			if (take_name(lx, method, sizeof(method), "method"))
				return -1;
			continue;
		}
		ep = find_endpoint(p, lx->text);
		if (!ep)
			return error(lx, "unknown endpoint '%s'", lx->text);
		*ep_id = ep->id;
		if (next(lx))
			return -1;
	}
	if (method[0]) {
		unsigned int i;

		if (!ep)
			return error(lx, "method '%s' given by name needs endpoint= by name",
				     method);
		for (i = 0; i < ep->nmethods; i++)
			if (!strcmp(p->methods[ep->first_method + i].name, method))
				*m_id = p->methods[ep->first_method + i].id;
		if (*m_id == KPOL_NONE)
			return error(lx, "endpoint '%s' has no method '%s'", ep->name, method);
	}
	return 0;
}

/* { [object.]grant () | [object.]deny () ... }: deny wins. */
static int parse_body(struct psl *p, struct lexer *lx, u32 *verdict)
{
	unsigned int n = 0;

	*verdict = KPOL_GRANT;
	if (expect(lx, "{"))
		return -1;
	while (!is(lx, "}")) {
		char *dot = lx->tok == T_NAME ? strrchr(lx->text, '.') : NULL;
		const char *call = dot ? dot + 1 : lx->text;

		if (dot) {
			*dot = 0;
			if (!find_object(p, lx->text))
				return error(lx, "unknown policy object '%s'", lx->text);
		} else if (!p->base) {
			return error(lx, "'%s' needs 'use nk.base._' or a policy object", call);
		}
		if (!strcmp(call, "deny"))
			*verdict = KPOL_DENY;
		else if (strcmp(call, "grant"))
			return error(lx, "unknown rule '%s' (Base has grant and deny)", call);
		if (next(lx) || expect(lx, "(") || expect(lx, ")"))
			return -1;
		n++;
	}
	if (!n)
		return error(lx, "empty rule body");
	return next(lx);
}

static u32 rule_hash(const struct kpol_rule *r)
{
	return kos_policy_eval_hash_rule(r->kind, r->src, r->dst, r->endpoint, r->method);
}

static int same_key(const struct kpol_rule *a, const struct kpol_rule *b)
{
	return a->kind == b->kind && a->src == b->src && a->dst == b->dst &&
	       a->endpoint == b->endpoint && a->method == b->method;
}

/* Index rules by key as they come, so duplicates are found in O(1). */
static int check_duplicate(struct psl *p, struct lexer *lx, unsigned int idx)
{
	const struct kpol_rule *r = &p->rules[idx].r;
	unsigned int i, b;

	if (p->nrules > p->dup_size / 2) {
		unsigned int size = p->dup_size ? 2 * p->dup_size : 1024;

		free(p->dup_heads);
		p->dup_heads = malloc(size * sizeof(*p->dup_heads));
		p->dup_next = realloc(p->dup_next, size * sizeof(*p->dup_next));
		if (!p->dup_heads || !p->dup_next) {
			perror("kos-policy");
			exit(1);
		}
		p->dup_size = size;
		memset(p->dup_heads, 0xff, size * sizeof(*p->dup_heads));
		for (i = 0; i < idx; i++) {
			b = rule_hash(&p->rules[i].r) & (size - 1);
			p->dup_next[i] = p->dup_heads[b];
			p->dup_heads[b] = i;
		}
	}
	b = rule_hash(r) & (p->dup_size - 1);
	for (i = p->dup_heads[b]; i != KPOL_NONE; i = p->dup_next[i])
		if (same_key(&p->rules[i].r, r)) {
			lx->tline = r->line;
			lx->tcol = p->rules[idx].col;
			return error(lx, "duplicate rule: same selectors as line %u:%u",
				     p->rules[i].r.line, p->rules[i].col);
		}
	p->dup_next[idx] = p->dup_heads[b];
	p->dup_heads[b] = idx;
	return 0;
}

/* A section whose keyword (at @line:@col) was just consumed. */
static int parse_section(struct psl *p, struct lexer *lx, u32 kind,
			 unsigned int line, unsigned int col)
{
	char src[KPOL_CLASS_MAX], dst[KPOL_CLASS_MAX];
	struct psl_rule *pr;
	u32 ep, m, verdict;

	if (parse_selectors(p, lx, 1, src, dst, &ep, &m) ||
	    parse_body(p, lx, &verdict))
		return -1;
	if (!src[0] && !dst[0] && ep == KPOL_NONE && m == KPOL_NONE) {
		if (p->default_line[kind]) {
			lx->tline = line;
			lx->tcol = col;
			return error(lx, "duplicate default %s rule (first at line %u)",
				     kind_names[kind], p->default_line[kind]);
		}
		p->default_line[kind] = line;
		p->defaults[kind] = verdict;
		return 0;
	}
	pr = APPEND(p->rules, p->nrules);
	*pr = (struct psl_rule){
		.r = { .kind = kind, .endpoint = ep, .method = m,
		       .verdict = verdict, .next = KPOL_NONE, .line = line },
		.col = col,
	};
	pr->r.src = src[0] ? (u32)find_class(p, src) : KPOL_NONE;
	pr->r.dst = dst[0] ? (u32)find_class(p, dst) : KPOL_NONE;
	return check_duplicate(p, lx, p->nrules - 1);
}

static int parse_statement(struct psl *p, struct lexer *lx)
{
	u32 kind = lx->tok == T_NAME ? kind_from_name(lx->text) : 0;
	unsigned int line = lx->tline, col = lx->tcol;

	if (kind) {
		if (next(lx))
			return -1;
		/* "execute: kl.core.Execute" names the execute interface */
		if (kind == KPOL_EXECUTE && is(lx, ":")) {
			char iface[128];

			return next(lx) || take_name(lx, iface, sizeof(iface), "interface name");
		}
		return parse_section(p, lx, kind, line, col);
	}
	if (is(lx, "use"))
		return next(lx) || parse_use(p, lx);
	if (is(lx, "policy"))
		return next(lx) || parse_object(p, lx);
	if (is(lx, "endpoint"))
		return next(lx) || parse_endpoint(p, lx);
	if (is(lx, "audit"))
		return next(lx) || parse_audit(p, lx);
	return error(lx, "unexpected '%s' (expected a declaration or a section)", lx->text);
}

/* The whole file as a NUL-terminated string; NULL after printing why. */
static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		fprintf(stderr, "kos-policy: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	do {
		if (cap - len < 4096) {
			char *b = realloc(buf, cap = cap ? 2 * cap : 65536);

			if (!b) {
				free(buf);
				fclose(f);
				perror("kos-policy");
				return NULL;
			}
			buf = b;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n);
	fclose(f);
	buf[len] = 0;
	if (memchr(buf, 0, len)) {
		fprintf(stderr, "kos-policy: %s: binary file\n", path);
		free(buf);
		return NULL;
	}
	return buf;
}

static int lexer_open(struct lexer *lx, const char *path)
{
	memset(lx, 0, sizeof(*lx));
	lx->path = path;
	lx->line = lx->col = 1;
	lx->src = read_file(path);
	if (!lx->src)
		return -1;
	return next(lx);
}

void psl_free(struct psl *p)
{
	if (!p)
		return;
	free(p->classes);
	free(p->objects);
	free(p->endpoints);
	free(p->methods);
	free(p->rules);
	free(p->dup_heads);
	free(p->dup_next);
	free(p);
}

struct psl *psl_parse_file(const char *path)
{
	struct psl *p = calloc(1, sizeof(*p));
	struct lexer lx;
	int ret;

	if (!p) {
		perror("kos-policy");
		return NULL;
	}
	ret = lexer_open(&lx, path);
	while (!ret && lx.tok != T_EOF)
		ret = parse_statement(p, &lx);
	free(lx.src);
	if (ret) {
		psl_free(p);
		return NULL;
	}
	return p;
}

static u32 pow2_at_least(u32 n)
{
	u32 b = 1;

	while (b < n)
		b <<= 1;
	return b;
}

void *psl_compile(const struct psl *p, size_t *len)
{
	u32 ncb = pow2_at_least(p->nclasses), nrb = pow2_at_least(p->nrules);
	struct kpol_header *h;
	struct kpol pol;
	u32 i, *tail;
	char *blob;

	*len = sizeof(*h) + p->nclasses * sizeof(struct kpol_class) + ncb * 4 +
	       p->nrules * sizeof(struct kpol_rule) + nrb * 4;
	blob = calloc(1, *len);
	tail = malloc((ncb > nrb ? ncb : nrb) * sizeof(*tail));
	if (!blob || !tail) {
		free(blob);
		free(tail);
		return NULL;
	}
	h = (struct kpol_header *)blob;
	*h = (struct kpol_header){
		.magic = KPOL_MAGIC, .version = KPOL_VERSION, .size = *len,
		.audit = p->audit, .nclasses = p->nclasses, .nclass_buckets = ncb,
		.nrules = p->nrules, .nrule_buckets = nrb,
	};
	memcpy(h->defaults, p->defaults, sizeof(h->defaults));
	pol.classes = (struct kpol_class *)(h + 1);
	pol.class_buckets = (u32 *)(pol.classes + p->nclasses);
	pol.rules = (struct kpol_rule *)(pol.class_buckets + ncb);
	pol.rule_buckets = (u32 *)(pol.rules + p->nrules);

	/* append at chain tails: indices along a chain stay increasing */
	memset((void *)pol.class_buckets, 0xff, ncb * 4);
	for (i = 0; i < p->nclasses; i++) {
		struct kpol_class *c = (struct kpol_class *)&pol.classes[i];
		u32 b = kos_policy_eval_hash_class(p->classes[i]) & (ncb - 1);

		strcpy(c->name, p->classes[i]);
		c->next = KPOL_NONE;
		if (pol.class_buckets[b] == KPOL_NONE)
			((u32 *)pol.class_buckets)[b] = i;
		else
			((struct kpol_class *)pol.classes)[tail[b]].next = i;
		tail[b] = i;
	}
	memset((void *)pol.rule_buckets, 0xff, nrb * 4);
	for (i = 0; i < p->nrules; i++) {
		struct kpol_rule *r = (struct kpol_rule *)&pol.rules[i];
		u32 b = rule_hash(&p->rules[i].r) & (nrb - 1);

		*r = p->rules[i].r;
		r->next = KPOL_NONE;
		if (pol.rule_buckets[b] == KPOL_NONE)
			((u32 *)pol.rule_buckets)[b] = i;
		else
			((struct kpol_rule *)pol.rules)[tail[b]].next = i;
		tail[b] = i;
	}
	free(tail);
	return blob;
}

/* One test line: grant|deny KIND selectors */
static int parse_test(const struct psl *p, struct lexer *lx, struct psl_test *t)
{
	memset(t, 0, sizeof(*t));
	t->line = lx->tline;
	if (is(lx, "grant"))
		t->expect = KPOL_GRANT;
	else if (is(lx, "deny"))
		t->expect = KPOL_DENY;
	else
		return error(lx, "expected 'grant' or 'deny', got '%s'", lx->text);
	if (next(lx))
		return -1;
	t->kind = lx->tok == T_NAME ? kind_from_name(lx->text) : 0;
	if (!t->kind)
		return error(lx, "expected a message kind (request, response, error, security, execute), got '%s'",
			     lx->text);
	if (next(lx))
		return -1;
	return parse_selectors(p, lx, 0, t->src, t->dst, &t->endpoint, &t->method);
}

int psl_parse_tests(const struct psl *p, const char *path, struct psl_test **tests)
{
	struct psl_test *arr = NULL;
	unsigned int n = 0;
	struct lexer lx;
	int ret;

	ret = lexer_open(&lx, path);
	while (!ret && lx.tok != T_EOF)
		ret = parse_test(p, &lx, APPEND(arr, n));
	free(lx.src);
	if (ret) {
		free(arr);
		return -1;
	}
	*tests = arr;
	return n;
}
