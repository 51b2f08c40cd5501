/*
 * vstore: see vstore.h.  The versions kept are a ring, the newest
 * replacing the oldest, and a hash table over the ring by blob id.
 */
#include "vstore.h"
#include "xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { V_WAITING, V_PARSING, V_PARSED };

/* a version, with what only the store reads (under its lock) */
struct entry {
	struct vstore_version v;	/* first: the caller's view */
	char *key;		/* the schemas' version */
	const char *data;	/* the blob, until parsed */
	size_t len;
	int owned;		/* data is a copy, freed here */
	int state;
	int refs;
	struct entry *next;	/* in its hash bucket */
};

static struct entry *entry_of(struct vstore_version *v)
{
	return (struct entry *)v;
}

struct vstore {
	pthread_mutex_t lock;
	pthread_cond_t parsed;		/* a version parsed */
	struct entry **ring;		/* keep slots, NULL when empty */
	size_t keep, next;
	struct entry **bucket;
	size_t mask;			/* buckets - 1, a power of two */
};

struct vstore *vstore_new(size_t keep)
{
	struct vstore *s = xcalloc(1, sizeof(*s));
	size_t n = 16;

	if (!keep)
		keep = 1;
	while (n < 2 * keep)
		n *= 2;
	s->keep = keep;
	s->ring = xcalloc(keep, sizeof(*s->ring));
	s->bucket = xcalloc(n, sizeof(*s->bucket));
	s->mask = n - 1;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->parsed, NULL);
	return s;
}

static void entry_free(struct entry *e)
{
	free(e->v.path);
	task_free(e->v.t);
	diag_release(&e->v.d);
	free(e->key);
	if (e->owned)
		free((char *)e->data);
	free(e);
}

/* under the lock: drop a reference; the entry to free, or NULL */
static struct entry *unref(struct entry *e)
{
	return e && --e->refs == 0 ? e : NULL;
}

static size_t hash(const struct vstore *s, const char *oid)
{
	size_t h = 5381;

	while (*oid)
		h = h * 33 + (unsigned char)*oid++;
	return h & s->mask;
}

/* under the lock: take e out of its bucket */
static void unlink_entry(struct vstore *s, struct entry *e)
{
	struct entry **at = &s->bucket[hash(s, e->v.oid)];

	while (*at && *at != e)
		at = &(*at)->next;
	if (*at)
		*at = e->next;
	e->next = NULL;
}

void vstore_reserve(struct vstore *s, size_t keep)
{
	struct entry **ring;
	size_t i, n = s->mask + 1;

	pthread_mutex_lock(&s->lock);
	if (keep <= s->keep) {
		pthread_mutex_unlock(&s->lock);
		return;
	}
	/* the entries kept, oldest first, then room for more */
	ring = xcalloc(keep, sizeof(*ring));
	for (i = 0; i < s->keep; i++)
		ring[i] = s->ring[(s->next + i) % s->keep];
	free(s->ring);
	s->ring = ring;
	s->next = s->keep;
	s->keep = keep;
	while (n < 2 * keep)
		n *= 2;
	free(s->bucket);
	s->bucket = xcalloc(n, sizeof(*s->bucket));
	s->mask = n - 1;
	for (i = 0; i < s->next; i++) {
		struct entry *e = ring[i];
		size_t h;

		if (!e)
			continue;
		h = hash(s, e->v.oid);
		e->next = s->bucket[h];
		s->bucket[h] = e;
	}
	pthread_mutex_unlock(&s->lock);
}

void vstore_free(struct vstore *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->keep; i++) {
		struct entry *e = unref(s->ring[i]);

		if (e)
			entry_free(e);
	}
	free(s->ring);
	free(s->bucket);
	pthread_cond_destroy(&s->parsed);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/*
 * vstore_get, copying data only when copy is set: a caller that parses
 * at once keeps its blob until vstore_parse returns, which is as long as
 * any other thread may read it
 */
static struct vstore_version *get(struct vstore *s, const char *path,
				  const char *oid, int kind,
				  const char *data, size_t len,
				  const char *key, int copy)
{
	struct entry *e, *old;
	size_t h = hash(s, oid);

	pthread_mutex_lock(&s->lock);
	for (e = s->bucket[h]; e; e = e->next)
		if (e->v.kind == kind && !strcmp(e->v.oid, oid) &&
		    !strcmp(e->v.path, path) && !strcmp(e->key, key))
			break;
	if (e) {
		e->refs++;
		pthread_mutex_unlock(&s->lock);
		return &e->v;
	}
	e = xcalloc(1, sizeof(*e));
	snprintf(e->v.oid, sizeof(e->v.oid), "%s", oid);
	e->v.path = xstrdup(path);
	e->v.kind = kind;
	e->key = xstrdup(key);
	if (data && copy) {
		char *c = xmalloc(len + 1);

		memcpy(c, data, len);
		c[len] = '\0';
		e->data = c;
		e->owned = 1;
	} else {
		e->data = data;
	}
	e->len = len;
	e->refs = 2;		/* the store's and the caller's */
	old = s->ring[s->next];
	if (old)
		unlink_entry(s, old);
	s->ring[s->next] = e;
	s->next = (s->next + 1) % s->keep;
	e->next = s->bucket[h];
	s->bucket[h] = e;
	old = unref(old);
	pthread_mutex_unlock(&s->lock);
	if (old)
		entry_free(old);
	return &e->v;
}

struct vstore_version *vstore_get(struct vstore *s, const char *path,
				  const char *oid, int kind,
				  const char *data, size_t len,
				  const char *key)
{
	return get(s, path, oid, kind, data, len, key, 1);
}

void vstore_parse(struct vstore *s, struct vstore_version *v,
		  const struct schema *schema)
{
	struct entry *e = entry_of(v);

	if (!v)
		return;
	pthread_mutex_lock(&s->lock);
	if (e->state == V_WAITING) {
		e->state = V_PARSING;
		pthread_mutex_unlock(&s->lock);
		if (v->kind == FILE_REGULAR && e->data)
			task_load(&v->t, v->path, e->data, e->len, schema,
				  &v->d);
		diag_sort(&v->d);	/* here, while no one else reads it */
		if (e->owned)
			free((char *)e->data);
		e->data = NULL;
		pthread_mutex_lock(&s->lock);
		e->state = V_PARSED;
		pthread_cond_broadcast(&s->parsed);
	}
	while (e->state != V_PARSED)
		pthread_cond_wait(&s->parsed, &s->lock);
	pthread_mutex_unlock(&s->lock);
}

void vstore_drop(struct vstore *s, struct vstore_version *v)
{
	struct entry *e;

	pthread_mutex_lock(&s->lock);
	e = unref(v ? entry_of(v) : NULL);
	pthread_mutex_unlock(&s->lock);
	if (e)
		entry_free(e);
}

static int read_task(void *arg, struct task **out, const struct file_entry *e,
		     const struct schema *schema, struct diag_list *d)
{
	const struct vstore_reader *r = arg;
	struct vstore_version *v;

	if (!e->oid[0] || !r->key)
		return task_load(out, e->path, e->data, e->len, schema, d);
	v = get(r->store, e->path, e->oid, e->kind, e->data, e->len, r->key,
		0);
	vstore_parse(r->store, v, schema);
	diag_copy(d, &v->d);
	*out = v->t;
	if (v->t)
		task_hold(v->t);
	vstore_drop(r->store, v);
	return *out ? 0 : -1;
}

void vstore_reader_init(struct vstore_reader *r, struct vstore *store,
			const char *key)
{
	r->rd.read = read_task;
	r->rd.arg = r;
	r->store = store;
	r->key = key;
}
