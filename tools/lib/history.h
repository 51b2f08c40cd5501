/*
 * history: walk commits and hand over, for each commit, the plan files it
 * changed against its first parent.  Cost follows the commits that touch
 * the plan: the tree ids of plan.yaml, schema/, tasks/ and units/ (then of
 * each entry of a changed directory) are compared before any blob is
 * read, and only changed blobs are read.  What a comparison read of the
 * parent (its trees, its blobs) serves the next commit of the walk, which
 * is usually that parent.  Memory does not grow with the changes: only
 * libgit2's revision walk keeps a small node per commit walked (about
 * 0.3 KiB), and its object cache is bounded in repo_init.  history*.c and
 * repo.c are the only files that include git2.h (repo_impl.h).
 */
#ifndef HISTORY_H
#define HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "repo.h"

struct commit_info {
	char id[41];
	const char *author_name;	/* borrowed: valid in the callback */
	const char *author_email;
	int64_t time;			/* author time, seconds since epoch */
	int tz_offset;			/* minutes east of UTC */
	const char *summary;		/* first line of the message */
	size_t n_parents;
	char parent[41];		/* the parent compared with (the first
					 * unless all_parents), "" for a root
					 * commit */
	const char *committer_name;	/* borrowed, as the author's */
	const char *committer_email;
	int64_t commit_time;
	int commit_tz_offset;
	const char *message;		/* the whole message */
};

struct history_change {
	const char *path;		/* "tasks/18.yaml", "units/jmw.yaml",
					 * "plan.yaml", "schema/..." */
	char old_oid[41], new_oid[41];	/* "" when absent on that side */
	int old_mode, new_mode;		/* git file modes, 0 when absent */
	const char *old_data, *new_data;/* blob bytes, NUL-terminated, NULL
					 * when absent or not a regular blob;
					 * borrowed */
	size_t old_len, new_len;	/* for FILE_TOO_LARGE: its size */
	int old_kind, new_kind;		/* enum file_kind (fileset.h):
					 * FILE_REGULAR (also when absent),
					 * FILE_SYMLINK, FILE_DIRECTORY,
					 * FILE_OTHER, FILE_TOO_LARGE,
					 * FILE_UNREADABLE */
};

struct history_opts {
	const char *range;	/* "A..B", "REV", NULL for HEAD */
	int reverse;		/* oldest first */
	int all_parents;	/* compare merges with each parent, not only
				 * the first */
	int64_t since, until;	/* author time bounds, 0 for none */
	/* called with the walk's payload before a failure met after the
	 * first commit is reported, so that a caller that prints in
	 * another thread prints what it was handed first (may be NULL) */
	void (*drain)(void *payload);
};

/* return non-zero to stop the walk (that value is returned) */
typedef int (*history_fn)(const struct commit_info *ci,
			  const struct history_change *ch, size_t n,
			  void *payload);

/*
 * Walk the range and call fn once per commit that changes plan.yaml,
 * schema/, tasks/ or units/ (commits that change none of them are skipped
 * without reading a blob), newest first by commit time as git log shows
 * them, or oldest first in topological order with reverse.  Newest first
 * and without a bottom ("REV", NULL) the walk keeps only its frontier:
 * its memory does not grow with history.  Changes come sorted by path; entries whose name
 * starts with '.' are left out, as the loaders leave them out.  Returns 0,
 * fn's non-zero value, or -1 after diag_fail (bad range).  When the walk
 * reaches the boundary of a shallow clone, fn has been called for every
 * commit above it and -1 is returned after "history is cut by a shallow
 * clone at <id>; fetch more with git fetch --deepen or --unshallow".
 */
int history_walk(struct repo *r, const struct history_opts *o, history_fn fn,
		 void *payload);

/*
 * One commit (any revision naming a commit) against its first parent: fn
 * is called once, also when the plan did not change (n is 0 then).
 */
int history_commit(struct repo *r, const char *rev, history_fn fn,
		   void *payload);

/*
 * Walk what a push brings in: the commits reachable from tips (commit
 * ids or names) that no reference of the repository reaches yet, oldest
 * first, as history_walk hands them over.  In a pre-receive hook the refs
 * are not updated yet, so these are exactly the pushed commits.
 */
int history_walk_new(struct repo *r, char *const *tips, size_t n,
		     history_fn fn, void *payload);

/*
 * The plan at commit to against the plan at commit from (NULL or "": no
 * plan, every file added): fn is called once, as for a commit whose first
 * parent were from (ci->parent is from's id), also when nothing differs.
 * What a series of points reads: one comparison a point, however many
 * commits lie between them.  0, fn's value, or -1 after diag_fail.
 */
int history_between(struct repo *r, const char *from, const char *to,
		    history_fn fn, void *payload);

/*
 * The full id of the commit rev names (a tag or branch is peeled) in out:
 * 0, or 1 when there is no such commit (nothing printed), or -1 after
 * diag_fail (an ambiguous name, an unreadable repository).
 */
int history_resolve(char out[41], struct repo *r, const char *rev);

/* each path of n, "bin/" for a directory; return non-zero to stop */
typedef int (*history_owned_fn)(const struct commit_info *ci,
				const char *const *paths, size_t n,
				void *payload);

/*
 * Every commit of the range (as history_walk reads it; NULL: HEAD), or,
 * with tips, every commit the push brings in (as history_walk_new), also
 * those that change no plan file, oldest first, with the paths outside
 * the plan's files it answers for; with from (a commit id), only the
 * commits that have it as an ancestor, told in one pass.  For the rule
 * that every path has an owner (auth.c).
 *
 * A commit answers for the paths where it differs from its parent, or,
 * for a merge, from what a merge of its parents from their merge base
 * gives (a path it takes from a parent that changed it since the base is
 * that parent's; a value it keeps or brings back from an older state is
 * its own); a root commit for none.  The plan's files are plan.yaml, the
 * three schema files and the non-dot regular files of tasks/ and units/,
 * each a regular file (mode 100644): anything else (tools, build files,
 * CI, hooks, attribute files, dot files, files in other directories, a
 * mode change) is outside ("bin/", "tasks/.gitattributes").  0, fn's
 * value, or -1 after diag_fail.
 */
int history_each_owned(struct repo *r, const char *range, char *const *tips,
		       size_t n_tips, const char *from, history_owned_fn fn,
		       void *payload);

/*
 * The merge base of all the parents of commit rev (git merge-base
 * --octopus): 0 with its id in out, 1 when they have none (or rev has one
 * parent), -1 after diag_fail.
 */
int history_merge_base(char out[41], struct repo *r, const char *rev);

/*
 * The plan as it stood at the end of day date ("YYYY-MM-DD"): the newest
 * commit of tip's first-parent line (tip NULL: HEAD) whose commit date,
 * in the committer's own time zone, is on or before date; its id in out
 * and its date in day.  0, or 1 when every commit of the line is later
 * (or the repository has none), or -1 after diag_fail (unknown tip).
 */
int history_as_of(char out[41], char day[11], struct repo *r,
		  const char *tip, const char *date);

/*
 * The day ("YYYY-MM-DD", the committer's time zone) rev was committed:
 * 0, 1 when rev names no commit, -1 after diag_fail.
 */
int history_commit_day(char day[11], struct repo *r, const char *rev);

/*
 * Do commits a and b (revisions naming commits) record the same plan:
 * the same plan.yaml, schema/, tasks/ and units/, compared by tree and
 * blob id?  1 yes, 0 no, -1 after diag_fail.
 */
int history_same_plan(struct repo *r, const char *a, const char *b);

/*
 * Is ancestor the commit rev or one of its ancestors?  1 yes, 0 no, -1
 * after diag_fail (unknown commit, history cut by a shallow clone).
 */
int history_is_ancestor(struct repo *r, const char *ancestor,
			const char *rev);

/*
 * The signature of commit id (40 hex digits) as git reads it (the gpgsig
 * header): 1 with the signature's text in *sig and the content it signs
 * (the commit without that header, what `git verify-commit` verifies) in
 * *data, 0 when the commit is not signed, -1 after diag_fail (a missing
 * or unreadable object).  The caller releases both buffers.
 */
int history_signature(struct repo *r, const char *id, struct sbuf *sig,
		      struct sbuf *data);

/* one commit of a first-parent line */
struct line_commit {
	char id[41];
	char day[11];		/* committed, in the committer's time zone */
};

/*
 * The first-parent line of tip (NULL: HEAD), newest first, down to its
 * root: *out (the caller frees it) holds *n commits.  0, or -1 after
 * diag_fail (unknown tip, a missing commit, a shallow clone's cut).
 */
int history_first_parent_line(struct line_commit **out, size_t *n,
			      struct repo *r, const char *tip);

/*
 * The ids of the trees or blobs at paths[0..n) ("units", "plan.yaml") in
 * commit rev, each "" when there is none: 0, or -1 after diag_fail.
 */
int history_path_ids(char (*out)[41], struct repo *r, const char *rev,
		     const char *const *paths, size_t n);

#endif
