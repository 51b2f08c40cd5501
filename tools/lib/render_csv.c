/*
 * render_csv: the report for Excel and WPS.  RFC 4180: fields with a
 * comma, a double quote or a line break are quoted, quotes doubled, lines
 * end in CRLF.  A UTF-8 byte-order mark comes first, or Excel would read
 * the Chinese text in the machine's legacy code page.
 *
 * Without --by: one row per task with every field of the task and what
 * the report computed about it.  With --by: the grouped table.  Numbers
 * are written as numbers (37.5, not "37.5%") so that a spreadsheet can sum
 * and sort them.
 */
#include "render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct csv {
	FILE *f;
	int first;	/* no field written on this line yet */
};

/*
 * Would a spreadsheet run the cell as a formula?  OWASP's rule: a leading
 * '=', '+', '-', '@', tab or carriage return.  A plain number ("-5",
 * "+3.5") stays a number, so the columns still sum.
 */
static int formula_like(const char *s)
{
	char *end;

	if (!strchr("=+-@\t\r", *s) || !*s)
		return 0;
	if (*s == '-' || *s == '+') {
		strtod(s, &end);
		return end == s || *end;
	}
	return 1;
}

static void field(struct csv *c, const char *s)
{
	int formula = formula_like(s);

	if (!c->first)
		putc(',', c->f);
	c->first = 0;
	if (!formula && !strpbrk(s, ",\"\r\n")) {
		fputs(s, c->f);
		return;
	}
	putc('"', c->f);
	/* a note =HYPERLINK(...) is text, never run: Excel and WPS read a
	 * leading apostrophe as "text", and do not show it */
	if (formula)
		putc('\'', c->f);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', c->f);
		putc(*s, c->f);
	}
	putc('"', c->f);
}

static void fieldb(struct csv *c, struct sbuf *b)
{
	field(c, b->s ? b->s : "");
	sbuf_release(b);
}

static void num(struct csv *c, size_t n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%zu", n);
	field(c, buf);
}

static void end_line(struct csv *c)
{
	fputs("\r\n", c->f);
	c->first = 1;
}

static void head(struct csv *c, enum render_lang lang, const enum msg *ids,
		 size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		field(c, render_msg(lang, ids[i]));
}

static void mean(struct csv *c, double m)
{
	struct sbuf b = { 0 };

	sbuf_printf(&b, "%.1f", floor(m * 10 + 0.5) / 10);
	fieldb(c, &b);
}

static void ids(struct csv *c, const struct report *r,
		const struct report_group *g)
{
	struct sbuf b = { 0 };
	size_t i;

	for (i = 0; i < g->n_members; i++)
		sbuf_printf(&b, "%s%d", i ? " " : "",
			    r->tasks[g->members[i]].task->id);
	fieldb(c, &b);
}

/* the counts every grouped row has, after its name and task count */
static void group_row(struct csv *c, const struct report *r,
		      const struct report_group *g)
{
	size_t i;

	for (i = 0; i < STATUS_COUNT; i++)
		num(c, g->status[i]);
	num(c, g->overdue);
	num(c, g->behind);
	if (r->has_history)
		num(c, g->stale);
	else
		field(c, "");
	mean(c, g->mean_progress);
	ids(c, r, g);
	end_line(c);
}

static void group_head(struct csv *c, enum render_lang lang)
{
	static const enum msg cols[] = {
		M_ST_NOT_STARTED, M_ST_IN_PROGRESS, M_ST_AT_RISK, M_ST_DONE,
		M_OVERDUE, M_BEHIND, M_STALE, M_MEAN_PROGRESS, M_TASK_IDS
	};

	head(c, lang, cols, sizeof(cols) / sizeof(cols[0]));
	end_line(c);
}

static void grouped(struct csv *c, const struct report *r,
		    enum render_lang lang)
{
	struct sbuf b = { 0 };
	size_t i;

	switch (r->by) {
	case REPORT_BY_UNIT:
		field(c, render_msg(lang, M_UNIT_ID));
		field(c, render_msg(lang, M_UNIT));
		field(c, render_msg(lang, M_TASKS));
		field(c, render_msg(lang, M_LEAD));
		field(c, render_msg(lang, M_COOPERATE));
		field(c, render_msg(lang, M_IMPLEMENT));
		group_head(c, lang);
		for (i = 0; i < r->n_units; i++) {
			const struct report_group *g = &r->units[i];

			field(c, g->key);
			field(c, g->name);
			num(c, g->tasks);
			num(c, g->roles[ROLE_LEAD]);
			num(c, g->roles[ROLE_COOPERATE]);
			num(c, g->roles[ROLE_IMPLEMENT]);
			group_row(c, r, g);
		}
		break;
	case REPORT_BY_STATUS:
		field(c, render_msg(lang, M_STATUS));
		field(c, render_msg(lang, M_TASKS));
		group_head(c, lang);
		for (i = 0; i < STATUS_COUNT; i++) {
			field(c, render_status(lang, (enum task_status)i));
			num(c, r->statuses[i].tasks);
			group_row(c, r, &r->statuses[i]);
		}
		break;
	default:
		field(c, render_msg(lang, M_CATEGORY));
		field(c, render_msg(lang, M_TASKS));
		group_head(c, lang);
		for (i = 0; i < r->n_categories; i++) {
			render_category(&b, r, i, lang);
			fieldb(c, &b);
			num(c, r->categories[i].tasks);
			group_row(c, r, &r->categories[i]);
		}
		break;
	}
}

/*
 * Every indicator of a task, one per line:
 * "工业投资 ≥ 630亿元: 320亿元 (50%, 符合进度)"
 */
static void indicators(struct csv *c, const struct report *r, size_t task,
		       enum render_lang lang)
{
	const struct report_task *rt = &r->tasks[task];
	struct sbuf b = { 0 };
	size_t i;
	int any = 0;

	for (i = rt->first_indicator;
	     i < rt->first_indicator + rt->task->n_indicators; i++) {
		const struct report_indicator *ri = &r->indicators[i];
		const struct indicator *in = ri->ind;

		if (any++)
			sbuf_addc(&b, '\n');
		sbuf_printf(&b, "%s %s ", in->name, render_op(lang, in->op));
		render_number(&b, in->target);
		sbuf_printf(&b, "%s: ", in->unit);
		if (in->has_actual) {
			render_number(&b, in->actual);
			sbuf_adds(&b, in->unit);
		} else {
			sbuf_adds(&b, "-");
		}
		sbuf_adds(&b, " (");
		if (ri->has_share) {
			render_pct(&b, ri->share);
			sbuf_adds(&b, ", ");
		}
		sbuf_printf(&b, "%s)", render_ind_state(lang, ri->state));
	}
	fieldb(c, &b);
}

static void yes_no(struct csv *c, int v, enum render_lang lang)
{
	field(c, render_msg(lang, v ? M_YES : M_NO));
}

static void tasks(struct csv *c, const struct report *r,
		  enum render_lang lang)
{
	static const enum msg cols[] = {
		M_ID, M_CATEGORY, M_CONTENT, M_TARGET_TEXT, M_UNITS_TEXT,
		M_LEAD_UNITS, M_COOPERATE_UNITS, M_IMPLEMENT_UNITS,
		M_INDICATORS, M_DEADLINE, M_DAYS_LEFT, M_STATUS, M_PROGRESS,
		M_EXPECTED, M_AS_OF_FIELD, M_NOTE, M_OVERDUE, M_BEHIND,
		M_STALE, M_LAST_UPDATE, M_UPDATED_BY, M_UPDATE_COMMIT,
		M_REASON
	};
	struct sbuf b = { 0 };
	size_t i;

	head(c, lang, cols, sizeof(cols) / sizeof(cols[0]));
	end_line(c);
	for (i = 0; i < r->n_tasks; i++) {
		const struct report_task *rt = &r->tasks[i];
		const struct task *t = rt->task;
		const struct report_update *u = rt->update;

		sbuf_printf(&b, "%d", t->id);
		fieldb(c, &b);
		if (rt->category >= 0)
			render_category(&b, r, (size_t)rt->category, lang);
		else
			sbuf_adds(&b, t->category);
		fieldb(c, &b);
		field(c, t->content);
		field(c, t->target);
		field(c, t->units_text);
		render_units(&b, r, &t->lead);
		fieldb(c, &b);
		render_units(&b, r, &t->cooperate);
		fieldb(c, &b);
		render_units(&b, r, &t->implement);
		fieldb(c, &b);
		indicators(c, r, i, lang);
		field(c, t->deadline);
		sbuf_printf(&b, "%d", rt->days_left);
		fieldb(c, &b);
		field(c, render_status(lang, t->status));
		sbuf_printf(&b, "%d", t->progress);
		fieldb(c, &b);
		sbuf_printf(&b, "%d", rt->expected_pct);
		fieldb(c, &b);
		field(c, t->as_of);
		field(c, t->note);
		yes_no(c, rt->overdue, lang);
		yes_no(c, rt->behind, lang);
		if (r->has_history)
			yes_no(c, rt->stale, lang);
		else
			field(c, "");
		field(c, u ? u->date : "");
		if (u && !u->added && (*u->author || *u->email)) {
			sbuf_adds(&b, u->author);
			if (*u->email)
				sbuf_printf(&b, " <%s>", u->email);
		} else if (u && u->added) {
			sbuf_adds(&b, render_msg(lang, M_ADDED));
		}
		fieldb(c, &b);
		field(c, u ? u->commit : "");
		render_reasons(&b, rt, lang);
		fieldb(c, &b);
		end_line(c);
	}
}

/*
 * --since: one row per task with the period's deltas: status and
 * progress at both ends, the change, a 1 or 0 per period bit (period.h),
 * and the plan fields and indicator values changed.
 */
static void period_rows(struct csv *c, const struct report *r,
			const struct report_period *p, enum render_lang lang)
{
	static const enum msg cols[] = {
		M_ID, M_CATEGORY, M_TASK, M_LEAD_UNITS
	};
	struct sbuf b = { 0 };
	size_t i, k;

	head(c, lang, cols, sizeof(cols) / sizeof(cols[0]));
	for (k = 0; k < 4; k++) {
		sbuf_printf(&b, "%s %s", render_msg(lang, k < 2 ? M_STATUS :
						    M_PROGRESS),
			    render_msg(lang, k % 2 ? M_P_TO : M_P_FROM));
		fieldb(c, &b);
	}
	field(c, render_msg(lang, M_P_DELTA));
	for (k = 0; k < PERIOD_KINDS; k++)
		field(c, render_period_kind(lang, k));
	field(c, render_msg(lang, M_P_CHANGES));
	end_line(c);
	for (i = 0; i < p->n_tasks; i++) {
		const struct period_task *pt = &p->tasks[i];
		const struct report_task *rt = &r->tasks[pt->task];
		const struct task *t = rt->task;

		sbuf_printf(&b, "%d", t->id);
		fieldb(c, &b);
		if (rt->category >= 0)
			render_category(&b, r, (size_t)rt->category, lang);
		fieldb(c, &b);
		render_title(&b, t);
		fieldb(c, &b);
		render_units(&b, r, &t->lead);
		fieldb(c, &b);
		field(c, render_status(lang, pt->status_from));
		field(c, render_status(lang, t->status));
		num(c, (size_t)pt->progress_from);
		num(c, (size_t)t->progress);
		sbuf_printf(&b, "%d", t->progress - pt->progress_from);
		fieldb(c, &b);
		for (k = 0; k < PERIOD_KINDS; k++)
			field(c, pt->what & 1u << k ? "1" : "0");
		render_period_changes(&b, pt);
		fieldb(c, &b);
		end_line(c);
	}
}

/*
 * summary --series as CSV: one row per point (its day, the commit, the
 * time line and mean progress in per cent, the tasks in each status),
 * then each category's mean progress and each indicator's value.
 */
void render_csv_series(FILE *f, const struct report *r,
		       const struct series *s, enum render_lang lang)
{
	struct csv c = { f, 1 };
	struct sbuf b = { 0 };
	size_t i, j;

	fputs("\xef\xbb\xbf", f);
	field(&c, render_msg(lang, M_CH_DATE));
	field(&c, render_msg(lang, M_CH_COMMIT));
	field(&c, render_msg(lang, M_CH_TIMELINE));
	field(&c, render_msg(lang, M_MEAN_PROGRESS));
	for (j = 0; j < STATUS_COUNT; j++)
		field(&c, render_status(lang, (enum task_status)j));
	for (j = 0; j < r->n_categories; j++) {
		render_category(&b, r, j, lang);
		fieldb(&c, &b);
	}
	for (j = 0; j < r->n_indicators; j++) {
		const struct report_indicator *ri = &r->indicators[j];

		sbuf_printf(&b, "%d %s (%s)", r->tasks[ri->task].task->id,
			    ri->ind->name, ri->ind->unit);
		fieldb(&c, &b);
	}
	end_line(&c);
	for (i = 0; i < s->n; i++) {
		const struct series_point *p = &s->v[i];

		field(&c, p->date);
		field(&c, p->commit);
		mean(&c, 100 * p->elapsed);
		mean(&c, p->mean);
		for (j = 0; j < STATUS_COUNT; j++)
			num(&c, p->status[j]);
		for (j = 0; j < r->n_categories; j++)
			if (p->category[j] < 0)
				field(&c, "");
			else
				mean(&c, p->category[j]);
		for (j = 0; j < r->n_indicators; j++) {
			if (p->has_actual[j])
				render_number(&b, p->actual[j]);
			fieldb(&c, &b);
		}
		end_line(&c);
	}
}

void render_csv(FILE *f, const struct report *r,
		const struct render_opts *o)
{
	struct csv c = { f, 1 };

	fputs("\xef\xbb\xbf", f);
	if (o->period && r->by == REPORT_BY_DEFAULT)
		period_rows(&c, r, o->period, o->lang);
	else if (r->by == REPORT_BY_DEFAULT)
		tasks(&c, r, o->lang);
	else
		grouped(&c, r, o->lang);
}
