/*
 * Unit tests of the small core modules the tools stand on: diag (findings
 * sorted, deduplicated, printed as gcc and as JSON, escapes, moved and
 * copied), fileset (sorted lookup, a directory read with its kinds of
 * entry, an empty file), yemit (every string written reads back through
 * libyaml as the same string) and parallel (every item once, whatever
 * the threads).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "fileset.h"
#include "parallel.h"
#include "xalloc.h"
#include "ydoc.h"
#include "yemit.h"

/* what f holds, from the start; f closed */
static char *slurp(FILE *f)
{
	struct sbuf b = { 0 };
	char buf[4096];
	size_t n;

	rewind(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sbuf_add(&b, buf, n);
	fclose(f);
	return b.s ? sbuf_take(&b) : xstrdup("");
}

/* --- diag ---------------------------------------------------------------- */

static void diag_sorted_and_counted(void **state)
{
	struct diag_list d = { 0 };
	FILE *f = tmpfile();
	char *text;

	(void)state;
	assert_non_null(f);
	diag_error(&d, "tasks/18.yaml", 12, 3, "b-rule", "second");
	diag_warning(&d, "tasks/07.yaml", 4, 1, "a-rule", "first %d", 7);
	diag_error(&d, "tasks/18.yaml", 2, 9, "b-rule", "earlier");
	/* the same finding twice is reported once */
	diag_error(&d, "tasks/18.yaml", 12, 3, "b-rule", "second");
	assert_int_equal(d.errors, 3);
	assert_int_equal(d.warnings, 1);
	diag_sort(&d);
	assert_int_equal(d.n, 3);
	diag_print_text(f, &d);
	text = slurp(f);
	assert_string_equal(text,
		"tasks/07.yaml:4:1: warning: first 7\n"
		"tasks/18.yaml:2:9: error: earlier\n"
		"tasks/18.yaml:12:3: error: second\n");
	free(text);
	diag_release(&d);
	assert_int_equal(d.n, 0);
}

static void diag_json_and_escapes(void **state)
{
	struct diag_list d = { 0 };
	FILE *f = tmpfile();
	char *text, *esc;

	(void)state;
	assert_non_null(f);
	diag_error(&d, "units/jmw.yaml", 0, 0, "unit-key",
		   "say \"hi\"\tthere 市经贸委");
	diag_print_json(f, &d);
	text = slurp(f);
	assert_non_null(strstr(text, "\"file\": \"units/jmw.yaml\""));
	assert_non_null(strstr(text, "\"rule\": \"unit-key\""));
	/* a control character in a message is shown as an escape already
	 * (diag_escaped), which JSON then carries as text */
	assert_non_null(strstr(text,
			       "\"message\": \"say \\\"hi\\\"\\\\tthere 市经贸委\""));
	free(text);
	diag_release(&d);
	/* a terminal's escape in an author name is shown, not obeyed */
	esc = diag_escaped("Li\033[31m Lei\n");
	assert_string_equal(esc, "Li\\x1b[31m Lei\\n");
	free(esc);
}

static void diag_move_keeps_counts(void **state)
{
	struct diag_list a = { 0 }, b = { 0 };

	(void)state;
	diag_error(&a, "plan.yaml", 1, 1, "r", "x");
	diag_warning(&b, "plan.yaml", 2, 1, "r", "y");
	diag_move(&a, &b);
	assert_int_equal(a.n, 2);
	assert_int_equal(a.errors, 1);
	assert_int_equal(a.warnings, 1);
	assert_int_equal(b.n, 0);
	/* a copy leaves its source whole */
	diag_copy(&b, &a);
	assert_int_equal(b.n, 2);
	assert_int_equal(b.errors, 1);
	assert_int_equal(b.warnings, 1);
	assert_int_equal(a.n, 2);
	assert_string_equal(b.v[1].message, a.v[1].message);
	assert_ptr_not_equal(b.v[1].message, a.v[1].message);
	assert_int_equal(b.v[1].line, 2);
	diag_release(&a);
	diag_release(&b);
}

/* --- fileset ------------------------------------------------------------- */

static void fileset_lookup(void **state)
{
	struct fileset fs = { 0 };
	const char *names[] = { "units/jmw.yaml", "tasks/18.yaml",
				"plan.yaml", "tasks/07.yaml" };
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++)
		fileset_add(&fs, names[i], FILE_REGULAR, xstrdup(names[i]),
			    strlen(names[i]));
	fileset_sort(&fs);
	assert_string_equal(fs.v[0].path, "plan.yaml");
	assert_string_equal(fs.v[1].path, "tasks/07.yaml");
	for (i = 0; i < 4; i++)
		assert_non_null(fileset_find(&fs, names[i]));
	assert_null(fileset_find(&fs, "tasks/99.yaml"));
	assert_null(fileset_find(&fs, "tasks"));
	fileset_release(&fs);
}

static void fileset_directory(void **state)
{
	char dir[] = "/tmp/fileset-test.XXXXXX";
	struct fileset fs = { 0 };
	const struct file_entry *e;
	char *p, *cmd;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	p = xasprintf("%s/tasks", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = xasprintf("%s/tasks/01.yaml", dir);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("id: 1\n", f);
	fclose(f);
	free(p);
	/* an empty file is read as an empty text */
	p = xasprintf("%s/tasks/02.yaml", dir);
	f = fopen(p, "w");
	assert_non_null(f);
	fclose(f);
	free(p);
	p = xasprintf("%s/plan.yaml", dir);
	assert_int_equal(symlink("/etc/passwd", p), 0);
	free(p);
	assert_int_equal(fileset_from_dir(&fs, dir), 0);
	fileset_sort(&fs);
	e = fileset_find(&fs, "tasks/01.yaml");
	assert_non_null(e);
	assert_int_equal(e->kind, FILE_REGULAR);
	assert_int_equal(e->len, 6);
	assert_memory_equal(e->data, "id: 1\n", 6);
	assert_int_equal(e->data[6], '\0');
	e = fileset_find(&fs, "tasks/02.yaml");
	assert_non_null(e);
	assert_int_equal(e->kind, FILE_REGULAR);
	assert_int_equal(e->len, 0);
	assert_string_equal(e->data, "");
	/* a link out of the plan is named, never followed */
	e = fileset_find(&fs, "plan.yaml");
	assert_non_null(e);
	assert_int_not_equal(e->kind, FILE_REGULAR);
	fileset_release(&fs);
	cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* --- yemit --------------------------------------------------------------- */

/* s written as the value of "k:", read back through libyaml */
static void round_trip(const char *s)
{
	struct sbuf b = { 0 };
	struct diag_list d = { 0 };
	struct ynode *doc = NULL;
	const struct ynode *v;

	sbuf_adds(&b, "k: ");
	yemit_scalar(&b, s);
	sbuf_addc(&b, '\n');
	assert_int_equal(ydoc_load(&doc, "t.yaml", b.s, b.len, &d), 0);
	assert_int_equal(d.n, 0);
	v = ynode_get(doc, "k");
	assert_non_null(v);
	if (strcmp(ynode_str(v), s))
		fail_msg("'%s' was written %s and read back as '%s'", s, b.s,
			 ynode_str(v));
	/* what YAML would read as another type is quoted */
	if (!yemit_plain_ok(s))
		assert_true(strchr(b.s, '"') != NULL);
	ynode_free(doc);
	diag_release(&d);
	sbuf_release(&b);
}

static void yemit_strings_read_back(void **state)
{
	static const char *const s[] = {
		"狠抓项目推进", "完成工业投资630亿元", "", " lead", "trail ",
		">=", "~", "true", "no", "null", "12", "8.4", ".inf", "0x1F",
		"2010-06-30", "a: b", "x #y", "#c", "- item", "[1]", "{a}",
		"'q'", "\"d\"", "line\nbreak", "tab\there", "各县(市、区)",
		"*@jmw.sx.gov.cn", "&anchor", "!tag", "%pct", "@at", "`tick",
		"|", ">", "? k", ",", "back\\slash", "１２", "全角　空格",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		round_trip(s[i]);
}

static void yemit_numbers(void **state)
{
	struct sbuf b = { 0 };

	(void)state;
	yemit_number(&b, 630);
	sbuf_addc(&b, ' ');
	yemit_number(&b, 8.4);
	assert_string_equal(b.s, "630 8.4");
	sbuf_release(&b);
}

/* --- parallel ------------------------------------------------------------ */

static void count_one(void *ctx, size_t i)
{
	int *seen = ctx;

	seen[i]++;
}

static void parallel_every_item_once(void **state)
{
	static const size_t sizes[] = { 0, 1, 7, 1000 };
	size_t k, i;

	(void)state;
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		int heavy;

		for (heavy = 0; heavy < 2; heavy++) {
			int *seen = xcalloc(sizes[k] + 1, sizeof(*seen));

			parallel_each(sizes[k], heavy, count_one, seen);
			for (i = 0; i < sizes[k]; i++)
				assert_int_equal(seen[i], 1);
			assert_int_equal(seen[sizes[k]], 0);
			free(seen);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(diag_sorted_and_counted),
		cmocka_unit_test(diag_json_and_escapes),
		cmocka_unit_test(diag_move_keeps_counts),
		cmocka_unit_test(fileset_lookup),
		cmocka_unit_test(fileset_directory),
		cmocka_unit_test(yemit_strings_read_back),
		cmocka_unit_test(yemit_numbers),
		cmocka_unit_test(parallel_every_item_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
