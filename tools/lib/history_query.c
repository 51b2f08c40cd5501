/*
 * history_query: questions about single commits (the plan's trees,
 * ancestry, dates, signatures) and about lines of them.  See history.h.
 */
#include "history_impl.h"
#include "diag.h"
#include "i18n.h"
#include "model.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

		ret = x ? y && history_same_entry(x, y) : !y;
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
	return history_same_entry(a, b);
}

/* is name (in directory dir, "" at the top) one of the plan's files? */
static int plan_file_name(const char *dir, const char *name)
{
	size_t i;

	if (!*dir)
		return !strcmp(name, "plan.yaml");
	if (!strcmp(dir, "schema")) {
		/* "schema/" and name: one of the schema files */
		for (i = 0; i < 3; i++)
			if (!strcmp(schema_file_paths[i] + 7, name))
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

static void foreign_release(struct foreign *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->own[i]);
	free(f->own);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

/* the index in plan_top of the plan's directory name */
static size_t top_index(const char *name)
{
	size_t i;

	for (i = 0; i < N_TOP && strcmp(plan_top[i].name, name); i++)
		;
	return i;
}

/*
 * The paths outside the plan where directory dir of trees ta and tb
 * (either NULL) differ; at the top (dir ""), the plan's directories are
 * read through the subtrees of a and b, looked up once
 */
static int foreign_diff(struct foreign *f, struct hwalk *w, const char *dir,
			const git_tree *ta, const git_tree *tb,
			struct trees *a, struct trees *b)
{
	size_t na = ta ? git_tree_entrycount(ta) : 0;
	size_t nb = tb ? git_tree_entrycount(tb) : 0;
	size_t i = 0, j = 0;
	int ret = 0;

	while ((i < na || j < nb) && !ret) {
		const git_tree_entry *x = i < na ?
			git_tree_entry_byindex(ta, i) : NULL;
		const git_tree_entry *y = j < nb ?
			git_tree_entry_byindex(tb, j) : NULL;
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
			git_tree *sa = NULL, *sb = NULL;
			size_t k = top_index(name);

			if (history_trees_sub(&sa, w, a, k) ||
			    history_trees_sub(&sb, w, b, k))
				ret = -1;
			else
				ret = foreign_diff(f, w, name, sa, sb, NULL,
						   NULL);
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

/* the root tree of commit id in t, or -1 */
static int trees_of(struct trees *t, git_repository *git, const git_oid *id)
{
	git_commit *c = NULL;
	int err;

	memset(t, 0, sizeof(*t));
	err = git_commit_lookup(&c, git, id) < 0 ||
	      git_commit_tree(&t->root, c) < 0 ? -1 : 0;
	git_commit_free(c);
	return err;
}

/*
 * The paths outside the plan that commit c answers for (history.h,
 * history_each_owned), into f: ct is c's trees, pt its first parent's
 */
static int commit_foreign(struct foreign *f, struct hwalk *w, git_commit *c,
			  struct trees *ct, struct trees *pt)
{
	struct trees other[16] = { { 0 } };
	struct foreign all = { 0 };
	git_tree *bt = NULL;
	git_oid parents[16], base;
	size_t np = git_commit_parentcount(c), i, k;
	int ret = -1, has_base = 0;

	if (np < 2)
		return foreign_diff(f, w, "", pt->root, ct->root, pt, ct);
	if (np > 16) {
		diag_fail(_("commit %s has %zu parents: more than 16 is not "
			     "audited"), git_oid_tostr_s(git_commit_id(c)),
			  np);
		return -1;
	}
	for (i = 0; i < np; i++) {
		git_oid_cpy(&parents[i], git_commit_parent_id(c, i));
		if (i && trees_of(&other[i], w->git, &parents[i])) {
			diag_fail(_("cannot read parent %zu of %s: %s"), i + 1,
				  git_oid_tostr_s(git_commit_id(c)),
				  repo_git_msg());
			goto done;
		}
	}
	if (!git_merge_base_many(&base, w->git, np, parents)) {
		git_commit *bc = NULL;

		if (git_commit_lookup(&bc, w->git, &base) < 0 ||
		    git_commit_tree(&bt, bc) < 0) {
			git_commit_free(bc);
			diag_fail(_("cannot read the merge base of %s: %s"),
				  git_oid_tostr_s(git_commit_id(c)),
				  repo_git_msg());
			goto done;
		}
		git_commit_free(bc);
		has_base = 1;
	}
	git_error_clear();
	/* what differs from any parent */
	for (i = 0; i < np; i++) {
		struct trees *p = i ? &other[i] : pt;

		if (foreign_diff(&all, w, "", p->root, ct->root, p, ct))
			goto done;
	}
	for (k = 0; k < all.n; k++) {
		git_tree_entry *m = entry_at(ct->root, all.v[k]);
		git_tree_entry *b = has_base ? entry_at(bt, all.v[k]) : NULL;
		int own = 1;

		/* a merge answers for a path unless it holds what a parent
		 * that changed it since the base holds */
		for (i = 0; i < np && own; i++) {
			git_tree_entry *pe = entry_at(i ? other[i].root :
						      pt->root, all.v[k]);

			if (!entries_equal(pe, b) && entries_equal(pe, m))
				own = 0;
			git_tree_entry_free(pe);
		}
		if (own)
			foreign_add(f, "", all.v[k], 0);
		git_tree_entry_free(m);
		git_tree_entry_free(b);
	}
	ret = 0;
done:
	foreign_release(&all);
	for (i = 1; i < np && i < 16; i++)
		history_trees_release(&other[i]);
	git_tree_free(bt);
	return ret;
}

int history_each_owned(struct repo *r, const char *range, char *const *tips,
		       size_t n_tips, const char *from, history_owned_fn fn,
		       void *payload)
{
	git_revwalk *walk = NULL;
	struct hwalk w = { 0 };
	struct idset below = { 0 };
	struct commit_info ci;
	struct foreign f = { 0 };
	/* the trees of the commit before: usually the next one's parent */
	struct trees ct = { 0 }, pt = { 0 };
	git_oid prev = { { 0 } };
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
	if (!tips && history_push_range(walk, &w, range))
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
		history_fill_info(&ci, c);
		ci.summary = git_commit_summary(c) ? git_commit_summary(c) : "";
		if (ci.n_parents)
			git_oid_tostr(ci.parent, sizeof(ci.parent),
				      git_commit_parent_id(c, 0));
		else
			ci.parent[0] = '\0';
		foreign_release(&f);
		history_trees_release(&pt);
		if (ct.root && ci.n_parents &&
		    git_oid_equal(&prev, git_commit_parent_id(c, 0))) {
			pt = ct;
			memset(&ct, 0, sizeof(ct));
		}
		history_trees_release(&ct);
		if (git_commit_tree(&ct.root, c) < 0 ||
		    (ci.n_parents && !pt.root &&
		     trees_of(&pt, w.git, git_commit_parent_id(c, 0)))) {
			diag_fail(_("cannot read commit %s: %s"), ci.id,
				  repo_git_msg());
			goto done;
		}
		git_oid_cpy(&prev, &id);
		if (ci.n_parents && commit_foreign(&f, &w, c, &ct, &pt))
			goto done;
		err = fn(&ci, f.v, f.n, payload);
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
	foreign_release(&f);
	history_trees_release(&ct);
	history_trees_release(&pt);
	free(below.v);
	free(below.used);
	git_commit_free(c);
	git_revwalk_free(walk);
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
	git_commit *c = NULL;
	git_oid oid;
	int err;

	if (git_oid_fromstr(&oid, id))
		return diag_fail(_("'%s' is not a commit id"), id), -1;
	/*
	 * Most commits are not signed: the parsed commit (often in
	 * libgit2's cache) tells so without reading the object again, as
	 * extracting a signature does
	 */
	if ((err = git_commit_lookup(&c, r->git, &oid)) == 0) {
		err = git_commit_header_field(&s, c, "gpgsig");
		git_buf_dispose(&s);
		git_commit_free(c);
		if (err == GIT_ENOTFOUND)
			return 0;
	}
	if (!err)
		err = git_commit_extract_signature(&s, &d, r->git, &oid, NULL);
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
