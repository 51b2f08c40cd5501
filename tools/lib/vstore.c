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

struct vstore {
	pthread_mutex_t lock;
	pthread_cond_t parsed;		/* a version parsed */
	struct vstore_version **ring;	/* keep slots, NULL when empty */
	size_t keep, next;
	struct vstore_version **bucket;
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

static void version_free(struct vstore_version *v)
{
	free(v->path);
	free(v->key);
	free(v->data);
	task_free(v->t);
	diag_release(&v->d);
	free(v);
}

/* under the lock: drop a reference; the version to free, or NULL */
static struct vstore_version *unref(struct vstore_version *v)
{
	return v && --v->refs == 0 ? v : NULL;
}

static size_t hash(const struct vstore *s, const char *oid)
{
	size_t h = 5381;

	while (*oid)
		h = h * 33 + (unsigned char)*oid++;
	return h & s->mask;
}

/* under the lock: take v out of its bucket */
static void unlink_version(struct vstore *s, struct vstore_version *v)
{
	struct vstore_version **at = &s->bucket[hash(s, v->oid)];

	while (*at && *at != v)
		at = &(*at)->next;
	if (*at)
		*at = v->next;
	v->next = NULL;
}

void vstore_reserve(struct vstore *s, size_t keep)
{
	struct vstore_version **ring;
	size_t i, n = s->mask + 1;

	pthread_mutex_lock(&s->lock);
	if (keep <= s->keep) {
		pthread_mutex_unlock(&s->lock);
		return;
	}
	/* the versions kept, oldest first, then room for more */
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
		struct vstore_version *v = ring[i];
		size_t h;

		if (!v)
			continue;
		h = hash(s, v->oid);
		v->next = s->bucket[h];
		s->bucket[h] = v;
	}
	pthread_mutex_unlock(&s->lock);
}

void vstore_free(struct vstore *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->keep; i++) {
		struct vstore_version *v = unref(s->ring[i]);

		if (v)
			version_free(v);
	}
	free(s->ring);
	free(s->bucket);
	pthread_cond_destroy(&s->parsed);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

struct vstore_version *vstore_get(struct vstore *s, const char *path,
				  const char *oid, int kind,
				  const char *data, size_t len,
				  const char *key)
{
	struct vstore_version *v, *old;
	size_t h = hash(s, oid);

	pthread_mutex_lock(&s->lock);
	for (v = s->bucket[h]; v; v = v->next)
		if (v->kind == kind && !strcmp(v->oid, oid) &&
		    !strcmp(v->path, path) && !strcmp(v->key, key))
			break;
	if (v) {
		v->refs++;
		pthread_mutex_unlock(&s->lock);
		return v;
	}
	v = xcalloc(1, sizeof(*v));
	snprintf(v->oid, sizeof(v->oid), "%s", oid);
	v->path = xstrdup(path);
	v->key = xstrdup(key);
	v->kind = kind;
	if (data) {
		v->data = xmalloc(len + 1);
		memcpy(v->data, data, len);
		v->data[len] = '\0';
		v->len = len;
	}
	v->refs = 2;		/* the store's and the caller's */
	old = s->ring[s->next];
	if (old)
		unlink_version(s, old);
	s->ring[s->next] = v;
	s->next = (s->next + 1) % s->keep;
	v->next = s->bucket[h];
	s->bucket[h] = v;
	old = unref(old);
	pthread_mutex_unlock(&s->lock);
	if (old)
		version_free(old);
	return v;
}

void vstore_parse(struct vstore *s, struct vstore_version *v,
		  const struct schema *schema)
{
	if (!v)
		return;
	pthread_mutex_lock(&s->lock);
	if (v->state == V_WAITING) {
		v->state = V_PARSING;
		pthread_mutex_unlock(&s->lock);
		if (v->kind == FILE_REGULAR && v->data)
			task_load(&v->t, v->path, v->data, v->len, schema,
				  &v->d);
		diag_sort(&v->d);	/* here, while no one else reads it */
		free(v->data);
		v->data = NULL;
		pthread_mutex_lock(&s->lock);
		v->state = V_PARSED;
		pthread_cond_broadcast(&s->parsed);
	}
	while (v->state != V_PARSED)
		pthread_cond_wait(&s->parsed, &s->lock);
	pthread_mutex_unlock(&s->lock);
}

void vstore_drop(struct vstore *s, struct vstore_version *v)
{
	pthread_mutex_lock(&s->lock);
	v = unref(v);
	pthread_mutex_unlock(&s->lock);
	if (v)
		version_free(v);
}

static int read_task(void *arg, struct task **out, const struct file_entry *e,
		     const struct schema *schema, struct diag_list *d)
{
	const struct vstore_reader *r = arg;
	struct vstore_version *v;

	if (!e->oid[0] || !r->key)
		return task_load(out, e->path, e->data, e->len, schema, d);
	v = vstore_get(r->store, e->path, e->oid, e->kind, e->data, e->len,
		       r->key);
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
