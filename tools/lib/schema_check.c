/*
 * schema_check: data checked against a compiled schema, walking both
 * together, so that every finding carries the position of the data node
 * it is about.  See schema.c.
 */
#include "schema_impl.h"
#include "date.h"
#include "i18n.h"
#include "wcwidth.h"
#include "xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
			const char *best = schema_nearest(key->text,
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
				best = schema_nearest(n->text, names,
						      sn->n_enums);
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
