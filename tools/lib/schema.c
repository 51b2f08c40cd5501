/*
 * schema: see schema.h.  The schema is compiled once into a tree of
 * struct snode; checking walks the data and the snodes together, so every
 * finding carries the position of the data node it is about.  Recursion
 * depth is bounded by YDOC_MAX_DEPTH on both sides.
 */
#include "schema.h"
#include "date.h"
#include "i18n.h"
#include "wcwidth.h"
#include "xalloc.h"

#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

enum {
	T_NULL = 1, T_BOOL = 2, T_INT = 4, T_NUMBER = 8, T_STRING = 16,
	T_OBJECT = 32, T_ARRAY = 64
};

struct snode {
	unsigned types;			/* 0: any */
	char **prop_names;
	struct snode **props;
	size_t n_props;
	char **required;
	size_t n_required;
	int additional;			/* 1 allowed, 0 refused */
	struct snode *additional_schema;
	const struct ynode **enums;	/* borrowed from the schema's doc */
	size_t n_enums;
	const struct ynode *const_value;
	int has_min, has_max;
	double min, max;
	long min_len, max_len;		/* -1: none */
	char *pattern;
	regex_t re;
	int has_re;
	struct snode *items;
	long min_items, max_items;
	int unique;
	char *ref;
	struct snode *target;		/* what ref resolves to */
	int format_date;
	struct snode *next_alloc;	/* every snode of a schema, to free */
};

struct schema {
	struct ynode *doc;
	struct snode *root;
	struct snode *all;
	char **def_names;
	struct snode **defs;
	size_t n_defs;
};

static const char *const annotations[] = {
	"$schema", "$id", "$comment", "title", "description", "default",
	"examples", "definitions", NULL
};

/*
 * A top-level allOf of if/then states the rules one file decides alone
 * (done goes with progress 100), so that an editor flags them as the
 * clerk types; validate checks the same rules in model.c, with messages
 * that say what to change, so here it is read as an annotation.  Anywhere
 * else, or holding anything but if/then, it is refused as unsupported:
 * a rule validate would silently skip.
 */
static int editor_rules(const struct ynode *root, const struct ynode *n,
			const char *kw)
{
	const struct ynode *v = ynode_get(n, kw);
	size_t i, j;

	if (n != root || strcmp(kw, "allOf") || !v || v->kind != YNODE_SEQ)
		return 0;
	for (i = 0; i < v->n; i++) {
		const struct ynode *item = v->kids[i];

		if (item->kind != YNODE_MAP)
			return 0;
		for (j = 0; j < item->n; j++) {
			const char *k = item->kids[2 * j]->text;

			if (strcmp(k, "if") && strcmp(k, "then") &&
			    strcmp(k, "$comment"))
				return 0;
		}
	}
	return 1;
}

static const char *const keywords[] = {
	"type", "properties", "required", "additionalProperties", "enum",
	"const", "minimum", "maximum", "minLength", "maxLength", "pattern",
	"items", "minItems", "maxItems", "uniqueItems", "$ref", "format", NULL
};

static int in_list(const char *const *l, const char *s)
{
	for (; *l; l++)
		if (!strcmp(*l, s))
			return 1;
	return 0;
}

struct compiler {
	struct schema *s;
	const char *path;
	struct diag_list *d;
	const struct ynode *root;	/* the schema file's top mapping */
	int bad;
};

static void cerr(struct compiler *c, const struct ynode *n, const char *msg,
		 const char *what)
{
	diag_error(c->d, c->path, n ? n->line : 0, n ? n->col : 0, "schema",
		   "%s '%s'", msg, what);
	c->bad = 1;
}

static unsigned type_bit(const char *t)
{
	static const char *const names[] = {
		"null", "boolean", "integer", "number", "string", "object",
		"array"
	};
	size_t i;

	for (i = 0; i < 7; i++)
		if (!strcmp(t, names[i]))
			return 1u << i;
	return 0;
}

static int want_number(struct compiler *c, const struct ynode *v,
		       const char *kw, double *out)
{
	enum yscalar_type t = yscalar_type(v);

	if (v->kind != YNODE_SCALAR || (t != YS_INT && t != YS_NUMBER)) {
		cerr(c, v, _("schema keyword needs a number:"), kw);
		return -1;
	}
	*out = yscalar_number(v);
	return 0;
}

static struct snode *compile(struct compiler *c, const struct ynode *n);

/*
 * Schema files come with the commits a server checks, so a pattern must
 * not make the regex library build or try without end: no long patterns,
 * no back-references (glibc allows them in extended syntax and matches
 * them by backtracking), and counted repetitions ("{7,40}") that stay
 * small even when nested (their product is bounded).
 */
static int pattern_risky(const char *re)
{
	const char *p;
	char *end;
	long n, product = 1;

	if (strlen(re) > 200)
		return 1;
	for (p = re; *p; p++) {
		if (p[0] == '\\' && p[1] >= '1' && p[1] <= '9')
			return 1;
		if (p[0] == '\\' && p[1]) {
			p++;
			continue;
		}
		if (p[0] != '{')
			continue;
		n = strtol(p + 1, &end, 10);
		if (*end == ',' && end[1] != '}')
			n = strtol(end + 1, &end, 10);
		if (n > 255 || (n > 0 && (product *= n) > 1000))
			return 1;
	}
	return 0;
}

static void compile_kw(struct compiler *c, struct snode *sn, const char *kw,
		       const struct ynode *v)
{
	size_t i;
	double num;

	if (!strcmp(kw, "type")) {
		if (v->kind == YNODE_SEQ) {
			for (i = 0; i < v->n; i++) {
				unsigned b = ynode_str(v->kids[i]) ?
					     type_bit(v->kids[i]->text) : 0;
				if (!b)
					cerr(c, v->kids[i], _("unknown type"),
					     v->kids[i]->text ? v->kids[i]->text
					     : "?");
				sn->types |= b;
			}
		} else if (ynode_str(v) && type_bit(v->text)) {
			sn->types = type_bit(v->text);
		} else {
			cerr(c, v, _("unknown type"), v->text ? v->text : "?");
		}
	} else if (!strcmp(kw, "properties")) {
		if (v->kind != YNODE_MAP) {
			cerr(c, v, _("schema keyword needs a mapping:"), kw);
			return;
		}
		sn->n_props = v->n;
		sn->prop_names = xcalloc(v->n, sizeof(char *));
		sn->props = xcalloc(v->n, sizeof(struct snode *));
		for (i = 0; i < v->n; i++) {
			sn->prop_names[i] = xstrdup(v->kids[2 * i]->text);
			sn->props[i] = compile(c, v->kids[2 * i + 1]);
		}
	} else if (!strcmp(kw, "required")) {
		if (v->kind != YNODE_SEQ) {
			cerr(c, v, _("schema keyword needs a list:"), kw);
			return;
		}
		sn->n_required = v->n;
		sn->required = xcalloc(v->n, sizeof(char *));
		for (i = 0; i < v->n; i++)
			sn->required[i] = xstrdup(v->kids[i]->kind ==
						  YNODE_SCALAR ?
						  v->kids[i]->text : "");
	} else if (!strcmp(kw, "additionalProperties")) {
		if (v->kind == YNODE_SCALAR && yscalar_type(v) == YS_BOOL)
			sn->additional = yscalar_true(v);
		else
			sn->additional_schema = compile(c, v);
	} else if (!strcmp(kw, "enum")) {
		if (v->kind != YNODE_SEQ || !v->n) {
			cerr(c, v, _("schema keyword needs a list:"), kw);
			return;
		}
		sn->n_enums = v->n;
		sn->enums = xcalloc(v->n, sizeof(*sn->enums));
		for (i = 0; i < v->n; i++)
			sn->enums[i] = v->kids[i];
	} else if (!strcmp(kw, "const")) {
		sn->const_value = v;
	} else if (!strcmp(kw, "minimum")) {
		if (!want_number(c, v, kw, &num))
			sn->has_min = 1, sn->min = num;
	} else if (!strcmp(kw, "maximum")) {
		if (!want_number(c, v, kw, &num))
			sn->has_max = 1, sn->max = num;
	} else if (!strcmp(kw, "minLength")) {
		if (!want_number(c, v, kw, &num))
			sn->min_len = (long)num;
	} else if (!strcmp(kw, "maxLength")) {
		if (!want_number(c, v, kw, &num))
			sn->max_len = (long)num;
	} else if (!strcmp(kw, "minItems")) {
		if (!want_number(c, v, kw, &num))
			sn->min_items = (long)num;
	} else if (!strcmp(kw, "maxItems")) {
		if (!want_number(c, v, kw, &num))
			sn->max_items = (long)num;
	} else if (!strcmp(kw, "uniqueItems")) {
		sn->unique = yscalar_true(v);
	} else if (!strcmp(kw, "pattern")) {
		if (!ynode_str(v)) {
			cerr(c, v, _("schema keyword needs a string:"), kw);
			return;
		}
		sn->pattern = xstrdup(v->text);
		if (pattern_risky(v->text))
			cerr(c, v, _("pattern too costly to match (over 200 "
			     "characters, a back-reference, or counts over "
			     "255 or multiplying past 1000):"), v->text);
		else if (regcomp(&sn->re, v->text, REG_EXTENDED | REG_NOSUB))
			cerr(c, v, _("pattern is not a POSIX extended regular "
			     "expression:"), v->text);
		else
			sn->has_re = 1;
	} else if (!strcmp(kw, "items")) {
		sn->items = compile(c, v);
	} else if (!strcmp(kw, "$ref")) {
		if (!ynode_str(v) || strncmp(v->text, "#/definitions/", 14))
			cerr(c, v, _("only local references "
			     "\"#/definitions/NAME\" are supported, not"),
			     v->text ? v->text : "?");
		else
			sn->ref = xstrdup(v->text + 14);
	} else if (!strcmp(kw, "format")) {
		if (!ynode_str(v) || strcmp(v->text, "date"))
			cerr(c, v, _("unsupported format (only \"date\"):"),
			     v->text ? v->text : "?");
		else
			sn->format_date = 1;
	}
}

static struct snode *compile(struct compiler *c, const struct ynode *n)
{
	struct snode *sn = xcalloc(1, sizeof(*sn));
	size_t i;

	sn->additional = 1;
	sn->min_len = sn->max_len = sn->min_items = sn->max_items = -1;
	sn->next_alloc = c->s->all;
	c->s->all = sn;
	if (n->kind == YNODE_SCALAR && yscalar_type(n) == YS_BOOL)
		return sn;	/* true: anything; false is not supported */
	if (n->kind != YNODE_MAP) {
		cerr(c, n, _("a schema must be a mapping, not a"), 
		     ynode_type_name(n));
		return sn;
	}
	for (i = 0; i < n->n; i++) {
		const struct ynode *k = n->kids[2 * i];

		if (in_list(keywords, k->text))
			compile_kw(c, sn, k->text, n->kids[2 * i + 1]);
		else if (!in_list(annotations, k->text) &&
			 !editor_rules(c->root, n, k->text))
			cerr(c, k, _("unsupported schema keyword"), k->text);
	}
	return sn;
}

static struct snode *find_def(const struct schema *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n_defs; i++)
		if (!strcmp(s->def_names[i], name))
			return s->defs[i];
	return NULL;
}

int schema_load(struct schema **out, const char *path, const char *buf,
		size_t len, struct diag_list *d)
{
	struct compiler c = { 0 };
	struct schema *s;
	const struct ynode *defs;
	struct snode *sn;
	size_t i;

	*out = NULL;
	s = xcalloc(1, sizeof(*s));
	if (ydoc_load(&s->doc, path, buf, len, d)) {
		free(s);
		return -1;
	}
	c.s = s;
	c.path = path;
	c.d = d;
	c.root = s->doc;
	defs = ynode_get(s->doc, "definitions");
	if (defs && defs->kind == YNODE_MAP) {
		s->n_defs = defs->n;
		s->def_names = xcalloc(defs->n, sizeof(char *));
		s->defs = xcalloc(defs->n, sizeof(struct snode *));
		for (i = 0; i < defs->n; i++) {
			s->def_names[i] = xstrdup(defs->kids[2 * i]->text);
			s->defs[i] = compile(&c, defs->kids[2 * i + 1]);
		}
	}
	s->root = compile(&c, s->doc);
	for (sn = s->all; sn; sn = sn->next_alloc) {
		if (!sn->ref)
			continue;
		sn->target = find_def(s, sn->ref);
		if (!sn->target)
			cerr(&c, NULL, _("reference to a missing definition"),
			     sn->ref);
	}
	/* a chain of references longer than the definitions is a loop */
	for (sn = s->all; sn && !c.bad; sn = sn->next_alloc) {
		const struct snode *t = sn;
		size_t steps = 0;

		while (t->target && steps++ <= s->n_defs)
			t = t->target;
		if (t->target)
			cerr(&c, NULL, _("circular reference: a definition "
			     "refers to itself through"), sn->ref);
	}
	if (c.bad) {
		schema_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

void schema_free(struct schema *s)
{
	struct snode *sn, *next;
	size_t i;

	if (!s)
		return;
	for (sn = s->all; sn; sn = next) {
		next = sn->next_alloc;
		for (i = 0; i < sn->n_props; i++)
			free(sn->prop_names[i]);
		free(sn->prop_names);
		free(sn->props);
		for (i = 0; i < sn->n_required; i++)
			free(sn->required[i]);
		free(sn->required);
		free(sn->enums);
		free(sn->pattern);
		if (sn->has_re)
			regfree(&sn->re);
		free(sn->ref);
		free(sn);
	}
	for (i = 0; i < s->n_defs; i++)
		free(s->def_names[i]);
	free(s->def_names);
	free(s->defs);
	ynode_free(s->doc);
	free(s);
}

/*
 * Levenshtein distance with one more edit: two neighbours swapped count
 * as one, as typists swap them ("jwm" for "jmw").  Three rows suffice.
 */
size_t edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b), i, j, best;
	size_t *mem, *prev2, *prev, *row, *t;

	if (la > 64 || lb > 64)
		return cap + 1;
	/* a row's minimum never falls, so a row past cap ends the search */
	mem = xcalloc(3 * (lb + 1), sizeof(*mem));
	prev2 = mem;
	prev = prev2 + lb + 1;
	row = prev + lb + 1;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		row[0] = i;
		best = row[0];
		for (j = 1; j <= lb; j++) {
			size_t v = prev[j - 1] + (a[i - 1] != b[j - 1]);

			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			row[j] = v;
			if (v < best)
				best = v;
		}
		t = prev2;
		prev2 = prev;
		prev = row;
		row = t;
		if (best > cap)
			break;
	}
	best = i > la ? prev[lb] : cap + 1;
	free(mem);
	return best > cap ? cap + 1 : best;
}

/*
 * The candidate nearest to s, or NULL: within two edits, and fewer edits
 * than s has characters (a one-letter key is near everything).
 */
static const char *nearest(const char *s, const char *const *cand, size_t n)
{
	const char *best = NULL;
	size_t i, bd = 3, dist, len = strlen(s);

	for (i = 0; i < n; i++) {
		if (!cand[i])
			continue;
		dist = edit_distance(s, cand[i], 2);
		if (dist < bd && dist < len) {
			bd = dist;
			best = cand[i];
		}
	}
	return best;
}

/* ---- checking ---- */

struct checker {
	const char *path;
	struct diag_list *d;
	size_t errors;
};

static void err(struct checker *k, const struct ynode *at, const char *rule,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void err(struct checker *k, const struct ynode *at, const char *rule,
		const char *fmt, ...)
{
	struct sbuf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	sbuf_vprintf(&b, fmt, ap);
	va_end(ap);
	diag_error(k->d, k->path, at->line, at->col, rule, "%s", b.s);
	sbuf_release(&b);
	k->errors++;
}

static unsigned data_type(const struct ynode *n)
{
	if (n->kind == YNODE_MAP)
		return T_OBJECT;
	if (n->kind == YNODE_SEQ)
		return T_ARRAY;
	switch (yscalar_type(n)) {
	case YS_NULL: return T_NULL;
	case YS_BOOL: return T_BOOL;
	case YS_INT: return T_INT | T_NUMBER;
	case YS_NUMBER:
		/* 50.0 is an integer to JSON Schema */
		return floor(yscalar_number(n)) == yscalar_number(n) &&
		       isfinite(yscalar_number(n)) ? T_INT | T_NUMBER :
		       T_NUMBER;
	default: return T_STRING;
	}
}

static void types_text(struct sbuf *b, unsigned types)
{
	static const char *const names[] = {
		N_("null"), N_("true or false"), N_("an integer"),
		N_("a number"), N_("text"), N_("a mapping"), N_("a list")
	};
	size_t i, n = 0;

	if (types & T_INT)
		types &= ~0u ^ (types & T_NUMBER ? T_INT : 0);
	for (i = 0; i < 7; i++) {
		if (!(types & (1u << i)))
			continue;
		sbuf_adds(b, n++ ? _(" or ") : "");
		sbuf_adds(b, _(names[i]));
	}
}

/* a short quote of a scalar for messages */
static void quote(struct sbuf *b, const struct ynode *n)
{
	if (n->kind != YNODE_SCALAR) {
		sbuf_adds(b, n->kind == YNODE_MAP ? _("a mapping") :
			  _("a list"));
		return;
	}
	if (yscalar_type(n) == YS_NULL) {
		sbuf_adds(b, _("nothing (null)"));
		return;
	}
	sbuf_printf(b, "'%.60s%s'", n->text, n->len > 60 ? "..." : "");
}

static int scalar_equal(const struct ynode *a, const struct ynode *b)
{
	enum yscalar_type ta, tb;

	if (a->kind != YNODE_SCALAR || b->kind != YNODE_SCALAR)
		return 0;
	ta = yscalar_type(a);
	tb = yscalar_type(b);
	if ((ta == YS_INT || ta == YS_NUMBER) &&
	    (tb == YS_INT || tb == YS_NUMBER))
		return yscalar_number(a) == yscalar_number(b);
	if (ta != tb)
		return 0;
	/* "~" is JSON's null, "True" its true: equal values, other spelling */
	if (ta == YS_NULL)
		return 1;
	if (ta == YS_BOOL)
		return (a->text[0] | 0x20) == (b->text[0] | 0x20);
	return a->len == b->len && !memcmp(a->text, b->text, a->len);
}

static const char *path_text(struct sbuf *b, const char *where)
{
	(void)b;
	return where[0] ? where : _("the file");
}

static void check(struct checker *k, const struct snode *sn,
		  const struct ynode *n, const char *where);

/*
 * An order in which equal values (scalar_equal) are neighbours: by kind,
 * then numbers by value, nulls together, booleans by value, text by
 * bytes; then by position, so that the later one is reported.
 */
static int cmp_nodes(const void *pa, const void *pb)
{
	const struct ynode *a = *(struct ynode *const *)pa;
	const struct ynode *b = *(struct ynode *const *)pb;
	enum yscalar_type ta, tb;
	double x, y;
	int c;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->kind != YNODE_SCALAR)
		return 0;
	ta = yscalar_type(a) == YS_INT ? YS_NUMBER : yscalar_type(a);
	tb = yscalar_type(b) == YS_INT ? YS_NUMBER : yscalar_type(b);
	if (ta != tb)
		return ta < tb ? -1 : 1;
	if (ta == YS_NUMBER) {
		x = yscalar_number(a);
		y = yscalar_number(b);
		if (x != y && !(x != x && y != y))
			return x < y || x != x ? -1 : 1;
	} else if (ta == YS_BOOL) {
		c = (a->text[0] | 0x20) - (b->text[0] | 0x20);
		if (c)
			return c;
	} else if (ta == YS_STRING) {
		if (a->len != b->len)
			return a->len < b->len ? -1 : 1;
		c = memcmp(a->text, b->text, a->len);
		if (c)
			return c;
	}
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

/*
 * where + sep + name (+ "[index]" when index > 0), in buf when it fits,
 * else allocated: the path of every node is made, though it is printed
 * only in a finding, so making it must cost no malloc.
 */
static char *path_join(char *buf, size_t size, const char *where,
		       const char *name, size_t index)
{
	size_t a = strlen(where), b = name ? strlen(name) : 0;
	char num[32];
	size_t c = 0;
	char *p;

	if (index)
		c = (size_t)snprintf(num, sizeof(num), "[%zu]", index);
	p = a + b + c + 2 <= size ? buf : xmalloc(a + b + c + 2);
	memcpy(p, where, a);
	if (name) {
		if (a)
			p[a++] = '.';
		memcpy(p + a, name, b);
		a += b;
	}
	memcpy(p + a, num, c);
	p[a + c] = '\0';
	return p;
}

static void check_array(struct checker *k, const struct snode *sn,
			const struct ynode *n, const char *where)
{
	size_t i;

	if (sn->min_items >= 0 && n->n < (size_t)sn->min_items)
		err(k, n, "min-items", ngettext("'%s' needs at least %ld item",
		    "'%s' needs at least %ld items",
		    (unsigned long)sn->min_items), where, sn->min_items);
	if (sn->max_items >= 0 && n->n > (size_t)sn->max_items)
		err(k, n, "max-items", _("'%s' has more than %ld items"), where,
		    sn->max_items);
	if (sn->items) {
		for (i = 0; i < n->n; i++) {
			char buf[160];
			char *sub = path_join(buf, sizeof(buf), where, NULL,
					      i + 1);

			check(k, sn->items, n->kids[i], sub);
			if (sub != buf)
				free(sub);
		}
	}
	if (sn->unique && n->n > 1) {
		struct ynode **v = xmalloc(n->n * sizeof(*v));

		memcpy(v, n->kids, n->n * sizeof(*v));
		qsort(v, n->n, sizeof(*v), cmp_nodes);
		for (i = 1; i < n->n; i++)
			if (v[i]->kind == YNODE_SCALAR &&
			    scalar_equal(v[i], v[i - 1]))
				err(k, v[i], "unique-items", _("'%s' lists '%s' "
				    "twice; keep one"), where, v[i]->text);
		free(v);
	}
}

static void check_object(struct checker *k, const struct snode *sn,
			 const struct ynode *n, const char *where)
{
	size_t i, j;

	for (i = 0; i < sn->n_required; i++)
		if (!ynode_key(n, sn->required[i]))
			err(k, n, "required", where[0] ?
			    _("missing key '%s' in %s") : _("missing key '%s'"),
			    sn->required[i], where);
	for (i = 0; i < n->n; i++) {
		const struct ynode *key = n->kids[2 * i];
		const struct ynode *val = n->kids[2 * i + 1];
		const struct snode *sub = NULL;
		char buf[160], *subwhere;

		for (j = 0; j < sn->n_props && !sub; j++)
			if (!strcmp(sn->prop_names[j], key->text))
				sub = sn->props[j];
		if (!sub && sn->additional_schema)
			sub = sn->additional_schema;
		if (!sub && !sn->additional) {
			const char *best = nearest(key->text,
					(const char *const *)sn->prop_names,
					sn->n_props);
			struct sbuf b = { 0 };

			if (best) {
				err(k, key, "unknown-key", _("unknown key '%s'; "
				    "did you mean '%s'?"), key->text, best);
			} else {
				for (j = 0; j < sn->n_props; j++)
					sbuf_printf(&b, "%s%s", j ? ", " : "",
						    sn->prop_names[j]);
				err(k, key, "unknown-key", where[0] ?
				    _("unknown key '%1$s' in %3$s (allowed: "
				      "%2$s)") :
				    _("unknown key '%1$s' (allowed: %2$s)"),
				    key->text, b.s ? b.s : _("none"), where);
			}
			sbuf_release(&b);
			continue;
		}
		if (!sub)
			continue;
		subwhere = path_join(buf, sizeof(buf), where, key->text, 0);
		check(k, sub, val, subwhere);
		if (subwhere != buf)
			free(subwhere);
	}
}

/*
 * "３０" or "８．４", typed with a Chinese input method in full-width
 * mode: the number in ASCII (static buffer), or NULL when s is not one.
 */
static const char *halfwidth_number(const char *s)
{
	static char out[64];
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;

	while (*p && o + 1 < sizeof(out)) {
		/* U+FF10..FF19 and U+FF0E are EF BC 90..99 and EF BC 8E */
		if (p[0] != 0xef || p[1] != 0xbc || !p[2])
			return NULL;
		if (p[2] >= 0x90 && p[2] <= 0x99)
			out[o++] = (char)('0' + p[2] - 0x90);
		else if (p[2] == 0x8e)
			out[o++] = '.';
		else
			return NULL;
		p += 3;
	}
	if (*p || !o)
		return NULL;
	out[o] = '\0';
	return out;
}

static void check(struct checker *k, const struct snode *sn,
		  const struct ynode *n, const char *where)
{
	unsigned t;
	size_t i;
	struct sbuf b = { 0 };
	const char *half;

	while (sn->target)
		sn = sn->target;
	t = data_type(n);
	if (sn->types && !(sn->types & t) && !where[0]) {
		err(k, n, "type", n->kind == YNODE_SEQ ?
		    _("the file must hold fields ('key: value' lines, as in "
		      "'id: 1'), not a list") :
		    _("the file must hold fields ('key: value' lines, as in "
		      "'id: 1'), not a single value"));
		return;
	}
	if (sn->types && !(sn->types & t)) {
		struct sbuf want = { 0 }, found = { 0 };

		types_text(&want, sn->types);
		quote(&found, n);
		/* TRANSLATORS: 'progress': expected an integer, found 'abc' */
		sbuf_printf(&b, _("wrong type for '%s': expected %s, found %s"),
			    path_text(&b, where), want.s, found.s);
		sbuf_release(&want);
		sbuf_release(&found);
		if ((sn->types & (T_INT | T_NUMBER)) && n->kind == YNODE_SCALAR
		    && n->quoted && (data_type(&(struct ynode){
				.kind = YNODE_SCALAR, .text = n->text,
				.len = n->len }) & T_NUMBER))
			sbuf_adds(&b, _("; remove the quotes"));
		else if ((sn->types & (T_INT | T_NUMBER)) && (t & T_STRING) &&
			 (half = halfwidth_number(n->text)))
			sbuf_printf(&b, _("; full-width digits (全角数字) '%s': "
					  "write %s"), n->text, half);
		else if ((sn->types & (T_INT | T_NUMBER)) && (t & T_STRING))
			sbuf_adds(&b, _("; write the number in digits, "
				  "without units or %"));
		else if ((sn->types & T_STRING) && (t & T_NULL) && n->len &&
			 n->text[0] == '~')
			sbuf_adds(&b, _("; write \"~\" in double quotes"));
		else if ((sn->types & T_STRING) && n->kind == YNODE_SCALAR &&
			 !(t & T_NULL))
			sbuf_printf(&b, _("; write it in double quotes: \"%s\""),
				    n->text);
		err(k, n, "type", "%s", b.s);
		sbuf_release(&b);
		return;
	}
	if (sn->n_enums) {
		const char *best = NULL;
		const char **names;
		struct sbuf q = { 0 };

		for (i = 0; i < sn->n_enums; i++)
			if (scalar_equal(sn->enums[i], n))
				break;
		if (i == sn->n_enums) {
			names = xcalloc(sn->n_enums, sizeof(*names));
			sbuf_adds(&b, "");
			for (i = 0; i < sn->n_enums; i++) {
				sbuf_printf(&b, "%s%s", i ? ", " : "",
					    sn->enums[i]->text ?
					    sn->enums[i]->text : "?");
				if (sn->enums[i]->kind == YNODE_SCALAR)
					names[i] = sn->enums[i]->text;
			}
			if (n->kind == YNODE_SCALAR)
				best = nearest(n->text, names, sn->n_enums);
			free(names);
			quote(&q, n);
			if (best && !strcmp(best, n->text))
				/* same text, other type: "1" for 1 */
				err(k, n, "enum", _("'%s' cannot be %s in "
				    "quotes; remove the quotes (allowed: %s)"),
				    where, q.s, b.s);
			else if (best)
				err(k, n, "enum", _("'%s' cannot be %s; did you "
				    "mean '%s'? (allowed: %s)"), where, q.s,
				    best, b.s);
			else
				err(k, n, "enum", _("'%s' cannot be %s (allowed: "
				    "%s)"), where, q.s, b.s);
			sbuf_release(&q);
			sbuf_release(&b);
			return;
		}
	}
	if (sn->const_value && !scalar_equal(sn->const_value, n)) {
		err(k, n, "const", _("'%s' must be '%s'"), where,
		    sn->const_value->text ? sn->const_value->text : "?");
		return;
	}
	if (t & T_NUMBER) {
		double v = yscalar_number(n);

		if (!isfinite(v)) {
			/* .inf, .nan, 1e999: YAML numbers no plan can use */
			err(k, n, "range", _("'%s' is %s, not a finite number: "
			    "write it in digits, as in 630 or 8.4"), where,
			    n->text);
			return;
		}
		if ((sn->has_min && v < sn->min) ||
		    (sn->has_max && v > sn->max)) {
			if (sn->has_min && sn->has_max)
				err(k, n, "range", _("'%s' is %s, out of range: "
				    "it must be from %g to %g"), where, n->text,
				    sn->min, sn->max);
			else if (sn->has_min)
				err(k, n, "range", _("'%s' is %s, out of range: "
				    "it must be at least %g"), where, n->text,
				    sn->min);
			else
				err(k, n, "range", _("'%s' is %s, out of range: "
				    "it must be at most %g"), where, n->text,
				    sn->max);
		}
	}
	if (t & T_STRING) {
		size_t len = utf8_chars(n->text);
		int y, m, dd, r;

		if (sn->min_len >= 0 && len < (size_t)sn->min_len)
			err(k, n, "min-length", sn->min_len == 1 ?
			    _("'%s' must not be empty") :
			    _("'%s' is too short"),
			    where);
		if (sn->max_len >= 0 && len > (size_t)sn->max_len)
			err(k, n, "max-length", _("'%s' is longer than %ld "
			    "characters"), where, sn->max_len);
		if (sn->has_re && regexec(&sn->re, n->text, 0, NULL, 0) &&
		    strchr(sn->pattern, '@') && strstr(sn->pattern, "+ "))
			/* a signing key: "ADDRESS KEY", an address, then a
			 * space outside brackets */
			err(k, n, "pattern", _("'%s' in '%s' is not an address "
			    "and a key: write the address, a space, then the "
			    "line of the person's .pub file, as in "
			    "li.lei@jmw.sx.gov.cn ssh-ed25519 AAAAC3Nza..."),
			    n->text, where);
		else if (sn->has_re && regexec(&sn->re, n->text, 0, NULL, 0) &&
		    strchr(sn->pattern, '@') && !strchr(n->text, '@'))
			/* a committer given as an account name: li.lei */
			err(k, n, "pattern", _("'%s' in '%s' is not a whole "
			    "address: write the whole address, as in "
			    "li.lei@jmw.sx.gov.cn, or a pattern in double "
			    "quotes, as in \"*@jmw.sx.gov.cn\""), n->text,
			    where);
		else if (sn->has_re && regexec(&sn->re, n->text, 0, NULL, 0))
			err(k, n, "pattern", _("'%s' is not valid for '%s' "
			    "(it must match %s)"), n->text, where, sn->pattern);
		if (sn->format_date && (r = date_parse(n->text, &y, &m, &dd)))
			err(k, n, "date", r == 1 ?
			    _("'%s' is not a date: write it as YYYY-MM-DD, "
			      "e.g. 2010-12-31") :
			    _("'%s' is an impossible date: no such day in "
			      "the calendar"), n->text);
	}
	if (n->kind == YNODE_MAP)
		check_object(k, sn, n, where);
	else if (n->kind == YNODE_SEQ)
		check_array(k, sn, n, where);
}

size_t schema_check(const struct schema *s, const struct ynode *doc,
		    const char *path, struct diag_list *d)
{
	struct checker k = { path, d, 0 };

	check(&k, s->root, doc, "");
	return k.errors;
}
