/*
 * model: see model.h.  Records are built from the parsed tree only after
 * the schema check passed, so the conversion below can trust types; the
 * cross-file rules then run over the records, using the kept trees for
 * positions.
 */
#include "model.h"
#include "date.h"
#include "i18n.h"
#include "parallel.h"
#include "sshsig.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const status_names[] = {
	"not_started", "in_progress", "at_risk", "done"
};
static const char *const op_names[] = { ">=", "<=", "=", "~" };
static const char *const kind_names[] = {
	"department", "county", "zone", "group", "company", "office"
};

static int parse_name(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; s && i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

const char *status_name(enum task_status s) { return status_names[s]; }
int status_parse(const char *s) { return parse_name(status_names, 4, s); }
const char *op_name(enum indicator_op op) { return op_names[op]; }
int op_parse(const char *s) { return parse_name(op_names, 4, s); }
const char *unit_kind_name(enum unit_kind k) { return kind_names[k]; }
int unit_kind_parse(const char *s) { return parse_name(kind_names, 6, s); }

void strlist_add(struct strlist *l, const char *s)
{
	XGROW(l->v, l->cap, l->n + 1);
	l->v[l->n++] = xstrdup(s);
}

int strlist_has(const struct strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return 1;
	return 0;
}

void strlist_release(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* the largest task id: eight digits, far beyond any plan, within an int */
#define TASK_ID_MAX 99999999

int task_path_id(const char *path)
{
	const char *name = strncmp(path, "tasks/", 6) ? NULL : path + 6;
	const char *p;
	long id = 0;

	if (!name || !(name[0] >= '0' && name[0] <= '9'))
		return -1;
	for (p = name; *p >= '0' && *p <= '9'; p++) {
		id = id * 10 + (*p - '0');
		if (id > TASK_ID_MAX)
			return -1;
	}
	if (strcmp(p, ".yaml") || p - name < 2)
		return -1;
	return (int)id;
}

/* ---- conversion from trees (types already checked by the schema) ---- */

static char *str_or_empty(const struct ynode *n)
{
	const char *s = ynode_str(n);

	return xstrdup(s ? s : "");
}

static void list_of(struct strlist *l, const struct ynode *seq)
{
	size_t i;

	if (!seq || seq->kind != YNODE_SEQ)
		return;
	for (i = 0; i < seq->n; i++)
		if (ynode_str(seq->kids[i]))
			strlist_add(l, seq->kids[i]->text);
}

static double number_or(const struct ynode *n, double dflt, int *has)
{
	enum yscalar_type t = yscalar_type(n);

	if (n && n->kind == YNODE_SCALAR && (t == YS_INT || t == YS_NUMBER)) {
		if (has)
			*has = 1;
		return yscalar_number(n);
	}
	if (has)
		*has = 0;
	return dflt;
}

static void copy_date(char out[11], const struct ynode *n)
{
	const char *s = ynode_str(n);

	out[0] = '\0';
	if (s && strlen(s) == 10)
		memcpy(out, s, 11);
}

static struct task *task_from_doc(struct ynode *doc, const char *path)
{
	struct task *t = xcalloc(1, sizeof(*t));
	const struct ynode *units = ynode_get(doc, "units");
	const struct ynode *inds = ynode_get(doc, "indicators");
	int st;
	size_t i;

	t->doc = doc;
	t->path = xstrdup(path);
	t->id = (int)number_or(ynode_get(doc, "id"), -1, NULL);
	t->category = str_or_empty(ynode_get(doc, "category"));
	t->content = str_or_empty(ynode_get(doc, "content"));
	t->target = str_or_empty(ynode_get(doc, "target"));
	t->units_text = str_or_empty(ynode_get(units, "text"));
	list_of(&t->lead, ynode_get(units, "lead"));
	list_of(&t->cooperate, ynode_get(units, "cooperate"));
	list_of(&t->implement, ynode_get(units, "implement"));
	if (inds && inds->kind == YNODE_SEQ && inds->n) {
		t->indicators = xcalloc(inds->n, sizeof(*t->indicators));
		for (i = 0; i < inds->n; i++) {
			const struct ynode *x = inds->kids[i];
			struct indicator *in = &t->indicators[i];
			int op = op_parse(ynode_str(ynode_get(x, "op")));

			in->name = str_or_empty(ynode_get(x, "name"));
			in->unit = str_or_empty(ynode_get(x, "unit"));
			in->op = op < 0 ? OP_GE : (enum indicator_op)op;
			in->target = number_or(ynode_get(x, "target"), 0, NULL);
			in->actual = number_or(ynode_get(x, "actual"), 0,
					       &in->has_actual);
		}
		t->n_indicators = inds->n;
	}
	copy_date(t->deadline, ynode_get(doc, "deadline"));
	st = status_parse(ynode_str(ynode_get(doc, "status")));
	t->status = st < 0 ? STATUS_NOT_STARTED : (enum task_status)st;
	t->progress = (int)number_or(ynode_get(doc, "progress"), 0, NULL);
	copy_date(t->as_of, ynode_get(doc, "as_of"));
	t->note = str_or_empty(ynode_get(doc, "note"));
	return t;
}

void task_free(struct task *t)
{
	size_t i;

	if (!t)
		return;
	free(t->path);
	free(t->category);
	free(t->content);
	free(t->target);
	free(t->units_text);
	strlist_release(&t->lead);
	strlist_release(&t->cooperate);
	strlist_release(&t->implement);
	for (i = 0; i < t->n_indicators; i++) {
		free(t->indicators[i].name);
		free(t->indicators[i].unit);
	}
	free(t->indicators);
	free(t->note);
	ynode_free(t->doc);
	free(t);
}

static int load_doc(struct ynode **out, const char *path, const char *buf,
		    size_t len, const struct schema *s, struct diag_list *d)
{
	if (ydoc_load(out, path, buf, len, d))
		return -1;
	if (schema_check(s, *out, path, d)) {
		ynode_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int task_load(struct task **out, const char *path, const char *buf,
	      size_t len, const struct schema *s, struct diag_list *d)
{
	const struct ynode *id;
	struct ynode *doc;

	*out = NULL;
	if (load_doc(&doc, path, buf, len, s, d))
		return -1;
	/* the schema bounds the id below only; a record holds an int */
	id = ynode_get(doc, "id");
	if (id && yscalar_number(id) > TASK_ID_MAX) {
		diag_error(d, path, id->line, id->col, "range", _("'id' is %s, "
			   "too large for a task number (at most %d)"), id->text,
			   TASK_ID_MAX);
		ynode_free(doc);
		return -1;
	}
	*out = task_from_doc(doc, path);
	return 0;
}

/*
 * signing_keys: each "ADDRESS TYPE BASE64 [COMMENT]", a line of git's
 * allowed-signers file; the schema made every item a string
 */
static void unit_keys(struct unit *u, const struct ynode *n)
{
	size_t i;

	if (!n || n->kind != YNODE_SEQ)
		return;
	u->keys = xcalloc(n->n ? n->n : 1, sizeof(*u->keys));
	for (i = 0; i < n->n; i++) {
		const char *s = ynode_str(n->kids[i]), *sp;
		struct unit_key *k = &u->keys[u->n_keys++];

		k->at = n->kids[i];
		k->why = "";
		if (!s || !(sp = strchr(s, ' '))) {
			k->address = xstrdup(s ? s : "");
			k->why = "no key after the address";
			continue;
		}
		k->address = xstrndup(s, (size_t)(sp - s));
		k->key = sshsig_key_text(sp + 1, &k->why);
	}
}

int unit_load(struct unit **out, const char *path, const char *buf,
	      size_t len, const struct schema *s, struct diag_list *d)
{
	struct ynode *doc;
	struct unit *u;
	int k;

	*out = NULL;
	if (load_doc(&doc, path, buf, len, s, d))
		return -1;
	u = xcalloc(1, sizeof(*u));
	u->doc = doc;
	u->path = xstrdup(path);
	u->id = str_or_empty(ynode_get(doc, "id"));
	u->name = str_or_empty(ynode_get(doc, "name"));
	list_of(&u->aliases, ynode_get(doc, "aliases"));
	list_of(&u->members, ynode_get(doc, "members"));
	list_of(&u->committers, ynode_get(doc, "committers"));
	unit_keys(u, ynode_get(doc, "signing_keys"));
	k = unit_kind_parse(ynode_str(ynode_get(doc, "kind")));
	u->kind = k < 0 ? UNIT_DEPARTMENT : (enum unit_kind)k;
	u->admin = yscalar_true(ynode_get(doc, "admin"));
	*out = u;
	return 0;
}

void unit_free(struct unit *u)
{
	if (!u)
		return;
	free(u->id);
	free(u->path);
	free(u->name);
	strlist_release(&u->aliases);
	strlist_release(&u->members);
	strlist_release(&u->committers);
	for (size_t i = 0; i < u->n_keys; i++) {
		free(u->keys[i].address);
		free(u->keys[i].key);
	}
	free(u->keys);
	ynode_free(u->doc);
	free(u);
}

/* ---- schemas ---- */

static int load_schema(struct schema **out, const struct fileset *fs,
		       const char *path, struct diag_list *d)
{
	const struct file_entry *e = fileset_find(fs, path);

	if (!e || e->kind != FILE_REGULAR) {
		diag_error(d, path, 0, 0, "schema", _("schema file is missing "
			   "or not a regular file"));
		return -1;
	}
	return schema_load(out, path, e->data, e->len, d);
}

int schemas_load(struct schemas *out, const struct fileset *fs,
		 struct diag_list *d)
{
	int bad = 0;

	memset(out, 0, sizeof(*out));
	bad |= load_schema(&out->plan, fs, "schema/plan.schema.json", d);
	bad |= load_schema(&out->task, fs, "schema/task.schema.json", d);
	bad |= load_schema(&out->unit, fs, "schema/unit.schema.json", d);
	if (bad) {
		schemas_release(out);
		return -1;
	}
	return 0;
}

void schemas_release(struct schemas *s)
{
	schema_free(s->plan);
	schema_free(s->task);
	schema_free(s->unit);
	memset(s, 0, sizeof(*s));
}

/* ---- the whole plan ---- */

const struct task *plan_task(const struct plan *p, int id)
{
	size_t lo = 0, hi = p->n_tasks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->tasks[mid]->id == id)
			return p->tasks[mid];
		if (p->tasks[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct unit *plan_unit(const struct plan *p, const char *id)
{
	size_t lo = 0, hi = p->n_units;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(p->units[mid]->id, id);

		if (!c)
			return p->units[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int plan_category(const struct plan *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->categories.n; i++)
		if (!strcmp(p->categories.v[i], name))
			return (int)i;
	return -1;
}

const struct unit *plan_unit_find(const struct plan *p, const char *what)
{
	size_t i;

	for (i = 0; i < p->n_units; i++) {
		const struct unit *u = p->units[i];

		if (!strcmp(u->id, what) || (u->name && !strcmp(u->name, what))
		    || strlist_has(&u->aliases, what))
			return u;
	}
	return NULL;
}

const char *plan_unit_suggest(const struct plan *p, const char *what)
{
	const char *best = NULL;
	size_t i, j, d, best_d = 3;

	for (i = 0; i < p->n_units; i++) {
		const struct unit *u = p->units[i];
		const char *names[2] = { u->id, u->name };

		for (j = 0; j < 2 + u->aliases.n; j++) {
			const char *n = j < 2 ? names[j] : u->aliases.v[j - 2];

			if (!n)
				continue;
			d = edit_distance(what, n, 2);
			/* 经贸委 in 市经贸委: part of a Chinese name */
			if (d > 2 && strlen(what) >= 6 && strstr(n, what))
				d = 2;
			if (d < best_d) {
				best_d = d;
				best = u->id;
			}
		}
	}
	return best;
}

int plan_unit_covers(const struct plan *p, const char *id, const char *uid)
{
	const struct unit *u;

	if (!strcmp(id, uid))
		return 1;
	u = plan_unit(p, id);
	return u && u->kind == UNIT_GROUP && strlist_has(&u->members, uid);
}

static const char *kind_problem(enum file_kind k)
{
	switch (k) {
	case FILE_SYMLINK:
		return _("is a symbolic link; plan files must be regular files "
		       "(replace the link with the file itself)");
	case FILE_OUTSIDE:
		return _("is a symbolic link pointing outside the repository; "
		       "plan files must be regular files inside it");
	case FILE_DIRECTORY:
		return _("is a directory; this folder holds only plan files");
	case FILE_OTHER:
		return _("is not a regular file (a device, pipe, socket or "
		       "submodule)");
	default:
		return NULL;
	}
}

static const char *dir_problem(enum file_kind k)
{
	switch (k) {
	case FILE_SYMLINK:
		return _("is a symbolic link");
	case FILE_OUTSIDE:
		return _("is a symbolic link pointing outside the repository");
	case FILE_REGULAR:
	case FILE_TOO_LARGE:
		return _("is a file");
	case FILE_UNREADABLE:
		return _("cannot be read");
	default:
		return _("is not a directory");
	}
}

/* report a non-regular entry; 0 when it is a readable regular file */
static int entry_ok(const struct file_entry *e, struct diag_list *d)
{
	const char *why = kind_problem(e->kind);

	if (why) {
		diag_error(d, e->path, 0, 0, "file-kind", "%s", why);
		return 0;
	}
	if (e->kind == FILE_TOO_LARGE) {
		diag_error(d, e->path, 0, 0, "too-large", _("file is %zu bytes, "
			   "over the limit of %d bytes (1 MiB)"), e->len,
			   YDOC_MAX_SIZE);
		return 0;
	}
	if (e->kind == FILE_UNREADABLE) {
		diag_error(d, e->path, 0, 0, "unreadable", _("cannot read the "
			   "file: %s"), e->data ? e->data : "unknown reason");
		return 0;
	}
	return 1;
}

static int unit_name_ok(const char *path)
{
	const char *name = path + 6, *p;

	if (!(name[0] >= 'a' && name[0] <= 'z'))
		return 0;
	for (p = name; (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
	     *p == '-'; p++)
		;
	return !strcmp(p, ".yaml");
}

/* is path the name docs/format.md gives the file of task id? */
static int canonical_name(const char *path, int id)
{
	char want[32];

	snprintf(want, sizeof(want), "tasks/%02d.yaml", id);
	return !strcmp(path, want);
}

/*
 * By id; of two files with one id, the one named after it comes first, so
 * that the other one is reported.
 */
static int cmp_task(const void *a, const void *b)
{
	const struct task *x = *(struct task *const *)a;
	const struct task *y = *(struct task *const *)b;
	int cx, cy;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	cx = canonical_name(x->path, x->id);
	cy = canonical_name(y->path, y->id);
	if (cx != cy)
		return cx ? -1 : 1;
	return strcmp(x->path, y->path);
}

/* is path units/<id>.yaml? */
static int unit_canonical(const struct unit *u)
{
	size_t n = strlen(u->id);

	return !strncmp(u->path + 6, u->id, n) && !strcmp(u->path + 6 + n,
							 ".yaml");
}

/* by id; of two files with one id, the one named after it first */
static int cmp_unit(const void *a, const void *b)
{
	const struct unit *x = *(struct unit *const *)a;
	const struct unit *y = *(struct unit *const *)b;
	int c = strcmp(x->id, y->id);

	if (c)
		return c;
	if (unit_canonical(x) != unit_canonical(y))
		return unit_canonical(x) ? -1 : 1;
	return strcmp(x->path, y->path);
}

static const struct ynode *at(const struct ynode *doc, const char *key)
{
	const struct ynode *n = ynode_get(doc, key);

	return n ? n : doc;
}

static int unit_file_present(const struct fileset *fs, const char *id)
{
	char *path = xasprintf("units/%s.yaml", id);
	int ret = fs && fileset_find(fs, path) != NULL;

	free(path);
	return ret;
}

static void check_unit_refs(const struct plan *p, const struct fileset *fs,
			    const struct task *t, const char *list,
			    struct diag_list *d)
{
	const struct ynode *seq = ynode_get(ynode_get(t->doc, "units"), list);
	size_t i, j;

	if (!seq || seq->kind != YNODE_SEQ)
		return;
	for (i = 0; i < seq->n; i++) {
		const char *id = ynode_str(seq->kids[i]);
		const char *best = NULL;
		size_t bd = 3, dist;

		if (!id || plan_unit(p, id))
			continue;
		/* the unit's file is there but did not load: its own findings
		 * name the cause, once, rather than every task naming it */
		if (unit_file_present(fs, id))
			continue;
		for (j = 0; j < p->n_units; j++) {
			dist = edit_distance(id, p->units[j]->id, 2);
			if (dist < bd) {
				bd = dist;
				best = p->units[j]->id;
			}
		}
		if (best)
			diag_error(d, t->path, seq->kids[i]->line,
				   seq->kids[i]->col, "unknown-unit",
				   _("unknown unit '%s' in units.%s; did you mean "
				   "'%s'?"), id, list, best);
		else
			diag_error(d, t->path, seq->kids[i]->line,
				   seq->kids[i]->col, "unknown-unit",
				   _("unknown unit '%s' in units.%s (units are the "
				   "file names in units/)"), id, list);
	}
}

/*
 * Values that are possible but most likely slips: warnings, which do not
 * fail validate.  "Today" is the machine's date: a report dated later
 * than the day it is written was mistyped.
 */
static void check_suspicious(const struct plan *p, const struct task *t,
			     struct diag_list *d)
{
	const struct ynode *n = at(t->doc, "as_of");
	char today[11];
	time_t now = time(NULL);
	struct tm tm;

	if (t->as_of[0] && p->year && atoi(t->as_of) > p->year)
		diag_warning(d, t->path, n->line, n->col, "as-of-year",
			     _("as_of %s is after the plan's year %d: is the "
			       "year right?"), t->as_of, p->year);
	else if (t->as_of[0] && localtime_r(&now, &tm) &&
		 strftime(today, sizeof(today), "%Y-%m-%d", &tm) &&
		 strcmp(t->as_of, today) > 0)
		diag_warning(d, t->path, n->line, n->col, "as-of-future",
			     _("as_of %s is in the future (today is %s): "
			       "write the day the progress was reported"),
			     t->as_of, today);
	n = at(t->doc, "note");
	if (t->status == STATUS_AT_RISK && !*t->note)
		diag_warning(d, t->path, n->line, n->col, "at-risk-note",
			     _("status is at_risk but the note is empty: say "
			       "in the note what holds the task up (the "
			       "report shows it to the city's leaders)"));
}

/* did the progress fields of a task change from a to b? */
static int progress_changed(const struct task *a, const struct task *b)
{
	size_t i, j;

	if (a->status != b->status || a->progress != b->progress)
		return 1;
	for (i = 0; i < b->n_indicators; i++) {
		const struct indicator *y = &b->indicators[i];

		for (j = 0; j < a->n_indicators; j++)
			if (!strcmp(a->indicators[j].name, y->name))
				break;
		if (j == a->n_indicators)
			continue;	/* a plan change, not a report */
		if (a->indicators[j].has_actual != y->has_actual ||
		    (y->has_actual && a->indicators[j].actual != y->actual))
			return 1;
	}
	return 0;
}

void plan_check_update(const struct plan *old, const struct plan *now,
		       struct diag_list *d)
{
	size_t i;

	for (i = 0; old && i < now->n_tasks; i++) {
		const struct task *t = now->tasks[i];
		const struct task *was = plan_task(old, t->id);
		const struct ynode *n = at(t->doc, "as_of");

		if (!was || strcmp(was->as_of, t->as_of) ||
		    !progress_changed(was, t))
			continue;
		/* the report would keep the day of the one before */
		if (t->as_of[0])
			diag_warning(d, t->path, n->line, n->col,
				     "as-of-unchanged",
				     _("the progress changed but as_of is still "
				       "%s, the day of the report before: set "
				       "it to the day of this one"), t->as_of);
		else
			diag_warning(d, t->path, n->line, n->col,
				     "as-of-unchanged",
				     _("the progress changed but as_of is "
				       "null: set it to the day of this "
				       "report (YYYY-MM-DD)"));
	}
}

static void check_task(const struct plan *p, const struct fileset *fs,
		       const struct task *t, struct diag_list *d)
{
	const struct ynode *n;
	int fid = task_path_id(t->path);

	if (fid >= 0 && fid != t->id) {
		n = at(t->doc, "id");
		diag_error(d, t->path, n->line, n->col, "id-mismatch",
			   _("id %d does not match the file name (expected id: "
			   "%d, or rename the file)"), t->id, fid);
	}
	if (p->categories.n && plan_category(p, t->category) < 0) {
		struct sbuf b = { 0 };
		size_t i;

		for (i = 0; i < p->categories.n; i++)
			sbuf_printf(&b, "%s%s", i ? ", " : "",
				    p->categories.v[i]);
		n = at(t->doc, "category");
		diag_error(d, t->path, n->line, n->col, "unknown-category",
			   _("unknown category '%s' (plan.yaml lists: %s)"),
			   t->category, b.s);
		sbuf_release(&b);
	}
	check_unit_refs(p, fs, t, "lead", d);
	check_unit_refs(p, fs, t, "cooperate", d);
	check_unit_refs(p, fs, t, "implement", d);
	n = at(t->doc, "status");
	if (t->status == STATUS_DONE && t->progress != 100)
		diag_error(d, t->path, n->line, n->col, "status-progress",
			   _("status is done but progress is %d: set progress: "
			   "100, or choose another status"), t->progress);
	else if (t->status != STATUS_DONE && t->progress == 100)
		diag_error(d, t->path, at(t->doc, "progress")->line,
			   at(t->doc, "progress")->col, "status-progress",
			   _("progress is 100 but status is %s: set status: done"),
			   status_name(t->status));
	else if (t->status == STATUS_NOT_STARTED && t->progress != 0)
		diag_error(d, t->path, n->line, n->col, "status-progress",
			   _("status is not_started but progress is %d: set "
			   "status: in_progress, or progress: 0"), t->progress);
	check_suspicious(p, t, d);
}

static void check_unit(const struct plan *p, const struct unit *u,
		       struct diag_list *d)
{
	const struct ynode *n = at(u->doc, "id");
	size_t i, len = strlen(u->path);

	if (strncmp(u->path + 6, u->id, len - 11) || strlen(u->id) !=
	    len - 11)
		diag_error(d, u->path, n->line, n->col, "id-mismatch",
			   _("id '%s' does not match the file name (expected "
			   "id: %.*s)"), u->id, (int)(len - 11), u->path + 6);
	n = ynode_get(u->doc, "members");
	if (u->kind == UNIT_GROUP && !u->members.n)
		diag_error(d, u->path, at(u->doc, "kind")->line,
			   at(u->doc, "kind")->col, "group-members",
			   _("a group needs 'members': the ids of the units it "
			   "stands for"));
	if (u->kind != UNIT_GROUP && n)
		diag_error(d, u->path, ynode_key(u->doc, "members")->line,
			   ynode_key(u->doc, "members")->col, "group-members",
			   _("only a unit of kind group has members"));
	for (i = 0; n && n->kind == YNODE_SEQ && i < n->n; i++) {
		const char *m = ynode_str(n->kids[i]);
		const struct unit *mu = m ? plan_unit(p, m) : NULL;

		if (m && !mu)
			diag_error(d, u->path, n->kids[i]->line,
				   n->kids[i]->col, "unknown-unit",
				   _("unknown unit '%s' in members"), m);
		else if (mu && mu->kind == UNIT_GROUP)
			diag_error(d, u->path, n->kids[i]->line,
				   n->kids[i]->col, "group-members",
				   _("member '%s' is itself a group; list its "
				   "members instead"), m);
	}
}

/* a name or alias must point to one unit only */
struct unit_name {
	const char *s;
	const struct unit *u;
	const struct ynode *at;		/* where it is written */
};

static int cmp_unit_name(const void *a, const void *b)
{
	const struct unit_name *x = a, *y = b;
	int c = strcmp(x->s, y->s);

	return c ? c : strcmp(x->u->id, y->u->id);
}

static void check_aliases(const struct plan *p, struct diag_list *d)
{
	struct unit_name *v = NULL;
	size_t n = 0, cap = 0, i, j;

	for (i = 0; i < p->n_units; i++) {
		const struct unit *u = p->units[i];
		const struct ynode *al = ynode_get(u->doc, "aliases");

		XGROW(v, cap, n + 1 + u->aliases.n);
		v[n].s = u->name;
		v[n].at = at(u->doc, "name");
		v[n++].u = u;
		for (j = 0; j < u->aliases.n; j++) {
			v[n].s = u->aliases.v[j];
			/* the schema made every alias a string: same order */
			v[n].at = al && al->kind == YNODE_SEQ && j < al->n ?
				  al->kids[j] : u->doc;
			v[n++].u = u;
		}
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_unit_name);
	for (i = 1; i < n; i++)
		if (v[i].u != v[i - 1].u && !strcmp(v[i].s, v[i - 1].s))
			diag_error(d, v[i].u->path, v[i].at->line, v[i].at->col,
				   "ambiguous-name", _("name '%s' is also used "
				   "by %s; a name or alias must stand for one "
				   "unit only"), v[i].s, v[i - 1].u->path);
	free(v);
}

/*
 * The task and unit files are independent until the cross-file rules, so
 * they are parsed and checked by a few threads, each taking every k-th
 * file; every file has its own findings list, merged in file order after,
 * so the result is the same as one thread's.  A small plan stays on one
 * thread: starting threads costs more than its files.
 */
enum { LOAD_NONE, LOAD_TASK, LOAD_UNIT };

#define LOAD_MIN_FILES 256	/* fewer files: one thread */

struct load_job {
	const struct fileset *fs;
	const struct schemas *s;
	const struct plan *ctx;		/* tasks are checked against it as
					 * they load, when not NULL */
	size_t todo;			/* files to load */
	unsigned char *what;		/* LOAD_ per file */
	void **rec;			/* the task or unit loaded, or NULL */
	struct diag_list *d;		/* findings per file */
};

/* load file i of the job, if it is one to load (parallel_each's fn) */
static void load_one(void *arg, size_t i)
{
	struct load_job *j = arg;
	const struct file_entry *e = &j->fs->v[i];

	if (j->what[i] == LOAD_TASK) {
		struct task *t;

		if (!task_load(&t, e->path, e->data, e->len, j->s->task,
			       &j->d[i])) {
			j->rec[i] = t;
			if (j->ctx)
				check_task(j->ctx, j->fs, t, &j->d[i]);
		}
	} else if (j->what[i] == LOAD_UNIT) {
		struct unit *u;

		if (!unit_load(&u, e->path, e->data, e->len, j->s->unit,
			       &j->d[i]))
			j->rec[i] = u;
	}
}

/*
 * The task files (tasks set) or the unit files of fs into p: each file's
 * own findings, and the ids used twice.  Tasks are checked against ctx
 * (a plan whose units are loaded) as they load, in the loading threads.
 */
static void load_records(struct plan *p, const struct fileset *fs,
			 const struct schemas *s, struct diag_list *d,
			 int tasks, const struct plan *ctx)
{
	size_t i, cap_t = 0, cap_u = 0;
	const struct file_entry *e;
	struct load_job job = { 0 };
	const char *dir = tasks ? "tasks" : "units";

	job.fs = fs;
	job.s = s;
	job.ctx = ctx;
	job.what = xcalloc(fs->n ? fs->n : 1, sizeof(*job.what));
	job.rec = xcalloc(fs->n ? fs->n : 1, sizeof(*job.rec));
	job.d = xcalloc(fs->n ? fs->n : 1, sizeof(*job.d));
	for (i = 0; i < fs->n; i++) {
		const char *base;
		struct diag_list *fd = &job.d[i];

		e = &fs->v[i];
		if (strncmp(e->path, dir, 5) ||
		    (e->path[5] && e->path[5] != '/'))
			continue;
		if (!e->path[5]) {
			/* read as a directory, its files would not be seen */
			if (e->kind != FILE_DIRECTORY)
				diag_error(fd, e->path, 0, 0, "file-kind",
					   e->path[0] == 't' ?
					   _("'%s' %s; it must be a directory "
					     "of the repository holding the "
					     "task files") :
					   _("'%s' %s; it must be a directory "
					     "of the repository holding the "
					     "unit files"),
					   e->path, dir_problem(e->kind));
			continue;
		}
		if (!strncmp(e->path, "tasks/", 6)) {
			base = e->path + 6;
			if (base[0] == '.' && e->kind == FILE_REGULAR)
				continue;
			if (task_path_id(e->path) < 0) {
				diag_error(fd, e->path, 0, 0, "file-name",
					   _("'%s' is not a task file name: tasks/ "
					   "holds only files named after the task "
					   "number, e.g. 07.yaml"), base);
				continue;
			}
			if (!canonical_name(e->path, task_path_id(e->path)))
				/* still loaded: its id is checked as well */
				diag_error(fd, e->path, 0, 0, "file-name",
					   _("'%s' is not a task file name: the "
					   "file of task %d is named %02d.yaml "
					   "(two digits at least, no more "
					   "zeros)"),
					   base, task_path_id(e->path),
					   task_path_id(e->path));
			if (entry_ok(e, fd)) {
				job.what[i] = LOAD_TASK;
				job.todo++;
			}
		} else if (!strncmp(e->path, "units/", 6)) {
			base = e->path + 6;
			if (base[0] == '.' && e->kind == FILE_REGULAR)
				continue;
			if (!unit_name_ok(e->path)) {
				diag_error(fd, e->path, 0, 0, "file-name",
					   _("'%s' is not a unit file name: units/ "
					   "holds only files named <id>.yaml, the "
					   "id in lowercase letters, digits and "
					   "'-'"), base);
				continue;
			}
			if (entry_ok(e, fd)) {
				job.what[i] = LOAD_UNIT;
				job.todo++;
			}
		}
	}
	parallel_each(fs->n, job.todo >= LOAD_MIN_FILES, load_one, &job);
	for (i = 0; i < fs->n; i++) {
		if (job.what[i] == LOAD_TASK && job.rec[i]) {
			XGROW(p->tasks, cap_t, p->n_tasks + 1);
			p->tasks[p->n_tasks++] = job.rec[i];
		} else if (job.what[i] == LOAD_UNIT && job.rec[i]) {
			XGROW(p->units, cap_u, p->n_units + 1);
			p->units[p->n_units++] = job.rec[i];
		}
		diag_move(d, &job.d[i]);
	}
	free(job.what);
	free(job.rec);
	free(job.d);
	if (tasks && p->n_tasks > 1)
		qsort(p->tasks, p->n_tasks, sizeof(*p->tasks), cmp_task);
	if (!tasks && p->n_units > 1)
		qsort(p->units, p->n_units, sizeof(*p->units), cmp_unit);
	for (i = 1; tasks && i < p->n_tasks; i++) {
		const struct task *t = p->tasks[i];

		if (t->id == p->tasks[i - 1]->id) {
			const struct ynode *n = at(t->doc, "id");

			diag_error(d, t->path, n->line, n->col, "duplicate-id",
				   _("task id %d is also used by %s; each task "
				   "needs its own number"), t->id,
				   p->tasks[i - 1]->path);
		}
	}
	for (i = 1; !tasks && i < p->n_units; i++) {
		const struct unit *u = p->units[i];

		if (!strcmp(u->id, p->units[i - 1]->id))
			diag_error(d, u->path, at(u->doc, "id")->line,
				   at(u->doc, "id")->col, "duplicate-id",
				   _("unit id '%s' is also used by %s"), u->id,
				   p->units[i - 1]->path);
	}
}

/* a key one unit lists */
struct listed_key {
	const struct unit *u;
	const struct unit_key *k;
};

static int cmp_listed_key(const void *a, const void *b)
{
	const struct listed_key *x = a, *y = b;
	int c = strcmp(x->k->key, y->k->key);

	if (c)
		return c;
	c = strcmp(x->u->id, y->u->id);
	return c ? c : (x->k > y->k) - (x->k < y->k);
}

/*
 * Every signing key is a public key verified here, and belongs to one
 * address: the audit names the signer by it (docs/audit.md).
 */
static void check_keys(const struct plan *p, struct diag_list *d)
{
	struct listed_key *v = NULL;
	size_t n = 0, cap = 0, i, j;

	for (i = 0; i < p->n_units; i++) {
		const struct unit *u = p->units[i];

		for (j = 0; j < u->n_keys; j++) {
			const struct unit_key *k = &u->keys[j];

			if (!k->key) {
				diag_error(d, u->path, k->at->line, k->at->col,
					   "signing-key", _("not a signing key "
					   "this tool verifies (%s): write the "
					   "address, a space, then the line of "
					   "the person's .pub file, as in git's "
					   "allowed-signers file"), _(k->why));
				continue;
			}
			XGROW(v, cap, n + 1);
			v[n].u = u;
			v[n++].k = k;
		}
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_listed_key);
	for (i = 1; i < n; i++) {
		const struct listed_key *a = &v[i - 1], *b = &v[i];

		if (strcmp(a->k->key, b->k->key))
			continue;
		diag_error(d, b->u->path, b->k->at->line, b->k->at->col,
			   "signing-key", _("this key is listed also for %s "
			   "in %s: a key belongs to one person, list it "
			   "once"), a->k->address, a->u->path);
	}
	free(v);
}

int plan_load(struct plan **out, const struct fileset *fs,
	      const struct schemas *s, struct diag_list *d)
{
	struct plan *p = xcalloc(1, sizeof(*p));
	const struct file_entry *e;
	struct ynode *doc;
	size_t i;

	*out = NULL;
	e = fileset_find(fs, "plan.yaml");
	if (!e)
		diag_error(d, "plan.yaml", 0, 0, "missing", _("plan.yaml is "
			   "missing: it names the plan, its year and its "
			   "categories"));
	else if (entry_ok(e, d) && !load_doc(&doc, e->path, e->data, e->len,
					     s->plan, d)) {
		const struct ynode *founding = ynode_get(doc, "founding");

		p->doc = doc;
		p->title = str_or_empty(ynode_get(doc, "title"));
		p->year = (int)number_or(ynode_get(doc, "year"), 0, NULL);
		list_of(&p->categories, ynode_get(doc, "categories"));
		if (ynode_str(founding))
			p->founding = xstrdup(founding->text);
		if (ynode_str(ynode_get(doc, "language")))
			p->language = xstrdup(ynode_get(doc, "language")->text);
		p->signatures_required = ynode_str(ynode_get(doc,
			"signatures")) && !strcmp(ynode_get(doc,
			"signatures")->text, "required");
	}
	load_records(p, fs, s, d, 0, NULL);
	load_records(p, fs, s, d, 1, p);
	for (i = 0; i < p->n_units; i++)
		check_unit(p, p->units[i], d);
	check_aliases(p, d);
	check_keys(p, d);
	*out = p;
	return 0;
}

int plan_load_tasks(struct plan **out, const struct plan *base,
		    const struct fileset *fs, const struct schemas *s,
		    struct diag_list *d)
{
	struct plan *p = xcalloc(1, sizeof(*p));

	load_records(p, fs, s, d, 1, base);
	*out = p;
	return 0;
}

void plan_free(struct plan *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n_tasks; i++)
		task_free(p->tasks[i]);
	free(p->tasks);
	for (i = 0; i < p->n_units; i++)
		unit_free(p->units[i]);
	free(p->units);
	free(p->title);
	free(p->founding);
	free(p->language);
	strlist_release(&p->categories);
	ynode_free(p->doc);
	free(p);
}
