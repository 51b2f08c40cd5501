/*
 * render_json: the report for other programs.  The structure is documented
 * in docs/summary.md and versioned ("version"): keys are only added, never
 * renamed, within a version.  Numbers are JSON numbers; shares and
 * fractions are 0..1 rounded to four decimals, mean progress is per cent
 * rounded to one decimal; dates are "YYYY-MM-DD" strings; unknown values
 * are null.  Keys and enumerations are English whatever --lang says.
 */
#include "render.h"

#include <math.h>
#include <string.h>

#define JSON_VERSION 1

static void num(FILE *f, double v, int decimals)
{
	double scale = pow(10, decimals);
	double x = floor(v * scale + 0.5) / scale;
	char buf[64];
	size_t n;

	if (x == floor(x) && fabs(x) < 1e15) {
		fprintf(f, "%.0f", x);
		return;
	}
	snprintf(buf, sizeof(buf), "%.*f", decimals, x);
	n = strlen(buf);
	while (n && buf[n - 1] == '0')
		buf[--n] = '\0';
	fputs(buf, f);
}

/* a value of the plan (a target, an actual) as the plan writes it */
static void plain(FILE *f, double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		fprintf(f, "%.0f", v);
	else
		fprintf(f, "%.15g", v);
}

static void key(FILE *f, const char *k)
{
	json_string(f, k);
	fputs(": ", f);
}

static void str_or_null(FILE *f, const char *s)
{
	if (s && *s)
		json_string(f, s);
	else
		fputs("null", f);
}

static void id_list(FILE *f, const struct strlist *l)
{
	size_t i;

	putc('[', f);
	for (i = 0; i < l->n; i++) {
		if (i)
			fputs(", ", f);
		json_string(f, l->v[i]);
	}
	putc(']', f);
}

/* the members of a group, then its counts (without the braces) */
static void group(FILE *f, const struct report *r,
		  const struct report_group *g, const char *in)
{
	size_t i;

	fprintf(f, "%s\"tasks\": %zu,\n%s\"status\": {", in, g->tasks, in);
	for (i = 0; i < STATUS_COUNT; i++)
		fprintf(f, "%s\"%s\": %zu", i ? ", " : "",
			status_name((enum task_status)i), g->status[i]);
	fprintf(f, "},\n%s\"done\": %zu, \"at_risk\": %zu, \"overdue\": %zu, "
		"\"behind\": %zu, \"stale\": ", in, g->done, g->at_risk,
		g->overdue, g->behind);
	if (r->has_history)
		fprintf(f, "%zu", g->stale);
	else
		fputs("null", f);
	fprintf(f, ",\n%s\"mean_progress\": ", in);
	num(f, g->mean_progress, 1);
	fprintf(f, ",\n%s\"task_ids\": [", in);
	for (i = 0; i < g->n_members; i++)
		fprintf(f, "%s%d", i ? ", " : "",
			r->tasks[g->members[i]].task->id);
	fputs("]", f);
}

static void indicator(FILE *f, const struct report *r,
		      const struct report_indicator *ri, int with_task)
{
	const struct indicator *in = ri->ind;

	putc('{', f);
	if (with_task)
		fprintf(f, "\"task\": %d, ", r->tasks[ri->task].task->id);
	key(f, "name");
	json_string(f, in->name);
	fputs(", \"op\": ", f);
	json_string(f, op_name(in->op));
	fputs(", \"target\": ", f);
	plain(f, in->target);
	fputs(", \"unit\": ", f);
	json_string(f, in->unit);
	fputs(", \"actual\": ", f);
	if (in->has_actual)
		plain(f, in->actual);
	else
		fputs("null", f);
	fputs(", \"share\": ", f);
	if (ri->has_share)
		num(f, ri->share, 4);
	else
		fputs("null", f);
	fputs(", \"expected\": ", f);
	num(f, r->tasks[ri->task].expected, 4);
	fprintf(f, ", \"state\": \"%s\"}", ind_state_name(ri->state));
}

static void update(FILE *f, const struct report_task *rt)
{
	const struct report_update *u = rt->update;

	if (!u) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"date\": \"%s\", \"time\": %lld, \"days_ago\": %d, "
		"\"added\": %s, \"author\": ", u->date, (long long)u->time,
		rt->days_since_update, u->added ? "true" : "false");
	json_string(f, u->author);
	fputs(", \"email\": ", f);
	json_string(f, u->email);
	fprintf(f, ", \"commit\": \"%s\"}", u->commit);
}

static void task(FILE *f, const struct report *r, size_t i)
{
	const struct report_task *rt = &r->tasks[i];
	const struct task *t = rt->task;
	const char *in = "      ";
	size_t j;
	int any = 0;

	fprintf(f, "    {\n%s\"id\": %d,\n%s\"category\": ", in, t->id, in);
	json_string(f, t->category);
	fprintf(f, ",\n%s\"content\": ", in);
	json_string(f, t->content);
	fprintf(f, ",\n%s\"target\": ", in);
	json_string(f, t->target);
	fprintf(f, ",\n%s\"units\": {\"text\": ", in);
	json_string(f, t->units_text);
	fputs(", \"lead\": ", f);
	id_list(f, &t->lead);
	fputs(", \"cooperate\": ", f);
	id_list(f, &t->cooperate);
	fputs(", \"implement\": ", f);
	id_list(f, &t->implement);
	fprintf(f, "},\n%s\"indicators\": [", in);
	for (j = rt->first_indicator;
	     j < rt->first_indicator + t->n_indicators; j++) {
		fputs(any++ ? ",\n        " : "\n        ", f);
		indicator(f, r, &r->indicators[j], 0);
	}
	fprintf(f, "%s],\n%s\"deadline\": \"%s\", \"days_left\": %d,\n",
		any ? "\n      " : "", in, t->deadline, rt->days_left);
	fprintf(f, "%s\"status\": \"%s\", \"progress\": %d, "
		"\"expected_progress\": %d,\n%s\"as_of\": ", in,
		status_name(t->status), t->progress, rt->expected_pct, in);
	str_or_null(f, t->as_of);
	fputs(", \"note\": ", f);
	json_string(f, t->note);
	fprintf(f, ",\n%s\"overdue\": %s, \"behind\": %s, \"stale\": %s,\n",
		in, rt->overdue ? "true" : "false",
		rt->behind ? "true" : "false", !r->has_history ? "null" :
		rt->stale ? "true" : "false");
	fprintf(f, "%s\"last_update\": ", in);
	update(f, rt);
	fputs("\n    }", f);
}

static void from_to(FILE *f, double from, double to)
{
	fputs("{\"from\": ", f);
	num(f, from, 1);
	fputs(", \"to\": ", f);
	num(f, to, 1);
	fputc('}', f);
}

/* "period": what changed from p->since to the report's day */
static void period(FILE *f, const struct report *r,
		   const struct report_period *p)
{
	size_t i, j;

	fprintf(f, "{\n    \"since\": \"%s\", \"until\": \"%s\", "
		"\"start_commit\": ", p->since, p->until);
	str_or_null(f, p->start_commit[0] ? p->start_commit : NULL);
	fputs(", \"start_date\": ", f);
	str_or_null(f, p->start_commit[0] ? p->start_day : NULL);
	fputs(",\n    \"counts\": {", f);
	for (i = 0; i < PERIOD_KINDS; i++)
		fprintf(f, "%s\"%s\": %zu", i ? ", " : "", period_kind_name(i),
			p->count[i]);
	fputs("},\n    \"mean_progress\": ", f);
	from_to(f, p->total_from, r->total.mean_progress);
	fputs(",\n    \"categories\": [", f);
	for (i = 0; i < r->n_categories; i++) {
		fprintf(f, "%s{\"index\": %d, \"mean_progress\": ",
			i ? ", " : "", r->categories[i].index);
		from_to(f, p->category_from[i], r->categories[i].mean_progress);
		fputc('}', f);
	}
	fputs("],\n    \"units\": [", f);
	for (i = 0; i < r->n_units; i++) {
		fprintf(f, "%s{\"id\": ", i ? ", " : "");
		json_string(f, r->units[i].key);
		fputs(", \"mean_progress\": ", f);
		from_to(f, p->unit_from[i], r->units[i].mean_progress);
		fputc('}', f);
	}
	fputs("],\n    \"tasks\": [", f);
	for (i = 0; i < p->n_tasks; i++) {
		const struct period_task *t = &p->tasks[i];
		const struct task *k = r->tasks[t->task].task;
		const char *sep = "";

		fprintf(f, "%s\n      {\"task\": %d, \"what\": [", i ? "," : "",
			k->id);
		for (j = 0; j < PERIOD_KINDS; j++)
			if (t->what & 1u << j) {
				fprintf(f, "%s\"%s\"", sep,
					period_kind_name(j));
				sep = ", ";
			}
		fprintf(f, "], \"status\": {\"from\": \"%s\", \"to\": "
			"\"%s\"}, \"progress\": {\"from\": %d, \"to\": %d}, "
			"\"changes\": [", status_name(t->status_from),
			status_name(k->status), t->progress_from, k->progress);
		for (j = 0; j < t->n_changes; j++) {
			const struct period_change *c = &t->changes[j];

			fprintf(f, "%s{\"field\": ", j ? ", " : "");
			json_string(f, c->field);
			fputs(", \"old\": ", f);
			str_or_null(f, c->old_value);
			fputs(", \"new\": ", f);
			str_or_null(f, c->new_value);
			fprintf(f, ", \"class\": \"%s\"}",
				c->plan ? "plan" : "progress");
		}
		fputs("]}", f);
	}
	fputs(p->n_tasks ? "\n    ],\n    \"removed\": [" :
	      "],\n    \"removed\": [", f);
	for (i = 0; i < p->n_removed; i++)
		fprintf(f, "%s%d", i ? ", " : "", p->removed[i]);
	fputs("],\n    \"supervise\": [", f);
	for (i = 0; i < p->n_silent; i++) {
		const struct period_unit *u = &p->silent[i];

		fprintf(f, "%s\n      {\"unit\": ", i ? "," : "");
		json_string(f, u->id);
		fputs(", \"name\": ", f);
		json_string(f, u->name);
		fputs(", \"tasks\": [", f);
		for (j = 0; j < u->n_tasks; j++)
			fprintf(f, "%s%d", j ? ", " : "",
				r->tasks[u->tasks[j]].task->id);
		fputs("]}", f);
	}
	fputs(p->n_silent ? "\n    ]\n  }" : "]\n  }", f);
}

void render_json(FILE *f, const struct report *r,
		 const struct render_opts *o)
{
	static const char *const by[] = { "default", "category", "unit",
					  "status" };
	const char *in = "      ";
	size_t i;

	fprintf(f, "{\n  \"report\": \"summary\",\n  \"version\": %d,\n",
		JSON_VERSION);
	fputs("  \"title\": ", f);
	json_string(f, r->plan->title);
	fprintf(f, ",\n  \"year\": %d,\n  \"today\": \"%s\",\n", r->plan->year,
		r->today);
	fputs("  \"revision\": ", f);
	str_or_null(f, o->source);
	fputs(",\n  \"commit\": ", f);
	str_or_null(f, o->commit);
	fputs(",\n  \"commit_date\": ", f);
	str_or_null(f, o->commit ? o->commit_day : NULL);
	fputs(",\n  \"year_elapsed\": ", f);
	num(f, r->year_elapsed, 4);
	fprintf(f, ",\n  \"by\": \"%s\",\n  \"stale_days\": %d,\n", by[r->by],
		REPORT_STALE_DAYS);
	fprintf(f, "  \"history\": {\"available\": %s, \"note\": ",
		r->has_history ? "true" : "false");
	str_or_null(f, r->history_note);
	fputs("},\n  \"totals\": {\n", f);
	group(f, r, &r->total, "    ");
	fputs("\n  },\n  \"categories\": [", f);
	for (i = 0; i < r->n_categories; i++) {
		const struct report_group *g = &r->categories[i];

		fprintf(f, "%s\n    {\n%s\"index\": %d, \"name\": ",
			i ? "," : "", in, g->index);
		json_string(f, g->name);
		fputs(",\n", f);
		group(f, r, g, in);
		fputs("\n    }", f);
	}
	fprintf(f, "%s],\n  \"unit_roles\": \"%s\",\n  \"units\": [",
		r->n_categories ? "\n  " : "", r->unit_roles ? "all" : "lead");
	for (i = 0; i < r->n_units; i++) {
		const struct report_group *g = &r->units[i];
		const struct unit *u = plan_unit(r->plan, g->key);

		fprintf(f, "%s\n    {\n%s\"id\": ", i ? "," : "", in);
		json_string(f, g->key);
		fputs(", \"name\": ", f);
		json_string(f, g->name);
		fprintf(f, ", \"kind\": \"%s\",\n%s\"lead\": %zu, "
			"\"cooperate\": %zu, \"implement\": %zu,\n",
			u ? unit_kind_name(u->kind) : "department", in,
			g->roles[ROLE_LEAD], g->roles[ROLE_COOPERATE],
			g->roles[ROLE_IMPLEMENT]);
		group(f, r, g, in);
		fputs("\n    }", f);
	}
	fprintf(f, "%s],\n  \"statuses\": [", r->n_units ? "\n  " : "");
	for (i = 0; i < STATUS_COUNT; i++) {
		fprintf(f, "%s\n    {\n%s\"status\": \"%s\",\n", i ? "," : "",
			in, status_name((enum task_status)i));
		group(f, r, &r->statuses[i], in);
		fputs("\n    }", f);
	}
	fputs("\n  ],\n  \"indicators\": [", f);
	for (i = 0; i < r->n_indicators; i++) {
		fputs(i ? ",\n    " : "\n    ", f);
		indicator(f, r, &r->indicators[i], 1);
	}
	fprintf(f, "%s],\n  \"attention\": [", r->n_indicators ? "\n  " : "");
	for (i = 0; i < r->n_attention; i++) {
		const struct report_task *rt = &r->tasks[r->attention[i]];
		const char *sep = "";

		fprintf(f, "%s\n    {\"task\": %d, \"reasons\": [",
			i ? "," : "", rt->task->id);
		if (rt->attention & ATT_OVERDUE) {
			fputs("\"overdue\"", f);
			sep = ", ";
		}
		if (rt->attention & ATT_AT_RISK) {
			fprintf(f, "%s\"at_risk\"", sep);
			sep = ", ";
		}
		if (rt->attention & ATT_STALE)
			fprintf(f, "%s\"stale\"", sep);
		fprintf(f, "], \"days_left\": %d, \"days_since_update\": ",
			rt->days_left);
		if (rt->update)
			fprintf(f, "%d}", rt->days_since_update);
		else
			fputs("null}", f);
	}
	fprintf(f, "%s],\n  \"period\": ", r->n_attention ? "\n  " : "");
	if (o->period)
		period(f, r, o->period);
	else
		fputs("null", f);
	fputs(",\n  \"tasks\": [\n", f);
	for (i = 0; i < r->n_tasks; i++) {
		task(f, r, i);
		fputs(i + 1 < r->n_tasks ? ",\n" : "\n", f);
	}
	fputs("  ]\n}\n", f);
}
