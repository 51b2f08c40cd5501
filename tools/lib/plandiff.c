/*
 * plandiff: see plandiff.h.  The two versions are two whole plans
 * (source.c), or the two files git hands an external diff.
 */
#include "plandiff.h"
#include "i18n.h"
#include "logfmt.h"
#include "source.h"

#include <stdlib.h>
#include <string.h>

struct diff_state {
	FILE *out;
	int json, color;
	const int *tasks;
	size_t n_tasks;
	const struct plan *a, *b;
	char group[96];		/* the record being shown: "task 18" */
	size_t n;
};

static const struct task *task_by_path(const struct plan *p, const char *path)
{
	size_t i;

	for (i = 0; p && path && i < p->n_tasks; i++)
		if (!strcmp(p->tasks[i]->path, path))
			return p->tasks[i];
	return NULL;
}

/* one "  field: value" line of a described record */
static int describe_line(const struct change *c, void *payload)
{
	struct diff_state *s = payload;
	struct sbuf b = { 0 };

	sbuf_printf(&b, "  %s: ", logfmt_short_field(c));
	logfmt_value(&b, c, c->new_value);
	sbuf_addc(&b, '\n');
	fputs(b.s, s->out);
	sbuf_release(&b);
	return 0;
}

/*
 * The heading of the record c belongs to, when it starts a new one: the
 * task, unit or plan file, and whether it was added, removed or renamed
 * (then c, the change that says so, is the heading itself: 1 is
 * returned).  An added or removed record is described field by field.
 */
static int diff_heading(struct diff_state *s, const struct change *c)
{
	const char *op = c->old_path, *np = c->new_path;
	const char *what = !op ? _("added") : !np ? _("removed") : NULL;
	int whole = !strcmp(c->field, "task") ||
		    (c->unit_id && !strcmp(logfmt_short_field(c), "unit"));
	char group[96];
	struct sbuf b = { 0 };

	if (c->task_id)
		snprintf(group, sizeof(group), _("task %d"), c->task_id);
	else if (c->unit_id)
		snprintf(group, sizeof(group), _("unit %s"), c->unit_id);
	else
		snprintf(group, sizeof(group), "%s", _("plan"));
	if (!strcmp(group, s->group))
		return 0;
	snprintf(s->group, sizeof(s->group), "%s", group);
	sbuf_printf(&b, "%s%s (", s->color ? LOGFMT_BOLD : "", group);
	if (whole && op && np)
		sbuf_printf(&b, "%s → %s)", op, np);
	else
		sbuf_printf(&b, "%s)", op ? op : np ? np : "plan.yaml");
	if (whole && what)
		sbuf_printf(&b, ": %s", what);
	sbuf_printf(&b, "%s\n", s->color ? LOGFMT_RESET : "");
	fputs(b.s, s->out);
	sbuf_release(&b);
	if (!whole || !what)
		return whole;
	if (c->task_id) {
		const struct task *t = np ? task_by_path(s->b, np) :
			task_by_path(s->a, op);

		if (t)
			task_describe(t, describe_line, s);
	} else if (c->unit_id) {
		const struct unit *u = plan_unit(np ? s->b : s->a, c->unit_id);

		if (u)
			unit_describe(u, describe_line, s);
	}
	return 1;
}

static int diff_change(const struct change *c, void *payload)
{
	struct diff_state *s = payload;
	struct sbuf b = { 0 };

	if (s->n_tasks && !logfmt_has_task(s->tasks, s->n_tasks, c->task_id))
		return 0;
	if (s->json) {
		sbuf_adds(&b, s->n ? ",\n  {" : "\n  {");
		logfmt_json_change(&b, c);
		sbuf_adds(&b, "}");
	} else if (!diff_heading(s, c)) {
		sbuf_printf(&b, "  %s: ", logfmt_short_field(c));
		if (logfmt_field_kind(c) == FK_TEXT && c->old_value && c->new_value)
			logfmt_span(&b, c->old_value, c->new_value, s->color);
		else
			logfmt_arrow(&b, c, s->color);
		sbuf_addc(&b, '\n');
	}
	if (b.s)
		fputs(b.s, s->out);
	sbuf_release(&b);
	s->n++;
	return 0;
}

/* one side of a diff, loaded; its findings printed when it is invalid */
static int diff_side(struct plan **out, int *invalid,
		     struct plan_source *src, const char *rev, int staged,
		     const char *label)
{
	struct fileset fs = { 0 };
	struct diag_list d = { 0 };
	int ret = -1;

	*out = NULL;
	if (source_read_at(&fs, src, rev, staged) ||
	    source_load(out, src, &fs, &d))
		goto done;
	if (d.errors) {
		diag_sort(&d);
		fflush(stdout);
		diag_print_text(stderr, &d);
		diag_fail(ngettext("%s: the plan is not valid (%zu error); "
				   "fix it, or compare other versions",
				   "%s: the plan is not valid (%zu errors); "
				   "fix it, or compare other versions",
				   d.errors), label, d.errors);
		*invalid = 1;
	}
	ret = 0;
done:
	diag_release(&d);
	fileset_release(&fs);
	return ret;
}

int diff_run(struct diff_result *res, FILE *out, const struct diff_opts *o)
{
	/* one context, read at two points: the repository opened and the
	 * schemas compiled once */
	struct plan_source src = { .dir = o->dir };
	struct diff_state s = { 0 };
	struct plan *pa = NULL, *pb = NULL;
	const char *la, *lb;
	size_t i;
	int ret = -1, staged = o->staged && !o->rev2;

	memset(res, 0, sizeof(*res));
	la = o->rev1 ? o->rev1 : "HEAD";
	lb = o->rev2 ? o->rev2 : staged ? "index" : "working tree";
	if (diff_side(&pa, &res->invalid, &src, la, 0, la) ||
	    diff_side(&pb, &res->invalid, &src, o->rev2, staged, lb))
		goto done;
	if (res->invalid) {
		ret = 0;
		goto done;
	}
	s.out = out;
	s.json = o->json;
	s.color = o->color;
	s.tasks = o->tasks;
	s.n_tasks = o->n_tasks;
	s.a = pa;
	s.b = pb;
	/* a task in neither version would show nothing, as if unchanged */
	for (i = 0; i < o->n_tasks; i++)
		if (!plan_task(pa, o->tasks[i]) && !plan_task(pb, o->tasks[i])) {
			diag_fail(_("task %d is in neither %s nor %s"),
				  o->tasks[i], la, o->rev2 ? o->rev2 : staged ?
				  _("the index") : _("the working tree"));
			goto done;
		}
	if (o->json) {
		fputs("{\"old\": ", out);
		json_string(out, la);
		fputs(", \"new\": ", out);
		json_string(out, lb);
		fputs(", \"changes\": [", out);
	}
	plan_compare(pa, pb, diff_change, &s);
	if (o->json)
		fputs(s.n ? "\n]}\n" : "]}\n", out);
	res->changes = s.n;
	ret = 0;
done:
	plan_free(pa);
	plan_free(pb);
	source_close(&src);
	return ret;
}

/* ---- git's hooks: external diff and textconv ---- */

/* the three schemas from src->dir/schema/ (src's); NULL after diag_fail */
static const struct schemas *dir_schemas(struct plan_source *src)
{
	struct fileset fs = { 0 };
	struct diag_list d = { 0 };
	const struct schemas *ret;
	size_t i;

	for (i = 0; i < 3; i++) {
		char *full = xasprintf("%s/%s", src->dir,
				       schema_file_paths[i]);
		char *data;
		size_t len;

		if (!read_file(full, &data, &len, YDOC_MAX_SIZE))
			fileset_add(&fs, schema_file_paths[i], FILE_REGULAR,
				    data, len);
		free(full);
	}
	fileset_sort(&fs);
	if (!(ret = source_schemas(src, &fs, &d)))
		diag_fail(_("cannot use the schemas in %s/schema/: run git from "
			     "the top of the plan's work tree"), src->dir);
	diag_release(&d);
	fileset_release(&fs);
	return ret;
}

/* one version of a plan file as a plan holding just that record */
struct single {
	struct plan p;
	struct task *t;
	struct unit *u;
	struct plan *whole;	/* for plan.yaml */
	char *invalid;		/* it does not load: why */
};

static void single_release(struct single *x)
{
	task_free(x->t);
	unit_free(x->u);
	plan_free(x->whole);
	free(x->invalid);
	memset(x, 0, sizeof(*x));
}

/* load file (NULL: absent) as the plan file path */
static int single_load(struct single *x, const struct schemas *sc,
		       const char *path, const char *file)
{
	struct diag_list d = { 0 };
	struct fileset fs = { 0 };
	char *data = NULL;
	size_t len = 0;
	int ret = -1;

	memset(x, 0, sizeof(*x));
	if (!file || !strcmp(file, "/dev/null"))
		return 0;
	if (read_file(file, &data, &len, YDOC_MAX_SIZE)) {
		diag_fail(_("cannot read '%s'"), file);
		return -1;
	}
	if (task_path_id(path) >= 0) {
		if (!task_load(&x->t, path, data, len, sc->task, &d)) {
			x->p.tasks = &x->t;
			x->p.n_tasks = 1;
		}
	} else if (!strncmp(path, "units/", 6)) {
		if (!unit_load(&x->u, path, data, len, sc->unit, &d)) {
			x->p.units = &x->u;
			x->p.n_units = 1;
		}
	} else {
		fileset_add(&fs, "plan.yaml", FILE_REGULAR, data, len);
		data = NULL;
		if (!plan_load(&x->whole, &fs, sc, NULL, &d) && x->whole->doc)
			x->p = *x->whole;
	}
	diag_sort(&d);
	if (d.errors)
		x->invalid = logfmt_invalid_text(&d);
	ret = 0;
	free(data);
	fileset_release(&fs);
	diag_release(&d);
	return ret;
}

int diff_git_external(FILE *out, const char *dir, char *const *args,
		      int n_args, int color)
{
	struct single a, b;
	struct plan_source src = { .dir = dir };
	const struct schemas *sc;
	struct diff_state s = { 0 };
	const char *path = args[0];
	int ret = -1;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if (n_args != 7 && n_args != 9) {
		diag_fail(_("--git-external takes the 7 or 9 arguments git "
			     "passes to an external diff, not %d"), n_args);
		return -1;
	}
	if (!(sc = dir_schemas(&src)) || single_load(&a, sc, path, args[1]) ||
	    single_load(&b, sc, n_args == 9 ? args[7] : path, args[4]))
		goto done;
	s.out = out;
	s.color = color;
	s.a = &a.p;
	s.b = &b.p;
	if (a.invalid || b.invalid) {
		fprintf(out, "%s%s%s\n  %s → %s\n", color ? LOGFMT_BOLD : "", path,
			color ? LOGFMT_RESET : "", a.invalid ? a.invalid : "(valid)",
			b.invalid ? b.invalid : "(valid)");
	} else {
		plan_compare(&a.p, &b.p, diff_change, &s);
		if (!s.n)
			fprintf(out, "%s: no change to the plan's fields "
				"(comments or formatting only)\n", path);
	}
	ret = 0;
done:
	single_release(&a);
	single_release(&b);
	source_close(&src);
	return ret;
}

/* one "field: value" line of textconv */
static int textconv_line(const struct change *c, void *payload)
{
	struct sbuf b = { 0 };

	sbuf_printf(&b, "%s: ", logfmt_short_field(c));
	logfmt_value(&b, c, c->new_value);
	sbuf_addc(&b, '\n');
	fputs(b.s, payload);
	sbuf_release(&b);
	return 0;
}

int diff_textconv(FILE *out, const char *dir, const char *path)
{
	struct plan_source src = { .dir = dir };
	const struct schemas *sc;
	struct diag_list d = { 0 };
	struct ynode *doc = NULL;
	struct single x;
	char *data = NULL;
	const char *as;
	size_t len;
	int ret = -1;

	memset(&x, 0, sizeof(x));
	if (read_file(path, &data, &len, YDOC_MAX_SIZE)) {
		diag_fail(_("cannot read '%s'"), path);
		return -1;
	}
	/* git hands over a temporary file: what it holds tells its kind */
	if (ydoc_load(&doc, path, data, len, &d) || doc->kind != YNODE_MAP)
		as = NULL;
	else if (ynode_get(doc, "indicators"))
		as = "tasks/00.yaml";
	else if (ynode_get(doc, "categories"))
		as = "plan.yaml";
	else if (ynode_get(doc, "kind"))
		as = "units/unit.yaml";
	else
		as = NULL;
	if (as && (sc = dir_schemas(&src)) && !single_load(&x, sc, as, path) &&
	    !x.invalid) {
		if (x.t)
			task_describe(x.t, textconv_line, out);
		else if (x.u)
			unit_describe(x.u, textconv_line, out);
		else
			plan_describe(&x.p, textconv_line, out);
	} else {
		fwrite(data, 1, len, out);
	}
	ret = 0;
	ynode_free(doc);
	diag_release(&d);
	single_release(&x);
	source_close(&src);
	free(data);
	return ret;
}
