/*
 * compare: see compare.h.  Two loaded records are compared field by field,
 * so whatever the loader does not keep (comments, quoting, indentation,
 * key order) can never show up as a change.  Every value is turned into
 * text once, here, so that diff, log, audit and summary print the same
 * thing for the same change.
 */
#include "compare.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* what every change of one record shares */
struct cmp {
	change_fn fn;
	void *payload;
	struct change c;
	int all;	/* describe: every field, from absent to its value */
};

static int same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

/* call fn when the two values differ */
static int emit(struct cmp *k, const char *field, const char *old_value,
		const char *new_value, enum change_class cls)
{
	if (k->all)
		old_value = NULL;
	else if (same(old_value, new_value))
		return 0;
	k->c.field = field;
	k->c.old_value = old_value;
	k->c.new_value = new_value;
	k->c.cls = cls;
	return k->fn(&k->c, k->payload);
}

/* as emit, the field name built from a format and freed afterwards */
static int emitf(struct cmp *k, const char *old_value, const char *new_value,
		 enum change_class cls, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int emitf(struct cmp *k, const char *old_value, const char *new_value,
		 enum change_class cls, const char *fmt, ...)
{
	struct sbuf b = { 0 };
	va_list ap;
	int ret;

	if (!k->all && same(old_value, new_value))
		return 0;
	va_start(ap, fmt);
	sbuf_vprintf(&b, fmt, ap);
	va_end(ap);
	ret = emit(k, b.s, old_value, new_value, cls);
	sbuf_release(&b);
	return ret;
}

char *compare_number(double v)
{
	return xasprintf("%.15g", v);
}

char *compare_list(const struct strlist *l)
{
	struct sbuf b = { 0 };
	size_t i;

	sbuf_adds(&b, "");
	for (i = 0; i < l->n; i++) {
		if (i)
			sbuf_adds(&b, ", ");
		sbuf_adds(&b, l->v[i]);
	}
	return sbuf_take(&b);
}

/* "OP TARGET UNIT", an indicator added or removed whole */
static char *compare_indicator(const struct indicator *in)
{
	char *target = compare_number(in->target);
	char *s;

	s = xasprintf("%s %s %s", op_name(in->op), target, in->unit);
	free(target);
	return s;
}

static int same_list(const struct strlist *a, const struct strlist *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n && !strcmp(a->v[i], b->v[i]); i++)
		;
	return i == a->n;
}

/* as emit, for two lists (equal ones are not joined into text at all) */
static int emit_list(struct cmp *k, const char *field,
		     const struct strlist *a, const struct strlist *b)
{
	char *x, *y;
	int ret;

	if (!k->all && same_list(a, b))
		return 0;
	x = compare_list(a);
	y = compare_list(b);
	ret = emit(k, field, x, y, CHANGE_PLAN);

	free(x);
	free(y);
	return ret;
}

/*
 * as emitf, for two numbers (either may be absent: NULL).  Most are the
 * same, and formatting a double costs more than the rest of a comparison:
 * equal ones (bit for bit, so -0 and 0 still differ as text) are not
 * formatted.
 */
static int emit_num(struct cmp *k, const double *a, const double *b,
		    enum change_class cls, const char *name, const char *what)
{
	char *x, *y;
	int ret;

	if (!k->all && (a && b ? !memcmp(a, b, sizeof(*a)) : a == b))
		return 0;
	x = a ? compare_number(*a) : NULL;
	y = b ? compare_number(*b) : NULL;
	ret = emitf(k, x, y, cls, "indicators.%s.%s", name, what);

	free(x);
	free(y);
	return ret;
}

/* one indicator present on both sides */
static int indicator_pair(struct cmp *k, const struct indicator *a,
			  const struct indicator *b)
{
	int ret;

	if ((ret = emit_num(k, &a->target, &b->target, CHANGE_PLAN, a->name,
			    "target")))
		return ret;
	if ((ret = emitf(k, op_name(a->op), op_name(b->op), CHANGE_PLAN,
			 "indicators.%s.op", a->name)))
		return ret;
	if ((ret = emitf(k, a->unit, b->unit, CHANGE_PLAN,
			 "indicators.%s.unit", a->name)))
		return ret;
	return emit_num(k, a->has_actual ? &a->actual : NULL,
			b->has_actual ? &b->actual : NULL, CHANGE_PROGRESS,
			a->name, "actual");
}

/* one indicator on one side only (a or b NULL) */
static int indicator_one(struct cmp *k, const struct indicator *a,
			 const struct indicator *b)
{
	char *x = a ? compare_indicator(a) : NULL;
	char *y = b ? compare_indicator(b) : NULL;
	int ret = emitf(k, x, y, CHANGE_PLAN, "indicators.%s",
			(a ? a : b)->name);

	free(x);
	free(y);
	return ret;
}

static int cmp_indicator_name(const void *x, const void *y)
{
	const struct indicator *a = *(const struct indicator *const *)x;
	const struct indicator *b = *(const struct indicator *const *)y;
	int c = strcmp(a->name, b->name);

	/* a stable order for repeated names too */
	return c ? c : a < b ? -1 : a > b;
}

/* every indicator of t, sorted by name, so their order in the file is no
 * part of the description */
static int indicators_by_name(struct cmp *k, const struct task *t)
{
	const struct indicator **v = xcalloc(t->n_indicators + 1, sizeof(*v));
	size_t i;
	int ret = 0;

	for (i = 0; i < t->n_indicators; i++)
		v[i] = &t->indicators[i];
	qsort(v, t->n_indicators, sizeof(*v), cmp_indicator_name);
	for (i = 0; i < t->n_indicators && !ret; i++)
		ret = indicator_pair(k, v[i], v[i]);
	free(v);
	return ret;
}

/*
 * Indicators are matched by name; the k-th indicator of a name on one side
 * goes with the k-th of that name on the other, so that even a repeated
 * name (which the schema does not forbid) pairs up stably.  Removed ones
 * come first, in a's order, then the added ones in b's order.
 */
static int indicators(struct cmp *k, const struct task *a,
		      const struct task *b)
{
	char *used = xcalloc(b->n_indicators + 1, 1);
	size_t i, j;
	int ret = 0;

	if (k->all) {
		free(used);
		return indicators_by_name(k, a);
	}
	for (i = 0; i < a->n_indicators && !ret; i++) {
		for (j = 0; j < b->n_indicators; j++)
			if (!used[j] && !strcmp(a->indicators[i].name,
						b->indicators[j].name))
				break;
		if (j < b->n_indicators) {
			used[j] = 1;
			ret = indicator_pair(k, &a->indicators[i],
					     &b->indicators[j]);
		} else {
			ret = indicator_one(k, &a->indicators[i], NULL);
		}
	}
	for (j = 0; j < b->n_indicators && !ret; j++)
		if (!used[j])
			ret = indicator_one(k, NULL, &b->indicators[j]);
	free(used);
	return ret;
}

/* the fields of two versions of one task, in docs/format.md's order */
static int task_fields(struct cmp *k, const struct task *a,
		       const struct task *b)
{
	char x[16], y[16];
	int ret;

	snprintf(x, sizeof(x), "%d", a->id);
	snprintf(y, sizeof(y), "%d", b->id);
	if ((ret = emit(k, "id", x, y, CHANGE_PLAN)) ||
	    (ret = emit(k, "category", a->category, b->category,
			CHANGE_PLAN)) ||
	    (ret = emit(k, "content", a->content, b->content, CHANGE_PLAN)) ||
	    (ret = emit(k, "target", a->target, b->target, CHANGE_PLAN)) ||
	    (ret = emit(k, "units.text", a->units_text, b->units_text,
			CHANGE_PLAN)) ||
	    (ret = emit_list(k, "units.lead", &a->lead, &b->lead)) ||
	    (ret = emit_list(k, "units.cooperate", &a->cooperate,
			     &b->cooperate)) ||
	    (ret = emit_list(k, "units.implement", &a->implement,
			     &b->implement)) ||
	    (ret = indicators(k, a, b)) ||
	    (ret = emit(k, "deadline", a->deadline, b->deadline,
			CHANGE_PLAN)) ||
	    (ret = emit(k, "status", status_name(a->status),
			status_name(b->status), CHANGE_PROGRESS)))
		return ret;
	snprintf(x, sizeof(x), "%d", a->progress);
	snprintf(y, sizeof(y), "%d", b->progress);
	if ((ret = emit(k, "progress", x, y, CHANGE_PROGRESS)) ||
	    (ret = emit(k, "as_of", a->as_of[0] ? a->as_of : NULL,
			b->as_of[0] ? b->as_of : NULL, CHANGE_PROGRESS)))
		return ret;
	return emit(k, "note", a->note, b->note, CHANGE_PROGRESS);
}

int task_describe(const struct task *t, change_fn fn, void *payload)
{
	struct cmp k = { fn, payload, { 0 }, 1 };

	k.c.task_id = t->id;
	k.c.new_path = t->path;
	return task_fields(&k, t, t);
}

int task_compare(const struct task *a, const struct task *b, change_fn fn,
		 void *payload)
{
	struct cmp k = { fn, payload, { 0 }, 0 };
	int ret;

	if (!a && !b)
		return 0;
	k.c.task_id = a ? a->id : b->id;
	k.c.old_path = a ? a->path : NULL;
	k.c.new_path = b ? b->path : NULL;
	if (!a || !b || strcmp(a->path, b->path))
		if ((ret = emit(&k, "task", a ? a->path : NULL,
				b ? b->path : NULL, CHANGE_PLAN)))
			return ret;
	if (!a || !b)
		return 0;
	return task_fields(&k, a, b);
}

/* as emit_list, for a list of unit id */
static int unit_list(struct cmp *k, const char *id, const char *what,
		     const struct strlist *a, const struct strlist *b)
{
	char *x = compare_list(a), *y = compare_list(b);
	int ret = emitf(k, x, y, CHANGE_PLAN, "unit.%s.%s", id, what);

	free(x);
	free(y);
	return ret;
}

/* the fields of two versions of one unit, in docs/format.md's order */
static int unit_fields(struct cmp *k, const struct unit *a,
		       const struct unit *b)
{
	const char *id = a->id;
	int ret;

	if ((ret = emitf(k, a->name, b->name, CHANGE_PLAN, "unit.%s.name",
			 id)) ||
	    (ret = unit_list(k, id, "aliases", &a->aliases, &b->aliases)) ||
	    (ret = emitf(k, unit_kind_name(a->kind), unit_kind_name(b->kind),
			 CHANGE_PLAN, "unit.%s.kind", id)) ||
	    (ret = unit_list(k, id, "members", &a->members, &b->members)) ||
	    (ret = unit_list(k, id, "committers", &a->committers,
			     &b->committers)))
		return ret;
	return emitf(k, a->admin ? "true" : "false",
		     b->admin ? "true" : "false", CHANGE_PLAN,
		     "unit.%s.admin", id);
}

int unit_compare(const struct unit *a, const struct unit *b, change_fn fn,
		 void *payload)
{
	struct cmp k = { fn, payload, { 0 }, 0 };
	const char *id;
	int ret;

	if (!a && !b)
		return 0;
	id = a ? a->id : b->id;
	k.c.unit_id = id;
	k.c.old_path = a ? a->path : NULL;
	k.c.new_path = b ? b->path : NULL;
	if (!a || !b || strcmp(a->path, b->path))
		if ((ret = emitf(&k, a ? a->path : NULL, b ? b->path : NULL,
				 CHANGE_PLAN, "unit.%s", id)))
			return ret;
	if (!a || !b)
		return 0;
	return unit_fields(&k, a, b);
}

int unit_describe(const struct unit *u, change_fn fn, void *payload)
{
	struct cmp k = { fn, payload, { 0 }, 1 };

	k.c.unit_id = u->id;
	k.c.new_path = u->path;
	return unit_fields(&k, u, u);
}

/* plan.yaml's own fields (either side may have none: a NULL doc) */
static int plan_fields(const struct plan *a, const struct plan *b,
		       change_fn fn, void *payload, int all)
{
	struct cmp k = { fn, payload, { 0 }, all };
	char x[16], y[16], *lx, *ly;
	int ret;

	k.c.old_path = a->doc ? "plan.yaml" : NULL;
	k.c.new_path = b->doc ? "plan.yaml" : NULL;
	if ((ret = emit(&k, "plan.title", a->doc ? a->title : NULL,
			b->doc ? b->title : NULL, CHANGE_PLAN)))
		return ret;
	snprintf(x, sizeof(x), "%d", a->year);
	snprintf(y, sizeof(y), "%d", b->year);
	if ((ret = emit(&k, "plan.year", a->doc ? x : NULL, b->doc ? y : NULL,
			CHANGE_PLAN)))
		return ret;
	lx = a->doc ? compare_list(&a->categories) : NULL;
	ly = b->doc ? compare_list(&b->categories) : NULL;
	ret = emit(&k, "plan.categories", lx, ly, CHANGE_PLAN);
	free(lx);
	free(ly);
	if (ret)
		return ret;
	return emit(&k, "plan.founding", a->founding, b->founding,
		    CHANGE_PLAN);
}

/*
 * The tasks of one id: ni in a from i, nj in b from j.  One on each side
 * is the same task (renamed when the paths differ).  Several can only
 * come from an invalid plan: they are matched by path, the others are
 * added or removed.
 */
static int task_block(struct task *const *a, size_t ni, struct task *const *b,
		      size_t nj, change_fn fn, void *payload)
{
	char *used;
	size_t i, j;
	int ret = 0;

	if (ni == 1 && nj == 1)
		return task_compare(a[0], b[0], fn, payload);
	used = xcalloc(nj + 1, 1);
	for (i = 0; i < ni && !ret; i++) {
		for (j = 0; j < nj; j++)
			if (!used[j] && !strcmp(a[i]->path, b[j]->path))
				break;
		if (j < nj)
			used[j] = 1;
		ret = task_compare(a[i], j < nj ? b[j] : NULL, fn, payload);
	}
	for (j = 0; j < nj && !ret; j++)
		if (!used[j])
			ret = task_compare(NULL, b[j], fn, payload);
	free(used);
	return ret;
}

/* tasks are matched by id; both lists are sorted by id */
static int plan_tasks(const struct plan *a, const struct plan *b,
		      change_fn fn, void *payload)
{
	size_t i = 0, j = 0, ni, nj;
	int ret = 0;

	while (!ret && (i < a->n_tasks || j < b->n_tasks)) {
		int id = i == a->n_tasks ? b->tasks[j]->id :
			 j == b->n_tasks ? a->tasks[i]->id :
			 a->tasks[i]->id < b->tasks[j]->id ?
			 a->tasks[i]->id : b->tasks[j]->id;

		for (ni = 0; i + ni < a->n_tasks &&
		     a->tasks[i + ni]->id == id; ni++)
			;
		for (nj = 0; j + nj < b->n_tasks &&
		     b->tasks[j + nj]->id == id; nj++)
			;
		/* a plan without tasks has no array to point into */
		ret = task_block(ni ? a->tasks + i : NULL, ni,
				 nj ? b->tasks + j : NULL, nj, fn, payload);
		i += ni;
		j += nj;
	}
	return ret;
}

static int plan_units(const struct plan *a, const struct plan *b,
		      change_fn fn, void *payload)
{
	size_t i = 0, j = 0;
	int ret = 0;

	while (!ret && (i < a->n_units || j < b->n_units)) {
		const struct unit *x = i < a->n_units ? a->units[i] : NULL;
		const struct unit *y = j < b->n_units ? b->units[j] : NULL;
		int c = !x ? 1 : !y ? -1 : strcmp(x->id, y->id);

		ret = unit_compare(c <= 0 ? x : NULL, c >= 0 ? y : NULL, fn,
				   payload);
		i += c <= 0;
		j += c >= 0;
	}
	return ret;
}

int plan_compare(const struct plan *a, const struct plan *b, change_fn fn,
		 void *payload)
{
	int ret;

	if ((ret = plan_fields(a, b, fn, payload, 0)) ||
	    (ret = plan_tasks(a, b, fn, payload)))
		return ret;
	return plan_units(a, b, fn, payload);
}

int plan_describe(const struct plan *p, change_fn fn, void *payload)
{
	return p->doc ? plan_fields(p, p, fn, payload, 1) : 0;
}
