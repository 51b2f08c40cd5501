/*
 * Unit tests of auth.c: committer patterns, and each rule of
 * docs/audit.md on throw-away repositories whose history states exactly
 * who changed what: a responsible unit, an unrelated unit, a group's
 * member, plan fields, schema files, a unit granting itself rights in the
 * commit that uses them, merges (taken over versus evil), root commits,
 * the founding commit (found, named, searched for beyond a range), an
 * invalid plan, the pusher, and the pre-receive checks of ref updates.
 *
 * The schemas are the repository's own (schema/), read from the current
 * directory, which tests/run.sh sets to the top of the tree.
 */
/* ldflags: -Wl,--wrap=pthread_create -Wl,--wrap=git_commit_lookup -Wl,--wrap=git_commit_tree -Wl,--wrap=git_tree_lookup -Wl,--wrap=git_odb_read -Wl,--wrap=git_revwalk_next */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "gitfail.h"
#include "gitfix.h"
#include <errno.h>
#include <pthread.h>

#include "auth.h"
#include "auth_impl.h"	/* n_live: which path audited a commit */
#include "fileset.h"
#include "history.h"
#include "repo.h"
#include "xalloc.h"

#define BOSS "Wang Fang", "boss@office.example"	/* the administrator */
#define JMW "Li Lei", "li.lei@JMW.example"	/* jmw, by its pattern */
#define FGW "Zhao Min", "zhao@fgw.example"	/* fgw: an unrelated unit */
#define YCQ "Sun Li", "sun@ycq.example"		/* ycq, in counties */
#define NOBODY "Nobody", "x@nowhere.example"	/* no unit's committer */
#define T0 1262304000
#define DAY 86400

static const char plan_yaml[] =
	"title: 测试计划\nyear: 2010\ncategories:\n  - 发展新产业\n";

static const char *const units_plain[] = {
	"units/office.yaml",
	"id: office\nname: 市试点工作领导小组办公室\nkind: office\n"
	"admin: true\n",
	"units/jmw.yaml", "id: jmw\nname: 市经贸委\nkind: department\n",
	"units/fgw.yaml", "id: fgw\nname: 市发改委\nkind: department\n",
	"units/czj.yaml", "id: czj\nname: 市财政局\nkind: department\n",
	"units/ycq.yaml", "id: ycq\nname: 越城区\nkind: county\n",
	"units/counties.yaml", "id: counties\nname: 各县(市、区)\n"
	"kind: group\nmembers:\n  - ycq\n",
};

/* the same units with committers: what the founding commit adds */
static const char *const units_founded[] = {
	"units/office.yaml",
	"id: office\nname: 市试点工作领导小组办公室\nkind: office\n"
	"admin: true\ncommitters:\n  - boss@office.example\n",
	"units/jmw.yaml", "id: jmw\nname: 市经贸委\nkind: department\n"
	"committers:\n  - \"*@jmw.example\"\n",
	"units/fgw.yaml", "id: fgw\nname: 市发改委\nkind: department\n"
	"committers:\n  - zhao@fgw.example\n",
	"units/czj.yaml", "id: czj\nname: 市财政局\nkind: department\n",
	"units/ycq.yaml", "id: ycq\nname: 越城区\nkind: county\n"
	"committers:\n  - sun@ycq.example\n",
	"units/counties.yaml", "id: counties\nname: 各县(市、区)\n"
	"kind: group\nmembers:\n  - ycq\n",
};

/* task 1: jmw leads, czj cooperates, counties implement; task 2: fgw */
static char *task(int id, const char *status, int progress,
		  const char *target, const char *actual)
{
	const char *lead = id == 1 ? "jmw" : "fgw";

	return xasprintf(
		"# yaml-language-server: $schema=../schema/task.schema.json\n"
		"id: %d\n"
		"category: 发展新产业\n"
		"content: 任务%d\n"
		"target: %s\n"
		"units:\n"
		"  text: 牵头单位\n"
		"  lead:\n"
		"    - %s\n"
		"  cooperate:%s\n"
		"  implement:%s\n"
		"indicators:\n"
		"  - name: 工业投资\n"
		"    op: \">=\"\n"
		"    target: 630\n"
		"    unit: 亿元\n"
		"    actual: %s\n"
		"deadline: 2010-12-31\n"
		"status: %s\n"
		"progress: %d\n"
		"as_of: null\n"
		"note: \"\"\n",
		id, id, target, lead, id == 1 ? "\n    - czj" : " []",
		id == 1 ? "\n    - counties" : " []", actual, status,
		progress);
}

/* the line of "key:" in text, 1-based */
static int line_of(const char *text, const char *key)
{
	const char *p = strstr(text, key);
	int line = 1;

	assert_non_null(p);
	for (; text < p; text++)
		line += *text == '\n';
	return line;
}

static char *schema_file(const char *name)
{
	char *path = xasprintf("schema/%s", name), *data = NULL;
	size_t len;

	assert_int_equal(read_file(path, &data, &len, 1 << 20), 0);
	free(path);
	return data;
}

struct fixture {
	struct gitfix git;
	struct repo *repo;
	char *schema[3];
	char *t1, *t2;		/* the tasks as first committed */
	git_oid root;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	gitfix_init(&f->git);
	repo_init();
	f->schema[0] = schema_file("plan.schema.json");
	f->schema[1] = schema_file("task.schema.json");
	f->schema[2] = schema_file("unit.schema.json");
	f->t1 = task(1, "not_started", 0, "完成规划", "null");
	f->t2 = task(2, "not_started", 0, "完成项目", "null");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	size_t i;

	repo_free(f->repo);
	repo_shutdown();
	gitfix_release(&f->git);
	for (i = 0; i < 3; i++)
		free(f->schema[i]);
	free(f->t1);
	free(f->t2);
	free(f);
	return 0;
}

/* the root commit: the whole plan, its units with or without committers */
static git_oid start(struct fixture *f, const char *name, const char *email,
		     int founded)
{
	const char *const *u = founded ? units_founded : units_plain;

	f->root = gitfix_commit(&f->git, name, email, T0, "the plan",
				"plan.yaml", plan_yaml,
				"schema/plan.schema.json", f->schema[0],
				"schema/task.schema.json", f->schema[1],
				"schema/unit.schema.json", f->schema[2],
				u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7],
				u[8], u[9], u[10], u[11],
				"tasks/01.yaml", f->t1, "tasks/02.yaml", f->t2,
				NULL);
	return f->root;
}

/* the units' committers added in one commit (a founding commit) */
static git_oid found(struct fixture *f, const char *name, const char *email,
		     git_time_t when)
{
	const char *const *u = units_founded;

	return gitfix_commit(&f->git, name, email, when, "committers",
			     u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7],
			     u[8], u[9], u[10], u[11], NULL);
}

static int audit(struct fixture *f, struct auth *a, const char *range,
		 const char *pusher)
{
	if (!f->repo)
		f->repo = gitfix_open(&f->git);
	auth_init(a, f->repo, pusher);
	return auth_walk(a, range);
}

/* the number of findings with that rule, task (-1: any) and field */
static size_t count(const struct auth *a, const char *rule, int task_id,
		    const char *field)
{
	size_t i, n = 0;

	for (i = 0; i < a->n; i++)
		n += !strcmp(a->v[i].rule, rule) &&
		     (task_id < 0 || a->v[i].task_id == task_id) &&
		     (!field || (a->v[i].field &&
				 !strcmp(a->v[i].field, field)));
	return n;
}

/* the findings, when a failing test needs them: AUTH_TEST_VERBOSE=1 */
static void show(const struct auth *a)
{
	if (getenv("AUTH_TEST_VERBOSE"))
		auth_print_text(stderr, a);
}

/* pthread_create fails on demand: audit then loads in one thread */
int __real_pthread_create(pthread_t *t, const pthread_attr_t *attr,
			  void *(*fn)(void *), void *arg);
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *attr,
			  void *(*fn)(void *), void *arg);
static int no_threads;

int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *attr,
			  void *(*fn)(void *), void *arg)
{
	if (no_threads)
		return EAGAIN;
	return __real_pthread_create(t, attr, fn, arg);
}

/* ---- patterns ---- */

static void patterns(void **state)
{
	(void)state;
	assert_true(rights_pattern_match("li@jmw.example", "LI@JMW.EXAMPLE"));
	assert_true(rights_pattern_match("*@jmw.example", "a.b@jmw.example"));
	assert_true(rights_pattern_match("*@*.sx.example", "a@jmw.sx.example"));
	assert_true(rights_pattern_match("l?@jmw.example", "li@jmw.example"));
	assert_true(rights_pattern_match("*li*@jmw.example",
				       "mali.x@jmw.example"));
	/* the domain stays literal: '*' never stands for '@' */
	assert_false(rights_pattern_match("*@jmw.example",
					"a@evil.jmw.example"));
	assert_false(rights_pattern_match("*@jmw.example",
					"a@jmw.example@x.example"));
	assert_false(rights_pattern_match("*.example", "a@jmw.example"));
	assert_false(rights_pattern_match("*@jmw.example", "a@jmw.example.cn"));
	assert_false(rights_pattern_match("li@jmw.example", "li@jmw.exampl"));
	assert_false(rights_pattern_match("li@jmw.example", ""));
	/* no address, no match: an author line "li.lei", an account name
	 * the server did not map (audit.c maps them, plan.account.NAME) */
	assert_false(rights_pattern_match("li.lei@jmw.example", "Li.Lei"));
	assert_false(rights_pattern_match("li.lei@jmw.example", "li"));
	assert_false(rights_pattern_match("*@jmw.example", "li"));
	assert_false(rights_pattern_match("l?@jmw.example", "li"));
}

/* ---- the rules ---- */

static void progress_by_responsible_unit(void **state)
{
	struct fixture *f = *state;
	struct auth a;
	char *t1 = task(1, "in_progress", 30, "完成规划", "120");

	start(f, BOSS, 1);
	gitfix_commit(&f->git, JMW, T0 + DAY, "task 1 at 30",
		      "tasks/01.yaml", t1, NULL);
	assert_int_equal(audit(f, &a, NULL, NULL), 0);
	show(&a);
	assert_int_equal(a.n, 0);
	assert_int_equal(a.checked, 1);
	assert_int_equal(a.skipped, 1);
	/* the root commit lists committers: it founds the plan */
	assert_string_equal(a.founding, git_oid_tostr_s(&f->root));
	auth_release(&a);
	free(t1);
}

static void progress_by_unrelated_unit(void **state)
{
	struct fixture *f = *state;
	struct auth a;
	char *t1 = task(1, "in_progress", 30, "完成规划", "null");
	git_oid c;

	start(f, BOSS, 1);
	c = gitfix_commit(&f->git, FGW, T0 + DAY, "task 1 at 30",
			  "tasks/01.yaml", t1, NULL);
	assert_int_equal(audit(f, &a, NULL, NULL), 0);
	show(&a);
	assert_int_equal(a.n, 2);
	assert_int_equal(count(&a, AUTH_RULE_PROGRESS, 1, "status"), 1);
	assert_int_equal(count(&a, AUTH_RULE_PROGRESS, 1, "progress"), 1);
	/* commit, author, old and new value, place of the field */
	assert_string_equal(a.v[1].commit, git_oid_tostr_s(&c));
	assert_string_equal(a.v[1].author, "Zhao Min <zhao@fgw.example>");
	assert_string_equal(a.v[1].identity, "zhao@fgw.example");
	assert_string_equal(a.v[1].old_value, "0");
	assert_string_equal(a.v[1].new_value, "30");
	assert_string_equal(a.v[1].file, "tasks/01.yaml");
	assert_int_equal(a.v[1].line, line_of(t1, "progress:"));
	assert_int_equal(a.v[1].col, 1);
	assert_non_null(strstr(a.v[1].message, "jmw, czj or counties"));
	assert_non_null(strstr(a.v[1].message, "commits for fgw"));
	auth_release(&a);
	free(t1);
}

static void progress_by_group_member(void **state)
{
	struct fixture *f = *state;
	struct auth a;
	char *t1 = task(1, "in_progress", 10, "完成规划", "5");
	char *t2 = task(2, "in_progress", 10, "完成项目", "null");

	start(f, BOSS, 1);
	/* ycq is a member of counties, which implements task 1 */
	gitfix_commit(&f->git, YCQ, T0 + DAY, "task 1",
		      "tasks/01.yaml", t1, NULL);
	/* but has nothing to do with task 2 */
	gitfix_commit(&f->git, YCQ, T0 + 2 * DAY, "task 2",
		      "tasks/02.yaml", t2, NULL);
	assert_int_equal(audit(f, &a, NULL, NULL), 0);
	show(&a);
	assert_int_equal(count(&a, AUTH_RULE_PROGRESS, 1, NULL), 0);
	assert_int_equal(count(&a, AUTH_RULE_PROGRESS, 2, "progress"), 1);
	assert_int_equal(a.n, 2);
	assert_int_equal(a.checked, 2);
	auth_release(&a);
	free(t1);
	free(t2);
}

static void indicator_actual(void **state)
{
	struct fixture *f = *state;
	struct auth a;
	char *t1 = task(1, "not_started", 0, "完成规划", "7.5");

	start(f, BOSS, 1);
	gitfix_commit(&f->git, FGW, T0 + DAY, "actual",
		      "tasks/01.yaml", t1, NULL);
	assert_int_equal(audit(f, &a, NULL, NULL), 0);
	assert_int_equal(a.n, 1);
	assert_int_equal(count(&a, AUTH_RULE_PROGRESS, 1,
			       "indicators.工业投资.actual"), 1);
	assert_int_equal(a.v[0].line, line_of(t1, "actual:"));
	assert_int_equal(a.v[0].col, 5);
	auth_release(&a);
	free(t1);
}

/* a finding is one line, whatever the text it quotes holds */
static void multiline_value(void **state)
{
	struct fixture *f = *state;
	struct auth a;
	char *t1 = task(1, "not_started", 0, "\"完成规划\\n并报批\"", "null");
	size_t i;

	start(f, BOSS, 1);
	gitfix_commit(&f->git, JMW, T0 + DAY, "target",
		      "tasks/01.yaml", t1, NULL);
	assert_int_equal(audit(f, &a, NULL, NULL), 0);
	show(&a);
	assert_int_equal(count(&a, AUTH_RULE_ADMIN, 1, "target"), 1);
	for (i = 0; i < a.n; i++)
		assert_null(strchr(a.v[i].message, '\n'));
	assert_non_null(strstr(a.v[0].message, "'完成规划\\n并报批'"));
	auth_release(&a);
	free(t1);
}

static void plan_field_by_unit(void **state)
{
	struct fixture *f = *state;
	struct auth a;
	char *t1 = task(1, "not_started", 0, "完成规划并报批", "null");
	char *t1b = task(1, "not_started", 0, "完成规划并印发", "null");

	start(f, BOSS, 1);
	/* jmw leads task 1, yet its target is the plan office's */
	gitfix_commit(&f->git, JMW, T0 + DAY, "target",
		      "tasks/01.yaml", t1, NULL);
	/* the administrator may */
	gitfix_commit(&f->git, BOSS, T0 + 2 * DAY, "target",
		      "tasks/01.yaml", t1b, NULL);
	/* a task added, the plan file and a schema: administrator only */
	gitfix_commit(&f->git, JMW, T0 + 3 * DAY, "more",
		      "tasks/03.yaml", "id: 3\n",
		      "plan.yaml", "title: x\nyear: 2011\ncategories:\n"
		      "  - 发展新产业\n", NULL);
	assert_int_equal(audit(f, &a, NULL, NULL), 0);
	show(&a);
	assert_int_equal(count(&a, AUTH_RULE_ADMIN, 1, "target"), 1);
	assert_int_equal(count(&a, AUTH_RULE_ADMIN, 0, "plan.title"), 1);
	assert_int_equal(count(&a, AUTH_RULE_ADMIN, 0, "plan.year"), 1);
	/* tasks/03.yaml does not load: it is an invalid plan, not a task
	 * added */
	assert_true(count(&a, AUTH_RULE_VALID, 3, NULL) > 0);
	assert_int_equal(count(&a, AUTH_RULE_ADMIN, 3, NULL), 0);
	assert_non_null(strstr(a.v[0].message, "office (the administrator)"));
	auth_release(&a);
	free(t1);
	free(t1b);
}

static void schema_by_unit(void **state)
{
	struct fixture *f = *state;
	struct auth a;
	char *changed = xasprintf("%s\n", f->schema[0]);

	start(f, BOSS, 1);
	gitfix_commit(&f->git, JMW, T0 + DAY, "schema",
		      "schema/plan.schema.json", changed, NULL);
	assert_int_equal(audit(f, &a, NULL, NULL), 0);
	assert_int_equal(a.n, 1);
	assert_int_equal(count(&a, AUTH_RULE_ADMIN, 0,
			       "schema/plan.schema.json"), 1);
	auth_release(&a);
	free(changed);
}

static void unit_adds_itself(void **state)
{
	struct fixture *f = *state;
	struct auth a;
	char *t2 = task(2, "in_progress", 50, "完成项目", "null");
	char *t1 = task(1, "in_progress", 50, "完成规划", "null");

	start(f, BOSS, 1);
	/* fgw makes itself a jmw committer and an administrator, and uses
	 * both rights in the same commit */
	gitfix_commit(&f->git, FGW, T0 + DAY, "grant",
		      "units/jmw.yaml", "id: jmw\nname: 市经贸委\n"
		      "kind: department\ncommitters:\n  - \"*@jmw.example\"\n"
		      "  - zhao@fgw.example\n",
		      "units/fgw.yaml", "id: fgw\nname: 市发改委\n"
		      "kind: department\nadmin: true\ncommitters:\n"
		      "  - zhao@fgw.example\n",
		      "tasks/01.yaml", t1, NULL);
	/* its own task 2 is fine, before and after */
	gitfix_commit(&f->git, FGW, T0 + 2 * DAY, "task 2",
		      "tasks/02.yaml", t2, NULL);
	assert_int_equal(audit(f, &a, NULL, NULL), 0);
	show(&a);
	assert_int_equal(count(&a, AUTH_RULE_ADMIN, 0,
			       "unit.jmw.committers"), 1);
	assert_int_equal(count(&a, AUTH_RULE_ADMIN, 0, "unit.fgw.admin"), 1);
	assert_int_equal(count(&a, AUTH_RULE_PROGRESS, 1, "progress"), 1);
	assert_int_equal(count(&a, AUTH_RULE_PROGRESS, 1, "status"), 1);
	/* the next commit's rights come from the granting commit, which
	 * is recorded: the audit refuses the grant, not what follows */
	assert_int_equal(count(&a, AUTH_RULE_PROGRESS, 2, NULL), 0);
	assert_int_equal(a.n, 4);
	auth_release(&a);
	free(t1);
	free(t2);
}

static void invalid_plan(void **state)
{
	struct fixture *f = *state;
	struct auth a;
	char *t1 = task(1, "done", 50, "完成规划", "null");

	start(f, BOSS, 1);
	gitfix_commit(&f->git, JMW, T0 + DAY, "done at 50",
		      "tasks/01.yaml", t1, NULL);
	gitfix_commit(&f->git, JMW, T0 + 2 * DAY, "broken",
		      "tasks/01.yaml", "id: [\n", NULL);
	assert_int_equal(audit(f, &a, NULL, NULL), 0);
	show(&a);
	assert_true(count(&a, AUTH_RULE_VALID, 1, NULL) >= 2);
	/* the unreadable task is not charged as a task removed */
	assert_int_equal(count(&a, AUTH_RULE_ADMIN, -1, NULL), 0);
	assert_int_equal(count(&a, AUTH_RULE_PROGRESS, -1, NULL), 0);
	auth_release(&a);
	free(t1);
}

/*
 * main:  root -- m1 (office: task 2 target) ------------ m2 (merge dept)
 *            \                                           /
 * dept:       d1 (jmw: task 1) -- d2 (merge main) -- d3 (evil merge)
 */
static void merges(void **state)
{
	struct fixture *f = *state;
	struct auth a;
	char *t1 = task(1, "in_progress", 40, "完成规划", "null");
	char *t2 = task(2, "not_started", 0, "完成项目一百个", "null");
	char *t2evil = task(2, "in_progress", 90, "完成项目一百个", "null");
	git_oid root, m1, d1, d2, d3;

	root = start(f, BOSS, 1);
	m1 = gitfix_commit(&f->git, BOSS, T0 + DAY, "target of task 2",
			   "tasks/02.yaml", t2, NULL);
	gitfix_branch(&f->git, "dept", &root);
	f->git.ref = "refs/heads/dept";
	f->git.head = root;
	d1 = gitfix_commit(&f->git, JMW, T0 + 2 * DAY, "task 1 at 40",
			   "tasks/01.yaml", t1, NULL);
	/* jmw merges main: it takes over the office's change unchanged */
	d2 = gitfix_merge(&f->git, &m1, JMW, T0 + 3 * DAY, "merge main",
			  "tasks/02.yaml", t2, NULL);
	/* a merge that also changes fgw's task 2 as no parent had it */
	d3 = gitfix_merge(&f->git, &m1, JMW, T0 + 4 * DAY, "evil merge",
			  "tasks/02.yaml", t2evil, NULL);
	/* the office merges the branch into main */
	f->git.ref = "HEAD";
	f->git.head = m1;
	gitfix_merge(&f->git, &d3, BOSS, T0 + 5 * DAY, "merge dept",
		     "tasks/01.yaml", t1, "tasks/02.yaml", t2evil, NULL);
	assert_int_equal(audit(f, &a, NULL, NULL), 0);
	show(&a);
	assert_int_equal(a.checked, 5);
	assert_int_equal(a.n, 2);
	assert_int_equal(count(&a, AUTH_RULE_PROGRESS, 2, "progress"), 1);
	assert_int_equal(count(&a, AUTH_RULE_PROGRESS, 2, "status"), 1);
	assert_string_equal(a.v[0].commit, git_oid_tostr_s(&d3));
	auth_release(&a);
	(void)d1;
	(void)d2;
	free(t1);
	free(t2);
	free(t2evil);
}

/*
 * docs/audit.md, "Merges: the model": a merge that brings back an old
 * value, through a stale second parent or from a stale first parent, is
 * charged with it.
 */
static void merge_shapes(void **state)
{
	struct fixture *f = *state;
	struct auth a;
	char *t2 = task(2, "not_started", 0, "完成项目一百个", "null");
	git_oid root, m1, stale;

	root = start(f, BOSS, 1);
	m1 = gitfix_commit(&f->git, BOSS, T0 + DAY, "target of task 2",
			   "tasks/02.yaml", t2, NULL);
	/* stale second parent: main's tree with task 2 as it was at root */
	gitfix_merge(&f->git, &root, JMW, T0 + 2 * DAY, "merge",
		     "tasks/02.yaml", f->t2, NULL);
	assert_int_equal(audit(f, &a, NULL, NULL), 0);
	show(&a);
	assert_int_equal(count(&a, AUTH_RULE_ADMIN, 2, "target"), 1);
	auth_release(&a);

	/* stale first parent: a branch at root merges main, keeping root's
	 * task 2 (git merge -s ours) */
	gitfix_branch(&f->git, "stale", &root);
	f->git.ref = "refs/heads/stale";
	f->git.head = root;
	stale = gitfix_merge(&f->git, &m1, JMW, T0 + 3 * DAY, "merge main",
			     "tasks/02.yaml", f->t2, NULL);
	f->git.ref = "HEAD";
	assert_int_equal(audit(f, &a, git_oid_tostr_s(&stale), NULL), 0);
	show(&a);
	assert_int_equal(count(&a, AUTH_RULE_ADMIN, 2, "target"), 1);
	auth_release(&a);
	free(t2);
}

/* a second root commit holding the whole plan, on no branch */
static git_oid orphan(struct fixture *f, const char *name, const char *email,
		      git_time_t when, int founded, const char *t3)
{
	const char *const *u = founded ? units_founded : units_plain;
	git_oid main_head = f->git.head, id;

	memset(&f->git.head, 0, sizeof(f->git.head));
	f->git.ref = NULL;
	id = gitfix_commit(&f->git, name, email, when, "another root",
			   "plan.yaml", plan_yaml,
			   "schema/plan.schema.json", f->schema[0],
			   "schema/task.schema.json", f->schema[1],
			   "schema/unit.schema.json", f->schema[2],
			   u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7],
			   u[8], u[9], u[10], u[11],
			   "tasks/01.yaml", f->t1, "tasks/02.yaml", f->t2,
			   "tasks/03.yaml", t3, NULL);
	f->git.ref = "HEAD";
	f->git.head = main_head;
	return id;
}

static void root_commits(void **state)
{
	struct fixture *f = *state;
	struct auth a;
	char *t3 = task(3, "not_started", 0, "新任务", "null");
	git_oid plain, founded2;
	size_t i;

	/* a root commit by no committer at all founds the plan */
	start(f, NOBODY, 1);
	/* (a path outside the plan: the administrator's) */
	gitfix_commit(&f->git, BOSS, T0 + DAY, "readme", "README", "x\n",
		      NULL);
	assert_int_equal(audit(f, &a, NULL, NULL), 0);
	assert_int_equal(a.n, 0);
	assert_int_equal(a.checked, 0);
	assert_int_equal(a.skipped, 1);
	assert_string_equal(a.founding, git_oid_tostr_s(&f->root));
	auth_release(&a);

	/* another root, merged: it was never audited, so the merge answers
	 * for the task it brings */
	plain = orphan(f, NOBODY, T0 + 2 * DAY, 0, t3);
	gitfix_merge(&f->git, &plain, NOBODY, T0 + 3 * DAY, "merge it",
		     "tasks/03.yaml", t3, NULL);
	/* a root that founds a second plan is refused in itself */
	founded2 = orphan(f, NOBODY, T0 + 4 * DAY, 1, t3);
	gitfix_merge(&f->git, &founded2, BOSS, T0 + 5 * DAY, "merge again",
		     NULL);
	assert_int_equal(audit(f, &a, NULL, NULL), 0);
	show(&a);
	assert_int_equal(a.skipped, 3);
	/* both merges: one that records its first parent's plan is audited
	 * too (it may bring back what another parent changed) */
	assert_int_equal(a.checked, 2);
	assert_int_equal(count(&a, AUTH_RULE_ADMIN, 3, "task"), 1);
	assert_int_equal(count(&a, AUTH_RULE_FOUNDING, -1, NULL), 1);
	assert_int_equal(a.n, 2);
	/* the finding points at the committers the root gives */
	for (i = 0; i < a.n; i++) {
		if (strcmp(a.v[i].rule, AUTH_RULE_FOUNDING))
			continue;
		assert_int_equal(strncmp(a.v[i].file, "units/", 6), 0);
		assert_true(strlen(a.v[i].file) > 6);
		assert_true(a.v[i].line > 0 && a.v[i].col > 0);
	}
	auth_release(&a);
	free(t3);
}

/*
 * c0 root without committers, c1 an unchecked change, c2 committers
 * added by no committer (the founding commit), c3 a change audited.
 */
static void founding_commit(void **state)
{
	struct fixture *f = *state;
	struct auth a;
	char *t1 = task(1, "in_progress", 20, "随意改写", "null");
	char *t1b = task(1, "in_progress", 30, "随意改写", "null");
	char range[90];
	git_oid c1, c2, c3, c4;

	start(f, NOBODY, 0);
	c1 = gitfix_commit(&f->git, NOBODY, T0 + DAY, "rewrite",
			   "tasks/01.yaml", t1, NULL);
	c2 = found(f, NOBODY, T0 + 2 * DAY);
	c3 = gitfix_commit(&f->git, NOBODY, T0 + 3 * DAY, "progress",
			   "tasks/01.yaml", t1b, NULL);
	assert_int_equal(audit(f, &a, NULL, NULL), 0);
	show(&a);
	assert_int_equal(a.skipped, 3);
	assert_int_equal(a.checked, 1);
	assert_string_equal(a.founding, git_oid_tostr_s(&c2));
	assert_int_equal(a.n, 1);
	assert_string_equal(a.v[0].commit, git_oid_tostr_s(&c3));
	assert_non_null(strstr(a.v[0].message, "not a committer of any unit"));
	auth_release(&a);

	/* a range that starts before the founding commit */
	snprintf(range, sizeof(range), "%s..HEAD", git_oid_tostr_s(&c1));
	assert_int_equal(audit(f, &a, range, NULL), 0);
	assert_int_equal(a.skipped, 1);
	assert_int_equal(a.checked, 1);
	assert_int_equal(a.n, 1);
	auth_release(&a);

	/* the office removes every committer: the plan stays founded, and
	 * a range that starts there finds the founding commit by search */
	c4 = gitfix_commit(&f->git, BOSS, T0 + 4 * DAY, "no committers",
			   units_plain[0], units_plain[1],
			   units_plain[2], units_plain[3],
			   units_plain[4], units_plain[5],
			   units_plain[8], units_plain[9], NULL);
	gitfix_commit(&f->git, BOSS, T0 + 5 * DAY, "progress",
		      "tasks/01.yaml", t1, NULL);
	snprintf(range, sizeof(range), "%s..HEAD", git_oid_tostr_s(&c4));
	assert_int_equal(audit(f, &a, range, NULL), 0);
	show(&a);
	assert_int_equal(a.checked, 1);
	assert_int_equal(count(&a, AUTH_RULE_PROGRESS, 1, "progress"), 1);
	assert_string_equal(a.founding, git_oid_tostr_s(&c2));
	auth_release(&a);
	free(t1);
	free(t1b);
}

static void named_founding(void **state)
{
	struct fixture *f = *state;
	struct auth a;
	char *t1 = task(1, "in_progress", 20, "完成规划", "null");
	char *t1b = task(1, "in_progress", 30, "完成规划", "null");
	char *plan;
	git_oid side;

	/* a commit outside the plan's history */
	f->git.ref = NULL;
	side = gitfix_commit(&f->git, NOBODY, T0, "elsewhere", "README",
			     "x\n", NULL);
	memset(&f->git.head, 0, sizeof(f->git.head));
	f->git.ref = "HEAD";
	start(f, BOSS, 1);
	/* the office names the root as founding (abbreviated), then
	 * removes every committer: the name keeps the plan founded */
	plan = xasprintf("%sfounding: \"%.12s\"\n", plan_yaml,
			 git_oid_tostr_s(&f->root));
	gitfix_commit(&f->git, BOSS, T0 + DAY, "founding",
		      "plan.yaml", plan, NULL);
	gitfix_commit(&f->git, BOSS, T0 + 2 * DAY, "no committers",
		      units_plain[0], units_plain[1], units_plain[2],
		      units_plain[3], units_plain[4], units_plain[5],
		      units_plain[8], units_plain[9], NULL);
	gitfix_commit(&f->git, NOBODY, T0 + 3 * DAY, "progress",
		      "tasks/01.yaml", t1, NULL);
	assert_int_equal(audit(f, &a, NULL, NULL), 0);
	show(&a);
	assert_string_equal(a.founding, git_oid_tostr_s(&f->root));
	assert_int_equal(a.checked, 3);
	assert_int_equal(count(&a, AUTH_RULE_PROGRESS, 1, NULL), 2);
	assert_int_equal(a.n, 2);
	auth_release(&a);
	free(plan);

	/* a name this history does not hold founds nothing and stops
	 * nothing: the units' committers still found the plan */
	f->git.head = f->root;
	plan = xasprintf("%sfounding: %s\n", plan_yaml,
			 git_oid_tostr_s(&side));
	gitfix_commit(&f->git, BOSS, T0 + 4 * DAY, "founding elsewhere",
		      "plan.yaml", plan, NULL);
	gitfix_commit(&f->git, NOBODY, T0 + 5 * DAY, "progress",
		      "tasks/01.yaml", t1b, NULL);
	assert_int_equal(audit(f, &a, NULL, NULL), 0);
	show(&a);
	assert_int_equal(a.checked, 2);
	assert_int_equal(a.skipped, 1);
	assert_int_equal(count(&a, AUTH_RULE_PROGRESS, 1, NULL), 2);
	auth_release(&a);
	free(plan);
	free(t1);
	free(t1b);
}

/* a name that no commit has founds nothing */
static void unknown_named_founding(void **state)
{
	struct fixture *f = *state;
	struct auth a;
	char *t1 = task(1, "in_progress", 20, "完成规划", "null");
	char *plan = xasprintf("%sfounding: \"0123456789ab\"\n", plan_yaml);

	start(f, BOSS, 0);
	gitfix_commit(&f->git, BOSS, T0 + DAY, "founding", "plan.yaml", plan,
		      NULL);
	gitfix_commit(&f->git, NOBODY, T0 + 2 * DAY, "progress",
		      "tasks/01.yaml", t1, NULL);
	assert_int_equal(audit(f, &a, NULL, NULL), 0);
	assert_int_equal(a.checked, 0);
	assert_int_equal(a.skipped, 3);
	assert_string_equal(a.founding, "");
	assert_int_equal(a.n, 0);
	auth_release(&a);
	free(plan);
	free(t1);
}

static void pusher_checked(void **state)
{
	struct fixture *f = *state;
	struct auth a;
	char *t2 = task(2, "not_started", 0, "改写目标", "null");

	start(f, BOSS, 1);
	/* fgw forges the office's address as author */
	gitfix_commit(&f->git, BOSS, T0 + DAY, "target",
		      "tasks/02.yaml", t2, NULL);
	assert_int_equal(audit(f, &a, NULL, NULL), 0);
	assert_int_equal(a.n, 0);
	auth_release(&a);
	assert_int_equal(audit(f, &a, NULL, "zhao@fgw.example"), 0);
	show(&a);
	assert_int_equal(a.n, 1);
	assert_string_equal(a.v[0].identity, "zhao@fgw.example");
	assert_string_equal(a.v[0].rule, AUTH_RULE_ADMIN);
	assert_non_null(strstr(a.v[0].message, "pushed by zhao@fgw.example"));
	auth_release(&a);
	/* an account name the server did not map is nobody's, even one
	 * that is the local part of the office's address */
	assert_int_equal(audit(f, &a, NULL, "boss"), 0);
	assert_int_equal(a.n, 1);
	auth_release(&a);
	/* a GitLab GL_ID is nobody's */
	assert_int_equal(audit(f, &a, NULL, "user-42"), 0);
	assert_int_equal(a.n, 1);
	auth_release(&a);
	free(t2);
}

static void pre_receive(struct fixture *f, struct auth *a, const char *in,
			int ret)
{
	static char *const protect[] = { "refs/heads/main" };
	FILE *fp = fmemopen((void *)in, strlen(in), "r");

	assert_non_null(fp);
	if (!f->repo)
		f->repo = gitfix_open(&f->git);
	auth_init(a, f->repo, NULL);
	assert_int_equal(auth_pre_receive(a, fp, protect, 1), ret);
	fclose(fp);
}

static void pre_receive_refs(void **state)
{
	struct fixture *f = *state;
	struct auth a;
	char *t1 = task(1, "in_progress", 30, "完成规划", "null");
	char *t2 = task(2, "in_progress", 30, "完成项目", "null");
	char old[41], in[400];
	const char *zero = "0000000000000000000000000000000000000000";
	git_oid root, m1, bad, good;

	root = start(f, BOSS, 1);
	m1 = gitfix_commit(&f->git, JMW, T0 + DAY, "task 1",
			   "tasks/01.yaml", t1, NULL);
	snprintf(old, sizeof(old), "%s", git_oid_tostr_s(&m1));
	/* pushed objects that no ref reaches yet */
	f->git.ref = NULL;
	bad = gitfix_commit(&f->git, JMW, T0 + 2 * DAY, "task 2",
			    "tasks/02.yaml", t2, NULL);
	f->git.head = root;
	good = gitfix_commit(&f->git, JMW, T0 + 3 * DAY, "task 1 again",
			     "tasks/01.yaml", t1, NULL);

	/* jmw pushes a change of fgw's task 2 */
	snprintf(in, sizeof(in), "%s %s refs/heads/main\n", old,
		 git_oid_tostr_s(&bad));
	pre_receive(f, &a, in, 0);
	show(&a);
	assert_int_equal(a.checked, 1);
	assert_int_equal(count(&a, AUTH_RULE_PROGRESS, 2, NULL), 2);
	auth_release(&a);

	/* a rewind of main (good is not on top of m1), and a deletion;
	 * deleting another branch is fine */
	snprintf(in, sizeof(in), "%s %s refs/heads/main\n"
		 "%s %s refs/heads/main\n%s %s refs/heads/topic\n", old,
		 git_oid_tostr_s(&good), old, zero, old, zero);
	pre_receive(f, &a, in, 0);
	show(&a);
	assert_int_equal(count(&a, AUTH_RULE_FORCE, -1, NULL), 1);
	assert_int_equal(count(&a, AUTH_RULE_DELETE, -1, NULL), 1);
	assert_int_equal(a.n, 2);
	assert_int_equal(a.checked, 1);
	assert_string_equal(a.v[0].file, "refs/heads/main");
	auth_release(&a);

	/* a new branch at a commit main reaches: nothing new to check */
	snprintf(in, sizeof(in), "%s %s refs/heads/topic\n", zero, old);
	pre_receive(f, &a, in, 0);
	assert_int_equal(a.n, 0);
	assert_int_equal(a.checked, 0);
	auth_release(&a);

	/* malformed input */
	gitfix_err_begin();
	pre_receive(f, &a, "not a ref line\n", -1);
	free(gitfix_err_end());
	auth_release(&a);
	free(t1);
	free(t2);
}

/* the findings and counts of an audit, as text */
static char *audit_text(const struct auth *a)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	fprintf(f, "checked %zu skipped %zu founding %s\n", a->checked,
		a->skipped, a->founding);
	auth_print_json(f, a);
	fclose(f);
	return buf;
}

/* task 1 as a unit reports it: status and progress from n */
static char *report(int n)
{
	static const char *const status[] = { "in_progress", "at_risk" };

	return task(1, status[n % 2], 1 + n % 98, "完成规划", "null");
}

/*
 * The live plan (a commit that changes task files alone applied to the
 * plan of the commit before) gives exactly the findings of both plans
 * loaded whole, on a history that breaks each rule of the plan's files
 * and of rights, with commits the walk passes over, changes of units/,
 * plan.yaml and schema/ between runs of task changes, a merge, and more
 * commits than a batch holds.
 */
static void live_plan_agrees(void **state)
{
	struct fixture *f = *state;
	struct auth a;
	char *t1 = task(1, "in_progress", 10, "完成规划", "null");
	char *t1done = task(1, "done", 50, "完成规划", "null");
	char *t2 = task(2, "in_progress", 10, "完成项目", "null");
	char *t3 = task(3, "not_started", 0, "新任务", "null");
	char *typo = xasprintf("%.*sjwm%s", (int)(strstr(t3, "fgw") - t3),
			       t3, strstr(t3, "fgw") + 3);
	char *t4as3 = task(3, "not_started", 0, "同号任务", "null");
	char *t5 = task(5, "not_started", 0, "第五项", "null");
	char *t2as2 = task(2, "in_progress", 20, "完成项目", "null");
	char *plan2 = xasprintf("%s  - 建设大集群\n", plan_yaml);
	char *schema2 = xasprintf("%.*s", (int)strlen(f->schema[1]) - 2,
				  f->schema[1]);
	char *whole, *live;
	git_time_t t = T0;
	git_oid side, base;
	int i;

	/* before the founding commit: audited for nothing, kept live */
	start(f, BOSS, 0);
	gitfix_commit(&f->git, NOBODY, t += 60, "early", "tasks/01.yaml", t1,
		      NULL);
	found(f, BOSS, t += 60);
	gitfix_commit(&f->git, JMW, t += 60, "ok", "tasks/01.yaml", t1done,
		      NULL);
	gitfix_commit(&f->git, FGW, t += 60, "not fgw's", "tasks/01.yaml",
		      t1, NULL);
	gitfix_commit(&f->git, JMW, t += 60, "broken", "tasks/01.yaml",
		      "id: [\n", NULL);
	gitfix_commit(&f->git, JMW, t += 60, "back", "tasks/01.yaml", t1,
		      NULL);
	gitfix_commit(&f->git, BOSS, t += 60, "unknown unit",
		      "tasks/03.yaml", typo, NULL);
	gitfix_commit(&f->git, BOSS, t += 60, "a second task 3",
		      "tasks/04.yaml", t4as3, NULL);
	gitfix_commit(&f->git, JMW, t += 60, "task 3 fixed",
		      "tasks/03.yaml", t3, "tasks/04.yaml", NULL, NULL);
	gitfix_commit(&f->git, BOSS, t += 60, "odd files",
		      "tasks/README.md", "x\n", "tasks/5.yaml", t5,
		      "tasks/sub/x.yaml", "id: 9\n", NULL);
	gitfix_commit(&f->git, FGW, t += 60, "renamed", "tasks/02.yaml",
		      NULL, "tasks/2.yaml", t2as2, NULL);
	gitfix_commit(&f->git, BOSS, t += 60, "link",
		      "120000 tasks/06.yaml", "01.yaml", NULL);
	gitfix_commit(&f->git, NOBODY, t += 60, "not the plan", "README",
		      "x\n", NULL);
	gitfix_commit(&f->git, JMW, t += 60, "after a passed-over commit",
		      "tasks/01.yaml", t1done, NULL);
	gitfix_commit(&f->git, BOSS, t += 60, "a category more",
		      "plan.yaml", plan2, NULL);
	gitfix_commit(&f->git, JMW, t += 60, "in the new context",
		      "tasks/01.yaml", t1, NULL);
	gitfix_commit(&f->git, BOSS, t += 60, "categories back",
		      "plan.yaml", plan_yaml, "tasks/5.yaml", NULL, NULL);
	gitfix_commit(&f->git, FGW, t += 60, "schema by a unit",
		      "schema/task.schema.json", schema2, NULL);
	gitfix_commit(&f->git, BOSS, t += 60, "schema back",
		      "schema/task.schema.json", f->schema[1], NULL);
	/* a file under schema/ that is no schema: the plan's files do not
	 * include it */
	gitfix_commit(&f->git, BOSS, t += 60, "notes", "schema/README",
		      "x\n", NULL);
	gitfix_commit(&f->git, JMW, t += 60, "after the notes",
		      "tasks/01.yaml", t1, NULL);
	/* a side branch merged back */
	base = f->git.head;
	gitfix_branch(&f->git, "side", &base);
	f->git.ref = "refs/heads/side";
	side = gitfix_commit(&f->git, FGW, t += 60, "side",
			     "tasks/2.yaml", t2, NULL);
	f->git.ref = "HEAD";
	f->git.head = base;
	gitfix_commit(&f->git, JMW, t += 60, "main", "tasks/01.yaml", t1done,
		      NULL);
	gitfix_merge(&f->git, &side, BOSS, t += 60, "merge side",
		     "tasks/2.yaml", t2, NULL);
	/* more than a batch: task 1 again and again, now and then by the
	 * wrong unit, broken, or sharing task 3's id */
	for (i = 0; i < 300; i++) {
		char *v = report(i);

		if (i % 37 == 5)
			gitfix_commit(&f->git, JMW, t += 60, "broken",
				      "tasks/01.yaml", "id: 1\n", NULL);
		else if (i % 53 == 7)
			gitfix_commit(&f->git, BOSS, t += 60, "clash",
				      "tasks/01.yaml", t4as3, NULL);
		else if (i % 11 == 3)
			gitfix_commit(&f->git, FGW, t += 60, "report",
				      "tasks/01.yaml", v, NULL);
		else
			gitfix_commit(&f->git, JMW, t += 60, "report",
				      "tasks/01.yaml", v, "tasks/03.yaml",
				      i % 7 ? t3 : typo, NULL);
		free(v);
	}

	assert_int_equal(audit(f, &a, NULL, NULL), 0);
	show(&a);
	live = audit_text(&a);
	/* most commits were audited against the live plan; findings of
	 * every kind were made */
	assert_true(a.state->n_live > 250);
	assert_true(count(&a, AUTH_RULE_VALID, -1, NULL) > 10);
	assert_true(count(&a, AUTH_RULE_PROGRESS, -1, NULL) > 10);
	assert_true(count(&a, AUTH_RULE_ADMIN, -1, NULL) > 0);
	auth_release(&a);

	auth_init(&a, f->repo, NULL);
	a.whole = 1;
	assert_int_equal(auth_walk(&a, NULL), 0);
	assert_int_equal(a.state->n_live, 0);
	whole = audit_text(&a);
	auth_release(&a);
	assert_string_equal(live, whole);
	free(whole);
	/* no loader thread: the same */
	no_threads = 1;
	auth_init(&a, f->repo, NULL);
	assert_int_equal(auth_walk(&a, NULL), 0);
	no_threads = 0;
	assert_true(a.state->n_live > 250);
	whole = audit_text(&a);
	auth_release(&a);
	assert_string_equal(live, whole);
	free(live);
	free(whole);

	/* with a pusher, whose rights are checked beside the author's */
	assert_int_equal(audit(f, &a, NULL, "zhao@fgw.example"), 0);
	live = audit_text(&a);
	assert_true(a.state->n_live > 250);
	assert_true(strstr(live, "pushed by zhao@fgw.example") != NULL);
	auth_release(&a);
	auth_init(&a, f->repo, "zhao@fgw.example");
	a.whole = 1;
	assert_int_equal(auth_walk(&a, NULL), 0);
	whole = audit_text(&a);
	auth_release(&a);
	assert_string_equal(live, whole);
	free(live);
	free(whole);

	/* and over a range that starts inside the history */
	assert_int_equal(audit(f, &a, "HEAD~250..HEAD", NULL), 0);
	live = audit_text(&a);
	assert_true(a.state->n_live > 200);
	auth_release(&a);
	auth_init(&a, f->repo, NULL);
	a.whole = 1;
	assert_int_equal(auth_walk(&a, "HEAD~250..HEAD"), 0);
	whole = audit_text(&a);
	auth_release(&a);
	assert_string_equal(live, whole);
	free(live);
	free(whole);
	free(t1);
	free(t1done);
	free(t2);
	free(t3);
	free(typo);
	free(t4as3);
	free(t5);
	free(t2as2);
	free(plan2);
	free(schema2);
}

/*
 * A libgit2 call that fails, at any point of the audit (in the walk, in
 * the loader thread, reading a plan or a signature), ends it with -1: the
 * verdict is never a pass that fewer findings would give.  Each call is
 * failed in turn over a history with findings, clean commits and a merge.
 */
static void git_failures(void **state)
{
	struct fixture *f = *state;
	struct auth a;
	char *t1 = task(1, "in_progress", 30, "完成规划", "120");
	char *t2 = task(2, "in_progress", 40, "完成规划", "null");
	char *t1b = task(1, "in_progress", 40, "完成规划", "120");
	size_t findings, checked;
	long calls, n;
	char *err;
	int ret;

	start(f, BOSS, 1);
	gitfix_commit(&f->git, JMW, T0 + DAY, "task 1 at 30",
		      "tasks/01.yaml", t1, NULL);
	gitfix_commit(&f->git, FGW, T0 + 2 * DAY, "task 2 by another unit",
		      "tasks/02.yaml", t2, NULL);
	gitfix_commit(&f->git, JMW, T0 + 3 * DAY, "task 1 at 40",
		      "tasks/01.yaml", t1b, NULL);
	git_calls = 0;
	assert_int_equal(audit(f, &a, NULL, NULL), 0);
	calls = git_calls;
	findings = a.n;
	checked = a.checked;
	assert_true(findings > 0);
	auth_release(&a);
	for (n = 1; n <= calls; n++) {
		/* a fresh repository each time: nothing read is cached */
		repo_free(f->repo);
		f->repo = NULL;
		git_countdown = n;
		gitfix_err_begin();
		ret = audit(f, &a, NULL, NULL);
		err = gitfix_err_end();
		git_countdown = -1;
		if (ret == 0 && (a.n != findings || a.checked != checked) && getenv("AUTH_TEST_VERBOSE"))
			auth_print_text(stderr, &a);
		if (ret == 0 && (a.n != findings || a.checked != checked))
			fail_msg("libgit2 call %ld of %ld failed, and the audit "
				 "passed with %zu findings over %zu commits "
				 "(%zu over %zu without the failure)", n, calls,
				 a.n, a.checked, findings, checked);
		if (ret)
			assert_non_null(strstr(err, "error:"));
		free(err);
		auth_release(&a);
	}
	free(t1);
	free(t2);
	free(t1b);
}

int main(void)
{
#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(patterns),
		TEST(git_failures),
		TEST(progress_by_responsible_unit),
		TEST(progress_by_unrelated_unit),
		TEST(progress_by_group_member),
		TEST(indicator_actual),
		TEST(multiline_value),
		TEST(plan_field_by_unit),
		TEST(schema_by_unit),
		TEST(unit_adds_itself),
		TEST(invalid_plan),
		TEST(merges),
		TEST(merge_shapes),
		TEST(root_commits),
		TEST(founding_commit),
		TEST(named_founding),
		TEST(unknown_named_founding),
		TEST(pusher_checked),
		TEST(pre_receive_refs),
		TEST(live_plan_agrees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
