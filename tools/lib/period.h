/*
 * period: what changed in a reporting period (the monthly bulletin, 月报;
 * the quarter's, 季报): the plan at the period's start against the report
 * at its end.  Per task: done, started, newly at risk or back on track,
 * progress from and to, indicator values reported, deadlines passed,
 * changes to the plan itself; per category and unit the mean progress at
 * both ends; and the units responsible for unfinished tasks that
 * reported nothing in the period (the 督办 list).  The rules are in
 * docs/summary.md, "The period report".
 *
 * Ownership: period_build returns a period the caller frees with
 * period_free.  It borrows the report (and through it the end plan),
 * which must outlive it; nothing of the start plan is kept.
 */
#ifndef PERIOD_H
#define PERIOD_H

#include <stddef.h>

#include "model.h"
#include "report.h"

/* what happened to a task in the period, as bits */
enum {
	PERIOD_DONE = 1,	/* done at the end, not at the start */
	PERIOD_STARTED = 2,	/* not started (or absent) at the start,
				 * started at the end */
	PERIOD_AT_RISK = 4,	/* at risk at the end, not at the start */
	PERIOD_RECOVERED = 8,	/* at risk at the start, not at the end */
	PERIOD_DEADLINE = 16,	/* its deadline fell in the period and it
				 * is not done */
	PERIOD_PLAN = 32,	/* a plan field changed (target, deadline,
				 * units, ...) */
	PERIOD_ADDED = 64,	/* not in the plan at the start */
	PERIOD_REPORTED = 128,	/* a progress field changed in the period
				 * (its last update falls in it) */
	PERIOD_KINDS = 8
};

/* one field changed in the period, as compare.h names and shows it */
struct period_change {
	char *field;
	char *old_value;	/* NULL: absent or null */
	char *new_value;
	int plan;		/* 1: a plan field; 0: an indicator's
				 * actual value */
};

struct period_task {
	size_t task;		/* index into report.tasks */
	unsigned what;		/* PERIOD_* bits */
	enum task_status status_from;	/* NOT_STARTED when added */
	int progress_from;	/* 0 when added */
	struct period_change *changes;	/* plan fields and indicators'
					 * actual values, compare.h's order */
	size_t n_changes;
};

/* a unit of the 督办 list: unfinished tasks it leads, none reported */
struct period_unit {
	const char *id;		/* borrowed from the plan */
	const char *name;
	size_t *tasks;		/* indexes into report.tasks; owned */
	size_t n_tasks;
};

struct report_period {
	char since[11];		/* the period's first day */
	char until[11];		/* its last: the report's day */
	char start_commit[41];	/* the plan at the start; "" for none */
	char start_day[11];	/* the day that commit was made */
	struct period_task *tasks;	/* one per report task, same order */
	size_t n_tasks;
	size_t count[PERIOD_KINDS];	/* tasks with each bit, in bit
					 * order */
	int *removed;		/* ids of tasks in the start plan only */
	size_t n_removed;
	double total_from;	/* mean progress at the start: the whole
				 * plan, each category, each unit (in the
				 * report's orders); an added task counts
				 * as 0 */
	double *category_from;
	double *unit_from;
	struct period_unit *silent;	/* by unit id */
	size_t n_silent;
};

/*
 * The period from since ("YYYY-MM-DD") to the report's day: start is the
 * plan as it stood at the end of the day before since (NULL: there was
 * none; every task is added), read at start_commit (may be "") made on
 * start_day.  Returns 0, or -1 when since is after the report's day.
 */
int period_build(struct report_period **out, const struct report *r,
		 const struct plan *start, const char *since,
		 const char *start_commit, const char *start_day);
void period_free(struct report_period *p);

/* "done", "started", "at_risk", "recovered", "deadline", "plan_changed",
 * "added", "reported" for bit index i (JSON and CSV keys) */
const char *period_kind_name(size_t i);

#endif
