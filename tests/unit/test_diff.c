/*
 * Unit tests of bin/diff's engine (logfmt.c) on throw-away repositories
 * built with libgit2: each pair of forms (HEAD, a revision, two
 * revisions, the index, the working tree), comment-only changes, renamed,
 * removed and added tasks, tasks named, JSON, a side that is not valid;
 * git's external diff and textconv hooks; and what validate --rev and
 * --staged read (source.c): an old invalid commit, a bad staged file
 * while the working tree is good; and every libgit2 call of the plan
 * context (diff's two reads, --as-of, --since, a series' comparison)
 * failed in turn; a task file the two sides share parsed once.
 */
/* ldflags: -Wl,--wrap=task_load -Wl,--wrap=git_commit_lookup -Wl,--wrap=git_commit_tree -Wl,--wrap=git_tree_lookup -Wl,--wrap=git_odb_read -Wl,--wrap=git_revwalk_next */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "gitfix.h"
#include "gitfail.h"
#include "history.h"
#include "plandiff.h"
#include "model.h"
#include "repo.h"
#include "source.h"
#include "xalloc.h"

#define LI "Li Lei", "li@jmw.sx.gov.cn"
#define T0 1267401600		/* 2010-03-01 00:00 UTC */
#define DAY 86400

static char *schema_text[3];
static const char *const schema_path[3] = {
	"schema/plan.schema.json", "schema/task.schema.json",
	"schema/unit.schema.json"
};

/* task_load counts its calls: a blob both sides hold is parsed once */
int __real_task_load(struct task **out, const char *path, const char *buf,
		     size_t len, const struct schema *s, struct diag_list *d);
int __wrap_task_load(struct task **out, const char *path, const char *buf,
		     size_t len, const struct schema *s, struct diag_list *d);
static _Atomic int task_loads;

int __wrap_task_load(struct task **out, const char *path, const char *buf,
		     size_t len, const struct schema *s, struct diag_list *d)
{
	task_loads++;
	return __real_task_load(out, path, buf, len, s, d);
}

static const char plan_text[] =
	"title: 工作任务\nyear: 2010\ncategories:\n  - 推进大项目\n";
static const char jmw[] = "id: jmw\nname: 市经贸委\nkind: department\n";
static const char fgw[] = "id: fgw\nname: 市发改委\nkind: department\n";

/* a valid task (unless status and progress disagree); caller frees */
static char *task(int id, const char *lead, const char *status,
		  int progress, const char *as_of, const char *note)
{
	return xasprintf(
		"# task %d\n"
		"id: %d\n"
		"category: 推进大项目\n"
		"content: 狠抓项目推进\n"
		"target: 完成工业投资630亿元\n"
		"units:\n"
		"  text: 牵头单位\n"
		"  lead: [%s]\n"
		"  cooperate: []\n"
		"  implement: []\n"
		"indicators:\n"
		"  - name: 工业投资\n"
		"    op: \">=\"\n"
		"    target: 630\n"
		"    unit: 亿元\n"
		"    actual: null\n"
		"deadline: 2010-12-31\n"
		"status: %s\n"
		"progress: %d\n"
		"as_of: %s\n"
		"note: \"%s\"\n",
		id, id, lead, status, progress, as_of, note);
}

static int group_setup(void **state)
{
	size_t i, len;

	(void)state;
	for (i = 0; i < 3; i++)
		if (read_file(schema_path[i], &schema_text[i], &len, 1 << 20))
			return -1;
	diag_set_program("diff");
	return 0;
}

static int group_teardown(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++)
		free(schema_text[i]);
	return 0;
}

/*
 * c0: the plan with tasks 1 (jmw) and 2 (fgw); c1: task 1 started.  The
 * working tree holds c1's files, unless a case writes others.
 */
static void make_history(struct gitfix *fix, git_oid *c)
{
	char *t1a = task(1, "jmw", "not_started", 0, "null", "");
	char *t1b = task(1, "jmw", "in_progress", 20, "2010-03-31",
			 "已开工8只");
	char *t2 = task(2, "fgw", "not_started", 0, "null", "");
	size_t i;

	c[0] = gitfix_commit(fix, "Plan Office", "office@sx.gov.cn", T0,
			     "the plan", "plan.yaml", plan_text,
			     schema_path[0], schema_text[0],
			     schema_path[1], schema_text[1],
			     schema_path[2], schema_text[2],
			     "tasks/01.yaml", t1a, "tasks/02.yaml", t2,
			     "units/jmw.yaml", jmw, "units/fgw.yaml", fgw,
			     NULL);
	c[1] = gitfix_commit(fix, LI, T0 + 30 * DAY, "task 1: March",
			     "tasks/01.yaml", t1b, NULL);
	gitfix_write(fix, "plan.yaml", plan_text);
	for (i = 0; i < 3; i++)
		gitfix_write(fix, schema_path[i], schema_text[i]);
	gitfix_write(fix, "tasks/01.yaml", t1b);
	gitfix_write(fix, "tasks/02.yaml", t2);
	gitfix_write(fix, "units/jmw.yaml", jmw);
	gitfix_write(fix, "units/fgw.yaml", fgw);
	free(t1a);
	free(t1b);
	free(t2);
}

/* run diff_run with these options on fix; *changes gets the count */
static char *run_diff(struct gitfix *fix, struct diff_opts *o, int *invalid,
		      size_t *changes)
{
	struct diff_result res;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	o->dir = fix->dir;
	assert_int_equal(diff_run(&res, f, o), 0);
	fclose(f);
	if (invalid)
		*invalid = res.invalid;
	else
		assert_int_equal(res.invalid, 0);
	if (changes)
		*changes = res.changes;
	return buf;
}

static void check_diff(struct gitfix *fix, struct diff_opts *o,
		       const char *want, size_t want_changes)
{
	size_t changes;
	char *got = run_diff(fix, o, NULL, &changes);

	assert_string_equal(got, want);
	assert_int_equal(changes, want_changes);
	free(got);
}

static const char march[] =
	"task 1 (tasks/01.yaml)\n"
	"  status: not_started → in_progress\n"
	"  progress: 0 → 20\n"
	"  as_of: null → 2010-03-31\n"
	"  note: {+已开工8只+}\n";

static void two_revisions(void **state)
{
	struct gitfix *fix = *state;
	struct diff_opts o = { 0 };
	git_oid c[2];

	make_history(fix, c);
	o.rev1 = "HEAD~1";
	o.rev2 = "HEAD";
	task_loads = 0;
	check_diff(fix, &o, march, 4);
	/* task 2 is the same blob on both sides: three versions, not four */
	assert_int_equal(task_loads, 3);
	o.rev1 = "HEAD";
	o.rev2 = "HEAD";
	task_loads = 0;
	check_diff(fix, &o, "", 0);
	assert_int_equal(task_loads, 2);
}

static void against_working_tree(void **state)
{
	struct gitfix *fix = *state;
	struct diff_opts o = { 0 };
	git_oid c[2];
	char *t1 = task(1, "jmw", "in_progress", 35, "2010-04-30",
			"已开工12只");

	make_history(fix, c);
	/* the working tree as committed: nothing, then one change */
	check_diff(fix, &o, "", 0);
	gitfix_write(fix, "tasks/01.yaml", t1);
	check_diff(fix, &o,
		   "task 1 (tasks/01.yaml)\n"
		   "  progress: 20 → 35\n"
		   "  as_of: 2010-03-31 → 2010-04-30\n"
		   "  note: 已开工[-8-]{+12+}只\n", 3);
	/* one revision: it against the working tree */
	o.rev1 = "HEAD~1";
	check_diff(fix, &o,
		   "task 1 (tasks/01.yaml)\n"
		   "  status: not_started → in_progress\n"
		   "  progress: 0 → 35\n"
		   "  as_of: null → 2010-04-30\n"
		   "  note: {+已开工12只+}\n", 4);
	free(t1);
}

static void against_index(void **state)
{
	struct gitfix *fix = *state;
	struct diff_opts o = { 0 };
	git_oid c[2];
	char *t2 = task(2, "fgw", "in_progress", 5, "2010-04-01", "");
	char *t1 = task(1, "jmw", "in_progress", 90, "2010-04-30", "");

	make_history(fix, c);
	/* staged: task 2; only in the working tree: task 1 */
	gitfix_stage(fix, "tasks/02.yaml", t2);
	gitfix_write(fix, "tasks/02.yaml", t2);
	gitfix_write(fix, "tasks/01.yaml", t1);
	o.staged = 1;
	check_diff(fix, &o,
		   "task 2 (tasks/02.yaml)\n"
		   "  status: not_started → in_progress\n"
		   "  progress: 0 → 5\n"
		   "  as_of: null → 2010-04-01\n", 3);
	/* a revision against the index */
	o.rev1 = "HEAD~1";
	{
		char *got = run_diff(fix, &o, NULL, NULL);

		assert_non_null(strstr(got, "task 1 (tasks/01.yaml)\n"
				       "  status: not_started → in_progress\n"
				       "  progress: 0 → 20\n"));
		assert_non_null(strstr(got, "  progress: 0 → 5\n"));
		assert_null(strstr(got, "90"));
		free(got);
	}
	free(t1);
	free(t2);
}

static void comment_only(void **state)
{
	struct gitfix *fix = *state;
	struct diff_opts o = { 0 };
	git_oid c[2];
	char *t2 = task(2, "fgw", "not_started", 0, "null", "");
	char *t2c = xasprintf("# 发改委负责\n%s# end\n", t2);

	make_history(fix, c);
	gitfix_write(fix, "tasks/02.yaml", t2c);
	gitfix_write(fix, "units/jmw.yaml", "# 经贸委\nkind: department\n"
		     "name: 市经贸委\nid: jmw\n");
	check_diff(fix, &o, "", 0);
	free(t2);
	free(t2c);
}

/* a valid plan names each task's file after its id: no renames here
 * (test_compare and test_log have them) */
static void removed_added(void **state)
{
	struct gitfix *fix = *state;
	struct diff_opts o = { 0 };
	git_oid c[2];
	char *t1 = task(1, "jmw", "in_progress", 30, "2010-03-31", "已开工8只");
	char *t3 = task(3, "fgw", "not_started", 0, "null", "");

	make_history(fix, c);
	gitfix_commit(fix, LI, T0 + 40 * DAY, "reorganise",
		      "tasks/01.yaml", t1,
		      "tasks/02.yaml", NULL, "tasks/03.yaml", t3,
		      "units/fgw.yaml", "id: fgw\nname: 市发展和改革委员会\n"
		      "kind: department\n", NULL);
	o.rev1 = "HEAD~1";
	o.rev2 = "HEAD";
	check_diff(fix, &o,
		   "task 1 (tasks/01.yaml)\n"
		   "  progress: 20 → 30\n"
		   "task 2 (tasks/02.yaml): removed\n"
		   "  id: 2\n"
		   "  category: \"推进大项目\"\n"
		   "  content: \"狠抓项目推进\"\n"
		   "  target: \"完成工业投资630亿元\"\n"
		   "  units.text: \"牵头单位\"\n"
		   "  units.lead: [fgw]\n"
		   "  units.cooperate: []\n"
		   "  units.implement: []\n"
		   "  indicators.工业投资.target: 630\n"
		   "  indicators.工业投资.op: >=\n"
		   "  indicators.工业投资.unit: 亿元\n"
		   "  indicators.工业投资.actual: null\n"
		   "  deadline: 2010-12-31\n"
		   "  status: not_started\n"
		   "  progress: 0\n"
		   "  as_of: null\n"
		   "  note: \"\"\n"
		   "task 3 (tasks/03.yaml): added\n"
		   "  id: 3\n"
		   "  category: \"推进大项目\"\n"
		   "  content: \"狠抓项目推进\"\n"
		   "  target: \"完成工业投资630亿元\"\n"
		   "  units.text: \"牵头单位\"\n"
		   "  units.lead: [fgw]\n"
		   "  units.cooperate: []\n"
		   "  units.implement: []\n"
		   "  indicators.工业投资.target: 630\n"
		   "  indicators.工业投资.op: >=\n"
		   "  indicators.工业投资.unit: 亿元\n"
		   "  indicators.工业投资.actual: null\n"
		   "  deadline: 2010-12-31\n"
		   "  status: not_started\n"
		   "  progress: 0\n"
		   "  as_of: null\n"
		   "  note: \"\"\n"
		   "unit fgw (units/fgw.yaml)\n"
		   "  name: 市发[-改委-]{+展和改革委员会+}\n", 4);
	/* the tasks named: 1 only, no unit */
	o.tasks = (const int[]){ 1 };
	o.n_tasks = 1;
	check_diff(fix, &o,
		   "task 1 (tasks/01.yaml)\n"
		   "  progress: 20 → 30\n", 1);
	free(t1);
	free(t3);
}

static void json_exact(void **state)
{
	struct gitfix *fix = *state;
	struct diff_opts o = { 0 };
	git_oid c[2];

	make_history(fix, c);
	o.rev1 = "HEAD~1";
	o.rev2 = "HEAD";
	o.json = 1;
	check_diff(fix, &o,
		"{\"old\": \"HEAD~1\", \"new\": \"HEAD\", \"changes\": [\n"
		"  {\"task\": 1, \"unit\": null, \"field\": \"status\", "
		"\"class\": \"progress\", \"old\": \"not_started\", \"new\": "
		"\"in_progress\", \"old_path\": \"tasks/01.yaml\", "
		"\"new_path\": \"tasks/01.yaml\"},\n"
		"  {\"task\": 1, \"unit\": null, \"field\": \"progress\", "
		"\"class\": \"progress\", \"old\": \"0\", \"new\": \"20\", "
		"\"old_path\": \"tasks/01.yaml\", \"new_path\": "
		"\"tasks/01.yaml\"},\n"
		"  {\"task\": 1, \"unit\": null, \"field\": \"as_of\", "
		"\"class\": \"progress\", \"old\": null, \"new\": "
		"\"2010-03-31\", \"old_path\": \"tasks/01.yaml\", "
		"\"new_path\": \"tasks/01.yaml\"},\n"
		"  {\"task\": 1, \"unit\": null, \"field\": \"note\", "
		"\"class\": \"progress\", \"old\": \"\", \"new\": "
		"\"已开工8只\", "
		"\"old_path\": \"tasks/01.yaml\", \"new_path\": "
		"\"tasks/01.yaml\"}\n"
		"]}\n", 4);
	o.rev1 = "HEAD";
	check_diff(fix, &o,
		   "{\"old\": \"HEAD\", \"new\": \"HEAD\", \"changes\": []}\n",
		   0);
}

static void invalid_side(void **state)
{
	struct gitfix *fix = *state;
	struct diff_opts o = { 0 };
	git_oid c[2];
	char *got, *msg;
	int invalid;

	make_history(fix, c);
	gitfix_write(fix, "tasks/02.yaml", "id: 2\nowner: x\n");
	gitfix_err_begin();
	got = run_diff(fix, &o, &invalid, NULL);
	msg = gitfix_err_end();
	assert_int_equal(invalid, 1);
	assert_string_equal(got, "");
	assert_non_null(strstr(msg, "tasks/02.yaml:2:1: error: "));
	assert_non_null(strstr(msg, "diff: error: working tree: the plan is "
			       "not valid ("));
	free(got);
	free(msg);
	/* an unknown revision is an error of the environment */
	{
		struct diff_result res;
		FILE *f = tmpfile();

		o.rev1 = "nosuch";
		o.dir = fix->dir;
		gitfix_err_begin();
		assert_int_equal(diff_run(&res, f, &o), -1);
		msg = gitfix_err_end();
		assert_string_equal(msg, "diff: error: unknown revision "
				    "'nosuch'\n");
		free(msg);
		fclose(f);
	}
}

static void colored(void **state)
{
	struct gitfix *fix = *state;
	struct diff_opts o = { 0 };
	git_oid c[2];

	make_history(fix, c);
	o.rev1 = "HEAD~1";
	o.rev2 = "HEAD";
	o.color = 1;
	check_diff(fix, &o,
		   "\033[1mtask 1 (tasks/01.yaml)\033[m\n"
		   "  status: \033[31mnot_started\033[m → \033[32min_progress"
		   "\033[m\n"
		   "  progress: \033[31m0\033[m → \033[32m20\033[m\n"
		   "  as_of: \033[31mnull\033[m → \033[32m2010-03-31\033[m\n"
		   "  note: \033[32m已开工8只\033[m\n", 4);
}

/* ---- git's hooks ---- */

/* write text to a new temporary file; its name is the caller's */
static char *temp_file(const char *text)
{
	char *name = xstrdup("/tmp/plan-diff-XXXXXX");
	int fd = mkstemp(name);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return name;
}

static char *external(const char *path, const char *old_text,
		      const char *new_text, int ret)
{
	char *old_file = old_text ? temp_file(old_text) : xstrdup("/dev/null");
	char *new_file = new_text ? temp_file(new_text) : xstrdup("/dev/null");
	char *args[7] = { (char *)path, old_file, "1111111", "100644",
			  new_file, "2222222", "100644" };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	/* the tests run from the top of the project: its schema/ */
	assert_int_equal(diff_git_external(f, ".", args, 7, 0), ret);
	fclose(f);
	if (old_text)
		unlink(old_file);
	if (new_text)
		unlink(new_file);
	free(old_file);
	free(new_file);
	return buf;
}

static void git_external(void **state)
{
	char *a = task(1, "jmw", "not_started", 0, "null", "");
	char *b = task(1, "jmw", "in_progress", 20, "2010-03-31", "");
	char *ac = xasprintf("# a comment\n%s", a);
	char *got;

	(void)state;
	got = external("tasks/01.yaml", a, b, 0);
	assert_string_equal(got,
		"task 1 (tasks/01.yaml)\n"
		"  status: not_started → in_progress\n"
		"  progress: 0 → 20\n"
		"  as_of: null → 2010-03-31\n");
	free(got);
	got = external("tasks/01.yaml", a, ac, 0);
	assert_string_equal(got, "tasks/01.yaml: no change to the plan's "
			    "fields (comments or formatting only)\n");
	free(got);
	got = external("tasks/01.yaml", NULL, a, 0);
	assert_non_null(strstr(got, "task 1 (tasks/01.yaml): added\n"
			       "  id: 1\n"));
	free(got);
	got = external("tasks/01.yaml", a, NULL, 0);
	assert_non_null(strstr(got, "task 1 (tasks/01.yaml): removed\n"));
	free(got);
	got = external("tasks/01.yaml", a, "id: 1\n", 0);
	assert_string_equal(got, "tasks/01.yaml\n  (valid) → (invalid: 1:1: "
			    "missing key 'as_of')\n");
	free(got);
	got = external("units/jmw.yaml", jmw, "id: jmw\nname: 市经信委\n"
		       "kind: department\n", 0);
	assert_string_equal(got, "unit jmw (units/jmw.yaml)\n"
			    "  name: 市经[-贸-]{+信+}委\n");
	free(got);
	got = external("plan.yaml", plan_text, "title: 工作任务\nyear: 2011\n"
		       "categories:\n  - 推进大项目\n", 0);
	assert_string_equal(got, "plan (plan.yaml)\n  year: 2010 → 2011\n");
	free(got);
	{
		char *args[3] = { "tasks/01.yaml", "x", "y" };
		char *msg;

		gitfix_err_begin();
		assert_int_equal(diff_git_external(stdout, ".", args, 3, 0),
				 -1);
		msg = gitfix_err_end();
		assert_non_null(strstr(msg, "7 or 9 arguments"));
		free(msg);
	}
	free(a);
	free(b);
	free(ac);
}

static char *textconv(const char *text)
{
	char *file = temp_file(text);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_int_equal(diff_textconv(f, ".", file), 0);
	fclose(f);
	unlink(file);
	free(file);
	return buf;
}

static void git_textconv(void **state)
{
	char *a = task(1, "jmw", "not_started", 0, "null", "");
	char *ac = xasprintf("# a comment\n%s# the end\n", a);
	char *x, *y;

	(void)state;
	x = textconv(a);
	y = textconv(ac);
	assert_string_equal(x, y);
	assert_string_equal(x,
		"id: 1\n"
		"category: \"推进大项目\"\n"
		"content: \"狠抓项目推进\"\n"
		"target: \"完成工业投资630亿元\"\n"
		"units.text: \"牵头单位\"\n"
		"units.lead: [jmw]\n"
		"units.cooperate: []\n"
		"units.implement: []\n"
		"indicators.工业投资.target: 630\n"
		"indicators.工业投资.op: >=\n"
		"indicators.工业投资.unit: 亿元\n"
		"indicators.工业投资.actual: null\n"
		"deadline: 2010-12-31\n"
		"status: not_started\n"
		"progress: 0\n"
		"as_of: null\n"
		"note: \"\"\n");
	free(x);
	free(y);
	x = textconv(jmw);
	assert_string_equal(x, "name: \"市经贸委\"\naliases: []\n"
			    "kind: department\nmembers: []\ncommitters: []\n"
			    "admin: false\n");
	free(x);
	x = textconv(plan_text);
	assert_string_equal(x, "title: \"工作任务\"\nyear: 2010\n"
			    "categories: [推进大项目]\nfounding: null\n");
	free(x);
	/* not a plan file, or not valid: the text as it is */
	x = textconv("just text\n");
	assert_string_equal(x, "just text\n");
	free(x);
	x = textconv("id: 1\nindicators: []\n");
	assert_string_equal(x, "id: 1\nindicators: []\n");
	free(x);
	free(a);
	free(ac);
}

/* ---- what validate --rev and --staged read ---- */

/* errors of the plan source names in fix */
static size_t errors_in(struct gitfix *fix, const char *rev, int staged,
			char **first)
{
	struct plan_source src = { .dir = fix->dir, .rev = rev,
				   .staged = staged };
	struct fileset fs = { 0 };
	struct diag_list d = { 0 };
	struct plan *p = NULL;
	size_t n;

	assert_int_equal(source_read(&fs, &src), 0);
	assert_int_equal(source_load(&p, &src, &fs, &d), 0);
	diag_sort(&d);
	n = d.errors;
	if (first)
		*first = n ? xasprintf("%s:%d:%d: %s", d.v[0].file,
				       d.v[0].line, d.v[0].col,
				       d.v[0].message) : NULL;
	plan_free(p);
	diag_release(&d);
	fileset_release(&fs);
	source_close(&src);
	return n;
}

static void validate_rev(void **state)
{
	struct gitfix *fix = *state;
	git_oid c[2];
	char *bad = task(2, "fgw", "done", 50, "2010-04-01", "");
	char *good = task(2, "fgw", "done", 100, "2010-04-01", "");
	char *first;

	make_history(fix, c);
	gitfix_commit(fix, LI, T0 + 31 * DAY, "task 2 done (wrongly)",
		      "tasks/02.yaml", bad, NULL);
	gitfix_commit(fix, LI, T0 + 32 * DAY, "task 2 done", "tasks/02.yaml",
		      good, NULL);
	gitfix_write(fix, "tasks/02.yaml", good);
	assert_int_equal(errors_in(fix, "HEAD~1", 0, &first), 1);
	assert_string_equal(first, "tasks/02.yaml:18:9: status is done but "
			    "progress is 50: set progress: 100, or choose "
			    "another status");
	free(first);
	assert_int_equal(errors_in(fix, "HEAD", 0, NULL), 0);
	assert_int_equal(errors_in(fix, "HEAD~2", 0, NULL), 0);
	assert_int_equal(errors_in(fix, NULL, 0, NULL), 0);
	free(bad);
	free(good);
}

static void validate_staged(void **state)
{
	struct gitfix *fix = *state;
	git_oid c[2];
	char *first;

	make_history(fix, c);
	/* the working tree is good; what is staged is not */
	gitfix_stage(fix, "tasks/02.yaml", "id: 2\nstatus: started\n");
	assert_int_equal(errors_in(fix, NULL, 0, NULL), 0);
	assert_true(errors_in(fix, NULL, 1, &first) > 0);
	assert_int_equal(strncmp(first, "tasks/02.yaml:", 14), 0);
	free(first);
	/* staged good again */
	gitfix_stage(fix, "units/zzz.yaml", "id: zzz\nname: 某单位\n"
		     "kind: office\n");
	{
		char *t2 = task(2, "fgw", "not_started", 0, "null", "");

		gitfix_stage(fix, "tasks/02.yaml", t2);
		free(t2);
	}
	assert_int_equal(errors_in(fix, NULL, 1, NULL), 0);
}

/* the schemas of a fileset: extra is one more entry under schema/ */
static void schema_files(struct fileset *fs, const char *task_text,
			 enum file_kind extra)
{
	size_t i;

	memset(fs, 0, sizeof(*fs));
	for (i = 0; i < 3; i++) {
		const char *text = i == 1 ? task_text : schema_text[i];

		fileset_add(fs, schema_path[i], FILE_REGULAR, xstrdup(text),
			    strlen(text));
	}
	/* a file too large to read: no data, only its size */
	fileset_add(fs, "schema/zz-notes.bin", extra, NULL, 2u << 20);
	fileset_sort(fs);
}

/*
 * The context compiles the schemas once per version of its schema files:
 * the same files again are the same schemas, other bytes are read again
 * (a broken task schema is then reported, not hidden by the cache), and
 * schemas held stay whole whatever comes after.
 */
static void context_schemas(void **state)
{
	struct plan_source src = { 0 };
	struct diag_list d = { 0 };
	struct fileset a, b;
	const struct schemas *s1, *s2;
	const struct schema *task;
	struct ynode *doc;

	(void)state;
	schema_files(&a, schema_text[1], FILE_TOO_LARGE);
	s1 = source_schemas(&src, &a, &d);
	assert_non_null(s1);
	task = s1->task;
	s2 = source_schemas(&src, &a, &d);
	assert_ptr_equal(s2->task, task);
	assert_int_equal(d.n, 0);
	schema_files(&b, "{ \"type\": ", FILE_TOO_LARGE);
	assert_null(source_schemas(&src, &b, &d));
	assert_true(d.errors > 0);
	diag_release(&d);
	/* and back: compiled again, usable */
	assert_non_null(source_schemas(&src, &a, &d));
	assert_int_equal(d.n, 0);
	fileset_release(&b);
	/* a file under schema/ that no schema is read from changes nothing */
	task = source_schemas(&src, &a, &d)->task;
	schema_files(&b, schema_text[1], FILE_OTHER);
	assert_ptr_equal(source_schemas(&src, &b, &d)->task, task);
	fileset_release(&b);
	/* schemas held outlive what the context compiles after them, and
	 * its closing */
	s1 = source_schemas_hold(&src, &a, &d);
	assert_ptr_equal(s1->task, task);
	schema_files(&b, "{ \"type\": \"object\" }", FILE_TOO_LARGE);
	s2 = source_schemas(&src, &b, &d);
	assert_non_null(s2);
	assert_ptr_not_equal(s2->task, task);
	source_close(&src);
	assert_int_equal(d.n, 0);
	assert_int_equal(ydoc_load(&doc, "tasks/01.yaml", "id: 1\n", 6, &d),
			 0);
	assert_true(schema_check(s1->task, doc, "tasks/01.yaml", &d) > 0);
	ynode_free(doc);
	diag_release(&d);
	source_schemas_drop(s1);
	fileset_release(&a);
	fileset_release(&b);
}

static int collect_paths(const struct commit_info *ci,
			 const struct history_change *ch, size_t n,
			 void *payload)
{
	size_t i;

	fprintf(payload, "between %.10s and %.10s:", ci->parent, ci->id);
	for (i = 0; i < n; i++)
		fprintf(payload, " %s %s", ch[i].path, ch[i].new_oid);
	fputc('\n', payload);
	return 0;
}

/* what the plan context reads: diff's two sides, the points --as-of and
 * --since settle on, and the changes between two points */
static int context_reads(struct gitfix *fix, struct sbuf *out)
{
	struct diff_opts o = { 0 };
	struct diff_result res;
	struct plan_source src = { .dir = fix->dir };
	struct plan_point pt;
	char start[41], start_day[11], since_day[11];
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int ret = -1;

	assert_non_null(f);
	o.dir = fix->dir;
	o.rev1 = "HEAD~1";
	o.rev2 = "HEAD";
	if (diff_run(&res, f, &o) || res.invalid)
		goto done;
	if (source_settle(&src, &pt, "2010-03-31", NULL) ||
	    source_since(start, start_day, since_day, &src, &pt, "2010-03-15"))
		goto done;
	fprintf(f, "as-of %s %s %s; since %s %s %s\n", pt.rev, pt.commit_day,
		pt.day, start, start_day, since_day);
	if (history_between(src.repo, NULL, "HEAD", collect_paths, f))
		goto done;
	ret = 0;
done:
	fclose(f);
	source_close(&src);
	sbuf_adds(out, buf);
	free(buf);
	return ret;
}

/*
 * Each libgit2 call the plan context makes fails in turn: the answer is
 * an error with a message (exit 2), or the same answer, never a shorter
 * one given as complete.
 */
static void context_git_failures(void **state)
{
	struct gitfix *fix = *state;
	struct sbuf clean = { 0 }, got = { 0 };
	git_oid c[2];
	long calls, n, failed = 0;
	char *err;
	int ret;

	make_history(fix, c);
	git_calls = 0;
	assert_int_equal(context_reads(fix, &clean), 0);
	assert_non_null(strstr(clean.s, "as-of "));
	calls = git_calls;
	assert_true(calls > 5);
	for (n = 1; n <= calls; n++) {
		git_countdown = n;
		gitfix_err_begin();
		ret = context_reads(fix, &got);
		err = gitfix_err_end();
		git_countdown = -1;
		if (ret == 0 && strcmp(got.s, clean.s))
			fail_msg("libgit2 call %ld of %ld failed, and the "
				 "context read another plan:\n%s", n, calls,
				 got.s);
		if (ret && !strstr(err, "error:"))
			fail_msg("libgit2 call %ld of %ld failed without a "
				 "message", n, calls);
		failed += ret != 0;
		free(err);
		sbuf_release(&got);
	}
	/* the reads must notice (a cache could hide every failure) */
	assert_true(failed > calls / 2);
	sbuf_release(&clean);
}

int main(void)
{
#define TEST(f) \
	cmocka_unit_test_setup_teardown(f, gitfix_setup, gitfix_teardown)
	const struct CMUnitTest tests[] = {
		TEST(two_revisions),
		TEST(against_working_tree),
		TEST(against_index),
		TEST(comment_only),
		TEST(removed_added),
		TEST(json_exact),
		TEST(invalid_side),
		TEST(colored),
		cmocka_unit_test(git_external),
		cmocka_unit_test(git_textconv),
		TEST(validate_rev),
		TEST(validate_staged),
		TEST(context_git_failures),
		cmocka_unit_test(context_schemas),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
