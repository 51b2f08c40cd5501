/*
 * report: the plan office's progress report as data, before any
 * formatting.  Every number the report shows is computed here once, so
 * that the text, Markdown, CSV, JSON and HTML renderers (render.h) cannot
 * disagree, and so that the unit tests can check the numbers without
 * parsing output.  The rules (expected progress, behind, overdue, stale,
 * indicator shares) are stated in docs/summary.md.
 *
 * The last update of each task comes from git history (report_history,
 * report_updates_walk) and is optional: without it the report has no
 * stale tasks and says why.
 *
 * Ownership: report_build returns a report the caller frees with
 * report_free; it borrows the plan (and its tasks and indicators), which
 * must outlive it.  report_updates are the caller's, released with
 * report_updates_release; report_build copies what it keeps of them.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "repo.h"

/* a task not updated for more than this many days is stale */
#define REPORT_STALE_DAYS 31

enum report_by {
	REPORT_BY_DEFAULT,	/* categories and lead units */
	REPORT_BY_CATEGORY,
	REPORT_BY_UNIT,		/* every role: lead, cooperate, implement */
	REPORT_BY_STATUS
};

enum ind_state {
	IND_NO_DATA,		/* actual is null */
	IND_MET,
	IND_ON_TRACK,		/* share reached >= share of time elapsed */
	IND_BEHIND,
	IND_OVER,		/* above a ceiling (<=), an exact (=) or an
				 * approximate (~) target */
	IND_STATE_COUNT
};

enum unit_role { ROLE_LEAD, ROLE_COOPERATE, ROLE_IMPLEMENT, ROLE_COUNT };

/* the attention list's reasons, as bits; a higher value is more urgent */
enum {
	ATT_STALE = 1,
	ATT_AT_RISK = 2,
	ATT_OVERDUE = 4
};

/* the last update of one task, as history tells it */
struct report_update {
	int task_id;
	int added;		/* 1: the commit that added the task (its
				 * progress fields never changed since) */
	char date[11];		/* author date in the author's time zone */
	int64_t time;		/* author time, seconds since the epoch */
	char commit[41];
	char *author;		/* owned */
	char *email;		/* owned */
};

struct report_updates {
	struct report_update *v;	/* sorted by task id */
	size_t n, cap;
};

struct report_task {
	const struct task *task;	/* borrowed from the plan */
	int category;		/* index in the plan's categories, or -1 */
	double expected;	/* share of the task's time elapsed, 0..1 */
	int expected_pct;	/* expected progress: expected in whole per
				 * cent, rounded down */
	int days_left;		/* deadline - today, negative when past */
	int overdue;		/* past the deadline and not done */
	int behind;		/* not done, and at risk, overdue or below
				 * the expected progress */
	int stale;		/* not done, last update too old */
	unsigned attention;	/* ATT_* bits */
	const struct report_update *update;	/* NULL when unknown */
	int days_since_update;	/* when update is set */
	size_t first_indicator;	/* its indicators in the report's, from
				 * here on, as many as the task has */
};

/* the numbers of one group of tasks (the plan, a category, a unit...) */
struct report_group {
	const char *key;	/* category name, unit id, status name;
				 * borrowed from the plan or static */
	const char *name;	/* category name, unit name, status name */
	int index;		/* 1-based category number; 0 otherwise */
	size_t tasks;
	size_t status[STATUS_COUNT];
	size_t done, at_risk, overdue, behind, stale;
	size_t roles[ROLE_COUNT];	/* units: tasks in each role */
	double mean_progress;	/* 0..100; 0 for an empty group */
	size_t *members;	/* indexes into report.tasks; owned */
	size_t n_members, cap_members;
};

struct report_indicator {
	size_t task;		/* index into report.tasks */
	const struct indicator *ind;	/* borrowed */
	int has_share;
	double share;		/* share of the target reached (see docs) */
	enum ind_state state;
};

struct report {
	const struct plan *plan;	/* borrowed */
	char today[11];
	enum report_by by;
	double year_elapsed;	/* share of the plan's year elapsed, 0..1 */
	struct report_task *tasks;	/* in id order */
	size_t n_tasks;
	struct report_group total;
	struct report_group *categories;	/* in plan order */
	size_t n_categories;
	struct report_group *units;	/* attention first (see report.c) */
	size_t n_units;
	int unit_roles;		/* 1: units count every role; 0: lead */
	struct report_group statuses[STATUS_COUNT];
	struct report_indicator *indicators;	/* by task, then plan order */
	size_t n_indicators;
	size_t ind_states[IND_STATE_COUNT];
	size_t *attention;	/* indexes into tasks, most urgent first */
	size_t n_attention;
	int has_history;	/* 0: no update dates; history_note says why */
	const char *history_note;	/* static English key, see below */
	struct report_updates updates;	/* owned copy */
};

/* why there is no history (history_note) */
#define REPORT_NO_REPO "not-a-repository"
#define REPORT_NO_COMMITS "no-commits"
#define REPORT_NOT_IN_HISTORY "not-in-history"	/* no commit has a task */

/*
 * Compute the report of plan p at today ("YYYY-MM-DD", a valid date).
 * updates (may be NULL, then history_note says why: REPORT_NO_REPO or
 * note) gives the last update of each task.  Returns 0, or -1 when today
 * is not a date.
 */
int report_build(struct report **out, const struct plan *p,
		 const char *today, enum report_by by,
		 const struct report_updates *updates, const char *note);
void report_free(struct report *r);

/*
 * Find the last update of every task of p in the history of rev (NULL:
 * HEAD) of repository r: the newest commit that changed one of the task's
 * progress fields (status, progress, as_of, note, an indicator's actual)
 * against its first parent, or, when none did, the commit that added the
 * task file.  Versions of a task file are read with the task schema s.
 * The walk goes newest first and stops as soon as every task of p is
 * resolved.  Returns 0, or -1 after diag_fail.
 */
int report_updates_walk(struct report_updates *out, struct repo *r,
			const char *rev, const struct plan *p,
			const struct schema *s);
/*
 * The last updates of the tasks of p (the working tree, or rev when rev
 * is set), from the history of r: *out is set (the caller frees it with
 * report_updates_free) and *note is NULL; or *out is NULL and *note says
 * why there is no history (REPORT_NO_REPO when r is NULL,
 * REPORT_NO_COMMITS, REPORT_NOT_IN_HISTORY).  task, the plan's task
 * schema, reads the old versions.  Returns 0, or -1 after diag_fail (a
 * repository that cannot be read, a history cut).
 */
int report_history(struct report_updates **out, const char **note,
		   struct repo *r, const char *rev, const struct schema *task,
		   const struct plan *p);
/* add an update (strings copied); keeps the list sorted by task id */
void report_updates_add(struct report_updates *u, int task_id, int added,
			const char *commit, const char *author,
			const char *email, int64_t time, int tz_offset);
const struct report_update *report_updates_find(
	const struct report_updates *u, int task_id);
void report_updates_release(struct report_updates *u);
/* release u and free it (from report_history); accepts NULL */
void report_updates_free(struct report_updates *u);

/*
 * The share of the target reached by an indicator whose actual is set,
 * and its state when expected (0..1) of the task's time has elapsed.
 * Returns 0 and sets *share, or -1 when no share can be given (a ceiling
 * of 0 exceeded); the state is set in both cases.
 */
int report_indicator_share(double *share, enum ind_state *state,
			   const struct indicator *ind, double expected);

/*
 * The length in bytes of a task's short title: its content up to the first
 * clause break (, , ; ; 。 or a line break), or all of it.
 */
size_t report_title_len(const char *content);

const char *ind_state_name(enum ind_state s);
const char *role_name(enum unit_role r);

#endif
