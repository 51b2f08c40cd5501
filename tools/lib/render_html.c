/*
 * render_html: the report as one self-contained page, to send to city
 * leaders or print.  Everything is inline: the style sheet, the charts
 * (CSS bars for progress, SVG for indicators and the status mix); no
 * script, no font, image or style sheet fetched from anywhere, so the file
 * reads the same offline, attached to a mail or archived.  @page and
 * @media print lay it out on A4.  Every task has an element with
 * id="task-N" in the task list, which the attention list links to.
 * The charts of the year, point by point, are in render_chart.c.
 */
#include "render_html_impl.h"

#include <string.h>

#ifndef PLAN_VERSION
#define PLAN_VERSION "0"
#endif

static const char style[] =
	"@page{size:A4;margin:14mm 12mm}\n"
	":root{--ink:#1f2933;--muted:#667085;--line:#e4e7ec;"
	"--accent:#1f4e79;--soft:#eef3f9;--good:#2e7d32;--warn:#c77700;"
	"--bad:#c0392b;--dim:#98a2b3}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;background:#eef0f3;color:var(--ink);"
	"font:13px/1.55 \"Noto Sans CJK SC\",\"Source Han Sans SC\","
	"\"PingFang SC\",\"Microsoft YaHei\",\"WenQuanYi Micro Hei\","
	"\"Noto Sans\",sans-serif}\n"
	"main{max-width:210mm;margin:16px auto;background:#fff;"
	"padding:14mm 13mm;box-shadow:0 1px 4px rgba(0,0,0,.12)}\n"
	"header{border-bottom:3px solid var(--accent);padding-bottom:8px;"
	"margin-bottom:14px}\n"
	"header .kicker{color:var(--accent);font-weight:700;"
	"letter-spacing:.08em}\n"
	"h1{font-size:21px;margin:2px 0 4px;line-height:1.3}\n"
	"header .meta{color:var(--muted)}\n"
	"h2{font-size:15px;color:var(--accent);margin:20px 0 8px;"
	"padding-left:8px;border-left:4px solid var(--accent);"
	"break-after:avoid}\n"
	".cards{display:grid;grid-template-columns:repeat(4,1fr);gap:10px}\n"
	".card{border:1px solid var(--line);border-radius:8px;"
	"padding:10px 12px;background:var(--soft)}\n"
	".card .label{color:var(--muted);font-size:12px}\n"
	".card .num{font-size:26px;font-weight:700;line-height:1.2}\n"
	".card .sub{color:var(--muted);font-size:11.5px}\n"
	".card.alert .num{color:var(--bad)}\n"
	".card.good .num{color:var(--good)}\n"
	".mix{margin:12px 0 2px}\n"
	".mix svg{display:block;width:100%;height:14px;border-radius:7px}\n"
	".legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12px;"
	"color:var(--muted);margin-top:6px}\n"
	".legend i{display:inline-block;width:10px;height:10px;"
	"border-radius:2px;margin-right:5px;vertical-align:-1px}\n"
	"table{width:100%;border-collapse:collapse;font-size:12px}\n"
	"th{background:var(--soft);color:#344054;font-weight:600;"
	"text-align:left;white-space:nowrap}\n"
	"th,td{padding:5px 6px;border-bottom:1px solid var(--line);"
	"vertical-align:top}\n"
	".r{text-align:right;font-variant-numeric:tabular-nums;"
	"white-space:nowrap}\n"
	".nw{white-space:nowrap}\n"
	"tr.cat th{background:#fff;color:var(--accent);font-size:12.5px;"
	"padding-top:10px;border-bottom:2px solid var(--accent)}\n"
	".t-good{color:var(--good)}.t-warn{color:var(--warn)}"
	".t-bad{color:var(--bad);font-weight:600}.t-dim{color:var(--dim)}\n"
	".bar{display:flex;align-items:center;gap:6px;justify-content:"
	"flex-end}\n"
	".bar .track{flex:0 0 90px;height:9px;border-radius:5px;"
	"background:#e4e7ec;overflow:hidden;position:relative}\n"
	".bar .fill{display:block;height:100%;background:var(--accent);"
	"border-radius:5px}\n"
	".bar .fill.full{background:var(--good)}\n"
	".bar .fill.low{background:var(--warn)}\n"
	".bar .pct{min-width:3.6em;text-align:right}\n"
	".badge{display:inline-block;padding:0 7px;border-radius:9px;"
	"font-size:11.5px;white-space:nowrap;border:1px solid transparent}\n"
	".s-done{background:#e7f4e8;color:var(--good)}\n"
	".s-in_progress{background:#e8eff8;color:var(--accent)}\n"
	".s-at_risk{background:#fbe9e7;color:var(--bad)}\n"
	".s-not_started{background:#f2f4f7;color:var(--muted)}\n"
	".i-met{background:#e7f4e8;color:var(--good)}\n"
	".i-on_track{background:#e8eff8;color:var(--accent)}\n"
	".i-behind,.i-over{background:#fbe9e7;color:var(--bad)}\n"
	".i-no_data{background:#f2f4f7;color:var(--muted)}\n"
	".why{color:var(--warn);min-width:7.5em}\n"
	".why.bad{color:var(--bad)}\n"
	"td.units{min-width:6.5em}\n"
	".task b{font-weight:600}\n"
	".task .sub{color:var(--muted);font-size:11.5px}\n"
	"a{color:inherit;text-decoration:none;border-bottom:1px dotted "
	"var(--dim)}\n"
	".note{color:var(--muted);font-size:11.5px;margin:6px 0 0}\n"
	".empty{color:var(--muted)}\n"
	"svg.ind{display:block}\n"
	"table.tasks td.task{width:50%}\n"
	"table.tasks .bar .track{flex-basis:54px}\n"
	"table.attn td.task{width:28%}\n"
	".gauge{position:relative;height:8px;border-radius:4px;"
	"background:#d9e2ec;margin:5px 0 3px}\n"
	".gauge .fill{position:absolute;left:0;top:0;bottom:0;"
	"border-radius:4px;background:var(--accent)}\n"
	".gauge .mark{position:absolute;top:-3px;bottom:-3px;width:2px;"
	"background:var(--ink)}\n"
	"footer{margin-top:22px;padding-top:8px;border-top:1px solid "
	"var(--line);color:var(--muted);font-size:11px}\n"
	".year{display:flex;gap:16px;flex-wrap:wrap;align-items:flex-start}"
	"figure{margin:0}figcaption{font-size:11px;color:var(--muted)}"
	".multiples{display:grid;grid-template-columns:repeat(auto-fill,"
	"minmax(240px,1fr));gap:10px}"
	"table.data{font-size:11px;width:auto}"
	".key{display:inline-block;width:18px;height:9px;margin:0 4px;"
	"vertical-align:middle;border:1px solid #9aa5b1}"
	".key.solid{border:0;border-top:2.2px solid #1f5fa8;height:0}"
	".key.dashed{border:0;border-top:1.4px dashed #7b8794;height:0}"
	".key.st0{background:#fff}.key.st1{background:#9db8d9}"
	".key.st2{background:repeating-linear-gradient(45deg,#f4c7c3 0 2px,"
	"#b3261e 2px 4px)}.key.st3{background:#1f3b5c}\n"
	"@media print{body{background:#fff;font-size:11.5px}"
	"main{margin:0;padding:0;max-width:none;box-shadow:none}"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"thead{display:table-header-group}tr{break-inside:avoid}"
	".cards,.mix{break-inside:avoid}"
	"a{border-bottom:0}}\n"
	"@media (max-width:640px){.cards{grid-template-columns:"
	"repeat(2,1fr)}main{padding:16px}}\n";

void html_esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: putc(*s, f);
		}
	}
}

void html_escb(FILE *f, struct sbuf *b)
{
	html_esc(f, b->s ? b->s : "");
	sbuf_release(b);
}

static const char *tone_class(enum rtone t)
{
	switch (t) {
	case TONE_GOOD: return "t-good";
	case TONE_WARN: return "t-warn";
	case TONE_BAD: return "t-bad";
	case TONE_DIM: return "t-dim";
	default: return NULL;
	}
}

/* a progress bar: pct of the track filled, with its label */
static void bar(FILE *f, double pct, const char *label)
{
	double w = pct < 0 ? 0 : pct > 100 ? 100 : pct;

	fprintf(f, "<div class=\"bar\"><span class=\"track\"><span "
		"class=\"fill%s\" style=\"width:%.1f%%\"></span></span>"
		"<span class=\"pct\">", w >= 100 ? " full" : "", w);
	html_esc(f, label);
	fputs("</span></div>", f);
}

static void badge(FILE *f, const char *cls, const char *text)
{
	fprintf(f, "<span class=\"badge %s\">", cls);
	html_esc(f, text);
	fputs("</span>", f);
}

static void status_badge(FILE *f, enum task_status s, enum render_lang lang)
{
	char cls[32];

	snprintf(cls, sizeof(cls), "s-%s", status_name(s));
	badge(f, cls, render_status(lang, s));
}

static void section(FILE *f, const struct rtable *t)
{
	fprintf(f, "<section id=\"%s\">\n<h2>", t->id);
	html_esc(f, t->title);
	fputs("</h2>\n", f);
}

void html_note(FILE *f, const char *text)
{
	if (!text)
		return;
	fputs("<p class=\"note\">", f);
	html_esc(f, text);
	fputs("</p>\n", f);
}

/* a table of the view, bars drawn, rows linked to their task */
static void table(FILE *f, const struct rtable *t)
{
	size_t i, j;

	section(f, t);
	if (!t->n_rows) {
		fputs("<p class=\"empty\">", f);
		html_esc(f, t->empty ? t->empty : "");
		fputs("</p>\n", f);
		goto done;
	}
	fputs("<table>\n<thead><tr>", f);
	for (j = 0; j < t->n_cols; j++) {
		fputs(t->right >> j & 1 ? "<th class=\"r\">" : "<th>", f);
		html_esc(f, t->cols[j]);
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
	for (i = 0; i < t->n_rows; i++) {
		fputs("<tr>", f);
		for (j = 0; j < t->n_cols; j++) {
			const struct rcell *c = &t->cells[i * t->n_cols + j];
			const char *tc = tone_class(c->tone);

			fputs("<td", f);
			if ((t->right >> j & 1) || tc)
				fprintf(f, " class=\"%s%s%s\"",
					t->right >> j & 1 ? "r" : "",
					(t->right >> j & 1) && tc ? " " : "",
					tc ? tc : "");
			putc('>', f);
			if (c->bar >= 0) {
				bar(f, c->bar, c->text ? c->text : "");
			} else if (j == 0 && t->task_ids[i]) {
				fprintf(f, "<a href=\"#task-%d\">",
					t->task_ids[i]);
				html_esc(f, c->text ? c->text : "");
				fputs("</a>", f);
			} else {
				html_esc(f, c->text ? c->text : "");
			}
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
done:
	html_note(f, t->note);
	fputs("</section>\n", f);
}

/* gauge < 0: none; else a bar of gauge per cent with a mark at mark */
static void card(FILE *f, const char *cls, const char *label,
		 struct sbuf *num, struct sbuf *sub, double gauge, double mark)
{
	fprintf(f, "<div class=\"card%s%s\"><div class=\"label\">",
		cls ? " " : "", cls ? cls : "");
	html_esc(f, label);
	fputs("</div><div class=\"num\">", f);
	html_escb(f, num);
	fputs("</div>", f);
	if (gauge >= 0)
		fprintf(f, "<div class=\"gauge\"><span class=\"fill\" "
			"style=\"width:%.1f%%\"></span><span class=\"mark\" "
			"style=\"left:%.1f%%\"></span></div>",
			gauge > 100 ? 100 : gauge, mark > 99.5 ? 99.5 : mark);
	fputs("<div class=\"sub\">", f);
	html_escb(f, sub);
	fputs("</div></div>\n", f);
}

static const char *const status_colour[STATUS_COUNT] = {
	"#cfd4dc", "#4f7fb8", "#c0392b", "#2e7d32"
};

static void overview(FILE *f, const struct report *r, const struct rtable *t,
		     enum render_lang lang)
{
	const struct report_group *g = &r->total;
	struct sbuf num = { 0 }, sub = { 0 };
	double x = 0;
	size_t i;

	section(f, t);
	fputs("<div class=\"cards\">\n", f);
	sbuf_printf(&num, "%zu", g->tasks);
	/* TRANSLATORS: a count and its noun, "13 categories" */
	sbuf_printf(&sub, render_tr(lang, "%zu %s"), r->n_categories,
		    render_msg(lang, M_N_CATEGORIES));
	card(f, NULL, render_msg(lang, M_CARD_TASKS), &num, &sub, -1, 0);

	sbuf_printf(&num, "%zu", g->done);
	sbuf_printf(&sub, "%s ", render_msg(lang, M_SHARE_OF_ALL));
	render_pct(&sub, g->tasks ? (double)g->done / (double)g->tasks : 0);
	card(f, "good", render_msg(lang, M_DONE), &num, &sub, -1, 0);

	render_mean(&num, g->mean_progress);
	sbuf_printf(&sub, "%s ", render_msg(lang, M_YEAR_ELAPSED));
	render_pct(&sub, r->year_elapsed);
	card(f, NULL, render_msg(lang, M_MEAN_PROGRESS), &num, &sub,
	     g->mean_progress, r->year_elapsed * 100);

	sbuf_printf(&num, "%zu", r->n_attention);
	sbuf_printf(&sub, "%s %zu · %s %zu", render_msg(lang, M_OVERDUE),
		    g->overdue, render_msg(lang, M_AT_RISK), g->at_risk);
	if (r->has_history)
		sbuf_printf(&sub, " · %s %zu", render_msg(lang, M_STALE),
			    g->stale);
	card(f, r->n_attention ? "alert" : NULL,
	     render_msg(lang, M_CARD_ATTENTION), &num, &sub, -1, 0);
	fputs("</div>\n", f);

	/* the mix of statuses as one stacked bar */
	fputs("<div class=\"mix\"><svg viewBox=\"0 0 1000 14\" "
	      "preserveAspectRatio=\"none\" role=\"img\" aria-label=\"", f);
	for (i = 0; i < STATUS_COUNT; i++)
		fprintf(f, "%s%s %zu", i ? ", " : "",
			render_status(lang, (enum task_status)i),
			g->status[i]);
	fputs("\">", f);
	fputs("<rect width=\"1000\" height=\"14\" fill=\"#eef0f3\"/>", f);
	for (i = STATUS_COUNT; i-- > 0;) {
		double w = g->tasks ? 1000.0 * (double)g->status[i] /
			(double)g->tasks : 0;

		if (w > 0)
			fprintf(f, "<rect x=\"%.2f\" width=\"%.2f\" "
				"height=\"14\" fill=\"%s\"/>", x, w,
				status_colour[i]);
		x += w;
	}
	fputs("</svg>\n<div class=\"legend\">", f);
	for (i = STATUS_COUNT; i-- > 0;) {
		fprintf(f, "<span><i style=\"background:%s\"></i>",
			status_colour[i]);
		html_esc(f, render_status(lang, (enum task_status)i));
		fprintf(f, " %zu</span>", g->status[i]);
	}
	fputs("</div></div>\n", f);
	html_note(f, t->note);
	fputs("</section>\n", f);
}

/* target vs actual: the actual as a bar, the target as a mark */
static void indicator_svg(FILE *f, const struct report_indicator *ri,
			  enum render_lang lang)
{
	static const char *const fill[IND_STATE_COUNT] = {
		"#cfd4dc", "#2e7d32", "#4f7fb8", "#c0392b", "#c0392b"
	};
	const struct indicator *in = ri->ind;
	double top = in->target > 0 ? in->target : 0, w = 140, tx, ax;
	struct sbuf b = { 0 };

	if (in->has_actual && in->actual > top)
		top = in->actual;
	top = top > 0 ? top * 1.12 : 1;
	tx = in->target > 0 ? w * in->target / top : 0;
	ax = in->has_actual && in->actual > 0 ? w * in->actual / top : 0;
	fprintf(f, "<svg class=\"ind\" width=\"%.0f\" height=\"18\" "
		"viewBox=\"0 0 %.0f 18\" role=\"img\" aria-label=\"", w, w);
	sbuf_printf(&b, "%s %s ", render_msg(lang, M_TARGET),
		    render_op(lang, in->op));
	render_number(&b, in->target);
	sbuf_printf(&b, "%s, %s ", in->unit, render_msg(lang, M_ACTUAL));
	if (in->has_actual) {
		render_number(&b, in->actual);
		sbuf_adds(&b, in->unit);
	} else {
		sbuf_adds(&b, "-");
	}
	html_escb(f, &b);
	fprintf(f, "\"><rect y=\"5\" width=\"%.0f\" height=\"8\" rx=\"4\" "
		"fill=\"#eef0f3\"/>", w);
	if (ax > 0)
		fprintf(f, "<rect y=\"5\" width=\"%.2f\" height=\"8\" "
			"rx=\"4\" fill=\"%s\"/>", ax, fill[ri->state]);
	fprintf(f, "<rect x=\"%.2f\" y=\"1\" width=\"2\" height=\"16\" "
		"fill=\"#1f2933\"/></svg>",
		tx > w - 2 ? w - 2 : tx < 0 ? 0 : tx);
}

static void indicators(FILE *f, const struct report *r,
		       const struct rtable *t, enum render_lang lang)
{
	struct sbuf b = { 0 };
	size_t i;

	section(f, t);
	if (!r->n_indicators) {
		fputs("<p class=\"empty\">", f);
		html_esc(f, t->empty);
		fputs("</p>\n</section>\n", f);
		return;
	}
	fputs("<table>\n<thead><tr>", f);
	fprintf(f, "<th class=\"r\">%s</th>", render_msg(lang, M_ID));
	fprintf(f, "<th>%s</th>", render_msg(lang, M_INDICATOR));
	fprintf(f, "<th class=\"r\">%s</th>", render_msg(lang, M_TARGET));
	fprintf(f, "<th class=\"r\">%s</th>", render_msg(lang, M_ACTUAL));
	fprintf(f, "<th>%s %s %s</th>", render_msg(lang, M_TARGET),
		render_msg(lang, M_OF), render_msg(lang, M_ACTUAL));
	fprintf(f, "<th class=\"r\">%s</th>", render_msg(lang, M_SHARE));
	fprintf(f, "<th class=\"r\">%s</th>", render_msg(lang, M_EXPECTED));
	fprintf(f, "<th>%s</th></tr></thead>\n<tbody>\n",
		render_msg(lang, M_ASSESSMENT));
	for (i = 0; i < r->n_indicators; i++) {
		const struct report_indicator *ri = &r->indicators[i];
		const struct report_task *rt = &r->tasks[ri->task];
		const struct indicator *in = ri->ind;
		char cls[32];

		fprintf(f, "<tr><td class=\"r\"><a href=\"#task-%d\">%d</a>"
			"</td><td>", rt->task->id, rt->task->id);
		html_esc(f, in->name);
		fputs("</td><td class=\"r\">", f);
		sbuf_printf(&b, "%s ", render_op(lang, in->op));
		render_number(&b, in->target);
		sbuf_adds(&b, in->unit);
		html_escb(f, &b);
		fputs(in->has_actual ? "</td><td class=\"r\">" :
		      "</td><td class=\"r t-dim\">", f);
		if (in->has_actual) {
			render_number(&b, in->actual);
			sbuf_adds(&b, in->unit);
		} else {
			sbuf_adds(&b, "-");
		}
		html_escb(f, &b);
		fputs("</td><td>", f);
		indicator_svg(f, ri, lang);
		fputs("</td><td class=\"r\">", f);
		if (ri->has_share)
			render_pct(&b, ri->share);
		else
			sbuf_adds(&b, "-");
		html_escb(f, &b);
		fputs("</td><td class=\"r t-dim\">", f);
		render_pct(&b, rt->expected);
		html_escb(f, &b);
		fputs("</td><td>", f);
		snprintf(cls, sizeof(cls), "i-%s", ind_state_name(ri->state));
		badge(f, cls, render_ind_state(lang, ri->state));
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
	html_note(f, t->note);
	fputs("</section>\n", f);
}

static void attention(FILE *f, const struct report *r,
		      const struct rtable *t, enum render_lang lang)
{
	struct sbuf b = { 0 };
	size_t i;

	section(f, t);
	if (!r->n_attention) {
		fputs("<p class=\"empty\">", f);
		html_esc(f, t->empty);
		fputs("</p>\n", f);
		goto done;
	}
	fputs("<table class=\"attn\">\n<thead><tr>", f);
	fprintf(f, "<th class=\"r\">%s</th><th>%s</th><th>%s</th>"
		"<th>%s</th><th class=\"r\">%s</th><th>%s</th><th>%s</th>"
		"<th>%s</th></tr></thead>\n<tbody>\n",
		render_msg(lang, M_ID), render_msg(lang, M_TASK),
		render_msg(lang, M_LEAD_UNITS), render_msg(lang, M_STATUS),
		render_msg(lang, M_PROGRESS), render_msg(lang, M_DEADLINE),
		render_msg(lang, M_LAST_UPDATE), render_msg(lang, M_REASON));
	for (i = 0; i < r->n_attention; i++) {
		const struct report_task *rt = &r->tasks[r->attention[i]];
		const struct task *k = rt->task;

		fprintf(f, "<tr><td class=\"r\"><a href=\"#task-%d\">%d</a>"
			"</td><td class=\"task\">", k->id, k->id);
		render_title(&b, k);
		html_escb(f, &b);
		fputs("</td><td class=\"units\">", f);
		render_units(&b, r, &k->lead);
		html_escb(f, &b);
		fputs("</td><td>", f);
		status_badge(f, k->status, lang);
		fprintf(f, "</td><td class=\"r\">%d%%</td><td class=\"nw%s\">"
			"%s</td><td class=\"nw%s\">", k->progress,
			rt->overdue ? " t-bad" : "", k->deadline,
			rt->stale ? " t-warn" : "");
		render_update(&b, rt, lang);
		html_escb(f, &b);
		fputs(rt->overdue ? "</td><td class=\"why bad\">" :
		      "</td><td class=\"why\">", f);
		render_reasons(&b, rt, lang);
		html_escb(f, &b);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
done:
	html_note(f, t->note);
	fputs("</section>\n", f);
}

static void tasks(FILE *f, const struct report *r, const struct rtable *t,
		  enum render_lang lang)
{
	struct sbuf b = { 0 };
	long last = -2;
	size_t i;

	section(f, t);
	fputs("<table class=\"tasks\">\n<thead><tr>", f);
	fprintf(f, "<th class=\"r\">%s</th><th>%s</th><th>%s</th>"
		"<th>%s</th><th class=\"r\">%s</th><th>%s</th><th>%s</th>"
		"</tr></thead>\n<tbody>\n",
		render_msg(lang, M_ID), render_msg(lang, M_TASK),
		render_msg(lang, M_LEAD_UNITS), render_msg(lang, M_STATUS),
		render_msg(lang, M_PROGRESS), render_msg(lang, M_DEADLINE),
		render_msg(lang, M_LAST_UPDATE));
	for (i = 0; i < r->n_tasks; i++) {
		const struct report_task *rt = &r->tasks[i];
		const struct task *k = rt->task;

		if (rt->category != last) {
			last = rt->category;
			fputs("<tr class=\"cat\"><th colspan=\"7\">", f);
			if (rt->category >= 0)
				render_category(&b, r, (size_t)rt->category,
						lang);
			else
				sbuf_adds(&b, k->category);
			html_escb(f, &b);
			fputs("</th></tr>\n", f);
		}
		fprintf(f, "<tr id=\"task-%d\"><td class=\"r\">%d</td>"
			"<td class=\"task\"><b>", k->id, k->id);
		render_title(&b, k);
		html_escb(f, &b);
		fputs("</b>", f);
		if (strlen(k->content) > report_title_len(k->content)) {
			fputs("<span class=\"sub\">", f);
			html_esc(f, k->content + report_title_len(k->content));
			fputs("</span>", f);
		}
		fprintf(f, "<div class=\"sub\">%s:", render_msg(lang,
			M_TARGET_TEXT));
		html_esc(f, k->target);
		fputs("</div>", f);
		if (*k->note) {
			fprintf(f, "<div class=\"sub\">%s:", render_msg(lang,
				M_NOTE));
			html_esc(f, k->note);
			fputs("</div>", f);
		}
		fputs("</td><td class=\"units\">", f);
		render_units(&b, r, &k->lead);
		html_escb(f, &b);
		fputs("</td><td>", f);
		status_badge(f, k->status, lang);
		fputs("</td><td class=\"r\">", f);
		sbuf_printf(&b, "%d%%", k->progress);
		bar(f, k->progress, b.s);
		sbuf_release(&b);
		fprintf(f, "</td><td class=\"nw%s\">%s</td><td class=\"nw%s\">",
			rt->overdue ? " t-bad" : "", k->deadline,
			rt->stale ? " t-warn" : !rt->update ? " t-dim" : "");
		render_update(&b, rt, lang);
		html_escb(f, &b);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
	html_note(f, render_msg(lang, M_LEGEND_BEHIND));
	fputs("</section>\n", f);
}

void render_html(FILE *f, const struct report *r,
		 const struct render_opts *o)
{
	enum render_lang lang = o->lang;
	struct sbuf b = { 0 };
	struct rview v;
	size_t i;

	rview_build(&v, r, o);
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
		"<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
		"content=\"width=device-width, initial-scale=1\">\n<title>",
		lang == LANG_EN ? "en" : "zh-CN");
	html_esc(f, v.title);
	fprintf(f, " · %s %s</title>\n<style>\n%s</style>\n</head>\n<body>\n"
		"<main>\n<header>\n<div class=\"kicker\">",
		render_msg(lang, M_REPORT), r->today, style);
	html_esc(f, render_msg(lang, M_REPORT));
	fputs("</div>\n<h1>", f);
	html_esc(f, v.title);
	fprintf(f, "</h1>\n<div class=\"meta\">%s %s · %s ",
		render_msg(lang, M_AS_OF), r->today,
		render_msg(lang, M_YEAR_ELAPSED));
	render_pct(&b, r->year_elapsed);
	html_escb(f, &b);
	if (o->source) {
		fprintf(f, " · %s ", render_msg(lang, M_SOURCE));
		html_esc(f, o->source);
	}
	fputs("</div>\n</header>\n", f);
	for (i = 0; i < v.n_tables; i++) {
		const struct rtable *t = &v.tables[i];

		if (!strcmp(t->id, "totals")) {
			overview(f, r, t, lang);
			html_charts(f, r, o->series, lang);
		}
		else if (!strcmp(t->id, "indicators"))
			indicators(f, r, t, lang);
		else if (!strcmp(t->id, "attention"))
			attention(f, r, t, lang);
		else if (!strcmp(t->id, "tasks"))
			tasks(f, r, t, lang);
		else
			table(f, t);
	}
	fputs("<footer>", f);
	html_esc(f, render_msg(lang, M_GENERATED));
	fprintf(f, " (summary %s) · %s %s</footer>\n</main>\n</body>\n"
		"</html>\n", PLAN_VERSION, render_msg(lang, M_AS_OF),
		r->today);
	rview_release(&v);
}
