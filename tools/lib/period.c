/*
 * period: see period.h.
 */
#include "period.h"
#include "compare.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[PERIOD_KINDS] = {
	"done", "started", "at_risk", "recovered", "deadline",
	"plan_changed", "added", "reported"
};

const char *period_kind_name(size_t i)
{
	return i < PERIOD_KINDS ? kind_names[i] : "?";
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* keep a plan field or an indicator's actual value; the rest is the
 * status and progress the period shows in its own columns */
static int keep_change(const struct change *c, void *payload)
{
	struct period_task *t = payload;
	struct period_change *k;
	size_t n = strlen(c->field);
	int actual = n > 7 && !strcmp(c->field + n - 7, ".actual");

	if (c->cls != CHANGE_PLAN && !actual)
		return 0;
	if (!strcmp(c->field, "task"))
		return 0;	/* a rename: the path is no news */
	t->changes = xrealloc(t->changes,
			      (t->n_changes + 1) * sizeof(*t->changes));
	k = &t->changes[t->n_changes++];
	k->field = xstrdup(c->field);
	k->old_value = dup_or_null(c->old_value);
	k->new_value = dup_or_null(c->new_value);
	k->plan = c->cls == CHANGE_PLAN;
	return 0;
}

static const struct task *start_task(const struct plan *start, int id)
{
	return start ? plan_task(start, id) : NULL;
}

static double mean_from(const struct report_period *p,
			const struct report_group *g)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < g->n_members; i++)
		sum += p->tasks[g->members[i]].progress_from;
	return g->n_members ? sum / (double)g->n_members : 0;
}

static int cmp_silent(const void *a, const void *b)
{
	return strcmp(((const struct period_unit *)a)->id,
		      ((const struct period_unit *)b)->id);
}

/* add task i to the 督办 list under each unit that leads it */
static void add_silent(struct report_period *p, const struct report *r,
		       size_t i)
{
	const struct task *t = r->tasks[i].task;
	size_t j, k;

	for (j = 0; j < t->lead.n; j++) {
		const struct unit *u = plan_unit(r->plan, t->lead.v[j]);
		struct period_unit *s = NULL;

		for (k = 0; k < p->n_silent; k++)
			if (!strcmp(p->silent[k].id, t->lead.v[j]))
				s = &p->silent[k];
		if (!s) {
			p->silent = xrealloc(p->silent, (p->n_silent + 1) *
					     sizeof(*p->silent));
			s = &p->silent[p->n_silent++];
			memset(s, 0, sizeof(*s));
			s->id = t->lead.v[j];
			s->name = u ? u->name : t->lead.v[j];
		}
		s->tasks = xrealloc(s->tasks,
				    (s->n_tasks + 1) * sizeof(*s->tasks));
		s->tasks[s->n_tasks++] = i;
	}
}

int period_build(struct report_period **out, const struct report *r,
		 const struct plan *start, const char *since,
		 const char *start_commit, const char *start_day)
{
	struct report_period *p;
	size_t i, b;

	*out = NULL;
	if (strcmp(since, r->today) > 0)
		return -1;
	p = xcalloc(1, sizeof(*p));
	snprintf(p->since, sizeof(p->since), "%s", since);
	snprintf(p->until, sizeof(p->until), "%s", r->today);
	snprintf(p->start_commit, sizeof(p->start_commit), "%s",
		 start_commit ? start_commit : "");
	snprintf(p->start_day, sizeof(p->start_day), "%s",
		 start_day ? start_day : "");
	p->tasks = xcalloc(r->n_tasks ? r->n_tasks : 1, sizeof(*p->tasks));
	p->n_tasks = r->n_tasks;
	for (i = 0; i < r->n_tasks; i++) {
		const struct report_task *rt = &r->tasks[i];
		const struct task *now = rt->task;
		const struct task *then = start_task(start, now->id);
		struct period_task *t = &p->tasks[i];
		enum task_status from = then ? then->status :
					STATUS_NOT_STARTED;

		t->task = i;
		t->status_from = from;
		t->progress_from = then ? then->progress : 0;
		if (!then)
			t->what |= PERIOD_ADDED;
		else
			task_compare(then, now, keep_change, t);
		for (b = 0; b < t->n_changes; b++)
			if (t->changes[b].plan)
				t->what |= PERIOD_PLAN;
		if (now->status == STATUS_DONE && from != STATUS_DONE)
			t->what |= PERIOD_DONE;
		if (from == STATUS_NOT_STARTED &&
		    now->status != STATUS_NOT_STARTED)
			t->what |= PERIOD_STARTED;
		if (now->status == STATUS_AT_RISK && from != STATUS_AT_RISK)
			t->what |= PERIOD_AT_RISK;
		if (from == STATUS_AT_RISK && now->status != STATUS_AT_RISK)
			t->what |= PERIOD_RECOVERED;
		if (now->status != STATUS_DONE &&
		    strcmp(now->deadline, since) >= 0 &&
		    strcmp(now->deadline, r->today) <= 0)
			t->what |= PERIOD_DEADLINE;
		if (rt->update && strcmp(rt->update->date, since) >= 0)
			t->what |= PERIOD_REPORTED;
		else if (now->status != STATUS_DONE)
			add_silent(p, r, i);
		for (b = 0; b < PERIOD_KINDS; b++)
			if (t->what & 1u << b)
				p->count[b]++;
	}
	for (i = 0; start && i < start->n_tasks; i++)
		if (!plan_task(r->plan, start->tasks[i]->id)) {
			p->removed = xrealloc(p->removed, (p->n_removed + 1) *
					      sizeof(*p->removed));
			p->removed[p->n_removed++] = start->tasks[i]->id;
		}
	p->total_from = mean_from(p, &r->total);
	p->category_from = xcalloc(r->n_categories + 1, sizeof(double));
	for (i = 0; i < r->n_categories; i++)
		p->category_from[i] = mean_from(p, &r->categories[i]);
	p->unit_from = xcalloc(r->n_units + 1, sizeof(double));
	for (i = 0; i < r->n_units; i++)
		p->unit_from[i] = mean_from(p, &r->units[i]);
	if (p->n_silent > 1)
		qsort(p->silent, p->n_silent, sizeof(*p->silent), cmp_silent);
	*out = p;
	return 0;
}

void period_free(struct report_period *p)
{
	size_t i, j;

	if (!p)
		return;
	for (i = 0; i < p->n_tasks; i++) {
		for (j = 0; j < p->tasks[i].n_changes; j++) {
			free(p->tasks[i].changes[j].field);
			free(p->tasks[i].changes[j].old_value);
			free(p->tasks[i].changes[j].new_value);
		}
		free(p->tasks[i].changes);
	}
	free(p->tasks);
	free(p->removed);
	free(p->category_from);
	free(p->unit_from);
	for (i = 0; i < p->n_silent; i++)
		free(p->silent[i].tasks);
	free(p->silent);
	free(p);
}
