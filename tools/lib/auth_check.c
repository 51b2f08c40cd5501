/*
 * auth_check: the audit of one commit: what changed against its first parent
 * (and, for a merge, against every parent) and whether its author
 * had the right to change it.
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

static char *opt_dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static char *change_key(const struct change *c)
{
	return xasprintf("%d\t%s\t%s", c->task_id,
			 c->unit_id ? c->unit_id : "", c->field);
}

int auth_pending_collect(const struct change *c, void *payload)
{
	struct pending_list *l = payload;
	struct pending *p;

	XGROW(l->v, l->cap, l->n + 1);
	p = &l->v[l->n++];
	p->c = *c;
	p->c.unit_id = opt_dup(c->unit_id);
	p->c.field = opt_dup(c->field);
	p->c.old_value = opt_dup(c->old_value);
	p->c.new_value = opt_dup(c->new_value);
	p->c.old_path = opt_dup(c->old_path);
	p->c.new_path = opt_dup(c->new_path);
	p->key = change_key(c);
	p->inherited = 0;
	return 0;
}

void auth_pending_release(struct pending_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free((char *)l->v[i].c.unit_id);
		free((char *)l->v[i].c.field);
		free((char *)l->v[i].c.old_value);
		free((char *)l->v[i].c.new_value);
		free((char *)l->v[i].c.old_path);
		free((char *)l->v[i].c.new_path);
		free(l->v[i].key);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static const struct plan empty_plan;

static const struct plan *or_empty(const struct plan *p)
{
	return p ? p : &empty_plan;
}

/* every change from plan a to plan b, and to files under schema/ */
static void changes_between(struct pending_list *out, const struct view *a,
			    const struct view *b)
{
	struct change c;
	size_t i = 0, j = 0;

	plan_compare(or_empty(a->plan), or_empty(b->plan),
		     auth_pending_collect, out);
	/* the schemas are files, not records: compared by blob id */
	while (i < a->fs->n || j < b->fs->n) {
		const struct file_entry *x = i < a->fs->n ? &a->fs->v[i] :
			NULL;
		const struct file_entry *y = j < b->fs->n ? &b->fs->v[j] :
			NULL;
		int cmp = !x ? 1 : !y ? -1 : strcmp(x->path, y->path);

		if (cmp < 0)
			y = NULL;
		else if (cmp > 0)
			x = NULL;
		i += x != NULL;
		j += y != NULL;
		if (strncmp((x ? x : y)->path, "schema/", 7) ||
		    (x && y && x->kind == y->kind && !strcmp(x->oid, y->oid)))
			continue;
		memset(&c, 0, sizeof(c));
		c.field = (x ? x : y)->path;
		c.old_value = x ? (x->oid[0] ? x->oid : "present") : NULL;
		c.new_value = y ? (y->oid[0] ? y->oid : "present") : NULL;
		c.old_path = x ? x->path : NULL;
		c.new_path = y ? y->path : NULL;
		c.cls = CHANGE_PLAN;
		auth_pending_collect(&c, out);
	}
}

/* a change's record is gone because its file no longer loads */
static int unloadable(const struct pending *p, const struct view *now)
{
	return !p->c.new_value && !p->c.new_path && p->c.old_path &&
	       fileset_find(now->fs, p->c.old_path);
}

/* where field is written in a unit's or the plan's document (NULL: not
 * found) */
static const struct ynode *field_node(const struct ynode *doc,
				      const char *field)
{
	const char *dot;
	const struct ynode *n;

	if (!doc || !field)
		return NULL;
	if ((dot = strchr(field, '.'))) {
		char *head = xstrndup(field, (size_t)(dot - field));

		n = ynode_get(doc, head);
		free(head);
		return n && n->kind == YNODE_MAP ? ynode_key(n, dot + 1) :
			NULL;
	}
	return ynode_key(doc, field);
}

/*
 * Where field is written in a task (NULL: not found): as field_node
 * finds it in a document, from the positions the task keeps
 */
static const struct field_pos *task_position(const struct task *t,
					     const char *field)
{
	const char *last = strrchr(field, '.');
	int key = 1;
	size_t i;

	/* an indicator's key, or the indicator (whose name may hold dots) */
	if (!strncmp(field, "indicators.", 11))
		key = last && last > field + 11 &&
			(!strcmp(last, ".target") || !strcmp(last, ".op") ||
			 !strcmp(last, ".unit") || !strcmp(last, ".actual"));
	for (i = 0; i < t->n_at; i++)
		if (!t->at[i].key_line == !key &&
		    !strcmp(t->at[i].name, field))
			return &t->at[i];
	return NULL;
}

/* the file, line and column a change is shown at */
static void locate(struct auth_finding *f, const struct change *c,
		   const struct plan *old, const struct plan *now)
{
	const struct plan *p = c->new_path ? now : old;
	const struct ynode *doc = NULL, *n;
	const char *field = c->field;

	f->file = xstrdup(c->new_path ? c->new_path :
			  c->old_path ? c->old_path : "plan.yaml");
	if (!p)
		return;
	if (c->task_id > 0 && plan_task(p, c->task_id)) {
		const struct field_pos *at = task_position(plan_task(p,
						c->task_id), field);

		if (at) {
			f->line = at->key_line ? at->key_line : at->line;
			f->col = at->key_line ? at->key_col : at->col;
		}
		return;
	} else if (c->unit_id && plan_unit(p, c->unit_id)) {
		doc = plan_unit(p, c->unit_id)->doc;
		/* "unit.<id>.<field>" */
		field += 5 + strlen(c->unit_id);
		field = *field == '.' ? field + 1 : NULL;
	} else if (!strncmp(field, "plan.", 5)) {
		doc = p->doc;
		field += 5;
	}
	if (doc && (n = field_node(doc, field))) {
		f->line = n->line;
		f->col = n->col;
	}
}

/* back from i to the start of a UTF-8 character of v */
static size_t char_start(const char *v, size_t i)
{
	while (i && ((unsigned char)v[i] & 0xc0) == 0x80)
		i--;
	return i;
}

/*
 * A value as quoted in a message: from byte from on (a character start;
 * "..." marks what is left out), at most about 60 bytes.
 */
/*
 * n bytes of v, control characters escaped: a finding is one line, and
 * a multi-line note must not start lines that look like findings
 */
static void add_text(struct sbuf *b, const char *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)v[i];

		if (ch == '\n')
			sbuf_adds(b, "\\n");
		else if (ch == '\t')
			sbuf_adds(b, "\\t");
		else if (ch < 0x20 || ch == 0x7f)
			sbuf_printf(b, "\\x%02x", ch);
		else
			sbuf_addc(b, (char)ch);
	}
}

static void add_value(struct sbuf *b, const char *v, size_t from)
{
	size_t n;

	if (!v) {
		sbuf_adds(b, _("(none)"));
		return;
	}
	if (from > strlen(v))
		from = 0;
	sbuf_adds(b, from ? "'..." : "'");
	v += from;
	n = strlen(v);
	if (n <= 60) {
		add_text(b, v, n);
		sbuf_addc(b, '\'');
		return;
	}
	add_text(b, v, char_start(v, 57));
	sbuf_adds(b, "...'");
}

/* "task 18: target 'A' -> 'B'", long texts shown where they differ */
static void what_changed(struct sbuf *b, const struct change *c)
{
	const char *x = c->old_value, *y = c->new_value;
	size_t d = 0;

	if (x && y) {
		while (x[d] && x[d] == y[d])
			d++;
		/* some context before the first difference */
		d = d > 20 && (strlen(x) > 60 || strlen(y) > 60) ?
			char_start(x, d - 20) : 0;
	}
	if (c->task_id > 0)
		sbuf_printf(b, _("task %d: "), c->task_id);
	sbuf_printf(b, "%s ", c->field);
	add_value(b, x, d);
	sbuf_adds(b, " -> ");
	add_value(b, y, d);
}

/* refuse change c for identity id (as author or pusher) when it must be */
/*
 * When the rights come from the units of context ctx (not NULL), whom id
 * commits for is found once for all the changes and commits that ask.
 */
static void check_change(struct auth *a, const struct commit_info *ci,
			 const struct pending *p, const char *id,
			 int pusher, const struct plan *rights,
			 const struct plan *now, const struct context *ctx)
{
	struct auth_state *k = a->state;
	struct auth_finding *f;
	struct sbuf b = { 0 };
	struct strlist resp = { 0 };
	const char *rule = NULL;
	char *why = NULL;
	int ok = 0;

	if (ctx) {
		if (k->rights_ctx != ctx->serial || strcmp(k->rights_id, id)) {
			strlist_release(&k->rights_mine);
			free(k->rights_id);
			k->rights_id = xstrdup(id);
			k->rights_ctx = ctx->serial;
			k->rights_admin = rights_units_of(&k->rights_mine,
							  NULL, rights, id);
		}
		ok = rights_allowed_for(rights, &k->rights_mine,
					k->rights_admin, &p->c, &resp);
		strlist_release(&resp);
	}
	if (ok || rights_change_allowed(rights, id, &p->c, &rule, &why))
		return;
	f = auth_finding_add(a, ci);
	f->identity = xstrdup(id);
	f->task_id = p->c.task_id;
	f->unit_id = opt_dup(p->c.unit_id);
	f->field = opt_dup(p->c.field);
	f->old_value = opt_dup(p->c.old_value);
	f->new_value = opt_dup(p->c.new_value);
	f->rule = rule;
	locate(f, &p->c, rights, now);
	if (pusher)
		sbuf_printf(&b, _("commit %.10s by %s, pushed by %s: "), ci->id,
			    f->author, id);
	else
		sbuf_printf(&b, _("commit %.10s by %s: "), ci->id, f->author);
	what_changed(&b, &p->c);
	sbuf_printf(&b, _(": %s"), why);
	f->message = sbuf_take(&b);
	free(why);
}

/* every finding of an invalid plan, charged to the commit */
void auth_check_valid(struct auth *a, const struct commit_info *ci,
		      const struct view *now)
{
	size_t i;

	for (i = 0; i < now->d->n; i++) {
		const struct diag *g = &now->d->v[i];
		struct auth_finding *f;

		if (g->severity != DIAG_ERROR)
			continue;
		f = auth_finding_add(a, ci);
		f->task_id = task_path_id(g->file) > 0 ?
			task_path_id(g->file) : 0;
		f->rule = AUTH_RULE_VALID;
		f->file = xstrdup(g->file);
		f->line = g->line;
		f->col = g->col;
		f->message = xasprintf(_("commit %.10s by %s: the plan it "
					 "records is not valid: %s (%s)"),
				       ci->id, f->author, g->message,
				       g->rule ? g->rule : "error");
	}
}

/*
 * Merges (docs/audit.md, "Merges"): a merge answers for every field where
 * it holds neither what a three-way merge of its parents from their merge
 * base gives nor, where the parents disagree, one of their sides.  So a
 * field is explained when some parent in the plan's history changed it
 * since the base and the merge holds that parent's value; any other
 * difference from a parent is the merge's own change, judged under the
 * plan of every parent in the plan's history (rights are never taken
 * from a stale parent alone).
 */
struct mparent {
	struct cached_plan *plan;	/* pinned; NULL: outside the history */
	struct pending_list from_base;	/* changes base -> parent */
	struct pending_list to_now;	/* changes parent -> the merge */
};

static int has_key(const struct pending_list *l, const char *key)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].key, key))
			return 1;
	return 0;
}

static int explained(const struct mparent *p, size_t np, const char *key)
{
	size_t i;

	for (i = 0; i < np; i++)
		if (p[i].plan && has_key(&p[i].from_base, key) &&
		    !has_key(&p[i].to_now, key))
			return 1;
	return 0;
}

static int merge_checks(struct auth *a, const struct commit_info *ci,
			const struct view *now, const char *author)
{
	static const struct fileset no_files;
	struct mparent p[16];
	struct cached_plan *bp = NULL;
	struct view bv = { NULL, &no_files, NULL }, pv;
	struct strlist seen = { 0 };
	size_t np = ci->n_parents < 16 ? ci->n_parents : 16, i, j, e;
	char id[41], *rev;
	int r, ret = -1;

	memset(p, 0, sizeof(p));
	if ((r = history_merge_base(id, a->repo, ci->id)) < 0)
		return -1;
	if (!r) {
		if (!(bp = auth_plan_at(a, id)))
			return -1;
		bv = view_of(bp);
	}
	for (i = 0; i < np; i++) {
		rev = xasprintf("%s^%zu", ci->id, i + 1);
		r = history_resolve(id, a->repo, rev);
		free(rev);
		if (r) {
			if (r > 0)
				diag_fail(_("cannot read parent %zu of commit "
					     "%s"), i + 1, ci->id);
			goto done;
		}
		if (!(p[i].plan = auth_plan_at(a, id)) ||
		    (r = auth_founded(a, id, p[i].plan->plan)) < 0)
			goto done;
		if (!r) {
			auth_plan_unpin(p[i].plan);
			p[i].plan = NULL;
			continue;
		}
		pv = view_of(p[i].plan);
		changes_between(&p[i].from_base, &bv, &pv);
		changes_between(&p[i].to_now, &pv, now);
	}
	for (i = 0; i < np; i++) {
		for (e = 0; p[i].plan && e < p[i].to_now.n; e++) {
			const struct pending *c = &p[i].to_now.v[e];
			size_t before = a->n;

			if (strlist_has(&seen, c->key))
				continue;
			strlist_add(&seen, c->key);
			if (unloadable(c, now) || explained(p, np, c->key))
				continue;
			for (j = 0; j < np && a->n == before; j++) {
				if (!p[j].plan)
					continue;
				check_change(a, ci, c, author, 0,
					     p[j].plan->plan, now->plan, NULL);
				if (a->pusher && a->n == before)
					check_change(a, ci, c, a->pusher, 1,
						     p[j].plan->plan,
						     now->plan, NULL);
			}
		}
	}
	ret = 0;
done:
	for (i = 0; i < np; i++) {
		auth_plan_unpin(p[i].plan);
		auth_pending_release(&p[i].from_base);
		auth_pending_release(&p[i].to_now);
	}
	auth_plan_unpin(bp);
	strlist_release(&seen);
	return ret;
}

/* does a parent of the merge other than the first lie in the plan's
 * history?  1, 0, -1 after diag_fail */
static int other_parent_founded(struct auth *a, const struct commit_info *ci)
{
	struct cached_plan *s;
	char id[41], *rev;
	size_t i;
	int r = 0;

	for (i = 2; i <= ci->n_parents && !r; i++) {
		rev = xasprintf("%s^%zu", ci->id, i);
		r = history_resolve(id, a->repo, rev);
		free(rev);
		if (r)
			return r < 0 ? -1 : 0;
		if (!(s = auth_plan_at(a, id)))
			return -1;
		r = auth_founded(a, id, s->plan);
		auth_plan_unpin(s);
	}
	return r;
}

/* ---- the audit of one commit ---- */

/* a report: a change of status, progress or an indicator's actual */
static int is_report(const struct change *c)
{
	return c->task_id > 0 && c->cls == CHANGE_PROGRESS && c->old_path &&
	       c->new_path && strcmp(c->field, "as_of") &&
	       strcmp(c->field, "note");
}

/*
 * A report whose as_of was left as it was (model.h, plan_check_update):
 * a warning, once a task and commit; it never refuses.
 */
static void check_dated(struct auth *a, const struct commit_info *ci,
			const struct pending_list *l, const struct plan *old,
			const struct plan *now)
{
	size_t i, j;

	for (i = 0; i < l->n; i++) {
		const struct change *c = &l->v[i].c;
		struct auth_finding *w;
		struct sbuf b = { 0 };
		int seen = 0;

		if (!is_report(c))
			continue;
		/* dated in the same commit, or warned of already */
		for (j = 0; j < l->n && !seen; j++)
			seen = l->v[j].c.task_id == c->task_id &&
			       (!strcmp(l->v[j].c.field, "as_of") ||
				(j < i && is_report(&l->v[j].c)));
		if (seen)
			continue;
		w = auth_warning_add(a, ci);
		w->task_id = c->task_id;
		w->field = xstrdup(c->field);
		w->old_value = opt_dup(c->old_value);
		w->new_value = opt_dup(c->new_value);
		w->rule = "as-of-unchanged";
		locate(w, c, old, now);
		sbuf_printf(&b, _("commit %.10s by %s: "), ci->id, w->author);
		what_changed(&b, c);
		sbuf_adds(&b, _(", but as_of was not changed: the report keeps "
				"the day of the one before"));
		w->message = sbuf_take(&b);
	}
}

/*
 * The checks of a commit, once the plans at its parent and at it are
 * known; ctx: the context the parent's units come from, when known.
 */
int auth_checks(struct auth *a, const struct commit_info *ci,
		const struct view *old, const struct view *now,
		struct pending_list *l, const struct context *ctx)
{
	const char *author = ci->author_email ? ci->author_email : "";
	size_t i;

	if (ci->n_parents > 1)
		return merge_checks(a, ci, now, author);
	for (i = 0; i < l->n; i++) {
		if (l->v[i].inherited || unloadable(&l->v[i], now))
			continue;
		check_change(a, ci, &l->v[i], author, 0, old->plan, now->plan,
			     ctx);
		if (a->pusher)
			check_change(a, ci, &l->v[i], a->pusher, 1, old->plan,
				     now->plan, ctx);
	}
	check_dated(a, ci, l, old->plan, now->plan);
	return 0;
}

/*
 * Audit a commit with both plans loaded whole (the live plan serves as
 * the parent's when it is); the plan at the commit becomes the live
 * plan.  0, or -1 after diag_fail.
 */
int auth_whole(struct auth *a, const struct commit_info *ci,
	       const struct history_change *ch, size_t n)
{
	struct auth_state *k = a->state;
	struct pending_list l = { 0 };
	struct cached_plan *old = NULL, *now = NULL;
	struct view ov, nv;
	int r, ret = -1;

	if (!ci->n_parents || !ci->parent[0]) {
		/* a root commit: nothing before it to take rights from */
		auth_founding_commit(a, ci, ch, n);
		a->skipped++;
		return auth_live_reset(a, ci->id);
	}
	r = !k->live.commit[0] ? 0 : !strcmp(k->live.commit, ci->parent) ?
		1 : history_same_plan(a->repo, k->live.commit, ci->parent);
	if (r < 0)
		goto done;
	if (r) {
		ov = view_of(&k->live.p);
	} else {
		if (!(old = auth_plan_at(a, ci->parent)))
			goto done;
		ov = view_of(old);
	}
	if ((r = auth_founded(a, ci->parent, ov.plan)) < 0)
		goto done;
	/* a merge is audited when any of its parents is in the history,
	 * whatever its first parent */
	if (!r && ci->n_parents > 1 &&
	    (r = other_parent_founded(a, ci)) < 0)
		goto done;
	if (!r) {
		auth_founding_commit(a, ci, ch, n);
		a->skipped++;
		auth_plan_unpin(old);
		old = NULL;
		ret = auth_live_reset(a, ci->id);
		goto done;
	}
	a->checked++;
	if (!(now = auth_plan_at(a, ci->id)))
		goto done;
	nv = view_of(now);
	auth_check_valid(a, ci, &nv);
	changes_between(&l, &ov, &nv);
	if (auth_checks(a, ci, &ov, &nv, &l, NULL))
		goto done;
	auth_plan_unpin(old);
	old = NULL;
	auth_plan_unpin(now);
	auth_live_take(a, ci->id, now);
	now = NULL;
	ret = 0;
done:
	auth_pending_release(&l);
	auth_plan_unpin(old);
	auth_plan_unpin(now);
	return ret;
}

/* the record of the file at path in p, or NULL */
