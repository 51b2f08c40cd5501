/*
 * yemit: writing the plan's YAML files as a person would write them: block
 * style, one field per line, two spaces per level, a list item's fields
 * under its dash.  Only what the plan's files need; reading is never done
 * here but always through libyaml (ydoc.h), so every file written can be
 * checked by reading it back.
 *
 * A string is written plain when it is safe: when YAML 1.2's core schema
 * (and the YAML 1.1 readers editors still use) reads it back as the same
 * string.  Otherwise it is double-quoted with escapes: ">=", "~", "",
 * "true", "12", "a: b", "x #y", leading indicator characters or blanks,
 * line breaks.  Text must be UTF-8.
 *
 * Ownership: a struct yemit starts zeroed; yemit_take hands the text to the
 * caller; yemit_release frees what was not taken.
 */
#ifndef YEMIT_H
#define YEMIT_H

#include <stddef.h>

#include "model.h"
#include "xalloc.h"

struct yemit {
	struct sbuf out;
	int dash;	/* the next key opens a list item ("- key: ...") */
};

/* can s be written as a plain scalar and read back as the same string? */
int yemit_plain_ok(const char *s);
/* append s as a scalar: plain when safe, else double-quoted */
void yemit_scalar(struct sbuf *b, const char *s);
/* append s double-quoted, with YAML escapes */
void yemit_quoted(struct sbuf *b, const char *s);
/* append v as a YAML number that reads back as v (630, 8.4, .inf) */
void yemit_number(struct sbuf *b, double v);

/*
 * Lines.  indent is the column of the key (0 at the top level, 2 inside a
 * mapping, 4 inside a list item of a top-level list); a pending dash is
 * written two columns left of it.
 */
/* "# text" */
void yemit_comment(struct yemit *e, const char *text);
/* "KEY: VALUE" for a string; NULL writes null */
void yemit_str(struct yemit *e, int indent, const char *key,
	       const char *value);
/* "KEY: VALUE" with value written as given (numbers, dates, null) */
void yemit_raw(struct yemit *e, int indent, const char *key,
	       const char *value);
void yemit_num(struct yemit *e, int indent, const char *key, double v);
/* "KEY:" opening a nested mapping or a list */
void yemit_key(struct yemit *e, int indent, const char *key);
/* "KEY: []", or "KEY:" and one "  - ITEM" line per item */
void yemit_list(struct yemit *e, int indent, const char *key,
		char *const *items, size_t n);
/* the next key at indent + 2 opens a new item of the list at indent */
void yemit_item(struct yemit *e);

/*
 * Whole files in docs/format.md's layout and field order, each starting
 * with its "# yaml-language-server: $schema=..." line.  A unit's optional
 * fields are written when set; members always for a group.  The plan's
 * founding commit is written when known.
 */
void yemit_task(struct yemit *e, const struct task *t);
void yemit_unit(struct yemit *e, const struct unit *u);
void yemit_plan(struct yemit *e, const struct plan *p);

/* the text written so far (never NULL); e is reset */
char *yemit_take(struct yemit *e);
void yemit_release(struct yemit *e);

#endif
