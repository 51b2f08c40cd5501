/*
 * Unit tests of report.c, render*.c and wcwidth.c: every number of every
 * section on a small plan with progress set, the rules at their
 * boundaries (overdue, stale, indicator shares for each op), the last
 * updates found in histories built with gitfix.h, and what each format
 * must guarantee (CSV quoting, CJK alignment, HTML ids, JSON numbers).
 * The plan is loaded by the real loader with the repository's schemas, so
 * the tests run from the top directory (as tests/run.sh does).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "date.h"
#include "gitfix.h"
#include "i18n.h"
#include "render.h"
#include "repo.h"
#include "report.h"
#include "wcwidth.h"
#include "xalloc.h"

#include <math.h>

#define T0 1262304000		/* 2010-01-01 00:00 UTC */
#define DAY 86400
#define TODAY "2010-07-15"	/* day 195 of 2010 */

static const char plan_yaml[] =
	"title: 测试计划\n"
	"year: 2010\n"
	"categories:\n"
	"  - 发展新产业\n"
	"  - 推进大项目\n"
	"  - 完善工作推进机制\n";

static const char *const unit_files[] = {
	"units/jmw.yaml", "id: jmw\nname: 市经贸委\nkind: department\n",
	"units/fgw.yaml", "id: fgw\nname: 市发改委\nkind: department\n",
	"units/kjj.yaml", "id: kjj\nname: 市科技局\nkind: department\n",
	"units/counties.yaml", "id: counties\nname: 各县(市、区)\nkind: group\n"
		"members:\n  - sxx\n  - zjs\n",
	"units/sxx.yaml", "id: sxx\nname: 绍兴县\nkind: county\n",
	"units/zjs.yaml", "id: zjs\nname: 诸暨市\nkind: county\n",
	NULL
};

/* done, one indicator above its target */
static const char task1[] =
	"id: 1\n"
	"category: 发展新产业\n"
	"content: 编制规划,整合政策资源\n"
	"target: 完成工业投资630亿元\n"
	"units:\n"
	"  text: 市经贸委牵头,各县(市、区)负责实施\n"
	"  lead:\n    - jmw\n"
	"  cooperate: []\n"
	"  implement:\n    - counties\n"
	"indicators:\n"
	"  - name: 工业投资\n    op: \">=\"\n    target: 630\n    unit: 亿元\n"
	"    actual: 700\n"
	"deadline: 2010-12-31\n"
	"status: done\n"
	"progress: 100\n"
	"as_of: 2010-07-01\n"
	"note: \"\"\n";

/* at risk, a ceiling exceeded, an exact target half reached; a note that
 * CSV must quote */
static const char task2[] =
	"id: 2\n"
	"category: 发展新产业\n"
	"content: 推进项目\n"
	"target: 能耗不超过5吨,组织2次对接活动\n"
	"units:\n"
	"  text: 市经贸委牵头,市发改委配合\n"
	"  lead:\n    - jmw\n"
	"  cooperate:\n    - fgw\n"
	"  implement: []\n"
	"indicators:\n"
	"  - name: 能耗\n    op: \"<=\"\n    target: 5\n    unit: 吨\n"
	"    actual: 6\n"
	"  - name: 对接活动\n    op: \"=\"\n    target: 2\n    unit: 次\n"
	"    actual: 1\n"
	"deadline: 2010-12-31\n"
	"status: at_risk\n"
	"progress: 20\n"
	"as_of: 2010-06-01\n"
	"note: \"资金缺口, \\\"暂缓\\\"\\n待协调\"\n";

/* overdue: deadline passed, not done */
static const char task3[] =
	"id: 3\n"
	"category: 推进大项目\n"
	"content: 启动建设\n"
	"target: 重大项目20只左右\n"
	"units:\n"
	"  text: 市发改委牵头\n"
	"  lead:\n    - fgw\n"
	"  cooperate: []\n"
	"  implement: []\n"
	"indicators:\n"
	"  - name: 重大项目\n    op: \"~\"\n    target: 20\n    unit: 只\n"
	"    actual: 19\n"
	"deadline: 2010-06-30\n"
	"status: in_progress\n"
	"progress: 60\n"
	"as_of: null\n"
	"note: \"\"\n";

/* not started, two leads, no data yet */
static const char task4[] =
	"id: 4\n"
	"category: 推进大项目\n"
	"content: 培育创新型企业\n"
	"target: 企业技术中心10家以上\n"
	"units:\n"
	"  text: 市科技局、经贸委分别牵头\n"
	"  lead:\n    - kjj\n    - jmw\n"
	"  cooperate: []\n"
	"  implement: []\n"
	"indicators:\n"
	"  - name: 企业技术中心\n    op: \">=\"\n    target: 10\n    unit: 家\n"
	"    actual: null\n"
	"deadline: 2010-12-31\n"
	"status: not_started\n"
	"progress: 0\n"
	"as_of: null\n"
	"note: \"\"\n";

/* ahead of time: 80% at 53% of the year */
static const char task5[] =
	"id: 5\n"
	"category: 发展新产业\n"
	"content: 推进A|B试点,建设平台\n"
	"target: 全面推进\n"
	"units:\n"
	"  text: 市发改委牵头\n"
	"  lead:\n    - fgw\n"
	"  cooperate: []\n"
	"  implement: []\n"
	"indicators: []\n"
	"deadline: 2010-12-31\n"
	"status: in_progress\n"
	"progress: 80\n"
	"as_of: null\n"
	"note: \"<b>&</b>\"\n";

static const char *const task_files[] = {
	"tasks/01.yaml", task1, "tasks/02.yaml", task2,
	"tasks/03.yaml", task3, "tasks/04.yaml", task4,
	"tasks/05.yaml", task5, NULL
};

struct fix {
	struct fileset fs;
	struct schemas s;
	struct plan *plan;
	struct report *r;
	struct report_updates u;
};

static void add_file(struct fileset *fs, const char *path, const char *text)
{
	fileset_add(fs, path, FILE_REGULAR, xstrdup(text), strlen(text));
}

static void add_schema(struct fileset *fs, const char *path)
{
	char *data;
	size_t len;

	if (read_file(path, &data, &len, YDOC_MAX_SIZE))
		fail_msg("cannot read %s (run from the top directory)", path);
	fileset_add(fs, path, FILE_REGULAR, data, len);
}

static int fix_setup(void **state)
{
	struct fix *f = xcalloc(1, sizeof(*f));
	struct diag_list d = { 0 };
	size_t i;

	add_schema(&f->fs, "schema/plan.schema.json");
	add_schema(&f->fs, "schema/task.schema.json");
	add_schema(&f->fs, "schema/unit.schema.json");
	add_file(&f->fs, "plan.yaml", plan_yaml);
	for (i = 0; unit_files[i]; i += 2)
		add_file(&f->fs, unit_files[i], unit_files[i + 1]);
	for (i = 0; task_files[i]; i += 2)
		add_file(&f->fs, task_files[i], task_files[i + 1]);
	fileset_sort(&f->fs);
	assert_int_equal(schemas_load(&f->s, &f->fs, &d), 0);
	assert_int_equal(plan_load(&f->plan, &f->fs, &f->s, NULL, &d), 0);
	if (d.errors) {
		diag_print_text(stderr, &d);
		fail_msg("the test plan has %zu errors", d.errors);
	}
	diag_release(&d);
	/* last updates as a history would give them (+08:00) */
	report_updates_add(&f->u, 1, 0, "c1", "李雷", "li@jmw", T0 + 181 * DAY,
			   480);
	report_updates_add(&f->u, 2, 0, "c2", "韩梅梅", "han@jmw",
			   T0 + 151 * DAY, 480);
	report_updates_add(&f->u, 3, 0, "c3", "王芳", "wang@fgw",
			   T0 + 190 * DAY, 480);
	report_updates_add(&f->u, 4, 1, "c0", "办公室", "office", T0 + 4 * DAY,
			   480);
	report_updates_add(&f->u, 5, 0, "c5", "王芳", "wang@fgw",
			   T0 + 194 * DAY, 480);
	*state = f;
	return 0;
}

static int fix_teardown(void **state)
{
	struct fix *f = *state;

	report_free(f->r);
	report_updates_release(&f->u);
	plan_free(f->plan);
	schemas_release(&f->s);
	fileset_release(&f->fs);
	free(f);
	return 0;
}

static struct report *build(struct fix *f, enum report_by by, int history)
{
	report_free(f->r);
	f->r = NULL;
	assert_int_equal(report_build(&f->r, f->plan, TODAY, by,
				      history ? &f->u : NULL,
				      REPORT_NO_REPO), 0);
	return f->r;
}

static void assert_near(double a, double b)
{
	if (fabs(a - b) > 1e-6)
		fail_msg("%.9g is not %.9g", a, b);
}

static void assert_group(const struct report_group *g, size_t tasks,
			 size_t done, size_t at_risk, size_t overdue,
			 size_t behind, double mean)
{
	assert_int_equal(g->tasks, tasks);
	assert_int_equal(g->done, done);
	assert_int_equal(g->at_risk, at_risk);
	assert_int_equal(g->overdue, overdue);
	assert_int_equal(g->behind, behind);
	assert_near(g->mean_progress, mean);
	assert_int_equal(g->n_members, tasks);
}

/* --- dates and rules ----------------------------------------------------- */

static void test_days(void **state)
{
	struct report_updates u = { 0 };
	int y0, m0, d0;

	(void)state;
	assert_int_equal(date_days("1970-01-01"), 0);
	assert_int_equal(date_days("2010-01-01"), 14610);
	assert_int_equal(date_days("2012-03-01") - date_days("2012-02-28"),
			 2);
	assert_int_equal(date_days("2010-07-15") - date_days("2010-01-01"),
			 195);
	/* every day from 1600 to 2400 there and back, as written */
	{
		int64_t d, y;
		int m, dd, py, pm, pd;
		char buf[16];

		for (d = date_to_days(1600, 1, 1);
		     d < date_to_days(2400, 12, 31); d += 1) {
			date_from_days(d, &y, &m, &dd);
			snprintf(buf, sizeof(buf), "%04d-%02d-%02d", (int)y, m,
				 dd);
			assert_int_equal(date_parse(buf, &py, &pm, &pd), 0);
			assert_int_equal(date_days(buf), d);
		}
	}
	assert_int_equal(date_parse("2010-02-29", &y0, &m0, &d0), 2);
	assert_int_equal(date_parse("2012-02-29", &y0, &m0, &d0), 0);
	assert_int_equal(date_parse("2010-2-28", &y0, &m0, &d0), 1);
	assert_false(date_valid(NULL));
	assert_false(date_valid("1900-02-29"));
	assert_true(date_valid("2000-02-29"));
	/* the date of an update is the author's: 20:00 UTC is the next day
	 * at +08:00 and the same day at -05:00 */
	report_updates_add(&u, 7, 0, "x", "a", "e", T0 + 120 * DAY - 4 * 3600,
			   480);
	report_updates_add(&u, 3, 0, "y", "a", "e", T0 + 120 * DAY - 4 * 3600,
			   -300);
	assert_string_equal(report_updates_find(&u, 7)->date, "2010-05-01");
	assert_string_equal(report_updates_find(&u, 3)->date, "2010-04-30");
	assert_int_equal(u.v[0].task_id, 3);
	assert_null(report_updates_find(&u, 5));
	report_updates_release(&u);
	assert_int_equal(report_title_len("编制规划,整合"), strlen("编制规划"));
	assert_int_equal(report_title_len("推进(一)。其余"),
			 strlen("推进(一)"));
	assert_int_equal(report_title_len("no break"), 8);
}

static void test_bad_today(void **state)
{
	struct fix *f = *state;
	struct report *r = NULL;

	assert_int_equal(report_build(&r, f->plan, "2010-02-30",
				      REPORT_BY_DEFAULT, NULL, NULL), -1);
	assert_null(r);
	assert_int_equal(report_build(&r, f->plan, "2010-7-1",
				      REPORT_BY_DEFAULT, NULL, NULL), -1);
}

struct share_case {
	enum indicator_op op;
	double target, actual;
	int has_actual;
	double expected;
	int ret;
	double share;
	enum ind_state state;
};

static void test_indicator_shares(void **state)
{
	static const struct share_case cases[] = {
		/* at least: actual / target */
		{ OP_GE, 630, 700, 1, .5, 0, 700.0 / 630, IND_MET },
		{ OP_GE, 100, 100, 1, .5, 0, 1, IND_MET },
		{ OP_GE, 100, 60, 1, .5, 0, .6, IND_ON_TRACK },
		{ OP_GE, 100, 50, 1, .5, 0, .5, IND_ON_TRACK },
		{ OP_GE, 100, 40, 1, .5, 0, .4, IND_BEHIND },
		{ OP_GE, 100, 99, 1, 1, 0, .99, IND_BEHIND },
		{ OP_GE, 0, 0, 1, .5, 0, 1, IND_MET },
		{ OP_GE, 10, 0, 0, .5, -1, 0, IND_NO_DATA },
		/* at most: met while within; above, target / actual */
		{ OP_LE, 5, 4, 1, .5, 0, 1, IND_MET },
		{ OP_LE, 5, 5, 1, 1, 0, 1, IND_MET },
		{ OP_LE, 5, 6, 1, .5, 0, 5.0 / 6, IND_OVER },
		{ OP_LE, 0, 2, 1, .5, -1, 0, IND_OVER },
		{ OP_LE, -1, 0, 1, .5, -1, 0, IND_OVER },
		{ OP_LE, 0, 0, 1, .5, 0, 1, IND_MET },
		/* exactly */
		{ OP_EQ, 2, 2, 1, .5, 0, 1, IND_MET },
		{ OP_EQ, 2, 1, 1, .4, 0, .5, IND_ON_TRACK },
		{ OP_EQ, 2, 1, 1, .6, 0, .5, IND_BEHIND },
		{ OP_EQ, 2, 3, 1, .5, 0, 1.5, IND_OVER },
		{ OP_EQ, 0, 1, 1, .5, -1, 0, IND_OVER },
		/* about: within 10% either side */
		{ OP_ABOUT, 20, 18, 1, .5, 0, .9, IND_MET },
		{ OP_ABOUT, 20, 22, 1, .5, 0, 1.1, IND_MET },
		{ OP_ABOUT, 20, 23, 1, .5, 0, 1.15, IND_OVER },
		{ OP_ABOUT, 20, 10, 1, .5, 0, .5, IND_ON_TRACK },
		{ OP_ABOUT, 20, 17, 1, .9, 0, .85, IND_BEHIND },
		{ OP_ABOUT, 1000, 1000, 1, 0, 0, 1, IND_MET },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct share_case *c = &cases[i];
		struct indicator in = { 0 };
		enum ind_state st = IND_STATE_COUNT;
		double share = -7;
		int ret;

		in.op = c->op;
		in.target = c->target;
		in.actual = c->actual;
		in.has_actual = c->has_actual;
		ret = report_indicator_share(&share, &st, &in, c->expected);
		if (ret != c->ret || st != c->state ||
		    (ret == 0 && fabs(share - c->share) > 1e-9))
			fail_msg("case %zu (%s %g, actual %g): got %d %s %g",
				 i, op_name(c->op), c->target, c->actual, ret,
				 ind_state_name(st), share);
	}
}

/* --- the sections -------------------------------------------------------- */

static void test_totals(void **state)
{
	struct fix *f = *state;
	struct report *r = build(f, REPORT_BY_DEFAULT, 1);
	const struct report_group *g = &r->total;

	assert_string_equal(r->today, TODAY);
	assert_near(r->year_elapsed, 195.0 / 365);
	assert_int_equal(r->n_tasks, 5);
	assert_group(g, 5, 1, 1, 1, 3, (100 + 20 + 60 + 0 + 80) / 5.0);
	assert_int_equal(g->status[STATUS_NOT_STARTED], 1);
	assert_int_equal(g->status[STATUS_IN_PROGRESS], 2);
	assert_int_equal(g->status[STATUS_AT_RISK], 1);
	assert_int_equal(g->status[STATUS_DONE], 1);
	assert_int_equal(g->stale, 2);
	/* the expected progress of a year-long task: 195 of 364 days */
	assert_near(r->tasks[0].expected, 195.0 / 364);
	assert_int_equal(r->tasks[0].expected_pct, 53);
	assert_near(r->tasks[2].expected, 1);
	assert_int_equal(r->tasks[2].days_left, -15);
	assert_int_equal(r->tasks[4].behind, 0);
	assert_int_equal(r->tasks[3].behind, 1);
	assert_int_equal(r->tasks[0].behind, 0);
}

static void test_categories(void **state)
{
	struct fix *f = *state;
	struct report *r = build(f, REPORT_BY_DEFAULT, 1);

	assert_int_equal(r->n_categories, 3);
	assert_string_equal(r->categories[0].name, "发展新产业");
	assert_int_equal(r->categories[0].index, 1);
	assert_group(&r->categories[0], 3, 1, 1, 0, 1, 200 / 3.0);
	assert_group(&r->categories[1], 2, 0, 0, 1, 2, 30);
	assert_group(&r->categories[2], 0, 0, 0, 0, 0, 0);
	assert_int_equal(r->categories[1].members[0], 2);
	assert_int_equal(r->categories[1].members[1], 3);
	assert_int_equal(r->categories[2].index, 3);
}

static void test_lead_units(void **state)
{
	struct fix *f = *state;
	struct report *r = build(f, REPORT_BY_DEFAULT, 1);

	/* jmw leads 1, 2, 4 (two behind); fgw 3, 5 (one overdue); kjj 4 */
	assert_int_equal(r->unit_roles, 0);
	assert_int_equal(r->n_units, 3);
	assert_string_equal(r->units[0].key, "jmw");
	assert_string_equal(r->units[0].name, "市经贸委");
	assert_group(&r->units[0], 3, 1, 1, 0, 2, 40);
	assert_int_equal(r->units[0].roles[ROLE_LEAD], 3);
	assert_int_equal(r->units[0].roles[ROLE_COOPERATE], 0);
	assert_string_equal(r->units[1].key, "fgw");
	assert_group(&r->units[1], 2, 0, 0, 1, 1, 70);
	assert_string_equal(r->units[2].key, "kjj");
	assert_group(&r->units[2], 1, 0, 0, 0, 1, 0);
}

static void test_all_roles(void **state)
{
	struct fix *f = *state;
	struct report *r = build(f, REPORT_BY_UNIT, 1);

	/* fgw also cooperates on 2: two behind and one overdue, first;
	 * the counties implement 1 through their group */
	assert_int_equal(r->unit_roles, 1);
	assert_int_equal(r->n_units, 5);
	assert_string_equal(r->units[0].key, "fgw");
	assert_group(&r->units[0], 3, 0, 1, 1, 2, (20 + 60 + 80) / 3.0);
	assert_int_equal(r->units[0].roles[ROLE_LEAD], 2);
	assert_int_equal(r->units[0].roles[ROLE_COOPERATE], 1);
	assert_string_equal(r->units[1].key, "jmw");
	assert_string_equal(r->units[2].key, "kjj");
	assert_string_equal(r->units[3].key, "sxx");
	assert_group(&r->units[3], 1, 1, 0, 0, 0, 100);
	assert_int_equal(r->units[3].roles[ROLE_IMPLEMENT], 1);
	assert_int_equal(r->units[3].roles[ROLE_LEAD], 0);
	assert_string_equal(r->units[4].key, "zjs");
}

static void test_statuses(void **state)
{
	struct fix *f = *state;
	struct report *r = build(f, REPORT_BY_STATUS, 1);

	assert_string_equal(r->statuses[STATUS_IN_PROGRESS].key,
			    "in_progress");
	assert_group(&r->statuses[STATUS_IN_PROGRESS], 2, 0, 0, 1, 1, 70);
	assert_group(&r->statuses[STATUS_DONE], 1, 1, 0, 0, 0, 100);
	assert_group(&r->statuses[STATUS_NOT_STARTED], 1, 0, 0, 0, 1, 0);
	assert_group(&r->statuses[STATUS_AT_RISK], 1, 0, 1, 0, 1, 20);
}

static void test_indicators(void **state)
{
	struct fix *f = *state;
	struct report *r = build(f, REPORT_BY_DEFAULT, 1);
	const struct report_indicator *in = r->indicators;

	assert_int_equal(r->n_indicators, 5);
	assert_string_equal(in[0].ind->name, "工业投资");
	assert_int_equal(in[0].state, IND_MET);
	assert_near(in[0].share, 700.0 / 630);
	assert_int_equal(in[1].state, IND_OVER);
	assert_near(in[1].share, 5.0 / 6);
	/* half of an exact target at 53% of the time: behind */
	assert_int_equal(in[2].state, IND_BEHIND);
	assert_near(in[2].share, .5);
	assert_int_equal(in[3].state, IND_MET);
	assert_int_equal(in[3].task, 2);
	assert_int_equal(in[4].state, IND_NO_DATA);
	assert_int_equal(in[4].has_share, 0);
	assert_int_equal(r->ind_states[IND_MET], 2);
	assert_int_equal(r->ind_states[IND_OVER], 1);
	assert_int_equal(r->ind_states[IND_BEHIND], 1);
	assert_int_equal(r->ind_states[IND_NO_DATA], 1);
}

static void test_attention(void **state)
{
	struct fix *f = *state;
	struct report *r = build(f, REPORT_BY_DEFAULT, 1);

	/* 3 overdue; 2 at risk and 44 days without update; 4 never updated
	 * since it was added; 1 is done, so never stale */
	assert_int_equal(r->has_history, 1);
	assert_int_equal(r->n_attention, 3);
	assert_int_equal(r->tasks[r->attention[0]].task->id, 3);
	assert_int_equal(r->tasks[r->attention[0]].attention, ATT_OVERDUE);
	assert_int_equal(r->tasks[r->attention[1]].task->id, 2);
	assert_int_equal(r->tasks[r->attention[1]].attention,
			 ATT_AT_RISK | ATT_STALE);
	assert_int_equal(r->tasks[r->attention[1]].days_since_update, 44);
	assert_int_equal(r->tasks[r->attention[2]].task->id, 4);
	assert_int_equal(r->tasks[r->attention[2]].attention, ATT_STALE);
	assert_int_equal(r->tasks[r->attention[2]].update->added, 1);
	assert_int_equal(r->tasks[0].stale, 0);
	assert_int_equal(r->tasks[0].days_since_update, 14);
}

static void test_stale_boundary(void **state)
{
	struct fix *f = *state;
	struct report *r;

	/* task 5: 31 days is not stale, 32 is */
	report_updates_release(&f->u);
	report_updates_add(&f->u, 5, 0, "c", "a", "e", T0 + 164 * DAY, 0);
	r = build(f, REPORT_BY_DEFAULT, 1);
	assert_int_equal(r->tasks[4].days_since_update, 31);
	assert_int_equal(r->tasks[4].stale, 0);
	report_updates_release(&f->u);
	report_updates_add(&f->u, 5, 0, "c", "a", "e", T0 + 163 * DAY, 0);
	r = build(f, REPORT_BY_DEFAULT, 1);
	assert_int_equal(r->tasks[4].days_since_update, 32);
	assert_int_equal(r->tasks[4].stale, 1);
	/* a task with no update in history is not called stale */
	assert_null(r->tasks[0].update);
	assert_int_equal(r->tasks[0].stale, 0);
}

static void test_overdue_boundary(void **state)
{
	struct fix *f = *state;
	struct report *r = NULL;

	/* task 3 is due 2010-06-30: not overdue that day, overdue after */
	assert_int_equal(report_build(&r, f->plan, "2010-06-30",
				      REPORT_BY_DEFAULT, NULL, NULL), 0);
	assert_int_equal(r->tasks[2].overdue, 0);
	assert_int_equal(r->tasks[2].days_left, 0);
	assert_int_equal(r->tasks[2].behind, 1);	/* due, not done */
	report_free(r);
	assert_int_equal(report_build(&r, f->plan, "2010-07-01",
				      REPORT_BY_DEFAULT, NULL, NULL), 0);
	assert_int_equal(r->tasks[2].overdue, 1);
	report_free(r);
	/* before the year starts nothing is expected */
	assert_int_equal(report_build(&r, f->plan, "2009-12-01",
				      REPORT_BY_DEFAULT, NULL, NULL), 0);
	assert_int_equal(r->tasks[3].expected_pct, 0);
	assert_int_equal(r->tasks[3].behind, 0);
	assert_near(r->year_elapsed, 0);
	report_free(r);
}

static void test_no_history(void **state)
{
	struct fix *f = *state;
	struct report *r = NULL;

	assert_int_equal(report_build(&r, f->plan, TODAY, REPORT_BY_DEFAULT,
				      NULL, REPORT_NO_COMMITS), 0);
	assert_int_equal(r->has_history, 0);
	assert_string_equal(r->history_note, REPORT_NO_COMMITS);
	assert_int_equal(r->total.stale, 0);
	assert_int_equal(r->n_attention, 2);
	report_free(r);
}

/* --- history ------------------------------------------------------------- */

/* s with the first from replaced by to; the caller frees it */
static char *subst(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	struct sbuf b = { 0 };

	if (!at)
		fail_msg("'%s' not in the text", from);
	sbuf_add(&b, s, (size_t)(at - s));
	sbuf_adds(&b, to);
	sbuf_adds(&b, at + strlen(from));
	return sbuf_take(&b);
}

static void walk(struct fix *f, struct gitfix *g, const char *rev)
{
	struct repo *r = NULL;

	report_updates_release(&f->u);
	r = gitfix_open(g);
	assert_int_equal(report_updates_walk(&f->u, r, rev, f->plan,
					     f->s.task), 0);
	repo_free(r);
}

static void assert_update(const struct fix *f, int id, int added,
			  const char *date, const char *author)
{
	const struct report_update *u = report_updates_find(&f->u, id);

	if (!u)
		fail_msg("no update for task %d", id);
	assert_int_equal(u->added, added);
	assert_string_equal(u->date, date);
	assert_string_equal(u->author, author);
	assert_int_equal(strlen(u->commit), 40);
}

static git_oid commit_all(struct gitfix *g, git_time_t when)
{
	return gitfix_commit(g, "办公室", "office@sx.gov.cn", when, "plan",
			     "plan.yaml", plan_yaml,
			     unit_files[0], unit_files[1],
			     unit_files[2], unit_files[3],
			     unit_files[4], unit_files[5],
			     unit_files[6], unit_files[7],
			     unit_files[8], unit_files[9],
			     unit_files[10], unit_files[11],
			     task_files[0], task_files[1],
			     task_files[2], task_files[3],
			     task_files[4], task_files[5],
			     task_files[6], task_files[7],
			     task_files[8], task_files[9], NULL);
}

static void test_walk(void **state)
{
	struct fix *f = *state;
	struct gitfix g;
	char *t2a = subst(task2, "progress: 20", "progress: 30");
	char *t2b = subst(t2a, "content: 推进项目", "content: 推进重点项目");
	char *t3a = subst(task3, "note: \"\"", "note: 已开工");
	char *jmw = subst(unit_files[1], "市经贸委", "市经济和信息化委");
	git_oid c3;
	char hex[41];

	gitfix_init(&g);
	commit_all(&g, T0 + 4 * DAY);
	gitfix_commit(&g, "李雷", "li@jmw.sx.gov.cn", T0 + 59 * DAY + 7200,
		      "2: 30%", "tasks/02.yaml", t2a, NULL);
	/* a change of the plan's own fields is not a progress update */
	c3 = gitfix_commit(&g, "办公室", "office@sx.gov.cn", T0 + 90 * DAY,
			   "2: content", "tasks/02.yaml", t2b, NULL);
	/* 20:00 UTC is the next morning in Shaoxing */
	gitfix_commit(&g, "王芳", "wang@fgw.sx.gov.cn",
		      T0 + 120 * DAY - 4 * 3600, "3: note",
		      "tasks/03.yaml", t3a, NULL);
	gitfix_commit(&g, "办公室", "office@sx.gov.cn", T0 + 121 * DAY,
		      "rename jmw", "units/jmw.yaml", jmw, NULL);

	walk(f, &g, NULL);
	assert_int_equal(f->u.n, 5);
	assert_update(f, 1, 1, "2010-01-05", "办公室");
	assert_update(f, 2, 0, "2010-03-01", "李雷");
	assert_string_equal(report_updates_find(&f->u, 2)->email,
			    "li@jmw.sx.gov.cn");
	assert_update(f, 3, 0, "2010-05-01", "王芳");
	assert_update(f, 4, 1, "2010-01-05", "办公室");
	assert_update(f, 5, 1, "2010-01-05", "办公室");

	/* as it was at c3: task 3 not updated yet */
	git_oid_tostr(hex, sizeof(hex), &c3);
	walk(f, &g, hex);
	assert_update(f, 2, 0, "2010-03-01", "李雷");
	assert_update(f, 3, 1, "2010-01-05", "办公室");
	gitfix_release(&g);
	free(t2a);
	free(t2b);
	free(t3a);
	free(jmw);
}

static void test_walk_stops_early(void **state)
{
	struct fix *f = *state;
	struct gitfix g;
	char path[4096], *t[5];
	git_commit *c = NULL;
	git_oid c1;
	size_t i;

	t[0] = subst(task1, "as_of: 2010-07-01", "as_of: 2010-07-02");
	t[1] = subst(task2, "progress: 20", "progress: 25");
	t[2] = subst(task3, "progress: 60", "progress: 65");
	t[3] = subst(task4, "actual: null", "actual: 1");
	t[4] = subst(task5, "progress: 80", "progress: 85");
	gitfix_init(&g);
	c1 = commit_all(&g, T0);
	gitfix_commit(&g, "办公室", "office@sx.gov.cn", T0 + DAY, "units",
		      "units/kjj.yaml",
		      "id: kjj\nname: 科技局\nkind: department\n", NULL);
	gitfix_commit(&g, "李雷", "li@jmw.sx.gov.cn", T0 + 2 * DAY, "all",
		      "tasks/01.yaml", t[0], "tasks/02.yaml", t[1],
		      "tasks/03.yaml", t[2], "tasks/04.yaml", t[3],
		      "tasks/05.yaml", t[4], NULL);
	/* the first commit's tree is gone: a walk that went past the last
	 * commit would have to read it, and fail */
	GITFIX_OK(git_commit_lookup(&c, g.repo, &c1));
	gitfix_loose_path(path, sizeof(path), &g, git_commit_tree_id(c));
	git_commit_free(c);
	assert_int_equal(remove(path), 0);

	walk(f, &g, NULL);
	assert_int_equal(f->u.n, 5);
	for (i = 1; i <= 5; i++)
		assert_update(f, (int)i, 0, "2010-01-03", "李雷");
	gitfix_release(&g);
	for (i = 0; i < 5; i++)
		free(t[i]);
}

/* --- rendering ----------------------------------------------------------- */

static char *render(struct report *r, enum render_format fmt,
		    enum render_lang lang, int color, size_t width)
{
	struct render_opts o = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	o.format = fmt;
	o.lang = lang;
	o.color = color;
	o.width = width;
	assert_int_equal(render_report(f, r, &o), 0);
	fclose(f);
	return buf;
}

static void test_wcwidth(void **state)
{
	static const struct { uint32_t cp; int w; } cases[] = {
		{ 'a', 1 }, { 0x4E2D, 2 } /* 中 */, { 0xFF0C, 2 } /* , */,
		{ 0x3001, 2 } /* 、 */, { 0x3000, 2 }, { 0xFF21, 2 } /* Ａ */,
		{ 0xFF76, 1 } /* ｶ */, { 0xAC00, 2 } /* 가 */,
		{ 0x3042, 2 } /* あ */, { 0x1F600, 2 }, { 0x20000, 2 },
		{ 0x201C, 1 } /* “ */, { 0x0301, 0 }, { 0x200B, 0 },
		{ 0xFE0F, 0 }, { 0x3099, 0 }, { 0x0A, 0 }, { 0xE9, 1 },
		{ 0x2E80, 2 }, { 0x303F, 1 }, { 0xFFE5, 2 } /* ¥ */,
	};
	uint32_t cp;
	size_t i, w;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (wc_width(cases[i].cp) != cases[i].w)
			fail_msg("U+%04X: width %d, not %d",
				 (unsigned)cases[i].cp,
				 wc_width(cases[i].cp), cases[i].w);
	assert_int_equal(utf8_width("中文abc"), 7);
	assert_int_equal(utf8_width("市经贸委"), 8);
	assert_int_equal(utf8_width("e\xcc\x81"), 1);	/* e + acute */
	assert_int_equal(utf8_width("\xff\xfe"), 2);	/* not UTF-8 */
	assert_int_equal(utf8_decode(&cp, "\xe4\xb8", 2), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_decode(&cp, "\xc0\xaf", 2), 1);	/* overlong */
	/* a surrogate */
	assert_int_equal(utf8_decode(&cp, "\xed\xa0\x80", 3), 1);
	assert_int_equal(utf8_decode(&cp, "\xf0\x9f\x98\x80", 4), 4);
	assert_int_equal(cp, 0x1F600);
	assert_int_equal(utf8_fit("中文字", 5, &w), 6);
	assert_int_equal(w, 4);
	assert_int_equal(utf8_fit("中文字", 6, &w), 9);
	assert_int_equal(utf8_fit("ab中", 3, &w), 2);
	assert_int_equal(utf8_fit("", 3, &w), 0);
}

/* the lines of section title in text, up to the next blank line */
static size_t section_lines(char **out, size_t max, char *text,
			    const char *title)
{
	char *p = strstr(text, title), *nl;
	size_t n = 0;

	if (!p)
		fail_msg("no section '%s'", title);
	p = strchr(p, '\n') + 1;
	while (*p && *p != '\n' && n < max) {
		nl = strchr(p, '\n');
		*nl = '\0';
		out[n++] = p;
		p = nl + 1;
	}
	return n;
}

/*
 * Where a line's last column is aligned: its end when the column is
 * aligned right, else the display column where its text starts (after the
 * last run of two blanks).
 */
static size_t col_end(const char *line, int left)
{
	const char *p, *start = NULL;
	char *prefix;
	size_t w;

	if (!left)
		return utf8_width(line);
	for (p = line; (p = strstr(p, "  ")); p++)
		if (p[2] != ' ')
			start = p + 2;
	assert_non_null(start);
	prefix = xstrndup(line, (size_t)(start - line));
	w = utf8_width(prefix);
	free(prefix);
	return w;
}

static void test_text_alignment(void **state)
{
	static const struct {
		enum render_lang lang;
		const char *title;
	} sections[] = {
		{ LANG_ZH, "分类推进情况" }, { LANG_ZH, "量化指标完成情况" },
		{ LANG_EN, "Progress by category" },
	};
	struct fix *f = *state;
	struct report *r = build(f, REPORT_BY_DEFAULT, 1);
	char *lines[32];
	size_t s, i, n;

	for (s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
		char *text = render(r, RENDER_TEXT, sections[s].lang, 0, 0);

		n = section_lines(lines, 32, text, sections[s].title);
		/* the indicators' table is followed by its note */
		if (s == 1)
			n = 6;
		assert_true(n >= 4);
		for (i = 1; i < n; i++)
			if (col_end(lines[i], s == 1) !=
			    col_end(lines[0], s == 1))
				fail_msg("'%s' and '%s' are not aligned",
					 lines[i], lines[0]);
		free(text);
	}
}

static void test_text_width_and_colour(void **state)
{
	struct fix *f = *state;
	struct report *r = build(f, REPORT_BY_UNIT, 1);
	char *text = render(r, RENDER_TEXT, LANG_ZH, 0, 100), *p, *nl;
	char *colour;

	assert_null(strchr(text, '\033'));
	assert_non_null(strstr(text, "一、总体情况"));
	assert_non_null(strstr(text, "责任单位推进情况"));
	for (p = text; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		assert_non_null(nl);
		*nl = '\0';
		if (utf8_width(p) > 100)
			fail_msg("line wider than 100 columns: '%s'", p);
		if (nl > p && nl[-1] == ' ')
			fail_msg("line ends in a blank: '%s'", p);
	}
	free(text);
	colour = render(r, RENDER_TEXT, LANG_EN, 1, 0);
	assert_non_null(strstr(colour, "\033[31m"));
	assert_non_null(strstr(colour, "Progress by unit"));
	free(colour);
}

/* split one CSV record at *p (RFC 4180); returns the fields' count */
static size_t csv_record(char **fields, size_t max, const char **p)
{
	const char *s = *p;
	size_t n = 0;

	for (;;) {
		struct sbuf b = { 0 };

		if (*s == '"') {
			for (s++; *s; s++) {
				if (*s == '"' && s[1] == '"')
					sbuf_addc(&b, *s++);
				else if (*s == '"')
					break;
				else
					sbuf_addc(&b, *s);
			}
			assert_int_equal(*s, '"');
			s++;
		} else {
			while (*s && *s != ',' && *s != '\r' && *s != '\n')
				sbuf_addc(&b, *s++);
		}
		assert_true(n < max);
		fields[n++] = sbuf_take(&b);
		if (*s == ',') {
			s++;
			continue;
		}
		/* a record ends in CRLF, never a bare LF */
		assert_int_equal(s[0], '\r');
		assert_int_equal(s[1], '\n');
		*p = s + 2;
		return n;
	}
}

static void test_csv(void **state)
{
	struct fix *f = *state;
	struct report *r = build(f, REPORT_BY_DEFAULT, 1);
	char *csv = render(r, RENDER_CSV, LANG_ZH, 0, 0), *fields[64];
	const char *p = csv + 3;
	size_t n, head, i, row = 0, note = 0, ind = 0;

	assert_memory_equal(csv, "\xef\xbb\xbf", 3);
	assert_non_null(strstr(csv, "\"资金缺口, \"\"暂缓\"\"\n待协调\""));
	head = csv_record(fields, 64, &p);
	for (i = 0; i < head; i++) {
		if (!strcmp(fields[i], "备注"))
			note = i;
		if (!strcmp(fields[i], "量化指标"))
			ind = i;
		free(fields[i]);
	}
	assert_true(note > 0 && ind > 0);
	while (*p) {
		n = csv_record(fields, 64, &p);
		assert_int_equal(n, head);
		row++;
		if (row == 2) {
			assert_string_equal(fields[0], "2");
			assert_string_equal(fields[note],
					    "资金缺口, \"暂缓\"\n待协调");
			assert_string_equal(fields[ind],
				"能耗 ≤ 5吨: 6吨 (83%, 超出)\n"
				"对接活动 = 2次: 1次 (50%, 滞后)");
		}
		for (i = 0; i < n; i++)
			free(fields[i]);
	}
	assert_int_equal(row, 5);
	free(csv);

	/* --by: the grouped table, numbers as numbers */
	r = build(f, REPORT_BY_CATEGORY, 1);
	csv = render(r, RENDER_CSV, LANG_EN, 0, 0);
	assert_non_null(strstr(csv, "\r\n1. 发展新产业,3,0,1,1,1,0,1,1,66.7,"
			       "1 2 5\r\n"));
	free(csv);
}

static void test_json(void **state)
{
	struct fix *f = *state;
	struct report *r = build(f, REPORT_BY_DEFAULT, 1);
	char *json = render(r, RENDER_JSON, LANG_ZH, 0, 0);

	assert_non_null(strstr(json, "\"version\": 1,"));
	assert_non_null(strstr(json, "\"today\": \"2010-07-15\""));
	assert_non_null(strstr(json, "\"year_elapsed\": 0.5342,"));
	assert_non_null(strstr(json, "\"mean_progress\": 52,"));
	assert_non_null(strstr(json, "\"mean_progress\": 66.7,"));
	assert_non_null(strstr(json, "{\"task\": 2, \"name\": \"能耗\", "
			       "\"op\": \"<=\", \"target\": 5, \"unit\": "
			       "\"吨\", \"actual\": 6, \"share\": 0.8333, "
			       "\"expected\": 0.5357, \"state\": \"over\"}"));
	assert_non_null(strstr(json, "\"note\": \"资金缺口, \\\"暂缓\\\"\\n"
			       "待协调\""));
	assert_non_null(strstr(json, "{\"task\": 2, \"reasons\": "
			       "[\"at_risk\", \"stale\"]"));
	assert_non_null(strstr(json, "\"stale\": 2,"));
	free(json);
	r = build(f, REPORT_BY_DEFAULT, 0);
	json = render(r, RENDER_JSON, LANG_EN, 0, 0);
	assert_non_null(strstr(json, "\"history\": {\"available\": false, "
			       "\"note\": \"not-a-repository\"}"));
	assert_non_null(strstr(json, "\"stale\": null,"));
	assert_non_null(strstr(json, "\"last_update\": null"));
	free(json);
}

static void test_md(void **state)
{
	struct fix *f = *state;
	struct report *r = build(f, REPORT_BY_DEFAULT, 1);
	char *md = render(r, RENDER_MD, LANG_ZH, 0, 0);

	assert_non_null(strstr(md, "# 测试计划\n"));
	assert_non_null(strstr(md, "\n## 二、分类推进情况\n\n"
			       "| 类别 | 任务数 |"));
	assert_non_null(strstr(md, "|---|---:|"));
	assert_non_null(strstr(md, "| 一、发展新产业 | 3 | 1 | 1 | 0 | 1 | "
			       "66.7% |\n"));
	/* a '|' in a task's text does not split its cell */
	assert_non_null(strstr(md, "| 推进A\\|B试点 |"));
	free(md);
}

static void test_html(void **state)
{
	struct fix *f = *state;
	struct report *r = build(f, REPORT_BY_DEFAULT, 1);
	char *html = render(r, RENDER_HTML, LANG_ZH, 0, 0), id[32];
	size_t i;

	assert_int_equal(strncmp(html, "<!DOCTYPE html>", 15), 0);
	for (i = 0; i < r->n_tasks; i++) {
		snprintf(id, sizeof(id), "id=\"task-%d\"",
			 r->tasks[i].task->id);
		assert_non_null(strstr(html, id));
	}
	/* self-contained: no script, nothing fetched */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "://"));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "src="));
	assert_non_null(strstr(html, "@media print"));
	assert_non_null(strstr(html, "@page{size:A4"));
	assert_non_null(strstr(html, "<svg class=\"ind\""));
	/* text is escaped */
	assert_non_null(strstr(html, "&lt;b&gt;&amp;&lt;/b&gt;"));
	assert_null(strstr(html, "<b>&</b>"));
	assert_non_null(strstr(html, "&quot;暂缓&quot;"));
	assert_non_null(strstr(html, "href=\"#task-3\""));
	free(html);
}

static void test_labels(void **state)
{
	int m;

	(void)state;
	for (m = 0; m < M_COUNT; m++) {
		const char *zh = render_msg(LANG_ZH, (enum msg)m);
		const char *en = render_msg(LANG_EN, (enum msg)m);

		if (!*en || strchr(en, '\004'))
			fail_msg("label %d has no English text", m);
		/* untranslated, the label falls back to its English */
		if (!*zh || (!strcmp(zh, en) &&
			     strpbrk(en, "abcdefghijklmnopqrstuvwxyz")))
			fail_msg("label %d (%s) is not in the catalogue", m,
				 en);
	}
	assert_string_equal(render_status(LANG_ZH, STATUS_AT_RISK), "有风险");
	assert_string_equal(render_ind_state(LANG_EN, IND_ON_TRACK),
			    "on track");
	assert_int_equal(render_format_parse("html"), RENDER_HTML);
	assert_int_equal(render_format_parse("xml"), -1);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, fix_setup, fix_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days),
		TEST(test_bad_today),
		cmocka_unit_test(test_indicator_shares),
		TEST(test_totals),
		TEST(test_categories),
		TEST(test_lead_units),
		TEST(test_all_roles),
		TEST(test_statuses),
		TEST(test_indicators),
		TEST(test_attention),
		TEST(test_stale_boundary),
		TEST(test_overdue_boundary),
		TEST(test_no_history),
		TEST(test_walk),
		TEST(test_walk_stops_early),
		cmocka_unit_test(test_wcwidth),
		TEST(test_text_alignment),
		TEST(test_text_width_and_colour),
		TEST(test_csv),
		TEST(test_json),
		TEST(test_md),
		TEST(test_html),
		cmocka_unit_test(test_labels),
	};

	int ret;

	/* the Chinese labels come from the build's catalogue, as in summary */
	i18n_init();
	if (i18n_set("zh"))
		return 1;
	repo_init();
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	repo_shutdown();
	return ret;
}
