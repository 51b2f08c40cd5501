/*
 * history_impl: the state of a walk, shared by the parts of history.h.
 * Private to history*.c: nothing else includes it.
 *
 * history.c        the walks: commits in order, shallow boundaries
 * history_diff.c   a commit's plan against its parent's, tree by tree
 * history_query.c  questions about single commits and lines of them
 */
#ifndef HISTORY_IMPL_H
#define HISTORY_IMPL_H

#include "history.h"
#include "repo_impl.h"

/* the top-level entries of the plan; directories are read one level deep */
static const struct {
	const char *name;
	int dir;
} plan_top[] = {
	{ "plan.yaml", 0 }, { "schema", 1 }, { "tasks", 1 }, { "units", 1 }
};

#define N_TOP (sizeof(plan_top) / sizeof(*plan_top))

/* one blob a comparison read (or found not to be a regular blob) */
struct blob {
	git_oid id;
	unsigned mode;		/* the entry's git file mode, executable
				 * files as regular ones: read alike */
	int kind;		/* enum file_kind */
	char *data;		/* NUL-terminated; NULL unless FILE_REGULAR */
	size_t len;
};

struct blobs {
	struct blob *v;
	size_t n, cap;
	size_t sorted;		/* v[0..sorted) is in history_blob_cmp's
				 * order */
};

/* one commit's tree, and the plan's subtrees of it once looked up */
struct trees {
	git_tree *root;
	git_tree *sub[N_TOP];
	unsigned looked;	/* bit i: sub[i] is looked up (may be NULL) */
};

/*
 * What the last comparison read of its parent.  The next commit of a walk
 * is usually that parent, whose new side is then this old side: the
 * commit itself, its trees and blobs are taken from here instead of being
 * read again.
 */
struct memo {
	int valid;
	git_oid commit;
	git_commit *obj;	/* that commit, until the walk takes it */
	struct trees t;
	struct blobs blobs;
};

/* the state of one walk */
struct hwalk {
	git_repository *git;
	git_odb *odb;
	history_fn fn;
	void *payload;
	struct history_change *ch;	/* the changes of the current commit */
	size_t n, cap;
	struct blobs cur;		/* blobs of the new side */
	struct blobs next;		/* blobs of the old side */
	struct memo memo;
	git_oid *shallow;		/* the shallow file's commits, sorted */
	size_t n_shallow;
	int cut;			/* the walk reached a boundary commit */
	git_oid cut_at;			/* the first one reached */
	int has_bottom;			/* a boundary commit ends the range: */
	git_oid bottom;			/* reaching it is no cut */
	int careful;			/* a blob's size is asked first, and
					 * the limits of fileset.h kept */
	size_t commit_bytes;		/* changed plan bytes: this commit */
	size_t walk_bytes;		/* and the whole walk (a push) */
	size_t commit_files;		/* changed entries: this commit */
	int over;			/* a limit was passed: stop */
	char missing[41];		/* a blob the trees name cannot be read from
					 * the repository: stop */
	int reverse;			/* oldest first */
	int between;			/* compare with base, not a parent */
	int has_base;			/* base is set ("": an empty plan) */
	git_oid base;
	void (*drain)(void *payload);	/* before a failure is reported */
};

/* history.c */
void history_fill_info(struct commit_info *ci, const git_commit *c);
int history_resolve_oid(git_oid *out, struct hwalk *w, const char *rev);
int history_push_range(git_revwalk *walk, struct hwalk *w, const char *range);

/* history_diff.c */
void history_walk_drain(const struct hwalk *w);
void history_trees_release(struct trees *t);
void history_memo_release(struct memo *m);
void history_release_changes(struct hwalk *w);
int history_blob_cmp(const void *x, const void *y);
int history_same_entry(const git_tree_entry *a, const git_tree_entry *b);
int history_diff_trees(struct hwalk *w, struct trees *a, struct trees *b);
/*
 * The subtree of the plan's top-level entry i in t, looked up once: NULL
 * when absent or not a tree.  0, or -1 after diag_fail.
 */
int history_trees_sub(git_tree **out, struct hwalk *w, struct trees *t,
		      size_t i);

#endif
