/*
 * Unit tests of bin/log's engine (logfmt.c): the exact lines and JSON it
 * prints for throw-away histories built with libgit2, with chosen authors,
 * dates and messages: order and --reverse, --since/--until, --author,
 * --unit (a group stands for its members), --field, tasks named, renames,
 * removals, merges, comment-only commits, versions that do not load, and
 * that each blob version is parsed once.  Also the text forms: dates,
 * date options, changed spans, values.
 */
/* ldflags: -Wl,--wrap=task_load -Wl,--wrap=pthread_create -Wl,--wrap=git_commit_lookup -Wl,--wrap=git_commit_tree -Wl,--wrap=git_tree_lookup -Wl,--wrap=git_odb_read -Wl,--wrap=git_revwalk_next */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "gitfail.h"
#include "gitfix.h"
#include "logfmt.h"
#include "logrun.h"
#include "model.h"
#include "repo.h"
#include "xalloc.h"

#include <errno.h>
#include <pthread.h>
#include <time.h>

#define LI "Li Lei", "li@jmw.sx.gov.cn"
#define WANG "Wang Fang", "wang@fgw.sx.gov.cn"
#define ZHAO "Zhao Min", "zhao@ycq.sx.gov.cn"
#define T0 1267401600		/* 2010-03-01 00:00 UTC */
#define DAY 86400
/* the first finding about "id: 2\nowner: x\n" as a task */
#define INVALID "1:1: missing key 'as_of'"

/*
 * task_load counts its calls, to see that each version is parsed once;
 * log parses in two threads, so the count is atomic
 */
int __real_task_load(struct task **out, const char *path, const char *buf,
		     size_t len, const struct schema *s, struct diag_list *d);
int __wrap_task_load(struct task **out, const char *path, const char *buf,
		     size_t len, const struct schema *s, struct diag_list *d);
static _Atomic int task_loads;

/* pthread_create fails on demand: log then prints without a thread */
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

int __wrap_task_load(struct task **out, const char *path, const char *buf,
		     size_t len, const struct schema *s, struct diag_list *d)
{
	task_loads++;
	return __real_task_load(out, path, buf, len, s, d);
}

static char *schema_text[3];
static const char *const schema_path[3] = {
	"schema/plan.schema.json", "schema/task.schema.json",
	"schema/unit.schema.json"
};

static const char plan_text[] =
	"title: 工作任务\nyear: 2010\ncategories:\n  - 推进大项目\n";
static const char jmw[] = "id: jmw\nname: 市经贸委\nkind: department\n";
static const char fgw[] = "id: fgw\nname: 市发改委\nkind: department\n";
static const char ycq[] = "id: ycq\nname: 越城区\nkind: county\n";
static const char counties[] =
	"id: counties\nname: 各县(市、区)\nkind: group\nmembers:\n  - ycq\n";

/* a valid task; the caller frees it */
static char *task(int id, const char *lead, const char *implement,
		  const char *status, int progress, const char *as_of,
		  const char *actual, const char *note)
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
		"  implement: [%s]\n"
		"indicators:\n"
		"  - name: 工业投资\n"
		"    op: \">=\"\n"
		"    target: 630\n"
		"    unit: 亿元\n"
		"    actual: %s\n"
		"deadline: 2010-12-31\n"
		"status: %s\n"
		"progress: %d\n"
		"as_of: %s\n"
		"note: \"%s\"\n",
		id, id, lead, implement, actual, status, progress, as_of, note);
}

static int group_setup(void **state)
{
	size_t i, len;

	(void)state;
	for (i = 0; i < 3; i++)
		if (read_file(schema_path[i], &schema_text[i], &len, 1 << 20))
			return -1;
	diag_set_program("log");
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
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
 * The history most cases read:
 *   c0  03-01 plan office: the plan, tasks 1 (jmw) and 2 (fgw, counties)
 *   c1  03-31 Li: task 1 started, 20%
 *   c2  04-02 Wang: task 2 at 10%, actual 100
 *   c3  04-15 Li: a comment in task 1 only
 *   c4  04-30 Zhao: task 2 at 30%, note; task 1 at 40%
 */
static void make_history(struct gitfix *fix, git_oid *c)
{
	char *t1a = task(1, "jmw", "", "not_started", 0, "null", "null", "");
	char *t2a = task(2, "fgw", "counties", "not_started", 0, "null",
			 "null", "");
	char *t1b = task(1, "jmw", "", "in_progress", 20, "2010-03-31",
			 "null", "");
	char *t2b = task(2, "fgw", "counties", "in_progress", 10,
			 "2010-04-02", "100", "");
	char *t1c = xasprintf("# 经贸委\n%s", t1b);
	char *t2c = task(2, "fgw", "counties", "in_progress", 30,
			 "2010-04-30", "100", "越城区已开工");
	char *t1d = task(1, "jmw", "", "in_progress", 40, "2010-04-30",
			 "null", "");

	c[0] = gitfix_commit(fix, "Plan Office", "office@sx.gov.cn", T0,
			     "the 2010 plan",
			     "plan.yaml", plan_text,
			     schema_path[0], schema_text[0],
			     schema_path[1], schema_text[1],
			     schema_path[2], schema_text[2],
			     "tasks/01.yaml", t1a, "tasks/02.yaml", t2a,
			     "units/jmw.yaml", jmw, "units/fgw.yaml", fgw,
			     "units/ycq.yaml", ycq,
			     "units/counties.yaml", counties, NULL);
	c[1] = gitfix_commit(fix, LI, T0 + 30 * DAY + 3600, "task 1: March",
			     "tasks/01.yaml", t1b, NULL);
	c[2] = gitfix_commit(fix, WANG, T0 + 32 * DAY, "task 2: April",
			     "tasks/02.yaml", t2b, NULL);
	c[3] = gitfix_commit(fix, LI, T0 + 45 * DAY, "comment",
			     "tasks/01.yaml", t1c, NULL);
	c[4] = gitfix_commit(fix, ZHAO, T0 + 60 * DAY, "end of April",
			     "tasks/01.yaml", t1d, "tasks/02.yaml", t2c, NULL);
	free(t1a);
	free(t2a);
	free(t1b);
	free(t2b);
	free(t1c);
	free(t2c);
	free(t1d);
}

/* what log_run prints; ret is what it must return */
static char *run_log(struct gitfix *fix, const struct log_opts *o, int ret)
{
	struct plan_source src = { .dir = fix->dir };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(log_run(f, &src, o), ret);
	fclose(f);
	source_close(&src);
	return buf;
}

static void check_log(struct gitfix *fix, const struct log_opts *o,
		      const char *want)
{
	char *got = run_log(fix, o, 0);

	assert_string_equal(got, want);
	free(got);
}

/* who made each commit of make_history, and when, as log prints it */
#define AT_C0 "2010-03-01T08:00:00+08:00 Plan Office <office@sx.gov.cn>"
#define AT_C1 "2010-03-31T09:00:00+08:00 Li Lei <li@jmw.sx.gov.cn>"
#define AT_C2 "2010-04-02T08:00:00+08:00 Wang Fang <wang@fgw.sx.gov.cn>"
#define AT_C4 "2010-04-30T08:00:00+08:00 Zhao Min <zhao@ycq.sx.gov.cn>"

/* append the line log prints for commit c: "ID10 AT REST\n" */
static void line(struct sbuf *b, const git_oid *c, const char *at,
		 const char *rest)
{
	char hex[41];

	git_oid_tostr(hex, sizeof(hex), c);
	if (!b->s)
		sbuf_adds(b, "");
	sbuf_printf(b, "%.10s %s %s\n", hex, at, rest);
}

static void newest_first(void **state)
{
	struct gitfix *fix = *state;
	struct log_opts o = { 0 };
	struct sbuf want = { 0 };
	git_oid c[5];

	make_history(fix, c);
	o.walk.range = "HEAD~4..HEAD";
	line(&want, &c[4], AT_C4, "task 1 progress: 20 → 40");
	line(&want, &c[4], AT_C4, "task 1 as_of: 2010-03-31 → 2010-04-30");
	line(&want, &c[4], AT_C4, "task 2 progress: 10 → 30");
	line(&want, &c[4], AT_C4, "task 2 as_of: 2010-04-02 → 2010-04-30");
	line(&want, &c[4], AT_C4, "task 2 note: \"\" → \"越城区已开工\"");
	line(&want, &c[2], AT_C2,
	     "task 2 indicators.工业投资.actual: null → 100");
	line(&want, &c[2], AT_C2, "task 2 status: not_started → in_progress");
	line(&want, &c[2], AT_C2, "task 2 progress: 0 → 10");
	line(&want, &c[2], AT_C2, "task 2 as_of: null → 2010-04-02");
	line(&want, &c[1], AT_C1, "task 1 status: not_started → in_progress");
	line(&want, &c[1], AT_C1, "task 1 progress: 0 → 20");
	line(&want, &c[1], AT_C1, "task 1 as_of: null → 2010-03-31");
	check_log(fix, &o, want.s);
	sbuf_release(&want);
}

/* the root commit adds every task: one line each, field "task" */
static void reverse_and_root(void **state)
{
	struct gitfix *fix = *state;
	struct log_opts o = { 0 };
	struct sbuf want = { 0 };
	git_oid c[5];

	make_history(fix, c);
	o.walk.reverse = 1;
	o.walk.until = T0 + 31 * DAY;
	line(&want, &c[0], AT_C0, "task 1 task: (none) → tasks/01.yaml");
	line(&want, &c[0], AT_C0, "task 2 task: (none) → tasks/02.yaml");
	line(&want, &c[1], AT_C1, "task 1 status: not_started → in_progress");
	line(&want, &c[1], AT_C1, "task 1 progress: 0 → 20");
	line(&want, &c[1], AT_C1, "task 1 as_of: null → 2010-03-31");
	check_log(fix, &o, want.s);
	sbuf_release(&want);

	/* the tasks named, and a field: progress only, task 2 only */
	o.walk.until = 0;
	o.field = "progress";
	o.tasks = (const int[]){ 2 };
	o.n_tasks = 1;
	line(&want, &c[2], AT_C2, "task 2 progress: 0 → 10");
	line(&want, &c[4], AT_C4, "task 2 progress: 10 → 30");
	check_log(fix, &o, want.s);
	sbuf_release(&want);

	/* a single revision: its whole history */
	o.walk.range = "HEAD~4";
	o.field = NULL;
	line(&want, &c[0], AT_C0, "task 2 task: (none) → tasks/02.yaml");
	check_log(fix, &o, want.s);
	sbuf_release(&want);
}

static void time_bounds(void **state)
{
	struct gitfix *fix = *state;
	struct log_opts o = { 0 };
	struct sbuf want = { 0 };
	git_oid c[5];

	make_history(fix, c);
	/* all of 2010-04-02 in Shanghai (TZ): Wang's commit alone */
	assert_int_equal(logfmt_parse_date(&o.walk.since, "2010-04-02", 0), 0);
	assert_int_equal(logfmt_parse_date(&o.walk.until, "2010-04-02", 1), 0);
	o.field = "status";
	line(&want, &c[2], AT_C2, "task 2 status: not_started → in_progress");
	check_log(fix, &o, want.s);
	sbuf_release(&want);
	/* up to one second before it */
	assert_int_equal(logfmt_parse_date(&o.walk.since, "2010-03-31", 0), 0);
	o.walk.until = T0 + 32 * DAY - 1;
	line(&want, &c[1], AT_C1, "task 1 status: not_started → in_progress");
	check_log(fix, &o, want.s);
	sbuf_release(&want);
}

static void by_author(void **state)
{
	struct gitfix *fix = *state;
	struct log_opts o = { 0 };
	git_oid c[5];
	char *got, *err;

	make_history(fix, c);
	o.author = "@FGW\\.";
	o.field = "progress";
	got = run_log(fix, &o, 0);
	assert_non_null(strstr(got, "Wang Fang"));
	assert_null(strstr(got, "Li Lei"));
	assert_null(strstr(got, "Zhao"));
	free(got);
	o.author = "^(li|zhao)";
	got = run_log(fix, &o, 0);
	assert_null(strstr(got, "Wang Fang"));
	assert_non_null(strstr(got, "Li Lei"));
	assert_non_null(strstr(got, "Zhao Min"));
	free(got);
	o.author = "(";
	gitfix_err_begin();
	got = run_log(fix, &o, -1);
	err = gitfix_err_end();
	assert_string_equal(got, "");
	assert_non_null(strstr(err, "log: error: bad --author pattern '('"));
	free(err);
	free(got);
}

static void by_unit(void **state)
{
	struct gitfix *fix = *state;
	struct log_opts o = { 0 };
	git_oid c[5];
	char *got;

	make_history(fix, c);
	o.field = "progress";
	o.unit = "jmw";
	got = run_log(fix, &o, 0);
	assert_non_null(strstr(got, "task 1 progress: 20 → 40"));
	assert_null(strstr(got, "task 2"));
	free(got);
	/* ycq is a member of the group counties, which implements task 2 */
	o.unit = "ycq";
	got = run_log(fix, &o, 0);
	assert_non_null(strstr(got, "task 2 progress: 10 → 30"));
	assert_null(strstr(got, "task 1"));
	free(got);
	/* a unit the plan does not have is an error, not "no change" */
	o.unit = "nobody";
	got = run_log(fix, &o, -1);
	assert_string_equal(got, "");
	free(got);
}

static void by_field(void **state)
{
	struct gitfix *fix = *state;
	struct log_opts o = { 0 };
	struct sbuf want = { 0 };
	git_oid c[5];
	char *got;

	make_history(fix, c);
	line(&want, &c[2], AT_C2,
	     "task 2 indicators.工业投资.actual: null → 100");
	/* the last part, a prefix, the whole name */
	o.field = "actual";
	check_log(fix, &o, want.s);
	o.field = "indicators";
	check_log(fix, &o, want.s);
	o.field = "indicators.工业投资.actual";
	check_log(fix, &o, want.s);
	sbuf_release(&want);
	/* a middle part is none of these: an unknown field, an error */
	o.field = "工业投资";
	got = run_log(fix, &o, -1);
	assert_string_equal(got, "");
	free(got);
}

static void json_objects(void **state)
{
	struct gitfix *fix = *state;
	struct log_opts o = { 0 };
	char hex[41];
	git_oid c[5];
	char *want, *got;

	make_history(fix, c);
	o.json = 1;
	o.walk.range = "HEAD~3..HEAD~2";
	o.field = "indicators";
	git_oid_tostr(hex, sizeof(hex), &c[2]);
	want = xasprintf("[\n"
		"  {\"commit\": \"%s\", \"author\": {\"name\": \"Wang Fang\", "
		"\"email\": \"wang@fgw.sx.gov.cn\"}, \"date\": "
		"\"2010-04-02T08:00:00+08:00\", \"summary\": "
		"\"task 2: April\", \"signature\": {\"state\": \"none\", "
		"\"key\": null}, "
		"\"path\": \"tasks/02.yaml\", \"task\": 2, \"unit\": null, "
		"\"field\": \"indicators.工业投资.actual\", \"class\": "
		"\"progress\", \"old\": null, \"new\": \"100\", \"old_path\": "
		"\"tasks/02.yaml\", \"new_path\": \"tasks/02.yaml\"}\n"
		"]\n", hex);
	check_log(fix, &o, want);
	free(want);
	/* several objects are separated by commas */
	o.field = NULL;
	got = run_log(fix, &o, 0);
	assert_non_null(strstr(got, "\"new_path\": \"tasks/02.yaml\"},\n  {"));
	assert_string_equal(got + strlen(got) - 4, "\"}\n]\n" + 1);
	free(got);
	/* nothing to show: an empty array */
	o.walk.range = "HEAD~1..HEAD~1";
	check_log(fix, &o, "[]\n");
	/* an author's name in GBK, a summary with a UTF-16 surrogate in
	 * UTF-8: JSON is UTF-8, the bytes become U+FFFD */
	gitfix_commit(fix, "\xd5\xc5", "gbk@example", T0 + 90 * DAY,
		      "note \xed\xa0\x80", "tasks/02.yaml", "id: 2\n", NULL);
	o.walk.range = "HEAD~1..HEAD";
	got = run_log(fix, &o, 0);
	assert_non_null(strstr(got, "\"name\": \"\\ufffd\\ufffd\""));
	assert_non_null(strstr(got,
			       "\"summary\": \"note \\ufffd\\ufffd\\ufffd\""));
	free(got);
}

static void rename_remove_invalid(void **state)
{
	struct gitfix *fix = *state;
	struct log_opts o = { 0 };
	struct sbuf want = { 0 };
	git_oid c[5], r1, r2, r4;
	char *t1 = task(1, "jmw", "", "in_progress", 50, "2010-05-31", "null",
			"");

	make_history(fix, c);
	r1 = gitfix_commit(fix, LI, T0 + 92 * DAY, "rename task 1",
			   "tasks/01.yaml", NULL, "tasks/001.yaml", t1, NULL);
	r2 = gitfix_commit(fix, LI, T0 + 93 * DAY, "break task 2",
			   "tasks/02.yaml", "id: 2\nowner: x\n", NULL);
	/* broken the same way: no line */
	gitfix_commit(fix, LI, T0 + 94 * DAY, "still broken",
		      "tasks/02.yaml", "id: 2\nowner: x\n# more\n", NULL);
	r4 = gitfix_commit(fix, LI, T0 + 95 * DAY, "drop task 2",
			   "tasks/02.yaml", NULL, NULL);
	o.walk.range = "HEAD~4..";
	o.walk.reverse = 1;
	line(&want, &r1, "2010-06-01T08:00:00+08:00 Li Lei <li@jmw.sx.gov.cn>",
	     "task 1 task: tasks/01.yaml → tasks/001.yaml");
	line(&want, &r1, "2010-06-01T08:00:00+08:00 Li Lei <li@jmw.sx.gov.cn>",
	     "task 1 progress: 40 → 50");
	line(&want, &r1, "2010-06-01T08:00:00+08:00 Li Lei <li@jmw.sx.gov.cn>",
	     "task 1 as_of: 2010-04-30 → 2010-05-31");
	line(&want, &r2, "2010-06-02T08:00:00+08:00 Li Lei <li@jmw.sx.gov.cn>",
	     "task 2 task: tasks/02.yaml → (invalid: " INVALID ")");
	line(&want, &r4, "2010-06-04T08:00:00+08:00 Li Lei <li@jmw.sx.gov.cn>",
	     "task 2 task: (invalid: " INVALID ") → (none)");
	check_log(fix, &o, want.s);
	sbuf_release(&want);
	free(t1);
}

static void merge_first_parent(void **state)
{
	struct gitfix *fix = *state;
	struct log_opts o = { 0 };
	git_oid c[5], side, m;
	char *t1 = task(1, "jmw", "", "at_risk", 40, "2010-05-10", "null",
			"资金未到位");
	struct sbuf want = { 0 };

	make_history(fix, c);
	gitfix_branch(fix, "jmw", &c[4]);
	fix->ref = "refs/heads/jmw";
	side = gitfix_commit(fix, LI, T0 + 70 * DAY, "at risk",
			     "tasks/01.yaml", t1, NULL);
	fix->ref = "HEAD";
	fix->head = c[4];
	m = gitfix_merge(fix, &side, "Plan Office", "office@sx.gov.cn",
			 T0 + 71 * DAY, "merge jmw", "tasks/01.yaml", t1, NULL);
	o.walk.range = "HEAD~1..HEAD";
	o.field = "status";
	/* the merge against its first parent, then the side commit */
	line(&want, &m, "2010-05-11T08:00:00+08:00 Plan Office "
	     "<office@sx.gov.cn>", "task 1 status: in_progress → at_risk");
	line(&want, &side, "2010-05-10T08:00:00+08:00 Li Lei "
	     "<li@jmw.sx.gov.cn>", "task 1 status: in_progress → at_risk");
	check_log(fix, &o, want.s);
	sbuf_release(&want);
	free(t1);
}

/* each version of a file is parsed once, not once per side */
static void parsed_once(void **state)
{
	struct gitfix *fix = *state;
	struct log_opts o = { 0 };
	git_oid c[5];
	char *got;
	int i;

	make_history(fix, c);
	for (i = 0; i < 50; i++) {
		char *t = task(1, "jmw", "", "in_progress", 41 + i,
			       "2010-04-30", "null", "");

		gitfix_commit(fix, LI, T0 + 61 * DAY + i, "more",
			      "tasks/01.yaml", t, NULL);
		free(t);
	}
	task_loads = 0;
	o.field = "progress";
	got = run_log(fix, &o, 0);
	/* 50 + 4 versions of task 1, 3 of task 2, and the tip's whole plan
	 * read once for the schema (2 tasks) is not parsed by log */
	assert_int_equal(task_loads, 54 + 3);
	free(got);
}

/*
 * Longer than the printer's queue, so that the walker parses too: the
 * same lines, in the same order, and each version parsed once, with the
 * printer thread and without it (when none can start).
 */
static void printer_thread(void **state)
{
	struct gitfix *fix = *state;
	struct log_opts o = { 0 };
	char *threaded, *inline_;
	int i, loads;
	git_oid c[5];

	make_history(fix, c);
	for (i = 0; i < 600; i++) {
		char note[32], *t;

		snprintf(note, sizeof(note), "第%d次", i);
		t = task(1 + i % 2, i % 2 ? "fgw" : "jmw", "", "in_progress",
			 i % 99, "2010-05-01", "null", note);
		if (i % 97 == 13) {
			free(t);
			t = xasprintf("id: %d\nowner: x%d\n", 1 + i % 2, i);
		}
		gitfix_commit(fix, i % 3 ? "Li Lei" : "Zhao Min",
			      i % 3 ? "li@jmw.sx.gov.cn" : "zhao@ycq.sx.gov.cn",
			      T0 + 61 * DAY + i * 60, "report",
			      i % 2 ? "tasks/02.yaml" : "tasks/01.yaml", t,
			      NULL);
		free(t);
	}
	gitfix_commit(fix, LI, T0 + 70 * DAY, "moved away",
		      "tasks/01.yaml", NULL, "tasks/1.yaml", plan_text, NULL);
	task_loads = 0;
	threaded = run_log(fix, &o, 0);
	loads = task_loads;
	/* 7 versions of make_history and 600 reports; tasks/1.yaml is no
	 * task file name, so not a task's version */
	assert_int_equal(loads, 7 + 600);
	no_threads = 1;
	task_loads = 0;
	inline_ = run_log(fix, &o, 0);
	no_threads = 0;
	assert_int_equal(task_loads, loads);
	assert_string_equal(threaded, inline_);
	assert_true(strlen(threaded) > 600 * 100);
	free(threaded);
	free(inline_);
}

static void text_forms(void **state)
{
	char d[32];
	int64_t t;
	struct sbuf b = { 0 };
	struct change c = { 0 };

	(void)state;
	logfmt_date(d, 1272614400, 480);
	assert_string_equal(d, "2010-04-30T16:00:00+08:00");
	logfmt_date(d, 1272614400, -330);
	assert_string_equal(d, "2010-04-30T02:30:00-05:30");
	logfmt_date(d, 0, 0);
	assert_string_equal(d, "1970-01-01T00:00:00+00:00");
	logfmt_date(d, -1, 0);
	assert_string_equal(d, "1969-12-31T23:59:59+00:00");

	assert_int_equal(logfmt_parse_date(&t, "2010-04-30T16:00:00+08:00", 0),
			 0);
	assert_int_equal(t, 1272614400);
	assert_int_equal(logfmt_parse_date(&t, "2010-04-30 08:00Z", 0), 0);
	assert_int_equal(t, 1272614400);
	assert_int_equal(logfmt_parse_date(&t, "2010-04-30 08:00Z", 1), 0);
	assert_int_equal(t, 1272614459);
	assert_int_equal(logfmt_parse_date(&t, "2010-04-30", 0), 0);
	assert_int_equal(t, 1272556800);	/* Shanghai midnight */
	assert_int_equal(logfmt_parse_date(&t, "2010-04-30", 1), 0);
	assert_int_equal(t, 1272556800 + DAY - 1);
	assert_int_equal(logfmt_parse_date(&t, "2010-02-30", 0), -1);
	assert_int_equal(logfmt_parse_date(&t, "2010-04-30T25:00", 0), -1);
	assert_int_equal(logfmt_parse_date(&t, "yesterday", 0), -1);
	assert_int_equal(logfmt_parse_date(&t, "2010-04-30x", 0), -1);

	assert_int_equal(logfmt_task_arg("18"), 18);
	assert_int_equal(logfmt_task_arg("tasks/18.yaml"), 18);
	assert_int_equal(logfmt_task_arg("./tasks/07.yaml"), 7);
	assert_int_equal(logfmt_task_arg("HEAD~1"), -1);
	assert_int_equal(logfmt_task_arg("units/jmw.yaml"), -1);

	sbuf_adds(&b, "");
	logfmt_span(&b, "已开工8只", "已开工12只", 0);
	assert_string_equal(b.s, "已开工[-8-]{+12+}只");
	sbuf_release(&b);
	/* 工 and 丁 share their first two bytes: the span is whole chars */
	sbuf_adds(&b, "");
	logfmt_span(&b, "开工", "开丁", 0);
	assert_string_equal(b.s, "开[-工-]{+丁+}");
	sbuf_release(&b);
	sbuf_adds(&b, "");
	logfmt_span(&b, "", "new", 0);
	logfmt_span(&b, "aXa", "aa", 0);
	logfmt_span(&b, "same", "same", 1);
	assert_string_equal(b.s, "{+new+}a[-X-]asame");
	sbuf_release(&b);
	sbuf_adds(&b, "");
	logfmt_span(&b, "ab", "aXb", 1);
	assert_string_equal(b.s, "a\033[32mX\033[mb");
	sbuf_release(&b);

	c.task_id = 18;
	c.field = "note";
	sbuf_adds(&b, "");
	logfmt_value(&b, &c, "say \"hi\"");
	c.field = "units.lead";
	logfmt_value(&b, &c, "jmw, fgw");
	c.field = "as_of";
	logfmt_value(&b, &c, NULL);
	c.field = "indicators.工业投资";
	logfmt_value(&b, &c, NULL);
	c.field = "task";
	logfmt_value(&b, &c, NULL);
	assert_string_equal(b.s,
			    "\"say \\\"hi\\\"\"[jmw, fgw]null(none)(none)");
	sbuf_release(&b);
}

static void bad_range(void **state)
{
	struct gitfix *fix = *state;
	struct log_opts o = { 0 };
	git_oid c[5];
	char *got, *err;

	make_history(fix, c);
	o.walk.range = "nosuch";
	o.json = 1;
	gitfix_err_begin();
	got = run_log(fix, &o, -1);
	err = gitfix_err_end();
	assert_string_equal(got, "");
	assert_string_equal(err, "log: error: unknown revision 'nosuch'\n");
	free(err);
	free(got);
}

/*
 * A libgit2 call that fails, at any point of log's walk or its reads,
 * ends it with -1 and a message: the log is never shorter with exit 0.
 * Each call is failed in turn.
 */
static void git_failures(void **state)
{
	struct gitfix *fix = *state;
	struct log_opts o = { 0 };
	git_oid c[5];
	char *clean, *got, *err, *buf;
	long calls, n;
	size_t len;
	FILE *f;
	int ret;

	make_history(fix, c);
	git_calls = 0;
	clean = run_log(fix, &o, 0);
	calls = git_calls;
	assert_true(calls > 0);
	for (n = 1; n <= calls; n++) {
		struct plan_source src = { .dir = fix->dir };

		buf = NULL;
		len = 0;
		f = open_memstream(&buf, &len);
		assert_non_null(f);
		git_countdown = n;
		gitfix_err_begin();
		ret = log_run(f, &src, &o);
		err = gitfix_err_end();
		git_countdown = -1;
		fclose(f);
		source_close(&src);
		got = buf;
		if (ret == 0 && strcmp(got, clean))
			fail_msg("libgit2 call %ld of %ld failed, and log "
				 "printed another history with exit 0:\n%s",
				 n, calls, got);
		if (ret)
			assert_non_null(strstr(err, "error:"));
		free(err);
		free(got);
	}
	free(clean);
}

int main(void)
{
#define TEST(f) \
	cmocka_unit_test_setup_teardown(f, gitfix_setup, gitfix_teardown)
	const struct CMUnitTest tests[] = {
		TEST(newest_first),
		TEST(reverse_and_root),
		TEST(time_bounds),
		TEST(by_author),
		TEST(by_unit),
		TEST(by_field),
		TEST(json_objects),
		TEST(rename_remove_invalid),
		TEST(merge_first_parent),
		TEST(parsed_once),
		TEST(printer_thread),
		TEST(bad_range),
		TEST(git_failures),
		cmocka_unit_test(text_forms),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
