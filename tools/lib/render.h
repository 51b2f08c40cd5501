/*
 * render: the report (report.h) written out as text for a terminal,
 * GitHub-flavoured Markdown, CSV for Excel and WPS, JSON for programs, or
 * one self-contained HTML page.  One renderer per file (render_text.c,
 * render_md.c, render_csv.c, render_json.c, render_html.c, whose charts
 * are in render_chart.c); what they share is here: the labels in both
 * languages (render.c), and the report's sections as tables of formatted
 * cells (render_view.c), so that text, Markdown and HTML show the same
 * rows in the same order.
 *
 * Labels are messages of the catalogue (po/), each with a context, since
 * one English word can be several Chinese ones; the report's language is
 * render_opts.lang, whatever the locale: English is the message itself,
 * Chinese the catalogue's translation.
 *
 * Ownership: rview_build fills a view the caller releases with
 * rview_release; its strings are owned by the view.  The report is
 * borrowed by every call.
 */
#ifndef RENDER_H
#define RENDER_H

#include <stddef.h>
#include <stdio.h>

#include "period.h"
#include "report.h"
#include "series.h"
#include "xalloc.h"

enum render_format {
	RENDER_TEXT,
	RENDER_MD,
	RENDER_CSV,
	RENDER_JSON,
	RENDER_HTML
};

enum render_lang { LANG_ZH, LANG_EN };

struct render_opts {
	enum render_format format;
	enum render_lang lang;
	int color;		/* text: ANSI colours */
	size_t width;		/* text: columns a line may take; 0: any */
	const char *source;	/* where the plan was read: NULL for the
				 * working tree, else --rev as given */
	const char *commit;	/* the commit read (full id), NULL for the
				 * working tree */
	const char *commit_day;	/* the day it was committed */
	const struct report_period *period;	/* --since: what changed in
						 * the period, or NULL */
	const struct series *series;	/* the year point by point (html
					 * charts, --series), or NULL */
	int series_only;	/* --series: the series as data instead of
				 * the report (render_series.c) */
};

/* -1 when s names no format */
int render_format_parse(const char *s);

/*
 * Write the report to f in o->format.  Returns 0, or -1 when f reports a
 * write error.
 */
int render_report(FILE *f, const struct report *r,
		  const struct render_opts *o);

/*
 * Write the report to path through a temporary file beside it and a
 * rename, so that a reader never sees half a report and a failed run
 * leaves the old file.  Returns 0, or -1 after diag_fail.
 */
int render_report_file(const char *path, const struct report *r,
		       const struct render_opts *o);

void render_text(FILE *f, const struct report *r,
		 const struct render_opts *o);
void render_md(FILE *f, const struct report *r, const struct render_opts *o);
void render_csv(FILE *f, const struct report *r,
		const struct render_opts *o);
void render_json(FILE *f, const struct report *r,
		 const struct render_opts *o);
void render_html(FILE *f, const struct report *r,
		 const struct render_opts *o);
/* the series as CSV (render_csv.c) */
void render_csv_series(FILE *f, const struct report *r,
		       const struct series *s, enum render_lang lang);
/* o->series as data in o->format (text, md, csv or json) */
void render_series(FILE *f, const struct report *r,
		   const struct render_opts *o);

/* --- labels ------------------------------------------------------------ */

enum msg {
	M_REPORT, M_AS_OF, M_YEAR_ELAPSED, M_SOURCE, M_WORKING_TREE,
	M_GENERATED,
	M_SEC_TOTALS, M_SEC_CATEGORIES, M_SEC_LEAD_UNITS, M_SEC_UNITS,
	M_SEC_STATUSES, M_SEC_INDICATORS, M_SEC_ATTENTION, M_SEC_TASKS,
	M_TASKS, M_DONE, M_AT_RISK, M_OVERDUE, M_BEHIND, M_STALE,
	M_MEAN_PROGRESS, M_CATEGORY, M_UNIT, M_LEAD_TASKS, M_LEAD,
	M_COOPERATE, M_IMPLEMENT, M_STATUS, M_ID, M_TASK, M_INDICATOR,
	M_TARGET, M_ACTUAL, M_SHARE, M_EXPECTED, M_ASSESSMENT, M_DEADLINE,
	M_PROGRESS, M_LAST_UPDATE, M_REASON, M_CONTENT, M_TARGET_TEXT,
	M_UNITS_TEXT, M_AS_OF_FIELD, M_NOTE, M_INDICATORS, M_UPDATED_BY,
	M_UPDATE_COMMIT, M_DAYS_LEFT, M_TASK_IDS, M_LEAD_UNITS,
	M_COOPERATE_UNITS, M_IMPLEMENT_UNITS, M_UNIT_ID,
	M_ST_NOT_STARTED, M_ST_IN_PROGRESS, M_ST_AT_RISK, M_ST_DONE,
	M_IND_NO_DATA, M_IND_MET, M_IND_ON_TRACK, M_IND_BEHIND, M_IND_OVER,
	M_OP_GE, M_OP_LE, M_OP_EQ, M_OP_ABOUT,
	M_R_OVERDUE, M_R_AT_RISK, M_R_STALE, M_ADDED, M_NEVER,
	M_NONE, M_NO_INDICATORS, M_YES, M_NO,
	M_NOTE_NO_REPO, M_NOTE_NO_COMMITS, M_NOTE_NOT_IN_HISTORY,
	M_LEGEND_BEHIND, M_LEGEND_SHARE, M_LEGEND_UNITS, M_LEGEND_UNIT_ROLES,
	M_OF, M_DAYS, M_CARD_TASKS, M_CARD_ATTENTION, M_N_CATEGORIES,
	M_SHARE_OF_ALL, M_LEGEND_STALE, M_SEE_TASK,
	M_SEC_PERIOD, M_SEC_PERIOD_TASKS, M_SEC_PERIOD_CATEGORIES,
	M_SEC_PERIOD_UNITS, M_SEC_SUPERVISE,
	M_P_DONE, M_P_STARTED, M_P_AT_RISK, M_P_RECOVERED, M_P_DEADLINE,
	M_P_PLAN, M_P_ADDED, M_P_REPORTED, M_P_FROM, M_P_TO, M_P_DELTA,
	M_P_WHAT, M_P_CHANGES, M_P_PERIOD, M_P_START, M_P_NO_START,
	M_P_REMOVED, M_P_SILENT_UNITS, M_P_NO_CHANGE, M_P_LEGEND_SUPERVISE,
	M_P_ALL,
	M_SEC_CHARTS, M_CH_MEAN, M_CH_TIMELINE, M_CH_DATE, M_CH_PROGRESS,
	M_CH_CATEGORIES, M_CH_INDICATORS, M_CH_TASKS, M_CH_VALUE,
	M_CH_COMMIT, M_CH_NO_HISTORY, M_CH_LEGEND, M_CH_MONTH,
	M_CH_NO_VALUES,
	M_COUNT
};

const char *render_msg(enum render_lang lang, enum msg id);
/* a message of the catalogue in the report's language (which --lang or
 * the locale chose, as for every other message; English is the text
 * itself); render_ntr with the plural form for n */
const char *render_tr(enum render_lang lang, const char *en)
	__attribute__((format_arg(2)));
const char *render_ntr(enum render_lang lang, const char *one,
		       const char *many, unsigned long n)
	__attribute__((format_arg(2))) __attribute__((format_arg(3)));
const char *render_status(enum render_lang lang, enum task_status s);
const char *render_ind_state(enum render_lang lang, enum ind_state s);
const char *render_op(enum render_lang lang, enum indicator_op op);

/* --- shared formatting ------------------------------------------------- */

/* "一、发展新产业" (zh) or "1. 发展新产业" (en) for category i (0-based) */
void render_category(struct sbuf *b, const struct report *r, size_t i,
		     enum render_lang lang);
/* the section number n (1-based): "一、" (zh) or "1. " (en) */
void render_section_no(struct sbuf *b, int n, enum render_lang lang);
/* the task's short title (content up to the first clause break) */
void render_title(struct sbuf *b, const struct task *t);
/* the names of the units ids (a task's lead...) joined with "、" */
void render_units(struct sbuf *b, const struct report *r,
		  const struct strlist *ids);
/* a number as written in the plan: 630, 8.4 */
void render_number(struct sbuf *b, double v);
/* a share as a whole per cent, rounded down: "51%" */
void render_pct(struct sbuf *b, double share);
/* a mean progress with one decimal: "37.5%" */
void render_mean(struct sbuf *b, double mean);
/* the attention reasons of a task, joined with "; " */
void render_reasons(struct sbuf *b, const struct report_task *t,
		    enum render_lang lang);
/* the last update: "2010-03-02 李雷", "2010-01-05 (added)" or "-" */
void render_update(struct sbuf *b, const struct report_task *t,
		   enum render_lang lang);
/* the note said when the report has no history, or NULL */
const char *render_history_note(const struct report *r,
				enum render_lang lang);

/* the label of period bit i (period.h) */
const char *render_period_kind(enum render_lang lang, size_t i);
/* the labels of a task's period bits, joined with "、" or ", " */
void render_period_what(struct sbuf *b, unsigned what, enum render_lang lang);
/* "target: A → B; indicators.X.actual: - → 5" */
void render_period_changes(struct sbuf *b, const struct period_task *t);

/* --- the report as tables ---------------------------------------------- */

enum rtone { TONE_PLAIN, TONE_GOOD, TONE_WARN, TONE_BAD, TONE_DIM };

struct rcell {
	char *text;		/* owned, one line */
	enum rtone tone;
	int bar;		/* a per cent drawn as a bar, or -1 */
};

#define RTABLE_MAX_COLS 12

struct rtable {
	const char *id;		/* "totals", "categories", "units",
				 * "statuses", "indicators", "attention",
				 * "tasks" */
	char *title;		/* numbered section title; owned */
	const char *cols[RTABLE_MAX_COLS];	/* headings (static) */
	size_t n_cols;
	unsigned right;		/* bit i: column i is aligned right */
	unsigned flex;		/* bit i: column i may be shortened */
	unsigned optional;	/* bit i: a narrow terminal may leave
				 * column i out (text only) */
	struct rcell *cells;	/* row-major, n_rows * n_cols */
	int *task_ids;		/* per row: the task it shows, or 0 */
	size_t n_rows, cap_rows;
	const char *note;	/* a line under the table, or NULL (static
				 * or the report's) */
	const char *empty;	/* said instead of an empty table */
};

struct rview {
	char *title;		/* the plan's title; owned */
	char *subtitle;		/* report, date, year elapsed, source */
	struct rtable *tables;
	size_t n_tables;
};

/* every section of r as tables, in the order the report shows them */
void rview_build(struct rview *out, const struct report *r,
		 const struct render_opts *o);
void rview_release(struct rview *v);

#endif
