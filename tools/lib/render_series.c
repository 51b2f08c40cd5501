/*
 * render_series: summary --series, the year point by point as data: one
 * row per point (its day, the commit read, the time line, the mean
 * progress, the tasks in each status), then, in CSV and JSON, each
 * category's mean progress and each indicator's value.  CSV is
 * render_csv.c's (render_csv_series), JSON as docs/summary.md describes
 * it.
 */
#include "render.h"
#include "wcwidth.h"

static void json(FILE *f, const struct report *r, const struct series *s)
{
	struct sbuf b = { 0 };
	size_t i, j;

	fprintf(f, "{\n  \"report\": \"series\",\n  \"version\": 1,\n"
		"  \"step\": \"%s\",\n  \"title\": ", series_step_name(s->step));
	json_string(f, r->plan->title);
	fprintf(f, ",\n  \"year\": %d,\n  \"today\": \"%s\",\n"
		"  \"unread_versions\": %zu,\n  \"points\": [", r->plan->year,
		r->today, s->unread);
	for (i = 0; i < s->n; i++) {
		const struct series_point *p = &s->v[i];

		fprintf(f, "%s\n    {\"date\": \"%s\", \"commit\": ",
			i ? "," : "", p->date);
		if (p->commit[0])
			fprintf(f, "\"%s\"", p->commit);
		else
			fputs("null", f);
		fprintf(f, ", \"time_elapsed\": %.4f, \"tasks\": %zu, "
			"\"mean_progress\": %.1f,\n     \"status\": {",
			p->elapsed, p->tasks, p->mean);
		for (j = 0; j < STATUS_COUNT; j++)
			fprintf(f, "%s\"%s\": %zu", j ? ", " : "",
				status_name((enum task_status)j),
				p->status[j]);
		fputs("},\n     \"categories\": [", f);
		for (j = 0; j < r->n_categories; j++)
			if (p->category[j] < 0)
				fprintf(f, "%snull", j ? ", " : "");
			else
				fprintf(f, "%s%.1f", j ? ", " : "",
					p->category[j]);
		fputs("],\n     \"indicators\": [", f);
		for (j = 0; j < r->n_indicators; j++) {
			const struct report_indicator *ri = &r->indicators[j];

			fprintf(f, "%s{\"task\": %d, \"name\": ", j ? ", " : "",
				r->tasks[ri->task].task->id);
			json_string(f, ri->ind->name);
			fputs(", \"actual\": ", f);
			if (p->has_actual[j]) {
				render_number(&b, p->actual[j]);
				fputs(b.s, f);
				sbuf_release(&b);
			} else {
				fputs("null", f);
			}
			fputc('}', f);
		}
		fputs("],\n     \"tasks\": [", f);
		for (j = 0; j < r->n_tasks; j++) {
			int st = p->task_status[j];

			fprintf(f, "%s{\"task\": %d, \"status\": ", j ? ", " : "",
				r->tasks[j].task->id);
			if (st < 0)
				fputs("null, \"progress\": null}", f);
			else
				fprintf(f, "\"%s\", \"progress\": %d}",
					status_name((enum task_status)st),
					p->task_progress[j]);
		}
		fputs("]}", f);
	}
	fputs(s->n ? "\n  ]\n}\n" : "]\n}\n", f);
}

/* s, padded with spaces to cols columns of a terminal */
static void padded(FILE *f, const char *s, size_t cols, int right)
{
	size_t w = utf8_width(s);

	for (; right && w < cols; w++)
		putc(' ', f);
	fputs(s, f);
	for (; !right && w < cols; w++)
		putc(' ', f);
}

/* text and Markdown: the plan's line, one row per point */
static void table(FILE *f, const struct report *r, const struct series *s,
		  enum render_lang lang, int md)
{
	static const size_t width[8] = { 10, 10, 8, 8, 6, 6, 6, 6 };
	const char *head[8];
	char cell[8][48];
	size_t i, j;

	head[0] = render_msg(lang, M_CH_DATE);
	head[1] = render_msg(lang, M_CH_COMMIT);
	head[2] = render_msg(lang, M_CH_TIMELINE);
	head[3] = render_msg(lang, M_MEAN_PROGRESS);
	for (j = 0; j < STATUS_COUNT; j++)
		head[4 + j] = render_status(lang, (enum task_status)j);
	fprintf(f, md ? "# %s\n\n" : "%s\n", r->plan->title);
	for (j = 0; j < 8; j++) {
		fputs(md ? "| " : j ? "  " : "", f);
		padded(f, head[j], md ? 0 : width[j], j > 1);
		fputs(md ? " " : "", f);
	}
	fputs(md ? "|\n|---|---|---:|---:|---:|---:|---:|---:|\n" : "\n", f);
	for (i = 0; i < s->n; i++) {
		const struct series_point *p = &s->v[i];

		snprintf(cell[0], 48, "%s", p->date);
		snprintf(cell[1], 48, "%.10s", p->commit[0] ? p->commit : "-");
		snprintf(cell[2], 48, "%.0f%%", 100 * p->elapsed);
		snprintf(cell[3], 48, "%.1f%%", p->mean);
		for (j = 0; j < STATUS_COUNT; j++)
			snprintf(cell[4 + j], 48, "%zu", p->status[j]);
		for (j = 0; j < 8; j++) {
			fputs(md ? "| " : j ? "  " : "", f);
			padded(f, cell[j], md ? 0 : width[j] > utf8_width(
			       head[j]) ? width[j] : utf8_width(head[j]),
			       j > 1);
			fputs(md ? " " : "", f);
		}
		fputs(md ? "|\n" : "\n", f);
	}
}

void render_series(FILE *f, const struct report *r,
		   const struct render_opts *o)
{
	const struct series *s = o->series;

	if (!s)
		return;
	switch (o->format) {
	case RENDER_CSV: render_csv_series(f, r, s, o->lang); break;
	case RENDER_JSON: json(f, r, s); break;
	case RENDER_MD: table(f, r, s, o->lang, 1); break;
	default: table(f, r, s, o->lang, 0); break;
	}
}
