/*
 * Unit tests of seed.c and yemit.c: the plan table (layout, verbatim
 * cells, number prefixes, malformed rows with their places), the units
 * text (roles, separators, parentheses, the shared 市, 等部门), name
 * resolution, the indicator rules on the plan's own targets and on each
 * comparison word, deadlines, and YAML written here and read back through
 * ydoc (awkward strings, whole task files).
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
#include "model.h"
#include "schema.h"
#include "numeral.h"
#include "seed.h"
#include "xalloc.h"
#include "ydoc.h"
#include "yemit.h"

/* the findings of d as gcc-style text; the caller frees it */
static char *diag_text(struct diag_list *d)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	assert_non_null(f);
	diag_sort(d);
	diag_print_text(f, d);
	fclose(f);
	return s;
}

static int parse(struct seed_table *t, const char *text, char **msgs)
{
	struct diag_list d = { 0 };
	int ret = seed_parse(t, "plan.txt", text, strlen(text), &d);

	*msgs = diag_text(&d);
	diag_release(&d);
	return ret;
}

/* ---- the table ---- */

static const char small[] =
	"| 工作内容 | 目标任务 | 责任单位 |\n"
	"一、发展新产业 | 1. 编制规划,整合资源 | 完成规划编制 | "
	"市经贸委牵头,市财政局等部门配合 |\n"
	"2.实施专项  |  完成投资120亿元以上,  村镇银行1 家 | 市经贸委牵头 |\r\n"
	"\n"
	"二、建设大集群 | 3. 推进试点 | 取得进展 | 市经贸委牵头 |\n"
	"| 二、建设大集群 | 4. 再推进 | 全面实施 | 市发改委牵头 |\n"
	"5. 收尾 | 按计划推进实施 | 市发改委牵头 |";

static void test_table_small(void **state)
{
	struct seed_table t;
	char *msgs;

	assert_int_equal(parse(&t, small, &msgs), 0);
	assert_string_equal(msgs, "");
	assert_int_equal(t.n, 5);
	assert_int_equal(t.n_categories, 2);
	assert_string_equal(t.categories[0], "发展新产业");
	assert_string_equal(t.categories[1], "建设大集群");
	assert_int_equal(t.rows[0].id, 1);
	assert_int_equal(t.rows[0].line, 2);
	assert_string_equal(t.rows[0].content, "编制规划,整合资源");
	assert_string_equal(t.rows[0].target, "完成规划编制");
	assert_string_equal(t.rows[0].units,
			    "市经贸委牵头,市财政局等部门配合");
	/* "N." without a space, CRLF, inner blanks kept, outer trimmed */
	assert_int_equal(t.rows[1].id, 2);
	assert_int_equal(t.rows[1].category, 0);
	assert_string_equal(t.rows[1].content, "实施专项");
	assert_string_equal(t.rows[1].target,
			    "完成投资120亿元以上,  村镇银行1 家");
	assert_string_equal(t.rows[1].units, "市经贸委牵头");
	assert_int_equal(t.rows[2].line, 5);
	assert_int_equal(t.rows[2].category, 1);
	/* a Markdown-style leading bar; the heading repeated: same category */
	assert_int_equal(t.rows[3].id, 4);
	assert_int_equal(t.rows[3].category, 1);
	/* the last line has no newline */
	assert_int_equal(t.rows[4].id, 5);
	assert_int_equal(t.rows[4].line, 7);
	assert_string_equal(t.rows[4].target, "按计划推进实施");
	/* the units cell's column counts characters, not bytes */
	assert_int_equal(t.rows[4].units_col, 19);
	free(msgs);
	seed_table_release(&t);
}

static void test_table_markdown_rule(void **state)
{
	struct seed_table t;
	char *msgs;

	assert_int_equal(parse(&t, "\xef\xbb\xbf" SEED_HEADER "\n"
			       "|---|:--|--:|\n"
			       "| 一、甲 | 1. 内容 | 目标 | 市经贸委牵头 |\n",
			       &msgs), 0);
	assert_string_equal(msgs, "");
	assert_int_equal(t.n, 1);
	assert_string_equal(t.categories[0], "甲");
	free(msgs);
	seed_table_release(&t);
}

static void test_table_numbering_warning(void **state)
{
	struct seed_table t;
	char *msgs;

	assert_int_equal(parse(&t, SEED_HEADER "\n"
			       "一、甲 | 1. a | b | 市经贸委牵头 |\n"
			       "三、乙 | 2. a | b | 市经贸委牵头 |\n",
			       &msgs), 0);
	assert_string_equal(msgs, "plan.txt:3:1: warning: category '乙' is "
			    "numbered 3 but is category 2 of the plan\n");
	free(msgs);
	seed_table_release(&t);
}

static const struct {
	const char *text, *msgs;
} bad_tables[] = {
	{ "", "plan.txt:1:1: error: empty table: expected the header row "
	  "'| 工作内容 | 目标任务 | 责任单位 |'\n" },
	{ "工作内容 | 目标 | 责任单位 |\n一、甲 | 1. a | b | c牵头 |",
	  "plan.txt:1:1: error: expected the header row "
	  "'| 工作内容 | 目标任务 | 责任单位 |'\n" },
	{ SEED_HEADER "\n", "plan.txt:1:1: error: the table has no task "
	  "rows\n" },
	{ SEED_HEADER "\n一、甲 | 1. a | b | c牵头\n",
	  "plan.txt:2:21: error: row does not end with '|'\n" },
	{ SEED_HEADER "\n一、甲 | 一. a | b | c牵头 |\n",
	  "plan.txt:2:7: error: content cell does not start with the task "
	  "number 'N.'\n" },
	{ SEED_HEADER "\n一、甲 | 1 a | b | c牵头 |\n",
	  "plan.txt:2:7: error: content cell does not start with the task "
	  "number 'N.'\n" },
	{ SEED_HEADER "\n一、甲 | 1. a | b |\n",
	  "plan.txt:2:1: error: content cell does not start with the task "
	  "number 'N.'\n" },
	{ SEED_HEADER "\n1. a | b |\n", "plan.txt:2:1: error: expected 3 "
	  "cells (content, target, units) or 4 (a category first), found "
	  "2\n" },
	{ SEED_HEADER "\n1. a | b | c牵头 |\n",
	  "plan.txt:2:1: error: task 1 has no category: the first row must "
	  "name one\n" },
	{ SEED_HEADER "\n一、甲 | 1. a | b | c牵头 |\n2. a |  | c牵头 |\n",
	  "plan.txt:3:9: error: task 2 has an empty target cell\n" },
	{ SEED_HEADER "\n一、甲 | 1. a | b | c牵头 |\n1. x | y | z牵头 |\n",
	  "plan.txt:3:1: error: task 1 is already on line 2\n" },
	{ SEED_HEADER "\n一、甲 | 1. a | b | c牵头 |\n2. \xff | y | z牵头 |\n",
	  "plan.txt:3:4: error: invalid UTF-8: the table must be UTF-8 "
	  "text\n" },
	{ SEED_HEADER "\n一、甲 | 1. a\x01 | b | c牵头 |\n",
	  "plan.txt:2:11: error: control character U+0001\n" },
	{ SEED_HEADER "\n一、 | 1. a | b | c牵头 |\n",
	  "plan.txt:2:1: error: category cell has no name\n" },
	/* every malformed row is reported, not only the first */
	{ SEED_HEADER "\n一、甲 | 1. a | b | c牵头\n二、乙 | x | b | c牵头 |\n"
	  "3. a | b | c牵头 |\n",
	  "plan.txt:2:21: error: row does not end with '|'\n"
	  "plan.txt:3:7: error: content cell does not start with the task "
	  "number 'N.'\n" },
};

static void test_table_errors(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(bad_tables) / sizeof(bad_tables[0]); i++) {
		struct seed_table t;
		char *msgs;
		int ret = parse(&t, bad_tables[i].text, &msgs);

		if (strcmp(msgs, bad_tables[i].msgs))
			fail_msg("table %zu: got\n%sexpected\n%s", i, msgs,
				 bad_tables[i].msgs);
		assert_int_equal(ret, -1);
		free(msgs);
		seed_table_release(&t);
	}
}

static void test_format_roundtrip(void **state)
{
	struct seed_table t, u;
	struct sbuf b = { 0 };
	char *msgs;
	size_t i;

	assert_int_equal(parse(&t, small, &msgs), 0);
	free(msgs);
	seed_format(&b, &t);
	assert_non_null(strstr(b.s, "\n2. 实施专项 | "));
	assert_non_null(strstr(b.s, "\n二、建设大集群 | 3. 推进试点 | "));
	assert_null(strstr(b.s, "二、建设大集群 | 4."));	/* no repeat */
	assert_int_equal(parse(&u, b.s, &msgs), 0);
	assert_string_equal(msgs, "");
	assert_int_equal(u.n, t.n);
	for (i = 0; i < t.n; i++) {
		assert_int_equal(u.rows[i].id, t.rows[i].id);
		assert_int_equal(u.rows[i].category, t.rows[i].category);
		assert_string_equal(u.rows[i].content, t.rows[i].content);
		assert_string_equal(u.rows[i].target, t.rows[i].target);
		assert_string_equal(u.rows[i].units, t.rows[i].units);
	}
	free(msgs);
	sbuf_release(&b);
	seed_table_release(&t);
	seed_table_release(&u);
}

static void test_numerals(void **state)
{
	static const struct {
		int n;
		const char *s;
	} known[] = {
		{ 1, "一" }, { 5, "五" }, { 10, "十" }, { 13, "十三" },
		{ 20, "二十" }, { 21, "二十一" }, { 99, "九十九" },
	};
	size_t i, used;
	int n;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		struct sbuf b = { 0 };

		numeral_add(&b, known[i].n);
		assert_string_equal(b.s, known[i].s);
		sbuf_release(&b);
	}
	for (n = 1; n <= 99; n++) {
		struct sbuf b = { 0 };

		numeral_add(&b, n);
		sbuf_adds(&b, "、");
		assert_int_equal(numeral_parse(b.s, &used), n);
		assert_string_equal(b.s + used, "、");
		sbuf_release(&b);
	}
	assert_int_equal(numeral_parse("发展", &used), -1);
	assert_int_equal(used, 0);
	assert_int_equal(numeral_parse("一十", &used), -1);
}

/* ---- the units text ---- */

/* "L:a,b* C:c I:" with * marking a name after a shared 市 */
static char *units_str(const struct seed_units *u)
{
	static const char role[] = "LCI";
	struct sbuf b = { 0 };
	size_t i;
	int r;

	for (r = 0; r < SEED_ROLE_COUNT; r++) {
		int first = 1;

		sbuf_printf(&b, "%s%c:", r ? " " : "", role[r]);
		for (i = 0; i < u->n; i++) {
			if ((int)u->v[i].role != r)
				continue;
			sbuf_printf(&b, "%s%s%s", first ? "" : ",",
				    u->v[i].name, u->v[i].city ? "*" : "");
			first = 0;
		}
	}
	return sbuf_take(&b);
}

static const struct {
	const char *text, *want;
} units_cases[] = {
	{ "市经贸委牵头,市财政局等部门配合", "L:市经贸委 C:市财政局 I:" },
	{ "市发改委、科技局分别牵头,市经贸委等部门配合",
	  "L:市发改委,科技局* C:市经贸委 I:" },
	{ "市二环线转型办和搬迁办牵头", "L:市二环线转型办,搬迁办* C: I:" },
	{ "市经贸委牵头,各县(市、区)及市直开发区(新区)负责实施",
	  "L:市经贸委 C: I:各县(市、区),市直开发区(新区)" },
	{ "市招商局牵头,各县(市、区)、市直开发区(新区)及市经贸委、国资委等"
	  "部门负责实施",
	  "L:市招商局 C: I:各县(市、区),市直开发区(新区),市经贸委,国资委*" },
	{ "市行政服务中心(审改办)牵头,市发改委、经贸委、财政局、工商局等配合",
	  "L:市行政服务中心(审改办) C:市发改委,经贸委*,财政局*,工商局* I:" },
	{ "滨海新城管委会牵头,绍兴县、上虞市、袍江新区共同实施",
	  "L:滨海新城管委会 C: I:绍兴县,上虞市,袍江新区" },
	{ "市发改委牵头,相关县(市、区)及市直开发区(新区)、市财政局等部门共同"
	  "实施", "L:市发改委 C: I:相关县(市、区),市直开发区(新区),市财政局" },
	{ "绍兴县牵头,市经贸委、环保局等部门配合",
	  "L:绍兴县 C:市经贸委,环保局* I:" },
	/* full-width commas and semicolons, full-width parentheses */
	{ "市经贸委牵头，各县（市、区）配合;市环保局等负责实施",
	  "L:市经贸委 C:各县（市、区） I:市环保局" },
	/* a place name ends the run of a shared 市 */
	{ "市环保局、绍兴县、安监局配合", "L: C:市环保局,绍兴县,安监局 I:" },
};

static void test_units(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(units_cases) / sizeof(units_cases[0]); i++) {
		struct diag_list d = { 0 };
		struct seed_units u;
		char *got;

		assert_int_equal(seed_units_parse(&u, units_cases[i].text,
						  "plan.txt", 3, 10, &d), 0);
		assert_int_equal(d.n, 0);
		got = units_str(&u);
		if (strcmp(got, units_cases[i].want))
			fail_msg("'%s': got '%s', expected '%s'",
				 units_cases[i].text, got, units_cases[i].want);
		free(got);
		seed_units_release(&u);
	}
}

static void test_units_errors(void **state)
{
	static const struct {
		const char *text, *msgs;
	} cases[] = {
		{ "市经贸委牵头,市财政局负责", "plan.txt:3:17: error: cannot "
		  "tell the role of '市财政局负责': a clause ends with 牵头, "
		  "配合, 负责实施 or 共同实施\n" },
		{ "市经贸委、牵头", "plan.txt:3:15: error: empty unit name in "
		  "'市经贸委、'\n" },
		{ " , ", "plan.txt:3:10: error: no unit named\n" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct diag_list d = { 0 };
		struct seed_units u;
		char *msgs;

		assert_int_equal(seed_units_parse(&u, cases[i].text,
						  "plan.txt", 3, 10, &d), -1);
		msgs = diag_text(&d);
		assert_string_equal(msgs, cases[i].msgs);
		free(msgs);
		diag_release(&d);
		seed_units_release(&u);
	}
}

static struct unit *make_unit(const char *id, const char *name,
			      const char *alias, enum unit_kind kind)
{
	struct unit *u = xcalloc(1, sizeof(*u));

	u->id = xstrdup(id);
	u->name = xstrdup(name);
	if (alias)
		strlist_add(&u->aliases, alias);
	u->kind = kind;
	return u;
}

static void test_resolve(void **state)
{
	struct seed_registry r = { 0 };
	struct seed_name n;
	const struct unit *u;
	int created;

	seed_registry_add(&r, make_unit("jmw", "市经贸委", "经贸委",
					UNIT_DEPARTMENT));
	seed_registry_add(&r, make_unit("unit-1", "x", NULL, UNIT_OFFICE));
	n.role = SEED_COOPERATE;
	/* by name, by alias */
	n.name = "市经贸委";
	n.city = 0;
	assert_string_equal(seed_resolve(&r, &n, &created), "jmw");
	assert_int_equal(created, 0);
	n.name = "经贸委";
	n.city = 1;
	assert_string_equal(seed_resolve(&r, &n, &created), "jmw");
	assert_int_equal(created, 0);
	/* a shared 市 makes a new unit 市科技局 with the written alias;
	 * unit-1 is taken */
	n.name = "科技局";
	assert_string_equal(seed_resolve(&r, &n, &created), "unit-2");
	assert_int_equal(created, 1);
	u = seed_registry_get(&r, "unit-2");
	assert_string_equal(u->name, "市科技局");
	assert_int_equal(u->aliases.n, 1);
	assert_string_equal(u->aliases.v[0], "科技局");
	assert_int_equal(u->kind, UNIT_DEPARTMENT);
	n.name = "市科技局";
	n.city = 0;
	assert_string_equal(seed_resolve(&r, &n, &created), "unit-2");
	assert_int_equal(created, 0);
	/* without a shared 市 the name is taken as written */
	n.name = "黄酒集团";
	assert_string_equal(seed_resolve(&r, &n, &created), "unit-3");
	assert_int_equal(created, 1);
	assert_int_equal(seed_registry_find(&r, "黄酒集团")->kind,
			 UNIT_COMPANY);
	assert_null(seed_registry_find(&r, "科技"));
	seed_registry_release(&r);
}

/* the repository's own units/ (the tests run from its root) */
static void test_registry_read(void **state)
{
	struct seed_registry r = { 0 };
	struct diag_list d = { 0 };
	const struct unit *u;
	char *buf;
	size_t len, i;

	assert_int_equal(seed_registry_read(&r, "units", &d), 0);
	assert_int_equal(d.n, 0);
	assert_true(r.n >= 38);
	assert_int_equal(r.n_read, r.n);
	u = seed_registry_find(&r, "经贸委");
	assert_non_null(u);
	assert_string_equal(u->id, "jmw");
	assert_string_equal(seed_registry_find(&r, "银监局")->id, "yjj");
	assert_int_equal(seed_registry_get(&r, "counties")->members.n, 6);
	for (i = 0; i < r.n; i++)
		if (!strcmp(r.v[i]->id, "jmw"))
			break;
	assert_int_equal(read_file("units/jmw.yaml", &buf, &len, 1 << 20), 0);
	assert_int_equal(r.text_len[i], len);
	assert_memory_equal(r.text[i], buf, len);
	free(buf);
	seed_registry_release(&r);
}

static void write_to(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	free(path);
}

static void test_registry_read_findings(void **state)
{
	char dir[] = "/tmp/test_seed.XXXXXX";
	struct seed_registry r = { 0 };
	struct diag_list d = { 0 };
	char *units, *schema, *msgs, *buf, *path;
	size_t len;

	assert_non_null(mkdtemp(dir));
	units = xasprintf("%s/units", dir);
	schema = xasprintf("%s/schema", dir);
	assert_int_equal(mkdir(units, 0700), 0);
	/* no schema beside the units: an environment failure, on stderr */
	{
		FILE *err = tmpfile();
		int saved = dup(2);
		char line[512] = "";

		assert_non_null(err);
		fflush(stderr);
		assert_true(dup2(fileno(err), 2) >= 0);
		assert_int_equal(seed_registry_read(&r, units, &d), -1);
		fflush(stderr);
		dup2(saved, 2);
		close(saved);
		rewind(err);
		assert_non_null(fgets(line, sizeof(line), err));
		fclose(err);
		assert_non_null(strstr(line, ": error: cannot read the unit "
				       "schema '"));
		assert_int_equal(d.n, 0);
	}
	seed_registry_release(&r);
	assert_int_equal(mkdir(schema, 0700), 0);
	assert_int_equal(read_file("schema/unit.schema.json", &buf, &len,
				   1 << 20), 0);
	write_to(schema, "unit.schema.json", buf);
	free(buf);
	write_to(units, "a.yaml", "id: b\nname: 甲\nkind: department\n");
	write_to(units, "c.yaml", "id: c\nname: 乙\nkind: bureau\n");
	write_to(units, "d.yaml", "id: d\nname: 丙\nkind: zone\n");
	write_to(units, "notes.txt", "not a unit\n");
	assert_int_equal(seed_registry_read(&r, units, &d), 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.v[0]->id, "b");
	assert_string_equal(r.v[1]->id, "d");
	assert_int_equal(d.errors, 2);
	msgs = diag_text(&d);
	path = xasprintf("%s/a.yaml: error: unit id 'b' differs from the "
			 "file name\n", units);
	assert_non_null(strstr(msgs, path));
	free(path);
	path = xasprintf("%s/c.yaml:3:7: error: ", units);
	assert_non_null(strstr(msgs, path));
	free(path);
	free(msgs);
	diag_release(&d);
	seed_registry_release(&r);
	path = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
	free(path);
	free(units);
	free(schema);
}

static void test_guess_kind(void **state)
{
	static const struct {
		const char *name;
		enum unit_kind kind;
	} cases[] = {
		{ "各县(市、区)", UNIT_GROUP },
		{ "相关县(市、区)", UNIT_GROUP },
		{ "市直开发区(新区)", UNIT_GROUP },
		{ "诸暨市", UNIT_COUNTY },
		{ "绍兴县", UNIT_COUNTY },
		{ "越城区", UNIT_COUNTY },
		{ "绍兴经济开发区", UNIT_ZONE },
		{ "袍江新区", UNIT_ZONE },
		{ "滨海新城管委会", UNIT_ZONE },
		{ "袍江工业区", UNIT_ZONE },
		{ "黄酒集团", UNIT_COMPANY },
		{ "某某有限公司", UNIT_COMPANY },
		{ "市试点工作领导小组办公室", UNIT_OFFICE },
		{ "市经贸委", UNIT_DEPARTMENT },
		{ "人民银行绍兴市中心支行", UNIT_DEPARTMENT },
		{ "市行政服务中心(审改办)", UNIT_DEPARTMENT },
	};
	enum unit_kind k;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		k = seed_guess_kind(cases[i].name);
		if (k != cases[i].kind)
			fail_msg("%s: kind %s", cases[i].name,
				 unit_kind_name(k));
	}
}

/* ---- indicators ---- */

/* "name op target unit; ..." */
static char *indicators_str(const char *target)
{
	struct seed_indicators l;
	struct sbuf b = { 0 };
	size_t i;

	seed_indicators_extract(&l, target);
	for (i = 0; i < l.n; i++) {
		assert_int_equal(l.v[i].has_actual, 0);
		sbuf_printf(&b, "%s%s %s ", i ? "; " : "", l.v[i].name,
			    op_name(l.v[i].op));
		yemit_number(&b, l.v[i].target);
		sbuf_printf(&b, " %s", l.v[i].unit);
	}
	seed_indicators_release(&l);
	return sbuf_take(&b);
}

static const struct {
	const char *target, *want;
} ind_cases[] = {
	/* the plan's own targets */
	{ "完成新兴产业投资120亿元以上,投资比重提高2个百分点",
	  "新兴产业投资 >= 120 亿元; 投资比重提高 >= 2 百分点" },
	{ "完成专业园区规划,争取创建1家新兴产业公共平台、1家省级企业技术中心",
	  "创建新兴产业公共平台 >= 1 家; 创建省级企业技术中心 >= 1 家" },
	{ "承办2次以上新兴产业发展论坛", "承办新兴产业发展论坛 >= 2 次" },
	{ "力争五大产业规模以上产值占比提高1个百分点,投资比重提升1个百分点",
	  "五大产业规模以上产值占比提高 >= 1 百分点; "
	  "投资比重提升 >= 1 百分点" },
	{ "完成10个特色产业园区规划,并全面启动实施",
	  "特色产业园区规划 >= 10 个" },
	{ "力争新培育年销售10亿元以上龙头企业10家,新增上市企业5家",
	  "新培育年销售10亿元以上龙头企业 >= 10 家; 新增上市企业 >= 5 家" },
	{ "争创省级以上企业技术(高新技术研发)中心10家以上,开发省级以上首(台)"
	  "套产品10只以上,省标准创新型企业5家以上,力争新产品产值率提高1个百"
	  "分点",
	  "争创省级以上企业技术(高新技术研发)中心 >= 10 家; "
	  "开发省级以上首(台)套产品 >= 10 只; 省标准创新型企业 >= 5 家; "
	  "新产品产值率提高 >= 1 百分点" },
	{ "完成工业投资630亿元,力争实施投资10亿元以上重大项目20只左右,5亿元"
	  "以上项目50只左右,转型升级类项目投资比重提高1个百分点,设备、技术投"
	  "入比重保持在60%以上",
	  "工业投资 >= 630 亿元; 实施投资10亿元以上重大项目 ~ 20 只; "
	  "5亿元以上项目 ~ 50 只; 转型升级类项目投资比重提高 >= 1 百分点; "
	  "设备、技术投入比重 >= 60 %" },
	{ "力争引进外资8.4亿美元,内资60亿元",
	  "引进外资 >= 8.4 亿美元; 内资 >= 60 亿元" },
	{ "完成年销售5亿元以上企业管理创新推进工作,培训企业高级经营管理人才"
	  "1000人左右", "培训企业高级经营管理人才 ~ 1000 人" },
	{ "转移和淘汰100项左右“三高一低”企业和项目,启动市区热电联产布局调整"
	  "及整治提升工作", "转移和淘汰“三高一低”企业和项目 ~ 100 项" },
	{ "力争新增工业贷款余额达到320亿元,小额贷款公司4家,村镇银行1 家",
	  "新增工业贷款余额 >= 320 亿元; 小额贷款公司 >= 4 家; "
	  "村镇银行 >= 1 家" },
	/* no quantity: numbers without a unit, dates, Chinese numerals */
	{ "完成规划编制,制定实施办法,完善配套政策", "" },
	{ "全面完成“863”循环经济项目,整合提升工作全面推进", "" },
	{ "按计划推进实施,工业转型升级配套政策意见在5月底前完成", "" },
	{ "确保完成“十一五”节能减排约束性目标任务", "" },
	{ "", "" },
	/* each comparison word */
	{ "新增企业约100家", "新增企业 ~ 100 家" },
	{ "培训不少于200人次", "培训 >= 200 人次" },
	{ "事故率不超过3%", "事故率 <= 3 %" },
	{ "新增项目10个以内", "新增项目 <= 10 个" },
	{ "能耗下降5个百分点以下", "能耗下降 <= 5 百分点" },
	{ "投资保持在50亿元以上", "投资 >= 50 亿元" },
	{ "确保完成培训500人", "培训 >= 500 人" },
	{ "新增贷款为30万元;新增项目3项。", "新增贷款 >= 30 万元; "
	  "新增项目 >= 3 项" },
	/* a 、 list splits only when every part has a quantity */
	{ "新建2家研究院、3家实验室",
	  "新建研究院 >= 2 家; 新建实验室 >= 3 家" },
	{ "研究院、实验室达到5家", "研究院、实验室 >= 5 家" },
};

static void test_indicators(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(ind_cases) / sizeof(ind_cases[0]); i++) {
		char *got = indicators_str(ind_cases[i].target);

		if (strcmp(got, ind_cases[i].want))
			fail_msg("'%s':\n got '%s'\nwant '%s'",
				 ind_cases[i].target, got, ind_cases[i].want);
		free(got);
	}
}

static void test_deadline(void **state)
{
	char d[11];

	seed_deadline(d, 2010, "按计划推进实施,工业转型升级配套政策意见在5月底"
		      "前完成", "制定政策");
	assert_string_equal(d, "2010-05-31");
	seed_deadline(d, 2010, "按计划推进实施", "政策在11月底前出台");
	assert_string_equal(d, "2010-11-30");
	seed_deadline(d, 2012, "2月底前完成", "");
	assert_string_equal(d, "2012-02-29");
	seed_deadline(d, 2010, "2月底前完成", "");
	assert_string_equal(d, "2010-02-28");
	seed_deadline(d, 2010, "完成规划编制", "编制规划");
	assert_string_equal(d, "2010-12-31");
	seed_deadline(d, 2010, "13月底", NULL);
	assert_string_equal(d, "2010-12-31");
	seed_deadline(d, 2010, "月底前完成", NULL);
	assert_string_equal(d, "2010-12-31");
}

/* ---- YAML emission ---- */

static struct ynode *load(const char *text, char **msgs)
{
	struct diag_list d = { 0 };
	struct ynode *doc = NULL;

	ydoc_load(&doc, "t.yaml", text, strlen(text), &d);
	*msgs = diag_text(&d);
	diag_release(&d);
	return doc;
}

static const char *const awkward[] = {
	"", ">=", "<=", "=", "~", "null", "Null", "NULL", "true", "False",
	"yes", "no", "on", "off", "y", "N", "12", "-3", "+4", "8.4", ".5",
	"1e3", "0x1F", "0o17", "1_000", "1:20", ".inf", "-.Inf", ".NaN",
	"2010-12-31", "a: b", "a:", "a #b", "#x", "- x", "-x", "? x", "?x",
	": x", ",x", "[a]", "{a: 1}", "*ref", "&anchor", "!tag", "|",
	">", "%x", "@x", "`x", "'single'", "\"double\"", " lead", "trail ",
	"tab\there", "line\nbreak", "back\\slash", "q\"uote", "...",
	"---", "<<",
	"市经贸委", "5亿元以上项目", "设备、技术投入比重", "“253”工程",
	"a,b [c] {d}", "50%", "x: y #z", "c:\\path",
};

static void test_yemit_roundtrip(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(awkward) / sizeof(awkward[0]); i++) {
		struct yemit e = { 0 };
		struct ynode *doc;
		const struct ynode *v;
		char *text, *msgs;

		yemit_str(&e, 0, "k", awkward[i]);
		yemit_list(&e, 0, "l", (char **)&awkward[i], 1);
		text = yemit_take(&e);
		doc = load(text, &msgs);
		if (!doc)
			fail_msg("%zu: %s\n%s", i, text, msgs);
		v = ynode_get(doc, "k");
		assert_non_null(v);
		if (yscalar_type(v) != YS_STRING || strcmp(v->text, awkward[i]))
			fail_msg("%zu: '%s' read back as %s '%s'", i, text,
				 ynode_type_name(v), v->text);
		v = ynode_get(doc, "l");
		assert_int_equal(v->kind, YNODE_SEQ);
		assert_int_equal(v->n, 1);
		assert_int_equal(yscalar_type(v->kids[0]), YS_STRING);
		assert_string_equal(v->kids[0]->text, awkward[i]);
		ynode_free(doc);
		free(text);
		free(msgs);
	}
}

/*
 * Invisible characters other than tab and line feed are written as
 * escapes, never raw, and ydoc refuses them with a finding (a plan file
 * must not hide text), so they cannot slip through unseen.
 */
static void test_yemit_invisible(void **state)
{
	static const struct {
		const char *s, *written;
	} cases[] = {
		{ "a\xe2\x80\xa8" "b", "k: \"a\\Lb\"\n" },
		{ "a\xe2\x80\xa9" "b", "k: \"a\\Pb\"\n" },
		{ "nel\xc2\x85", "k: \"nel\\x85\"\n" },
		{ "bom\xef\xbb\xbf", "k: \"bom\\uFEFF\"\n" },
		{ "cr\r", "k: \"cr\\r\"\n" },
		{ "bel\a", "k: \"bel\\a\"\n" },
		{ "nul\x01", "k: \"nul\\x01\"\n" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct yemit e = { 0 };
		struct ynode *doc;
		char *text, *msgs;

		yemit_str(&e, 0, "k", cases[i].s);
		text = yemit_take(&e);
		assert_string_equal(text, cases[i].written);
		doc = load(text, &msgs);
		assert_null(doc);
		assert_non_null(strstr(msgs, "t.yaml:1:4: error: invisible "
				       "character"));
		free(text);
		free(msgs);
	}
}

static void test_yemit_plain(void **state)
{
	struct sbuf b = { 0 };

	assert_true(yemit_plain_ok("市经贸委"));
	assert_true(yemit_plain_ok("5亿元以上项目"));
	assert_true(yemit_plain_ok("编制规划,整合资源"));
	assert_true(yemit_plain_ok("not_started"));
	assert_false(yemit_plain_ok(">="));
	assert_false(yemit_plain_ok("~"));
	assert_false(yemit_plain_ok(""));
	assert_false(yemit_plain_ok("100"));
	yemit_scalar(&b, "~");
	yemit_scalar(&b, " ");
	yemit_scalar(&b, "a\"b\\c\td\x01");
	yemit_scalar(&b, "\xe2\x80\xa8");
	assert_string_equal(b.s, "\"~\"\" \"\"a\\\"b\\\\c\\td\\x01\"\"\\L\"");
	sbuf_release(&b);
}

static void test_yemit_number(void **state)
{
	static const struct {
		double v;
		const char *s;
	} cases[] = {
		{ 630, "630" }, { 8.4, "8.4" }, { 0.1, "0.1" }, { -0.0, "0" },
		{ 1000, "1000" }, { -2.5, "-2.5" }, { 1e20, "1e+20" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sbuf b = { 0 };

		yemit_number(&b, cases[i].v);
		assert_string_equal(b.s, cases[i].s);
		sbuf_release(&b);
	}
	{
		struct sbuf b = { 0 };

		yemit_number(&b, 0.1 + 0.2);
		assert_true(strtod(b.s, NULL) == 0.1 + 0.2);
		sbuf_release(&b);
	}
}

static struct schema *load_schema(const char *path)
{
	struct diag_list d = { 0 };
	struct schema *s = NULL;
	char *buf;
	size_t len;

	/* the tests run from the repository root */
	assert_int_equal(read_file(path, &buf, &len, YDOC_MAX_SIZE), 0);
	assert_int_equal(schema_load(&s, path, buf, len, &d), 0);
	free(buf);
	diag_release(&d);
	return s;
}

/* a task built from a row, written, and read back with task_load */
static void test_task_roundtrip(void **state)
{
	static const char table[] =
		SEED_HEADER "\n"
		"一、推进大项目 | 18. 狠抓项目推进,实施“253”工程 | 完成工业投资"
		"630亿元,力争实施投资10亿元以上重大项目20只左右,设备、技术投入"
		"比重保持在60%以上,5月底前完成 | 市经贸委牵头,市财政局、科技局"
		"等部门配合,各县(市、区)负责实施 |\n";
	struct seed_registry r = { 0 };
	struct diag_list d = { 0 };
	struct schema *s = load_schema("schema/task.schema.json");
	struct seed_table t;
	struct task *k, *back;
	struct yemit e = { 0 };
	char *msgs, *text;

	assert_int_equal(parse(&t, table, &msgs), 0);
	free(msgs);
	seed_registry_add(&r, make_unit("jmw", "市经贸委", "经贸委",
					UNIT_DEPARTMENT));
	seed_registry_add(&r, make_unit("czj", "市财政局", NULL,
					UNIT_DEPARTMENT));
	seed_registry_add(&r, make_unit("counties", "各县(市、区)", NULL,
					UNIT_GROUP));
	assert_int_equal(seed_task(&k, &t, 0, &r, 2010, "plan.txt", &d), 0);
	msgs = diag_text(&d);
	assert_string_equal(msgs, "plan.txt:2:95: warning: 配合 unit '科技局' "
			    "of task 18 is not in the units directory: written "
			    "as units/unit-1.yaml (name '市科技局', kind "
			    "department) for the plan office to curate\n");
	free(msgs);
	diag_release(&d);
	assert_string_equal(k->path, "tasks/18.yaml");
	yemit_task(&e, k);
	text = yemit_take(&e);
	assert_int_equal(strncmp(text, "# yaml-language-server: $schema=../"
				 "schema/task.schema.json\nid: 18\ncategory: "
				 "推进大项目\n", 80), 0);
	assert_non_null(strstr(text, "  lead:\n    - jmw\n  cooperate:\n"
			       "    - czj\n    - unit-1\n  implement:\n"
			       "    - counties\n"));
	assert_non_null(strstr(text, "\n  - name: 工业投资\n    op: \">=\"\n"
			       "    target: 630\n    unit: 亿元\n"
			       "    actual: null\n"));
	assert_non_null(strstr(text, "\ndeadline: 2010-05-31\nstatus: "
			       "not_started\nprogress: 0\nas_of: null\n"
			       "note: \"\"\n"));
	if (task_load(&back, "tasks/18.yaml", text, strlen(text), s, &d)) {
		msgs = diag_text(&d);
		fail_msg("%s\n%s", text, msgs);
	}
	assert_int_equal(back->id, 18);
	assert_string_equal(back->content, k->content);
	assert_string_equal(back->target, k->target);
	assert_string_equal(back->units_text, k->units_text);
	assert_int_equal(back->cooperate.n, 2);
	assert_int_equal(back->n_indicators, 3);
	assert_int_equal(back->indicators[1].op, OP_ABOUT);
	assert_string_equal(back->indicators[1].name,
			    "实施投资10亿元以上重大项目");
	assert_string_equal(back->indicators[2].unit, "%");
	assert_true(back->indicators[2].target == 60);
	assert_string_equal(back->deadline, "2010-05-31");
	assert_string_equal(back->as_of, "");
	assert_string_equal(back->note, "");
	task_free(back);
	task_free(k);
	free(text);
	schema_free(s);
	diag_release(&d);
	seed_registry_release(&r);
	seed_table_release(&t);
}

static void test_task_no_lead(void **state)
{
	static const char table[] =
		SEED_HEADER "\n一、甲 | 1. a | b | 市财政局配合 |\n";
	struct seed_registry r = { 0 };
	struct diag_list d = { 0 };
	struct seed_table t;
	struct task *k;
	char *msgs;

	assert_int_equal(parse(&t, table, &msgs), 0);
	free(msgs);
	assert_int_equal(seed_task(&k, &t, 0, &r, 2010, "plan.txt", &d), -1);
	assert_null(k);
	assert_int_equal(d.errors, 1);
	msgs = diag_text(&d);
	assert_non_null(strstr(msgs, "plan.txt:2:18: error: task 1 has no "
			       "leading unit"));
	free(msgs);
	diag_release(&d);
	seed_registry_release(&r);
	seed_table_release(&t);
}

static void test_unit_and_plan_files(void **state)
{
	struct unit *u = make_unit("counties", "各县(市、区)", NULL,
				   UNIT_GROUP);
	struct strlist cats = { 0 };
	struct plan p = { 0 };
	struct yemit e = { 0 };
	char *text;

	strlist_add(&u->members, "ycq");
	strlist_add(&u->members, "sxx");
	yemit_unit(&e, u);
	text = yemit_take(&e);
	assert_string_equal(text, "# yaml-language-server: $schema=../schema/"
			    "unit.schema.json\nid: counties\n"
			    "name: 各县(市、区)\nkind: group\nmembers:\n"
			    "  - ycq\n  - sxx\n");
	free(text);
	strlist_release(&u->members);
	u->admin = 1;
	u->kind = UNIT_OFFICE;
	strlist_add(&u->committers, "*@sx.gov.cn");
	yemit_unit(&e, u);
	text = yemit_take(&e);
	assert_non_null(strstr(text, "kind: office\ncommitters:\n  - "
			       "\"*@sx.gov.cn\"\nadmin: true\n"));
	free(text);
	strlist_add(&cats, "发展新产业");
	p.title = "2010年工作任务";
	p.year = 2010;
	p.categories = cats;
	yemit_plan(&e, &p);
	text = yemit_take(&e);
	assert_string_equal(text, "# yaml-language-server: $schema=schema/"
			    "plan.schema.json\ntitle: 2010年工作任务\n"
			    "year: 2010\ncategories:\n  - 发展新产业\n");
	free(text);
	strlist_release(&cats);
	unit_free(u);
	yemit_release(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_small),
		cmocka_unit_test(test_table_markdown_rule),
		cmocka_unit_test(test_table_numbering_warning),
		cmocka_unit_test(test_table_errors),
		cmocka_unit_test(test_format_roundtrip),
		cmocka_unit_test(test_numerals),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_units_errors),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_registry_read),
		cmocka_unit_test(test_registry_read_findings),
		cmocka_unit_test(test_guess_kind),
		cmocka_unit_test(test_indicators),
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_yemit_roundtrip),
		cmocka_unit_test(test_yemit_invisible),
		cmocka_unit_test(test_yemit_plain),
		cmocka_unit_test(test_yemit_number),
		cmocka_unit_test(test_task_roundtrip),
		cmocka_unit_test(test_task_no_lead),
		cmocka_unit_test(test_unit_and_plan_files),
	};

	return cmocka_run_group_tests_name("seed", tests, NULL, NULL);
}
