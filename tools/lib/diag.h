/*
 * diag: findings about the plan's files, and failures of the environment.
 *
 * A finding is about a file and a place in it; findings are collected in a
 * diag_list so that a run reports all of them, sorted, in gcc's format
 * (FILE:LINE:COL: error: MESSAGE) or as JSON.  Failures of the
 * environment (no repository, unreadable schema, bad usage) are not
 * findings: they are printed at once to stderr by diag_fail/diag_usage,
 * which return the exit code for main() to pass on.
 */
#ifndef DIAG_H
#define DIAG_H

#include <stddef.h>
#include <stdio.h>

enum {
	EXIT_CLEAN = 0,		/* nothing found */
	EXIT_FINDINGS = 1,	/* findings (or differences, or refusal) */
	EXIT_TROUBLE = 2	/* usage or environment error */
};

enum diag_severity { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE };

struct diag {
	char *file;	/* repository-relative path; owned */
	int line, col;	/* 1-based; 0 when there is no position */
	enum diag_severity severity;
	const char *rule;	/* static rule name, e.g. "unknown-key" */
	char *message;	/* owned */
};

struct diag_list {
	struct diag *v;
	size_t n, cap;
	size_t errors, warnings;
};

void diag_add(struct diag_list *d, const char *file, int line, int col,
	      enum diag_severity sev, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
#define diag_error(d, file, line, col, rule, ...) \
	diag_add(d, file, line, col, DIAG_ERROR, rule, __VA_ARGS__)
#define diag_warning(d, file, line, col, rule, ...) \
	diag_add(d, file, line, col, DIAG_WARNING, rule, __VA_ARGS__)

/* a copy of every finding of src at the end of dst */
void diag_copy(struct diag_list *dst, const struct diag_list *src);
/* move every finding of src to the end of dst; src is left empty */
void diag_move(struct diag_list *dst, struct diag_list *src);
/* sort by file, line, column, then message; drop exact repeats */
void diag_sort(struct diag_list *d);
/* "FILE:LINE:COL: error: MESSAGE" lines, then nothing else */
void diag_print_text(FILE *f, const struct diag_list *d);
/* a JSON array of {file, line, column, severity, rule, message} */
void diag_print_json(FILE *f, const struct diag_list *d);
/*
 * s with control characters (C0, DEL, and C1 as UTF-8) written as escapes
 * ("\\n", "\\x1b"), for every text a person reads: an author name from
 * git may carry a terminal's escape sequences.  Owned by the caller;
 * s itself when it needs no escape is copied all the same.
 */
char *diag_escaped(const char *s);

/* the closing count line: "2 errors, 1 warning" */
void diag_print_count(FILE *f, const struct diag_list *d);
void diag_release(struct diag_list *d);

/*
 * s as a JSON string literal (with quotes): control characters escaped,
 * valid UTF-8 kept, any other byte as U+FFFD, so that the output is JSON
 */
void json_string(FILE *f, const char *s);
struct sbuf;
void json_sbuf(struct sbuf *b, const char *s);

/* the program name used by diag_fail and diag_usage; also sets up the
 * language of messages (i18n_init) */
void diag_set_program(const char *name);
const char *diag_program(void);
/* "PROG: error: MESSAGE" on stderr; returns EXIT_TROUBLE */
int diag_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* the same line for a refusal (the input has findings); returns
 * EXIT_FINDINGS */
int diag_refuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "PROG: MESSAGE", the usage line, "see 'plan PROG --help'" (all translated);
 * returns EXIT_TROUBLE */
int diag_usage(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * Flush stdout and close it; a write error (disk full, closed pipe) turns
 * ret into EXIT_TROUBLE, as sbase's fshut does.
 */
int diag_finish(int ret);

#endif
