/*
 * history: see history.h.  A commit is compared with its parent from the
 * top down: the ids of the four top-level entries of the plan first, then,
 * only for a directory whose id changed, its entries side by side (both
 * lists are in git's order, so one pass pairs them), and only the blobs of
 * entries whose id changed are read.  A commit that leaves the plan alone
 * therefore costs reading its parent and the parent's root tree: the
 * commit's own objects were read as the parent of the commit before,
 * which in a walk is usually this one, and are taken over from there.
 *
 * A shallow clone has commits whose parents are not there.  Its boundary
 * commits (listed in the repository's "shallow" file) are left out of the
 * walk, so that nothing asks for the missing parents; when the walk
 * reaches one, the output so far stands and the walk ends with a message
 * that names the commit where history is cut.
 */
#include "history.h"
#include "repo_impl.h"
#include "diag.h"
#include "i18n.h"
#include "fileset.h"
#include "xalloc.h"
#include "ydoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
	size_t sorted;		/* v[0..sorted) is in blob_cmp's order */
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
	void (*drain)(void *payload);	/* before a failure is reported */
};


/* a failure is about to be reported: the caller prints what it has */
static void walk_drain(const struct hwalk *w)
{
	if (w->drain)
		w->drain(w->payload);
}

static void blobs_release(struct blobs *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		free(b->v[i].data);
	free(b->v);
	memset(b, 0, sizeof(*b));
}

static void trees_release(struct trees *t)
{
	size_t i;

	for (i = 0; i < N_TOP; i++)
		git_tree_free(t->sub[i]);
	git_tree_free(t->root);
	memset(t, 0, sizeof(*t));
}

static void memo_release(struct memo *m)
{
	git_commit_free(m->obj);
	m->obj = NULL;
	trees_release(&m->t);
	blobs_release(&m->blobs);
	m->valid = 0;
}

static void release_changes(struct hwalk *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free((char *)w->ch[i].path);
	w->n = 0;
	blobs_release(&w->cur);
	blobs_release(&w->next);
}

/* e's file mode, an executable file's as a regular one's */
static unsigned entry_mode(const git_tree_entry *e)
{
	git_filemode_t m = git_tree_entry_filemode(e);

	return m == GIT_FILEMODE_BLOB_EXECUTABLE ? GIT_FILEMODE_BLOB :
		(unsigned)m;
}

/*
 * Read what entry e holds into b, as fileset.h names its kinds: a regular
 * blob is read whole; of one over YDOC_MAX_SIZE only the size is kept.
 * libgit2 has no cheap way to tell a blob's size: for a blob stored as a
 * delta, git_odb_read_header follows the whole delta chain, which costs a
 * quarter of a walk over history.  So the blob is read first and its size
 * checked after, except for the commits of a push (w->careful), which
 * are not the repository's own yet: there an oversized blob must not be
 * inflated into the hook's memory.
 */
static void read_entry(struct blob *b, struct hwalk *w,
		       const git_tree_entry *e)
{
	git_odb_object *obj = NULL;
	git_object_t type = GIT_OBJECT_INVALID;
	size_t size = 0;
	int err = 0;

	memset(b, 0, sizeof(*b));
	git_oid_cpy(&b->id, git_tree_entry_id(e));
	b->mode = entry_mode(e);
	b->kind = FILE_UNREADABLE;
	switch (git_tree_entry_filemode(e)) {
	case GIT_FILEMODE_TREE:
		b->kind = FILE_DIRECTORY;
		return;
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		break;
	case GIT_FILEMODE_LINK:
		b->kind = FILE_SYMLINK;
		return;
	default:
		b->kind = FILE_OTHER;
		return;
	}
	if (w->careful &&
	    !git_odb_read_header(&size, &type, w->odb, &b->id) &&
	    type == GIT_OBJECT_BLOB && size <= YDOC_MAX_SIZE) {
		/* counted before it is read, each name once */
		w->commit_bytes += size;
		w->walk_bytes += size;
		if (w->commit_bytes > PLAN_MAX_BYTES ||
		    w->walk_bytes > PUSH_MAX_BYTES)
			w->over = 1;
		if (w->over)
			goto done;
	}
	if (w->careful &&
	    ((err = git_odb_read_header(&size, &type, w->odb, &b->id)) < 0 ||
	     type != GIT_OBJECT_BLOB || size > YDOC_MAX_SIZE)) {
		/* any object that cannot be read is damage (exit 2), never
		 * an unreadable file of the plan (a finding) */
		if (err < 0 && !w->missing[0])
			git_oid_tostr(w->missing, sizeof(w->missing), &b->id);
		if (type == GIT_OBJECT_BLOB && size > YDOC_MAX_SIZE) {
			b->len = size;
			b->kind = FILE_TOO_LARGE;
		}
		goto done;
	}
	if ((err = git_odb_read(&obj, w->odb, &b->id)) < 0 && !w->missing[0])
		git_oid_tostr(w->missing, sizeof(w->missing), &b->id);
	if (err < 0 || git_odb_object_type(obj) != GIT_OBJECT_BLOB)
		goto done;
	b->len = git_odb_object_size(obj);
	if (b->len > YDOC_MAX_SIZE) {
		b->kind = FILE_TOO_LARGE;
		goto done;
	}
	b->data = xmalloc(b->len + 1);
	memcpy(b->data, git_odb_object_data(obj), b->len);
	b->data[b->len] = '\0';
	b->kind = FILE_REGULAR;
done:
	git_odb_object_free(obj);
	git_error_clear();
}

static int blob_cmp(const void *x, const void *y)
{
	const struct blob *a = x, *b = y;
	int c = git_oid_cmp(&a->id, &b->id);

	return c ? c : a->mode < b->mode ? -1 : a->mode > b->mode;
}

/*
 * The blob of entry e on one side: the one the memo handed over for that
 * side when it has it (sorted when handed over: a commit that changes
 * thousands of files must not search them one by one); read otherwise.
 * The same blob may be a file and a link's target.
 */
static const struct blob *side_blob(struct hwalk *w, const git_tree_entry *e,
				    int new_side)
{
	struct blobs *list = new_side ? &w->cur : &w->next;
	struct blob key;

	git_oid_cpy(&key.id, git_tree_entry_id(e));
	key.mode = entry_mode(e);
	if (list->sorted) {
		const struct blob *b = bsearch(&key, list->v, list->sorted,
					       sizeof(*list->v), blob_cmp);

		if (b)
			return b;
	}
	XGROW(list->v, list->cap, list->n + 1);
	read_entry(&list->v[list->n], w, e);
	return &list->v[list->n++];
}

/* one side of a change; e NULL: the path is absent on that side */
static void fill_side(struct hwalk *w, const git_tree_entry *e, int new_side,
		      char *oid, int *mode, int *kind, const char **data,
		      size_t *len)
{
	const struct blob *b;

	oid[0] = '\0';
	*mode = 0;
	*kind = FILE_REGULAR;
	*data = NULL;
	*len = 0;
	if (!e)
		return;
	b = side_blob(w, e, new_side);
	git_oid_tostr(oid, GIT_OID_HEXSZ + 1, git_tree_entry_id(e));
	*mode = (int)git_tree_entry_filemode(e);
	*kind = b->kind;
	*data = b->data;
	*len = b->len;
}

/* record the change of path from a to b (either may be NULL) */
static void add_change(struct hwalk *w, const char *dir,
		       const git_tree_entry *a, const git_tree_entry *b)
{
	const git_tree_entry *e = a ? a : b;
	struct history_change *c;

	/* a directory inside tasks/ is reported (it is not a task), but its
	 * contents are not read: a change inside it changes nothing else */
	if (a && b && git_tree_entry_type(a) == GIT_OBJECT_TREE &&
	    git_tree_entry_type(b) == GIT_OBJECT_TREE)
		return;
	if (w->careful && ++w->commit_files > PLAN_MAX_FILES)
		w->over = 1;
	if (w->over)
		return;
	XGROW(w->ch, w->cap, w->n + 1);
	c = &w->ch[w->n++];
	memset(c, 0, sizeof(*c));
	c->path = dir ? xasprintf("%s/%s", dir, git_tree_entry_name(e)) :
		xstrdup(git_tree_entry_name(e));
	fill_side(w, a, 0, c->old_oid, &c->old_mode, &c->old_kind,
		  &c->old_data, &c->old_len);
	fill_side(w, b, 1, c->new_oid, &c->new_mode, &c->new_kind,
		  &c->new_data, &c->new_len);
}

static int hidden(const git_tree_entry *e)
{
	return git_tree_entry_name(e)[0] == '.';
}

static int same_entry(const git_tree_entry *a, const git_tree_entry *b)
{
	return git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)) &&
	       git_tree_entry_filemode(a) == git_tree_entry_filemode(b);
}

/* the top-level entry i of t, or NULL */
static const git_tree_entry *top_entry(const struct trees *t, size_t i)
{
	return t->root ? git_tree_entry_byname(t->root, plan_top[i].name) :
		NULL;
}

/* the subtree of top-level entry i: NULL when absent or not a tree */
static int trees_sub(git_tree **out, struct hwalk *w, struct trees *t,
		     size_t i)
{
	const git_tree_entry *e = top_entry(t, i);

	if (!(t->looked & 1u << i)) {
		if (e && git_tree_entry_type(e) == GIT_OBJECT_TREE &&
		    git_tree_lookup(&t->sub[i], w->git,
				    git_tree_entry_id(e)) < 0) {
			walk_drain(w);
			diag_fail(_("cannot read tree %s: %s"),
				  git_oid_tostr_s(git_tree_entry_id(e)),
				  repo_git_msg());
			return -1;
		}
		t->looked |= 1u << i;
	}
	*out = t->sub[i];
	return 0;
}

/*
 * The entries of directory dir in trees a and b (either NULL), paired in
 * one pass over the two sorted lists.
 */
static void diff_dir(struct hwalk *w, const char *dir, const git_tree *a,
		     const git_tree *b)
{
	size_t na = a ? git_tree_entrycount(a) : 0;
	size_t nb = b ? git_tree_entrycount(b) : 0;
	size_t i = 0, j = 0;

	while (i < na || j < nb) {
		const git_tree_entry *x = i < na ?
			git_tree_entry_byindex(a, i) : NULL;
		const git_tree_entry *y = j < nb ?
			git_tree_entry_byindex(b, j) : NULL;
		int c = !x ? 1 : !y ? -1 : git_tree_entry_cmp(x, y);

		if (c < 0) {
			if (!hidden(x))
				add_change(w, dir, x, NULL);
			i++;
		} else if (c > 0) {
			if (!hidden(y))
				add_change(w, dir, NULL, y);
			j++;
		} else {
			if (!hidden(x) && !same_entry(x, y))
				add_change(w, dir, x, y);
			i++;
			j++;
		}
	}
}

/* the changes of the plan from a (no root: nothing) to b */
static int diff_trees(struct hwalk *w, struct trees *a, struct trees *b)
{
	git_tree *ta, *tb;
	size_t i;

	for (i = 0; i < N_TOP; i++) {
		const git_tree_entry *x = top_entry(a, i), *y = top_entry(b, i);

		if ((!x && !y) || (x && y && same_entry(x, y)))
			continue;
		if (!plan_top[i].dir) {
			add_change(w, NULL, x, y);
			continue;
		}
		if (trees_sub(&ta, w, a, i) || trees_sub(&tb, w, b, i))
			return -1;
		diff_dir(w, plan_top[i].name, ta, tb);
	}
	return 0;
}

/* ---- shallow clones ---- */

static int oid_cmp(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

/*
 * Read the boundary commits of a shallow clone: the file "shallow" in the
 * repository's common directory, one id per line.
 */
static int load_shallow(struct hwalk *w)
{
	char *path, *data = NULL, *line, *save = NULL;
	size_t len, cap = 0;
	int ret = -1;

	if (git_repository_is_shallow(w->git) != 1) {
		git_error_clear();
		return 0;
	}
	path = xasprintf("%sshallow", git_repository_commondir(w->git));
	if (read_file(path, &data, &len, 64 * 1024 * 1024)) {
		diag_fail(_("cannot read '%s', the list of commits where the "
			     "shallow clone's history is cut"), path);
		goto done;
	}
	for (line = strtok_r(data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		XGROW(w->shallow, cap, w->n_shallow + 1);
		if (!git_oid_fromstrp(&w->shallow[w->n_shallow], line))
			w->n_shallow++;
	}
	if (w->n_shallow > 1)
		qsort(w->shallow, w->n_shallow, sizeof(*w->shallow), oid_cmp);
	ret = 0;
done:
	git_error_clear();
	free(data);
	free(path);
	return ret;
}

static int is_boundary(const struct hwalk *w, const git_oid *id)
{
	return w->n_shallow && bsearch(id, w->shallow, w->n_shallow,
				       sizeof(*w->shallow), oid_cmp);
}

/* libgit2 asks before it reads a commit's parents: not a boundary's */
static int hide_boundary(const git_oid *id, void *payload)
{
	struct hwalk *w = payload;

	if (!is_boundary(w, id))
		return 0;
	if (w->has_bottom && git_oid_equal(id, &w->bottom))
		return 1;
	if (!w->cut)
		git_oid_cpy(&w->cut_at, id);
	w->cut = 1;
	return 1;
}

static int fail_cut(const struct hwalk *w, const git_oid *at)
{
	walk_drain(w);
	diag_fail(_("history is cut by a shallow clone at %s; fetch more with "
		     "git fetch --deepen or --unshallow"), git_oid_tostr_s(at));
	return -1;
}

/* ---- commits ---- */

static void fill_info(struct commit_info *ci, const git_commit *c)
{
	const git_signature *a = git_commit_author(c);
	const git_signature *k = git_commit_committer(c);

	memset(ci, 0, sizeof(*ci));
	git_oid_tostr(ci->id, sizeof(ci->id), git_commit_id(c));
	ci->author_name = a->name;
	ci->author_email = a->email;
	ci->time = a->when.time;
	ci->tz_offset = a->when.offset;
	ci->committer_name = k->name;
	ci->committer_email = k->email;
	ci->commit_time = k->when.time;
	ci->commit_tz_offset = k->when.offset;
	ci->message = git_commit_message(c);
	ci->n_parents = git_commit_parentcount(c);
}

/* take what the memo holds as one side of the next comparison */
static void memo_take(struct hwalk *w, struct trees *t, struct blobs *b)
{
	*t = w->memo.t;
	*b = w->memo.blobs;
	if (b->n)
		qsort(b->v, b->n, sizeof(*b->v), blob_cmp);
	b->sorted = b->n;
	git_commit_free(w->memo.obj);
	memset(&w->memo, 0, sizeof(w->memo));
}

/* keep one side of this comparison for the next, as commit id's */
static void memo_keep(struct hwalk *w, const git_oid *id, git_commit *obj,
		      struct trees *t, struct blobs *b)
{
	memo_release(&w->memo);
	w->memo.valid = 1;
	git_oid_cpy(&w->memo.commit, id);
	w->memo.obj = obj;
	w->memo.t = *t;
	w->memo.blobs = *b;
	memset(t, 0, sizeof(*t));
	memset(b, 0, sizeof(*b));
}

/*
 * Compare commit c with its parent number nth (none for a root commit) and
 * call fn when something changed, or always when force is set.  What is
 * read of one side is kept for the next visit: newest first, the parent,
 * usually the next commit; oldest first, c itself, usually the parent of
 * the next.
 */
static int visit_parent(struct hwalk *w, git_commit *c,
			struct commit_info *ci, unsigned nth, int force)
{
	struct trees ct = { 0 }, pt = { 0 };
	git_commit *parent = NULL;
	const git_oid *pid = NULL;
	int err, ret = -1;

	release_changes(w);
	w->commit_bytes = w->commit_files = 0;
	if (nth == 0 && w->memo.valid &&
	    git_oid_equal(&w->memo.commit, git_commit_id(c)))
		memo_take(w, &ct, &w->cur);
	ci->parent[0] = '\0';
	if (ci->n_parents) {
		pid = git_commit_parent_id(c, nth);
		git_oid_tostr(ci->parent, sizeof(ci->parent), pid);
		if (is_boundary(w, git_commit_id(c))) {
			ret = fail_cut(w, git_commit_id(c));
			goto done;
		}
	}
	if (pid && w->memo.valid && git_oid_equal(&w->memo.commit, pid)) {
		memo_take(w, &pt, &w->next);
	} else if (pid) {
		/* (asking libgit2 whether the clone is shallow would clear
		 * the message of the failure) */
		err = git_commit_lookup(&parent, w->git, pid);
		if (err == GIT_ENOTFOUND && w->n_shallow) {
			ret = fail_cut(w, git_commit_id(c));
			goto done;
		}
		if (err < 0 || git_commit_tree(&pt.root, parent) < 0) {
			walk_drain(w);
			diag_fail(_("cannot read commit %s, parent of %s: %s"),
				  ci->parent, ci->id, repo_git_msg());
			goto done;
		}
	}
	if (!ct.root && git_commit_tree(&ct.root, c) < 0) {
		walk_drain(w);
		diag_fail(_("cannot read the tree of commit %s: %s"), ci->id,
			  repo_git_msg());
		goto done;
	}
	if (diff_trees(w, &pt, &ct))
		goto done;
	if (w->missing[0]) {
		/* damage: a verdict without the file would be a guess */
		walk_drain(w);
		diag_fail(_("commit %s names object %s, which cannot be read "
			     "from the repository: it is missing or damaged "
			     "(git fsck tells more)"), ci->id, w->missing);
		goto done;
	}
	if (w->over) {
		walk_drain(w);
		diag_fail(_("commit %s changes more plan files than a push may "
			  "bring (over %d files or %u MiB in one commit, %u "
			  "MiB in one push: docs/limits.md): refused"), ci->id,
			  PLAN_MAX_FILES, PLAN_MAX_BYTES >> 20,
			  PUSH_MAX_BYTES >> 20);
		goto done;
	}
	/* a merge that records its first parent's plan may still bring
	 * back what another parent changed: the audit must see it */
	ret = w->n || force || ci->n_parents > 1 ?
		w->fn(ci, w->ch, w->n, w->payload) : 0;
	if (w->reverse) {
		memo_keep(w, git_commit_id(c), NULL, &ct, &w->cur);
	} else if (nth == 0 && pid) {
		memo_keep(w, pid, parent, &pt, &w->next);
		parent = NULL;
	}
done:
	release_changes(w);
	trees_release(&pt);
	trees_release(&ct);
	git_commit_free(parent);
	return ret;
}

/* every comparison of commit c that its options ask for */
static int visit(struct hwalk *w, git_commit *c, int all_parents, int force)
{
	struct commit_info ci;
	const char *summary = git_commit_summary(c);
	unsigned i, n;
	int ret = 0;

	fill_info(&ci, c);
	ci.summary = summary ? summary : "";
	n = all_parents && ci.n_parents > 1 ? (unsigned)ci.n_parents : 1;
	for (i = 0; i < n && !ret; i++)
		ret = visit_parent(w, c, &ci, i, force);
	return ret;
}

/*
 * Commit id, usually the parent of the commit visited before and read
 * already (the memo hands it over), or read now; 0, or libgit2's error
 */
static int commit_read(git_commit **out, struct hwalk *w, const git_oid *id)
{
	if (w->memo.obj && git_oid_equal(&w->memo.commit, id)) {
		*out = w->memo.obj;
		w->memo.obj = NULL;
		return 0;
	}
	return git_commit_lookup(out, w->git, id);
}

/* visit c unless its author's time is outside o's bounds (o may be NULL) */
static int visit_in_bounds(struct hwalk *w, git_commit *c,
			   const struct history_opts *o)
{
	int64_t t = git_commit_author(c)->when.time;

	if (o && ((o->since && t < o->since) || (o->until && t > o->until)))
		return 0;
	return visit(w, c, o && o->all_parents, 0);
}

/*
 * The commit rev names, in *out: 0, or 1 when there is no such commit (no
 * message), or -1 after diag_fail (an ambiguous or unusable name).
 */
static int history_resolve_oid(git_oid *out, struct hwalk *w, const char *rev)
{
	git_object *obj = NULL, *peeled = NULL;
	int err, ret = -1;

	err = git_revparse_single(&obj, w->git, rev);
	if (err == GIT_ENOTFOUND || err == GIT_EINVALIDSPEC) {
		ret = 1;
		goto done;
	}
	if (err < 0) {
		diag_fail(_("cannot resolve '%s': %s"), rev, repo_git_msg());
		goto done;
	}
	err = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
	if (err < 0) {
		ret = 1;
		goto done;
	}
	git_oid_cpy(out, git_object_id(peeled));
	ret = 0;
done:
	git_error_clear();
	git_object_free(peeled);
	git_object_free(obj);
	return ret;
}

static int walk_open(struct hwalk *w, struct repo *r, history_fn fn,
		     void *payload)
{
	memset(w, 0, sizeof(*w));
	w->git = r->git;
	w->fn = fn;
	w->payload = payload;
	if (git_repository_odb(&w->odb, w->git) < 0) {
		diag_fail(_("cannot read the objects of the repository: %s"),
			  repo_git_msg());
		return -1;
	}
	return load_shallow(w);
}

static void walk_close(struct hwalk *w)
{
	release_changes(w);
	memo_release(&w->memo);
	free(w->ch);
	free(w->shallow);
	git_odb_free(w->odb);
}

/* the commit rev names, or -1 after diag_fail */
static int resolve_rev(git_oid *out, struct hwalk *w, const char *rev)
{
	int ret = history_resolve_oid(out, w, rev);

	if (ret > 0 && git_repository_head_unborn(w->git) == 1)
		diag_fail(_("the repository has no commits yet"));
	else if (ret > 0)
		diag_fail(_("unknown revision '%s'"), rev);
	return ret ? -1 : 0;
}

/*
 * Push what the range names: "B" or "A..B" (either side empty: HEAD).  A
 * tip that is itself a boundary commit cannot be walked, libgit2 would
 * read its parents: it is reported as the cut at once.  A bottom A that
 * is a boundary is not hidden, for the same reason, but left out when
 * the walk reaches it, which is no cut: the range ends there anyway.
 */
static int push_range(git_revwalk *walk, struct hwalk *w, const char *range)
{
	const char *dots = range ? strstr(range, "..") : NULL;
	char *from = NULL, *to = NULL;
	git_oid a, b;
	int ret = -1;

	if (dots && dots[2] == '.') {
		diag_fail(_("cannot walk '%s': use A..B (symmetric differences "
			     "are not supported)"), range);
		return -1;
	}
	if (dots) {
		from = dots == range ? xstrdup("HEAD") :
			xstrndup(range, (size_t)(dots - range));
		to = xstrdup(dots[2] ? dots + 2 : "HEAD");
	} else {
		to = xstrdup(range ? range : "HEAD");
	}
	if (resolve_rev(&b, w, to) || (from && resolve_rev(&a, w, from)))
		goto done;
	if (is_boundary(w, &b)) {
		fail_cut(w, &b);
		goto done;
	}
	if (git_revwalk_push(walk, &b) < 0) {
		diag_fail(_("cannot walk from '%s': %s"), to, repo_git_msg());
		goto done;
	}
	if (from && is_boundary(w, &a)) {
		git_oid_cpy(&w->bottom, &a);
		w->has_bottom = 1;
	} else if (from && git_revwalk_hide(walk, &a) < 0) {
		diag_fail(_("cannot walk from '%s': %s"), from, repo_git_msg());
		goto done;
	}
	ret = 0;
done:
	free(from);
	free(to);
	return ret;
}

/*
 * Run a prepared walk: every commit it yields, within the time bounds of
 * o (NULL: none), compared and handed to fn.  A boundary reached or a walk
 * that fails in a shallow clone is reported as the cut.
 */
static int walk_run(struct hwalk *w, git_revwalk *walk,
		    const struct history_opts *o)
{
	git_oid id;
	int err, ret;

	while (!(err = git_revwalk_next(&id, walk))) {
		git_commit *c = NULL;

		if (commit_read(&c, w, &id) < 0) {
			walk_drain(w);
			diag_fail(_("cannot read commit %s: %s"),
				  git_oid_tostr_s(&id), repo_git_msg());
			return -1;
		}
		ret = visit_in_bounds(w, c, o);
		git_commit_free(c);
		if (ret)
			return ret;
	}
	if (err != GIT_ITEROVER) {
		if (w->n_shallow)
			return fail_cut(w, w->cut ? &w->cut_at :
					&w->shallow[0]);
		walk_drain(w);
		diag_fail(_("cannot walk the history: %s"), repo_git_msg());
		return -1;
	}
	return w->cut ? fail_cut(w, &w->cut_at) : 0;
}

/*
 * ---- newest first, as it goes ----
 *
 * libgit2's revwalk reads the whole graph before it yields its first
 * commit and keeps a node per commit to the end, so memory grows with
 * history.  Newest first and without a bottom, the walk here keeps only
 * its frontier: the queue of commits whose children were shown, latest
 * commit time first (git log's order), plus what it must not show twice.
 * A commit taken from the queue while the queue was otherwise empty can
 * never come again, since all that follows is its ancestors; so the
 * linear stretches of history, most of it, are remembered by nobody.
 * Only commits taken while other paths were open (between a merge and
 * its fork point) are remembered, to the end of the walk: dates order
 * the walk, but its correctness does not rest on them.
 */
struct qent {
	git_commit *c;
	int64_t time;
	size_t seq;		/* equal times: first queued, first out */
};

struct stream {
	struct qent *heap;
	size_t n, cap, seq;
	git_oid *seen;		/* open addressing; zero id is empty */
	size_t n_seen, seen_cap;	/* seen_cap: 0 or a power of two */
};

static int qent_before(const struct qent *a, const struct qent *b)
{
	return a->time != b->time ? a->time > b->time : a->seq < b->seq;
}

static void heap_push(struct stream *s, git_commit *c)
{
	size_t i = s->n++;

	XGROW(s->heap, s->cap, s->n);
	s->heap[i].c = c;
	s->heap[i].time = git_commit_time(c);
	s->heap[i].seq = s->seq++;
	while (i && qent_before(&s->heap[i], &s->heap[(i - 1) / 2])) {
		struct qent t = s->heap[i];

		s->heap[i] = s->heap[(i - 1) / 2];
		s->heap[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static git_commit *heap_pop(struct stream *s)
{
	git_commit *top = s->heap[0].c;
	size_t i = 0;

	s->heap[0] = s->heap[--s->n];
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		struct qent t;

		if (l < s->n && qent_before(&s->heap[l], &s->heap[m]))
			m = l;
		if (l + 1 < s->n && qent_before(&s->heap[l + 1], &s->heap[m]))
			m = l + 1;
		if (m == i)
			break;
		t = s->heap[i];
		s->heap[i] = s->heap[m];
		s->heap[m] = t;
		i = m;
	}
	return top;
}

static size_t seen_slot(const git_oid *tab, size_t cap, const git_oid *id)
{
	size_t i;

	/* an object id is a hash already: its first bytes spread well */
	memcpy(&i, id->id, sizeof(i));
	for (i &= cap - 1; !git_oid_is_zero(&tab[i]) &&
	     !git_oid_equal(&tab[i], id); i = (i + 1) & (cap - 1))
		;
	return i;
}

static int seen_has(const struct stream *s, const git_oid *id)
{
	return s->seen_cap &&
	       !git_oid_is_zero(&s->seen[seen_slot(s->seen, s->seen_cap, id)]);
}

static void seen_add(struct stream *s, const git_oid *id)
{
	size_t i;

	if (2 * (s->n_seen + 1) > s->seen_cap) {
		size_t cap = s->seen_cap ? 2 * s->seen_cap : 64;
		git_oid *tab = xcalloc(cap, sizeof(*tab));

		for (i = 0; i < s->seen_cap; i++)
			if (!git_oid_is_zero(&s->seen[i]))
				tab[seen_slot(tab, cap, &s->seen[i])] =
					s->seen[i];
		free(s->seen);
		s->seen = tab;
		s->seen_cap = cap;
	}
	i = seen_slot(s->seen, s->seen_cap, id);
	if (git_oid_is_zero(&s->seen[i])) {
		git_oid_cpy(&s->seen[i], id);
		s->n_seen++;
	}
}

static int queued(const struct stream *s, const git_oid *id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (git_oid_equal(git_commit_id(s->heap[i].c), id))
			return 1;
	return 0;
}

/* queue the parents of c not met yet; -1 after diag_fail */
static int stream_parents(struct hwalk *w, struct stream *s,
			  const git_commit *c)
{
	unsigned i, n = git_commit_parentcount(c);

	for (i = 0; i < n; i++) {
		const git_oid *pid = git_commit_parent_id(c, i);
		git_commit *p = NULL;
		int err;

		if (queued(s, pid) || seen_has(s, pid))
			continue;
		if (is_boundary(w, pid)) {
			/* as hide_boundary: the boundary is not walked */
			hide_boundary(pid, w);
			continue;
		}
		if ((err = commit_read(&p, w, pid)) < 0) {
			if (err == GIT_ENOTFOUND && w->n_shallow)
				return fail_cut(w, git_commit_id(c));
			walk_drain(w);
			diag_fail(_("cannot read commit %s, parent of %s: %s"),
				  git_oid_tostr_s(pid),
				  git_oid_tostr_s(git_commit_id(c)),
				  repo_git_msg());
			return -1;
		}
		heap_push(s, p);
	}
	return 0;
}

static int stream_run(struct hwalk *w, const git_oid *tip,
		      const struct history_opts *o)
{
	struct stream s = { 0 };
	git_commit *c = NULL;
	int ret = 0;

	if (git_commit_lookup(&c, w->git, tip) < 0) {
		diag_fail(_("cannot read commit %s: %s"), git_oid_tostr_s(tip),
			  repo_git_msg());
		return -1;
	}
	heap_push(&s, c);
	while (s.n && !ret) {
		c = heap_pop(&s);
		if (s.n)
			seen_add(&s, git_commit_id(c));
		ret = visit_in_bounds(w, c, o);
		if (!ret)
			ret = stream_parents(w, &s, c);
		git_commit_free(c);
	}
	while (s.n)
		git_commit_free(heap_pop(&s));
	free(s.heap);
	free(s.seen);
	if (!ret && w->cut)
		ret = fail_cut(w, &w->cut_at);
	return ret;
}

/* a new walk in git's order, newest first unless reverse */
static int walk_new(git_revwalk **out, struct hwalk *w, int reverse)
{
	unsigned sort = GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME;

	if (git_revwalk_new(out, w->git) < 0) {
		diag_fail(_("cannot walk the history: %s"), repo_git_msg());
		return -1;
	}
	w->reverse = reverse;
	if (reverse)
		sort |= GIT_SORT_REVERSE;
	git_revwalk_sorting(*out, sort);
	if (w->n_shallow)
		git_revwalk_add_hide_cb(*out, hide_boundary, w);
	return 0;
}

int history_walk(struct repo *r, const struct history_opts *o, history_fn fn,
		 void *payload)
{
	git_revwalk *walk = NULL;
	struct hwalk w;
	int ret = -1;

	if (walk_open(&w, r, fn, payload))
		goto done;
	w.drain = o->drain;
	if (!o->reverse && !(o->range && strstr(o->range, ".."))) {
		git_oid tip;

		if (resolve_rev(&tip, &w, o->range ? o->range : "HEAD"))
			goto done;
		ret = is_boundary(&w, &tip) ? fail_cut(&w, &tip) :
			stream_run(&w, &tip, o);
		goto done;
	}
	if (walk_new(&walk, &w, o->reverse) || push_range(walk, &w, o->range))
		goto done;
	ret = walk_run(&w, walk, o);
done:
	git_revwalk_free(walk);
	walk_close(&w);
	return ret;
}

int history_walk_new(struct repo *r, char *const *tips, size_t n,
		     history_fn fn, void *payload)
{
	git_revwalk *walk = NULL;
	struct hwalk w;
	git_oid id;
	size_t i;
	int err, ret = -1;

	if (walk_open(&w, r, fn, payload) || walk_new(&walk, &w, 1))
		goto done;
	w.careful = 1;
	for (i = 0; i < n; i++) {
		if ((err = history_resolve_oid(&id, &w, tips[i])) != 0) {
			/* (a failure other than "no such" is reported) */
			if (err > 0)
				diag_fail(_("unknown commit '%s'"), tips[i]);
			goto done;
		}
		if (is_boundary(&w, &id)) {
			ret = fail_cut(&w, &id);
			goto done;
		}
		if (git_revwalk_push(walk, &id) < 0) {
			diag_fail(_("cannot walk from %s: %s"), tips[i],
				  repo_git_msg());
			goto done;
		}
	}
	/* what the refs already reach was audited when it came in */
	if (git_revwalk_hide_glob(walk, "refs/*") < 0) {
		diag_fail(_("cannot read the references: %s"), repo_git_msg());
		goto done;
	}
	ret = walk_run(&w, walk, NULL);
done:
	git_revwalk_free(walk);
	walk_close(&w);
	return ret;
}

int history_commit(struct repo *r, const char *rev, history_fn fn,
		   void *payload)
{
	git_object *obj = NULL, *peeled = NULL;
	struct hwalk w;
	int ret = -1;

	if (walk_open(&w, r, fn, payload))
		goto done;
	w.careful = 1;
	if (git_revparse_single(&obj, w.git, rev) < 0 ||
	    git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
		diag_fail(_("unknown revision '%s': %s"), rev, repo_git_msg());
		goto done;
	}
	ret = visit(&w, (git_commit *)peeled, 0, 1);
done:
	git_object_free(peeled);
	git_object_free(obj);
	walk_close(&w);
	return ret;
}

/* the root tree of the commit rev names, or NULL after diag_fail */
static git_tree *commit_tree(struct hwalk *w, const char *rev)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_oid id;
	int err;

	if ((err = history_resolve_oid(&id, w, rev)) != 0) {
		if (err > 0)
			diag_fail(_("unknown commit '%s'"), rev);
		return NULL;
	}
	if (git_commit_lookup(&c, w->git, &id) < 0 ||
	    git_commit_tree(&t, c) < 0)
		diag_fail(_("cannot read the tree of commit %s: %s"), rev,
			  repo_git_msg());
	git_commit_free(c);
	return t;
}

int history_same_plan(struct repo *r, const char *a, const char *b)
{
	struct hwalk w = { 0 };
	git_tree *ta = NULL, *tb = NULL;
	size_t i;
	int ret = -1;

	w.git = r->git;
	if (!(ta = commit_tree(&w, a)) || !(tb = commit_tree(&w, b)))
		goto done;
	ret = 1;
	for (i = 0; i < N_TOP && ret; i++) {
		const git_tree_entry *x = git_tree_entry_byname(ta,
							plan_top[i].name);
		const git_tree_entry *y = git_tree_entry_byname(tb,
							plan_top[i].name);

		ret = x ? y && same_entry(x, y) : !y;
	}
done:
	git_tree_free(ta);
	git_tree_free(tb);
	return ret;
}

int history_resolve(char out[41], struct repo *r, const char *rev)
{
	struct hwalk w = { 0 };
	git_oid id;
	int ret;

	out[0] = '\0';
	w.git = r->git;
	ret = history_resolve_oid(&id, &w, rev);
	if (!ret)
		git_oid_tostr(out, 41, &id);
	return ret;
}

/* a set of commit ids, open addressing: the descendants of one commit */
struct idset {
	git_oid *v;
	unsigned char *used;
	size_t n, cap;
};

static size_t idset_slot(const struct idset *s, const git_oid *id)
{
	size_t h = 0, i;

	for (i = 0; i < sizeof(h); i++)
		h = h << 8 | id->id[i];
	for (h &= s->cap - 1; s->used[h] && !git_oid_equal(&s->v[h], id);
	     h = (h + 1) & (s->cap - 1))
		;
	return h;
}

static int idset_has(const struct idset *s, const git_oid *id)
{
	return s->cap && s->used[idset_slot(s, id)];
}

static void idset_add(struct idset *s, const git_oid *id)
{
	size_t i, h;

	if (2 * (s->n + 1) > s->cap) {
		struct idset t = { 0 };

		t.cap = s->cap ? 2 * s->cap : 1024;
		t.v = xcalloc(t.cap, sizeof(*t.v));
		t.used = xcalloc(t.cap, 1);
		for (i = 0; i < s->cap; i++)
			if (s->used[i])
				idset_add(&t, &s->v[i]);
		free(s->v);
		free(s->used);
		*s = t;
	}
	h = idset_slot(s, id);
	if (!s->used[h]) {
		s->used[h] = 1;
		git_oid_cpy(&s->v[h], id);
		s->n++;
	}
}

int history_each_commit(struct repo *r, const char *range, char *const *tips,
			size_t n_tips, const char *from, history_fn fn,
			void *payload)
{
	git_revwalk *walk = NULL;
	struct hwalk w = { 0 };
	struct idset below = { 0 };
	struct commit_info ci;
	git_commit *c = NULL;
	git_oid id, root;
	size_t i;
	int err, ret = -1;

	w.git = r->git;
	if (git_revwalk_new(&walk, w.git) < 0) {
		diag_fail(_("cannot walk the history: %s"), repo_git_msg());
		return -1;
	}
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	if (!tips && push_range(walk, &w, range))
		goto done;
	for (i = 0; tips && i < n_tips; i++) {
		if ((err = history_resolve_oid(&id, &w, tips[i])) != 0) {
			if (err > 0)
				diag_fail(_("unknown commit '%s'"), tips[i]);
			goto done;
		}
		if (git_revwalk_push(walk, &id) < 0) {
			diag_fail(_("cannot walk from %s: %s"), tips[i],
				  repo_git_msg());
			goto done;
		}
	}
	if (tips && git_revwalk_hide_glob(walk, "refs/*") < 0) {
		diag_fail(_("cannot read the references: %s"), repo_git_msg());
		goto done;
	}
	if (from && git_oid_fromstr(&root, from) < 0) {
		diag_fail(_("'%s' is not a commit id"), from);
		goto done;
	}
	if (from)
		idset_add(&below, &root);
	while (!(err = git_revwalk_next(&id, walk))) {
		size_t np;

		if (git_commit_lookup(&c, w.git, &id) < 0) {
			diag_fail(_("cannot read commit %s: %s"),
				  git_oid_tostr_s(&id), repo_git_msg());
			goto done;
		}
		/* parents come first (topological order): a commit is below
		 * from when one of its parents is */
		if (from) {
			np = git_commit_parentcount(c);
			for (i = 0; i < np; i++)
				if (idset_has(&below,
					      git_commit_parent_id(c, i)))
					break;
			if (i == np) {
				git_commit_free(c);
				c = NULL;
				continue;
			}
			idset_add(&below, &id);
		}
		fill_info(&ci, c);
		ci.summary = git_commit_summary(c) ? git_commit_summary(c) : "";
		if (ci.n_parents)
			git_oid_tostr(ci.parent, sizeof(ci.parent),
				      git_commit_parent_id(c, 0));
		else
			ci.parent[0] = '\0';
		err = fn(&ci, NULL, 0, payload);
		git_commit_free(c);
		c = NULL;
		if (err) {
			ret = err;
			goto done;
		}
	}
	if (err != GIT_ITEROVER) {
		diag_fail(_("cannot walk the history: %s"), repo_git_msg());
		goto done;
	}
	ret = 0;
done:
	free(below.v);
	free(below.used);
	git_commit_free(c);
	git_revwalk_free(walk);
	return ret;
}

int history_merge_base(char out[41], struct repo *r, const char *rev)
{
	struct hwalk w = { 0 };
	git_commit *c = NULL;
	git_oid id, parents[16], base;
	size_t n, i;
	int err, ret = -1;

	out[0] = '\0';
	w.git = r->git;
	if (history_resolve_oid(&id, &w, rev) ||
	    git_commit_lookup(&c, w.git, &id) < 0) {
		diag_fail(_("cannot read commit %s: %s"), rev, repo_git_msg());
		return -1;
	}
	n = git_commit_parentcount(c);
	for (i = 0; i < n && i < 16; i++)
		git_oid_cpy(&parents[i], git_commit_parent_id(c, i));
	if (n < 2 || n > 16) {
		ret = 1;
		goto done;
	}
	err = git_merge_base_many(&base, w.git, n, parents);
	if (err == GIT_ENOTFOUND) {
		ret = 1;
	} else if (err < 0) {
		diag_fail(_("cannot find the merge base of %s: %s"), rev,
			  repo_git_msg());
	} else {
		git_oid_tostr(out, 41, &base);
		ret = 0;
	}
done:
	git_error_clear();
	git_commit_free(c);
	return ret;
}

/* ---- paths outside the plan ---- */

static int is_plain_file(const git_tree_entry *e)
{
	return !e || (git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
		      git_tree_entry_filemode(e) == GIT_FILEMODE_BLOB);
}

static int entries_equal(const git_tree_entry *a, const git_tree_entry *b)
{
	if (!a || !b)
		return !a && !b;
	return same_entry(a, b);
}

/* is name (in directory dir, "" at the top) one of the plan's files? */
static int plan_file_name(const char *dir, const char *name)
{
	static const char *const schemas[] = {
		"plan.schema.json", "task.schema.json", "unit.schema.json"
	};
	size_t i;

	if (!*dir)
		return !strcmp(name, "plan.yaml");
	if (!strcmp(dir, "schema")) {
		for (i = 0; i < 3; i++)
			if (!strcmp(name, schemas[i]))
				return 1;
		return 0;
	}
	return name[0] != '.';	/* tasks/, units/: the loader judges names */
}

static int is_plan_dir(const char *name)
{
	return !strcmp(name, "tasks") || !strcmp(name, "units") ||
	       !strcmp(name, "schema");
}

struct foreign {
	const char **v;
	size_t n, cap;
	char **own;		/* the strings of v, freed at the end */
};

static void foreign_add(struct foreign *f, const char *dir, const char *name,
			int tree)
{
	char *p = xasprintf("%s%s%s%s", dir, *dir ? "/" : "", name,
			    tree ? "/" : "");
	size_t i;

	for (i = 0; i < f->n; i++)
		if (!strcmp(f->v[i], p)) {
			free(p);
			return;
		}
	XGROW(f->v, f->cap, f->n + 1);
	f->own = xrealloc(f->own, f->cap * sizeof(*f->own));
	f->own[f->n] = p;
	f->v[f->n++] = p;
}

/* the paths outside the plan where trees a and b (either NULL) differ */
static int foreign_diff(struct foreign *f, git_repository *git,
			const char *dir, const git_tree *a, const git_tree *b)
{
	size_t na = a ? git_tree_entrycount(a) : 0;
	size_t nb = b ? git_tree_entrycount(b) : 0;
	size_t i = 0, j = 0;
	int ret = 0;

	while ((i < na || j < nb) && !ret) {
		const git_tree_entry *x = i < na ?
			git_tree_entry_byindex(a, i) : NULL;
		const git_tree_entry *y = j < nb ?
			git_tree_entry_byindex(b, j) : NULL;
		int c = !x ? 1 : !y ? -1 : git_tree_entry_cmp(x, y);
		const git_tree_entry *e;
		const char *name;

		if (c < 0)
			y = NULL;
		else if (c > 0)
			x = NULL;
		i += x != NULL;
		j += y != NULL;
		if (entries_equal(x, y))
			continue;
		e = x ? x : y;
		name = git_tree_entry_name(e);
		if (!*dir && is_plan_dir(name) &&
		    (!x || git_tree_entry_type(x) == GIT_OBJECT_TREE) &&
		    (!y || git_tree_entry_type(y) == GIT_OBJECT_TREE)) {
			git_tree *ta = NULL, *tb = NULL;

			if ((x && git_tree_lookup(&ta, git,
						  git_tree_entry_id(x)) < 0) ||
			    (y && git_tree_lookup(&tb, git,
						  git_tree_entry_id(y)) < 0)) {
				diag_fail(_("cannot read tree %s/: %s"), name,
					  repo_git_msg());
				ret = -1;
			} else {
				ret = foreign_diff(f, git, name, ta, tb);
			}
			git_tree_free(ta);
			git_tree_free(tb);
			continue;
		}
		if (!plan_file_name(dir, name) || !is_plain_file(x) ||
		    !is_plain_file(y))
			foreign_add(f, dir, name,
				    git_tree_entry_type(e) == GIT_OBJECT_TREE);
	}
	return ret;
}

/* the entry at path ("bin/" for a directory) in tree t, or NULL */
static git_tree_entry *entry_at(git_tree *t, const char *path)
{
	git_tree_entry *e = NULL;
	char *p = xstrdup(path);
	size_t n = strlen(p);

	if (n && p[n - 1] == '/')
		p[n - 1] = '\0';
	if (!t || git_tree_entry_bypath(&e, t, p) < 0)
		e = NULL;
	git_error_clear();
	free(p);
	return e;
}

int history_foreign_paths(struct repo *r, const char *rev,
			  void (*fn)(const char *path, void *payload),
			  void *payload)
{
	git_repository *git = r->git;
	struct hwalk w = { 0 };
	struct foreign f = { 0 };
	git_commit *c = NULL, *pc = NULL;
	git_tree *t = NULL, *pt[16] = { 0 }, *bt = NULL;
	git_oid id, parents[16], base;
	size_t np = 0, i, k;
	int ret = -1, has_base = 0;

	w.git = git;
	if (history_resolve_oid(&id, &w, rev) ||
	    git_commit_lookup(&c, git, &id) < 0 ||
	    git_commit_tree(&t, c) < 0) {
		diag_fail(_("cannot read commit %s: %s"), rev, repo_git_msg());
		goto done;
	}
	np = git_commit_parentcount(c);
	if (np > 16) {
		diag_fail(_("commit %s has %zu parents: more than 16 is not "
			     "audited"), rev, np);
		goto done;
	}
	for (i = 0; i < np; i++) {
		git_oid_cpy(&parents[i], git_commit_parent_id(c, i));
		if (git_commit_parent(&pc, c, (unsigned)i) < 0 ||
		    git_commit_tree(&pt[i], pc) < 0) {
			diag_fail(_("cannot read parent %zu of %s: %s"), i + 1,
				  rev, repo_git_msg());
			goto done;
		}
		git_commit_free(pc);
		pc = NULL;
	}
	if (np > 1 && !git_merge_base_many(&base, git, np, parents)) {
		git_commit *bc = NULL;

		if (git_commit_lookup(&bc, git, &base) < 0 ||
		    git_commit_tree(&bt, bc) < 0) {
			git_commit_free(bc);
			diag_fail(_("cannot read the merge base of %s: %s"), rev,
				  repo_git_msg());
			goto done;
		}
		git_commit_free(bc);
		has_base = 1;
	}
	git_error_clear();
	/* what differs from any parent (from nothing, for a root) */
	for (i = 0; i < (np ? np : 1); i++)
		if (foreign_diff(&f, git, "", np ? pt[i] : NULL, t))
			goto done;
	for (k = 0; k < f.n; k++) {
		git_tree_entry *m = entry_at(t, f.v[k]);
		git_tree_entry *b = has_base ? entry_at(bt, f.v[k]) : NULL;
		int own = 1;

		/* a merge answers for a path unless it holds what a parent
		 * that changed it since the base holds */
		for (i = 0; np > 1 && i < np && own; i++) {
			git_tree_entry *pe = entry_at(pt[i], f.v[k]);

			if (!entries_equal(pe, b) && entries_equal(pe, m))
				own = 0;
			git_tree_entry_free(pe);
		}
		if (own)
			fn(f.v[k], payload);
		git_tree_entry_free(m);
		git_tree_entry_free(b);
	}
	ret = 0;
done:
	for (k = 0; k < f.n; k++)
		free(f.own[k]);
	free(f.own);
	free(f.v);
	for (i = 0; i < 16; i++)
		git_tree_free(pt[i]);
	git_tree_free(bt);
	git_tree_free(t);
	git_commit_free(pc);
	git_commit_free(c);
	return ret;
}

/* a commit's date, in its committer's time zone, as YYYY-MM-DD */
static void commit_day(char day[11], const git_commit *c)
{
	int64_t t = (int64_t)git_commit_time(c) +
		    (int64_t)git_commit_time_offset(c) * 60;
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(day, 11, "%Y-%m-%d", &tm))
		snprintf(day, 11, "0000-00-00");
}

int history_commit_day(char day[11], struct repo *r, const char *rev)
{
	struct hwalk w = { 0 };
	git_commit *c = NULL;
	git_oid id;
	int ret;

	w.git = r->git;
	if ((ret = history_resolve_oid(&id, &w, rev)))
		return ret;
	if (git_commit_lookup(&c, w.git, &id))
		return diag_fail(_("cannot read commit '%s': %s"), rev,
				 repo_git_msg()), -1;
	commit_day(day, c);
	git_commit_free(c);
	return 0;
}

int history_as_of(char out[41], char day[11], struct repo *r,
		  const char *tip, const char *date)
{
	struct hwalk w = { 0 };
	git_commit *c = NULL, *parent;
	git_oid id;
	int ret;

	out[0] = day[0] = '\0';
	w.git = r->git;
	ret = history_resolve_oid(&id, &w, tip ? tip : "HEAD");
	if (ret > 0 && tip)
		return diag_fail(_("unknown revision '%s'"), tip), -1;
	if (ret)
		return ret;
	if (git_commit_lookup(&c, w.git, &id))
		return diag_fail(_("cannot read commit '%s': %s"), tip ? tip :
				 "HEAD", repo_git_msg()), -1;
	for (;;) {
		commit_day(day, c);
		if (strcmp(day, date) <= 0) {
			git_oid_tostr(out, 41, git_commit_id(c));
			git_commit_free(c);
			return 0;
		}
		if (!git_commit_parentcount(c)) {
			git_commit_free(c);
			day[0] = '\0';
			return 1;
		}
		if (git_commit_parent(&parent, c, 0)) {
			git_oid_tostr(out, 41, git_commit_id(c));
			git_commit_free(c);
			/* a shallow clone's cut, or a missing object */
			diag_fail(_("cannot read the history before commit "
				     "%.10s: %s"), out, repo_git_msg());
			out[0] = day[0] = '\0';
			return -1;
		}
		git_commit_free(c);
		c = parent;
	}
}

int history_is_ancestor(struct repo *r, const char *ancestor,
			const char *rev)
{
	struct hwalk w = { 0 };
	git_oid a, b;
	int ret;

	w.git = r->git;
	if ((ret = history_resolve_oid(&a, &w, ancestor)) > 0)
		diag_fail(_("unknown commit '%s'"), ancestor);
	else if (!ret && (ret = history_resolve_oid(&b, &w, rev)) > 0)
		diag_fail(_("unknown commit '%s'"), rev);
	if (ret)
		return -1;
	if (git_oid_equal(&a, &b))
		return 1;
	ret = git_graph_descendant_of(w.git, &b, &a);
	if (ret < 0) {
		char *msg = xstrdup(repo_git_msg());

		if (git_repository_is_shallow(w.git) == 1)
			diag_fail(_("cannot tell whether %s comes before %s: "
				  "the history is cut by a shallow clone; "
				  "fetch more with git fetch --deepen or "
				  "--unshallow"), ancestor, rev);
		else
			diag_fail(_("cannot tell whether %s comes before %s: %s"),
				  ancestor, rev, msg);
		free(msg);
		return -1;
	}
	return ret;
}

int history_signature(struct repo *r, const char *id, struct sbuf *sig,
		      struct sbuf *data)
{
	git_buf s = GIT_BUF_INIT, d = GIT_BUF_INIT;
	git_oid oid;
	int err;

	if (git_oid_fromstr(&oid, id))
		return diag_fail(_("'%s' is not a commit id"), id), -1;
	err = git_commit_extract_signature(&s, &d, r->git, &oid, NULL);
	if (err == GIT_ENOTFOUND) {
		/* unsigned, or the object itself is missing: ask which */
		git_odb *odb = NULL;
		int there = !git_repository_odb(&odb, r->git) &&
			    git_odb_exists(odb, &oid);

		git_odb_free(odb);
		if (there)
			return 0;
	}
	if (err) {
		diag_fail(_("cannot read commit %.10s: %s"), id, repo_git_msg());
		return -1;
	}
	sbuf_add(sig, s.ptr, s.size);
	sbuf_add(data, d.ptr, d.size);
	git_buf_dispose(&s);
	git_buf_dispose(&d);
	return 1;
}

int history_path_ids(char (*out)[41], struct repo *r, const char *rev,
		     const char *const *paths, size_t n)
{
	struct hwalk w = { 0 };
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_oid id;
	size_t i;
	int ret;

	w.git = r->git;
	/* asked once a commit along a walk: a full id needs no parsing */
	if (strlen(rev) == GIT_OID_HEXSZ && !git_oid_fromstr(&id, rev))
		ret = 0;
	else if ((ret = history_resolve_oid(&id, &w, rev)) > 0)
		ret = diag_fail(_("unknown revision '%s'"), rev);
	if (ret)
		return -1;
	if (git_commit_lookup(&c, w.git, &id) || git_commit_tree(&t, c)) {
		git_commit_free(c);
		return diag_fail(_("cannot read commit '%s': %s"), rev,
				 repo_git_msg()), -1;
	}
	for (i = 0; i < n; i++) {
		git_tree_entry *e = NULL;

		out[i][0] = '\0';
		if (!git_tree_entry_bypath(&e, t, paths[i]))
			git_oid_tostr(out[i], 41, git_tree_entry_id(e));
		git_tree_entry_free(e);
	}
	git_error_clear();
	git_tree_free(t);
	git_commit_free(c);
	return 0;
}

int history_first_parent_line(struct line_commit **out, size_t *n,
			      struct repo *r, const char *tip)
{
	struct hwalk w = { 0 };
	git_commit *c = NULL, *parent;
	size_t cap = 0;
	git_oid id;
	int ret;

	*out = NULL;
	*n = 0;
	w.git = r->git;
	ret = history_resolve_oid(&id, &w, tip ? tip : "HEAD");
	if (ret > 0)
		return diag_fail(_("unknown revision '%s'"), tip ? tip : "HEAD"),
		       -1;
	if (ret || git_commit_lookup(&c, w.git, &id))
		return ret ? -1 : (diag_fail(_("cannot read commit '%s': %s"),
				   tip ? tip : "HEAD", repo_git_msg()), -1);
	for (;;) {
		struct line_commit *l;

		XGROW(*out, cap, *n + 1);
		l = &(*out)[(*n)++];
		git_oid_tostr(l->id, sizeof(l->id), git_commit_id(c));
		commit_day(l->day, c);
		if (!git_commit_parentcount(c))
			break;
		if (git_commit_parent(&parent, c, 0)) {
			git_commit_free(c);
			diag_fail(_("cannot read the history before commit "
				     "%.10s: %s"), l->id, repo_git_msg());
			free(*out);
			*out = NULL;
			*n = 0;
			return -1;
		}
		git_commit_free(c);
		c = parent;
	}
	git_commit_free(c);
	return 0;
}
