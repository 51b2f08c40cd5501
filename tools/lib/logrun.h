/*
 * logrun: the engine of plan log: every change of a task's fields, commit
 * by commit, in the plan's own terms (docs/history.md).  Output goes to
 * the FILE given; failures are reported with diag_fail and -1 is
 * returned.  Nothing here keeps memory that grows with the length of
 * history: each task version is parsed once, in a small version store
 * (vstore.h).
 */
#ifndef LOGRUN_H
#define LOGRUN_H

#include <stddef.h>
#include <stdio.h>

#include "history.h"
#include "source.h"

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
 * goes on, and both parse and compare (logfmt.c).  The repository and
 * the schemas are src's.  Returns 0, or -1 after diag_fail (the JSON
 * array is closed all the same).
 */
int log_run(FILE *out, struct plan_source *src, const struct log_opts *o);

#endif
