/*
 * ydoc_impl: what the parts of ydoc.h share.  Private to ydoc*.c, the
 * only files that include yaml.h.
 *
 * ydoc.c         libyaml's events into a tree with positions; the tree
 * ydoc_screen.c  the bytes screened before libyaml sees them
 * ydoc_error.c   libyaml's syntax errors told in the plan's terms
 */
#ifndef YDOC_IMPL_H
#define YDOC_IMPL_H

#include <yaml.h>

#include "ydoc.h"

/* the last scalar read, to explain an error that follows it */
struct last_scalar {
	int seen;
	yaml_scalar_style_t style;
	yaml_mark_t start, end;
};

/* ydoc_screen.c */
void ydoc_position(const char *buf, size_t off, int *line, int *col);
const char *ydoc_bad_char(unsigned cp);
int ydoc_screen(const char *path, const char *buf, size_t len,
		struct diag_list *d);

/* ydoc_error.c */
void ydoc_syntax_error(const yaml_parser_t *p, const struct last_scalar *ls,
		       const char *path, const char *buf, size_t len,
		       struct diag_list *d);

#endif
