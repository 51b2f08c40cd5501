/*
 * auth_load: commits waiting to be audited in batches, the new versions
 * of the task files they change loaded in a second thread.
 * See auth_impl.h.
 */
#include "auth_impl.h"
#include "vstore.h"
#include "diag.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

void auth_grave_empty(struct grave *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		task_free(g->t[i]);
	free(g->t);
	while (g->b) {
		struct batch *b = g->b;

		g->b = b->next;
		auth_batch_free(b);
	}
	memset(g, 0, sizeof(*g));
}

static void queued_release(struct queued *q)
{
	size_t i;

	for (i = 0; i < q->n; i++) {
		free((char *)q->ch[i].path);
		free((char *)q->ch[i].new_data);
		if (q->v) {
			task_free(q->v[i].t);
			diag_release(&q->v[i].d);
			auth_pending_release(&q->v[i].pre);
		}
	}
	free(q->ch);
	free(q->v);
	free(q->text);
}

void auth_batch_free(struct batch *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->n; i++)
		queued_release(&b->v[i]);
	free(b->v);
	auth_context_drop(b->ctx);
	auth_grave_empty(&b->grave);
	free(b);
}

/* a copy of s into the text of q, or NULL */
static const char *put(char **at, const char *s)
{
	size_t n;
	char *p = *at;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	memcpy(p, s, n);
	*at += n;
	return p;
}

static size_t size_of(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

/*
 * The commit ci with its changes, added to batch b; fast unless whole
 * (a commit to be audited with both plans loaded whole).
 */
struct queued *auth_queue_commit(struct batch *b,
				 const struct commit_info *ci,
				 const struct history_change *ch, size_t n,
				 int whole)
{
	struct queued *q;
	char *at;
	size_t i;

	XGROW(b->v, b->cap, b->n + 1);
	q = &b->v[b->n++];
	memset(q, 0, sizeof(*q));
	q->ci = *ci;
	/* the audit reads the author alone; the texts it does not keep go */
	q->text = xmalloc(size_of(ci->author_name) +
			  size_of(ci->author_email) + 1);
	at = q->text;
	q->ci.author_name = put(&at, ci->author_name);
	q->ci.author_email = put(&at, ci->author_email);
	q->ci.summary = q->ci.committer_name = q->ci.committer_email = NULL;
	q->ci.message = NULL;
	q->ch = xcalloc(n + 1, sizeof(*q->ch));
	q->n = n;
	q->fast = !whole && ci->n_parents == 1 && n > 0;
	for (i = 0; i < n; i++) {
		struct history_change *c = &q->ch[i];

		*c = ch[i];
		c->path = xstrdup(ch[i].path);
		c->old_data = NULL;
		if (ch[i].new_data) {
			char *data = xmalloc(ch[i].new_len + 1);

			memcpy(data, ch[i].new_data, ch[i].new_len);
			data[ch[i].new_len] = '\0';
			c->new_data = data;
		}
		if (strncmp(c->path, "tasks/", 6) ||
		    (c->new_oid[0] && c->new_kind != FILE_REGULAR &&
		     c->new_kind != FILE_DIRECTORY) ||
		    (c->new_kind == FILE_REGULAR && c->new_oid[0] &&
		     !c->new_data))
			q->fast = 0;
	}
	if (q->fast) {
		q->v = xcalloc(n, sizeof(*q->v));
		for (i = 0; i < n; i++) {
			q->v[i].path = q->ch[i].path;
			q->v[i].oid = q->ch[i].new_oid;
			q->v[i].kind = q->ch[i].new_kind;
			q->v[i].data = q->ch[i].new_data;
			q->v[i].len = q->ch[i].new_len;
		}
	}
	return q;
}

static int cmp_loaded(const void *x, const void *y)
{
	const struct loaded *a = *(struct loaded *const *)x;
	const struct loaded *b = *(struct loaded *const *)y;
	int c = strcmp(a->path, b->path);

	return c ? c : a->seq < b->seq ? -1 : a->seq > b->seq;
}

/*
 * Load the n versions of v with context c.  A version's findings are
 * those about its file when it is loaded with the context: in rounds, a
 * round loading at most one version of each file beside the context's
 * plan, loaded once.  Two
 * versions loaded together that share a task id are marked: their
 * findings hold for the round, not necessarily for the plan.
 */
void auth_load_versions(struct auth_state *k, struct loaded **v,
			size_t n, const struct context *c)
{
	struct vstore_reader rd;
	size_t i, j, rounds = 0;
	int r;

	if (!n)
		return;
	vstore_reader_init(&rd, k->schemas.store, schemas_task_id(&c->fs));
	qsort(v, n, sizeof(*v), cmp_loaded);
	for (i = 0; i < n; i++) {
		v[i]->round = i && !strcmp(v[i]->path, v[i - 1]->path) ?
			v[i - 1]->round + 1 : 0;
		if ((size_t)v[i]->round + 1 > rounds)
			rounds = (size_t)v[i]->round + 1;
	}
	for (r = 0; (size_t)r < rounds; r++) {
		struct fileset fs = { 0 };
		struct diag_list d = { 0 };
		struct plan *p = NULL;
		struct loaded **in = xcalloc(n, sizeof(*in));
		size_t m = 0, w;

		for (i = 0; i < n; i++) {
			if (v[i]->round != r)
				continue;
			in[m++] = v[i];
			auth_copy_entry(&fs, v[i]->path, v[i]->kind,
					v[i]->data, v[i]->len, v[i]->oid);
		}
		fileset_sort(&fs);
		plan_load_tasks(&p, c->base, &fs, c->schemas, &rd.rd, &d);
		diag_sort(&d);
		/* in is sorted by path: each finding goes to its version */
		for (i = 0; i < d.n; i++) {
			struct diag *g = &d.v[i];
			size_t lo = 0, hi = m;

			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				int cmp = strcmp(in[mid]->path, g->file);

				if (!cmp) {
					diag_add(&in[mid]->d, g->file, g->line,
						 g->col, g->severity, g->rule,
						 "%s", g->message);
					break;
				}
				if (cmp < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
		}
		for (i = 0; p && i < p->n_tasks; i++) {
			for (w = 0; w < m; w++)
				if (!strcmp(in[w]->path, p->tasks[i]->path))
					break;
			if (w == m)
				continue;
			if ((i && p->tasks[i - 1] &&
			     p->tasks[i - 1]->id == p->tasks[i]->id) ||
			    (i + 1 < p->n_tasks &&
			     p->tasks[i + 1]->id == p->tasks[i]->id))
				in[w]->clash = 1;
			in[w]->t = p->tasks[i];
		}
		/* the records taken go with their versions */
		for (i = 0; p && i < p->n_tasks; i++)
			for (j = 0; j < m; j++)
				if (in[j]->t == p->tasks[i])
					p->tasks[i] = NULL;
		/*
		 * Compare with the version of the round before, which is the
		 * old side of this one's commit in a linear history: that
		 * work need not wait for the walking thread.
		 */
		for (i = 1; r > 0 && i < n; i++) {
			struct loaded *x = v[i], *prev = v[i - 1];

			if (x->round != r || prev->round != r - 1 ||
			    !prev->t || !x->t || prev->clash || x->clash ||
			    prev->t->id != x->t->id)
				continue;
			task_compare(prev->t, x->t, auth_pending_collect,
				     &x->pre);
			snprintf(x->from_oid, sizeof(x->from_oid), "%s",
				 prev->oid);
		}
		plan_free(p);
		diag_release(&d);
		fileset_release(&fs);
		free(in);
	}
}

/* load the versions of the fast commits of b with b->ctx */
static void load_batch(struct auth_state *k, struct batch *b)
{
	struct loaded **v = NULL;
	size_t i, j, n = 0, cap = 0;

	auth_grave_empty(&b->grave);
	if (!b->ctx || !b->ctx->usable)
		return;
	for (i = 0; i < b->n; i++) {
		struct queued *q = &b->v[i];

		for (j = 0; q->fast && j < q->n; j++) {
			if (!q->ch[j].new_oid[0])
				continue;
			XGROW(v, cap, n + 1);
			q->v[j].seq = n;
			v[n++] = &q->v[j];
		}
	}
	auth_load_versions(k, v, n, b->ctx);
	free(v);
}

static void *loader(void *payload)
{
	struct auth_state *k = payload;
	struct batch *b;

	pthread_mutex_lock(&k->lock);
	for (;;) {
		while (!k->todo && !k->quit)
			pthread_cond_wait(&k->work, &k->lock);
		if (!k->todo)
			break;
		b = k->todo;
		pthread_mutex_unlock(&k->lock);
		load_batch(k, b);
		pthread_mutex_lock(&k->lock);
		b->loaded = 1;
		k->todo = NULL;
		pthread_cond_broadcast(&k->done);
	}
	pthread_mutex_unlock(&k->lock);
	return NULL;
}

/* does one of the n changes ch change path? */
int auth_is_changed(const struct history_change *ch, size_t n,
		    const char *path)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(ch[i].path, path))
			return 1;
	return 0;
}

/*
 * The context after commit q, audited whole: c with the changes q makes
 * to plan.yaml, schema/ and units/ (c NULL: none before a root commit).
 * NULL when that cannot be told from the changes (a file that is not a
 * regular one; no context before): it is known once q is audited.
 */
struct context *auth_context_after(struct auth_state *k,
				   struct context *c,
				   const struct queued *q)
{
	struct fileset fs = { 0 };
	size_t i, touched = 0;

	if (!c && q->ci.n_parents)
		return NULL;
	for (i = 0; i < q->n; i++) {
		const struct history_change *ch = &q->ch[i];

		if (!auth_context_file(ch->path))
			continue;
		touched++;
		if (ch->new_oid[0] && (ch->new_kind != FILE_REGULAR ||
				       !ch->new_data))
			return NULL;
	}
	if (!touched) {
		/* a root commit of task files alone: still nothing known */
		if (c)
			c->refs++;
		return c;
	}
	for (i = 0; c && i < c->fs.n; i++) {
		const struct file_entry *e = &c->fs.v[i];

		if (!auth_is_changed(q->ch, q->n, e->path))
			auth_copy_entry(&fs, e->path, e->kind, e->data,
					e->len, e->oid);
	}
	for (i = 0; i < q->n; i++) {
		const struct history_change *ch = &q->ch[i];

		if (auth_context_file(ch->path) && ch->new_oid[0])
			auth_copy_entry(&fs, ch->path, ch->new_kind,
					ch->new_data, ch->new_len,
					ch->new_oid);
	}
	return auth_context_make(k, &fs);
}

/* have b loaded with the context k->next, in the loader if there is */
void auth_load_start(struct auth_state *k, struct batch *b)
{
	b->grave = k->grave;
	memset(&k->grave, 0, sizeof(k->grave));
	if (k->next) {
		b->ctx = k->next;
		b->ctx->refs++;
	}
	if (!k->threaded) {
		pthread_mutex_init(&k->lock, NULL);
		pthread_cond_init(&k->work, NULL);
		pthread_cond_init(&k->done, NULL);
		k->threaded = pthread_create(&k->loader, NULL, loader, k) ?
			-1 : 1;
	}
	if (k->threaded < 0) {
		load_batch(k, b);
		b->loaded = 1;
		return;
	}
	pthread_mutex_lock(&k->lock);
	while (k->todo)
		pthread_cond_wait(&k->done, &k->lock);
	k->todo = b;
	pthread_cond_signal(&k->work);
	pthread_mutex_unlock(&k->lock);
}

void auth_load_wait(struct auth_state *k, struct batch *b)
{
	if (k->threaded < 0)
		return;
	pthread_mutex_lock(&k->lock);
	while (!b->loaded)
		pthread_cond_wait(&k->done, &k->lock);
	pthread_mutex_unlock(&k->lock);
}

void auth_loader_stop(struct auth_state *k)
{
	if (k->threaded <= 0)
		return;
	pthread_mutex_lock(&k->lock);
	k->quit = 1;
	pthread_cond_signal(&k->work);
	pthread_mutex_unlock(&k->lock);
	pthread_join(k->loader, NULL);
	pthread_cond_destroy(&k->done);
	pthread_cond_destroy(&k->work);
	pthread_mutex_destroy(&k->lock);
	k->threaded = 0;
	k->quit = 0;
}
