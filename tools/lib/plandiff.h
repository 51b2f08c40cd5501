/*
 * plandiff: the engine of plan diff: two versions of the plan compared
 * field by field, and git's external diff and textconv hooks
 * (docs/history.md).  Output goes to the FILE given; failures are
 * reported with diag_fail and -1 is returned.
 */
#ifndef PLANDIFF_H
#define PLANDIFF_H

#include <stddef.h>
#include <stdio.h>

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
