/*
 * auth_batch: a batch of commits audited against the live plan, record
 * by record, and the walk's callback that fills the batches.
 * See auth_impl.h.
 */
#include "auth_impl.h"
#include "diag.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* the task of file path in p, or NULL */
static struct task *task_of_file(const struct plan *p, const char *path)
{
	const struct task *t = plan_task(p, task_path_id(path));
	size_t i;

	if (t && !strcmp(t->path, path))
		return (struct task *)t;
	for (i = 0; i < p->n_tasks; i++)
		if (!strcmp(p->tasks[i]->path, path))
			return p->tasks[i];
	return NULL;
}

static int cmp_task_id(const void *x, const void *y)
{
	const struct task *a = *(struct task *const *)x;
	const struct task *b = *(struct task *const *)y;

	return a->id < b->id ? -1 : a->id > b->id;
}

/*
 * The changes of the records of changed task files, as plan_compare
 * gives them when no other record changed and every id is used once:
 * task by task, by id.
 */
static void changes_of_tasks(struct pending_list *out, struct task **a,
			     size_t na, struct task **b, size_t nb)
{
	size_t i = 0, j = 0;

	qsort(a, na, sizeof(*a), cmp_task_id);
	qsort(b, nb, sizeof(*b), cmp_task_id);
	while (i < na || j < nb) {
		struct task *x = i < na ? a[i] : NULL;
		struct task *y = j < nb ? b[j] : NULL;

		if (x && y && x->id != y->id) {
			if (x->id < y->id)
				y = NULL;
			else
				x = NULL;
		}
		task_compare(x, y, auth_pending_collect, out);
		i += x != NULL;
		j += y != NULL;
	}
}

/* move finding g (its strings) to the end of dst */
static void diag_take(struct diag_list *dst, struct diag *g)
{
	XGROW(dst->v, dst->cap, dst->n + 1);
	dst->v[dst->n++] = *g;
	if (g->severity == DIAG_ERROR)
		dst->errors++;
	else if (g->severity == DIAG_WARNING)
		dst->warnings++;
	g->file = NULL;
	g->message = NULL;
}

/* apply the changed entries of q to the live plan's files */
static void apply_files(struct fileset *fs, const struct queued *q)
{
	size_t i, at;

	for (i = 0; i < q->n; i++) {
		const struct history_change *c = &q->ch[i];
		struct file_entry *e = (struct file_entry *)fileset_find(fs,
								 c->path);

		if (e && !c->new_oid[0]) {
			at = (size_t)(e - fs->v);
			free(e->path);
			free(e->data);
			memmove(e, e + 1, (fs->n - at - 1) * sizeof(*e));
			fs->n--;
			continue;
		}
		if (!e) {
			e = fileset_add(fs, c->path, (enum file_kind)
					c->new_kind, NULL, 0);
			/* kept sorted: the new entry moves to its place */
			for (at = fs->n - 1; at > 0 &&
			     strcmp(fs->v[at - 1].path, e->path) > 0; at--) {
				struct file_entry t = fs->v[at];

				fs->v[at] = fs->v[at - 1];
				fs->v[at - 1] = t;
			}
			e = &fs->v[at];
		}
		e->kind = (enum file_kind)c->new_kind;
		snprintf(e->oid, sizeof(e->oid), "%s",
			 c->new_kind == FILE_DIRECTORY ? "" : c->new_oid);
	}
}

/*
 * Audit a commit that changes task files alone against the live plan,
 * which must be its parent's.  Returns 1 when it cannot (the live plan is
 * another commit's, a version's findings are uncertain, task ids would
 * be shared): then the commit is to be audited whole.
 */
static int audit_fast(struct auth *a, struct queued *q)
{
	struct auth_state *k = a->state;
	struct live *lv = &k->live;
	struct plan *p = lv->p.plan, oldp, newp;
	struct task **olds, **news, **tasks;
	struct pending_list l = { 0 };
	struct diag_list nd = { 0 };
	struct view ov, nv;
	size_t i, j, no = 0, nn = 0, nt = 0;
	int r, ret = 1;

	if (!lv->ok)
		return 1;
	/* the parent may be a commit the walk passed over: one that left
	 * the plan as it was */
	if (strcmp(lv->commit, q->ci.parent)) {
		if ((r = history_same_plan(a->repo, lv->commit,
					   q->ci.parent)) <= 0)
			return r < 0 ? -1 : 1;
		snprintf(lv->commit, sizeof(lv->commit), "%s", q->ci.parent);
	}
	olds = xcalloc(q->n + 1, sizeof(*olds));
	news = xcalloc(q->n + 1, sizeof(*news));
	tasks = xcalloc(p->n_tasks + q->n + 1, sizeof(*tasks));
	for (i = 0; i < q->n; i++) {
		const struct history_change *c = &q->ch[i];
		const struct file_entry *e = fileset_find(&lv->p.fs, c->path);

		/* the live plan must hold the old side */
		if (c->old_oid[0] ? !e || (c->old_kind == FILE_DIRECTORY ?
					   e->kind != FILE_DIRECTORY :
					   strcmp(e->oid, c->old_oid)) : !!e)
			goto done;
		if (c->new_oid[0] && q->v[i].clash)
			goto done;
		if (c->old_oid[0] && (olds[no] = task_of_file(p, c->path)))
			no++;
		if (c->new_oid[0] && q->v[i].t)
			news[nn++] = q->v[i].t;
	}
	/* the new records in id order, each id once */
	for (i = 0; i < p->n_tasks; i++) {
		for (j = 0; j < no && olds[j] != p->tasks[i]; j++)
			;
		if (j == no)
			tasks[nt++] = p->tasks[i];
	}
	for (i = 0; i < nn; i++) {
		size_t lo = 0, hi = nt;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (tasks[mid]->id < news[i]->id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < nt && tasks[lo]->id == news[i]->id)
			goto done;
		memmove(tasks + lo + 1, tasks + lo, (nt - lo) *
			sizeof(*tasks));
		tasks[lo] = news[i];
		nt++;
	}
	oldp = *p;
	if ((r = auth_founded(a, q->ci.parent, &oldp)) < 0) {
		ret = -1;
		goto done;
	}
	/* from here on the live plan becomes the commit's */
	newp = oldp;
	newp.tasks = tasks;
	newp.n_tasks = nt;
	for (i = 0; i < lv->p.d.n; i++)
		if (!auth_is_changed(q->ch, q->n, lv->p.d.v[i].file))
			diag_take(&nd, &lv->p.d.v[i]);
	for (i = 0; i < q->n; i++)
		for (j = 0; j < q->v[i].d.n; j++)
			diag_take(&nd, &q->v[i].d.v[j]);
	diag_sort(&nd);
	apply_files(&lv->p.fs, q);
	ov.plan = &oldp;
	ov.fs = NULL;
	ov.d = NULL;
	nv.plan = &newp;
	nv.fs = &lv->p.fs;
	nv.d = &nd;
	k->n_live++;
	if (r) {
		a->checked++;
		auth_check_valid(a, &q->ci, &nv);
		if (q->n == 1 && no == 1 && nn == 1 &&
		    olds[0]->id == news[0]->id &&
		    !strcmp(q->v[0].from_oid, q->ch[0].old_oid)) {
			/* compared by the loader: the same old blob */
			l = q->v[0].pre;
			memset(&q->v[0].pre, 0, sizeof(q->v[0].pre));
		} else {
			changes_of_tasks(&l, olds, no, news, nn);
		}
		auth_checks(a, &q->ci, &ov, &nv, &l, lv->ctx);
	} else {
		auth_founding_commit(a, &q->ci, q->ch, q->n);
		a->skipped++;
	}
	/* the new records are the live plan's now; the old ones go */
	for (i = 0; i < q->n; i++)
		q->v[i].t = NULL;
	for (i = 0; i < no; i++) {
		XGROW(k->grave.t, k->grave.cap, k->grave.n + 1);
		k->grave.t[k->grave.n++] = olds[i];
	}
	free(p->tasks);
	p->tasks = tasks;
	p->n_tasks = nt;
	tasks = NULL;
	diag_release(&lv->p.d);
	lv->p.d = nd;
	memset(&nd, 0, sizeof(nd));
	snprintf(lv->commit, sizeof(lv->commit), "%s", q->ci.id);
	ret = 0;
done:
	auth_pending_release(&l);
	diag_release(&nd);
	free(tasks);
	free(news);
	free(olds);
	return ret;
}

/* audit a queued commit: against the live plan when it can be */
static int audit_queued(struct auth *a, const struct batch *b,
			struct queued *q)
{
	struct auth_state *k = a->state;
	int r = 1;

	if (q->fast && k->live.ctx && b->ctx &&
	    strcmp(b->ctx->sig, k->live.ctx->sig)) {
		/* loaded with another context: load again with the live one */
		struct loaded **v = xcalloc(q->n + 1, sizeof(*v));
		size_t i, n = 0;

		for (i = 0; i < q->n; i++) {
			task_free(q->v[i].t);
			diag_release(&q->v[i].d);
			auth_pending_release(&q->v[i].pre);
			q->v[i].from_oid[0] = '\0';
			q->v[i].t = NULL;
			q->v[i].clash = 0;
			if (q->ch[i].new_oid[0])
				v[n++] = &q->v[i];
		}
		if (k->live.ctx->usable)
			auth_load_versions(k, v, n, k->live.ctx);
		free(v);
		if (!k->live.ctx->usable)
			q->fast = 0;
		/* the context foreseen for later batches is wrong as well */
		if (k->next && !strcmp(k->next->sig, b->ctx->sig)) {
			auth_context_drop(k->next);
			k->next = k->live.ctx;
			k->next->refs++;
		}
	}
	if (q->fast && b->ctx)
		r = audit_fast(a, q);
	if (r > 0)
		r = auth_whole(a, &q->ci, q->ch, q->n);
	snprintf(k->last_id, sizeof(k->last_id), "%s", q->ci.id);
	snprintf(k->last_parent, sizeof(k->last_parent), "%s", q->ci.parent);
	return r;
}

/* audit the commits of b, loaded; 0, or -1 after diag_fail */
static int audit_batch(struct auth *a, struct batch *b)
{
	struct auth_state *k = a->state;
	size_t i;

	auth_load_wait(k, b);
	for (i = 0; i < b->n; i++)
		if (audit_queued(a, b, &b->v[i]))
			return -1;
	return 0;
}

/*
 * The filling batch is complete: have it loaded while the one before is
 * audited.  With drain, audit it as well, so that the live plan is the
 * last commit's.  0, or -1 after diag_fail.
 */
int auth_batch_close(struct auth *a, int drain)
{
	struct auth_state *k = a->state;
	struct batch *b = k->filling, *prev = k->loading;
	int ret = 0;

	k->filling = NULL;
	if (b && !k->next) {
		size_t i;

		/* the first commits: the live plan starts at the parent of
		 * the first that can use it */
		for (i = 0; i < b->n && !b->v[i].fast; i++)
			;
		if (i < b->n && auth_live_reset(a, b->v[i].ci.parent))
			ret = -1;
		else if (i < b->n) {
			k->next = k->live.ctx;
			k->next->refs++;
		}
	}
	if (b)
		auth_load_start(k, b);
	k->loading = b;
	if (prev && !ret)
		ret = audit_batch(a, prev);
	if (prev) {
		auth_context_drop(prev->ctx);
		prev->ctx = NULL;
		prev->next = k->grave.b;
		k->grave.b = prev;
	}
	if (drain && b && !ret) {
		k->loading = NULL;
		ret = audit_batch(a, b);
		auth_batch_free(b);
	}
	if (ret)
		k->failed = 1;
	return ret;
}

/*
 * Audit one commit, as history_walk hands it over (a history_fn; payload
 * is the struct auth; commits in the order of a walk, oldest first).
 * Commits are audited in batches, the files a batch changed loaded in a
 * second thread while the walk goes on: findings are added to the auth
 * by the time auth_finish returns.  Returns 0, or -1 after diag_fail when
 * the repository cannot be read (the walk then stops).
 */
int auth_commit(const struct commit_info *ci,
		const struct history_change *ch, size_t n, void *payload)
{
	struct auth *a = payload;
	struct auth_state *k = a->state;
	struct context *c;
	struct queued *q;
	int ret;

	if (k->failed)
		return -1;
	if (!k->filling)
		k->filling = xcalloc(1, sizeof(*k->filling));
	q = auth_queue_commit(k->filling, ci, ch, n, a->whole);
	if (q->fast)
		return k->filling->n == BATCH && auth_batch_close(a, 0) ?
			-1 : 0;
	/*
	 * A commit audited whole may change the context of what follows:
	 * the batch ends with it, and the next one is loaded with the
	 * context it leaves, or, when that cannot be told from its changes,
	 * once it is audited.
	 */
	c = auth_context_after(k, k->next, q);
	ret = auth_batch_close(a, !c);
	auth_context_drop(k->next);
	k->next = c;
	if (!c && k->live.ctx) {
		k->next = k->live.ctx;
		k->next->refs++;
	}
	return ret ? -1 : 0;
}
