/*
 * schema: see schema.h.  The schema is compiled once into a tree of
 * struct snode; checking walks the data and the snodes together, so every
 * finding carries the position of the data node it is about.  Recursion
 * depth is bounded by YDOC_MAX_DEPTH on both sides.
 */
#include "schema_impl.h"
#include "i18n.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

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
const char *schema_nearest(const char *s, const char *const *cand, size_t n)
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
