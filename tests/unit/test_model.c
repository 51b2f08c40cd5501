/*
 * Unit tests of model.c and fileset.c: records built from parsed files,
 * and every rule across files, each with an input that breaks it and the
 * finding it must give (file, line, column, message).  The plan is built
 * in memory on the committed schema/ files (the tests run from the
 * repository's top); the working-tree reader is tried on a temporary
 * directory holding links, a directory, a fifo and an oversized file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "fileset.h"
#include "model.h"
#include "xalloc.h"

static const char plan_yaml[] =
	"title: 工作计划\n"
	"year: 2010\n"
	"categories:\n"
	"  - 发展新产业\n"
	"  - 推进大项目\n";

static const char jmw[] =
	"id: jmw\nname: 市经贸委\naliases:\n  - 经贸委\nkind: department\n";
static const char fgw[] = "id: fgw\nname: 市发改委\nkind: department\n";
static const char sxx[] = "id: sxx\nname: 绍兴县\nkind: county\n";
static const char counties[] =
	"id: counties\nname: 各县(市、区)\nkind: group\nmembers:\n  - sxx\n";

/* a task; line 2 is id, 3 category, 8 the lead, 13 status, 14 progress */
#define TASK(id, category, lead, status, progress) \
	"# task\n" \
	"id: " id "\n" \
	"category: " category "\n" \
	"content: 工作内容\n" \
	"target: 目标任务\n" \
	"units:\n" \
	"  text: 市经贸委牵头\n" \
	"  lead: [" lead "]\n" \
	"  cooperate: []\n" \
	"  implement: [counties]\n" \
	"indicators: []\n" \
	"deadline: 2010-12-31\n" \
	"status: " status "\n" \
	"progress: " progress "\n" \
	"as_of: null\n" \
	"note: \"\"\n"

static const char task1[] =
	TASK("1", "发展新产业", "jmw", "in_progress", "50");
static const char task2[] =
	TASK("2", "推进大项目", "fgw, counties", "done", "100");

static char *schema_text[3];
static size_t schema_len[3];
static const char *const schema_paths[3] = {
	"schema/plan.schema.json", "schema/task.schema.json",
	"schema/unit.schema.json"
};

static int read_schemas(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++)
		if (read_file(schema_paths[i], &schema_text[i], &schema_len[i],
			      YDOC_MAX_SIZE)) {
			fprintf(stderr, "cannot read %s: run from the "
				"repository's top\n", schema_paths[i]);
			return -1;
		}
	return 0;
}

static int free_schemas(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++)
		free(schema_text[i]);
	return 0;
}

static void add_text(struct fileset *fs, const char *path, const char *text)
{
	fileset_add(fs, path, FILE_REGULAR, xstrdup(text), strlen(text));
}

/*
 * The plan of path/content pairs (NULL-ended) over the schemas, the plan
 * file, the units jmw, fgw, sxx, counties and task 1; a NULL content drops
 * a base file.
 */
static struct fileset *fileset_of(const char *path, ...)
{
	static const char *const base[][2] = {
		{ "plan.yaml", plan_yaml }, { "units/jmw.yaml", jmw },
		{ "units/fgw.yaml", fgw }, { "units/sxx.yaml", sxx },
		{ "units/counties.yaml", counties },
		{ "tasks/01.yaml", task1 },
	};
	struct fileset *fs = xcalloc(1, sizeof(*fs));
	const char *p, *text;
	size_t i, j;
	va_list ap;

	for (i = 0; i < 3; i++)
		fileset_add(fs, schema_paths[i], FILE_REGULAR,
			    xstrndup(schema_text[i], schema_len[i]),
			    schema_len[i]);
	for (i = 0; i < sizeof(base) / sizeof(*base); i++) {
		va_start(ap, path);
		for (p = path; p; p = va_arg(ap, const char *)) {
			text = va_arg(ap, const char *);
			if (!strcmp(p, base[i][0]))
				break;
		}
		va_end(ap);
		if (!p)
			add_text(fs, base[i][0], base[i][1]);
	}
	va_start(ap, path);
	for (p = path; p; p = va_arg(ap, const char *)) {
		text = va_arg(ap, const char *);
		for (j = 0; j < fs->n; j++)
			if (!strcmp(fs->v[j].path, p))
				break;
		if (text && j == fs->n)
			add_text(fs, p, text);
	}
	va_end(ap);
	fileset_sort(fs);
	return fs;
}

static void fileset_free(struct fileset *fs)
{
	fileset_release(fs);
	free(fs);
}

/* load the plan of fs; the findings, sorted, in d */
static struct plan *load(const struct fileset *fs, struct diag_list *d)
{
	struct schemas s;
	struct plan *p = NULL;

	if (schemas_load(&s, fs, d)) {
		diag_print_text(stderr, d);
		fail_msg("the schemas do not load");
	}
	assert_int_equal(plan_load(&p, fs, &s, NULL, d), 0);
	assert_non_null(p);
	schemas_release(&s);
	diag_sort(d);
	return p;
}

/* d holds an error at file:line:col of rule whose message holds phrase */
static void assert_diag(const struct diag_list *d, const char *file, int line,
			int col, const char *rule, const char *phrase)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (!strcmp(d->v[i].file, file) && d->v[i].line == line &&
		    d->v[i].col == col && !strcmp(d->v[i].rule, rule) &&
		    strstr(d->v[i].message, phrase) &&
		    d->v[i].severity == DIAG_ERROR)
			return;
	diag_print_text(stderr, d);
	fail_msg("no finding %s:%d:%d [%s] ...%s...", file, line, col, rule,
		 phrase);
}

/* the plan of the given files has exactly one finding, as described */
static void one_finding(const char *file, int line, int col, const char *rule,
			const char *phrase, const char *path,
			const char *text)
{
	struct fileset *fs = fileset_of(path, text, NULL);
	struct diag_list d = { 0 };
	struct plan *p = load(fs, &d);

	if (d.n != 1)
		diag_print_text(stderr, &d);
	assert_int_equal(d.n, 1);
	assert_diag(&d, file, line, col, rule, phrase);
	diag_release(&d);
	plan_free(p);
	fileset_free(fs);
}

static void test_clean_plan(void **state)
{
	struct fileset *fs = fileset_of("tasks/02.yaml", task2, NULL);
	struct diag_list d = { 0 };
	struct plan *p = load(fs, &d);
	const struct task *t;

	(void)state;
	if (d.n)
		diag_print_text(stderr, &d);
	assert_int_equal(d.n, 0);
	assert_string_equal(p->title, "工作计划");
	assert_int_equal(p->year, 2010);
	assert_int_equal(p->categories.n, 2);
	assert_int_equal(p->n_tasks, 2);
	assert_int_equal(p->n_units, 4);
	t = plan_task(p, 2);
	assert_non_null(t);
	assert_string_equal(t->path, "tasks/02.yaml");
	assert_int_equal(t->status, STATUS_DONE);
	assert_int_equal(t->progress, 100);
	assert_int_equal(t->lead.n, 2);
	assert_string_equal(t->lead.v[1], "counties");
	assert_string_equal(t->deadline, "2010-12-31");
	assert_string_equal(t->as_of, "");
	assert_string_equal(t->note, "");
	assert_null(plan_task(p, 3));
	assert_non_null(plan_unit(p, "counties"));
	assert_null(plan_unit(p, "nosuch"));
	assert_int_equal(plan_category(p, "推进大项目"), 1);
	assert_int_equal(plan_category(p, "推进项目"), -1);
	assert_true(plan_unit_covers(p, "counties", "sxx"));
	assert_true(plan_unit_covers(p, "jmw", "jmw"));
	assert_false(plan_unit_covers(p, "counties", "jmw"));
	diag_release(&d);
	plan_free(p);
	fileset_free(fs);
	plan_free(NULL);
}

static void test_task_rules(void **state)
{
	(void)state;
	one_finding("tasks/02.yaml", 2, 5, "id-mismatch",
		    "id 3 does not match the file name (expected id: 2",
		    "tasks/02.yaml", TASK("3", "推进大项目", "jmw", "in_progress",
					  "50"));
	one_finding("tasks/02.yaml", 3, 11, "unknown-category",
		    "unknown category '推进项目' (plan.yaml lists: 发展新产业, "
		    "推进大项目)", "tasks/02.yaml",
		    TASK("2", "推进项目", "jmw", "in_progress", "50"));
	one_finding("tasks/02.yaml", 8, 15, "unknown-unit",
		    "unknown unit 'jwm' in units.lead; did you mean 'jmw'?",
		    "tasks/02.yaml", TASK("2", "推进大项目", "fgw, jwm",
					  "in_progress", "50"));
	one_finding("tasks/02.yaml", 8, 10, "unknown-unit",
		    "unknown unit 'nosuch' in units.lead (units are the file "
		    "names in units/)", "tasks/02.yaml",
		    TASK("2", "推进大项目", "nosuch", "in_progress", "50"));
	one_finding("tasks/02.yaml", 13, 9, "status-progress",
		    "status is done but progress is 50", "tasks/02.yaml",
		    TASK("2", "推进大项目", "jmw", "done", "50"));
	one_finding("tasks/02.yaml", 14, 11, "status-progress",
		    "progress is 100 but status is in_progress: set status: "
		    "done", "tasks/02.yaml", TASK("2", "推进大项目", "jmw",
						  "in_progress", "100"));
	/* possible but suspicious: a warning, which passes validate */
	{
		struct fileset *fs = fileset_of("tasks/02.yaml",
						TASK("2", "推进大项目", "jmw",
						     "at_risk", "40"), NULL);
		struct diag_list d = { 0 };
		struct plan *p = load(fs, &d);

		assert_int_equal(d.n, 1);
		assert_int_equal(d.errors, 0);
		assert_int_equal(d.v[0].severity, DIAG_WARNING);
		assert_string_equal(d.v[0].rule, "at-risk-note");
		assert_int_equal(d.v[0].line, 16);
		diag_release(&d);
		plan_free(p);
		fileset_free(fs);
	}
	one_finding("tasks/02.yaml", 13, 9, "status-progress",
		    "status is not_started but progress is 5", "tasks/02.yaml",
		    TASK("2", "推进大项目", "jmw", "not_started", "5"));
	one_finding("tasks/02.yaml", 2, 5, "range",
		    "'id' is 123456789012, too large for a task number",
		    "tasks/02.yaml", TASK("123456789012", "推进大项目", "jmw",
					  "in_progress", "50"));
	/* a schema finding keeps the task out of the cross-file rules */
	one_finding("tasks/02.yaml", 14, 11, "range",
		    "'progress' is 150, out of range", "tasks/02.yaml",
		    TASK("3", "无此类别", "nosuch", "done", "150"));
}

static void test_duplicate_ids(void **state)
{
	struct fileset *fs;
	struct diag_list d = { 0 };
	struct plan *p;

	(void)state;
	/* 01.yaml and 001.yaml: the one not named after the id is reported */
	fs = fileset_of("tasks/001.yaml", task1, NULL);
	p = load(fs, &d);
	assert_int_equal(d.n, 2);
	assert_diag(&d, "tasks/001.yaml", 2, 5, "duplicate-id",
		    "task id 1 is also used by tasks/01.yaml");
	assert_diag(&d, "tasks/001.yaml", 0, 0, "file-name",
		    "'001.yaml' is not a task file name: the file of task 1 is "
		    "named 01.yaml");
	/* both records are kept: the comparer sees what is there */
	assert_int_equal(p->n_tasks, 2);
	diag_release(&d);
	plan_free(p);
	fileset_free(fs);

	/* 02.yaml with id 1: a wrong id, and a duplicate */
	fs = fileset_of("tasks/02.yaml", task1, NULL);
	p = load(fs, &d);
	assert_int_equal(d.n, 2);
	assert_diag(&d, "tasks/02.yaml", 2, 5, "duplicate-id",
		    "task id 1 is also used by tasks/01.yaml");
	assert_diag(&d, "tasks/02.yaml", 2, 5, "id-mismatch",
		    "id 1 does not match the file name (expected id: 2");
	diag_release(&d);
	plan_free(p);
	fileset_free(fs);

	/* task 100 is named 100.yaml */
	one_finding("tasks/100.yaml", 2, 5, "id-mismatch",
		    "id 2 does not match the file name (expected id: 100",
		    "tasks/100.yaml", task2);
}

/* the findings of d about task files, sorted, as text */
static char *task_findings(struct diag_list *d)
{
	struct diag_list t = { 0 };
	char *buf = NULL;
	size_t i, len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	for (i = 0; i < d->n; i++)
		if (!strncmp(d->v[i].file, "tasks/", 6))
			diag_add(&t, d->v[i].file, d->v[i].line, d->v[i].col,
				 d->v[i].severity, d->v[i].rule, "%s",
				 d->v[i].message);
	diag_sort(&t);
	for (i = 0; i < t.n; i++)
		fprintf(f, "%s:%d:%d: [%s] %s\n", t.v[i].file, t.v[i].line,
			t.v[i].col, t.v[i].rule, t.v[i].message);
	fclose(f);
	diag_release(&t);
	return buf;
}

/*
 * Task files loaded on their own beside a loaded plan (what audit does
 * for each round of versions) give the findings a whole load gives them.
 */
static void test_load_tasks_agrees(void **state)
{
	struct fileset *fs = fileset_of(
		"tasks/001.yaml", task1,
		"tasks/02.yaml", TASK("2", "发展新产业", "jnw", "in_progress",
				      "20"),
		"tasks/03.yaml", TASK("4", "新产业", "fgw", "done", "50"),
		"tasks/05.yaml", "id: [\n",
		"tasks/x.yaml", task2,
		NULL);
	struct fileset ctx = { 0 }, tasks = { 0 };
	struct diag_list whole = { 0 }, d = { 0 };
	struct plan *p = load(fs, &whole), *base, *t = NULL;
	struct schemas s;
	char *want, *got;
	size_t i;

	(void)state;
	for (i = 0; i < fs->n; i++)
		fileset_add(strncmp(fs->v[i].path, "tasks/", 6) ? &ctx :
			    &tasks, fs->v[i].path, fs->v[i].kind,
			    xstrndup(fs->v[i].data, fs->v[i].len),
			    fs->v[i].len);
	base = load(&ctx, &d);
	diag_release(&d);
	assert_int_equal(schemas_load(&s, &ctx, &d), 0);
	assert_int_equal(plan_load_tasks(&t, base, &tasks, &s, NULL, &d), 0);
	assert_int_equal(t->n_tasks, p->n_tasks);
	want = task_findings(&whole);
	got = task_findings(&d);
	/* each kind of finding is there, so that agreeing means something */
	assert_non_null(strstr(want, "[duplicate-id]"));
	assert_non_null(strstr(want, "did you mean 'jmw'"));
	assert_non_null(strstr(want, "[unknown-category]"));
	assert_non_null(strstr(want, "[status-progress]"));
	assert_non_null(strstr(want, "[id-mismatch]"));
	assert_non_null(strstr(want, "[file-name]"));
	assert_non_null(strstr(want, "tasks/05.yaml:"));
	assert_string_equal(got, want);
	free(got);
	/* loaded dropping the task files' bytes: the same findings, and
	 * only the bytes of the files read as tasks gone (not x.yaml's) */
	plan_free(t);
	diag_release(&d);
	assert_int_equal(plan_load_dropping(&t, fs, &s, NULL, &d), 0);
	diag_sort(&d);
	got = task_findings(&d);
	assert_string_equal(got, want);
	assert_int_equal(t->n_tasks, p->n_tasks);
	for (i = 0; i < fs->n; i++)
		if (task_path_id(fs->v[i].path) >= 0)
			assert_null(fs->v[i].data);
		else
			assert_non_null(fs->v[i].data);
	free(want);
	free(got);
	schemas_release(&s);
	diag_release(&d);
	diag_release(&whole);
	plan_free(t);
	plan_free(base);
	plan_free(p);
	fileset_release(&ctx);
	fileset_release(&tasks);
	fileset_free(fs);
}

static void test_unit_rules(void **state)
{
	(void)state;
	one_finding("units/tst.yaml", 1, 5, "id-mismatch",
		    "id 'tsx' does not match the file name (expected id: tst)",
		    "units/tst.yaml", "id: tsx\nname: 测试\nkind: office\n");
	one_finding("units/tst.yaml", 3, 7, "group-members",
		    "a group needs 'members'", "units/tst.yaml",
		    "id: tst\nname: 测试\nkind: group\n");
	one_finding("units/tst.yaml", 4, 1, "group-members",
		    "only a unit of kind group has members", "units/tst.yaml",
		    "id: tst\nname: 测试\nkind: office\nmembers: [jmw]\n");
	one_finding("units/tst.yaml", 4, 16, "unknown-unit",
		    "unknown unit 'nosuch' in members", "units/tst.yaml",
		    "id: tst\nname: 测试\nkind: group\nmembers: [jmw, nosuch]\n");
	one_finding("units/tst.yaml", 4, 11, "group-members",
		    "member 'counties' is itself a group", "units/tst.yaml",
		    "id: tst\nname: 测试\nkind: group\nmembers: [counties]\n");
	one_finding("units/tst.yaml", 2, 7, "ambiguous-name",
		    "name '市经贸委' is also used by units/jmw.yaml",
		    "units/tst.yaml", "id: tst\nname: 市经贸委\nkind: office\n");
	one_finding("units/tst.yaml", 4, 5, "ambiguous-name",
		    "name '经贸委' is also used by units/jmw.yaml",
		    "units/tst.yaml",
		    "id: tst\nname: 测试\naliases:\n  - 经贸委\nkind: office\n");
	one_finding("units/tst.yaml", 3, 7, "enum",
		    "'kind' cannot be 'ofice'; did you mean 'office'?",
		    "units/tst.yaml", "id: tst\nname: 测试\nkind: ofice\n");
}

static void test_duplicate_unit(void **state)
{
	struct fileset *fs = fileset_of("units/jmw2.yaml", jmw, NULL);
	struct diag_list d = { 0 };
	struct plan *p = load(fs, &d);

	(void)state;
	/* the file named after the id keeps it; the other is reported */
	assert_diag(&d, "units/jmw2.yaml", 1, 5, "duplicate-id",
		    "unit id 'jmw' is also used by units/jmw.yaml");
	assert_diag(&d, "units/jmw2.yaml", 1, 5, "id-mismatch",
		    "id 'jmw' does not match the file name");
	diag_release(&d);
	plan_free(p);
	fileset_free(fs);
}

static void test_file_names(void **state)
{
	(void)state;
	one_finding("tasks/t02.yaml", 0, 0, "file-name",
		    "'t02.yaml' is not a task file name", "tasks/t02.yaml",
		    task2);
	one_finding("tasks/2.yaml", 0, 0, "file-name",
		    "'2.yaml' is not a task file name", "tasks/2.yaml", task2);
	one_finding("tasks/02.yml", 0, 0, "file-name",
		    "'02.yml' is not a task file name", "tasks/02.yml", task2);
	one_finding("tasks/02.yaml.bak", 0, 0, "file-name",
		    "is not a task file name", "tasks/02.yaml.bak", task2);
	one_finding("units/Tst.yaml", 0, 0, "file-name",
		    "'Tst.yaml' is not a unit file name", "units/Tst.yaml",
		    "id: tst\nname: 测试\nkind: office\n");
	one_finding("units/tst_1.yaml", 0, 0, "file-name",
		    "is not a unit file name", "units/tst_1.yaml",
		    "id: tst\nname: 测试\nkind: office\n");
	/* hidden files (editor droppings) are not plan files */
	{
		struct fileset *fs = fileset_of("tasks/.02.yaml.swp", "x\0y",
						"units/.DS_Store", "\xff",
						NULL);
		struct diag_list d = { 0 };
		struct plan *p = load(fs, &d);

		assert_int_equal(d.n, 0);
		diag_release(&d);
		plan_free(p);
		fileset_free(fs);
	}
}

struct kind_case {
	const char *path;
	enum file_kind kind;
	const char *phrase;
};

/* entries that are not regular files, as the readers report them */
static void test_file_kinds(void **state)
{
	static const struct kind_case cases[] = {
		{ "tasks/02.yaml", FILE_SYMLINK, "is a symbolic link; plan "
		  "files must be regular files" },
		{ "tasks/02.yaml", FILE_OUTSIDE, "is a symbolic link pointing "
		  "outside the repository" },
		{ "tasks/02.yaml", FILE_DIRECTORY, "is a directory" },
		{ "tasks/02.yaml", FILE_OTHER, "is not a regular file" },
		{ "tasks/02.yaml", FILE_TOO_LARGE, "file is 2000000 bytes, "
		  "over the limit of 1048576 bytes (1 MiB)" },
		{ "tasks/02.yaml", FILE_UNREADABLE, "cannot read the file: "
		  "Permission denied" },
		{ "units/tst.yaml", FILE_SYMLINK, "is a symbolic link" },
		{ "plan.yaml", FILE_DIRECTORY, "is a directory" },
		{ "tasks", FILE_SYMLINK, "'tasks' is a symbolic link; it must "
		  "be a directory of the repository holding the task files" },
		{ "tasks", FILE_OUTSIDE, "'tasks' is a symbolic link pointing "
		  "outside the repository" },
		{ "units", FILE_REGULAR, "'units' is a file; it must be a "
		  "directory of the repository holding the unit files" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const struct kind_case *c = &cases[i];
		struct fileset *fs = fileset_of(c->path, NULL, NULL);
		struct diag_list d = { 0 };
		struct plan *p;
		char *data = NULL;
		size_t len = 0;

		if (c->kind == FILE_UNREADABLE)
			data = xstrdup("Permission denied");
		else if (c->kind == FILE_SYMLINK || c->kind == FILE_OUTSIDE)
			data = xstrdup("../x");
		else if (c->kind == FILE_REGULAR)
			data = xstrdup("");
		if (c->kind == FILE_TOO_LARGE)
			len = 2000000;
		fileset_add(fs, c->path, c->kind, data, len);
		fileset_sort(fs);
		p = load(fs, &d);
		/* the plan file's absence takes its categories away */
		assert_int_equal(d.n, 1);
		assert_diag(&d, c->path, 0, 0, !strcmp(c->path, "tasks") ||
			    !strcmp(c->path, "units") ||
			    c->kind < FILE_TOO_LARGE ? "file-kind" :
			    c->kind == FILE_TOO_LARGE ? "too-large" :
			    "unreadable", c->phrase);
		diag_release(&d);
		plan_free(p);
		fileset_free(fs);
	}
}

static void test_missing_files(void **state)
{
	struct fileset *fs = fileset_of("plan.yaml", NULL, NULL);
	struct diag_list d = { 0 };
	struct schemas s;
	struct plan *p = load(fs, &d);
	size_t i;

	(void)state;
	assert_int_equal(d.n, 1);
	assert_diag(&d, "plan.yaml", 0, 0, "missing", "plan.yaml is missing");
	/* without categories, no task's category can be checked */
	assert_int_equal(p->categories.n, 0);
	assert_int_equal(p->n_tasks, 1);
	diag_release(&d);
	plan_free(p);
	fileset_free(fs);

	/* a schema file missing: the schemas cannot be used */
	fs = fileset_of(NULL);
	for (i = 0; i < fs->n; i++)
		if (!strcmp(fs->v[i].path, "schema/unit.schema.json"))
			fs->v[i].kind = FILE_SYMLINK;
	assert_int_equal(schemas_load(&s, fs, &d), -1);
	assert_diag(&d, "schema/unit.schema.json", 0, 0, "schema",
		    "schema file is missing or not a regular file");
	assert_null(s.plan);
	diag_release(&d);
	fileset_free(fs);
}

static void assert_pos(const struct field_pos *f, int line, int col,
		       int key_line, int key_col)
{
	assert_non_null(f);
	assert_int_equal(f->line, line);
	assert_int_equal(f->col, col);
	assert_int_equal(f->key_line, key_line);
	assert_int_equal(f->key_col, key_col);
}

static void test_task_load(void **state)
{
	struct diag_list d = { 0 };
	struct schema *s = NULL;
	struct task *t = NULL;
	const char text[] =
		"\xef\xbb\xbfid: 7\r\ncategory: 类\r\ncontent: 内容\r\n"
		"target: 目标\r\nunits:\r\n  text: 文\r\n  lead: [jmw]\r\n"
		"  cooperate: [fgw]\r\n  implement: []\r\nindicators:\r\n"
		"  - name: 投资\r\n    op: \"~\"\r\n    target: 8.5\r\n"
		"    unit: 亿元\r\n    actual: 0.5\r\n  - name: 项目\r\n"
		"    op: \"<=\"\r\n    target: 20\r\n    unit: 只\r\n"
		"    actual: ~\r\ndeadline: 2010-06-30\r\nstatus: at_risk\r\n"
		"progress: 10\r\nas_of: 2010-03-31\r\nnote: 滞后\r\n";

	(void)state;
	assert_int_equal(schema_load(&s, schema_paths[1], schema_text[1],
				     schema_len[1], &d), 0);
	assert_int_equal(task_load(&t, "tasks/07.yaml", text,
				   sizeof(text) - 1, s, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(t->id, 7);
	assert_string_equal(t->path, "tasks/07.yaml");
	assert_string_equal(t->category, "类");
	assert_string_equal(t->cooperate.v[0], "fgw");
	assert_int_equal(t->implement.n, 0);
	assert_int_equal(t->n_indicators, 2);
	assert_int_equal(t->indicators[0].op, OP_ABOUT);
	assert_true(t->indicators[0].target == 8.5);
	assert_true(t->indicators[0].has_actual);
	assert_true(t->indicators[0].actual == 0.5);
	assert_int_equal(t->indicators[1].op, OP_LE);
	assert_false(t->indicators[1].has_actual);
	assert_string_equal(t->deadline, "2010-06-30");
	assert_int_equal(t->status, STATUS_AT_RISK);
	assert_string_equal(t->as_of, "2010-03-31");
	assert_string_equal(t->note, "滞后");
	/* where the fields are written, kept without the tree */
	assert_pos(task_field(t, "status"), 22, 9, 22, 1);
	assert_pos(task_field(t, "units.cooperate"), 8, 14, 8, 3);
	assert_pos(task_field(t, "units.cooperate.0"), 8, 15, 0, 0);
	assert_null(task_field(t, "units.implement.0"));
	assert_pos(task_field(t, "indicators.投资.actual"), 15, 13, 15, 5);
	assert_pos(task_field(t, "indicators.项目"), 16, 5, 0, 0);
	assert_null(task_field(t, "owner"));
	/* a finding about a field that is not there points at the file */
	assert_pos(task_at(t, "owner"), 1, 1, 0, 0);
	/* a second owner keeps it after the first is done */
	task_hold(t);
	task_free(t);
	assert_string_equal(task_at(t, "note")->name, "note");
	task_free(t);
	task_free(NULL);

	/* a bad file: no task, and the findings */
	assert_int_equal(task_load(&t, "tasks/07.yaml", "id: [\n", 6, s, &d),
			 -1);
	assert_null(t);
	assert_int_equal(d.errors, 1);
	diag_release(&d);
	schema_free(s);
	unit_free(NULL);
}

/* admin is a YAML boolean: every spelling of true makes an admin */
static void test_unit_admin(void **state)
{
	static const char *const spellings[][2] = {
		{ "true", "1" }, { "True", "1" }, { "TRUE", "1" },
		{ "false", "0" }, { "False", "0" },
	};
	struct diag_list d = { 0 };
	struct schema *s = NULL;
	struct unit *u = NULL;
	size_t i;

	(void)state;
	assert_int_equal(schema_load(&s, schema_paths[2], schema_text[2],
				     schema_len[2], &d), 0);
	for (i = 0; i < sizeof(spellings) / sizeof(*spellings); i++) {
		char *text = xasprintf("id: office\nname: 办公室\n"
				       "kind: department\nadmin: %s\n",
				       spellings[i][0]);

		assert_int_equal(unit_load(&u, "units/office.yaml", text,
					   strlen(text), s, &d), 0);
		assert_int_equal(d.n, 0);
		assert_int_equal(u->admin, spellings[i][1][0] == '1');
		unit_free(u);
		free(text);
	}
	schema_free(s);
}

static void test_names(void **state)
{
	static const struct { const char *path; int id; } paths[] = {
		{ "tasks/01.yaml", 1 }, { "tasks/18.yaml", 18 },
		{ "tasks/100.yaml", 100 }, { "tasks/007.yaml", 7 },
		{ "tasks/1.yaml", -1 }, { "tasks/t1.yaml", -1 },
		{ "tasks/01.yml", -1 }, { "tasks/01.yaml.bak", -1 },
		{ "tasks/.yaml", -1 }, { "units/01.yaml", -1 },
		{ "tasks/sub/01.yaml", -1 }, { "tasks/999999999.yaml", -1 },
		{ "tasks/99999999.yaml", 99999999 },
		{ "tasks/99999999999999999999.yaml", -1 },
	};
	static const struct { const char *s; int valid; } dates[] = {
		{ "2010-12-31", 1 }, { "2012-02-29", 1 }, { "2000-02-29", 1 },
		{ "2010-02-29", 0 }, { "1900-02-29", 0 }, { "2010-02-30", 0 },
		{ "2010-04-31", 0 }, { "2010-13-01", 0 }, { "2010-00-01", 0 },
		{ "2010-01-00", 0 }, { "2010-1-01", 0 }, { "2010-01-01x", 0 },
		{ "2010/01/01", 0 }, { "", 0 }, { "二〇一〇-01-01", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(paths) / sizeof(*paths); i++)
		if (task_path_id(paths[i].path) != paths[i].id)
			fail_msg("task_path_id(%s) = %d", paths[i].path,
				 task_path_id(paths[i].path));
	for (i = 0; i < sizeof(dates) / sizeof(*dates); i++)
		if (date_valid(dates[i].s) != dates[i].valid)
			fail_msg("date_valid(%s)", dates[i].s);
	assert_false(date_valid(NULL));
	for (i = 0; i < STATUS_COUNT; i++)
		assert_int_equal(status_parse(status_name(i)), (int)i);
	for (i = 0; i < OP_COUNT; i++)
		assert_int_equal(op_parse(op_name(i)), (int)i);
	for (i = 0; i < UNIT_KIND_COUNT; i++)
		assert_int_equal(unit_kind_parse(unit_kind_name(i)), (int)i);
	assert_int_equal(status_parse("in-progress"), -1);
	assert_int_equal(status_parse(NULL), -1);
	assert_int_equal(op_parse("≥"), -1);
	assert_int_equal(unit_kind_parse("Group"), -1);
}

/* ---- fileset_from_dir on a real directory ---- */

static char dir[64];

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void write_text(const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f))
		fail_msg("cannot write %s: %s", path, strerror(errno));
	free(path);
}

static void in_dir(int (*fn)(const char *, const char *), const char *a,
		   const char *rel)
{
	char *path = xasprintf("%s/%s", dir, rel);

	if (fn(a, path))
		fail_msg("cannot make %s: %s", path, strerror(errno));
	free(path);
}

static int make_dir(const char *unused, const char *path)
{
	(void)unused;
	return mkdir(path, 0777);
}

static int make_fifo(const char *unused, const char *path)
{
	(void)unused;
	return mkfifo(path, 0666);
}

/* a sparse file of the size a names, in decimal */
static int make_sized(const char *a, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	int ret;

	if (fd < 0)
		return -1;
	ret = ftruncate(fd, atol(a));
	close(fd);
	return ret;
}

static void assert_kind(const struct fileset *fs, const char *path,
			enum file_kind kind)
{
	const struct file_entry *e = fileset_find(fs, path);

	if (!e)
		fail_msg("no entry %s", path);
	if (e->kind != kind)
		fail_msg("%s is of kind %d, not %d", path, e->kind, kind);
}

static void test_working_tree(void **state)
{
	struct fileset fs;
	char *data = NULL;
	size_t len = 0;
	char *outside;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/model-XXXXXX",
		 getenv("TMPDIR") && strlen(getenv("TMPDIR")) < 40 ?
		 getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		fail_msg("mkdtemp: %s", strerror(errno));
	in_dir(make_dir, NULL, "plan");
	in_dir(make_dir, NULL, "plan/tasks");
	in_dir(make_dir, NULL, "plan/units");
	in_dir(make_dir, NULL, "plan/schema");
	write_text("outside.yaml", task1);
	write_text("plan/plan.yaml", plan_yaml);
	write_text("plan/tasks/01.yaml", task1);
	write_text("plan/tasks/.01.yaml.swp", "x");
	in_dir(symlink, "01.yaml", "plan/tasks/02.yaml");
	in_dir(symlink, "../../outside.yaml", "plan/tasks/03.yaml");
	outside = xasprintf("%s/outside.yaml", dir);
	in_dir(symlink, outside, "plan/tasks/04.yaml");
	free(outside);
	in_dir(symlink, "nowhere.yaml", "plan/tasks/05.yaml");
	in_dir(symlink, "../../../../../../../../../nowhere",
	       "plan/tasks/06.yaml");
	in_dir(make_dir, NULL, "plan/tasks/07.yaml");
	in_dir(make_fifo, NULL, "plan/tasks/08.yaml");
	in_dir(make_sized, "1048577", "plan/tasks/09.yaml");
	in_dir(make_sized, "1048576", "plan/tasks/10.yaml");
	in_dir(symlink, "../plan.yaml", "plan/units/jmw.yaml");
	in_dir(symlink, "../../outside.yaml", "plan/schema/task.schema.json");

	{
		char *root = xasprintf("%s/plan", dir);

		assert_int_equal(fileset_from_dir(&fs, root), 0);
		free(root);
	}
	assert_string_equal(fs.label, "working tree");
	assert_kind(&fs, "plan.yaml", FILE_REGULAR);
	assert_kind(&fs, "tasks/01.yaml", FILE_REGULAR);
	assert_string_equal(fileset_find(&fs, "tasks/01.yaml")->data, task1);
	assert_null(fileset_find(&fs, "tasks/.01.yaml.swp"));
	assert_kind(&fs, "tasks/02.yaml", FILE_SYMLINK);
	assert_string_equal(fileset_find(&fs, "tasks/02.yaml")->data,
			    "01.yaml");
	assert_kind(&fs, "tasks/03.yaml", FILE_OUTSIDE);
	assert_kind(&fs, "tasks/04.yaml", FILE_OUTSIDE);
	assert_kind(&fs, "tasks/05.yaml", FILE_SYMLINK);
	assert_kind(&fs, "tasks/06.yaml", FILE_OUTSIDE);
	assert_kind(&fs, "tasks/07.yaml", FILE_DIRECTORY);
	assert_kind(&fs, "tasks/08.yaml", FILE_OTHER);
	assert_kind(&fs, "tasks/09.yaml", FILE_TOO_LARGE);
	assert_int_equal(fileset_find(&fs, "tasks/09.yaml")->len, 1048577);
	assert_kind(&fs, "tasks/10.yaml", FILE_REGULAR);
	assert_int_equal(fileset_find(&fs, "tasks/10.yaml")->len, 1048576);
	assert_kind(&fs, "units/jmw.yaml", FILE_SYMLINK);
	assert_kind(&fs, "schema/task.schema.json", FILE_OUTSIDE);
	assert_null(fileset_find(&fs, "schema/plan.schema.json"));
	fileset_release(&fs);

	/* tasks/ itself a link out of the tree: not followed */
	{
		char *from = xasprintf("%s/plan/tasks", dir);
		char *to = xasprintf("%s/tasks-real", dir);
		char *root = xasprintf("%s/plan", dir);

		assert_int_equal(rename(from, to), 0);
		assert_int_equal(symlink(to, from), 0);
		assert_int_equal(fileset_from_dir(&fs, root), 0);
		assert_kind(&fs, "tasks", FILE_OUTSIDE);
		assert_null(fileset_find(&fs, "tasks/01.yaml"));
		fileset_release(&fs);
		free(from);
		free(to);
		free(root);
	}

	/* read_file stops at its limit */
	{
		char *path = xasprintf("%s/plan/tasks/09.yaml", dir);

		assert_int_equal(read_file(path, &data, &len, 1048576), -1);
		assert_int_equal(errno, EFBIG);
		assert_int_equal(read_file(path, &data, &len, 2000000), 0);
		assert_int_equal(len, 1048577);
		free(data);
		free(path);
	}
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_plan),
		cmocka_unit_test(test_task_rules),
		cmocka_unit_test(test_duplicate_ids),
		cmocka_unit_test(test_unit_rules),
		cmocka_unit_test(test_duplicate_unit),
		cmocka_unit_test(test_file_names),
		cmocka_unit_test(test_file_kinds),
		cmocka_unit_test(test_missing_files),
		cmocka_unit_test(test_task_load),
		cmocka_unit_test(test_unit_admin),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_load_tasks_agrees),
		cmocka_unit_test(test_working_tree),
	};

	return cmocka_run_group_tests(tests, read_schemas, free_schemas);
}
