/*
 * Unit tests of history.c: which commits a walk hands over and with which
 * changed files, in which order, with which filters; root commits, merges,
 * renames, removals, hidden entries; that unchanged blobs are never read;
 * and a real shallow clone (made with git itself, since the test is about
 * what git writes), whose cut must be reported, not crashed on.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "gitfix.h"
#include "history.h"
#include "repo.h"
#include "xalloc.h"

#define LI "Li Lei", "li@jmw.sx.gov.cn"
#define WANG "Wang Fang", "wang@fgw.sx.gov.cn"
#define T0 1262304000		/* 2010-01-01 00:00 UTC */
#define DAY 86400

static const char plan_v1[] = "title: plan\nyear: 2010\n";
static const char schema[] = "{\"type\": \"object\"}\n";
static const char unit_jmw[] = "id: jmw\nname: x\n";

/*
 * One line per commit, "SUMMARY by NAME <EMAIL> @TIME+OFFSET parents N:",
 * then one per change: " A|D|M PATH [old -> new]" with the blob texts
 * (newlines shown as '/') or the kind of a non-regular entry.
 */
static void side(struct sbuf *b, int kind, const char *data)
{
	const char *p;

	switch (kind) {
	case FILE_REGULAR:
		for (p = data; *p; p++)
			sbuf_addc(b, *p == '\n' ? '/' : *p);
		break;
	case FILE_DIRECTORY: sbuf_adds(b, "(dir)"); break;
	case FILE_SYMLINK: sbuf_adds(b, "(link)"); break;
	case FILE_TOO_LARGE: sbuf_adds(b, "(large)"); break;
	default: sbuf_adds(b, "(other)"); break;
	}
}

static int collect(const struct commit_info *ci,
		   const struct history_change *ch, size_t n, void *payload)
{
	struct sbuf *b = payload;
	size_t i;

	sbuf_printf(b, "%s by %s <%s> @%lld%+d parents %zu:\n", ci->summary,
		    ci->author_name, ci->author_email, (long long)ci->time,
		    ci->tz_offset, ci->n_parents);
	for (i = 0; i < n; i++) {
		const struct history_change *c = &ch[i];
		char st = !c->old_oid[0] ? 'A' : !c->new_oid[0] ? 'D' : 'M';

		sbuf_printf(b, " %c %s [", st, c->path);
		if (c->old_oid[0])
			side(b, c->old_kind, c->old_data);
		sbuf_adds(b, " -> ");
		if (c->new_oid[0])
			side(b, c->new_kind, c->new_data);
		sbuf_adds(b, "]\n");
		/* what the header promises about absent sides */
		if (!c->old_oid[0])
			assert_true(!c->old_data && !c->old_mode);
		if (!c->new_oid[0])
			assert_true(!c->new_data && !c->new_mode);
		if (i)
			assert_true(strcmp(ch[i - 1].path, c->path) < 0);
	}
	return 0;
}

/* the whole walk as text; ret is what history_walk must return */
static char *walk(struct repo *r, const char *range, int reverse,
		  int64_t since, int64_t until, int all_parents, int ret)
{
	struct history_opts o = {
		.range = range, .reverse = reverse, .all_parents = all_parents,
		.since = since, .until = until
	};
	struct sbuf b = { 0 };

	sbuf_adds(&b, "");
	assert_int_equal(history_walk(r, &o, collect, &b), ret);
	return sbuf_take(&b);
}

/*
 * c1 (root) the plan; c2 README only; c3 task 1 progress by Wang;
 * c4 task 2 added, .gitkeep added, task 1 renamed to 001; c5 task 2
 * removed.  A day apart each.
 */
static void make_history(struct gitfix *fix, git_oid *c)
{
	c[0] = gitfix_commit(fix, LI, T0, "start the plan",
			     "plan.yaml", plan_v1,
			     "schema/task.schema.json", schema,
			     "tasks/01.yaml", "id: 1\nprogress: 0\n",
			     "units/jmw.yaml", unit_jmw,
			     NULL);
	c[1] = gitfix_commit(fix, LI, T0 + DAY, "readme",
			     "README.md", "the plan\n", NULL);
	c[2] = gitfix_commit(fix, WANG, T0 + 2 * DAY, "task 1 at 35",
			     "tasks/01.yaml", "id: 1\nprogress: 35\n", NULL);
	c[3] = gitfix_commit(fix, LI, T0 + 3 * DAY, "task 2, rename 1",
			     "tasks/01.yaml", NULL,
			     "tasks/001.yaml", "id: 1\nprogress: 35\n",
			     "tasks/02.yaml", "id: 2\n",
			     "tasks/.gitkeep", "",
			     NULL);
	c[4] = gitfix_commit(fix, WANG, T0 + 4 * DAY, "drop task 2",
			     "tasks/02.yaml", NULL, NULL);
}

static const char full_log[] =
	"drop task 2 by Wang Fang <wang@fgw.sx.gov.cn> @1262649600+480 "
	"parents 1:\n"
	" D tasks/02.yaml [id: 2/ -> ]\n"
	"task 2, rename 1 by Li Lei <li@jmw.sx.gov.cn> @1262563200+480 "
	"parents 1:\n"
	" A tasks/001.yaml [ -> id: 1/progress: 35/]\n"
	" D tasks/01.yaml [id: 1/progress: 35/ -> ]\n"
	" A tasks/02.yaml [ -> id: 2/]\n"
	"task 1 at 35 by Wang Fang <wang@fgw.sx.gov.cn> @1262476800+480 "
	"parents 1:\n"
	" M tasks/01.yaml [id: 1/progress: 0/ -> id: 1/progress: 35/]\n"
	"start the plan by Li Lei <li@jmw.sx.gov.cn> @1262304000+480 "
	"parents 0:\n"
	" A plan.yaml [ -> title: plan/year: 2010/]\n"
	" A schema/task.schema.json [ -> {\"type\": \"object\"}/]\n"
	" A tasks/01.yaml [ -> id: 1/progress: 0/]\n"
	" A units/jmw.yaml [ -> id: jmw/name: x/]\n";

static void walk_newest_first(void **state)
{
	struct gitfix *fix = *state;
	struct repo *r;
	git_oid c[5];
	char *got;

	make_history(fix, c);
	r = gitfix_open(fix);
	got = walk(r, NULL, 0, 0, 0, 0, 0);
	assert_string_equal(got, full_log);
	free(got);
	got = walk(r, "main", 0, 0, 0, 0, 0);
	assert_string_equal(got, full_log);
	free(got);
	repo_free(r);
}

static void walk_reverse(void **state)
{
	struct gitfix *fix = *state;
	struct repo *r;
	git_oid c[5];
	char *got;

	make_history(fix, c);
	r = gitfix_open(fix);
	got = walk(r, "HEAD~2..HEAD", 1, 0, 0, 0, 0);
	assert_string_equal(got,
		"task 2, rename 1 by Li Lei <li@jmw.sx.gov.cn> @1262563200+480 "
		"parents 1:\n"
		" A tasks/001.yaml [ -> id: 1/progress: 35/]\n"
		" D tasks/01.yaml [id: 1/progress: 35/ -> ]\n"
		" A tasks/02.yaml [ -> id: 2/]\n"
		"drop task 2 by Wang Fang <wang@fgw.sx.gov.cn> "
		"@1262649600+480 parents 1:\n"
		" D tasks/02.yaml [id: 2/ -> ]\n");
	free(got);
	repo_free(r);
}

static void walk_time_bounds(void **state)
{
	struct gitfix *fix = *state;
	struct repo *r;
	git_oid c[5];
	char *got;

	make_history(fix, c);
	r = gitfix_open(fix);
	/* both bounds are inclusive */
	got = walk(r, NULL, 0, T0 + 2 * DAY, T0 + 3 * DAY - 1, 0, 0);
	assert_string_equal(got,
		"task 1 at 35 by Wang Fang <wang@fgw.sx.gov.cn> "
		"@1262476800+480 parents 1:\n"
		" M tasks/01.yaml [id: 1/progress: 0/ -> id: 1/progress: 35/]"
		"\n");
	free(got);
	got = walk(r, NULL, 0, T0 + 5 * DAY, 0, 0, 0);
	assert_string_equal(got, "");
	free(got);
	repo_free(r);
}

static int stop_first(const struct commit_info *ci,
		      const struct history_change *ch, size_t n,
		      void *payload)
{
	(void)ci;
	(void)ch;
	(void)n;
	++*(int *)payload;
	return 42;
}

static void walk_stops(void **state)
{
	struct gitfix *fix = *state;
	struct history_opts o = { 0 };
	struct repo *r;
	git_oid c[5];
	int calls = 0;

	make_history(fix, c);
	r = gitfix_open(fix);
	assert_int_equal(history_walk(r, &o, stop_first, &calls), 42);
	assert_int_equal(calls, 1);
	repo_free(r);
}

/* the blobs of unchanged files are never read: delete one, walk anyway */
static void unchanged_blobs_not_read(void **state)
{
	struct gitfix *fix = *state;
	char path[4096];
	struct repo *r;
	git_oid c[5], id;
	char *got;

	make_history(fix, c);
	GITFIX_OK(git_odb_hash(&id, unit_jmw, strlen(unit_jmw),
			       GIT_OBJECT_BLOB));
	gitfix_loose_path(path, sizeof(path), fix, &id);
	assert_int_equal(remove(path), 0);
	r = gitfix_open(fix);
	got = walk(r, "HEAD~4..HEAD", 0, 0, 0, 0, 0);
	assert_non_null(strstr(got, "D tasks/02.yaml"));
	assert_null(strstr(got, "units/"));
	free(got);
	/* the root commit reads it: a missing object is damage, and the
	 * walk stops rather than judge a commit without its file */
	got = walk(r, NULL, 0, 0, 0, 0, -1);
	assert_null(strstr(got, "units/jmw.yaml"));
	free(got);
	repo_free(r);
}

static void merges(void **state)
{
	struct gitfix *fix = *state;
	struct repo *r;
	git_oid c[5], side_tip, base;
	char *got, *all, *want;

	make_history(fix, c);
	/* a branch from c3 that sets task 1 to 50, merged into main */
	base = c[2];
	gitfix_branch(fix, "dept", &base);
	fix->ref = "refs/heads/dept";
	fix->head = base;
	side_tip = gitfix_commit(fix, WANG, T0 + 5 * DAY, "task 1 at 50",
				 "tasks/01.yaml", "id: 1\nprogress: 50\n",
				 NULL);
	fix->ref = "HEAD";
	fix->head = c[4];
	gitfix_merge(fix, &side_tip, LI, T0 + 6 * DAY, "merge dept",
		     "tasks/001.yaml", "id: 1\nprogress: 50\n",
		     "tasks/01.yaml", NULL, NULL);
	r = gitfix_open(fix);
	got = walk(r, "HEAD~1..HEAD", 0, 0, 0, 0, 0);
	assert_string_equal(got,
		"merge dept by Li Lei <li@jmw.sx.gov.cn> @1262822400+480 "
		"parents 2:\n"
		" M tasks/001.yaml [id: 1/progress: 35/ -> id: 1/progress: "
		"50/]\n"
		"task 1 at 50 by Wang Fang <wang@fgw.sx.gov.cn> "
		"@1262736000+480 parents 1:\n"
		" M tasks/01.yaml [id: 1/progress: 35/ -> id: 1/progress: "
		"50/]\n");
	free(got);
	/* against each parent: the second sees the rename and task 2 */
	got = walk(r, "HEAD~1..HEAD", 0, 0, 0, 1, 0);
	assert_string_equal(got,
		"merge dept by Li Lei <li@jmw.sx.gov.cn> @1262822400+480 "
		"parents 2:\n"
		" M tasks/001.yaml [id: 1/progress: 35/ -> id: 1/progress: "
		"50/]\n"
		"merge dept by Li Lei <li@jmw.sx.gov.cn> @1262822400+480 "
		"parents 2:\n"
		" A tasks/001.yaml [ -> id: 1/progress: 50/]\n"
		" D tasks/01.yaml [id: 1/progress: 50/ -> ]\n"
		"task 1 at 50 by Wang Fang <wang@fgw.sx.gov.cn> "
		"@1262736000+480 parents 1:\n"
		" M tasks/01.yaml [id: 1/progress: 35/ -> id: 1/progress: "
		"50/]\n");
	/* the whole history, as it goes: the same, then main's commits */
	all = walk(r, NULL, 0, 0, 0, 1, 0);
	want = xasprintf("%s%s", got, full_log);
	assert_string_equal(all, want);
	free(want);
	free(all);
	free(got);
	repo_free(r);
}

static void entry_kinds(void **state)
{
	struct gitfix *fix = *state;
	struct repo *r;
	char *got;

	gitfix_commit(fix, LI, T0, "start", "tasks/01.yaml", "id: 1\n", NULL);
	gitfix_commit(fix, LI, T0 + DAY, "odd entries",
		      "120000 tasks/02.yaml", "01.yaml",
		      "tasks/sub/03.yaml", "id: 3\n",
		      "160000 units/sub",
		      "0123456789012345678901234567890123456789",
		      "plan.yaml/x", "a directory where a file belongs\n",
		      NULL);
	/* a change inside a directory of tasks/ changes no plan file */
	gitfix_commit(fix, LI, T0 + 2 * DAY, "inside sub",
		      "tasks/sub/03.yaml", "id: 33\n", NULL);
	r = gitfix_open(fix);
	got = walk(r, "HEAD~2..HEAD", 0, 0, 0, 0, 0);
	assert_string_equal(got,
		"odd entries by Li Lei <li@jmw.sx.gov.cn> @1262390400+480 "
		"parents 1:\n"
		" A plan.yaml [ -> (dir)]\n"
		" A tasks/02.yaml [ -> (link)]\n"
		" A tasks/sub [ -> (dir)]\n"
		" A units/sub [ -> (other)]\n");
	free(got);
	/* one blob as a file and as a link's target: each keeps its kind,
	 * in one commit and handed over from one commit to its parent */
	gitfix_commit(fix, LI, T0 + 3 * DAY, "same blob",
		      "tasks/04.yaml", "01.yaml",
		      "120000 tasks/05.yaml", "01.yaml", NULL);
	gitfix_commit(fix, LI, T0 + 4 * DAY, "swap",
		      "120000 tasks/04.yaml", "01.yaml",
		      "tasks/05.yaml", "01.yaml", NULL);
	got = walk(r, "HEAD~2..HEAD", 0, 0, 0, 0, 0);
	assert_string_equal(got,
		"swap by Li Lei <li@jmw.sx.gov.cn> @1262649600+480 "
		"parents 1:\n"
		" M tasks/04.yaml [01.yaml -> (link)]\n"
		" M tasks/05.yaml [(link) -> 01.yaml]\n"
		"same blob by Li Lei <li@jmw.sx.gov.cn> @1262563200+480 "
		"parents 1:\n"
		" A tasks/04.yaml [ -> 01.yaml]\n"
		" A tasks/05.yaml [ -> (link)]\n");
	free(got);
	repo_free(r);
}

static void one_commit(void **state)
{
	struct gitfix *fix = *state;
	struct sbuf b = { 0 };
	struct repo *r;
	git_oid c[5];

	make_history(fix, c);
	r = gitfix_open(fix);
	sbuf_adds(&b, "");
	assert_int_equal(history_commit(r, "HEAD~3", collect, &b), 0);
	assert_int_equal(history_commit(r, "HEAD~2", collect, &b), 0);
	assert_string_equal(b.s,
		"readme by Li Lei <li@jmw.sx.gov.cn> @1262390400+480 "
		"parents 1:\n"
		"task 1 at 35 by Wang Fang <wang@fgw.sx.gov.cn> "
		"@1262476800+480 parents 1:\n"
		" M tasks/01.yaml [id: 1/progress: 0/ -> id: 1/progress: 35/]"
		"\n");
	sbuf_release(&b);
	repo_free(r);
}

/* what one callback saw of its commit */
struct seen {
	char id[41], parent[41];
	char *committer, *message;
	long long commit_time;
	size_t n;
};

static int keep_info(const struct commit_info *ci,
		     const struct history_change *ch, size_t n, void *payload)
{
	struct seen *s = payload;

	(void)ch;
	memcpy(s->id, ci->id, sizeof(s->id));
	memcpy(s->parent, ci->parent, sizeof(s->parent));
	s->committer = xasprintf("%s <%s> %+d", ci->committer_name,
				 ci->committer_email, ci->commit_tz_offset);
	s->message = xstrdup(ci->message);
	s->commit_time = (long long)ci->commit_time;
	s->n = n;
	return 0;
}

static void commit_info_fields(void **state)
{
	struct gitfix *fix = *state;
	struct seen s = { 0 };
	struct repo *r;
	char hex[41];
	git_oid c[5];

	make_history(fix, c);
	r = gitfix_open(fix);
	assert_int_equal(history_commit(r, "HEAD~2", keep_info, &s), 0);
	git_oid_tostr(hex, sizeof(hex), &c[2]);
	assert_string_equal(s.id, hex);
	git_oid_tostr(hex, sizeof(hex), &c[1]);
	assert_string_equal(s.parent, hex);
	assert_string_equal(s.committer, "Wang Fang <wang@fgw.sx.gov.cn> +480");
	assert_string_equal(s.message, "task 1 at 35");
	assert_int_equal(s.commit_time, T0 + 2 * DAY);
	assert_int_equal(s.n, 1);
	free(s.committer);
	free(s.message);
	assert_int_equal(history_commit(r, "HEAD~4", keep_info, &s), 0);
	assert_string_equal(s.parent, "");
	assert_int_equal(s.n, 4);
	free(s.committer);
	free(s.message);
	repo_free(r);
}

static void bad_ranges(void **state)
{
	struct gitfix *fix = *state;
	struct history_opts o = { 0 };
	struct repo *r;
	git_oid c[5];
	char *msg;

	r = gitfix_open(fix);
	gitfix_err_begin();
	assert_int_equal(history_walk(r, &o, collect, NULL), -1);
	msg = gitfix_err_end();
	assert_non_null(strstr(msg, "no commits yet"));
	free(msg);
	repo_free(r);

	make_history(fix, c);
	r = gitfix_open(fix);
	o.range = "nosuch";
	gitfix_err_begin();
	assert_int_equal(history_walk(r, &o, collect, NULL), -1);
	msg = gitfix_err_end();
	assert_non_null(strstr(msg, "unknown revision 'nosuch'"));
	free(msg);
	o.range = "HEAD...HEAD~1";
	gitfix_err_begin();
	assert_int_equal(history_walk(r, &o, collect, NULL), -1);
	msg = gitfix_err_end();
	assert_non_null(strstr(msg, "symmetric"));
	free(msg);
	o.range = "nosuch..HEAD";
	gitfix_err_begin();
	assert_int_equal(history_walk(r, &o, collect, NULL), -1);
	msg = gitfix_err_end();
	assert_string_equal(msg, "test_history: error: unknown revision "
			    "'nosuch'\n");
	free(msg);
	repo_free(r);
}

/* commits no reference reaches: what a push brings, oldest first */
static void walk_new_commits(void **state)
{
	struct gitfix *fix = *state;
	char hex[41], *tips[1] = { hex };
	struct sbuf b = { 0 };
	struct repo *r;
	git_oid c[5], n2;

	make_history(fix, c);
	fix->ref = NULL;
	gitfix_commit(fix, WANG, T0 + 5 * DAY, "pushed 1", "tasks/02.yaml",
		      "id: 2\n", NULL);
	gitfix_commit(fix, WANG, T0 + 6 * DAY, "pushed readme", "README.md",
		      "x\n", NULL);
	n2 = gitfix_commit(fix, WANG, T0 + 7 * DAY, "pushed 2",
			   "tasks/02.yaml", "id: 2\nprogress: 5\n", NULL);
	r = gitfix_open(fix);
	git_oid_tostr(hex, sizeof(hex), &n2);
	sbuf_adds(&b, "");
	assert_int_equal(history_walk_new(r, tips, 1, collect, &b), 0);
	assert_string_equal(b.s,
		"pushed 1 by Wang Fang <wang@fgw.sx.gov.cn> @1262736000+480 "
		"parents 1:\n"
		" A tasks/02.yaml [ -> id: 2/]\n"
		"pushed 2 by Wang Fang <wang@fgw.sx.gov.cn> @1262908800+480 "
		"parents 1:\n"
		" M tasks/02.yaml [id: 2/ -> id: 2/progress: 5/]\n");
	sbuf_release(&b);
	/* a commit the refs reach brings nothing new */
	git_oid_tostr(hex, sizeof(hex), &c[3]);
	sbuf_adds(&b, "");
	assert_int_equal(history_walk_new(r, tips, 1, collect, &b), 0);
	assert_string_equal(b.s, "");
	sbuf_release(&b);
	repo_free(r);
}

static void resolve_and_ancestry(void **state)
{
	struct gitfix *fix = *state;
	char hex[41], id[41], *msg;
	struct repo *r;
	git_oid c[5];

	make_history(fix, c);
	r = gitfix_open(fix);
	git_oid_tostr(hex, sizeof(hex), &c[0]);
	assert_int_equal(history_resolve(id, r, "HEAD~4"), 0);
	assert_string_equal(id, hex);
	hex[8] = '\0';
	assert_int_equal(history_resolve(id, r, hex), 0);
	assert_int_equal(strncmp(id, hex, 8), 0);
	assert_int_equal(strlen(id), 40);
	assert_int_equal(history_resolve(id, r, "nosuch"), 1);
	assert_string_equal(id, "");
	assert_int_equal(history_is_ancestor(r, "HEAD~4", "HEAD"), 1);
	assert_int_equal(history_is_ancestor(r, "HEAD", "HEAD~4"), 0);
	assert_int_equal(history_is_ancestor(r, "HEAD~1", "HEAD~1"), 1);
	gitfix_err_begin();
	assert_int_equal(history_is_ancestor(r, "nosuch", "HEAD"), -1);
	msg = gitfix_err_end();
	assert_string_equal(msg, "test_history: error: unknown commit "
			    "'nosuch'\n");
	free(msg);
	repo_free(r);
}

/* run a shell command; the test fails when it does */
static void sh(const char *fmt, ...)
{
	struct sbuf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	sbuf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (system(b.s) != 0)
		fail_msg("command failed: %s", b.s);
	sbuf_release(&b);
}

/* a clone of fix with --depth depth, made by git; the caller removes dir */
static void shallow_clone(char *dir, size_t size, struct gitfix *fix,
			  int depth)
{
	snprintf(dir, size, "%s-clone", fix->dir);
	sh("git -c protocol.file.allow=always clone -q --no-local "
	   "--depth %d file://%s %s 2>/dev/null", depth, fix->dir, dir);
}

static void shallow(void **state)
{
	struct gitfix *fix = *state;
	char dir[128], hex[41], *got, *msg, *want;
	struct repo *r = NULL;
	git_oid c[5];

	make_history(fix, c);
	shallow_clone(dir, sizeof(dir), fix, 2);
	assert_int_equal(repo_open(&r, dir, 0), 0);
	assert_int_equal(repo_is_shallow(r), 1);
	git_oid_tostr(hex, sizeof(hex), &c[3]);
	want = xasprintf("%s: error: history is cut by a shallow clone at %s; "
			 "fetch more with git fetch --deepen or --unshallow\n",
			 diag_program(), hex);

	/* the commits above the cut are reported, then the cut */
	gitfix_err_begin();
	got = walk(r, NULL, 0, 0, 0, 0, -1);
	msg = gitfix_err_end();
	assert_string_equal(got,
		"drop task 2 by Wang Fang <wang@fgw.sx.gov.cn> "
		"@1262649600+480 parents 1:\n"
		" D tasks/02.yaml [id: 2/ -> ]\n");
	assert_string_equal(msg, want);
	free(got);
	free(msg);

	/* oldest first: the same */
	gitfix_err_begin();
	got = walk(r, NULL, 1, 0, 0, 0, -1);
	msg = gitfix_err_end();
	assert_non_null(strstr(got, "drop task 2"));
	assert_string_equal(msg, want);
	free(got);
	free(msg);

	/* a range that stays above the cut is whole: no message */
	gitfix_err_begin();
	got = walk(r, "HEAD~1..HEAD", 0, 0, 0, 0, 0);
	msg = gitfix_err_end();
	assert_non_null(strstr(got, "drop task 2"));
	assert_string_equal(msg, "");
	free(got);
	free(msg);

	/* the boundary commit itself cannot be compared */
	gitfix_err_begin();
	assert_int_equal(history_commit(r, "HEAD~1", collect, NULL), -1);
	msg = gitfix_err_end();
	assert_string_equal(msg, want);
	free(msg);
	free(want);
	repo_free(r);
	gitfix_rmtree(dir);
}

static void shallow_depth_one(void **state)
{
	struct gitfix *fix = *state;
	char dir[128], hex[41], *got, *msg, *want;
	struct repo *r = NULL;
	git_oid c[5];

	make_history(fix, c);
	shallow_clone(dir, sizeof(dir), fix, 1);
	assert_int_equal(repo_open(&r, dir, 0), 0);
	git_oid_tostr(hex, sizeof(hex), &c[4]);
	want = xasprintf("%s: error: history is cut by a shallow clone at %s; "
			 "fetch more with git fetch --deepen or --unshallow\n",
			 diag_program(), hex);
	gitfix_err_begin();
	got = walk(r, NULL, 0, 0, 0, 0, -1);
	msg = gitfix_err_end();
	assert_string_equal(got, "");
	assert_string_equal(msg, want);
	free(got);
	free(msg);
	free(want);
	repo_free(r);
	gitfix_rmtree(dir);
}

/* repo_init bounds libgit2's object cache, and a long walk stays in it */
static void cache_bounded(void **state)
{
	struct gitfix *fix = *state;
	ssize_t used = 0, allowed = 0;
	struct repo *r;
	char body[64];
	char *got;
	int i;

	GITFIX_OK(git_libgit2_opts(GIT_OPT_GET_CACHED_MEMORY, &used,
				   &allowed));
	assert_true(allowed > 0 && allowed <= 64 * 1024 * 1024);
	for (i = 0; i < 200; i++) {
		snprintf(body, sizeof(body), "id: 1\nprogress: %d\n", i % 100);
		gitfix_commit(fix, LI, T0 + i * 60, "progress", "tasks/01.yaml",
			      body, NULL);
	}
	r = gitfix_open(fix);
	got = walk(r, NULL, 0, 0, 0, 0, 0);
	GITFIX_OK(git_libgit2_opts(GIT_OPT_GET_CACHED_MEMORY, &used,
				   &allowed));
	/* the walk keeps what it needs itself: libgit2's cache stays empty
	 * (a walk of 100,000 commits grew it to 590 MiB when it was on) */
	assert_int_equal(used, 0);
	assert_non_null(strstr(got, "progress"));
	free(got);
	repo_free(r);
}

/* the summaries of the commits a walk hands over, one per line */
static int names(const struct commit_info *ci,
		 const struct history_change *ch, size_t n, void *payload)
{
	(void)ch;
	(void)n;
	sbuf_printf(payload, "%s\n", ci->summary);
	return 0;
}

static char *walk_names(struct repo *r, int reverse)
{
	struct history_opts o = { .reverse = reverse };
	struct sbuf b = { 0 };

	sbuf_adds(&b, "");
	assert_int_equal(history_walk(r, &o, names, &b), 0);
	return sbuf_take(&b);
}

/* a commit on fix->head named name, at time t, that changes task 1 */
static git_oid step(struct gitfix *fix, const char *name, int64_t t)
{
	char body[64];

	snprintf(body, sizeof(body), "id: 1\nnote: %s\n", name);
	return gitfix_commit(fix, LI, t, name, "tasks/01.yaml", body, NULL);
}

/* every name in want (space-separated) once in got, and nothing else */
static void each_once(const char *got, const char *want)
{
	char *w = xstrdup(want), *save = NULL, *name;
	size_t lines = 0, n = 0;
	const char *p;

	for (p = got; *p; p++)
		lines += *p == '\n';
	for (name = strtok_r(w, " ", &save); name;
	     name = strtok_r(NULL, " ", &save), n++) {
		char line[64];
		const char *at;

		snprintf(line, sizeof(line), "%s\n", name);
		at = strstr(got, line);
		while (at && at != got && at[-1] != '\n')
			at = strstr(at + 1, line);
		assert_non_null(at);
	}
	assert_int_equal(lines, n);
	free(w);
}

/*
 * Newest first, the walk remembers only what it must not show twice:
 * shapes where a commit is reached by two paths must still show it once,
 * whatever the dates say.  Every commit at the same second makes the
 * order first-queued first-out; a branch whose clock was years behind
 * makes the fork point come out long before the branch reaches it.
 */
static void walk_reaches_once(void **state)
{
	struct gitfix *fix = *state;
	struct repo *r;
	git_oid y, z, a, q, m2, f;
	char *got;

	y = step(fix, "y", T0);
	z = step(fix, "z", T0);
	a = step(fix, "a", T0);
	fix->head = z;
	step(fix, "q3", T0);
	step(fix, "q2", T0);
	step(fix, "q1", T0);
	q = step(fix, "b", T0);
	fix->head = a;
	gitfix_merge(fix, &q, LI, T0, "m", "tasks/01.yaml", "id: 1\n", NULL);
	r = gitfix_open(fix);
	got = walk_names(r, 0);
	each_once(got, "m a b q1 q2 q3 z y");
	free(got);
	got = walk_names(r, 1);
	each_once(got, "m a b q1 q2 q3 z y");
	free(got);
	repo_free(r);
	(void)y;

	/* f, then main m1 m2 and a branch q dated 2000, merged */
	gitfix_release(fix);
	gitfix_init(fix);
	step(fix, "r", T0);
	f = step(fix, "f", T0 + DAY);
	step(fix, "m1", T0 + 2 * DAY);
	m2 = step(fix, "m2", T0 + 3 * DAY);
	fix->head = f;
	q = step(fix, "q", 946684800);
	fix->head = m2;
	gitfix_merge(fix, &q, LI, T0 + 4 * DAY, "merge", "tasks/01.yaml",
		     "id: 1\n", NULL);
	r = gitfix_open(fix);
	got = walk_names(r, 0);
	assert_string_equal(got, "merge\nm2\nm1\nf\nr\nq\n");
	free(got);
	repo_free(r);
}

int main(void)
{
#define TEST(f) \
	cmocka_unit_test_setup_teardown(f, gitfix_setup, gitfix_teardown)
	const struct CMUnitTest tests[] = {
		TEST(walk_newest_first),
		TEST(walk_reverse),
		TEST(walk_time_bounds),
		TEST(walk_stops),
		TEST(unchanged_blobs_not_read),
		TEST(merges),
		TEST(entry_kinds),
		TEST(one_commit),
		TEST(commit_info_fields),
		TEST(bad_ranges),
		TEST(walk_new_commits),
		TEST(resolve_and_ancestry),
		TEST(shallow),
		TEST(shallow_depth_one),
		TEST(cache_bounded),
		TEST(walk_reaches_once),
	};

	diag_set_program("test_history");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
