/*
 * seed: see seed.h.  The plan's table is written by hand in an office, so
 * the parser is strict about the layout (a row that cannot be read is a
 * finding with its place, never a guess) and literal about the text (cells
 * are kept byte for byte, so that an export gives the same table back).
 */
#include "seed.h"
#include "i18n.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileset.h"
#include "schema.h"
#include "numeral.h"
#include "wcwidth.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* characters (not bytes) in s[0..n): columns count characters */
static int chars(const char *s, size_t n)
{
	int c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

static int starts(const char *s, size_t n, const char *p)
{
	size_t m = strlen(p);

	return n >= m && !memcmp(s, p, m);
}

static int ends(const char *s, size_t n, const char *p)
{
	size_t m = strlen(p);

	return n >= m && !memcmp(s + n - m, p, m);
}

static void trim(const char **s, size_t *n)
{
	while (*n && is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_blank((*s)[*n - 1]))
		(*n)--;
}

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

/* ---- the units text ---- */

/*
 * Separators of the units text and of the target text.  The plan mixes
 * ASCII and full-width punctuation, sometimes within one row.
 */
static const char *const clause_seps[] = { ",", "，", ";", "；", "。" };
#define UNITS_SEPS 4	/* the units text does not use 。 */
#define TARGET_SEPS 5

/* the length of the separator at s (one of seps), or 0 */
static size_t sep_at(const char *s, size_t n, const char *const *seps,
		     size_t nseps)
{
	size_t i;

	for (i = 0; i < nseps; i++)
		if (starts(s, n, seps[i]))
			return strlen(seps[i]);
	return 0;
}

static int paren_delta(const char *s, size_t n)
{
	if (starts(s, n, "(") || starts(s, n, "（"))
		return 1;
	if (starts(s, n, ")") || starts(s, n, "）"))
		return -1;
	return 0;
}

static const struct {
	const char *suffix;
	enum seed_role role;
} role_suffix[] = {
	{ "牵头", SEED_LEAD },
	{ "配合", SEED_COOPERATE },
	{ "负责实施", SEED_IMPLEMENT },
	{ "共同实施", SEED_IMPLEMENT },
};

/* the separators between names; "及" and "和" join names as "、" does */
static const char *const name_seps[] = { "、", "及", "和" };

/*
 * A department-like name: the ones a leading "市" is shared by
 * ("市环保局、安监局" is 市环保局 and 市安监局).  Places, zones and groups
 * are named in full.
 */
static int is_department(const char *s, size_t n)
{
	return ends(s, n, "委") || ends(s, n, "局") || ends(s, n, "办") ||
	       ends(s, n, "中心") || ends(s, n, "室");
}

static void add_name(struct seed_units *u, const char *s, size_t n,
		     enum seed_role role, int city)
{
	struct seed_name *nm;

	XGROW(u->v, u->cap, u->n + 1);
	nm = &u->v[u->n++];
	nm->name = xstrndup(s, n);
	nm->role = role;
	nm->city = city;
}

/*
 * One clause "市发改委、科技局分别牵头": the role from its ending, then the
 * names.  col is the clause's column.
 */
static int units_clause(struct seed_units *u, const char *s, size_t n,
			const char *file, int line, int col,
			struct diag_list *d)
{
	enum seed_role role = SEED_ROLE_COUNT;
	size_t i, start, m;
	int depth = 0, state = 0, city;

	for (i = 0; i < sizeof(role_suffix) / sizeof(role_suffix[0]); i++) {
		if (ends(s, n, role_suffix[i].suffix)) {
			role = role_suffix[i].role;
			n -= strlen(role_suffix[i].suffix);
			break;
		}
	}
	if (role == SEED_ROLE_COUNT) {
		diag_error(d, file, line, col, "seed-units",
			   _("cannot tell the role of '%.*s': a clause ends with "
			   "牵头, 配合, 负责实施 or 共同实施"), (int)n, s);
		return -1;
	}
	if (role == SEED_LEAD && ends(s, n, "分别"))
		n -= strlen("分别");
	if (ends(s, n, "等部门"))
		n -= strlen("等部门");
	else if (ends(s, n, "等"))
		n -= strlen("等");
	trim(&s, &n);
	for (i = start = 0; i <= n; i += m ? m : 1) {
		m = i < n ? sep_at(s + i, n - i, name_seps, 3) : 0;
		if (i < n) {
			depth += paren_delta(s + i, n - i);
			if (!m || depth > 0)
				continue;
		}
		{
			const char *nm = s + start;
			size_t len = i - start;

			trim(&nm, &len);
			if (!len) {
				diag_error(d, file, line, col + chars(s, i),
					   "seed-units", _("empty unit name in "
					   "'%.*s'"), (int)n, s);
				return -1;
			}
			/* a leading 市 carries over to the department
			 * names that follow it in the clause */
			if (starts(nm, len, "市")) {
				city = 0;
				state = is_department(nm, len);
			} else if (is_department(nm, len)) {
				city = state;
			} else {
				city = state = 0;
			}
			add_name(u, nm, len, role, city);
		}
		start = i + m;
		if (i == n)
			break;
	}
	return 0;
}

int seed_units_parse(struct seed_units *out, const char *text,
		     const char *file, int line, int col,
		     struct diag_list *d)
{
	size_t n = strlen(text), i, start = 0, m;
	int ret = 0, any = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i <= n; i += m ? m : 1) {
		m = i < n ? sep_at(text + i, n - i, clause_seps,
				   UNITS_SEPS) : 0;
		if (i < n && !m)
			continue;
		{
			const char *c = text + start;
			size_t len = i - start;

			trim(&c, &len);
			if (len) {
				any = 1;
				if (units_clause(out, c, len, file, line,
						 col + chars(text, (size_t)
							     (c - text)), d))
					ret = -1;
			}
		}
		start = i + m;
		if (i == n)
			break;
	}
	if (!any) {
		diag_error(d, file, line, col, "seed-units", _("no unit named"));
		ret = -1;
	}
	return ret;
}

void seed_units_release(struct seed_units *u)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		free(u->v[i].name);
	free(u->v);
	memset(u, 0, sizeof(*u));
}

/* ---- the unit registry ---- */

void seed_registry_add(struct seed_registry *r, struct unit *u)
{
	XGROW(r->v, r->cap, r->n + 1);
	r->v[r->n++] = u;
}

const struct unit *seed_registry_find(const struct seed_registry *r,
				      const char *name)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->v[i]->name, name) ||
		    strlist_has(&r->v[i]->aliases, name))
			return r->v[i];
	return NULL;
}

const struct unit *seed_registry_get(const struct seed_registry *r,
				     const char *id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->v[i]->id, id))
			return r->v[i];
	return NULL;
}

/*
 * Kinds, from the name alone: the plan's collective names (各县(市、区),
 * 相关…) are groups; names holding 开发区/新区/新城/工业区/园区 are zones;
 * 集团/公司 companies; 办公室/领导小组 offices; a name ending in 县, 区 or
 * 市 that does not start with 市 is a county-level place (诸暨市); the rest
 * are departments.
 */
enum unit_kind seed_guess_kind(const char *name)
{
	static const char *const zone[] = {
		"开发区", "新区", "新城", "工业区", "园区"
	};
	size_t n = strlen(name), i;

	if (starts(name, n, "各") || starts(name, n, "相关") ||
	    !strcmp(name, "市直开发区(新区)"))
		return UNIT_GROUP;
	for (i = 0; i < sizeof(zone) / sizeof(zone[0]); i++)
		if (strstr(name, zone[i]))
			return UNIT_ZONE;
	if (strstr(name, "集团") || strstr(name, "公司"))
		return UNIT_COMPANY;
	if (ends(name, n, "办公室") || strstr(name, "领导小组"))
		return UNIT_OFFICE;
	if (!starts(name, n, "市") && (ends(name, n, "县") ||
				       ends(name, n, "区") ||
				       ends(name, n, "市")))
		return UNIT_COUNTY;
	return UNIT_DEPARTMENT;
}

const char *seed_resolve(struct seed_registry *r, const struct seed_name *n,
			 int *created)
{
	const struct unit *u;
	struct unit *nu;
	char *full = NULL, id[32];
	int k;

	*created = 0;
	u = seed_registry_find(r, n->name);
	if (u)
		return u->id;
	if (n->city) {
		full = xasprintf("市%s", n->name);
		u = seed_registry_find(r, full);
		if (u) {
			free(full);
			return u->id;
		}
	}
	for (k = 1;; k++) {
		snprintf(id, sizeof(id), "unit-%d", k);
		if (!seed_registry_get(r, id))
			break;
	}
	nu = xcalloc(1, sizeof(*nu));
	nu->id = xstrdup(id);
	nu->name = full ? full : xstrdup(n->name);
	if (full)
		strlist_add(&nu->aliases, n->name);
	nu->kind = seed_guess_kind(nu->name);
	seed_registry_add(r, nu);
	*created = 1;
	return nu->id;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* the names of DIR/NAME.yaml, without .yaml, sorted; NULL after diag_fail */
static char **yaml_names(const char *dir, size_t *n)
{
	char **names = NULL;
	size_t cap = 0, k;
	struct dirent *de;
	DIR *dh = opendir(dir);

	*n = 0;
	if (!dh) {
		diag_fail(_("cannot read units directory '%s': %s"), dir,
			  strerror(errno));
		return NULL;
	}
	while ((de = readdir(dh))) {
		k = strlen(de->d_name);
		if (de->d_name[0] == '.' || k < 6 ||
		    strcmp(de->d_name + k - 5, ".yaml"))
			continue;
		XGROW(names, cap, *n + 1);
		names[(*n)++] = xstrndup(de->d_name, k - 5);
	}
	closedir(dh);
	if (*n > 1)
		qsort(names, *n, sizeof(*names), cmp_str);
	return names ? names : xcalloc(1, sizeof(*names));
}

int seed_registry_read(struct seed_registry *r, const char *dir,
		       struct diag_list *d)
{
	char *schema_path = xasprintf("%s/../schema/unit.schema.json", dir);
	struct schema *schema = NULL;
	char *buf = NULL, **names = NULL, *path;
	struct diag_list sd = { 0 };
	size_t len, n = 0, i;
	struct unit *u;
	int ret = -1;

	if (read_file(schema_path, &buf, &len, YDOC_MAX_SIZE)) {
		diag_fail(_("cannot read the unit schema '%s': %s"), schema_path,
			  strerror(errno));
		goto done;
	}
	if (schema_load(&schema, schema_path, buf, len, &sd)) {
		diag_print_text(stderr, &sd);
		diag_fail(_("cannot use the unit schema '%s'"), schema_path);
		goto done;
	}
	names = yaml_names(dir, &n);
	if (!names)
		goto done;
	r->text = xcalloc(n, sizeof(*r->text));
	r->text_len = xcalloc(n, sizeof(*r->text_len));
	for (i = 0; i < n; i++) {
		free(buf);
		buf = NULL;
		path = xasprintf("%s/%s.yaml", dir, names[i]);
		if (read_file(path, &buf, &len, YDOC_MAX_SIZE)) {
			diag_fail(_("cannot read '%s': %s"), path,
				  strerror(errno));
			free(path);
			goto done;
		}
		if (!unit_load(&u, path, buf, len, schema, d)) {
			if (strcmp(u->id, names[i]))
				diag_error(d, path, 0, 0, "file-name",
					   _("unit id '%s' differs from the file "
					   "name"), u->id);
			r->text[r->n_read] = buf;
			r->text_len[r->n_read++] = len;
			buf = NULL;
			seed_registry_add(r, u);
		}
		free(path);
	}
	ret = 0;
done:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(buf);
	free(schema_path);
	schema_free(schema);
	diag_release(&sd);
	return ret;
}

void seed_registry_release(struct seed_registry *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		unit_free(r->v[i]);
	for (i = 0; i < r->n_read; i++)
		free(r->text[i]);
	free(r->text);
	free(r->text_len);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* ---- indicators ----
 *
 * The target text is read clause by clause:
 *
 * 1. Clauses are separated by , ， ; ； and 。.  A clause is split further
 *    at 、 only when every part holds a quantity ("创建1家…平台、1家…
 *    中心"), so that "设备、技术投入比重保持在60%以上" stays whole.
 * 2. A quantity is a decimal number, optional spaces ("1 家") and a unit:
 *    亿美元, 亿元, 万元, 个百分点 (read as 百分点), 百分点, %, 家, 只, 个,
 *    项, 人次, 人, 次.  A number followed by anything else ("253",
 *    5月底) is not one.  A sum of money followed by 以上/以下 and more
 *    text ("10亿元以上重大项目") qualifies what follows; it is not a
 *    quantity either.
 * 3. A clause (or part) with quantities yields one indicator: the last
 *    quantity is its target; any other stays in the name.
 * 4. op: 左右 after or 约 before the quantity: "~"; 以上 after or 不少于
 *    before: ">="; 以内/以下 after or 不超过 before: "<="; none of these:
 *    ">=" (a plan's targets are floors).
 * 5. name: the text before the quantity followed by the text after it
 *    (without the op word): "创建1家新兴产业公共平台" gives
 *    "创建新兴产业公共平台".  Leading 力争/争取/确保/完成 and a trailing
 *    保持在/达到/为 of the text before are dropped.  A part after a 、 with
 *    nothing before its quantity takes the first part's text before
 *    ("创建1家A、1家B" gives 创建A and 创建B).  A clause that leaves an
 *    empty name yields nothing.
 */

static const struct {
	const char *text, *unit;
	int money;
} qty_units[] = {
	{ "亿美元", "亿美元", 1 },
	{ "亿元", "亿元", 1 },
	{ "万元", "万元", 1 },
	{ "个百分点", "百分点", 0 },
	{ "百分点", "百分点", 0 },
	{ "%", "%", 0 },
	{ "家", "家", 0 },
	{ "只", "只", 0 },
	{ "个", "个", 0 },
	{ "项", "项", 0 },
	{ "人次", "人次", 0 },
	{ "人", "人", 0 },
	{ "次", "次", 0 },
};

struct qty {
	size_t start, end;	/* number's first byte, byte after the unit */
	double value;
	const char *unit;
};

/* the last quantity in s[0..n) into *q; returns how many there are */
static int find_qty(struct qty *q, const char *s, size_t n)
{
	size_t i = 0, j, k, u, m;
	int count = 0;
	char num[64];

	while (i < n) {
		if (!is_digit(s[i])) {
			i++;
			continue;
		}
		for (j = i; j < n && is_digit(s[j]); j++)
			;
		if (j + 1 < n && s[j] == '.' && is_digit(s[j + 1]))
			for (j++; j < n && is_digit(s[j]); j++)
				;
		for (k = j; k < n && s[k] == ' '; k++)
			;
		for (u = 0; u < sizeof(qty_units) / sizeof(qty_units[0]); u++)
			if (starts(s + k, n - k, qty_units[u].text))
				break;
		if (u < sizeof(qty_units) / sizeof(qty_units[0]) &&
		    j - i < sizeof(num)) {
			size_t e = k + strlen(qty_units[u].text);

			m = starts(s + e, n - e, "以上") ||
			    starts(s + e, n - e, "以下") ? strlen("以上") : 0;
			if (!(qty_units[u].money && m && e + m < n)) {
				memcpy(num, s + i, j - i);
				num[j - i] = '\0';
				q->start = i;
				q->end = e;
				q->value = strtod(num, NULL);
				q->unit = qty_units[u].unit;
				count++;
			}
		}
		i = j;
	}
	return count;
}

static const char *const lead_words[] = { "力争", "争取", "确保", "完成" };
static const char *const tail_words[] = { "保持在", "达到", "为" };

/* drop the leading and trailing words of rule 5 from s[0..*n) */
static const char *strip_words(const char *s, size_t *n)
{
	size_t i;
	int again = 1;

	while (again) {
		again = 0;
		trim(&s, n);
		for (i = 0; i < sizeof(lead_words) / sizeof(*lead_words); i++) {
			if (starts(s, *n, lead_words[i])) {
				s += strlen(lead_words[i]);
				*n -= strlen(lead_words[i]);
				again = 1;
			}
		}
		for (i = 0; i < sizeof(tail_words) / sizeof(*tail_words); i++) {
			if (ends(s, *n, tail_words[i])) {
				*n -= strlen(tail_words[i]);
				again = 1;
			}
		}
	}
	return s;
}

/*
 * The indicator of one clause or part s[0..n), if any.  verb holds the
 * first part's text before its quantity (rule 5); it is set when first
 * is true.
 */
static void extract_part(struct seed_indicators *out, const char *s,
			 size_t n, struct sbuf *verb, int first)
{
	struct qty q;
	enum indicator_op op = OP_GE;
	const char *before = s, *after;
	size_t bn, an;
	struct sbuf name = { 0 };
	struct indicator *ind;

	if (!find_qty(&q, s, n))
		return;
	bn = q.start;
	after = s + q.end;
	an = n - q.end;
	if (starts(after, an, "左右")) {
		op = OP_ABOUT;
		after += strlen("左右");
		an -= strlen("左右");
	} else if (starts(after, an, "以上")) {
		after += strlen("以上");
		an -= strlen("以上");
	} else if (starts(after, an, "以内") || starts(after, an, "以下")) {
		op = OP_LE;
		after += strlen("以内");
		an -= strlen("以内");
	}
	trim(&before, &bn);
	if (ends(before, bn, "约")) {
		op = OP_ABOUT;
		bn -= strlen("约");
	} else if (ends(before, bn, "不少于")) {
		op = OP_GE;
		bn -= strlen("不少于");
	} else if (ends(before, bn, "不超过")) {
		op = OP_LE;
		bn -= strlen("不超过");
	}
	before = strip_words(before, &bn);
	if (first) {
		verb->len = 0;
		sbuf_add(verb, before, bn);
	}
	if (!bn && !first && verb->len)
		sbuf_add(&name, verb->s, verb->len);
	else
		sbuf_add(&name, before, bn);
	trim(&after, &an);
	sbuf_add(&name, after, an);
	if (!name.len) {
		sbuf_release(&name);
		return;
	}
	XGROW(out->v, out->cap, out->n + 1);
	ind = &out->v[out->n++];
	memset(ind, 0, sizeof(*ind));
	ind->name = sbuf_take(&name);
	ind->op = op;
	ind->target = q.value;
	ind->unit = xstrdup(q.unit);
}

static void extract_clause(struct seed_indicators *out, const char *s,
			   size_t n)
{
	static const char *const dun[] = { "、" };
	struct sbuf verb = { 0 };
	struct qty q;
	size_t i, start, m, cut[64];
	int depth = 0, parts = 0, all = 1, k;

	/* the part boundaries at 、 outside parentheses */
	for (i = 0; i < n && parts < 62; i += m ? m : 1) {
		depth += paren_delta(s + i, n - i);
		m = sep_at(s + i, n - i, dun, 1);
		if (m && depth <= 0) {
			cut[parts++] = i;
			cut[parts++] = i + m;
		}
	}
	if (parts) {
		for (k = 0, start = 0; k <= parts; k += 2) {
			size_t e = k < parts ? cut[k] : n;

			if (!find_qty(&q, s + start, e - start))
				all = 0;
			if (k < parts)
				start = cut[k + 1];
		}
	}
	if (!parts || !all) {
		extract_part(out, s, n, &verb, 1);
		sbuf_release(&verb);
		return;
	}
	for (k = 0, start = 0; k <= parts; k += 2) {
		size_t e = k < parts ? cut[k] : n;

		extract_part(out, s + start, e - start, &verb, k == 0);
		if (k < parts)
			start = cut[k + 1];
	}
	sbuf_release(&verb);
}

void seed_indicators_extract(struct seed_indicators *out, const char *target)
{
	size_t n = strlen(target), i, start = 0, m;

	memset(out, 0, sizeof(*out));
	for (i = 0; i <= n; i += m ? m : 1) {
		m = i < n ? sep_at(target + i, n - i, clause_seps,
				   TARGET_SEPS) : 0;
		if (i < n && !m)
			continue;
		{
			const char *c = target + start;
			size_t len = i - start;

			trim(&c, &len);
			if (len)
				extract_clause(out, c, len);
		}
		start = i + m;
		if (i == n)
			break;
	}
}

void seed_indicators_release(struct seed_indicators *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].unit);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* ---- deadline ---- */

/* the month N of the first "N月底" in s, or 0 */
static int month_end_in(const char *s)
{
	const char *p;

	for (p = strstr(s, "月底"); p; p = strstr(p + 1, "月底")) {
		const char *q = p;
		int m = 0, mul = 1;

		while (q > s && is_digit(q[-1]) && mul <= 10) {
			m += (q[-1] - '0') * mul;
			mul *= 10;
			q--;
		}
		if (q < p && m >= 1 && m <= 12)
			return m;
	}
	return 0;
}

void seed_deadline(char out[11], int year, const char *target,
		   const char *content)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int m = month_end_in(target), day;
	char buf[32];

	if (!m && content)
		m = month_end_in(content);
	if (!m)
		m = 12;
	day = days[m - 1];
	if (m == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		day = 29;
	if (year < 0 || year > 9999)
		year = 0;
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", year, m, day);
	memcpy(out, buf, 11);
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
