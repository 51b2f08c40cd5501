/*
 * render_chart: the year in pictures in the HTML report, as inline SVG
 * (no script, printable): mean progress, overall and by category, against
 * the time line; each indicator's reported values against its target;
 * each task's status at each point.  See render_html.c.
 */
#include "render_html_impl.h"
#include "date.h"

#include <math.h>
#include <stdlib.h>

struct chart {
	double w, h;		/* the drawing area */
	double left, top;	/* its offset in the SVG */
	long y0, len;		/* the plan's year: first day, days */
	double max;		/* the y axis' top value */
};

static double cx(const struct chart *c, const char *date)
{
	return c->left + c->w * (double)(date_days(date) - c->y0) /
		(double)(c->len - 1);
}

static double cy(const struct chart *c, double v)
{
	return c->top + c->h - c->h * (v < 0 ? 0 : v > c->max ? c->max : v) /
		c->max;
}

/* the top of an axis: 1, 2, 5 or 10 times a power of ten, at least v */
static double nice_top(double v)
{
	double p, m;

	if (v <= 0)
		return 1;
	p = pow(10, floor(log10(v)));
	m = v / p;
	return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

static void chart_start(FILE *f, struct chart *c, const struct report *r,
			double width, double height, const char *label,
			double max)
{
	char d[16];

	snprintf(d, sizeof(d), "%d-01-01", r->plan->year % 10000);
	c->y0 = date_days(d);
	snprintf(d, sizeof(d), "%d-01-01", (r->plan->year + 1) % 10000);
	c->len = date_days(d) - c->y0;
	c->left = 34;
	c->top = 8;
	c->w = width - c->left - 10;
	c->h = height - c->top - 22;
	c->max = nice_top(max);
	fprintf(f, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" "
		"width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-label=\"",
		width, height, width, height);
	html_esc(f, label);
	fputs("\"><title>", f);
	html_esc(f, label);
	fputs("</title>", f);
}

/* the day of the year of each month's 15th, from 0 */
static const int mid_month[12] = {
	14, 45, 73, 104, 134, 165, 195, 226, 257, 287, 318, 348
};

/* the axes: five levels up to the top, the months below, each axis
 * named (y_name above the values, the month's word after them) */
static void chart_axes(FILE *f, const struct chart *c, int pct,
		       const char *y_name, enum render_lang lang)
{
	int i;

	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" "
		"fill=\"#52606d\">", c->left + 3, c->top + 7);
	html_esc(f, y_name);
	fputs("</text>", f);
	if (c->w > 300)	/* small multiples: the section says it */
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" "
			"text-anchor=\"end\" fill=\"#52606d\">%s</text>",
			c->left + c->w + 8, c->top + c->h + 13,
			render_msg(lang, M_CH_MONTH));

	for (i = 0; i <= 4; i++) {
		double v = c->max * i / 4, y = cy(c, v);
		struct sbuf b = { 0 };

		fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
			"y2=\"%.1f\" stroke=\"#d5d9e0\" stroke-width=\"%s\"/>",
			c->left, c->left + c->w, y, y, i ? "0.6" : "1");
		render_number(&b, v);
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" "
			"text-anchor=\"end\" fill=\"#52606d\">%s%s</text>",
			c->left - 3, y + 3, b.s, pct ? "%" : "");
		sbuf_release(&b);
	}
	for (i = 1; i <= (c->w > 300 ? 11 : 12); i++)
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" "
			"text-anchor=\"middle\" fill=\"#52606d\">%d</text>",
			c->left + c->w * mid_month[i - 1] / 365.0,
			c->top + c->h + 13, i);
}

/* a line through the points where has[i] (NULL: all), with markers:
 * a circle, or a square for dashed lines (legible in grey print) */
static void chart_line(FILE *f, const struct chart *c, const struct series *s,
		       const double *v, const unsigned char *has, int dashed,
		       const char *colour)
{
	size_t i;
	int first = 1;

	fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%s\""
		"%s points=\"", colour, dashed ? "1.4" : "2.2",
		dashed ? " stroke-dasharray=\"5 3\"" : "");
	for (i = 0; i < s->n; i++) {
		if (has && !has[i])
			continue;
		fprintf(f, "%s%.1f,%.1f", first ? "" : " ",
			cx(c, s->v[i].date), cy(c, v[i]));
		first = 0;
	}
	fputs("\"/>", f);
	for (i = 0; i < s->n; i++) {
		double x = cx(c, s->v[i].date), y = cy(c, v[i]);

		if (has && !has[i])
			continue;
		if (dashed)
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"4\" "
				"height=\"4\" fill=\"%s\"/>", x - 2, y - 2,
				colour);
		else
			fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.6\" "
				"fill=\"%s\"/>", x, y, colour);
	}
}

/* mean progress at each point (negative: no task then) against the
 * time line */
static void chart_progress(FILE *f, const struct report *r,
			   const struct series *s, const double *mean,
			   double width, double height, const char *label,
			   enum render_lang lang)
{
	struct chart c;
	double *time = xcalloc(s->n + 1, sizeof(double));
	unsigned char *has = xcalloc(s->n + 1, 1);
	size_t i;

	for (i = 0; i < s->n; i++) {
		time[i] = 100 * s->v[i].elapsed;
		has[i] = mean[i] >= 0;
	}
	chart_start(f, &c, r, width, height, label, 100);
	chart_axes(f, &c, 1, render_msg(lang, M_CH_PROGRESS), lang);
	chart_line(f, &c, s, time, NULL, 1, "#7b8794");
	chart_line(f, &c, s, mean, has, 0, "#1f5fa8");
	fputs("</svg>", f);
	free(time);
	free(has);
}

void html_charts(FILE *f, const struct report *r, const struct series *s,
		 enum render_lang lang)
{
	struct sbuf b = { 0 };
	double *v;
	size_t i, j, k, drawn;

	fprintf(f, "<section id=\"year\">\n<h2>%s</h2>\n",
		render_msg(lang, M_SEC_CHARTS));
	if (!s || !s->n) {
		html_note(f, render_msg(lang, M_CH_NO_HISTORY));
		fputs("</section>\n", f);
		return;
	}
	/* the plan as a whole, and its data beside it */
	fputs("<div class=\"year\"><figure>", f);
	v = xcalloc(s->n + 1, sizeof(double));
	for (i = 0; i < s->n; i++)
		v[i] = s->v[i].mean;
	sbuf_printf(&b, "%s / %s", render_msg(lang, M_CH_MEAN),
		    render_msg(lang, M_CH_TIMELINE));
	chart_progress(f, r, s, v, 560, 200, b.s, lang);
	free(v);
	fputs("<figcaption><span class=\"key solid\"></span>", f);
	html_esc(f, render_msg(lang, M_CH_MEAN));
	fputs(" <span class=\"key dashed\"></span>", f);
	html_esc(f, render_msg(lang, M_CH_TIMELINE));
	fputs("</figcaption></figure>\n<table class=\"data\"><thead><tr>", f);
	fprintf(f, "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
		"<tbody>", render_msg(lang, M_CH_DATE),
		render_msg(lang, M_CH_MEAN), render_msg(lang, M_CH_TIMELINE),
		render_msg(lang, M_CH_COMMIT));
	for (i = 0; i < s->n; i++)
		fprintf(f, "<tr><td>%s</td><td class=\"r\">%.1f%%</td>"
			"<td class=\"r\">%.0f%%</td><td><code>%.7s</code></td>"
			"</tr>", s->v[i].date, s->v[i].mean,
			100 * s->v[i].elapsed, s->v[i].commit[0] ?
			s->v[i].commit : "-");
	fputs("</tbody></table></div>\n", f);
	html_note(f, render_msg(lang, M_CH_LEGEND));
	sbuf_release(&b);

	/* each category, small */
	fprintf(f, "<h3>%s</h3>\n<div class=\"multiples\">",
		render_msg(lang, M_CH_CATEGORIES));
	v = xcalloc(s->n + 1, sizeof(double));
	for (j = 0; j < r->n_categories; j++) {
		for (i = 0; i < s->n; i++)
			v[i] = s->v[i].category[j];
		render_category(&b, r, j, lang);
		fputs("<figure>", f);
		chart_progress(f, r, s, v, 240, 110, b.s, lang);
		fputs("<figcaption>", f);
		html_escb(f, &b);
		fputs("</figcaption></figure>", f);
	}
	free(v);
	fputs("</div>\n", f);

	/* each indicator with a value reported */
	fprintf(f, "<h3>%s</h3>\n<div class=\"multiples\">",
		render_msg(lang, M_CH_INDICATORS));
	v = xcalloc(s->n + 1, sizeof(double));
	drawn = 0;
	for (k = 0; k < r->n_indicators; k++) {
		const struct report_indicator *ri = &r->indicators[k];
		unsigned char *has = xcalloc(s->n + 1, 1);
		double top = ri->ind->target, y;
		struct chart c;
		int any = 0;

		for (i = 0; i < s->n; i++) {
			v[i] = s->v[i].actual[k];
			has[i] = s->v[i].has_actual[k];
			any |= has[i];
			if (has[i] && v[i] > top)
				top = v[i];
		}
		if (!any) {
			free(has);
			continue;
		}
		drawn++;
		sbuf_printf(&b, "%d ", r->tasks[ri->task].task->id);
		sbuf_adds(&b, ri->ind->name);
		sbuf_printf(&b, " (%s)", ri->ind->unit);
		fputs("<figure>", f);
		chart_start(f, &c, r, 240, 110, b.s, top * 1.1);
		chart_axes(f, &c, 0, ri->ind->unit, lang);
		y = cy(&c, ri->ind->target);
		fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
			"y2=\"%.1f\" stroke=\"#7b8794\" stroke-width=\"1.4\" "
			"stroke-dasharray=\"5 3\"/>", c.left, c.left + c.w, y,
			y);
		chart_line(f, &c, s, v, has, 0, "#1f5fa8");
		fputs("</svg><figcaption>", f);
		html_escb(f, &b);
		fprintf(f, "<br>%s ", render_msg(lang, M_TARGET));
		render_number(&b, ri->ind->target);
		html_escb(f, &b);
		fprintf(f, " · %s ", render_msg(lang, M_CH_VALUE));
		for (i = 0, j = 0; i < s->n; i++)
			if (has[i]) {
				sbuf_printf(&b, "%s%.5s ", j++ ? ", " : "",
					    s->v[i].date + 5);
				render_number(&b, v[i]);
			}
		html_escb(f, &b);
		fputs("</figcaption></figure>", f);
		free(has);
	}
	free(v);
	fputs("</div>\n", f);
	if (!drawn)
		html_note(f, render_msg(lang, M_CH_NO_VALUES));

	/* each task's status at each point: a grid of cells, filled by
	 * pattern as well as colour */
	fprintf(f, "<h3>%s</h3>\n", render_msg(lang, M_CH_TASKS));
	{
		double cw = 560.0 / (double)(s->n ? s->n : 1), rh = 9;
		double height = 16 + rh * (double)r->n_tasks;
		static const char *const fill[STATUS_COUNT] = {
			"#ffffff", "#9db8d9", "url(#risk)", "#1f3b5c"
		};

		fprintf(f, "<svg class=\"chart\" viewBox=\"0 0 600 %.0f\" "
			"width=\"600\" height=\"%.0f\" role=\"img\" "
			"aria-label=\"%s\"><title>%s</title><defs><pattern "
			"id=\"risk\" width=\"4\" height=\"4\" patternUnits="
			"\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
			"<rect width=\"4\" height=\"4\" fill=\"#f4c7c3\"/>"
			"<line y2=\"4\" stroke=\"#b3261e\" stroke-width=\"2\"/>"
			"</pattern></defs>", height, height,
			render_msg(lang, M_CH_TASKS), render_msg(lang,
								M_CH_TASKS));
		for (i = 0; i < s->n; i++)
			fprintf(f, "<text x=\"%.1f\" y=\"10\" font-size=\"8\" "
				"text-anchor=\"middle\" fill=\"#52606d\">%.5s"
				"</text>", 36 + cw * ((double)i + 0.5),
				s->v[i].date + 5);
		for (k = 0; k < r->n_tasks; k++) {
			double y = 14 + rh * (double)k;

			fprintf(f, "<text x=\"30\" y=\"%.1f\" font-size=\"8\" "
				"text-anchor=\"end\" fill=\"#52606d\">%d</text>",
				y + 7, r->tasks[k].task->id);
			for (i = 0; i < s->n; i++) {
				int st = s->v[i].task_status[k];

				if (st < 0)
					continue;
				fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" "
					"width=\"%.1f\" height=\"%.0f\" "
					"fill=\"%s\" stroke=\"#9aa5b1\" "
					"stroke-width=\"0.4\"><title>%d · %s · "
					"%s %d%%</title></rect>",
					36 + cw * (double)i, y, cw, rh - 1,
					fill[st], r->tasks[k].task->id,
					s->v[i].date, render_status(lang,
					(enum task_status)st),
					s->v[i].task_progress[k]);
			}
		}
		fputs("</svg>\n<p class=\"legend\">", f);
		for (i = 0; i < STATUS_COUNT; i++)
			fprintf(f, "<span class=\"key st%zu\"></span>%s ", i,
				render_status(lang, (enum task_status)i));
		fputs("</p>\n", f);
	}
	fputs("</section>\n", f);
}
