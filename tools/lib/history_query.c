/*
 * history_query: questions about single commits (the plan's trees,
 * ancestry, dates, signatures) and about lines of them.  See history.h.
 */
#include "history_impl.h"
#include "diag.h"
#include "i18n.h"
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
	return history_same_entry(a, b);
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
