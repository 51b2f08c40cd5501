/*
 * repo: every git access of the tools, through libgit2 (repo.c and
 * history*.c are the only files that include git2.h, through
 * repo_impl.h).  Reads the plan from the index or from any commit or
 * tree as blobs: never a checkout, never a git subprocess.
 *
 * Failures are reported with diag_fail() ("PROG: error: ...", libgit2's
 * own text where it has one) and return -1; the caller exits with
 * EXIT_TROUBLE.
 *
 * Ownership: repo_open gives a repo the caller frees with repo_free.
 * Filesets filled here are the caller's (fileset_release).
 */
#ifndef REPO_H
#define REPO_H

#include "fileset.h"

struct repo;

enum {
	REPO_OPEN_SEARCH = 1,	/* look upwards from dir for the repository */
	REPO_OPEN_FROM_ENV = 2,	/* honour GIT_DIR, GIT_OBJECT_DIRECTORY and
				 * GIT_ALTERNATE_OBJECT_DIRECTORIES, as a
				 * pre-receive hook must (quarantine) */
	REPO_OPEN_QUIET = 4	/* no repository is no message (still -1) */
};

/* call once in main() before any other repo_ call, and repo_shutdown at end */
void repo_init(void);

/* libgit2's text for its last failure in this thread, or "unknown error" */
const char *repo_git_msg(void);
void repo_shutdown(void);

int repo_open(struct repo **out, const char *dir, unsigned flags);
void repo_free(struct repo *r);

/* the working directory ("/path/"), or NULL for a bare repository */
const char *repo_workdir(const struct repo *r);
/*
 * The value of git config key in the repository's own configuration (and
 * the global and system files git reads), in *out (caller frees): 0, 1
 * when the key is not set (*out NULL), -1 after diag_fail.  Server-side
 * settings (plan.founding, plan.account.NAME) live there, where no push
 * can change them.
 */
int repo_config_get(char **out, struct repo *r, const char *key);

/* does the repository have no commit yet (unborn HEAD)? */
int repo_is_empty(struct repo *r);
/* the same asked quietly: 1 when HEAD names a commit, else 0 (unborn, or
 * unreadable: whoever needs HEAD says why) */
int repo_has_head(struct repo *r);
int repo_is_shallow(struct repo *r);

/*
 * The plan's files as committed at rev (any revision git understands:
 * HEAD, a branch, a tag, an abbreviated id, HEAD~3, a tree id).
 * out->label is set to rev.
 */
int repo_fileset_rev(struct fileset *out, struct repo *r, const char *rev);
/* the same; without tasks/ when tasks is 0 (plan.yaml, schema/, units/) */
int repo_fileset_rev_of(struct fileset *out, struct repo *r, const char *rev,
			int tasks);
/* the plan's files as staged in the index (what a commit would record) */
int repo_fileset_index(struct fileset *out, struct repo *r);

#endif
