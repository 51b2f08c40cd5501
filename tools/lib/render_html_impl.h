/*
 * render_html_impl: what the two files of the HTML report share.
 * Private to render_html.c (the page, its sections and tables) and
 * render_chart.c (the year's charts): nothing else includes it.
 */
#ifndef RENDER_HTML_IMPL_H
#define RENDER_HTML_IMPL_H

#include <stdio.h>

#include "render.h"

/* render_html.c */
/* s written to f with & < > " ' as character references */
void html_esc(FILE *f, const char *s);
/* b's text escaped as by html_esc, then b released */
void html_escb(FILE *f, struct sbuf *b);
/* a note in small print under a section; nothing when text is NULL */
void html_note(FILE *f, const char *text);

/* render_chart.c */
/* the section id="year": the series s as charts and a table of its
 * points; without points (s NULL or empty) a note saying there is no
 * history.  The report and the series are borrowed. */
void html_charts(FILE *f, const struct report *r, const struct series *s,
		 enum render_lang lang);

#endif
