/*
 * model_plan: the whole plan: its lookups, and every file loaded (on all
 * cores) into records and findings.  See model.c.
 */
#include "model_impl.h"
#include "i18n.h"
#include "parallel.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	const struct task_reader *rd;	/* reads the task files, or NULL */
	struct file_entry *drop;	/* fs's entries, whose task files'
					 * bytes go once parsed; or NULL */
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
		int err = j->rd ? j->rd->read(j->rd->arg, &t, e, j->s->task,
					      &j->d[i]) :
			task_load(&t, e->path, e->data, e->len, j->s->task,
				  &j->d[i]);

		if (!err) {
			j->rec[i] = t;
			if (j->ctx)
				model_check_task(j->ctx, j->fs, t, &j->d[i]);
		}
		if (j->drop) {
			free(j->drop[i].data);
			j->drop[i].data = NULL;
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
			 int tasks, const struct plan *ctx,
			 const struct task_reader *rd, struct file_entry *drop)
{
	size_t i, cap_t = 0, cap_u = 0;
	const struct file_entry *e;
	struct load_job job = { 0 };
	const char *dir = tasks ? "tasks" : "units";

	job.fs = fs;
	job.s = s;
	job.ctx = ctx;
	job.rd = rd;
	job.drop = drop;
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
					   e->path, model_dir_problem(e->kind));
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
			if (!model_canonical_name(e->path,
						  task_path_id(e->path)))
				/* still loaded: its id is checked as well */
				diag_error(fd, e->path, 0, 0, "file-name",
					   _("'%s' is not a task file name: the "
					   "file of task %d is named %02d.yaml "
					   "(two digits at least, no more "
					   "zeros)"),
					   base, task_path_id(e->path),
					   task_path_id(e->path));
			if (model_entry_ok(e, fd)) {
				job.what[i] = LOAD_TASK;
				job.todo++;
			}
		} else if (!strncmp(e->path, "units/", 6)) {
			base = e->path + 6;
			if (base[0] == '.' && e->kind == FILE_REGULAR)
				continue;
			if (!model_unit_name_ok(e->path)) {
				diag_error(fd, e->path, 0, 0, "file-name",
					   _("'%s' is not a unit file name: units/ "
					   "holds only files named <id>.yaml, the "
					   "id in lowercase letters, digits and "
					   "'-'"), base);
				continue;
			}
			if (model_entry_ok(e, fd)) {
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
		qsort(p->tasks, p->n_tasks, sizeof(*p->tasks), model_cmp_task);
	if (!tasks && p->n_units > 1)
		qsort(p->units, p->n_units, sizeof(*p->units), model_cmp_unit);
	for (i = 1; tasks && i < p->n_tasks; i++) {
		const struct task *t = p->tasks[i];

		if (t->id == p->tasks[i - 1]->id) {
			const struct field_pos *n = task_at(t, "id");

			diag_error(d, t->path, n->line, n->col, "duplicate-id",
				   _("task id %d is also used by %s; each task "
				   "needs its own number"), t->id,
				   p->tasks[i - 1]->path);
		}
	}
	for (i = 1; !tasks && i < p->n_units; i++) {
		const struct unit *u = p->units[i];

		if (!strcmp(u->id, p->units[i - 1]->id))
			diag_error(d, u->path, model_field(u->doc, "id")->line,
				   model_field(u->doc, "id")->col,
				   "duplicate-id",
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

/* plan_load, dropping the task files' bytes from drop (fs's entries) */
static int load_plan(struct plan **out, const struct fileset *fs,
		     struct file_entry *drop, const struct schemas *s,
		     const struct task_reader *rd, struct diag_list *d)
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
	else if (model_entry_ok(e, d) &&
		 !model_load_doc(&doc, e->path, e->data, e->len, s->plan, d)) {
		const struct ynode *founding = ynode_get(doc, "founding");

		p->doc = doc;
		p->title = model_str_or_empty(ynode_get(doc, "title"));
		p->year = (int)model_number_or(ynode_get(doc, "year"), 0, NULL);
		model_list_of(&p->categories, ynode_get(doc, "categories"));
		if (ynode_str(founding))
			p->founding = xstrdup(founding->text);
		if (ynode_str(ynode_get(doc, "language")))
			p->language = xstrdup(ynode_get(doc, "language")->text);
		p->signatures_required = ynode_str(ynode_get(doc,
			"signatures")) && !strcmp(ynode_get(doc,
			"signatures")->text, "required");
	}
	load_records(p, fs, s, d, 0, NULL, NULL, NULL);
	load_records(p, fs, s, d, 1, p, rd, drop);
	for (i = 0; i < p->n_units; i++)
		model_check_unit(p, p->units[i], d);
	model_check_aliases(p, d);
	check_keys(p, d);
	*out = p;
	return 0;
}

int plan_load(struct plan **out, const struct fileset *fs,
	      const struct schemas *s, const struct task_reader *rd,
	      struct diag_list *d)
{
	return load_plan(out, fs, NULL, s, rd, d);
}

int plan_load_dropping(struct plan **out, struct fileset *fs,
		       const struct schemas *s, const struct task_reader *rd,
		       struct diag_list *d)
{
	return load_plan(out, fs, fs->v, s, rd, d);
}

int plan_load_tasks(struct plan **out, const struct plan *base,
		    const struct fileset *fs, const struct schemas *s,
		    const struct task_reader *rd, struct diag_list *d)
{
	struct plan *p = xcalloc(1, sizeof(*p));

	load_records(p, fs, s, d, 1, base, rd, NULL);
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
