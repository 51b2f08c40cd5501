/*
 * render_md: the report as GitHub-flavoured Markdown, to paste into a
 * bulletin or an issue: a heading per section, GFM tables with numbers
 * aligned right.  Cell text is escaped so that a '|' or a '*' in a task's
 * text cannot break the table or start emphasis.
 */
#include "render.h"

#include <string.h>

static void md_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (strchr("|\\*_`[]<>#", *s))
			putc('\\', f);
		putc(*s, f);
	}
}

static void table(FILE *f, const struct rtable *t)
{
	size_t i, j;

	fprintf(f, "\n## %s\n\n", t->title);
	if (!t->n_rows) {
		fprintf(f, "%s\n", t->empty ? t->empty : "");
	} else {
		for (j = 0; j < t->n_cols; j++) {
			fputs("| ", f);
			md_text(f, t->cols[j]);
			putc(' ', f);
		}
		fputs("|\n", f);
		for (j = 0; j < t->n_cols; j++)
			fputs(t->right >> j & 1 ? "|---:" : "|---", f);
		fputs("|\n", f);
		for (i = 0; i < t->n_rows; i++) {
			for (j = 0; j < t->n_cols; j++) {
				const struct rcell *c =
					&t->cells[i * t->n_cols + j];

				fputs("| ", f);
				md_text(f, c->text ? c->text : "");
				putc(' ', f);
			}
			fputs("|\n", f);
		}
	}
	if (t->note) {
		putc('\n', f);
		md_text(f, t->note);
		putc('\n', f);
	}
}

void render_md(FILE *f, const struct report *r, const struct render_opts *o)
{
	struct rview v;
	size_t i;

	rview_build(&v, r, o);
	fputs("# ", f);
	md_text(f, v.title);
	fputs("\n\n", f);
	md_text(f, v.subtitle);
	putc('\n', f);
	for (i = 0; i < v.n_tables; i++)
		table(f, &v.tables[i]);
	rview_release(&v);
}
