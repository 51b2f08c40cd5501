/*
 * report: see report.h.  The rules are written down in docs/summary.md;
 * the comments here say how they are computed.
 */
#include "report.h"
#include "date.h"
#include "compare.h"
#include "diag.h"
#include "history.h"
#include "vstore.h"
#include "xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* y-m-d of the day that is days after 1970-01-01, within years 0-9999 */
static void civil_from_days(char out[11], long days)
{
	int64_t y;
	int m, d;
	char buf[64];

	date_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = y < 0 ? 0 : 9999;
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", (int)y, m, d);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

const char *ind_state_name(enum ind_state s)
{
	static const char *const names[] = {
		"no_data", "met", "on_track", "behind", "over"
	};

	return (unsigned)s < IND_STATE_COUNT ? names[s] : "?";
}

const char *role_name(enum unit_role r)
{
	static const char *const names[] = { "lead", "cooperate", "implement" };

	return (unsigned)r < ROLE_COUNT ? names[r] : "?";
}

size_t report_title_len(const char *content)
{
	static const char *const breaks[] = {
		",", ";", "\n", "\xef\xbc\x8c" /* , */,
		"\xef\xbc\x9b" /* ; */, "\xe3\x80\x82" /* 。 */
	};
	size_t i, n = strlen(content);

	for (i = 0; i < sizeof(breaks) / sizeof(breaks[0]); i++) {
		const char *p = strstr(content, breaks[i]);

		if (p && (size_t)(p - content) < n && p > content)
			n = (size_t)(p - content);
	}
	return n;
}

/* --- updates ----------------------------------------------------------- */

static int cmp_update(const void *pa, const void *pb)
{
	const struct report_update *a = pa, *b = pb;

	return (a->task_id > b->task_id) - (a->task_id < b->task_id);
}

const struct report_update *report_updates_find(
	const struct report_updates *u, int task_id)
{
	struct report_update key;

	if (!u || !u->n)
		return NULL;
	key.task_id = task_id;
	return bsearch(&key, u->v, u->n, sizeof(*u->v), cmp_update);
}

void report_updates_add(struct report_updates *u, int task_id, int added,
			const char *commit, const char *author,
			const char *email, int64_t time, int tz_offset)
{
	struct report_update *e;
	int64_t local = time + (int64_t)tz_offset * 60;
	size_t at = u->n;

	XGROW(u->v, u->cap, u->n + 1);
	while (at > 0 && u->v[at - 1].task_id > task_id)
		at--;
	memmove(u->v + at + 1, u->v + at, (u->n - at) * sizeof(*u->v));
	u->n++;
	e = &u->v[at];
	memset(e, 0, sizeof(*e));
	e->task_id = task_id;
	e->added = added;
	e->time = time;
	snprintf(e->commit, sizeof(e->commit), "%s", commit ? commit : "");
	/* shown in every format: a name's control characters as escapes */
	e->author = diag_escaped(author);
	e->email = diag_escaped(email);
	/* floor division: dates before 1970 stay on the right day */
	civil_from_days(e->date, (long)(local >= 0 ? local / 86400 :
					-((-local + 86399) / 86400)));
}

void report_updates_free(struct report_updates *u)
{
	report_updates_release(u);
	free(u);
}

void report_updates_release(struct report_updates *u)
{
	size_t i;

	if (!u)
		return;
	for (i = 0; i < u->n; i++) {
		free(u->v[i].author);
		free(u->v[i].email);
	}
	free(u->v);
	memset(u, 0, sizeof(*u));
}

/* a walk newest first: a version's old side is the next commit's new side */
#define WALK_KEEP 64

struct walk {
	struct report_updates *out;
	const struct plan *plan;
	const struct schema *schema;
	struct vstore *store;	/* the versions, each parsed once */
	size_t left;		/* tasks of the plan not resolved yet */
	char *seen;		/* per plan task: resolved */
};

static int first_progress(const struct change *c, void *payload)
{
	(void)payload;
	return c->cls == CHANGE_PROGRESS;
}

/* did this change of a task file change its progress fields? */
static int progress_changed(const struct walk *w,
			    const struct history_change *ch)
{
	struct vstore_version *a, *b;
	int ret = 0;

	a = vstore_get(w->store, ch->path, ch->old_oid, ch->old_kind,
		       ch->old_data, ch->old_len, "");
	b = vstore_get(w->store, ch->path, ch->new_oid, ch->new_kind,
		       ch->new_data, ch->new_len, "");
	vstore_parse(w->store, a, w->schema);
	vstore_parse(w->store, b, w->schema);
	/* an unreadable version proves nothing */
	if (a->t && b->t)
		ret = task_compare(a->t, b->t, first_progress, NULL) != 0;
	vstore_drop(w->store, a);
	vstore_drop(w->store, b);
	return ret;
}

/* index of task id in the plan, or -1 */
static long plan_task_index(const struct plan *p, int id)
{
	size_t lo = 0, hi = p->n_tasks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->tasks[mid]->id == id)
			return (long)mid;
		if (p->tasks[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int walk_commit(const struct commit_info *ci,
		       const struct history_change *ch, size_t n,
		       void *payload)
{
	struct walk *w = payload;
	size_t i;

	for (i = 0; i < n; i++) {
		int id = task_path_id(ch[i].path);
		long at;
		int added;

		if (id < 0 || (at = plan_task_index(w->plan, id)) < 0 ||
		    w->seen[at] || !ch[i].new_data)
			continue;
		added = !ch[i].old_data;
		if (!added && !progress_changed(w, &ch[i]))
			continue;
		w->seen[at] = 1;
		report_updates_add(w->out, id, added, ci->id, ci->author_name,
				   ci->author_email, ci->time, ci->tz_offset);
		if (!--w->left)
			return 1;
	}
	return 0;
}

int report_updates_walk(struct report_updates *out, struct repo *r,
			const char *rev, const struct plan *p,
			const struct schema *s)
{
	struct history_opts o = { 0 };
	struct walk w = { 0 };
	int ret;

	memset(out, 0, sizeof(*out));
	if (!p->n_tasks)
		return 0;
	w.out = out;
	w.plan = p;
	w.schema = s;
	w.left = p->n_tasks;
	w.seen = xcalloc(p->n_tasks, 1);
	w.store = vstore_new(WALK_KEEP);
	o.range = rev;
	ret = history_walk(r, &o, walk_commit, &w);
	vstore_free(w.store);
	free(w.seen);
	if (ret < 0) {
		report_updates_release(out);
		return -1;
	}
	return 0;
}

int report_history(struct report_updates **out, const char **note,
		   struct repo *r, const char *rev, const struct schema *task,
		   const struct plan *p)
{
	int empty;

	*out = NULL;
	*note = REPORT_NO_REPO;
	if (!r)
		return 0;
	if ((empty = repo_is_empty(r)) < 0)
		return -1;
	if (empty) {
		*note = REPORT_NO_COMMITS;
		return 0;
	}
	*out = xcalloc(1, sizeof(**out));
	if (report_updates_walk(*out, r, rev, p, task)) {
		free(*out);
		*out = NULL;
		return -1;
	}
	*note = NULL;
	if (!(*out)->n && p->n_tasks) {
		/* a history that never saw a task tells nothing about them */
		report_updates_free(*out);
		*out = NULL;
		*note = REPORT_NOT_IN_HISTORY;
	}
	return 0;
}

/* --- indicators ---------------------------------------------------------- */

#define EPS 1e-9

int report_indicator_share(double *share, enum ind_state *state,
			   const struct indicator *ind, double expected)
{
	double a = ind->actual, t = ind->target;
	double tol = EPS * (fabs(t) > 1 ? fabs(t) : 1);

	*share = 0;
	if (!ind->has_actual) {
		*state = IND_NO_DATA;
		return -1;
	}
	switch (ind->op) {
	case OP_LE:
		/* a ceiling: met while under it; above it, the share is how
		 * much of the actual value the ceiling allows */
		if (a <= t + tol) {
			*state = IND_MET;
			*share = 1;
			return 0;
		}
		*state = IND_OVER;
		if (t <= 0)
			return -1;
		*share = t / a;
		return 0;
	case OP_EQ:
		if (fabs(a - t) <= tol)
			*state = IND_MET;
		else if (a > t)
			*state = IND_OVER;
		else
			*state = IND_BEHIND;
		break;
	case OP_ABOUT:
		/* about (左右): within ten per cent either side */
		if (fabs(a - t) <= 0.1 * fabs(t) + tol)
			*state = IND_MET;
		else if (a > t)
			*state = IND_OVER;
		else
			*state = IND_BEHIND;
		break;
	default:
		*state = a >= t - tol ? IND_MET : IND_BEHIND;
		break;
	}
	if (t > 0)
		*share = a / t;
	else if (*state == IND_MET)
		*share = 1;
	else
		return -1;
	if (*state == IND_BEHIND && *share >= expected - EPS)
		*state = IND_ON_TRACK;
	return 0;
}

/* --- aggregation --------------------------------------------------------- */

static void group_add(struct report_group *g, const struct report_task *t,
		      size_t index)
{
	enum task_status st = t->task->status;

	g->tasks++;
	g->status[st]++;
	g->done += st == STATUS_DONE;
	g->at_risk += st == STATUS_AT_RISK;
	g->overdue += t->overdue != 0;
	g->behind += t->behind != 0;
	g->stale += t->stale != 0;
	/* the sum until group_finish divides it */
	g->mean_progress += t->task->progress;
	XGROW(g->members, g->cap_members, g->n_members + 1);
	g->members[g->n_members++] = index;
}

static void group_finish(struct report_group *g)
{
	if (g->tasks)
		g->mean_progress /= (double)g->tasks;
}

static void group_release(struct report_group *g)
{
	free(g->members);
}

/* index of unit id in the plan's units (sorted by id), or -1 */
static long unit_index(const struct plan *p, const char *id)
{
	size_t lo = 0, hi = p->n_units;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(p->units[mid]->id, id);

		if (!c)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* mark in roles[] (per plan unit) the roles unit id (or its members) has */
static void mark_role(unsigned *roles, const struct plan *p, const char *id,
		      enum unit_role role)
{
	long u = unit_index(p, id);
	const struct unit *un;
	size_t i;

	if (u < 0)
		return;
	un = p->units[u];
	if (un->kind != UNIT_GROUP) {
		roles[u] |= 1u << role;
		return;
	}
	/* a group stands for its members, who are counted instead */
	for (i = 0; i < un->members.n; i++) {
		long m = unit_index(p, un->members.v[i]);

		if (m >= 0 && p->units[m]->kind != UNIT_GROUP)
			roles[m] |= 1u << role;
	}
}

/* units needing attention first: most behind, overdue, at risk, then the
 * lowest mean progress */
static int cmp_unit(const void *pa, const void *pb)
{
	const struct report_group *a = pa, *b = pb;

	if (a->behind != b->behind)
		return a->behind > b->behind ? -1 : 1;
	if (a->overdue != b->overdue)
		return a->overdue > b->overdue ? -1 : 1;
	if (a->at_risk != b->at_risk)
		return a->at_risk > b->at_risk ? -1 : 1;
	if (a->mean_progress != b->mean_progress)
		return a->mean_progress < b->mean_progress ? -1 : 1;
	return strcmp(a->key, b->key);
}

static void build_units(struct report *r)
{
	const struct plan *p = r->plan;
	unsigned *roles = xcalloc(p->n_units ? p->n_units : 1, sizeof(*roles));
	long *slot = xcalloc(p->n_units ? p->n_units : 1, sizeof(*slot));
	size_t i, j, k;

	r->units = xcalloc(p->n_units ? p->n_units : 1, sizeof(*r->units));
	for (i = 0; i < p->n_units; i++)
		slot[i] = -1;
	for (i = 0; i < r->n_tasks; i++) {
		const struct task *t = r->tasks[i].task;
		const struct strlist *lists[ROLE_COUNT] = {
			&t->lead, &t->cooperate, &t->implement
		};
		size_t n_roles = r->unit_roles ? ROLE_COUNT : 1;

		for (k = 0; k < n_roles; k++)
			for (j = 0; j < lists[k]->n; j++)
				mark_role(roles, p, lists[k]->v[j],
					  (enum unit_role)k);
		for (j = 0; j < p->n_units; j++) {
			struct report_group *g;

			if (!roles[j])
				continue;
			if (slot[j] < 0) {
				slot[j] = (long)r->n_units;
				g = &r->units[r->n_units++];
				g->key = p->units[j]->id;
				g->name = p->units[j]->name;
			}
			g = &r->units[slot[j]];
			for (k = 0; k < ROLE_COUNT; k++)
				g->roles[k] += (roles[j] >> k) & 1;
			group_add(g, &r->tasks[i], i);
			roles[j] = 0;
		}
	}
	for (i = 0; i < r->n_units; i++)
		group_finish(&r->units[i]);
	qsort(r->units, r->n_units, sizeof(*r->units), cmp_unit);
	free(roles);
	free(slot);
}

static void task_facts(struct report_task *rt, const struct report *r,
		       long today, long start)
{
	const struct task *t = rt->task;
	long end = date_valid(t->deadline) ? date_days(t->deadline) : start;
	int done = t->status == STATUS_DONE;

	rt->category = plan_category(r->plan, t->category);
	/* the share of the time from the year's start to the deadline */
	if (end <= start)
		rt->expected = today >= end ? 1 : 0;
	else if (today <= start)
		rt->expected = 0;
	else if (today >= end)
		rt->expected = 1;
	else
		rt->expected = (double)(today - start) / (double)(end - start);
	rt->expected_pct = (int)floor(rt->expected * 100 + EPS);
	rt->days_left = (int)(end - today);
	rt->overdue = !done && today > end;
	rt->behind = !done && (t->status == STATUS_AT_RISK || rt->overdue ||
			       t->progress < rt->expected_pct);
	if (rt->update) {
		rt->days_since_update = (int)(today -
					      date_days(rt->update->date));
		rt->stale = !done && rt->days_since_update > REPORT_STALE_DAYS;
	}
	rt->attention = (rt->overdue ? ATT_OVERDUE : 0) |
		(t->status == STATUS_AT_RISK ? ATT_AT_RISK : 0) |
		(rt->stale ? ATT_STALE : 0);
}

static void copy_updates(struct report_updates *dst,
			 const struct report_updates *src)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	if (!src || !src->n)
		return;
	dst->v = xcalloc(src->n, sizeof(*dst->v));
	dst->n = dst->cap = src->n;
	for (i = 0; i < src->n; i++) {
		dst->v[i] = src->v[i];
		dst->v[i].author = xstrdup(src->v[i].author);
		dst->v[i].email = xstrdup(src->v[i].email);
	}
}

int report_build(struct report **out, const struct plan *p,
		 const char *today, enum report_by by,
		 const struct report_updates *updates, const char *note)
{
	static const char *const status_keys[STATUS_COUNT] = {
		"not_started", "in_progress", "at_risk", "done"
	};
	struct report *r;
	long now, start, year_end;
	size_t i, j, k;

	*out = NULL;
	if (!today || strlen(today) != 10 || !date_valid(today))
		return -1;
	r = xcalloc(1, sizeof(*r));
	r->plan = p;
	memcpy(r->today, today, 11);
	r->by = by;
	r->unit_roles = by == REPORT_BY_UNIT;
	r->has_history = updates != NULL;
	r->history_note = updates ? NULL : note ? note : REPORT_NO_REPO;
	copy_updates(&r->updates, updates);

	now = date_days(today);
	start = (long)date_to_days(p->year, 1, 1);
	year_end = (long)date_to_days((long)p->year + 1, 1, 1);
	r->year_elapsed = now <= start ? 0 : now >= year_end ? 1 :
		(double)(now - start) / (double)(year_end - start);

	r->n_tasks = p->n_tasks;
	r->tasks = xcalloc(p->n_tasks ? p->n_tasks : 1, sizeof(*r->tasks));
	for (i = 0; i < p->n_tasks; i++) {
		struct report_task *rt = &r->tasks[i];

		rt->task = p->tasks[i];
		rt->update = report_updates_find(&r->updates, rt->task->id);
		task_facts(rt, r, now, start);
	}

	r->total.key = "total";
	r->total.name = p->title;
	r->n_categories = p->categories.n;
	r->categories = xcalloc(p->categories.n ? p->categories.n : 1,
				sizeof(*r->categories));
	for (i = 0; i < p->categories.n; i++) {
		r->categories[i].key = p->categories.v[i];
		r->categories[i].name = p->categories.v[i];
		r->categories[i].index = (int)i + 1;
	}
	for (i = 0; i < STATUS_COUNT; i++) {
		r->statuses[i].key = status_keys[i];
		r->statuses[i].name = status_keys[i];
	}
	for (i = 0; i < r->n_tasks; i++) {
		const struct report_task *rt = &r->tasks[i];

		group_add(&r->total, rt, i);
		if (rt->category >= 0)
			group_add(&r->categories[rt->category], rt, i);
		group_add(&r->statuses[rt->task->status], rt, i);
	}
	group_finish(&r->total);
	for (i = 0; i < r->n_categories; i++)
		group_finish(&r->categories[i]);
	for (i = 0; i < STATUS_COUNT; i++)
		group_finish(&r->statuses[i]);
	build_units(r);

	for (i = 0; i < r->n_tasks; i++)
		r->n_indicators += r->tasks[i].task->n_indicators;
	r->indicators = xcalloc(r->n_indicators ? r->n_indicators : 1,
				sizeof(*r->indicators));
	for (i = 0, k = 0; i < r->n_tasks; i++) {
		const struct task *t = r->tasks[i].task;

		r->tasks[i].first_indicator = k;
		for (j = 0; j < t->n_indicators; j++, k++) {
			struct report_indicator *ri = &r->indicators[k];

			ri->task = i;
			ri->ind = &t->indicators[j];
			ri->has_share = !report_indicator_share(&ri->share,
					&ri->state, ri->ind,
					r->tasks[i].expected);
			r->ind_states[ri->state]++;
		}
	}

	/* most urgent reasons first (ATT_* values), by id within each */
	r->attention = xcalloc(r->n_tasks ? r->n_tasks : 1,
			       sizeof(*r->attention));
	for (k = ATT_OVERDUE | ATT_AT_RISK | ATT_STALE; k > 0; k--)
		for (i = 0; i < r->n_tasks; i++)
			if (r->tasks[i].attention == k)
				r->attention[r->n_attention++] = i;
	*out = r;
	return 0;
}

void report_free(struct report *r)
{
	size_t i;

	if (!r)
		return;
	group_release(&r->total);
	for (i = 0; i < r->n_categories; i++)
		group_release(&r->categories[i]);
	for (i = 0; i < r->n_units; i++)
		group_release(&r->units[i]);
	for (i = 0; i < STATUS_COUNT; i++)
		group_release(&r->statuses[i]);
	free(r->categories);
	free(r->units);
	free(r->tasks);
	free(r->indicators);
	free(r->attention);
	report_updates_release(&r->updates);
	free(r);
}
