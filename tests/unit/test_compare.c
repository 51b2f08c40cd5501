/*
 * Unit tests of compare.c: every field class, indicators matched by name,
 * comments and formatting that are no change, renamed, added and removed
 * tasks and units, plan.yaml's fields.  Each case loads real task files
 * through the project's schema and checks the exact list of changes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "compare.h"
#include "model.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char task_base[] =
	"# yaml-language-server: $schema=../schema/task.schema.json\n"
	"id: 18\n"
	"category: 推进大项目\n"
	"content: 狠抓项目推进\n"
	"target: 完成工业投资630亿元\n"
	"units:\n"
	"  text: 市经贸委牵头\n"
	"  lead:\n"
	"    - jmw\n"
	"  cooperate: []\n"
	"  implement:\n"
	"    - counties\n"
	"indicators:\n"
	"  - name: 工业投资\n"
	"    op: \">=\"\n"
	"    target: 630\n"
	"    unit: 亿元\n"
	"    actual: null\n"
	"  - name: 重大项目\n"
	"    op: \"~\"\n"
	"    target: 20\n"
	"    unit: 只\n"
	"    actual: 3\n"
	"deadline: 2010-12-31\n"
	"status: in_progress\n"
	"progress: 35\n"
	"as_of: 2010-03-31\n"
	"note: \"\"\n";

/* the same record: comments, quoting, flow style, key and list order */
static const char task_reformatted[] =
	"# 推进大项目 (task 18)\n"
	"note: ''   # nothing to add\n"
	"progress: 35\n"
	"status: \"in_progress\"\n"
	"as_of: '2010-03-31'\n"
	"deadline: \"2010-12-31\"\n"
	"indicators:\n"
	"- {name: 重大项目, op: \"~\", target: 20.0, unit: 只, actual: 3}\n"
	"# the main one\n"
	"- name: \"工业投资\"\n"
	"  unit: 亿元\n"
	"  op: '>='\n"
	"  target: 6.3e2\n"
	"  actual: ~\n"
	"units: {text: 市经贸委牵头, lead: [jmw], cooperate: [],\n"
	"        implement: [counties]}\n"
	"target: \"完成工业投资630亿元\"\n"
	"content: >-\n"
	"  狠抓项目推进\n"
	"category: 推进大项目\n"
	"id: 18\n";

static struct schemas schemas;

static char *slurp(const char *path)
{
	char *data;
	size_t len;

	if (read_file(path, &data, &len, 1 << 20))
		fail_msg("cannot read %s (run from the top directory)", path);
	return data;
}

static int group_setup(void **state)
{
	struct fileset fs = { 0 };
	struct diag_list d = { 0 };
	const char *names[] = { "schema/plan.schema.json",
				"schema/task.schema.json",
				"schema/unit.schema.json" };
	size_t i;
	int ret;

	(void)state;
	for (i = 0; i < 3; i++) {
		char *data = slurp(names[i]);

		fileset_add(&fs, names[i], FILE_REGULAR, data, strlen(data));
	}
	fileset_sort(&fs);
	ret = schemas_load(&schemas, &fs, &d);
	diag_release(&d);
	fileset_release(&fs);
	return ret;
}

static int group_teardown(void **state)
{
	(void)state;
	schemas_release(&schemas);
	return 0;
}

/* text with the first occurrence of from replaced by to; caller frees */
static char *edit(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);

	if (!at)
		fail_msg("'%s' not in the text", from);
	return xasprintf("%.*s%s%s", (int)(at - text), text, to,
			 at + strlen(from));
}

static struct task *load_task(const char *path, const char *text)
{
	struct diag_list d = { 0 };
	struct task *t;

	if (task_load(&t, path, text, strlen(text), schemas.task, &d)) {
		diag_print_text(stderr, &d);
		fail_msg("%s does not load", path);
	}
	diag_release(&d);
	return t;
}

static struct unit *load_unit(const char *path, const char *text)
{
	struct diag_list d = { 0 };
	struct unit *u;

	if (unit_load(&u, path, text, strlen(text), schemas.unit, &d)) {
		diag_print_text(stderr, &d);
		fail_msg("%s does not load", path);
	}
	diag_release(&d);
	return u;
}

/* each change as "task|unit|field|old|new|class|old_path|new_path\n" */
static int collect(const struct change *c, void *payload)
{
	sbuf_printf(payload, "%d|%s|%s|%s|%s|%s|%s|%s\n", c->task_id,
		    c->unit_id ? c->unit_id : "-", c->field,
		    c->old_value ? c->old_value : "(null)",
		    c->new_value ? c->new_value : "(null)",
		    c->cls == CHANGE_PROGRESS ? "progress" : "plan",
		    c->old_path ? c->old_path : "-",
		    c->new_path ? c->new_path : "-");
	return 0;
}

/* the changes from task text a to task text b (NULL: absent) */
static char *task_changes(const char *pa, const char *a, const char *pb,
			  const char *b)
{
	struct task *x = a ? load_task(pa, a) : NULL;
	struct task *y = b ? load_task(pb, b) : NULL;
	struct sbuf out = { 0 };

	sbuf_adds(&out, "");
	assert_int_equal(task_compare(x, y, collect, &out), 0);
	task_free(x);
	task_free(y);
	return sbuf_take(&out);
}

static void check_task(const char *a, const char *b, const char *expected)
{
	char *got = task_changes("tasks/18.yaml", a, "tasks/18.yaml", b);

	assert_string_equal(got, expected);
	free(got);
}

static void same_record_no_change(void **state)
{
	(void)state;
	check_task(task_base, task_base, "");
	check_task(task_base, task_reformatted, "");
	check_task(task_reformatted, task_base, "");
}

static void comment_only_no_change(void **state)
{
	char *b = edit(task_base, "progress: 35\n",
		       "# 三月底进度\nprogress: 35   # 经贸委报\n");

	(void)state;
	check_task(task_base, b, "");
	free(b);
}

static void progress_fields(void **state)
{
	char *b1 = edit(task_base, "progress: 35", "progress: 50");
	char *b2 = edit(b1, "as_of: 2010-03-31", "as_of: 2010-04-30");
	char *b3 = edit(b2, "note: \"\"", "note: 已开工12只");
	char *b4 = edit(b3, "status: in_progress", "status: at_risk");

	(void)state;
	check_task(task_base, b4,
		   "18|-|status|in_progress|at_risk|progress|tasks/18.yaml|"
		   "tasks/18.yaml\n"
		   "18|-|progress|35|50|progress|tasks/18.yaml|tasks/18.yaml\n"
		   "18|-|as_of|2010-03-31|2010-04-30|progress|tasks/18.yaml|"
		   "tasks/18.yaml\n"
		   "18|-|note||已开工12只|progress|tasks/18.yaml|"
		   "tasks/18.yaml\n");
	free(b1);
	free(b2);
	free(b3);
	free(b4);
}

static void null_as_of_and_actual(void **state)
{
	char *a = edit(task_base, "as_of: 2010-03-31", "as_of: null");
	char *b = edit(task_base, "actual: null", "actual: 152.5");

	(void)state;
	check_task(a, task_base,
		   "18|-|as_of|(null)|2010-03-31|progress|tasks/18.yaml|"
		   "tasks/18.yaml\n");
	check_task(task_base, b,
		   "18|-|indicators.工业投资.actual|(null)|152.5|progress|"
		   "tasks/18.yaml|tasks/18.yaml\n");
	check_task(b, task_base,
		   "18|-|indicators.工业投资.actual|152.5|(null)|progress|"
		   "tasks/18.yaml|tasks/18.yaml\n");
	free(a);
	free(b);
}

static void plan_fields_of_task(void **state)
{
	char *b1 = edit(task_base, "category: 推进大项目",
			"category: 建设大集群");
	char *b2 = edit(b1, "content: 狠抓项目推进",
			"content: 狠抓重大项目推进");
	char *b3 = edit(b2, "text: 市经贸委牵头", "text: 市发改委牵头");
	char *b4 = edit(b3, "    - jmw\n", "    - fgw\n    - jmw\n");
	char *b5 = edit(b4, "cooperate: []", "cooperate: [cjw]");
	char *b6 = edit(b5, "implement:\n    - counties\n", "implement: []\n");
	char *b7 = edit(b6, "deadline: 2010-12-31", "deadline: 2010-06-30");
	char *b8 = edit(b7, "target: 完成工业投资630亿元",
			"target: 完成工业投资650亿元");

	(void)state;
	check_task(task_base, b8,
		   "18|-|category|推进大项目|建设大集群|plan|tasks/18.yaml|"
		   "tasks/18.yaml\n"
		   "18|-|content|狠抓项目推进|狠抓重大项目推进|plan|"
		   "tasks/18.yaml|tasks/18.yaml\n"
		   "18|-|target|完成工业投资630亿元|完成工业投资650亿元|plan|"
		   "tasks/18.yaml|tasks/18.yaml\n"
		   "18|-|units.text|市经贸委牵头|市发改委牵头|plan|"
		   "tasks/18.yaml|tasks/18.yaml\n"
		   "18|-|units.lead|jmw|fgw, jmw|plan|tasks/18.yaml|"
		   "tasks/18.yaml\n"
		   "18|-|units.cooperate||cjw|plan|tasks/18.yaml|"
		   "tasks/18.yaml\n"
		   "18|-|units.implement|counties||plan|tasks/18.yaml|"
		   "tasks/18.yaml\n"
		   "18|-|deadline|2010-12-31|2010-06-30|plan|tasks/18.yaml|"
		   "tasks/18.yaml\n");
	free(b1);
	free(b2);
	free(b3);
	free(b4);
	free(b5);
	free(b6);
	free(b7);
	free(b8);
}

static void indicator_fields(void **state)
{
	char *b1 = edit(task_base, "target: 630", "target: 650.5");
	char *b2 = edit(b1, "op: \"~\"", "op: \">=\"");
	char *b3 = edit(b2, "unit: 只", "unit: 个");

	(void)state;
	check_task(task_base, b3,
		   "18|-|indicators.工业投资.target|630|650.5|plan|"
		   "tasks/18.yaml|tasks/18.yaml\n"
		   "18|-|indicators.重大项目.op|~|>=|plan|tasks/18.yaml|"
		   "tasks/18.yaml\n"
		   "18|-|indicators.重大项目.unit|只|个|plan|tasks/18.yaml|"
		   "tasks/18.yaml\n");
	free(b1);
	free(b2);
	free(b3);
}

/*
 * Numbers are compared as their text shows them: -0 is not 0, and two
 * values that print alike (beyond 15 digits) are no change.
 */
static void numbers_as_shown(void **state)
{
	char *zero = edit(task_base, "actual: 3", "actual: 0");
	char *minus = edit(task_base, "actual: 3", "actual: -0.0");
	/* two doubles apart, printed alike */
	char *a = edit(task_base, "target: 630", "target: 0.30000000000000004");
	char *b = edit(task_base, "target: 630", "target: 0.3");

	(void)state;
	check_task(zero, minus,
		   "18|-|indicators.重大项目.actual|0|-0|progress|"
		   "tasks/18.yaml|tasks/18.yaml\n");
	check_task(a, b, "");
	free(zero);
	free(minus);
	free(a);
	free(b);
}

static void indicators_by_name(void **state)
{
	/* the two indicators swapped, and the second one's actual changed */
	static const char swapped[] =
		"indicators:\n"
		"  - name: 重大项目\n"
		"    op: \"~\"\n"
		"    target: 20\n"
		"    unit: 只\n"
		"    actual: 5\n"
		"  - name: 工业投资\n"
		"    op: \">=\"\n"
		"    target: 630\n"
		"    unit: 亿元\n"
		"    actual: null\n";
	const char *from = strstr(task_base, "indicators:\n");
	const char *to = strstr(task_base, "deadline:");
	char *b = xasprintf("%.*s%s%s", (int)(from - task_base), task_base,
			    swapped, to);

	(void)state;
	check_task(task_base, b,
		   "18|-|indicators.重大项目.actual|3|5|progress|"
		   "tasks/18.yaml|tasks/18.yaml\n");
	free(b);
}

static void indicator_added_removed(void **state)
{
	char *renamed = edit(task_base, "name: 重大项目",
			     "name: 10亿元以上项目");
	char *b;

	(void)state;
	check_task(task_base, renamed,
		   "18|-|indicators.重大项目|~ 20 只|(null)|plan|"
		   "tasks/18.yaml|tasks/18.yaml\n"
		   "18|-|indicators.10亿元以上项目|(null)|~ 20 只|plan|"
		   "tasks/18.yaml|tasks/18.yaml\n");
	/* all indicators dropped: cut the list out of the text */
	b = xasprintf("%.*sindicators: []\n%s",
		      (int)(strstr(task_base, "indicators:") - task_base),
		      task_base, strstr(task_base, "deadline:"));
	check_task(task_base, b,
		   "18|-|indicators.工业投资|>= 630 亿元|(null)|plan|"
		   "tasks/18.yaml|tasks/18.yaml\n"
		   "18|-|indicators.重大项目|~ 20 只|(null)|plan|"
		   "tasks/18.yaml|tasks/18.yaml\n");
	check_task(b, task_base,
		   "18|-|indicators.工业投资|(null)|>= 630 亿元|plan|"
		   "tasks/18.yaml|tasks/18.yaml\n"
		   "18|-|indicators.重大项目|(null)|~ 20 只|plan|"
		   "tasks/18.yaml|tasks/18.yaml\n");
	free(renamed);
	free(b);
}

static void task_renamed(void **state)
{
	char *b = edit(task_base, "progress: 35", "progress: 40");
	char *got = task_changes("tasks/18.yaml", task_base, "tasks/018.yaml",
				 b);

	(void)state;
	assert_string_equal(got,
		"18|-|task|tasks/18.yaml|tasks/018.yaml|plan|tasks/18.yaml|"
		"tasks/018.yaml\n"
		"18|-|progress|35|40|progress|tasks/18.yaml|tasks/018.yaml\n");
	free(got);
	free(b);
}

static void task_added_removed(void **state)
{
	char *got;

	(void)state;
	got = task_changes(NULL, NULL, "tasks/18.yaml", task_base);
	assert_string_equal(got, "18|-|task|(null)|tasks/18.yaml|plan|-|"
			    "tasks/18.yaml\n");
	free(got);
	got = task_changes("tasks/18.yaml", task_base, NULL, NULL);
	assert_string_equal(got, "18|-|task|tasks/18.yaml|(null)|plan|"
			    "tasks/18.yaml|-\n");
	free(got);
	got = task_changes(NULL, NULL, NULL, NULL);
	assert_string_equal(got, "");
	free(got);
}

static int stop_at_second(const struct change *c, void *payload)
{
	int *n = payload;

	(void)c;
	return ++*n == 2 ? 7 : 0;
}

static void callback_stops(void **state)
{
	char *b1 = edit(task_base, "progress: 35", "progress: 50");
	char *b2 = edit(b1, "note: \"\"", "note: x");
	struct task *x = load_task("tasks/18.yaml", task_base);
	struct task *y = load_task("tasks/18.yaml", b2);
	int n = 0;

	(void)state;
	assert_int_equal(task_compare(x, y, stop_at_second, &n), 7);
	assert_int_equal(n, 2);
	task_free(x);
	task_free(y);
	free(b1);
	free(b2);
}

static void units_compared(void **state)
{
	static const char a[] =
		"id: jmw\nname: 市经贸委\naliases:\n  - 经贸委\n"
		"kind: department\n";
	static const char b[] =
		"# 经济和信息化委员会\nid: jmw\nname: 市经信委\n"
		"aliases: [经贸委, 经信委]\nkind: office\n"
		"committers: ['*@jmw.sx.gov.cn']\nadmin: true\n";
	struct unit *x = load_unit("units/jmw.yaml", a);
	struct unit *y = load_unit("units/jmw.yaml", b);
	struct sbuf out = { 0 };

	(void)state;
	sbuf_adds(&out, "");
	assert_int_equal(unit_compare(x, y, collect, &out), 0);
	assert_int_equal(unit_compare(x, x, collect, &out), 0);
	assert_int_equal(unit_compare(NULL, y, collect, &out), 0);
	assert_int_equal(unit_compare(x, NULL, collect, &out), 0);
	assert_string_equal(out.s,
		"0|jmw|unit.jmw.name|市经贸委|市经信委|plan|units/jmw.yaml|"
		"units/jmw.yaml\n"
		"0|jmw|unit.jmw.aliases|经贸委|经贸委, 经信委|plan|"
		"units/jmw.yaml|units/jmw.yaml\n"
		"0|jmw|unit.jmw.kind|department|office|plan|units/jmw.yaml|"
		"units/jmw.yaml\n"
		"0|jmw|unit.jmw.committers||*@jmw.sx.gov.cn|plan|"
		"units/jmw.yaml|units/jmw.yaml\n"
		"0|jmw|unit.jmw.admin|false|true|plan|units/jmw.yaml|"
		"units/jmw.yaml\n"
		"0|jmw|unit.jmw|(null)|units/jmw.yaml|plan|-|units/jmw.yaml\n"
		"0|jmw|unit.jmw|units/jmw.yaml|(null)|plan|units/jmw.yaml|-\n");
	sbuf_release(&out);
	unit_free(x);
	unit_free(y);
}

/* a plan from (path, text) pairs ended by NULL, with the real schemas */
static struct plan *load_plan(const char *path, ...)
{
	struct fileset fs = { 0 };
	struct diag_list d = { 0 };
	struct plan *p;
	va_list ap;

	va_start(ap, path);
	for (; path; path = va_arg(ap, const char *)) {
		const char *text = va_arg(ap, const char *);

		fileset_add(&fs, path, FILE_REGULAR, xstrdup(text),
			    strlen(text));
	}
	va_end(ap);
	fileset_sort(&fs);
	assert_int_equal(plan_load(&p, &fs, &schemas, NULL, &d), 0);
	diag_release(&d);
	fileset_release(&fs);
	return p;
}

static void plans_compared(void **state)
{
	static const char plan1[] =
		"title: 工作任务\nyear: 2010\ncategories:\n  - 推进大项目\n";
	static const char plan2[] =
		"title: 工作任务(修订)\nyear: 2010\ncategories:\n"
		"  - 推进大项目\n  - 建设大集群\nfounding: 0aee5bff\n";
	static const char jmw[] = "id: jmw\nname: 市经贸委\nkind: department\n";
	static const char fgw[] = "id: fgw\nname: 市发改委\nkind: department\n";
	char *t7 = edit(task_base, "id: 18", "id: 7");
	char *t18 = edit(task_base, "progress: 35", "progress: 60");
	char *t20 = edit(task_base, "id: 18", "id: 20");
	struct plan *a = load_plan("plan.yaml", plan1, "tasks/07.yaml", t7,
				   "tasks/18.yaml", task_base,
				   "units/jmw.yaml", jmw, NULL);
	struct plan *b = load_plan("plan.yaml", plan2, "tasks/018.yaml", t18,
				   "tasks/20.yaml", t20, "units/fgw.yaml", fgw,
				   "units/jmw.yaml", jmw, NULL);
	struct sbuf out = { 0 };

	(void)state;
	sbuf_adds(&out, "");
	assert_int_equal(plan_compare(a, a, collect, &out), 0);
	assert_string_equal(out.s, "");
	assert_int_equal(plan_compare(a, b, collect, &out), 0);
	assert_string_equal(out.s,
		"0|-|plan.title|工作任务|工作任务(修订)|plan|plan.yaml|"
		"plan.yaml\n"
		"0|-|plan.categories|推进大项目|推进大项目, 建设大集群|plan|"
		"plan.yaml|plan.yaml\n"
		"0|-|plan.founding|(null)|0aee5bff|plan|plan.yaml|plan.yaml\n"
		"7|-|task|tasks/07.yaml|(null)|plan|tasks/07.yaml|-\n"
		"18|-|task|tasks/18.yaml|tasks/018.yaml|plan|tasks/18.yaml|"
		"tasks/018.yaml\n"
		"18|-|progress|35|60|progress|tasks/18.yaml|tasks/018.yaml\n"
		"20|-|task|(null)|tasks/20.yaml|plan|-|tasks/20.yaml\n"
		"0|fgw|unit.fgw|(null)|units/fgw.yaml|plan|-|units/fgw.yaml\n");
	plan_free(a);
	plan_free(b);
	sbuf_release(&out);
	free(t7);
	free(t18);
	free(t20);
}

static void plan_file_missing(void **state)
{
	static const char plan1[] =
		"title: 工作任务\nyear: 2010\ncategories:\n  - 推进大项目\n";
	struct plan *a = load_plan("tasks/18.yaml", task_base, NULL);
	struct plan *b = load_plan("plan.yaml", plan1, "tasks/18.yaml",
				   task_base, NULL);
	struct sbuf out = { 0 };

	(void)state;
	sbuf_adds(&out, "");
	assert_int_equal(plan_compare(a, b, collect, &out), 0);
	assert_string_equal(out.s,
		"0|-|plan.title|(null)|工作任务|plan|-|plan.yaml\n"
		"0|-|plan.year|(null)|2010|plan|-|plan.yaml\n"
		"0|-|plan.categories|(null)|推进大项目|plan|-|plan.yaml\n");
	plan_free(a);
	plan_free(b);
	sbuf_release(&out);
}

static void duplicate_ids_by_path(void **state)
{
	char *dup = edit(task_base, "progress: 35", "progress: 36");
	struct plan *a = load_plan("tasks/18.yaml", task_base,
				   "tasks/018.yaml", dup, NULL);
	struct plan *b = load_plan("tasks/18.yaml", dup, NULL);
	struct sbuf out = { 0 };

	(void)state;
	sbuf_adds(&out, "");
	assert_int_equal(plan_compare(a, b, collect, &out), 0);
	/* the plan's order within one id decides it: always this one */
	assert_string_equal(out.s,
		"18|-|progress|35|36|progress|tasks/18.yaml|tasks/18.yaml\n"
		"18|-|task|tasks/018.yaml|(null)|plan|tasks/018.yaml|-\n");
	sbuf_release(&out);
	/* the same two files on both sides: no change at all */
	sbuf_adds(&out, "");
	assert_int_equal(plan_compare(a, a, collect, &out), 0);
	assert_string_equal(out.s, "");
	sbuf_release(&out);
	/* the other file kept: the canonical one is removed */
	plan_free(b);
	b = load_plan("tasks/018.yaml", dup, NULL);
	sbuf_adds(&out, "");
	assert_int_equal(plan_compare(a, b, collect, &out), 0);
	assert_string_equal(out.s,
		"18|-|task|tasks/18.yaml|(null)|plan|tasks/18.yaml|-\n");
	plan_free(a);
	plan_free(b);
	sbuf_release(&out);
	free(dup);
}

static void described(void **state)
{
	struct task *x = load_task("tasks/18.yaml", task_base);
	struct task *y = load_task("tasks/18.yaml", task_reformatted);
	struct unit *u = load_unit("units/jmw.yaml", "id: jmw\nname: 市经贸委\n"
				   "kind: department\n");
	struct sbuf a = { 0 }, b = { 0 };

	(void)state;
	assert_int_equal(task_describe(x, collect, &a), 0);
	assert_int_equal(task_describe(y, collect, &b), 0);
	/* the reformatted file, indicators in the other order, is the same */
	assert_string_equal(a.s, b.s);
	assert_string_equal(a.s,
		"18|-|id|(null)|18|plan|-|tasks/18.yaml\n"
		"18|-|category|(null)|推进大项目|plan|-|tasks/18.yaml\n"
		"18|-|content|(null)|狠抓项目推进|plan|-|tasks/18.yaml\n"
		"18|-|target|(null)|完成工业投资630亿元|plan|-|tasks/18.yaml\n"
		"18|-|units.text|(null)|市经贸委牵头|plan|-|tasks/18.yaml\n"
		"18|-|units.lead|(null)|jmw|plan|-|tasks/18.yaml\n"
		"18|-|units.cooperate|(null)||plan|-|tasks/18.yaml\n"
		"18|-|units.implement|(null)|counties|plan|-|tasks/18.yaml\n"
		"18|-|indicators.工业投资.target|(null)|630|plan|-|"
		"tasks/18.yaml\n"
		"18|-|indicators.工业投资.op|(null)|>=|plan|-|tasks/18.yaml\n"
		"18|-|indicators.工业投资.unit|(null)|亿元|plan|-|"
		"tasks/18.yaml\n"
		"18|-|indicators.工业投资.actual|(null)|(null)|progress|-|"
		"tasks/18.yaml\n"
		"18|-|indicators.重大项目.target|(null)|20|plan|-|"
		"tasks/18.yaml\n"
		"18|-|indicators.重大项目.op|(null)|~|plan|-|tasks/18.yaml\n"
		"18|-|indicators.重大项目.unit|(null)|只|plan|-|tasks/18.yaml\n"
		"18|-|indicators.重大项目.actual|(null)|3|progress|-|"
		"tasks/18.yaml\n"
		"18|-|deadline|(null)|2010-12-31|plan|-|tasks/18.yaml\n"
		"18|-|status|(null)|in_progress|progress|-|tasks/18.yaml\n"
		"18|-|progress|(null)|35|progress|-|tasks/18.yaml\n"
		"18|-|as_of|(null)|2010-03-31|progress|-|tasks/18.yaml\n"
		"18|-|note|(null)||progress|-|tasks/18.yaml\n");
	sbuf_release(&a);
	assert_int_equal(unit_describe(u, collect, &a), 0);
	assert_string_equal(a.s,
		"0|jmw|unit.jmw.name|(null)|市经贸委|plan|-|units/jmw.yaml\n"
		"0|jmw|unit.jmw.aliases|(null)||plan|-|units/jmw.yaml\n"
		"0|jmw|unit.jmw.kind|(null)|department|plan|-|units/jmw.yaml\n"
		"0|jmw|unit.jmw.members|(null)||plan|-|units/jmw.yaml\n"
		"0|jmw|unit.jmw.committers|(null)||plan|-|units/jmw.yaml\n"
		"0|jmw|unit.jmw.admin|(null)|false|plan|-|units/jmw.yaml\n");
	sbuf_release(&a);
	sbuf_release(&b);
	task_free(x);
	task_free(y);
	unit_free(u);
}

static void text_forms(void **state)
{
	struct strlist l = { 0 };
	char *s;

	(void)state;
	s = compare_number(8.4);
	assert_string_equal(s, "8.4");
	free(s);
	s = compare_number(1234567.25);
	assert_string_equal(s, "1234567.25");
	free(s);
	s = compare_number(-3);
	assert_string_equal(s, "-3");
	free(s);
	s = compare_list(&l);
	assert_string_equal(s, "");
	free(s);
	strlist_add(&l, "a");
	strlist_add(&l, "b");
	s = compare_list(&l);
	assert_string_equal(s, "a, b");
	free(s);
	strlist_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_record_no_change),
		cmocka_unit_test(comment_only_no_change),
		cmocka_unit_test(progress_fields),
		cmocka_unit_test(null_as_of_and_actual),
		cmocka_unit_test(plan_fields_of_task),
		cmocka_unit_test(indicator_fields),
		cmocka_unit_test(numbers_as_shown),
		cmocka_unit_test(indicators_by_name),
		cmocka_unit_test(indicator_added_removed),
		cmocka_unit_test(task_renamed),
		cmocka_unit_test(task_added_removed),
		cmocka_unit_test(callback_stops),
		cmocka_unit_test(units_compared),
		cmocka_unit_test(plans_compared),
		cmocka_unit_test(plan_file_missing),
		cmocka_unit_test(duplicate_ids_by_path),
		cmocka_unit_test(described),
		cmocka_unit_test(text_forms),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
