/*
 * yemit: see yemit.h.  The rules for plain scalars are deliberately
 * stricter than YAML's: a string is quoted whenever some reader could take
 * it for something else, because the files are also read by editors and by
 * people.
 */
#include "yemit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* characters that may not start a plain scalar (YAML 1.2, 5.3) */
static const char indicators[] = "-?:,[]{}#&*!|>'\"%@`";

/*
 * Plain words that YAML 1.2's core schema or YAML 1.1 reads as null or a
 * boolean (compared ignoring case, which is broader than either needs).
 */
static const char *const reserved[] = {
	"null", "~", "true", "false", "yes", "no", "on", "off", "y", "n",
	".inf", "+.inf", "-.inf", ".nan", "=", "<<"
};

/*
 * Does s look like a number to some reader: YAML 1.2 integers and floats,
 * YAML 1.1's 0x/0o/0b forms, sexagesimal "1:20" and underscores?  The test
 * is broad: only digits, signs, dots, underscores, colons, e, x, o, b and
 * hex letters, with at least one digit.
 */
static int numberish(const char *s)
{
	int digit = 0;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digit = 1;
		else if (!strchr("+-._:eExXoObBaAcCdDfF", *s))
			return 0;
	}
	return digit;
}

/*
 * Characters that a plain scalar cannot carry: C0 and C1 controls, DEL,
 * and the Unicode line and paragraph separators, BOM and noncharacters
 * U+FFFE/U+FFFF, which libyaml treats as breaks or refuses.  Returns the
 * length of such a sequence at s, or 0.
 */
static size_t special_at(const unsigned char *s)
{
	if (s[0] < 0x20 || s[0] == 0x7f)
		return 1;
	if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)
		return 2;
	if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9))
		return 3;
	if (s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		return 3;
	if (s[0] == 0xef && s[1] == 0xbf && (s[2] == 0xbe || s[2] == 0xbf))
		return 3;
	return 0;
}

int yemit_plain_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (!n || strchr(indicators, s[0]) || s[0] == ' ' ||
	    s[n - 1] == ' ' || s[n - 1] == ':')
		return 0;
	if (!strncmp(s, "...", 3))
		return 0;
	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (!strcasecmp(s, reserved[i]))
			return 0;
	if (numberish(s))
		return 0;
	if (strstr(s, ": ") || strstr(s, " #"))
		return 0;
	for (i = 0; i < n; i++) {
		/* tabs are controls here: they are blanks to YAML */
		if (special_at((const unsigned char *)s + i))
			return 0;
	}
	return 1;
}

void yemit_quoted(struct sbuf *b, const char *s)
{
	static const char esc_from[] = "\a\b\t\n\v\f\r\x1b";
	static const char esc_to[] = "abtnvfre";
	const unsigned char *p = (const unsigned char *)s;
	const char *hit;
	unsigned cp;
	size_t m;

	sbuf_addc(b, '"');
	for (; *p; p += m) {
		m = special_at(p);
		if (!m) {
			if (*p == '"' || *p == '\\')
				sbuf_addc(b, '\\');
			sbuf_addc(b, (char)*p);
			m = 1;
		} else if (m == 1) {
			hit = strchr(esc_from, *p);
			if (hit)
				sbuf_printf(b, "\\%c", esc_to[hit - esc_from]);
			else
				sbuf_printf(b, "\\x%02x", *p);
		} else if (m == 2) {
			sbuf_printf(b, "\\x%02x", p[1]);	/* U+0080.. */
		} else {
			cp = (p[0] & 0x0fu) << 12 | (p[1] & 0x3fu) << 6 |
			     (p[2] & 0x3fu);
			if (cp == 0x2028)
				sbuf_adds(b, "\\L");
			else if (cp == 0x2029)
				sbuf_adds(b, "\\P");
			else
				sbuf_printf(b, "\\u%04X", cp);
		}
	}
	sbuf_addc(b, '"');
}

void yemit_scalar(struct sbuf *b, const char *s)
{
	if (yemit_plain_ok(s))
		sbuf_adds(b, s);
	else
		yemit_quoted(b, s);
}

void yemit_number(struct sbuf *b, double v)
{
	char buf[64];
	int prec;

	if (isnan(v)) {
		sbuf_adds(b, ".nan");
		return;
	}
	if (isinf(v)) {
		sbuf_adds(b, v < 0 ? "-.inf" : ".inf");
		return;
	}
	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(buf, sizeof(buf), "%.0f", v == 0 ? 0.0 : v);
		sbuf_adds(b, buf);
		return;
	}
	/* the shortest %g form that reads back as v */
	for (prec = 15; prec < 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	if (prec == 17)
		snprintf(buf, sizeof(buf), "%.17g", v);
	sbuf_adds(b, buf);
}

/* the indentation of a key, with the pending dash of a list item */
static void indent_key(struct yemit *e, int indent, const char *key)
{
	int i;

	if (e->dash) {
		for (i = 0; i < indent - 2; i++)
			sbuf_addc(&e->out, ' ');
		sbuf_adds(&e->out, "- ");
		e->dash = 0;
	} else {
		for (i = 0; i < indent; i++)
			sbuf_addc(&e->out, ' ');
	}
	sbuf_adds(&e->out, key);
	sbuf_addc(&e->out, ':');
}

void yemit_comment(struct yemit *e, const char *text)
{
	sbuf_printf(&e->out, "# %s\n", text);
}

void yemit_str(struct yemit *e, int indent, const char *key,
	       const char *value)
{
	indent_key(e, indent, key);
	sbuf_addc(&e->out, ' ');
	if (value)
		yemit_scalar(&e->out, value);
	else
		sbuf_adds(&e->out, "null");
	sbuf_addc(&e->out, '\n');
}

void yemit_raw(struct yemit *e, int indent, const char *key,
	       const char *value)
{
	indent_key(e, indent, key);
	sbuf_printf(&e->out, " %s\n", value);
}

void yemit_num(struct yemit *e, int indent, const char *key, double v)
{
	indent_key(e, indent, key);
	sbuf_addc(&e->out, ' ');
	yemit_number(&e->out, v);
	sbuf_addc(&e->out, '\n');
}

void yemit_key(struct yemit *e, int indent, const char *key)
{
	indent_key(e, indent, key);
	sbuf_addc(&e->out, '\n');
}

void yemit_list(struct yemit *e, int indent, const char *key,
		char *const *items, size_t n)
{
	size_t i;
	int j;

	if (!n) {
		yemit_raw(e, indent, key, "[]");
		return;
	}
	yemit_key(e, indent, key);
	for (i = 0; i < n; i++) {
		for (j = 0; j < indent + 2; j++)
			sbuf_addc(&e->out, ' ');
		sbuf_adds(&e->out, "- ");
		yemit_scalar(&e->out, items[i]);
		sbuf_addc(&e->out, '\n');
	}
}

void yemit_item(struct yemit *e)
{
	e->dash = 1;
}

void yemit_task(struct yemit *e, const struct task *t)
{
	size_t i;

	yemit_comment(e, "yaml-language-server: "
		      "$schema=../schema/task.schema.json");
	yemit_num(e, 0, "id", t->id);
	yemit_str(e, 0, "category", t->category);
	yemit_str(e, 0, "content", t->content);
	yemit_str(e, 0, "target", t->target);
	yemit_key(e, 0, "units");
	yemit_str(e, 2, "text", t->units_text);
	yemit_list(e, 2, "lead", t->lead.v, t->lead.n);
	yemit_list(e, 2, "cooperate", t->cooperate.v, t->cooperate.n);
	yemit_list(e, 2, "implement", t->implement.v, t->implement.n);
	if (!t->n_indicators)
		yemit_raw(e, 0, "indicators", "[]");
	else
		yemit_key(e, 0, "indicators");
	for (i = 0; i < t->n_indicators; i++) {
		const struct indicator *in = &t->indicators[i];

		yemit_item(e);
		yemit_str(e, 4, "name", in->name);
		yemit_str(e, 4, "op", op_name(in->op));
		yemit_num(e, 4, "target", in->target);
		yemit_str(e, 4, "unit", in->unit);
		if (in->has_actual)
			yemit_num(e, 4, "actual", in->actual);
		else
			yemit_raw(e, 4, "actual", "null");
	}
	yemit_raw(e, 0, "deadline", t->deadline);
	yemit_str(e, 0, "status", status_name(t->status));
	yemit_num(e, 0, "progress", t->progress);
	yemit_raw(e, 0, "as_of", t->as_of[0] ? t->as_of : "null");
	yemit_str(e, 0, "note", t->note ? t->note : "");
}

void yemit_unit(struct yemit *e, const struct unit *u)
{
	yemit_comment(e, "yaml-language-server: "
		      "$schema=../schema/unit.schema.json");
	yemit_str(e, 0, "id", u->id);
	yemit_str(e, 0, "name", u->name);
	if (u->aliases.n)
		yemit_list(e, 0, "aliases", u->aliases.v, u->aliases.n);
	yemit_str(e, 0, "kind", unit_kind_name(u->kind));
	if (u->kind == UNIT_GROUP || u->members.n)
		yemit_list(e, 0, "members", u->members.v, u->members.n);
	if (u->committers.n)
		yemit_list(e, 0, "committers", u->committers.v,
			   u->committers.n);
	if (u->admin)
		yemit_raw(e, 0, "admin", "true");
}

void yemit_plan(struct yemit *e, const struct plan *p)
{
	yemit_comment(e, "yaml-language-server: "
		      "$schema=schema/plan.schema.json");
	yemit_str(e, 0, "title", p->title);
	yemit_num(e, 0, "year", p->year);
	if (p->language)
		yemit_str(e, 0, "language", p->language);
	yemit_list(e, 0, "categories", p->categories.v, p->categories.n);
	if (p->founding)
		yemit_str(e, 0, "founding", p->founding);
}

char *yemit_take(struct yemit *e)
{
	e->dash = 0;
	return sbuf_take(&e->out);
}

void yemit_release(struct yemit *e)
{
	sbuf_release(&e->out);
	e->dash = 0;
}
