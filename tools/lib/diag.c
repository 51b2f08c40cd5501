/* diag: see diag.h. */
#include "diag.h"
#include "i18n.h"
#include "wcwidth.h"
#include "xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *program = "plan";

/* is p a control character: C0, DEL, or C1 (U+0080..U+009F in UTF-8)? */
static size_t control_at(const unsigned char *p)
{
	if (*p < 0x20 || *p == 0x7f)
		return 1;
	if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
		return 2;
	return 0;
}

char *diag_escaped(const char *s)
{
	struct sbuf b = { 0 };
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n;

	for (; *p; p += n ? n : 1) {
		if (!(n = control_at(p)))
			sbuf_addc(&b, (char)*p);
		else if (*p == '\n')
			sbuf_adds(&b, "\\n");
		else if (*p == '\t')
			sbuf_adds(&b, "\\t");
		else if (n == 2)
			sbuf_printf(&b, "\\u%04x", p[1]);
		else
			sbuf_printf(&b, "\\x%02x", *p);
	}
	return b.s ? sbuf_take(&b) : xstrdup("");
}

/* a finding is one line: show control characters from values as escapes */
static char *one_line(char *s)
{
	const unsigned char *p;
	char *e;

	for (p = (const unsigned char *)s; *p && !control_at(p); p++)
		;
	if (!*p)
		return s;
	e = diag_escaped(s);
	free(s);
	return e;
}

void diag_add(struct diag_list *d, const char *file, int line, int col,
	      enum diag_severity sev, const char *rule, const char *fmt, ...)
{
	struct sbuf b = { 0 };
	struct diag *g;
	va_list ap;

	va_start(ap, fmt);
	sbuf_vprintf(&b, fmt, ap);
	va_end(ap);
	XGROW(d->v, d->cap, d->n + 1);
	g = &d->v[d->n++];
	g->file = one_line(xstrdup(file ? file : ""));
	g->line = line;
	g->col = col;
	g->severity = sev;
	g->rule = rule;
	g->message = one_line(sbuf_take(&b));
	if (sev == DIAG_ERROR)
		d->errors++;
	else if (sev == DIAG_WARNING)
		d->warnings++;
}

void diag_copy(struct diag_list *dst, const struct diag_list *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		const struct diag *g = &src->v[i];

		diag_add(dst, g->file, g->line, g->col, g->severity, g->rule,
			 "%s", g->message);
	}
}

void diag_move(struct diag_list *dst, struct diag_list *src)
{
	XGROW(dst->v, dst->cap, dst->n + src->n);
	if (src->n)
		memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n += src->n;
	dst->errors += src->errors;
	dst->warnings += src->warnings;
	free(src->v);
	memset(src, 0, sizeof(*src));
}

static int cmp_diag(const void *pa, const void *pb)
{
	const struct diag *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return strcmp(a->message, b->message);
}

void diag_sort(struct diag_list *d)
{
	size_t i, j;

	if (d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), cmp_diag);
	for (i = j = 0; i < d->n; i++) {
		if (j && !cmp_diag(&d->v[j - 1], &d->v[i])) {
			if (d->v[i].severity == DIAG_ERROR)
				d->errors--;
			else if (d->v[i].severity == DIAG_WARNING)
				d->warnings--;
			free(d->v[i].file);
			free(d->v[i].message);
			continue;
		}
		d->v[j++] = d->v[i];
	}
	d->n = j;
}

static const char *sev_name(enum diag_severity s)
{
	return s == DIAG_ERROR ? "error" : s == DIAG_WARNING ? "warning" : "note";
}

void diag_print_text(FILE *f, const struct diag_list *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		fputs(g->file, f);
		if (g->line > 0) {
			fprintf(f, ":%d", g->line);
			if (g->col > 0)
				fprintf(f, ":%d", g->col);
		}
		fprintf(f, ": %s: %s\n", sev_name(g->severity), g->message);
	}
}

void json_sbuf(struct sbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s), n;
	uint32_t cp;

	sbuf_addc(b, '"');
	for (; *p; p += n, left -= n) {
		n = 1;
		switch (*p) {
		case '"': sbuf_adds(b, "\\\""); break;
		case '\\': sbuf_adds(b, "\\\\"); break;
		case '\n': sbuf_adds(b, "\\n"); break;
		case '\r': sbuf_adds(b, "\\r"); break;
		case '\t': sbuf_adds(b, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				sbuf_printf(b, "\\u%04x", *p);
			} else if (*p < 0x80) {
				sbuf_addc(b, (char)*p);
			} else if ((n = utf8_decode(&cp, (const char *)p, left)) >
				   1 || cp != 0xFFFD) {
				/* JSON must be UTF-8: keep valid sequences */
				sbuf_add(b, (const char *)p, n);
			} else {
				sbuf_adds(b, "\\ufffd");
			}
		}
	}
	sbuf_addc(b, '"');
}

void json_string(FILE *f, const char *s)
{
	struct sbuf b = { 0 };

	json_sbuf(&b, s);
	fputs(b.s, f);
	sbuf_release(&b);
}

void diag_print_json(FILE *f, const struct diag_list *d)
{
	size_t i;

	fputs("[", f);
	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		fputs(i ? ",\n  {" : "\n  {", f);
		fputs("\"file\": ", f);
		json_string(f, g->file);
		fprintf(f, ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", "
			"\"rule\": ", g->line, g->col, sev_name(g->severity));
		json_string(f, g->rule ? g->rule : "");
		fputs(", \"message\": ", f);
		json_string(f, g->message);
		fputs("}", f);
	}
	fputs(d->n ? "\n]\n" : "]\n", f);
}

void diag_print_count(FILE *f, const struct diag_list *d)
{
	char errors[64], warnings[64];

	snprintf(errors, sizeof(errors), ngettext("%zu error", "%zu errors",
		 (unsigned long)d->errors), d->errors);
	snprintf(warnings, sizeof(warnings), ngettext("%zu warning",
		 "%zu warnings", (unsigned long)d->warnings), d->warnings);
	/* TRANSLATORS: "2 errors, 1 warning" */
	fprintf(f, _("%s, %s\n"), errors, warnings);
}

void diag_release(struct diag_list *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].message);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

void diag_set_program(const char *name)
{
	const char *slash = strrchr(name, '/');

	program = slash ? slash + 1 : name;
	/* every tool names itself first: the one place to set up messages */
	i18n_init();
}

const char *diag_program(void)
{
	return program;
}

static void error_line(const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: error: ", program);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int diag_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_line(fmt, ap);
	va_end(ap);
	return EXIT_TROUBLE;
}

int diag_refuse(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_line(fmt, ap);
	va_end(ap);
	return EXIT_FINDINGS;
}

int diag_usage(const char *usage, const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		fprintf(stderr, "%s: ", program);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fprintf(stderr, "%s\n", _(usage));
	/* as typed once installed: "plan summary --help", "plan --help" */
	if (!strcmp(program, "plan"))
		fprintf(stderr, _("see 'plan --help'\n"));
	else
		/* TRANSLATORS: %s is the command, e.g. "summary" */
		fprintf(stderr, _("see 'plan %s --help'\n"), program);
	return EXIT_TROUBLE;
}

int diag_finish(int ret)
{
	if (fflush(stdout) || ferror(stdout) || fclose(stdout)) {
		fprintf(stderr, _("%s: error: cannot write output: %s\n"),
			program, strerror(errno));
		return EXIT_TROUBLE;
	}
	return ret;
}
