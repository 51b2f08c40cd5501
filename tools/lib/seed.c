/*
 * seed: see seed.h.  The plan's table is written by hand in an office, so
 * the parser is strict about the layout (a row that cannot be read is a
 * finding with its place, never a guess) and literal about the text (cells
 * are kept byte for byte, so that an export gives the same table back).
 */
#include "seed_impl.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numeral.h"
#include "wcwidth.h"

static void push_str(char ***v, size_t *n, size_t *cap, const char *s,
		     size_t len)
{
	XGROW(*v, *cap, *n + 1);
	(*v)[(*n)++] = xstrndup(s, len);
}

static void free_strs(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ---- the table ---- */

size_t seed_table_category(struct seed_table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n_categories; i++)
		if (!strcmp(t->categories[i], name))
			return i;
	push_str(&t->categories, &t->n_categories, &t->cap_categories, name,
		 strlen(name));
	return t->n_categories - 1;
}

void seed_table_add(struct seed_table *t, int id, size_t category,
		    const char *content, const char *target,
		    const char *units)
{
	struct seed_row *r;

	XGROW(t->rows, t->cap, t->n + 1);
	r = &t->rows[t->n++];
	memset(r, 0, sizeof(*r));
	r->id = id;
	r->category = category;
	r->content = xstrdup(content);
	r->target = xstrdup(target);
	r->units = xstrdup(units);
}

void seed_table_release(struct seed_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->rows[i].content);
		free(t->rows[i].target);
		free(t->rows[i].units);
	}
	free(t->rows);
	free_strs(t->categories, t->n_categories);
	memset(t, 0, sizeof(*t));
}

struct cell {
	const char *s;
	size_t n;
	int col;	/* 1-based column of the trimmed text */
};

#define MAX_CELLS 8

struct parse {
	struct seed_table *t;
	const char *path;
	struct diag_list *d;
	int header_seen;
	int have_category;
	size_t category;
	int errors;
};

static void row_error(struct parse *ps, int line, int col, const char *fmt,
		      ...) __attribute__((format(printf, 4, 5)));

static void row_error(struct parse *ps, int line, int col, const char *fmt,
		      ...)
{
	struct sbuf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	sbuf_vprintf(&b, fmt, ap);
	va_end(ap);
	diag_error(ps->d, ps->path, line, col, "seed-table", "%s", b.s);
	sbuf_release(&b);
	ps->errors++;
}

/*
 * Split a row into cells at '|'.  A leading bar (the header's, or a
 * Markdown table's) opens the first cell; the row must end with a bar.
 * Returns the number of cells (MAX_CELLS + 1 when there are too many), or
 * -1 when the row does not end with a bar.
 */
static int split_cells(struct cell *cells, const char *line, size_t n)
{
	size_t p = 0, start;
	int k = 0;

	if (!n || line[n - 1] != '|')
		return -1;
	while (p < n && is_blank(line[p]))
		p++;
	if (line[p] == '|')
		p++;
	while (p < n) {
		start = p;
		while (line[p] != '|')
			p++;
		if (k == MAX_CELLS)
			return MAX_CELLS + 1;
		cells[k].s = line + start;
		cells[k].n = p - start;
		trim(&cells[k].s, &cells[k].n);
		cells[k].col = chars(line, (size_t)(cells[k].s - line)) + 1;
		k++;
		p++;	/* the bar */
	}
	return k;
}

static int cell_is(const struct cell *c, const char *s)
{
	return c->n == strlen(s) && !memcmp(c->s, s, c->n);
}

/* a Markdown separator row: every cell is dashes with optional colons */
static int is_rule_row(const struct cell *cells, int k)
{
	int i;
	size_t j;

	for (i = 0; i < k; i++) {
		if (!cells[i].n)
			return 0;
		for (j = 0; j < cells[i].n; j++)
			if (cells[i].s[j] != '-' && cells[i].s[j] != ':')
				return 0;
	}
	return 1;
}

/* the category cell "五、推进大项目" (or a bare name) of a row */
static int parse_category(struct parse *ps, int line, const struct cell *c)
{
	const char *s = c->s;
	size_t n = c->n, used = 0, idx;
	char *name;
	int num;

	num = numeral_parse(s, &used);
	if (num > 0 && starts(s + used, n - used, "、")) {
		s += used + strlen("、");
		n -= used + strlen("、");
		trim(&s, &n);
	} else {
		num = -1;
	}
	if (!n) {
		row_error(ps, line, c->col, _("category cell has no name"));
		return -1;
	}
	name = xstrndup(s, n);
	idx = seed_table_category(ps->t, name);
	/* after an error the count is off: no warning then */
	if (num > 0 && (size_t)num != idx + 1 && !ps->errors)
		diag_warning(ps->d, ps->path, line, c->col, "seed-table",
			     _("category '%s' is numbered %d but is category "
			     "%zu of the plan"), name, num, idx + 1);
	free(name);
	ps->category = idx;
	ps->have_category = 1;
	return 0;
}

static const struct seed_row *find_row(const struct seed_table *t, int id)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->rows[i].id == id)
			return &t->rows[i];
	return NULL;
}

static void parse_task(struct parse *ps, int line, const struct cell *cells,
		       int k)
{
	const struct cell *cc = &cells[k - 3], *tc = &cells[k - 2];
	const struct cell *uc = &cells[k - 1];
	const struct seed_row *dup;
	const char *s = cc->s;
	size_t n = cc->n, i = 0;
	char *content, *target, *units;
	long id = 0;

	if (k == 4 && cells[0].n && parse_category(ps, line, &cells[0]))
		return;
	while (i < n && is_digit(s[i]) && id <= 99999)
		id = id * 10 + (s[i++] - '0');
	if (!i || i == n || s[i] != '.' || id < 1 || id > 99999) {
		row_error(ps, line, cc->col, _("content cell does not start with "
			  "the task number 'N.'"));
		return;
	}
	for (i++; i < n && is_blank(s[i]); i++)
		;
	if (i == n) {
		row_error(ps, line, cc->col, _("task %ld has no content"), id);
		return;
	}
	if (!tc->n) {
		row_error(ps, line, tc->col, _("task %ld has an empty target "
			  "cell"), id);
		return;
	}
	if (!uc->n) {
		row_error(ps, line, uc->col, _("task %ld has an empty units "
			  "cell"), id);
		return;
	}
	if (!ps->have_category) {
		row_error(ps, line, 1, _("task %ld has no category: the first "
			  "row must name one"), id);
		return;
	}
	dup = find_row(ps->t, (int)id);
	if (dup) {
		row_error(ps, line, cc->col, _("task %ld is already on line %d"),
			  id, dup->line);
		return;
	}
	content = xstrndup(s + i, n - i);
	target = xstrndup(tc->s, tc->n);
	units = xstrndup(uc->s, uc->n);
	seed_table_add(ps->t, (int)id, ps->category, content, target, units);
	ps->t->rows[ps->t->n - 1].line = line;
	ps->t->rows[ps->t->n - 1].units_col = uc->col;
	free(content);
	free(target);
	free(units);
}

/* 0, or the first column holding a byte that is not UTF-8 text */
static int bad_text_col(const char *line, size_t n, int *cp)
{
	size_t i = 0, m;
	uint32_t u;

	while (i < n) {
		unsigned char c = (unsigned char)line[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			*cp = c;
			return chars(line, i) + 1;
		}
		m = utf8_valid(&u, line + i, n - i);
		if (!m) {
			*cp = -1;
			return chars(line, i) + 1;
		}
		i += m;
	}
	return 0;
}

static int parse_line(struct parse *ps, int line, const char *s, size_t n)
{
	struct cell cells[MAX_CELLS];
	int k, col, cp;

	col = bad_text_col(s, n, &cp);
	if (col) {
		if (cp < 0)
			row_error(ps, line, col, _("invalid UTF-8: the table "
				  "must be UTF-8 text"));
		else
			row_error(ps, line, col, _("control character U+%04X"),
				  (unsigned)cp);
		return ps->header_seen ? 0 : -1;
	}
	k = split_cells(cells, s, n);
	if (!ps->header_seen) {
		if (k != 3 || !cell_is(&cells[0], "工作内容") ||
		    !cell_is(&cells[1], "目标任务") ||
		    !cell_is(&cells[2], "责任单位")) {
			row_error(ps, line, 1, _("expected the header row '%s'"),
				  SEED_HEADER);
			return -1;
		}
		ps->header_seen = 1;
		return 0;
	}
	if (k < 0) {
		row_error(ps, line, chars(s, n) + 1, _("row does not end with "
			  "'|'"));
		return 0;
	}
	if (is_rule_row(cells, k))
		return 0;
	if (k != 3 && k != 4) {
		row_error(ps, line, 1, k > MAX_CELLS ?
			  _("expected 3 cells (content, target, units) or 4 "
			    "(a category first), found more than %d") :
			  _("expected 3 cells (content, target, units) or 4 "
			    "(a category first), found %d"),
			  k > MAX_CELLS ? MAX_CELLS : k);
		return 0;
	}
	parse_task(ps, line, cells, k);
	return 0;
}

int seed_parse(struct seed_table *out, const char *path, const char *buf,
	       size_t len, struct diag_list *d)
{
	struct parse ps = { 0 };
	const char *p = buf, *end = buf + len, *nl;
	size_t n;
	int line = 0;

	memset(out, 0, sizeof(*out));
	ps.t = out;
	ps.path = path;
	ps.d = d;
	if (starts(p, len, "\xef\xbb\xbf"))
		p += 3;
	while (p < end) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl ? nl : end) - p);
		if (n && p[n - 1] == '\r')
			n--;
		while (n && is_blank(p[n - 1]))
			n--;
		if (n && parse_line(&ps, line, p, n))
			break;
		p = nl ? nl + 1 : end;
	}
	if (!ps.errors && !ps.header_seen)
		row_error(&ps, 1, 1, _("empty table: expected the header row "
			  "'%s'"), SEED_HEADER);
	else if (!ps.errors && !out->n)
		row_error(&ps, line, 1, _("the table has no task rows"));
	return ps.errors ? -1 : 0;
}

void seed_format(struct sbuf *out, const struct seed_table *t)
{
	size_t i;

	sbuf_adds(out, SEED_HEADER "\n");
	for (i = 0; i < t->n; i++) {
		const struct seed_row *r = &t->rows[i];

		if (!i || r->category != t->rows[i - 1].category) {
			numeral_add(out, (int)r->category + 1);
			sbuf_printf(out, "、%s | ", t->categories[r->category]);
		}
		sbuf_printf(out, "%d. %s | %s | %s |\n", r->id, r->content,
			    r->target, r->units);
	}
}

/* ---- tasks ---- */

static const char *const role_name[] = { "牵头", "配合", "实施" };

int seed_task(struct task **out, const struct seed_table *t, size_t i,
	      struct seed_registry *r, int year, const char *path,
	      struct diag_list *d)
{
	const struct seed_row *row = &t->rows[i];
	struct seed_units su = { 0 };
	struct seed_indicators si = { 0 };
	struct strlist *lists[SEED_ROLE_COUNT];
	struct task *k = NULL;
	const char *id;
	size_t j;
	int created, ret = -1;

	*out = NULL;
	if (seed_units_parse(&su, row->units, path, row->line, row->units_col,
			     d))
		goto done;
	k = xcalloc(1, sizeof(*k));
	lists[SEED_LEAD] = &k->lead;
	lists[SEED_COOPERATE] = &k->cooperate;
	lists[SEED_IMPLEMENT] = &k->implement;
	k->id = row->id;
	k->path = xasprintf("tasks/%02d.yaml", row->id);
	k->category = xstrdup(t->categories[row->category]);
	k->content = xstrdup(row->content);
	k->target = xstrdup(row->target);
	k->units_text = xstrdup(row->units);
	for (j = 0; j < su.n; j++) {
		id = seed_resolve(r, &su.v[j], &created);
		if (created) {
			const struct unit *u = seed_registry_get(r, id);

			diag_warning(d, path, row->line, row->units_col,
				     "new-unit", _("%s unit '%s' of task %d is "
				     "not in the units directory: written as "
				     "units/%s.yaml (name '%s', kind %s) for "
				     "the plan office to curate"),
				     role_name[su.v[j].role], su.v[j].name,
				     row->id, id, u->name,
				     unit_kind_name(u->kind));
		}
		if (!strlist_has(lists[su.v[j].role], id))
			strlist_add(lists[su.v[j].role], id);
	}
	if (!k->lead.n) {
		diag_error(d, path, row->line, row->units_col, "seed-units",
			   _("task %d has no leading unit: one clause must end "
			   "with 牵头"), row->id);
		goto done;
	}
	seed_indicators_extract(&si, row->target);
	k->indicators = si.v;
	k->n_indicators = si.n;
	memset(&si, 0, sizeof(si));
	seed_deadline(k->deadline, year, row->target, row->content);
	k->status = STATUS_NOT_STARTED;
	k->progress = 0;
	k->as_of[0] = '\0';
	k->note = xstrdup("");
	*out = k;
	k = NULL;
	ret = 0;
done:
	task_free(k);
	seed_units_release(&su);
	return ret;
}
