/*
 * render_view: the report's sections as tables (struct rview), which the
 * text, Markdown and HTML renderers write out.  See render.h.
 */
#include "render.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* --- tables ------------------------------------------------------------ */

static struct rtable *add_table(struct rview *v, const char *id, int *section,
				enum msg title, enum render_lang lang)
{
	struct rtable *t;
	struct sbuf b = { 0 };

	v->tables = xrealloc(v->tables, (v->n_tables + 1) * sizeof(*t));
	t = &v->tables[v->n_tables++];
	memset(t, 0, sizeof(*t));
	t->id = id;
	render_section_no(&b, ++*section, lang);
	sbuf_adds(&b, render_msg(lang, title));
	t->title = sbuf_take(&b);
	return t;
}

/*
 * A column: heading, 'l' or 'r' alignment, 'f' when it may be shortened,
 * 'o' when it may be left out.
 */
static void col(struct rtable *t, const char *title, const char *how)
{
	if (t->n_cols >= RTABLE_MAX_COLS)
		return;
	if (strchr(how, 'r'))
		t->right |= 1u << t->n_cols;
	if (strchr(how, 'f'))
		t->flex |= 1u << t->n_cols;
	if (strchr(how, 'o'))
		t->optional |= 1u << t->n_cols;
	t->cols[t->n_cols++] = title;
}

static void row(struct rtable *t, int task_id)
{
	size_t i;

	/* grown a row at a time: a row is n_cols cells */
	t->cells = xgrow_size(t->cells, &t->cap_rows, t->n_rows + 1,
			      t->n_cols * sizeof(*t->cells));
	t->task_ids = xrealloc(t->task_ids, (t->n_rows + 1) *
			       sizeof(*t->task_ids));
	t->task_ids[t->n_rows] = task_id;
	for (i = 0; i < t->n_cols; i++) {
		struct rcell *c = &t->cells[t->n_rows * t->n_cols + i];

		c->text = NULL;
		c->tone = TONE_PLAIN;
		c->bar = -1;
	}
	t->n_rows++;
}

/* fill the next empty cell of the last row */
static struct rcell *cell(struct rtable *t, enum rtone tone, const char *s)
{
	struct rcell *c = &t->cells[(t->n_rows - 1) * t->n_cols];
	size_t i;
	char *p;

	for (i = 0; i < t->n_cols && c[i].text; i++)
		;
	if (i == t->n_cols)
		return &c[t->n_cols - 1];
	c[i].text = xstrdup(s);
	/* one line per cell: line breaks and tabs become spaces */
	for (p = c[i].text; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	c[i].tone = tone;
	return &c[i];
}

static void cellf(struct rtable *t, enum rtone tone, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void cellf(struct rtable *t, enum rtone tone, const char *fmt, ...)
{
	struct sbuf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	sbuf_vprintf(&b, fmt, ap);
	va_end(ap);
	cell(t, tone, b.s ? b.s : "");
	sbuf_release(&b);
}

/* a cell from a buffer, which is emptied */
static struct rcell *cellb(struct rtable *t, enum rtone tone, struct sbuf *b)
{
	struct rcell *c = cell(t, tone, b->s ? b->s : "");

	sbuf_release(b);
	return c;
}

static void count(struct rtable *t, size_t n, enum rtone tone_if_any)
{
	cellf(t, n ? tone_if_any : TONE_PLAIN, "%zu", n);
}

static void mean_cell(struct rtable *t, double mean)
{
	struct sbuf b = { 0 };

	render_mean(&b, mean);
	cellb(t, TONE_PLAIN, &b)->bar = (int)floor(mean + 0.5);
}

static enum rtone status_tone(enum task_status s)
{
	switch (s) {
	case STATUS_DONE: return TONE_GOOD;
	case STATUS_AT_RISK: return TONE_BAD;
	case STATUS_NOT_STARTED: return TONE_DIM;
	default: return TONE_PLAIN;
	}
}

static enum rtone state_tone(enum ind_state s)
{
	switch (s) {
	case IND_MET: return TONE_GOOD;
	case IND_BEHIND: case IND_OVER: return TONE_BAD;
	case IND_NO_DATA: return TONE_DIM;
	default: return TONE_PLAIN;
	}
}

static void build_totals(struct rview *v, const struct report *r,
			 enum render_lang lang, int *sec)
{
	struct rtable *t = add_table(v, "totals", sec, M_SEC_TOTALS, lang);
	const struct report_group *g = &r->total;
	struct sbuf b = { 0 };
	size_t i;

	col(t, render_msg(lang, M_TASKS), "r");
	for (i = 0; i < STATUS_COUNT; i++)
		col(t, render_status(lang, (enum task_status)i), "r");
	col(t, render_msg(lang, M_MEAN_PROGRESS), "r");
	col(t, render_msg(lang, M_OVERDUE), "r");
	col(t, render_msg(lang, M_BEHIND), "r");
	col(t, render_msg(lang, M_STALE), "r");
	row(t, 0);
	count(t, g->tasks, TONE_PLAIN);
	for (i = 0; i < STATUS_COUNT; i++)
		count(t, g->status[i], i == STATUS_DONE ? TONE_GOOD :
		      i == STATUS_AT_RISK ? TONE_BAD : TONE_PLAIN);
	render_mean(&b, g->mean_progress);
	cellb(t, TONE_PLAIN, &b);
	count(t, g->overdue, TONE_BAD);
	count(t, g->behind, TONE_WARN);
	if (r->has_history)
		count(t, g->stale, TONE_WARN);
	else
		cell(t, TONE_DIM, "-");
	t->note = render_msg(lang, M_LEGEND_BEHIND);
}

/* the columns every group table ends with */
static void group_cols(struct rtable *t, enum render_lang lang)
{
	col(t, render_msg(lang, M_DONE), "r");
	col(t, render_msg(lang, M_AT_RISK), "r");
	col(t, render_msg(lang, M_OVERDUE), "r");
	col(t, render_msg(lang, M_BEHIND), "r");
	col(t, render_msg(lang, M_MEAN_PROGRESS), "r");
}

static void group_cells(struct rtable *t, const struct report_group *g)
{
	count(t, g->done, TONE_GOOD);
	count(t, g->at_risk, TONE_BAD);
	count(t, g->overdue, TONE_BAD);
	count(t, g->behind, TONE_WARN);
	mean_cell(t, g->mean_progress);
}

static void build_categories(struct rview *v, const struct report *r,
			     enum render_lang lang, int *sec)
{
	struct rtable *t = add_table(v, "categories", sec, M_SEC_CATEGORIES,
				     lang);
	struct sbuf b = { 0 };
	size_t i;

	col(t, render_msg(lang, M_CATEGORY), "lf");
	col(t, render_msg(lang, M_TASKS), "r");
	group_cols(t, lang);
	for (i = 0; i < r->n_categories; i++) {
		row(t, 0);
		render_category(&b, r, i, lang);
		cellb(t, TONE_PLAIN, &b);
		count(t, r->categories[i].tasks, TONE_PLAIN);
		group_cells(t, &r->categories[i]);
	}
	t->empty = render_msg(lang, M_NONE);
}

static void build_units(struct rview *v, const struct report *r,
			enum render_lang lang, int *sec)
{
	struct rtable *t;
	size_t i;

	if (r->unit_roles) {
		t = add_table(v, "units", sec, M_SEC_UNITS, lang);
		col(t, render_msg(lang, M_UNIT), "lf");
		col(t, render_msg(lang, M_TASKS), "r");
		col(t, render_msg(lang, M_LEAD), "r");
		col(t, render_msg(lang, M_COOPERATE), "r");
		col(t, render_msg(lang, M_IMPLEMENT), "r");
		t->note = render_msg(lang, M_LEGEND_UNIT_ROLES);
	} else {
		t = add_table(v, "units", sec, M_SEC_LEAD_UNITS, lang);
		col(t, render_msg(lang, M_UNIT), "lf");
		col(t, render_msg(lang, M_LEAD_TASKS), "r");
		t->note = render_msg(lang, M_LEGEND_UNITS);
	}
	group_cols(t, lang);
	for (i = 0; i < r->n_units; i++) {
		const struct report_group *g = &r->units[i];

		row(t, 0);
		cell(t, TONE_PLAIN, *g->name ? g->name : g->key);
		count(t, g->tasks, TONE_PLAIN);
		if (r->unit_roles) {
			count(t, g->roles[ROLE_LEAD], TONE_PLAIN);
			count(t, g->roles[ROLE_COOPERATE], TONE_PLAIN);
			count(t, g->roles[ROLE_IMPLEMENT], TONE_PLAIN);
		}
		group_cells(t, g);
	}
	t->empty = render_msg(lang, M_NONE);
}

static void build_statuses(struct rview *v, const struct report *r,
			   enum render_lang lang, int *sec)
{
	struct rtable *t = add_table(v, "statuses", sec, M_SEC_STATUSES,
				     lang);
	struct sbuf b = { 0 };
	size_t i, j;

	col(t, render_msg(lang, M_STATUS), "l");
	col(t, render_msg(lang, M_TASKS), "r");
	col(t, render_msg(lang, M_OVERDUE), "r");
	col(t, render_msg(lang, M_BEHIND), "r");
	col(t, render_msg(lang, M_MEAN_PROGRESS), "r");
	col(t, render_msg(lang, M_TASK_IDS), "lf");
	for (i = 0; i < STATUS_COUNT; i++) {
		const struct report_group *g = &r->statuses[i];

		row(t, 0);
		cell(t, status_tone((enum task_status)i),
		     render_status(lang, (enum task_status)i));
		count(t, g->tasks, TONE_PLAIN);
		count(t, g->overdue, TONE_BAD);
		count(t, g->behind, TONE_WARN);
		mean_cell(t, g->mean_progress);
		for (j = 0; j < g->n_members; j++)
			sbuf_printf(&b, "%s%d", j ? " " : "",
				    r->tasks[g->members[j]].task->id);
		if (!g->n_members)
			sbuf_adds(&b, "-");
		cellb(t, TONE_PLAIN, &b);
	}
}

static void build_indicators(struct rview *v, const struct report *r,
			     enum render_lang lang, int *sec)
{
	struct rtable *t = add_table(v, "indicators", sec, M_SEC_INDICATORS,
				     lang);
	struct sbuf b = { 0 };
	size_t i;

	col(t, render_msg(lang, M_ID), "r");
	col(t, render_msg(lang, M_INDICATOR), "lf");
	col(t, render_msg(lang, M_TARGET), "r");
	col(t, render_msg(lang, M_ACTUAL), "r");
	col(t, render_msg(lang, M_SHARE), "r");
	col(t, render_msg(lang, M_EXPECTED), "ro");
	col(t, render_msg(lang, M_ASSESSMENT), "l");
	for (i = 0; i < r->n_indicators; i++) {
		const struct report_indicator *ri = &r->indicators[i];
		const struct report_task *rt = &r->tasks[ri->task];
		const struct indicator *in = ri->ind;

		row(t, rt->task->id);
		cellf(t, TONE_PLAIN, "%d", rt->task->id);
		cell(t, TONE_PLAIN, in->name);
		sbuf_printf(&b, "%s ", render_op(lang, in->op));
		render_number(&b, in->target);
		sbuf_adds(&b, in->unit);
		cellb(t, TONE_PLAIN, &b);
		if (in->has_actual) {
			render_number(&b, in->actual);
			sbuf_adds(&b, in->unit);
		} else {
			sbuf_adds(&b, "-");
		}
		cellb(t, in->has_actual ? TONE_PLAIN : TONE_DIM, &b);
		if (ri->has_share)
			render_pct(&b, ri->share);
		else
			sbuf_adds(&b, "-");
		cellb(t, TONE_PLAIN, &b);
		render_pct(&b, rt->expected);
		cellb(t, TONE_DIM, &b);
		cell(t, state_tone(ri->state), render_ind_state(lang,
								ri->state));
	}
	t->note = render_msg(lang, M_LEGEND_SHARE);
	t->empty = render_msg(lang, M_NO_INDICATORS);
}

/* the columns a task row shows in the attention list and the task list */
static void task_cells(struct rtable *t, const struct report *r,
		       const struct report_task *rt, enum render_lang lang,
		       int full)
{
	const struct task *k = rt->task;
	struct sbuf b = { 0 };
	struct rcell *c;

	cellf(t, TONE_PLAIN, "%d", k->id);
	render_title(&b, k);
	cellb(t, TONE_PLAIN, &b);
	render_units(&b, r, &k->lead);
	cellb(t, TONE_PLAIN, &b);
	cell(t, status_tone(k->status), render_status(lang, k->status));
	sbuf_printf(&b, "%d%%", k->progress);
	c = cellb(t, rt->behind ? TONE_WARN : TONE_PLAIN, &b);
	if (full) {
		c->bar = k->progress;
		render_pct(&b, rt->expected);
		cellb(t, TONE_DIM, &b);
	}
	cell(t, rt->overdue ? TONE_BAD : TONE_PLAIN, k->deadline);
	render_update(&b, rt, lang);
	cellb(t, rt->stale ? TONE_WARN : rt->update ? TONE_PLAIN : TONE_DIM,
	      &b);
}

static void build_attention(struct rview *v, const struct report *r,
			    enum render_lang lang, int *sec)
{
	struct rtable *t = add_table(v, "attention", sec, M_SEC_ATTENTION,
				     lang);
	struct sbuf b = { 0 };
	size_t i;

	col(t, render_msg(lang, M_ID), "r");
	col(t, render_msg(lang, M_TASK), "lf");
	col(t, render_msg(lang, M_LEAD_UNITS), "lf");
	col(t, render_msg(lang, M_STATUS), "l");
	col(t, render_msg(lang, M_PROGRESS), "r");
	col(t, render_msg(lang, M_DEADLINE), "l");
	col(t, render_msg(lang, M_LAST_UPDATE), "lo");
	col(t, render_msg(lang, M_REASON), "lf");
	for (i = 0; i < r->n_attention; i++) {
		const struct report_task *rt = &r->tasks[r->attention[i]];

		row(t, rt->task->id);
		task_cells(t, r, rt, lang, 0);
		render_reasons(&b, rt, lang);
		cellb(t, rt->attention & ATT_OVERDUE ? TONE_BAD : TONE_WARN,
		      &b);
	}
	t->note = render_history_note(r, lang);
	t->empty = render_msg(lang, M_NONE);
}

static void build_tasks(struct rview *v, const struct report *r,
			enum render_lang lang, int *sec)
{
	struct rtable *t = add_table(v, "tasks", sec, M_SEC_TASKS, lang);
	size_t i;

	col(t, render_msg(lang, M_ID), "r");
	col(t, render_msg(lang, M_TASK), "lf");
	col(t, render_msg(lang, M_LEAD_UNITS), "lf");
	col(t, render_msg(lang, M_STATUS), "l");
	col(t, render_msg(lang, M_PROGRESS), "r");
	col(t, render_msg(lang, M_EXPECTED), "ro");
	col(t, render_msg(lang, M_DEADLINE), "l");
	col(t, render_msg(lang, M_LAST_UPDATE), "lo");
	for (i = 0; i < r->n_tasks; i++) {
		const struct report_task *rt = &r->tasks[i];

		row(t, rt->task->id);
		task_cells(t, r, rt, lang, 1);
	}
	t->empty = render_msg(lang, M_NONE);
}

/* ---- the period (--since) ---- */

static const enum msg kind_msg[PERIOD_KINDS] = {
	M_P_DONE, M_P_STARTED, M_P_AT_RISK, M_P_RECOVERED, M_P_DEADLINE,
	M_P_PLAN, M_P_ADDED, M_P_REPORTED
};

const char *render_period_kind(enum render_lang lang, size_t i)
{
	return i < PERIOD_KINDS ? render_msg(lang, kind_msg[i]) : "";
}

static void delta_cell(struct rtable *t, double d)
{
	cellf(t, d > 0.05 ? TONE_GOOD : d < -0.05 ? TONE_BAD : TONE_DIM,
	      "%+.1f", d);
}

void render_period_what(struct sbuf *b, unsigned what, enum render_lang lang)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < PERIOD_KINDS; i++)
		if (what & 1u << i) {
			sbuf_printf(b, "%s%s", sep, render_msg(lang,
							       kind_msg[i]));
			sep = lang == LANG_ZH ? "、" : ", ";
		}
}

void render_period_changes(struct sbuf *b, const struct period_task *t)
{
	size_t i;

	for (i = 0; i < t->n_changes; i++) {
		const struct period_change *c = &t->changes[i];

		sbuf_printf(b, "%s%s: %s → %s", i ? "; " : "", c->field,
			    c->old_value ? c->old_value : "-",
			    c->new_value ? c->new_value : "-");
	}
}

/* a table of groups' mean progress at the period's start and end */
static struct rtable *from_to_table(struct rview *v, const char *id,
				    int *sec, enum msg title, enum msg name,
				    enum render_lang lang)
{
	struct rtable *t = add_table(v, id, sec, title, lang);

	col(t, render_msg(lang, name), "lf");
	col(t, render_msg(lang, M_P_FROM), "r");
	col(t, render_msg(lang, M_P_TO), "r");
	col(t, render_msg(lang, M_P_DELTA), "r");
	return t;
}

static void from_to_cells(struct rtable *t, double from, double to)
{
	struct sbuf b = { 0 };

	render_mean(&b, from);
	cellb(t, TONE_DIM, &b);
	mean_cell(t, to);
	delta_cell(t, to - from);
}

/* a task moved: anything but a report that changed nothing shown */
static int period_moved(const struct report *r, const struct period_task *t)
{
	return (t->what & ~(unsigned)PERIOD_REPORTED) || t->n_changes ||
	       t->progress_from != r->tasks[t->task].task->progress ||
	       t->status_from != r->tasks[t->task].task->status;
}

static void build_period(struct rview *v, const struct report *r,
			 const struct report_period *p, enum render_lang lang,
			 int *sec)
{
	struct rtable *t = add_table(v, "period", sec, M_SEC_PERIOD, lang);
	struct sbuf b = { 0 };
	size_t i, j;

	col(t, render_msg(lang, M_P_PERIOD), "l");
	col(t, render_msg(lang, M_P_START), "lo");
	for (i = 0; i < PERIOD_KINDS; i++)
		col(t, render_msg(lang, kind_msg[i]), i == 6 ? "ro" : "r");
	col(t, render_msg(lang, M_P_SILENT_UNITS), "r");
	row(t, 0);
	cellf(t, TONE_PLAIN, "%s – %s", p->since, p->until);
	if (p->start_commit[0])
		cellf(t, TONE_PLAIN, "%.10s (%s)", p->start_commit,
		      p->start_day);
	else
		cell(t, TONE_DIM, "-");
	for (i = 0; i < PERIOD_KINDS; i++)
		count(t, p->count[i], i == 0 || i == 3 ? TONE_GOOD :
		      i == 2 || i == 4 ? TONE_BAD : TONE_PLAIN);
	count(t, p->n_silent, TONE_WARN);
	t->note = p->start_commit[0] ? NULL : render_msg(lang, M_P_NO_START);

	t = add_table(v, "period_tasks", sec, M_SEC_PERIOD_TASKS, lang);
	col(t, render_msg(lang, M_ID), "r");
	col(t, render_msg(lang, M_TASK), "lf");
	col(t, render_msg(lang, M_LEAD_UNITS), "lfo");
	col(t, render_msg(lang, M_STATUS), "l");
	col(t, render_msg(lang, M_PROGRESS), "r");
	col(t, render_msg(lang, M_P_DELTA), "r");
	col(t, render_msg(lang, M_P_WHAT), "lf");
	col(t, render_msg(lang, M_P_CHANGES), "lfo");
	for (i = 0; i < p->n_tasks; i++) {
		const struct period_task *pt = &p->tasks[i];
		const struct task *k = r->tasks[pt->task].task;

		if (!period_moved(r, pt))
			continue;
		row(t, k->id);
		cellf(t, TONE_PLAIN, "%d", k->id);
		render_title(&b, k);
		cellb(t, TONE_PLAIN, &b);
		render_units(&b, r, &k->lead);
		cellb(t, TONE_PLAIN, &b);
		if (pt->status_from != k->status)
			sbuf_printf(&b, "%s → ", render_status(lang,
							       pt->status_from));
		sbuf_adds(&b, render_status(lang, k->status));
		cellb(t, status_tone(k->status), &b);
		cellf(t, TONE_PLAIN, "%d%% → %d%%", pt->progress_from,
		      k->progress);
		delta_cell(t, k->progress - pt->progress_from);
		render_period_what(&b, pt->what, lang);
		cellb(t, pt->what & (PERIOD_AT_RISK | PERIOD_DEADLINE) ?
		      TONE_BAD : TONE_PLAIN, &b);
		render_period_changes(&b, pt);
		cellb(t, TONE_PLAIN, &b);
	}
	t->empty = render_msg(lang, M_P_NO_CHANGE);

	t = from_to_table(v, "period_categories", sec, M_SEC_PERIOD_CATEGORIES,
			  M_CATEGORY, lang);
	for (i = 0; i <= r->n_categories; i++) {
		const struct report_group *g = i < r->n_categories ?
					       &r->categories[i] : &r->total;
		double from = i < r->n_categories ? p->category_from[i] :
			      p->total_from;

		row(t, 0);
		if (i < r->n_categories)
			render_category(&b, r, i, lang);
		else
			sbuf_adds(&b, render_msg(lang, M_P_ALL));
		cellb(t, TONE_PLAIN, &b);
		from_to_cells(t, from, g->mean_progress);
	}

	t = from_to_table(v, "period_units", sec, M_SEC_PERIOD_UNITS, M_UNIT,
			  lang);
	for (i = 0; i < r->n_units; i++) {
		const struct report_group *g = &r->units[i];

		row(t, 0);
		cell(t, TONE_PLAIN, *g->name ? g->name : g->key);
		from_to_cells(t, p->unit_from[i], g->mean_progress);
	}
	t->note = render_msg(lang, r->unit_roles ? M_LEGEND_UNIT_ROLES :
			     M_LEGEND_UNITS);
	t->empty = render_msg(lang, M_NONE);

	t = add_table(v, "supervise", sec, M_SEC_SUPERVISE, lang);
	col(t, render_msg(lang, M_UNIT), "lf");
	col(t, render_msg(lang, M_TASKS), "r");
	col(t, render_msg(lang, M_TASK), "lf");
	for (i = 0; i < p->n_silent; i++) {
		const struct period_unit *u = &p->silent[i];

		row(t, 0);
		cell(t, TONE_WARN, *u->name ? u->name : u->id);
		count(t, u->n_tasks, TONE_PLAIN);
		for (j = 0; j < u->n_tasks; j++) {
			sbuf_printf(&b, "%s%d ", j ? "; " : "",
				    r->tasks[u->tasks[j]].task->id);
			render_title(&b, r->tasks[u->tasks[j]].task);
		}
		cellb(t, TONE_PLAIN, &b);
	}
	t->note = render_msg(lang, M_P_LEGEND_SUPERVISE);
	t->empty = render_msg(lang, M_NONE);
}

void rview_build(struct rview *out, const struct report *r,
		 const struct render_opts *o)
{
	enum render_lang lang = o->lang;
	struct sbuf b = { 0 };
	int sec = 0;

	memset(out, 0, sizeof(*out));
	out->title = xstrdup(r->plan->title);
	sbuf_printf(&b, "%s · %s %s · %s ", render_msg(lang, M_REPORT),
		    render_msg(lang, M_AS_OF), r->today,
		    render_msg(lang, M_YEAR_ELAPSED));
	render_pct(&b, r->year_elapsed);
	if (o->commit && o->source && strncmp(o->source, o->commit,
						 strlen(o->source)))
		sbuf_printf(&b, " · %s %s = %.10s (%s)",
			    render_msg(lang, M_SOURCE), o->source, o->commit,
			    o->commit_day);
	else if (o->commit)
		sbuf_printf(&b, " · %s %.10s (%s)", render_msg(lang, M_SOURCE),
			    o->commit, o->commit_day);
	else if (o->source)
		sbuf_printf(&b, " · %s %s", render_msg(lang, M_SOURCE),
			    o->source);
	out->subtitle = sbuf_take(&b);

	build_totals(out, r, lang, &sec);
	if (o->period)
		build_period(out, r, o->period, lang, &sec);
	switch (r->by) {
	case REPORT_BY_CATEGORY:
		build_categories(out, r, lang, &sec);
		break;
	case REPORT_BY_UNIT:
		build_units(out, r, lang, &sec);
		break;
	case REPORT_BY_STATUS:
		build_statuses(out, r, lang, &sec);
		break;
	default:
		build_categories(out, r, lang, &sec);
		build_units(out, r, lang, &sec);
		break;
	}
	build_indicators(out, r, lang, &sec);
	build_attention(out, r, lang, &sec);
	build_tasks(out, r, lang, &sec);
}

void rview_release(struct rview *v)
{
	size_t i, j;

	if (!v)
		return;
	for (i = 0; i < v->n_tables; i++) {
		struct rtable *t = &v->tables[i];

		for (j = 0; j < t->n_rows * t->n_cols; j++)
			free(t->cells[j].text);
		free(t->cells);
		free(t->task_ids);
		free(t->title);
	}
	free(v->tables);
	free(v->title);
	free(v->subtitle);
	memset(v, 0, sizeof(*v));
}
