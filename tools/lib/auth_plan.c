/*
 * auth_plan: the plans at commits (a small cache keyed by their files'
 * blob ids), the founding commit, and the live plan with its context.
 * See auth_impl.h.
 */
#include "auth_impl.h"
#include "rights.h"
#include "diag.h"
#include "i18n.h"
#include "xalloc.h"
#include "ydoc.h"

#include <stdlib.h>
#include <string.h>

void auth_slot_release(struct cached_plan *s)
{
	free(s->sig);
	fileset_release(&s->fs);
	plan_free(s->plan);
	diag_release(&s->d);
	memset(s, 0, sizeof(*s));
}

static char *fileset_sig(const struct fileset *fs)
{
	struct sbuf b = { 0 };
	size_t i;

	sbuf_adds(&b, "");
	for (i = 0; i < fs->n; i++)
		sbuf_printf(&b, "%s\t%d\t%s\n", fs->v[i].path,
			    (int)fs->v[i].kind, fs->v[i].oid);
	return sbuf_take(&b);
}

/* the plan at rev, pinned until auth_plan_unpin; NULL after diag_fail */
struct cached_plan *auth_plan_at(struct auth *a, const char *rev)
{
	struct auth_state *k = a->state;
	struct cached_plan *s = NULL;
	const struct schemas *sc;
	struct fileset fs = { 0 };
	char *sig;
	size_t i;

	if (repo_fileset_rev(&fs, a->repo, rev)) {
		fileset_release(&fs);
		return NULL;
	}
	fileset_sort(&fs);
	sig = fileset_sig(&fs);
	for (i = 0; i < CACHE_SLOTS; i++)
		if (k->slot[i].sig && !strcmp(k->slot[i].sig, sig))
			s = &k->slot[i];
	if (s) {
		free(sig);
		fileset_release(&fs);
		goto done;
	}
	/* the least recently used slot that no one holds */
	for (i = 0; i < CACHE_SLOTS; i++)
		if (!k->slot[i].pins &&
		    (!s || k->slot[i].used < s->used))
			s = &k->slot[i];
	auth_slot_release(s);
	s->sig = sig;
	s->fs = fs;
	if ((sc = source_schemas(&k->schemas, &s->fs, &s->d)))
		source_plan(&s->plan, &k->schemas, &s->fs, sc, &s->d);
	diag_sort(&s->d);
done:
	s->used = ++k->clock;
	s->pins++;
	return s;
}

void auth_plan_unpin(struct cached_plan *s)
{
	if (s && s->pins)
		s->pins--;
}

/* ---- the founding commit ---- */

/*
 * Does some units/ file of these changes list committers?  The index of
 * the first that does, with the position of its list in *line, *col;
 * or -1.
 */
static int gives_committers(const struct history_change *ch, size_t n,
			    int *line, int *col)
{
	struct diag_list d = { 0 };
	size_t i;
	int found = -1;

	for (i = 0; i < n && found < 0; i++) {
		struct ynode *doc = NULL;
		const struct ynode *c;

		if (strncmp(ch[i].path, "units/", 6) || !ch[i].new_data)
			continue;
		if (!ydoc_load(&doc, ch[i].path, ch[i].new_data, ch[i].new_len,
			       &d)) {
			c = ynode_get(doc, "committers");
			if (c && c->kind == YNODE_SEQ && c->n > 0) {
				found = (int)i;
				*line = c->line;
				*col = c->col;
			}
		}
		ynode_free(doc);
	}
	diag_release(&d);
	return found;
}

static void note_founding(struct auth *a, const char *id)
{
	struct auth_state *k = a->state;
	size_t i;

	for (i = 0; i < k->n_known; i++)
		if (!strcmp(k->known[i], id))
			return;
	XGROW(k->known, k->cap_known, k->n_known + 1);
	snprintf(k->known[k->n_known++], sizeof(*k->known), "%s", id);
	if (!a->founding[0])
		snprintf(a->founding, sizeof(a->founding), "%s", id);
}

static int search_fn(const struct commit_info *ci,
		     const struct history_change *ch, size_t n, void *payload)
{
	int line, col;

	if (gives_committers(ch, n, &line, &col) >= 0)
		note_founding(payload, ci->id);
	return 0;
}

/*
 * The founding commit plan.yaml names, resolved once per name: 0, 1 when
 * it names no commit, -1 after diag_fail.
 */
static int named_founding(char id[41], struct auth *a, const char *name)
{
	struct auth_state *k = a->state;
	int r;

	if (k->named && !strcmp(k->named, name)) {
		memcpy(id, k->named_id, 41);
		return id[0] ? 0 : 1;
	}
	if ((r = history_resolve(id, a->repo, name)) < 0)
		return -1;
	free(k->named);
	k->named = xstrdup(name);
	memcpy(k->named_id, r ? "" : id, r ? 1 : 41);
	return r;
}

/*
 * history_is_ancestor, without walking the graph again for each commit
 * of a walk: when anc was found an ancestor of the first parent of the
 * commit audited last, it is one of that commit too.
 */
static int is_ancestor(struct auth *a, const char *anc, const char *rev)
{
	struct auth_state *k = a->state;
	int r;

	if (!strcmp(k->anc_of, anc) &&
	    (!strcmp(k->anc_commit, rev) ||
	     (!strcmp(k->last_id, rev) &&
	      !strcmp(k->anc_commit, k->last_parent))))
		r = 1;
	else if ((r = history_is_ancestor(a->repo, anc, rev)) <= 0)
		return r;
	snprintf(k->anc_of, sizeof(k->anc_of), "%s", anc);
	snprintf(k->anc_commit, sizeof(k->anc_commit), "%s", rev);
	return r;
}

/*
 * Is parent (a commit, with its plan) in the plan's history, so that the
 * commits made on top of it are audited?  1 yes, 0 no, -1 after
 * diag_fail.  Yes when the founding commit its plan.yaml names is parent
 * or an ancestor of it, or when its units list committers, or when a
 * commit known to have given units committers (seen in the walk, or found
 * once by searching the parent's history) is parent or an ancestor.
 */
int auth_founded(struct auth *a, const char *parent,
		 const struct plan *rights)
{
	struct auth_state *k = a->state;
	struct history_opts o = { 0 };
	char id[41];
	size_t i;
	int r;

	if (rights && rights->founding) {
		/* a name that is not in this history founds nothing */
		if ((r = named_founding(id, a, rights->founding)) < 0)
			return -1;
		if (r == 0 && (r = is_ancestor(a, id, parent)) != 0) {
			if (r > 0)
				note_founding(a, id);
			return r;
		}
	}
	if (rights_has_committers(rights))
		return 1;
	for (;;) {
		for (i = 0; i < k->n_known; i++)
			if ((r = is_ancestor(a, k->known[i], parent)))
				return r;
		if (a->searched)
			return 0;
		a->searched = 1;
		o.range = parent;
		o.reverse = 1;
		if (history_walk(a->repo, &o, search_fn, a))
			return -1;
	}
}

/*
 * A commit that is not audited gives units committers: it founds the
 * plan, unless the plan is founded already.  A second founding would
 * start a history whose rights nobody granted, and a merge could bring
 * it in; it is refused.
 */
void auth_founding_commit(struct auth *a, const struct commit_info *ci,
			  const struct history_change *ch, size_t n)
{
	struct auth_finding *f;
	int i, line, col;

	if ((i = gives_committers(ch, n, &line, &col)) < 0)
		return;
	if (!a->founding[0] && !a->founded_before) {
		note_founding(a, ci->id);
		return;
	}
	if (!strcmp(a->founding, ci->id))
		return;
	f = auth_finding_add(a, ci);
	f->rule = AUTH_RULE_FOUNDING;
	f->file = xstrdup(ch[i].path);
	f->line = line;
	f->col = col;
	if (a->founding[0])
		f->message = xasprintf(ci->n_parents ?
			_("commit %.10s by %s gives units committers outside "
			  "the plan's history (its first parent is not in "
			  "it): the plan is founded at %.10s already; base "
			  "the work on the plan's branch") :
			_("commit %.10s by %s gives units committers outside "
			  "the plan's history (a root commit): the plan is "
			  "founded at %.10s already; base the work on the "
			  "plan's branch"), ci->id, f->author, a->founding);
	else
		f->message = xasprintf(ci->n_parents ?
			_("commit %.10s by %s gives units committers outside "
			  "the plan's history (its first parent is not in "
			  "it): the plan is founded already; base the work on "
			  "the plan's branch") :
			_("commit %.10s by %s gives units committers outside "
			  "the plan's history (a root commit): the plan is "
			  "founded already; base the work on the plan's "
			  "branch"), ci->id, f->author);
}

/* ---- the live plan ---- */

/*
 * plan_load's findings about a task file depend on that file, on its
 * context (plan.yaml, units/, the schemas) and on the other task files
 * only through a shared task id; the findings about the other files do
 * not depend on task files at all.  So while task ids are unique, the
 * plan at a commit that changes task files alone is the plan at its
 * parent with those files' records and findings replaced by what loading
 * their new versions together with the context gives.  Any other commit,
 * or one that would make two tasks share an id, is loaded whole from git
 * (tests/unit/test_auth.c compares both ways on a history that breaks
 * each rule).
 */

void auth_context_drop(struct context *c)
{
	if (!c || --c->refs > 0)
		return;
	fileset_release(&c->fs);
	source_schemas_drop(c->schemas);
	plan_free(c->base);
	free(c->sig);
	free(c);
}

/*
 * Is path a file of the context: plan.yaml, a file of units/, or one of
 * the schemas schemas_load reads (other files under schema/ are no part
 * of the plan: a foreseen context that held one would only be loaded
 * again)?
 */
int auth_context_file(const char *path)
{
	return !strcmp(path, "plan.yaml") || !strncmp(path, "units/", 6) ||
	       schemas_file(path);
}

/* the paths, kinds and blob ids of the context files of fs */
static char *context_sig(const struct fileset *fs)
{
	struct sbuf b = { 0 };
	size_t i;

	sbuf_adds(&b, "");
	for (i = 0; i < fs->n; i++)
		if (auth_context_file(fs->v[i].path))
			sbuf_printf(&b, "%s\t%d\t%s\n", fs->v[i].path,
				    (int)fs->v[i].kind, fs->v[i].oid);
	return sbuf_take(&b);
}

/*
 * Append an entry to fs with a copy of data: len bytes, or the reason
 * text of an entry that could not be read (len 0)
 */
void auth_copy_entry(struct fileset *fs, const char *path, int kind,
		     const char *data, size_t len, const char *oid)
{
	size_t n = data && !len ? strlen(data) : len;
	char *copy = NULL;

	if (data) {
		copy = xmalloc(n + 1);
		memcpy(copy, data, n);
		copy[n] = '\0';
	}
	snprintf(fileset_add(fs, path, (enum file_kind)kind, copy,
			     len)->oid, 41, "%s", oid);
}

/* a context of the files of fs (context files alone), which it takes */
struct context *auth_context_make(struct auth_state *k, struct fileset *fs)
{
	struct context *c = xcalloc(1, sizeof(*c));
	struct diag_list d = { 0 };

	c->serial = ++k->serial;
	c->fs = *fs;
	memset(fs, 0, sizeof(*fs));
	fileset_sort(&c->fs);
	c->sig = context_sig(&c->fs);
	c->refs = 1;
	c->schemas = source_schemas_hold(&k->schemas, &c->fs, &d);
	c->usable = c->schemas != NULL;
	/* loaded once here, not again with every round of versions */
	if (c->usable)
		plan_load(&c->base, &c->fs, c->schemas, NULL, &d);
	diag_release(&d);
	return c;
}

/*
 * The context of the plan in fs: the live one, or the one foreseen for
 * the next batch, when it is the same
 */
static struct context *context_of(struct auth_state *k,
				  const struct fileset *fs)
{
	struct fileset cfs = { 0 };
	char *sig = context_sig(fs);
	struct context *same = k->live.ctx && !strcmp(k->live.ctx->sig, sig) ?
		k->live.ctx : k->next && !strcmp(k->next->sig, sig) ?
		k->next : NULL;
	size_t i;

	free(sig);
	if (same) {
		same->refs++;
		return same;
	}
	for (i = 0; i < fs->n; i++)
		if (auth_context_file(fs->v[i].path))
			auth_copy_entry(&cfs, fs->v[i].path, fs->v[i].kind,
					fs->v[i].data, fs->v[i].len,
					fs->v[i].oid);
	return auth_context_make(k, &cfs);
}

/* is every task id of p used once? */
static int ids_unique(const struct plan *p)
{
	size_t i;

	for (i = 1; p && i < p->n_tasks; i++)
		if (p->tasks[i]->id == p->tasks[i - 1]->id)
			return 0;
	return p != NULL;
}

/*
 * The plan of commit id, loaded whole (s, pinned by the caller), becomes
 * the live plan: s leaves the cache.
 */
void auth_live_take(struct auth *a, const char *id, struct cached_plan *s)
{
	struct auth_state *k = a->state;
	struct live *lv = &k->live;
	struct context *c = context_of(k, &s->fs);
	size_t i;

	auth_slot_release(&lv->p);
	auth_context_drop(lv->ctx);
	lv->p = *s;
	memset(s, 0, sizeof(*s));
	lv->p.pins = 0;
	free(lv->p.sig);
	lv->p.sig = NULL;
	/* task files are loaded again from the changes when they change */
	for (i = 0; i < lv->p.fs.n; i++)
		if (!strncmp(lv->p.fs.v[i].path, "tasks/", 6)) {
			free(lv->p.fs.v[i].data);
			lv->p.fs.v[i].data = NULL;
		}
	lv->ctx = c;
	lv->ok = c->usable && ids_unique(lv->p.plan);
	snprintf(lv->commit, sizeof(lv->commit), "%s", id);
}

/* the plan at rev becomes the live plan; 0, or -1 after diag_fail */
int auth_live_reset(struct auth *a, const char *rev)
{
	struct cached_plan *s = auth_plan_at(a, rev);
	char id[41];

	if (!s)
		return -1;
	auth_plan_unpin(s);
	if (history_resolve(id, a->repo, rev)) {
		diag_fail(_("cannot read commit %s"), rev);
		return -1;
	}
	auth_live_take(a, id, s);
	return 0;
}

void auth_live_release(struct live *lv)
{
	auth_slot_release(&lv->p);
	auth_context_drop(lv->ctx);
	memset(lv, 0, sizeof(*lv));
}
