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
 *
 * The parts: history_impl.h.
 */
#include "history_impl.h"
#include "diag.h"
#include "i18n.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	history_walk_drain(w);
	diag_fail(_("history is cut by a shallow clone at %s; fetch more with "
		     "git fetch --deepen or --unshallow"), git_oid_tostr_s(at));
	return -1;
}

/* ---- commits ---- */

void history_fill_info(struct commit_info *ci, const git_commit *c)
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
		qsort(b->v, b->n, sizeof(*b->v), history_blob_cmp);
	b->sorted = b->n;
	git_commit_free(w->memo.obj);
	memset(&w->memo, 0, sizeof(w->memo));
}

/* keep one side of this comparison for the next, as commit id's */
static void memo_keep(struct hwalk *w, const git_oid *id, git_commit *obj,
		      struct trees *t, struct blobs *b)
{
	history_memo_release(&w->memo);
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

	history_release_changes(w);
	w->commit_bytes = w->commit_files = 0;
	if (nth == 0 && w->memo.valid &&
	    git_oid_equal(&w->memo.commit, git_commit_id(c)))
		memo_take(w, &ct, &w->cur);
	ci->parent[0] = '\0';
	if (w->between) {
		pid = w->has_base ? &w->base : NULL;
		if (pid)
			git_oid_tostr(ci->parent, sizeof(ci->parent), pid);
	} else if (ci->n_parents) {
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
			history_walk_drain(w);
			diag_fail(_("cannot read commit %s, parent of %s: %s"),
				  ci->parent, ci->id, repo_git_msg());
			goto done;
		}
	}
	if (!ct.root && git_commit_tree(&ct.root, c) < 0) {
		history_walk_drain(w);
		diag_fail(_("cannot read the tree of commit %s: %s"), ci->id,
			  repo_git_msg());
		goto done;
	}
	if (history_diff_trees(w, &pt, &ct))
		goto done;
	if (w->missing[0]) {
		/* damage: a verdict without the file would be a guess */
		history_walk_drain(w);
		diag_fail(_("commit %s names object %s, which cannot be read "
			     "from the repository: it is missing or damaged "
			     "(git fsck tells more)"), ci->id, w->missing);
		goto done;
	}
	if (w->over) {
		history_walk_drain(w);
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
	history_release_changes(w);
	history_trees_release(&pt);
	history_trees_release(&ct);
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

	history_fill_info(&ci, c);
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
int history_resolve_oid(git_oid *out, struct hwalk *w, const char *rev)
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
	history_release_changes(w);
	history_memo_release(&w->memo);
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
int history_push_range(git_revwalk *walk, struct hwalk *w, const char *range)
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
			history_walk_drain(w);
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
		history_walk_drain(w);
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
			history_walk_drain(w);
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
	if (walk_new(&walk, &w, o->reverse) ||
	    history_push_range(walk, &w, o->range))
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

int history_between(struct repo *r, const char *from, const char *to,
		    history_fn fn, void *payload)
{
	git_commit *c = NULL;
	struct hwalk w;
	git_oid id;
	int found, ret = -1;

	if (walk_open(&w, r, fn, payload))
		goto done;
	w.between = 1;
	if (from && *from) {
		if ((found = history_resolve_oid(&w.base, &w, from)) > 0)
			diag_fail(_("unknown revision '%s'"), from);
		if (found)
			goto done;
		w.has_base = 1;
	}
	if ((found = history_resolve_oid(&id, &w, to)) > 0)
		diag_fail(_("unknown revision '%s'"), to);
	if (found)
		goto done;
	if (git_commit_lookup(&c, w.git, &id) < 0) {
		diag_fail(_("cannot read commit %s: %s"), to, repo_git_msg());
		goto done;
	}
	ret = visit(&w, c, 0, 1);
done:
	git_commit_free(c);
	walk_close(&w);
	return ret;
}
