/*
 * history_diff: a commit's plan against its parent's, from the top-level
 * entries down, reading only the blobs whose id changed.  See history.c.
 */
#include "history_impl.h"
#include "ydoc.h"
#include "diag.h"
#include "i18n.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* a failure is about to be reported: the caller prints what it has */
void history_walk_drain(const struct hwalk *w)
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

void history_trees_release(struct trees *t)
{
	size_t i;

	for (i = 0; i < N_TOP; i++)
		git_tree_free(t->sub[i]);
	git_tree_free(t->root);
	memset(t, 0, sizeof(*t));
}

void history_memo_release(struct memo *m)
{
	git_commit_free(m->obj);
	m->obj = NULL;
	history_trees_release(&m->t);
	blobs_release(&m->blobs);
	m->valid = 0;
}

void history_release_changes(struct hwalk *w)
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

int history_blob_cmp(const void *x, const void *y)
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
					       sizeof(*list->v),
					       history_blob_cmp);

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

int history_same_entry(const git_tree_entry *a, const git_tree_entry *b)
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

int history_trees_sub(git_tree **out, struct hwalk *w, struct trees *t,
		      size_t i)
{
	const git_tree_entry *e = top_entry(t, i);

	if (!(t->looked & 1u << i)) {
		if (e && git_tree_entry_type(e) == GIT_OBJECT_TREE &&
		    git_tree_lookup(&t->sub[i], w->git,
				    git_tree_entry_id(e)) < 0) {
			history_walk_drain(w);
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
			if (!hidden(x) && !history_same_entry(x, y))
				add_change(w, dir, x, y);
			i++;
			j++;
		}
	}
}

/* the changes of the plan from a (no root: nothing) to b */
int history_diff_trees(struct hwalk *w, struct trees *a, struct trees *b)
{
	git_tree *ta, *tb;
	size_t i;

	for (i = 0; i < N_TOP; i++) {
		const git_tree_entry *x = top_entry(a, i), *y = top_entry(b, i);

		if ((!x && !y) || (x && y && history_same_entry(x, y)))
			continue;
		if (!plan_top[i].dir) {
			add_change(w, NULL, x, y);
			continue;
		}
		if (history_trees_sub(&ta, w, a, i) ||
		    history_trees_sub(&tb, w, b, i))
			return -1;
		diff_dir(w, plan_top[i].name, ta, tb);
	}
	return 0;
}
