/*
 * logfmt: the text forms of the plan's history that log (logrun.h) and
 * diff (plandiff.h) share: dates, values, the changed middle of a text,
 * a change as JSON.  docs/history.md describes the output; the JSON
 * structures there are stable.
 */
#ifndef LOGFMT_H
#define LOGFMT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "compare.h"
#include "diag.h"
#include "xalloc.h"

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

/* the colours of a terminal's output (--color) */
#define LOGFMT_RED "\033[31m"
#define LOGFMT_GREEN "\033[32m"
#define LOGFMT_YELLOW "\033[33m"
#define LOGFMT_BOLD "\033[1m"
#define LOGFMT_RESET "\033[m"

/* how a field's values are shown */
enum field_kind {
	FK_PLAIN,	/* a number, a name, a date */
	FK_TEXT,	/* free text */
	FK_LIST,	/* a list of ids or names */
	FK_NULLABLE,	/* may be null: not reported yet */
	FK_OBJECT	/* a task, unit or indicator: may be absent */
};

enum field_kind logfmt_field_kind(const struct change *c);

/* "old → new", coloured with color */
void logfmt_arrow(struct sbuf *b, const struct change *c, int color);
/* a change as JSON members, without braces */
void logfmt_json_change(struct sbuf *b, const struct change *c);
/* is id among the n ids? */
int logfmt_has_task(const int *ids, size_t n, int id);
/* "(invalid: 12:5: unknown key 'owner')", the first finding of d, which
 * diag_sort sorted; the caller frees it */
char *logfmt_invalid_text(const struct diag_list *d);

#endif
