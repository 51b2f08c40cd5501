/*
 * gitfix: throw-away git repositories for the unit tests, built with
 * libgit2 alone (no git program, no checkout), so that a test states its
 * history exactly: authors, times, messages, merges.
 *
 * Each test file compiles alone, so everything here is static inline.
 * Include it after cmocka.h's prerequisites; a libgit2 failure fails the
 * running test with libgit2's message.
 *
 *	struct gitfix fix;
 *	git_oid c1;
 *
 *	gitfix_init(&fix);
 *	c1 = gitfix_commit(&fix, "Li Lei", "li@jmw.sx.gov.cn", 1262304000,
 *			   "add task 1",
 *			   "plan.yaml", "title: x\n",
 *			   "tasks/01.yaml", "id: 1\n",
 *			   NULL);
 *	gitfix_commit(&fix, "Li Lei", "li@jmw.sx.gov.cn", 1262390400,
 *		      "drop task 1", "tasks/01.yaml", NULL, NULL);
 *	...
 *	gitfix_release(&fix);
 *
 * Files are (path, content) pairs ended by a NULL path, applied to the
 * tree of fix.head; a NULL content deletes the path (and a directory left
 * empty).  A path may start with a git mode and a space, as ls-tree prints
 * it: "120000 tasks/02.yaml" makes a symbolic link whose content is the
 * target, "160000 units/sub" a submodule whose content is a commit id.
 *
 * The working tree is never written by a commit; gitfix_write writes one
 * file there.  A commit that moves HEAD in a non-bare repository also
 * resets the index to its tree, as git commit leaves it.
 *
 * What the suites that read a fixture through repo.c share: gitfix_setup
 * and gitfix_teardown, cmocka per-test fixtures whose *state is a new
 * struct gitfix (and repo_init done); gitfix_open, the fixture as a
 * struct repo; gitfix_err_begin and gitfix_err_end, what the code between
 * them writes to stderr; gitfix_rmtree, which removes a directory and
 * everything below it (a clone made next to the fixture).
 */
#ifndef GITFIX_H
#define GITFIX_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "repo.h"
#include "xalloc.h"

struct gitfix {
	char dir[64];		/* the temporary directory: the work tree,
				 * or the git directory when bare */
	git_repository *repo;	/* owned */
	git_oid head;		/* the last commit made; zero before any */
	const char *ref;	/* what the next commit moves: "HEAD" (the
				 * default), a full ref name, or NULL */
	int offset;		/* signature time zone in minutes (+480) */
};

/* fail the test when a libgit2 call fails, with libgit2's reason */
#define GITFIX_OK(expr) do { \
	if ((expr) < 0) { \
		const git_error *gitfix_e_ = git_error_last(); \
		fail_msg("%s: %s", #expr, gitfix_e_ && gitfix_e_->message ? \
			 gitfix_e_->message : "unknown error"); \
	} \
} while (0)

static inline void gitfix_init_ext(struct gitfix *fix, int bare)
{
	git_repository_init_options opts;
	const char *tmp = getenv("TMPDIR");
	int level;

	memset(fix, 0, sizeof(*fix));
	fix->ref = "HEAD";
	fix->offset = 480;
	if (!tmp || !*tmp || strlen(tmp) > sizeof(fix->dir) - 16)
		tmp = "/tmp";
	snprintf(fix->dir, sizeof(fix->dir), "%s/gitfix-XXXXXX", tmp);
	if (!mkdtemp(fix->dir))
		fail_msg("mkdtemp %s: %s", fix->dir, strerror(errno));
	git_libgit2_init();
	/* no user or system configuration may change a fixture */
	for (level = GIT_CONFIG_LEVEL_PROGRAMDATA;
	     level <= GIT_CONFIG_LEVEL_GLOBAL; level++)
		GITFIX_OK(git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level,
					   fix->dir));
	GITFIX_OK(git_repository_init_options_init(&opts,
			GIT_REPOSITORY_INIT_OPTIONS_VERSION));
	opts.flags = GIT_REPOSITORY_INIT_MKPATH |
		(bare ? GIT_REPOSITORY_INIT_BARE : 0);
	opts.initial_head = "main";
	GITFIX_OK(git_repository_init_ext(&fix->repo, fix->dir, &opts));
}

/* a new repository with a work tree in a new temporary directory */
static inline void gitfix_init(struct gitfix *fix)
{
	gitfix_init_ext(fix, 0);
}

static inline void gitfix_init_bare(struct gitfix *fix)
{
	gitfix_init_ext(fix, 1);
}

static inline int gitfix_rm_(const char *path, const struct stat *st,
			     int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* remove dir and everything below it, following no link */
static inline void gitfix_rmtree(const char *dir)
{
	nftw(dir, gitfix_rm_, 16, FTW_DEPTH | FTW_PHYS);
}

/* remove the repository and its directory */
static inline void gitfix_release(struct gitfix *fix)
{
	if (!fix->dir[0])
		return;
	git_repository_free(fix->repo);
	gitfix_rmtree(fix->dir);
	git_libgit2_shutdown();
	memset(fix, 0, sizeof(*fix));
}

/*
 * Set path (below the tree base, or below nothing) to content with mode,
 * or delete it when content is NULL; *out is the new tree.
 */
static inline void gitfix_put_(git_oid *out, git_repository *repo,
			       const git_oid *base, const char *path,
			       const char *content, unsigned mode)
{
	const char *slash = strchr(path, '/');
	git_treebuilder *tb = NULL;
	git_tree *tree = NULL;
	git_oid id, sub, empty;

	if (base)
		GITFIX_OK(git_tree_lookup(&tree, repo, base));
	GITFIX_OK(git_treebuilder_new(&tb, repo, tree));
	if (!slash && !content) {
		git_treebuilder_remove(tb, path);
	} else if (!slash) {
		if (mode == GIT_FILEMODE_COMMIT)
			GITFIX_OK(git_oid_fromstr(&id, content));
		else
			GITFIX_OK(git_blob_create_from_buffer(&id, repo,
					content, strlen(content)));
		GITFIX_OK(git_treebuilder_insert(NULL, tb, path, &id, mode));
	} else {
		char *name = strndup(path, (size_t)(slash - path));
		const git_tree_entry *e = git_treebuilder_get(tb, name);
		int has = e && git_tree_entry_type(e) == GIT_OBJECT_TREE;

		if (has)
			git_oid_cpy(&id, git_tree_entry_id(e));
		gitfix_put_(&sub, repo, has ? &id : NULL, slash + 1, content,
			    mode);
		GITFIX_OK(git_oid_fromstr(&empty,
				"4b825dc642cb6eb9a060e54bf8d69288fbee4904"));
		if (git_oid_equal(&sub, &empty))
			git_treebuilder_remove(tb, name);
		else
			GITFIX_OK(git_treebuilder_insert(NULL, tb, name, &sub,
						GIT_FILEMODE_TREE));
		free(name);
	}
	git_error_clear();
	GITFIX_OK(git_treebuilder_write(out, tb));
	git_treebuilder_free(tb);
	git_tree_free(tree);
}

/* point fix->ref at id */
static inline void gitfix_move_ref_(struct gitfix *fix, const git_oid *id,
				    const char *msg)
{
	git_reference *ref = NULL, *moved = NULL;
	const char *name = fix->ref;

	if (!name)
		return;
	if (!strcmp(name, "HEAD")) {
		GITFIX_OK(git_reference_lookup(&ref, fix->repo, "HEAD"));
		if (git_reference_type(ref) != GIT_REFERENCE_SYMBOLIC) {
			GITFIX_OK(git_repository_set_head_detached(fix->repo,
								   id));
			git_reference_free(ref);
			return;
		}
		name = git_reference_symbolic_target(ref);
	}
	GITFIX_OK(git_reference_create(&moved, fix->repo, name, id, 1, msg));
	git_reference_free(moved);
	git_reference_free(ref);
}

/* the commit of the files in ap on fix->head, with other as 2nd parent */
static inline git_oid gitfix_vcommit_(struct gitfix *fix,
				      const git_oid *other, const char *name,
				      const char *email, git_time_t when,
				      const char *msg, va_list ap)
{
	git_commit *parents[2] = { NULL, NULL };
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_oid tree_id, id;
	int have_tree = 0;
	size_t n = 0, i;
	const char *path;

	if (!git_oid_is_zero(&fix->head)) {
		GITFIX_OK(git_commit_lookup(&parents[n++], fix->repo,
					    &fix->head));
		git_oid_cpy(&tree_id, git_commit_tree_id(parents[0]));
		have_tree = 1;
	}
	if (other)
		GITFIX_OK(git_commit_lookup(&parents[n++], fix->repo, other));
	while ((path = va_arg(ap, const char *))) {
		const char *content = va_arg(ap, const char *);
		unsigned mode = GIT_FILEMODE_BLOB;
		char *end;
		unsigned long m = strtoul(path, &end, 8);

		if (end - path == 6 && *end == ' ') {
			mode = (unsigned)m;
			path = end + 1;
		}
		gitfix_put_(&tree_id, fix->repo, have_tree ? &tree_id : NULL,
			    path, content, mode);
		have_tree = 1;
	}
	if (!have_tree)		/* a root commit of no files: the empty tree */
		gitfix_put_(&tree_id, fix->repo, NULL, "none", NULL, 0);
	GITFIX_OK(git_tree_lookup(&tree, fix->repo, &tree_id));
	GITFIX_OK(git_signature_new(&sig, name, email, when, fix->offset));
	GITFIX_OK(git_commit_create(&id, fix->repo, NULL, sig, sig, NULL, msg,
				    tree, n,
				    (const git_commit **)parents));
	gitfix_move_ref_(fix, &id, msg);
	if (fix->ref && !strcmp(fix->ref, "HEAD") &&
	    !git_repository_is_bare(fix->repo)) {
		git_index *index = NULL;

		GITFIX_OK(git_repository_index(&index, fix->repo));
		GITFIX_OK(git_index_read_tree(index, tree));
		GITFIX_OK(git_index_write(index));
		git_index_free(index);
	}
	git_oid_cpy(&fix->head, &id);
	git_signature_free(sig);
	git_tree_free(tree);
	for (i = 0; i < n; i++)
		git_commit_free(parents[i]);
	return id;
}

/* a commit on fix->head changing the files that follow (NULL-ended) */
static inline git_oid gitfix_commit(struct gitfix *fix, const char *name,
				    const char *email, git_time_t when,
				    const char *msg, ...)
{
	va_list ap;
	git_oid id;

	va_start(ap, msg);
	id = gitfix_vcommit_(fix, NULL, name, email, when, msg, ap);
	va_end(ap);
	return id;
}

/* a merge commit: parents fix->head and other, then the files' changes */
static inline git_oid gitfix_merge(struct gitfix *fix, const git_oid *other,
				   const char *name, const char *email,
				   git_time_t when, const char *msg, ...)
{
	va_list ap;
	git_oid id;

	va_start(ap, msg);
	id = gitfix_vcommit_(fix, other, name, email, when, msg, ap);
	va_end(ap);
	return id;
}

/*
 * Create (or move) branch refs/heads/name at commit at.  To commit on it,
 * set fix->head to at and fix->ref to "refs/heads/name".
 */
static inline void gitfix_branch(struct gitfix *fix, const char *name,
				 const git_oid *at)
{
	git_commit *commit = NULL;
	git_reference *ref = NULL;

	GITFIX_OK(git_commit_lookup(&commit, fix->repo, at));
	GITFIX_OK(git_branch_create(&ref, fix->repo, name, commit, 1));
	git_reference_free(ref);
	git_commit_free(commit);
}

/* an annotated tag name on the object at */
static inline void gitfix_tag(struct gitfix *fix, const char *name,
			      const git_oid *at, git_time_t when)
{
	git_object *target = NULL;
	git_signature *sig = NULL;
	git_oid id;

	GITFIX_OK(git_object_lookup(&target, fix->repo, at, GIT_OBJECT_ANY));
	GITFIX_OK(git_signature_new(&sig, "tagger", "tagger@example.org",
				    when, fix->offset));
	GITFIX_OK(git_tag_create(&id, fix->repo, name, target, sig, name, 1));
	git_signature_free(sig);
	git_object_free(target);
}

/* stage content at path in the index (NULL: remove it from the index) */
static inline void gitfix_stage(struct gitfix *fix, const char *path,
				const char *content)
{
	git_index_entry e;
	git_index *index = NULL;

	GITFIX_OK(git_repository_index(&index, fix->repo));
	if (content) {
		memset(&e, 0, sizeof(e));
		e.path = path;
		e.mode = GIT_FILEMODE_BLOB;
		GITFIX_OK(git_index_add_from_buffer(index, &e, content,
						    strlen(content)));
	} else {
		GITFIX_OK(git_index_remove_bypath(index, path));
	}
	GITFIX_OK(git_index_write(index));
	git_index_free(index);
}

/* write content to path in the work tree, making its directories */
static inline void gitfix_write(struct gitfix *fix, const char *path,
				const char *content)
{
	char full[4096], *p;
	FILE *f;

	snprintf(full, sizeof(full), "%s/%s", fix->dir, path);
	for (p = full + strlen(fix->dir) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(full, 0777) && errno != EEXIST)
			fail_msg("mkdir %s: %s", full, strerror(errno));
		*p = '/';
	}
	f = fopen(full, "w");
	if (!f || fputs(content, f) < 0 || fclose(f))
		fail_msg("write %s: %s", full, strerror(errno));
}

/* the file a loose object id is stored in (to delete or corrupt it) */
static inline void gitfix_loose_path(char *buf, size_t size,
				     struct gitfix *fix, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), id);
	snprintf(buf, size, "%sobjects/%.2s/%s",
		 git_repository_path(fix->repo), hex, hex + 2);
}

/*
 * cmocka per-test setup: *state is a new repository (gitfix_init) and
 * repo.c is ready (repo_init); gitfix_teardown undoes both, and runs
 * even when the test fails.
 */
static inline int gitfix_setup(void **state)
{
	struct gitfix *fix = xcalloc(1, sizeof(*fix));

	gitfix_init(fix);
	repo_init();
	*state = fix;
	return 0;
}

static inline int gitfix_teardown(void **state)
{
	struct gitfix *fix = *state;

	repo_shutdown();
	gitfix_release(fix);
	free(fix);
	return 0;
}

/* the fixture opened by repo.c, as a tool opens it; the caller frees it */
static inline struct repo *gitfix_open(struct gitfix *fix)
{
	struct repo *r = NULL;

	assert_int_equal(repo_open(&r, fix->dir, 0), 0);
	return r;
}

/*
 * What the code between gitfix_err_begin and gitfix_err_end writes to
 * stderr (diag's findings and failures), through a temporary file so
 * that a write by any means is caught; gitfix_err_end gives it back ("" if
 * nothing), the caller frees it.  One capture at a time.
 */
static int gitfix_err_fd_ = -1;		/* the real stderr, while captured */
static FILE *gitfix_err_file_;

static inline void gitfix_err_begin(void)
{
	fflush(stderr);
	gitfix_err_file_ = tmpfile();
	assert_non_null(gitfix_err_file_);
	gitfix_err_fd_ = dup(2);
	assert_true(gitfix_err_fd_ >= 0);
	assert_true(dup2(fileno(gitfix_err_file_), 2) >= 0);
}

static inline char *gitfix_err_end(void)
{
	struct sbuf b = { 0 };
	char chunk[512];
	size_t got;

	fflush(stderr);
	dup2(gitfix_err_fd_, 2);
	close(gitfix_err_fd_);
	gitfix_err_fd_ = -1;
	rewind(gitfix_err_file_);
	while ((got = fread(chunk, 1, sizeof(chunk), gitfix_err_file_)))
		sbuf_add(&b, chunk, got);
	fclose(gitfix_err_file_);
	gitfix_err_file_ = NULL;
	return sbuf_take(&b);
}

#endif
