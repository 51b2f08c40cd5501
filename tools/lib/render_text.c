/*
 * render_text: the report for a terminal.  Columns are measured in display
 * columns (wcwidth.h), so that Chinese text stays aligned; a table wider
 * than the terminal shortens its free-text columns (task titles, names)
 * with "…" rather than wrapping, then leaves out the bars and the columns
 * a reader can best do without; no line ends in blanks.  Colour (ANSI)
 * only when the caller says so: on a terminal, never with NO_COLOR.
 */
#include "render.h"
#include "wcwidth.h"

#include <stdlib.h>
#include <string.h>

#define INDENT 2
#define GAP 2
#define BAR 10		/* width of a progress bar */
#define MIN_FLEX 8	/* a shortened column keeps at least this */
#define MAX_FLEX 40	/* and is never wider than this */
#define COMFORT 16	/* before columns are left out, free text keeps
			 * this */

static const char *tone_code(enum rtone t)
{
	switch (t) {
	case TONE_GOOD: return "\033[32m";
	case TONE_WARN: return "\033[33m";
	case TONE_BAD: return "\033[31m";
	case TONE_DIM: return "\033[2m";
	default: return NULL;
	}
}

static void spaces(struct sbuf *b, size_t n)
{
	while (n--)
		sbuf_addc(b, ' ');
}

/* s shortened to cols columns, with "…" when cut */
static void fit(struct sbuf *b, const char *s, size_t cols, size_t *width)
{
	size_t w = utf8_width(s), used;

	if (w <= cols) {
		sbuf_adds(b, s);
		*width = w;
		return;
	}
	used = utf8_fit(s, cols ? cols - 1 : 0, width);
	sbuf_add(b, s, used);
	if (cols) {
		sbuf_adds(b, "…");
		++*width;
	}
}

/* write the line without trailing blanks */
static void put_line(FILE *f, struct sbuf *b)
{
	size_t n = b->len;

	while (n && b->s[n - 1] == ' ')
		n--;
	if (n)
		fwrite(b->s, 1, n, f);
	putc('\n', f);
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

static void bar(struct sbuf *b, int pct)
{
	int full = pct < 0 ? 0 : pct > 100 ? BAR : (pct * BAR + 50) / 100, i;

	for (i = 0; i < BAR; i++)
		sbuf_addc(b, i < full ? '#' : '.');
	spaces(b, 1);
}

/*
 * The length of the punctuation at s that must not start a line (, 。 、
 * ; : ) ” and their ASCII kin): it stays at the end of the line before.
 */
static size_t no_break_before(const char *s)
{
	static const char *const marks[] = {
		"，", "。", "、", "；", "：", "）", "”", "！", "？", ",",
		".", ";", ":", ")", "!", "?"
	};
	size_t i, n;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		n = strlen(marks[i]);
		if (!strncmp(s, marks[i], n))
			return n;
	}
	return 0;
}

/* a paragraph wrapped at width columns after indent blanks */
static void wrap(FILE *f, const char *s, size_t indent, size_t width,
		 const struct render_opts *o)
{
	struct sbuf line = { 0 };
	size_t len = strlen(s), at = 0;
	size_t room = width > indent + 20 ? width - indent : 0;

	while (at < len) {
		size_t take, w, sp;

		while (s[at] == ' ')
			at++;
		if (at >= len)
			break;
		take = room ? utf8_fit(s + at, room, &w) : len - at;
		if (at + take < len) {
			/* break English text at a blank when one is near */
			for (sp = take; sp > take / 2; sp--)
				if (s[at + sp] == ' ')
					break;
			if (sp > take / 2)
				take = sp;
		}
		if (!take)
			take = 1;
		/* punctuation does not start a line: the character before
		 * it goes down with it */
		if (at + take < len && no_break_before(s + at + take)) {
			size_t back = take - 1;

			while (back > 0 &&
			       ((unsigned char)s[at + back] & 0xC0) == 0x80)
				back--;
			if (back > 0)
				take = back;
		}
		spaces(&line, indent);
		if (o->color)
			sbuf_adds(&line, "\033[2m");
		sbuf_add(&line, s + at, take);
		if (o->color)
			sbuf_adds(&line, "\033[0m");
		put_line(f, &line);
		at += take;
	}
	sbuf_release(&line);
}

/*
 * The width of each column (0 for a hidden one): the widest cell,
 * free-text columns cut to MAX_FLEX, then, while the table is wider than
 * the line, the widest free-text column loses a column at a time down to
 * floor.  Returns the table's width.
 */
static size_t widths(size_t *w, const struct rtable *t, int bars,
		     unsigned hidden, size_t floor, const struct render_opts *o)
{
	size_t total, i, j;

	for (j = 0; j < t->n_cols; j++) {
		w[j] = 0;
		if (hidden >> j & 1)
			continue;
		w[j] = utf8_width(t->cols[j]);
		for (i = 0; i < t->n_rows; i++) {
			const struct rcell *c = &t->cells[i * t->n_cols + j];
			size_t cw = utf8_width(c->text ? c->text : "") +
				(bars && c->bar >= 0 ? BAR + 1 : 0);

			if (cw > w[j])
				w[j] = cw;
		}
		if ((t->flex >> j & 1) && w[j] > MAX_FLEX)
			w[j] = MAX_FLEX;
	}
	for (;;) {
		size_t widest = RTABLE_MAX_COLS, n = 0;

		total = INDENT;
		for (j = 0; j < t->n_cols; j++)
			if (!(hidden >> j & 1))
				total += w[j] + (n++ ? GAP : 0);
		if (!o->width || total <= o->width)
			return total;
		for (j = 0; j < t->n_cols; j++)
			if ((t->flex >> j & 1) && !(hidden >> j & 1) &&
			    w[j] > floor &&
			    (widest == RTABLE_MAX_COLS || w[j] > w[widest]))
				widest = j;
		if (widest == RTABLE_MAX_COLS)
			return total;
		w[widest]--;
	}
}

/*
 * Fit the table in the line: shorten free text down to a readable width;
 * then without bars; then without the optional columns, leftmost first;
 * then shorten free text further.
 */
static void layout(size_t *w, int *bars, unsigned *hidden,
		   const struct rtable *t, const struct render_opts *o)
{
	unsigned left = t->optional;
	size_t j;

	*bars = 1;
	*hidden = 0;
	if (widths(w, t, 1, 0, COMFORT, o) <= o->width || !o->width)
		return;
	*bars = 0;
	while (widths(w, t, 0, *hidden, COMFORT, o) > o->width && left) {
		for (j = 0; !(left >> j & 1); j++)
			;
		left &= ~(1u << j);
		*hidden |= 1u << j;
	}
	widths(w, t, 0, *hidden, MIN_FLEX, o);
}

static void table(FILE *f, const struct rtable *t,
		  const struct render_opts *o)
{
	size_t w[RTABLE_MAX_COLS] = { 0 }, i, j, n;
	struct sbuf line = { 0 };
	unsigned hidden;
	int bars;

	if (o->color)
		fprintf(f, "\033[1m%s\033[0m\n", t->title);
	else
		fprintf(f, "%s\n", t->title);
	if (!t->n_rows) {
		fprintf(f, "%*s%s\n", INDENT, "", t->empty ? t->empty : "");
		goto note;
	}
	layout(w, &bars, &hidden, t, o);
	for (i = 0; i <= t->n_rows; i++) {
		spaces(&line, INDENT);
		for (j = 0, n = 0; j < t->n_cols; j++) {
			const struct rcell *c = i ? &t->cells[(i - 1) *
							      t->n_cols + j] :
				NULL;
			const char *text = c ? (c->text ? c->text : "") :
				t->cols[j];
			const char *code = c ? tone_code(c->tone) : NULL;
			int right = t->right >> j & 1;
			size_t room = w[j], cw;
			struct sbuf cut = { 0 };

			if (hidden >> j & 1)
				continue;
			if (n++)
				spaces(&line, GAP);
			if (bars && c && c->bar >= 0) {
				bar(&line, c->bar);
				room -= BAR + 1;
			}
			fit(&cut, text, room, &cw);
			if (right)
				spaces(&line, room - cw);
			if (!c && o->color)
				sbuf_adds(&line, "\033[1m");
			else if (code && o->color)
				sbuf_adds(&line, code);
			sbuf_adds(&line, cut.s ? cut.s : "");
			if (o->color && (!c || code))
				sbuf_adds(&line, "\033[0m");
			if (!right)
				spaces(&line, room - cw);
			sbuf_release(&cut);
		}
		put_line(f, &line);
	}
note:
	if (t->note)
		wrap(f, t->note, INDENT, o->width ? o->width : 100, o);
	sbuf_release(&line);
}

void render_text(FILE *f, const struct report *r,
		 const struct render_opts *o)
{
	struct rview v;
	size_t i;

	rview_build(&v, r, o);
	if (o->color)
		fprintf(f, "\033[1m%s\033[0m\n", v.title);
	else
		fprintf(f, "%s\n", v.title);
	fprintf(f, "%s\n", v.subtitle);
	for (i = 0; i < v.n_tables; i++) {
		putc('\n', f);
		table(f, &v.tables[i], o);
	}
	rview_release(&v);
}
