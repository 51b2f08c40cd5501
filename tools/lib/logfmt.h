/*
 * logfmt: the plan's history shown in the plan's own terms: the engines of
 * bin/log (every field change, commit by commit) and bin/diff (two
 * versions of the plan, and git's external diff and textconv hooks), and
 * the text forms they share.  docs/history.md describes the output; the
 * JSON structures there are stable.
 *
 * Output goes to the FILE given; failures are reported with diag_fail and
 * -1 is returned.  Nothing here keeps memory that grows with the length
 * of history: log parses each task version once, keeping a small cache
 * keyed by blob id.
 */
#ifndef LOGFMT_H
#define LOGFMT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "compare.h"
#include "history.h"
#include "repo.h"
#include "xalloc.h"

/* ---- text forms ---- */

/* "2010-04-30T17:20:00+08:00": t shown at offset minutes east of UTC */
void logfmt_date(char out[32], int64_t t, int offset);

/*
 * Read a --since/--until date: "YYYY-MM-DD", optionally followed by
 * "THH:MM" or "THH:MM:SS" (a space may stand for the T), optionally
 * followed by "Z" or "+HH:MM"/"-HH:MM"; without a zone the local time
 * zone (TZ) applies, as in git.  With end set, the time is the last second
 * the text names (23:59:59 of a bare date), so that --until includes the
 * whole day.  Returns 0, or -1 when s is not such a date.
 */
int logfmt_parse_date(int64_t *out, const char *s, int end);

/* a task named on a command line: "18", "tasks/18.yaml"; -1 if neither */
int logfmt_task_arg(const char *arg);

/*
 * One side of a change as text: free text quoted as a JSON string, lists
 * in brackets ("[jmw, fgw]"), a null actual or as_of as null, an absent
 * task, unit or indicator as (none), anything else as it is.
 */
void logfmt_value(struct sbuf *b, const struct change *c, const char *v);

/*
 * Old and new text with only the changed middle marked, as git's word
 * diff does: "已开工[-8-]{+12+}只".  With color the two parts are red and
 * green instead of bracketed.  Characters are never split.
 */
void logfmt_span(struct sbuf *b, const char *old_text, const char *new_text,
		 int color);

/* the field as shown under its task, unit or plan ("name", not
 * "unit.jmw.name") */
const char *logfmt_short_field(const struct change *c);

/* ---- log ---- */

struct log_opts {
	struct history_opts walk;	/* range, reverse, since, until */
	const int *tasks;		/* only these task ids (n_tasks > 0) */
	size_t n_tasks;
	const char *author;	/* extended regex on "Name <email>", any case */
	const char *unit;	/* tasks this unit is responsible for */
	const char *field;	/* a field, its prefix ("indicators") or last
				 * part ("actual") */
	int json, color;
};

/*
 * Print one line (text) or one object (JSON, an array written as it
 * goes) per changed task field of every commit in the range.  The walk
 * stays in the caller's thread; a second thread writes to out while it
 * goes on, and both parse and compare (logfmt.c).  Returns 0, or -1 after
 * diag_fail (the JSON array is closed all the same).
 */
int log_run(FILE *out, struct repo *r, const struct log_opts *o);

/* ---- diff ---- */

struct diff_opts {
	const char *dir;	/* -C DIR */
	const char *rev1, *rev2;/* none: HEAD against the working tree; rev1:
				 * it against the working tree; both */
	int staged;		/* the new side is the index */
	const int *tasks;	/* only these task ids (n_tasks > 0) */
	size_t n_tasks;
	int json, color;
};

struct diff_result {
	size_t changes;		/* changes shown */
	int invalid;		/* a side is not a valid plan: its findings
				 * were printed on stderr, nothing on out */
};

/* compare the two sides the options name; 0, or -1 after diag_fail */
int diff_run(struct diff_result *res, FILE *out, const struct diff_opts *o);

/*
 * git's external diff: args are the 7 (or, for a rename, 9) arguments git
 * passes (path old-file old-hex old-mode new-file new-hex new-mode ...).
 * The schemas are read from dir, the top of the work tree.  Prints the
 * semantic diff of that one file; a comment-only change says so.  0, or
 * -1 after diag_fail.
 */
int diff_git_external(FILE *out, const char *dir, char *const *args,
		      int n_args, int color);

/*
 * git's textconv: the plan file at path as one "field: value" line per
 * field (indicators sorted by name), so that a line diff of two versions
 * is their semantic diff.  A file that does not load is copied as it is.
 * 0, or -1 after diag_fail.
 */
int diff_textconv(FILE *out, const char *dir, const char *path);

#endif
