/*
 * Unit tests of repo.c: the plan's files read from commits, trees, tags
 * and the index of repositories built for each case by gitfix.h, and the
 * failures a tool must report instead of crashing on (unknown revision,
 * empty, bare and shallow repositories, missing and corrupt objects).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "gitfix.h"
#include "repo.h"
#include "xalloc.h"
#include "ydoc.h"

#include <errno.h>
#include <fcntl.h>

#define WHO "Wang Fang", "wang@jmw.sx.gov.cn"
#define T0 1262304000		/* 2010-01-01 00:00 UTC */
#define DAY 86400

static const char plan_v1[] = "title: plan\nyear: 2010\n";
static const char task1_v1[] = "id: 1\nstatus: not_started\n";
static const char task1_v2[] = "id: 1\nstatus: in_progress\n";
static const char task2[] = "id: 2\nstatus: done\n";
static const char unit_jmw[] = "id: jmw\nname: x\n";
static const char schema[] = "{\"type\": \"object\"}\n";

static void assert_entry(const struct fileset *fs, const char *path,
			 enum file_kind kind, const char *data)
{
	const struct file_entry *e = fileset_find(fs, path);

	if (!e)
		fail_msg("no entry '%s' in fileset '%s'", path, fs->label);
	assert_int_equal(e->kind, kind);
	if (data) {
		assert_non_null(e->data);
		assert_string_equal(e->data, data);
		/* the reason an entry is unreadable is not its content */
		assert_int_equal(e->len, kind == FILE_UNREADABLE ? 0 :
				 strlen(data));
	}
}

/* e's oid is the id git gives content as a blob */
static void assert_blob_oid(const struct fileset *fs, const char *path,
			    const char *content)
{
	const struct file_entry *e = fileset_find(fs, path);
	char hex[GIT_OID_HEXSZ + 1];
	git_oid id;

	assert_non_null(e);
	GITFIX_OK(git_odb_hash(&id, content, strlen(content),
			       GIT_OBJECT_BLOB));
	git_oid_tostr(hex, sizeof(hex), &id);
	assert_string_equal(e->oid, hex);
}

/* a rev that fails: -1, an empty fileset and exactly this message */
static void assert_rev_fails(struct repo *r, const char *rev,
			     const char *want)
{
	struct fileset fs;
	char *msg;
	int ret;

	gitfix_err_begin();
	ret = repo_fileset_rev(&fs, r, rev);
	msg = gitfix_err_end();
	assert_int_equal(ret, -1);
	assert_int_equal(fs.n, 0);
	assert_null(fs.label);
	assert_string_equal(msg, want);
	free(msg);
}

static struct repo *open_ok(const char *dir, unsigned flags)
{
	struct repo *r = NULL;

	assert_int_equal(repo_open(&r, dir, flags), 0);
	assert_non_null(r);
	return r;
}

/* two commits of a small plan: the first tagged v1 */
static void make_history(struct gitfix *fix, git_oid *c1, git_oid *c2)
{
	*c1 = gitfix_commit(fix, WHO, T0, "start the plan",
			    "plan.yaml", plan_v1,
			    "schema/plan.schema.json", schema,
			    "schema/task.schema.json", schema,
			    "tasks/01.yaml", task1_v1,
			    "units/jmw.yaml", unit_jmw,
			    "docs/readme.md", "not part of the plan\n",
			    NULL);
	gitfix_tag(fix, "v1", c1, T0);
	*c2 = gitfix_commit(fix, WHO, T0 + DAY, "task 1 started, task 2 done",
			    "tasks/01.yaml", task1_v2,
			    "tasks/02.yaml", task2,
			    NULL);
}

static void check_second(const struct fileset *fs)
{
	assert_int_equal(fs->n, 6);
	assert_string_equal(fs->v[0].path, "plan.yaml");
	assert_string_equal(fs->v[1].path, "schema/plan.schema.json");
	assert_string_equal(fs->v[2].path, "schema/task.schema.json");
	assert_string_equal(fs->v[3].path, "tasks/01.yaml");
	assert_string_equal(fs->v[4].path, "tasks/02.yaml");
	assert_string_equal(fs->v[5].path, "units/jmw.yaml");
	assert_entry(fs, "plan.yaml", FILE_REGULAR, plan_v1);
	assert_entry(fs, "tasks/01.yaml", FILE_REGULAR, task1_v2);
	assert_entry(fs, "tasks/02.yaml", FILE_REGULAR, task2);
	assert_entry(fs, "units/jmw.yaml", FILE_REGULAR, unit_jmw);
	assert_blob_oid(fs, "tasks/01.yaml", task1_v2);
	assert_blob_oid(fs, "plan.yaml", plan_v1);
}

static void check_first(const struct fileset *fs)
{
	assert_int_equal(fs->n, 5);
	assert_entry(fs, "tasks/01.yaml", FILE_REGULAR, task1_v1);
	assert_blob_oid(fs, "tasks/01.yaml", task1_v1);
	assert_null(fileset_find(fs, "tasks/02.yaml"));
}

static void test_head(void **state)
{
	struct gitfix *fix = *state;
	struct fileset fs;
	struct repo *r;
	git_oid c1, c2;

	make_history(fix, &c1, &c2);
	r = open_ok(fix->dir, 0);
	assert_int_equal(repo_is_empty(r), 0);
	assert_int_equal(repo_is_shallow(r), 0);
	assert_non_null(repo_workdir(r));
	assert_int_equal(repo_fileset_rev(&fs, r, "HEAD"), 0);
	assert_string_equal(fs.label, "HEAD");
	check_second(&fs);
	fileset_release(&fs);
	assert_int_equal(repo_fileset_rev(&fs, r, "main"), 0);
	check_second(&fs);
	fileset_release(&fs);
	repo_free(r);
}

static void test_parent_tree_tag_id(void **state)
{
	char hex[GIT_OID_HEXSZ + 1];
	struct gitfix *fix = *state;
	struct fileset fs;
	git_commit *commit;
	struct repo *r;
	git_oid c1, c2;

	make_history(fix, &c1, &c2);
	r = open_ok(fix->dir, 0);

	assert_int_equal(repo_fileset_rev(&fs, r, "HEAD~1"), 0);
	assert_string_equal(fs.label, "HEAD~1");
	check_first(&fs);
	fileset_release(&fs);

	assert_int_equal(repo_fileset_rev(&fs, r, "v1"), 0);
	assert_string_equal(fs.label, "v1");
	check_first(&fs);
	fileset_release(&fs);

	/* an abbreviated commit id */
	git_oid_tostr(hex, 9, &c1);
	assert_int_equal(repo_fileset_rev(&fs, r, hex), 0);
	check_first(&fs);
	fileset_release(&fs);

	/* a tree id, which no commit names */
	GITFIX_OK(git_commit_lookup(&commit, fix->repo, &c2));
	git_oid_tostr(hex, sizeof(hex), git_commit_tree_id(commit));
	git_commit_free(commit);
	assert_int_equal(repo_fileset_rev(&fs, r, hex), 0);
	assert_string_equal(fs.label, hex);
	check_second(&fs);
	fileset_release(&fs);

	repo_free(r);
}

static void test_unknown_revision(void **state)
{
	struct gitfix *fix = *state;
	struct repo *r;
	git_oid c1, c2;

	make_history(fix, &c1, &c2);
	r = open_ok(fix->dir, 0);
	assert_rev_fails(r, "no-such-branch",
			 "test_repo: error: unknown revision "
			 "'no-such-branch'\n");
	assert_rev_fails(r, "HEAD~5",
			 "test_repo: error: unknown revision 'HEAD~5'\n");
	assert_rev_fails(r, "0123456789abcdef0123456789abcdef01234567",
			 "test_repo: error: unknown revision "
			 "'0123456789abcdef0123456789abcdef01234567'\n");
	assert_rev_fails(r, "HEAD:plan.yaml",
			 "test_repo: error: revision 'HEAD:plan.yaml' is a "
			 "blob, not a commit or a tree\n");
	repo_free(r);
}

static void test_empty_repository(void **state)
{
	struct gitfix *fix = *state;
	struct fileset fs;
	struct repo *r;

	r = open_ok(fix->dir, 0);
	assert_int_equal(repo_is_empty(r), 1);
	assert_rev_fails(r, "HEAD", "test_repo: error: the repository has no "
			 "commits yet\n");
	assert_int_equal(repo_fileset_index(&fs, r), 0);
	assert_string_equal(fs.label, "index");
	assert_int_equal(fs.n, 0);
	fileset_release(&fs);
	repo_free(r);
}

static void test_bare_repository(void **state)
{
	struct gitfix *fix = *state;
	struct fileset fs;
	struct repo *r;
	git_oid c1, c2;
	char *msg, *want;

	make_history(fix, &c1, &c2);
	r = open_ok(fix->dir, 0);
	assert_null(repo_workdir(r));
	assert_int_equal(repo_is_empty(r), 0);
	assert_int_equal(repo_fileset_rev(&fs, r, "HEAD"), 0);
	check_second(&fs);
	fileset_release(&fs);

	gitfix_err_begin();
	assert_int_equal(repo_fileset_index(&fs, r), -1);
	msg = gitfix_err_end();
	want = xasprintf("test_repo: error: cannot read the index of '%s': "
			 "the repository is bare\n", fix->dir);
	assert_string_equal(msg, want);
	assert_int_equal(fs.n, 0);
	free(want);
	free(msg);
	repo_free(r);
}

static void test_open(void **state)
{
	struct gitfix *fix = *state;
	struct repo *r;
	char *sub, *msg, *want;

	gitfix_write(fix, "tasks/01.yaml", task1_v1);
	sub = xasprintf("%s/tasks", fix->dir);

	gitfix_err_begin();
	assert_int_equal(repo_open(&r, sub, 0), -1);
	msg = gitfix_err_end();
	assert_null(r);
	want = xasprintf("test_repo: error: cannot open repository '%s': ",
			 sub);
	assert_memory_equal(msg, want, strlen(want));
	assert_true(msg[strlen(want)] != '\n');
	free(want);
	free(msg);

	r = open_ok(sub, REPO_OPEN_SEARCH);
	assert_int_equal(repo_is_empty(r), 1);
	repo_free(r);
	free(sub);
}

static void test_index(void **state)
{
	git_index_entry ita;
	git_index *index;
	struct gitfix *fix = *state;
	struct fileset fs;
	struct repo *r;
	git_oid c1, c2;

	make_history(fix, &c1, &c2);
	/* staged: a new task 1, a task 3, task 2 removed; the working tree
	 * holds yet other text for task 1 */
	gitfix_stage(fix, "tasks/01.yaml", "id: 1\nstatus: at_risk\n");
	gitfix_stage(fix, "tasks/03.yaml", "id: 3\n");
	gitfix_stage(fix, "tasks/02.yaml", NULL);
	gitfix_write(fix, "tasks/01.yaml", "id: 1\nstatus: done\n");
	gitfix_write(fix, "tasks/04.yaml", "id: 4\n");
	/* git add -N tasks/05.yaml: known to the index, not yet staged */
	GITFIX_OK(git_repository_index(&index, fix->repo));
	memset(&ita, 0, sizeof(ita));
	ita.path = "tasks/05.yaml";
	ita.mode = GIT_FILEMODE_BLOB;
	ita.flags_extended = GIT_INDEX_ENTRY_INTENT_TO_ADD;
	GITFIX_OK(git_blob_create_from_buffer(&ita.id, fix->repo, "", 0));
	GITFIX_OK(git_index_add(index, &ita));
	GITFIX_OK(git_index_write(index));
	git_index_free(index);

	r = open_ok(fix->dir, 0);
	assert_int_equal(repo_fileset_index(&fs, r), 0);
	assert_string_equal(fs.label, "index");
	assert_int_equal(fs.n, 6);
	assert_entry(&fs, "tasks/01.yaml", FILE_REGULAR,
		     "id: 1\nstatus: at_risk\n");
	assert_blob_oid(&fs, "tasks/01.yaml", "id: 1\nstatus: at_risk\n");
	assert_entry(&fs, "tasks/03.yaml", FILE_REGULAR, "id: 3\n");
	assert_entry(&fs, "plan.yaml", FILE_REGULAR, plan_v1);
	assert_entry(&fs, "schema/task.schema.json", FILE_REGULAR, schema);
	assert_null(fileset_find(&fs, "tasks/02.yaml"));
	assert_null(fileset_find(&fs, "tasks/04.yaml"));
	assert_null(fileset_find(&fs, "tasks/05.yaml"));
	assert_null(fileset_find(&fs, "docs/readme.md"));
	fileset_release(&fs);

	/* a later change to the index is seen by an open repository */
	gitfix_stage(fix, "tasks/03.yaml", NULL);
	assert_int_equal(repo_fileset_index(&fs, r), 0);
	assert_int_equal(fs.n, 5);
	assert_null(fileset_find(&fs, "tasks/03.yaml"));
	fileset_release(&fs);

	/* HEAD is untouched by the index */
	assert_int_equal(repo_fileset_rev(&fs, r, "HEAD"), 0);
	check_second(&fs);
	fileset_release(&fs);
	repo_free(r);
}

static void test_index_conflict(void **state)
{
	git_index_entry anc, ours, theirs;
	struct gitfix *fix = *state;
	struct fileset fs;
	git_index *index;
	struct repo *r;
	git_oid c1, c2;

	make_history(fix, &c1, &c2);
	GITFIX_OK(git_repository_index(&index, fix->repo));
	memset(&anc, 0, sizeof(anc));
	anc.path = "tasks/02.yaml";
	anc.mode = GIT_FILEMODE_BLOB;
	GITFIX_OK(git_blob_create_from_buffer(&anc.id, fix->repo, "a\n", 2));
	ours = anc;
	GITFIX_OK(git_blob_create_from_buffer(&ours.id, fix->repo, "o\n", 2));
	theirs = anc;
	GITFIX_OK(git_blob_create_from_buffer(&theirs.id, fix->repo, "t\n",
					      2));
	GITFIX_OK(git_index_conflict_add(index, &anc, &ours, &theirs));
	GITFIX_OK(git_index_write(index));
	git_index_free(index);

	r = open_ok(fix->dir, 0);
	assert_int_equal(repo_fileset_index(&fs, r), 0);
	assert_int_equal(fs.n, 6);
	assert_entry(&fs, "tasks/02.yaml", FILE_UNREADABLE,
		     "unresolved merge conflict");
	assert_entry(&fs, "tasks/01.yaml", FILE_REGULAR, task1_v2);
	fileset_release(&fs);
	repo_free(r);
}

static void check_odd_entries(const struct fileset *fs)
{
	assert_int_equal(fs->n, 9);
	assert_entry(fs, "tasks/01.yaml", FILE_REGULAR, task1_v1);
	assert_entry(fs, "tasks/02.yaml", FILE_SYMLINK, "01.yaml");
	assert_entry(fs, "tasks/03.yaml", FILE_SYMLINK, "../units/./jmw.yaml");
	assert_entry(fs, "tasks/04.yaml", FILE_OUTSIDE, "../../etc/passwd");
	assert_entry(fs, "tasks/05.yaml", FILE_OUTSIDE, "/etc/passwd");
	assert_entry(fs, "tasks/06.yaml", FILE_OUTSIDE, "sub/../../../x");
	assert_entry(fs, "tasks/sub", FILE_DIRECTORY, NULL);
	assert_entry(fs, "units/jmw.yaml", FILE_REGULAR, unit_jmw);
	assert_entry(fs, "units/mod", FILE_OTHER, NULL);
	assert_blob_oid(fs, "tasks/02.yaml", "01.yaml");
	/* hidden names are skipped, as in the working tree */
	assert_null(fileset_find(fs, "tasks/.gitkeep"));
	assert_null(fileset_find(fs, "tasks/sub/07.yaml"));
}

static void test_odd_entries(void **state)
{
	struct gitfix *fix = *state;
	struct fileset fs;
	struct repo *r;
	git_oid c1;

	c1 = gitfix_commit(fix, WHO, T0, "odd entries",
			   "tasks/01.yaml", task1_v1,
			   "120000 tasks/02.yaml", "01.yaml",
			   "120000 tasks/03.yaml", "../units/./jmw.yaml",
			   "120000 tasks/04.yaml", "../../etc/passwd",
			   "120000 tasks/05.yaml", "/etc/passwd",
			   "120000 tasks/06.yaml", "sub/../../../x",
			   "tasks/sub/07.yaml", "id: 7\n",
			   "tasks/.gitkeep", "",
			   "units/jmw.yaml", unit_jmw,
			   "160000 units/mod",
			   "0123456789abcdef0123456789abcdef01234567",
			   NULL);
	(void)c1;
	r = open_ok(fix->dir, 0);
	assert_int_equal(repo_fileset_rev(&fs, r, "HEAD"), 0);
	check_odd_entries(&fs);
	fileset_release(&fs);
	/* the index, where tasks/sub is only a prefix of its files */
	assert_int_equal(repo_fileset_index(&fs, r), 0);
	check_odd_entries(&fs);
	fileset_release(&fs);
	repo_free(r);
}

/* a tree id whose tasks/ holds n entries, all the same small blob */
static void tree_of_tasks(char hex[GIT_OID_HEXSZ + 1], struct gitfix *fix,
			  size_t n)
{
	git_treebuilder *tasks = NULL, *root = NULL;
	git_oid blob, sub, top;
	char name[32];
	size_t i;

	assert_int_equal(git_blob_create_from_buffer(&blob, fix->repo,
						     "id: 1\n", 6), 0);
	assert_int_equal(git_treebuilder_new(&tasks, fix->repo, NULL), 0);
	for (i = 1; i <= n; i++) {
		snprintf(name, sizeof(name), "%05zu.yaml", i);
		assert_int_equal(git_treebuilder_insert(NULL, tasks, name, &blob,
							GIT_FILEMODE_BLOB), 0);
	}
	assert_int_equal(git_treebuilder_write(&sub, tasks), 0);
	assert_int_equal(git_treebuilder_new(&root, fix->repo, NULL), 0);
	assert_int_equal(git_treebuilder_insert(NULL, root, "tasks", &sub,
						GIT_FILEMODE_TREE), 0);
	assert_int_equal(git_treebuilder_write(&top, root), 0);
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &top);
	git_treebuilder_free(tasks);
	git_treebuilder_free(root);
}

/* PLAN_MAX_FILES entries in tasks/ are read; one more is refused unread */
static void test_too_many(void **state)
{
	struct gitfix *fix = *state;
	char hex[GIT_OID_HEXSZ + 1], *want;
	struct fileset fs;
	struct repo *r = open_ok(fix->dir, 0);

	tree_of_tasks(hex, fix, PLAN_MAX_FILES);
	assert_int_equal(repo_fileset_rev(&fs, r, hex), 0);
	assert_int_equal(fs.n, PLAN_MAX_FILES);
	fileset_release(&fs);
	tree_of_tasks(hex, fix, PLAN_MAX_FILES + 1);
	want = xasprintf("test_repo: error: tasks/ at '%s' holds %d entries, "
			 "over the limit of %d (docs/limits.md): not read\n",
			 hex, PLAN_MAX_FILES + 1, PLAN_MAX_FILES);
	assert_rev_fails(r, hex, want);
	free(want);
	repo_free(r);
}

static void test_too_large(void **state)
{
	struct gitfix *fix = *state;
	struct fileset fs;
	struct repo *r;
	char *big = xmalloc(YDOC_MAX_SIZE + 2);
	const struct file_entry *e;

	memset(big, '#', YDOC_MAX_SIZE + 1);
	big[YDOC_MAX_SIZE + 1] = '\0';
	gitfix_commit(fix, WHO, T0, "one byte too many",
		      "tasks/01.yaml", big, NULL);
	big[YDOC_MAX_SIZE] = '\0';
	gitfix_commit(fix, WHO, T0, "just right", "tasks/02.yaml", big, NULL);
	r = open_ok(fix->dir, 0);
	assert_int_equal(repo_fileset_rev(&fs, r, "HEAD"), 0);
	e = fileset_find(&fs, "tasks/01.yaml");
	assert_non_null(e);
	assert_int_equal(e->kind, FILE_TOO_LARGE);
	assert_null(e->data);
	assert_int_equal(e->len, YDOC_MAX_SIZE + 1);
	assert_int_equal(strlen(e->oid), GIT_OID_HEXSZ);
	e = fileset_find(&fs, "tasks/02.yaml");
	assert_non_null(e);
	assert_int_equal(e->kind, FILE_REGULAR);
	assert_int_equal(e->len, YDOC_MAX_SIZE);
	assert_int_equal(e->data[YDOC_MAX_SIZE], '\0');
	fileset_release(&fs);
	repo_free(r);
	free(big);
}

/* the loose object of blob content, removed or overwritten */
static void break_blob(struct gitfix *fix, const char *content, int corrupt)
{
	char path[4096];
	git_oid id;
	int fd;

	GITFIX_OK(git_odb_hash(&id, content, strlen(content),
			       GIT_OBJECT_BLOB));
	gitfix_loose_path(path, sizeof(path), fix, &id);
	/* already removed, to be written corrupt */
	assert_true(unlink(path) == 0 || errno == ENOENT);
	if (!corrupt)
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0444);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "not zlib", 8), 8);
	close(fd);
}

static void test_broken_blobs(void **state)
{
	struct gitfix *fix = *state;
	struct fileset fs;
	struct repo *r;
	git_oid c1, c2;

	make_history(fix, &c1, &c2);
	break_blob(fix, task2, 0);
	break_blob(fix, unit_jmw, 1);
	r = open_ok(fix->dir, 0);
	/* a commit's tree naming a missing object: damage, no fileset */
	assert_int_equal(repo_fileset_rev(&fs, r, "HEAD"), -1);
	assert_int_equal(fs.n, 0);
	/* a corrupt one is damage as well: read, it would be a guess */
	break_blob(fix, task2, 1);
	assert_int_equal(repo_fileset_rev(&fs, r, "HEAD"), -1);
	assert_int_equal(fs.n, 0);
	/* the index names the same blobs: there (git add -N writes no
	 * object) an object that cannot be read is an unreadable file */
	assert_int_equal(repo_fileset_index(&fs, r), 0);
	assert_entry(&fs, "tasks/02.yaml", FILE_UNREADABLE, NULL);
	fileset_release(&fs);
	repo_free(r);
}

static void test_shallow(void **state)
{
	char path[4096], hex[GIT_OID_HEXSZ + 2];
	struct gitfix *fix = *state;
	struct fileset fs;
	struct repo *r;
	git_oid c1, c2;
	char *msg;
	FILE *f;

	make_history(fix, &c1, &c2);
	/* what a clone with --depth 1 holds: c2 and its tree, a shallow
	 * file naming c2, and no c1 (nor the tag that points to it) */
	gitfix_loose_path(path, sizeof(path), fix, &c1);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof(path), "%srefs/tags/v1",
		 git_repository_path(fix->repo));
	assert_int_equal(unlink(path), 0);
	/* without the shallow file, the missing parent is damage */
	r = open_ok(fix->dir, 0);
	gitfix_err_begin();
	assert_int_equal(repo_fileset_rev(&fs, r, "HEAD~1"), -1);
	msg = gitfix_err_end();
	assert_non_null(strstr(msg, "test_repo: error: cannot read revision "
			       "'HEAD~1': "));
	assert_null(strstr(msg, "shallow"));
	free(msg);
	repo_free(r);

	snprintf(path, sizeof(path), "%sshallow",
		 git_repository_path(fix->repo));
	git_oid_tostr(hex, sizeof(hex), &c2);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%s\n", hex);
	assert_int_equal(fclose(f), 0);

	r = open_ok(fix->dir, 0);
	assert_int_equal(repo_is_shallow(r), 1);
	assert_int_equal(repo_fileset_rev(&fs, r, "HEAD"), 0);
	check_second(&fs);
	fileset_release(&fs);
	assert_rev_fails(r, "HEAD~1", "test_repo: error: cannot read "
			 "revision 'HEAD~1': the history is cut by a shallow "
			 "clone\n");
	repo_free(r);
}

/*
 * A pre-receive hook: the pushed commit is only in the quarantine object
 * directory, which git names in GIT_OBJECT_DIRECTORY, with the
 * repository's own objects as GIT_ALTERNATE_OBJECT_DIRECTORIES.
 */
static void test_quarantine(void **state)
{
	char quarantine[4096], objects[4096], hex[GIT_OID_HEXSZ + 1];
	git_repository *home, *pushed = NULL;
	struct gitfix *fix = *state;
	struct fileset fs;
	struct repo *r;
	git_oid c1, c2, c3;
	char *want;

	make_history(fix, &c1, &c2);
	snprintf(quarantine, sizeof(quarantine), "%s/incoming", fix->dir);
	assert_int_equal(mkdir(quarantine, 0777), 0);
	snprintf(objects, sizeof(objects), "%sobjects",
		 git_repository_path(fix->repo));
	assert_int_equal(setenv("GIT_DIR", git_repository_path(fix->repo), 1),
			 0);
	assert_int_equal(setenv("GIT_OBJECT_DIRECTORY", quarantine, 1), 0);
	assert_int_equal(setenv("GIT_ALTERNATE_OBJECT_DIRECTORIES", objects,
				1), 0);
	/* write the pushed commit as receive-pack would: into quarantine */
	GITFIX_OK(git_repository_open_ext(&pushed, NULL,
					  GIT_REPOSITORY_OPEN_FROM_ENV, NULL));
	home = fix->repo;
	fix->repo = pushed;
	fix->ref = NULL;
	c3 = gitfix_commit(fix, WHO, T0 + 2 * DAY, "pushed",
			   "tasks/03.yaml", "id: 3\n", NULL);
	fix->repo = home;
	git_repository_free(pushed);
	git_oid_tostr(hex, sizeof(hex), &c3);

	/* the hook's view, found through GIT_DIR */
	r = open_ok(".", REPO_OPEN_FROM_ENV);
	assert_int_equal(repo_fileset_rev(&fs, r, hex), 0);
	assert_int_equal(fs.n, 7);
	assert_entry(&fs, "tasks/03.yaml", FILE_REGULAR, "id: 3\n");
	assert_entry(&fs, "tasks/01.yaml", FILE_REGULAR, task1_v2);
	fileset_release(&fs);
	repo_free(r);

	/* without GIT_DIR, from the work tree */
	unsetenv("GIT_DIR");
	r = open_ok(fix->dir, REPO_OPEN_FROM_ENV);
	assert_int_equal(repo_fileset_rev(&fs, r, hex), 0);
	assert_int_equal(fs.n, 7);
	fileset_release(&fs);
	repo_free(r);

	/* only REPO_OPEN_FROM_ENV looks into the quarantine */
	r = open_ok(fix->dir, 0);
	want = xasprintf("test_repo: error: unknown revision '%s'\n", hex);
	assert_rev_fails(r, hex, want);
	repo_free(r);

	/* and without the variables, FROM_ENV sees the repository alone */
	unsetenv("GIT_OBJECT_DIRECTORY");
	unsetenv("GIT_ALTERNATE_OBJECT_DIRECTORIES");
	r = open_ok(fix->dir, REPO_OPEN_FROM_ENV);
	assert_rev_fails(r, hex, want);
	free(want);
	repo_free(r);
}

/* gitfix itself: deletions, branches and merges build the history asked */
static void test_gitfix_history(void **state)
{
	struct gitfix *fix = *state;
	struct fileset fs;
	struct repo *r;
	git_commit *merge;
	git_oid c1, c2, side, m;

	make_history(fix, &c1, &c2);
	gitfix_branch(fix, "side", &c1);
	git_oid_cpy(&fix->head, &c1);
	fix->ref = "refs/heads/side";
	side = gitfix_commit(fix, WHO, T0 + 2 * DAY, "side work",
			     "units/jmw.yaml", NULL,
			     "units/zones.yaml", "id: zones\n", NULL);
	git_oid_cpy(&fix->head, &c2);
	fix->ref = "HEAD";
	m = gitfix_merge(fix, &side, WHO, T0 + 3 * DAY, "merge side",
			 "units/jmw.yaml", NULL, "units/zones.yaml",
			 "id: zones\n", "docs/readme.md", NULL, NULL);
	GITFIX_OK(git_commit_lookup(&merge, fix->repo, &m));
	assert_int_equal(git_commit_parentcount(merge), 2);
	assert_true(git_oid_equal(git_commit_parent_id(merge, 0), &c2));
	assert_true(git_oid_equal(git_commit_parent_id(merge, 1), &side));
	assert_int_equal(git_commit_time(merge), T0 + 3 * DAY);
	assert_int_equal(git_commit_time_offset(merge), 480);
	git_commit_free(merge);

	r = open_ok(fix->dir, 0);
	assert_int_equal(repo_fileset_rev(&fs, r, "side"), 0);
	assert_int_equal(fs.n, 5);
	assert_null(fileset_find(&fs, "units/jmw.yaml"));
	assert_entry(&fs, "units/zones.yaml", FILE_REGULAR, "id: zones\n");
	assert_entry(&fs, "tasks/01.yaml", FILE_REGULAR, task1_v1);
	fileset_release(&fs);
	assert_int_equal(repo_fileset_rev(&fs, r, "HEAD^2"), 0);
	assert_entry(&fs, "units/zones.yaml", FILE_REGULAR, "id: zones\n");
	fileset_release(&fs);
	assert_int_equal(repo_fileset_rev(&fs, r, "HEAD"), 0);
	assert_int_equal(fs.n, 6);
	assert_entry(&fs, "tasks/02.yaml", FILE_REGULAR, task2);
	assert_entry(&fs, "units/zones.yaml", FILE_REGULAR, "id: zones\n");
	assert_null(fileset_find(&fs, "units/jmw.yaml"));
	fileset_release(&fs);
	repo_free(r);
}

/* each test gets a new repository, removed even when the test fails */
static int fix_setup(void **state)
{
	struct gitfix *fix = xcalloc(1, sizeof(*fix));

	gitfix_init(fix);
	*state = fix;
	return 0;
}

static int fix_setup_bare(void **state)
{
	struct gitfix *fix = xcalloc(1, sizeof(*fix));

	gitfix_init_bare(fix);
	*state = fix;
	return 0;
}

static int fix_teardown(void **state)
{
	unsetenv("GIT_DIR");
	unsetenv("GIT_OBJECT_DIRECTORY");
	unsetenv("GIT_ALTERNATE_OBJECT_DIRECTORIES");
	gitfix_release(*state);
	free(*state);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	diag_set_program("test_repo");
	repo_init();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	repo_shutdown();
	return 0;
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, fix_setup, fix_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_head),
		TEST(test_parent_tree_tag_id),
		TEST(test_unknown_revision),
		TEST(test_empty_repository),
		cmocka_unit_test_setup_teardown(test_bare_repository,
						fix_setup_bare, fix_teardown),
		TEST(test_open),
		TEST(test_index),
		TEST(test_index_conflict),
		TEST(test_odd_entries),
		TEST(test_too_large),
		TEST(test_too_many),
		TEST(test_broken_blobs),
		TEST(test_shallow),
		TEST(test_quarantine),
		TEST(test_gitfix_history),
	};

	return cmocka_run_group_tests_name("repo", tests, setup, teardown);
}
