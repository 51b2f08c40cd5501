/*
 * model_check: the rules across the plan's files that a schema cannot
 * state (file names, ids, unit references, aliases), over the records.
 * See model.c.
 */
#include "model_impl.h"
#include "i18n.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

const char *model_dir_problem(enum file_kind k)
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
int model_entry_ok(const struct file_entry *e, struct diag_list *d)
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

int model_unit_name_ok(const char *path)
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
int model_canonical_name(const char *path, int id)
{
	char want[32];

	snprintf(want, sizeof(want), "tasks/%02d.yaml", id);
	return !strcmp(path, want);
}

/*
 * By id; of two files with one id, the one named after it comes first, so
 * that the other one is reported.
 */
int model_cmp_task(const void *a, const void *b)
{
	const struct task *x = *(struct task *const *)a;
	const struct task *y = *(struct task *const *)b;
	int cx, cy;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	cx = model_canonical_name(x->path, x->id);
	cy = model_canonical_name(y->path, y->id);
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
int model_cmp_unit(const void *a, const void *b)
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

const struct ynode *model_field(const struct ynode *doc, const char *key)
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
			    const struct strlist *ids, struct diag_list *d)
{
	size_t i, j;

	for (i = 0; i < ids->n; i++) {
		const char *id = ids->v[i];
		const char *best = NULL;
		const struct field_pos *at;
		size_t bd = 3, dist;
		char name[64];

		if (plan_unit(p, id))
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
		snprintf(name, sizeof(name), "units.%s.%zu", list, i);
		at = task_at(t, name);
		if (best)
			diag_error(d, t->path, at->line, at->col,
				   "unknown-unit",
				   _("unknown unit '%s' in units.%s; did you mean "
				   "'%s'?"), id, list, best);
		else
			diag_error(d, t->path, at->line, at->col,
				   "unknown-unit",
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
	const struct field_pos *n = task_at(t, "as_of");
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
	n = task_at(t, "note");
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
		const struct field_pos *n = task_at(t, "as_of");

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

void model_check_task(const struct plan *p, const struct fileset *fs,
		      const struct task *t, struct diag_list *d)
{
	const struct field_pos *n;
	int fid = task_path_id(t->path);

	if (fid >= 0 && fid != t->id) {
		n = task_at(t, "id");
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
		n = task_at(t, "category");
		diag_error(d, t->path, n->line, n->col, "unknown-category",
			   _("unknown category '%s' (plan.yaml lists: %s)"),
			   t->category, b.s);
		sbuf_release(&b);
	}
	check_unit_refs(p, fs, t, "lead", &t->lead, d);
	check_unit_refs(p, fs, t, "cooperate", &t->cooperate, d);
	check_unit_refs(p, fs, t, "implement", &t->implement, d);
	n = task_at(t, "status");
	if (t->status == STATUS_DONE && t->progress != 100)
		diag_error(d, t->path, n->line, n->col, "status-progress",
			   _("status is done but progress is %d: set progress: "
			   "100, or choose another status"), t->progress);
	else if (t->status != STATUS_DONE && t->progress == 100)
		diag_error(d, t->path, task_at(t, "progress")->line,
			   task_at(t, "progress")->col,
			   "status-progress",
			   _("progress is 100 but status is %s: set status: done"),
			   status_name(t->status));
	else if (t->status == STATUS_NOT_STARTED && t->progress != 0)
		diag_error(d, t->path, n->line, n->col, "status-progress",
			   _("status is not_started but progress is %d: set "
			   "status: in_progress, or progress: 0"), t->progress);
	check_suspicious(p, t, d);
}

void model_check_unit(const struct plan *p, const struct unit *u,
		      struct diag_list *d)
{
	const struct ynode *n = model_field(u->doc, "id");
	size_t i, len = strlen(u->path);

	if (strncmp(u->path + 6, u->id, len - 11) || strlen(u->id) !=
	    len - 11)
		diag_error(d, u->path, n->line, n->col, "id-mismatch",
			   _("id '%s' does not match the file name (expected "
			   "id: %.*s)"), u->id, (int)(len - 11), u->path + 6);
	n = ynode_get(u->doc, "members");
	if (u->kind == UNIT_GROUP && !u->members.n)
		diag_error(d, u->path, model_field(u->doc, "kind")->line,
			   model_field(u->doc, "kind")->col, "group-members",
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

void model_check_aliases(const struct plan *p, struct diag_list *d)
{
	struct unit_name *v = NULL;
	size_t n = 0, cap = 0, i, j;

	for (i = 0; i < p->n_units; i++) {
		const struct unit *u = p->units[i];
		const struct ynode *al = ynode_get(u->doc, "aliases");

		XGROW(v, cap, n + 1 + u->aliases.n);
		v[n].s = u->name;
		v[n].at = model_field(u->doc, "name");
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
