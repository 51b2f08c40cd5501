/*
 * series: the plan's progress over the year, point by point (each month's
 * end, each quarter's or each week's, and the report's day): a point is
 * the plan at the newest commit of the first-parent line made on or before
 * its day, as summary --as-of reads it, compared with the plan at the
 * point before (history_between), so only the task files that differ
 * between two points are read and parsed.  For summary
 * --series and the charts of the HTML report (docs/summary.md, "The year
 * as pictures").
 *
 * Ownership: series_build returns a series the caller frees with
 * series_free; it borrows the report (and its plan), which must outlive
 * it, for the tasks, categories and indicators it follows.
 */
#ifndef SERIES_H
#define SERIES_H

#include <stddef.h>

#include "model.h"
#include "repo.h"
#include "report.h"

enum series_step { SERIES_MONTH, SERIES_QUARTER, SERIES_WEEK };

struct series_point {
	char date[11];
	char commit[41];	/* the commit read; "" before the first */
	double elapsed;		/* the time line: share of the plan's year
				 * elapsed at the end of date, 0..1 */
	size_t tasks;		/* tasks in the plan then */
	size_t status[STATUS_COUNT];
	double mean;		/* mean progress then, 0..100 */
	double *category;	/* per category of the report: mean
				 * progress, or -1 without tasks */
	signed char *task_status;	/* per report task: its status, or -1
					 * when it was not in the plan */
	signed char *task_progress;	/* per report task, 0..100 */
	double *actual;		/* per report indicator */
	unsigned char *has_actual;	/* 1: actual was reported by then */
};

struct series {
	enum series_step step;
	struct series_point *v;
	size_t n;
	size_t unread;		/* task files that did not load at a
				 * point (invalid then): their version
				 * at the point before counts */
};

/* -1 when s names no step: "month", "quarter", "week" */
int series_step_parse(const char *s);
const char *series_step_name(enum series_step s);

/*
 * The series of the first-parent line of tip (NULL: HEAD) in r for the
 * report end's plan year, one point per step from its start to the
 * report's day, the day itself last.  With from (a day, "YYYY-MM-DD";
 * NULL: the year's start), the series starts at the end of the day
 * before it, the state a period report (--since) starts from.  Task
 * files are read with schema.  Returns 0, or -1 after diag_fail.
 */
int series_build(struct series **out, struct repo *r, const char *tip,
		 const struct report *end, const struct schema *schema,
		 enum series_step step, const char *from);
void series_free(struct series *s);

#endif
