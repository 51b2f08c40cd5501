/*
 * logfmt: see logfmt.h.  Both tools print what compare.c finds; they
 * differ in where the two versions come from: log takes them from the
 * blobs each commit changed (history.c), diff from two whole plans
 * (source.c), or from the two files git hands an external diff.
 */
#include "logfmt.h"
#include "date.h"
#include "i18n.h"
#include "diag.h"
#include "model.h"
#include "sigstate.h"
#include "source.h"
#include "ydoc.h"

#include <pthread.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define BOLD "\033[1m"
#define RESET "\033[m"

/* ---- text forms ---- */

void logfmt_date(char out[32], int64_t t, int offset)
{
	int64_t local = t + (int64_t)offset * 60;
	int64_t days = local / 86400, secs = local % 86400, y;
	int off = offset < 0 ? -offset : offset, m, d;
	char buf[96];

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	date_from_days(days, &y, &m, &d);
	snprintf(buf, sizeof(buf),
		 "%04lld-%02d-%02dT%02lld:%02lld:%02lld%c%02d:%02d",
		 (long long)y, m, d, (long long)(secs / 3600),
		 (long long)(secs / 60 % 60), (long long)(secs % 60),
		 offset < 0 ? '-' : '+', off / 60, off % 60);
	snprintf(out, 32, "%.31s", buf);
}

/* exactly n decimal digits at *p */
static int digits(const char **p, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return 0;
}

int logfmt_parse_date(int64_t *out, const char *s, int end)
{
	char day[11];
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0, zh, zm, zone = 0, has_zone = 0;
	int prec = 0;	/* 0 a day, 1 a minute, 2 a second */

	if (strlen(s) < 10)
		return -1;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!date_valid(day) || digits(&p, 4, &y) || *p++ != '-' ||
	    digits(&p, 2, &mo) || *p++ != '-' || digits(&p, 2, &d))
		return -1;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi) ||
		    h > 23 || mi > 59)
			return -1;
		prec = 1;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &sec) || sec > 59)
				return -1;
			prec = 2;
		}
	}
	if (*p == 'Z') {
		p++;
		has_zone = 1;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1;

		if (digits(&p, 2, &zh) || *p++ != ':' || digits(&p, 2, &zm) ||
		    zh > 23 || zm > 59)
			return -1;
		zone = sign * (zh * 60 + zm);
		has_zone = 1;
	}
	if (*p)
		return -1;
	if (end && prec == 0) {
		h = 23;
		mi = 59;
	}
	if (end && prec < 2)
		sec = 59;
	if (has_zone) {
		*out = date_to_days(y, mo, d) * 86400 + h * 3600 + mi * 60 +
		       sec - (int64_t)zone * 60;
	} else {
		struct tm tm = { 0 };
		time_t t;

		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		tm.tm_hour = h;
		tm.tm_min = mi;
		tm.tm_sec = sec;
		tm.tm_isdst = -1;
		t = mktime(&tm);
		if (t == (time_t)-1)
			return -1;
		*out = (int64_t)t;
	}
	return 0;
}

int logfmt_task_arg(const char *arg)
{
	size_t n = strspn(arg, "0123456789");
	char *path;
	int id;

	if (n && !arg[n] && n <= 8)
		return atoi(arg);
	while (arg[0] == '.' && arg[1] == '/')
		arg += 2;
	path = xstrdup(arg);
	id = task_path_id(path);
	free(path);
	return id;
}

const char *logfmt_short_field(const struct change *c)
{
	const char *f = c->field, *dot;

	if (c->unit_id && !strncmp(f, "unit.", 5)) {
		dot = strchr(f + 5, '.');
		return dot ? dot + 1 : "unit";
	}
	if (!c->task_id && !strncmp(f, "plan.", 5))
		return f + 5;
	return f;
}

enum field_kind {
	FK_PLAIN,	/* a number, a name, a date */
	FK_TEXT,	/* free text */
	FK_LIST,	/* a list of ids or names */
	FK_NULLABLE,	/* may be null: not reported yet */
	FK_OBJECT	/* a task, unit or indicator: may be absent */
};

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

static enum field_kind field_kind(const struct change *c)
{
	static const char *const text[] = {
		"category", "content", "target", "units.text", "note", "title",
		"name"
	};
	static const char *const list[] = {
		"units.lead", "units.cooperate", "units.implement",
		"categories", "aliases", "members", "committers"
	};
	const char *f = logfmt_short_field(c);
	size_t i;

	if (!strcmp(f, "task") || !strcmp(f, "unit"))
		return FK_OBJECT;
	if (!strncmp(f, "indicators.", 11)) {
		if (ends_with(f, ".actual"))
			return FK_NULLABLE;
		if (ends_with(f, ".target") || ends_with(f, ".op") ||
		    ends_with(f, ".unit"))
			return FK_PLAIN;
		return FK_OBJECT;
	}
	if (!strcmp(f, "as_of") || !strcmp(f, "founding"))
		return FK_NULLABLE;
	for (i = 0; i < sizeof(text) / sizeof(*text); i++)
		if (!strcmp(f, text[i]))
			return FK_TEXT;
	for (i = 0; i < sizeof(list) / sizeof(*list); i++)
		if (!strcmp(f, list[i]))
			return FK_LIST;
	return FK_PLAIN;
}

void logfmt_value(struct sbuf *b, const struct change *c, const char *v)
{
	switch (v ? field_kind(c) : FK_PLAIN) {
	case FK_TEXT:
		json_sbuf(b, v);
		return;
	case FK_LIST:
		sbuf_printf(b, "[%s]", v);
		return;
	default:
		break;
	}
	if (v)
		sbuf_adds(b, v);
	else
		sbuf_adds(b, field_kind(c) == FK_OBJECT ? "(none)" : "null");
}

/* does byte p start a character (not a UTF-8 continuation byte)? */
static int char_start(const char *p)
{
	return ((unsigned char)*p & 0xC0) != 0x80;
}

void logfmt_span(struct sbuf *b, const char *old_text, const char *new_text,
		 int color)
{
	size_t lo = strlen(old_text), ln = strlen(new_text);
	size_t pre = 0, suf = 0, max;

	while (pre < lo && pre < ln && old_text[pre] == new_text[pre])
		pre++;
	while (pre > 0 && !(char_start(old_text + pre) &&
			    char_start(new_text + pre)))
		pre--;
	max = (lo < ln ? lo : ln) - pre;
	while (suf < max && old_text[lo - 1 - suf] == new_text[ln - 1 - suf])
		suf++;
	while (suf > 0 && !char_start(old_text + lo - suf))
		suf--;
	sbuf_add(b, old_text, pre);
	if (lo - pre - suf) {
		sbuf_adds(b, color ? RED : "[-");
		sbuf_add(b, old_text + pre, lo - pre - suf);
		sbuf_adds(b, color ? RESET : "-]");
	}
	if (ln - pre - suf) {
		sbuf_adds(b, color ? GREEN : "{+");
		sbuf_add(b, new_text + pre, ln - pre - suf);
		sbuf_adds(b, color ? RESET : "+}");
	}
	sbuf_adds(b, old_text + lo - suf);
}

/* "old → new", coloured */
static void arrow(struct sbuf *b, const struct change *c, int color)
{
	if (color)
		sbuf_adds(b, RED);
	logfmt_value(b, c, c->old_value);
	sbuf_adds(b, color ? RESET " → " GREEN : " → ");
	logfmt_value(b, c, c->new_value);
	if (color)
		sbuf_adds(b, RESET);
}

/* a change as JSON members, without braces */
static void json_change(struct sbuf *b, const struct change *c)
{
	if (c->task_id)
		sbuf_printf(b, "\"task\": %d, ", c->task_id);
	else
		sbuf_adds(b, "\"task\": null, ");
	sbuf_adds(b, "\"unit\": ");
	if (c->unit_id)
		json_sbuf(b, c->unit_id);
	else
		sbuf_adds(b, "null");
	sbuf_adds(b, ", \"field\": ");
	json_sbuf(b, c->field);
	sbuf_printf(b, ", \"class\": \"%s\", \"old\": ",
		    c->cls == CHANGE_PROGRESS ? "progress" : "plan");
	if (c->old_value)
		json_sbuf(b, c->old_value);
	else
		sbuf_adds(b, "null");
	sbuf_adds(b, ", \"new\": ");
	if (c->new_value)
		json_sbuf(b, c->new_value);
	else
		sbuf_adds(b, "null");
	sbuf_adds(b, ", \"old_path\": ");
	if (c->old_path)
		json_sbuf(b, c->old_path);
	else
		sbuf_adds(b, "null");
	sbuf_adds(b, ", \"new_path\": ");
	if (c->new_path)
		json_sbuf(b, c->new_path);
	else
		sbuf_adds(b, "null");
}

static int has_task(const int *ids, size_t n, int id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

/* "(invalid: 12:5: unknown key 'owner')": the first finding */
static char *invalid_text(struct diag_list *d)
{
	const struct diag *g;

	diag_sort(d);
	if (!d->n)
		return xstrdup("(invalid)");
	g = &d->v[0];
	if (g->line > 0)
		return xasprintf("(invalid: %d:%d: %s)", g->line, g->col,
				 g->message);
	return xasprintf("(invalid: %s)", g->message);
}

/* why an entry that is not a regular file is no task */
static const char *kind_text(int kind)
{
	switch (kind) {
	case FILE_SYMLINK: return "(invalid: a symbolic link)";
	case FILE_OUTSIDE: return "(invalid: a symbolic link)";
	case FILE_DIRECTORY: return "(invalid: a directory)";
	case FILE_TOO_LARGE: return "(invalid: over 1 MiB)";
	case FILE_UNREADABLE: return "(invalid: unreadable)";
	default: return "(invalid: not a regular file)";
	}
}

/* ---- log ---- */

/*
 * log works in two threads.  The caller's thread walks the history
 * (history.c, the only user of libgit2) and queues, commit by commit, the
 * versions of the task files that changed; the printer thread writes the
 * commits out in the order they were queued.  Turning a commit into text
 * (parsing its versions, comparing them, formatting the changes) is most
 * of the work, and either thread may do it: the printer renders the
 * commit it is to write when no one has yet, and the walker, when the
 * queue is full and it would otherwise wait, renders the commits queued
 * last.  Each version is parsed once: the recent ones are kept by path
 * and blob id, since the old side of one commit is the new side of the
 * next in a walk (its parent), and the first thread that needs a version
 * parses it.  Memory is bounded by the queue and that cache, whatever the
 * length of history.
 */

#define LOG_CACHE 64	/* recent versions, for the next commits */
#define LOG_QUEUE 256	/* commits queued for the printer */

enum { V_WAITING, V_PARSING, V_PARSED };

/* one version of a task file, shared by the commits that show it */
struct version {
	char oid[41];
	char *path;
	int kind;		/* enum file_kind */
	char *data;		/* the blob, until parsed */
	size_t len;
	int state;		/* V_*, under the lock */
	int refs;		/* under the lock: the cache, queued commits */
	struct task *t;		/* NULL when invalid */
	char *invalid;		/* "(invalid: ...)" when t is NULL */
};

/* the two sides of one task in a commit */
struct slot {
	int id;
	struct version *old, *new;
};

enum { J_QUEUED, J_RENDERING, J_RENDERED };

/* one commit queued for the printer */
struct job {
	struct commit_info ci;	/* its strings point into text; committer
				 * and message are not kept */
	char *text;
	struct slot *slots;
	size_t n;
	int state;		/* J_*, under the lock */
	struct sbuf out;	/* rendered: its changes, each JSON object
				 * led by ",\n  " */
	size_t shown;		/* rendered: changes in out */
	const char *sig;	/* JSON: the signature's state (sigstate.h;
				 * "verified" for one that verifies, whose
				 * key it is being audit's question) */
	char sig_key[64];	/* JSON: its key's fingerprint, or "" */
};

/* what rendering a commit needs */
struct render {
	const struct log_opts *o;
	const struct plan *tip;
	const struct job *jb;
	char date[32];
	struct sbuf *out;
	size_t shown;
};

struct log_state {
	FILE *out;
	struct repo *repo;
	const struct log_opts *o;
	const struct schema *schema;	/* the task schema of the tip */
	const struct plan *tip;		/* for groups, with --unit */
	regex_t author;
	int has_author;
	/* the walker's: recent versions, and the one to replace next */
	struct version *cache[LOG_CACHE];
	size_t next;
	size_t shown;			/* the printer's: changes written */
	/* shared, under lock */
	int threaded;			/* the printer is a thread */
	pthread_mutex_t lock;
	pthread_cond_t queued;		/* a commit queued, or the end */
	pthread_cond_t taken;		/* a commit written: room, or idle */
	pthread_cond_t ready;		/* a version parsed, a commit
					 * rendered */
	struct job *queue[LOG_QUEUE];	/* a ring */
	size_t head, count;
	int busy;			/* the printer holds a commit */
	int closed;			/* no more commits will come */
};

static void version_free(struct version *v)
{
	free(v->path);
	free(v->data);
	task_free(v->t);
	free(v->invalid);
	free(v);
}

/* drop a reference to v (NULL: none); the last one frees it */
static void version_drop(struct log_state *s, struct version *v)
{
	int last;

	if (!v)
		return;
	pthread_mutex_lock(&s->lock);
	last = --v->refs == 0;
	pthread_mutex_unlock(&s->lock);
	if (last)
		version_free(v);
}

/*
 * The version of one side of a change, with a reference for the caller:
 * one of the cache, or a new one (not parsed yet) that the cache keeps.
 */
static struct version *version_get(struct log_state *s,
				   const struct history_change *ch,
				   int new_side)
{
	const char *oid = new_side ? ch->new_oid : ch->old_oid;
	const char *data = new_side ? ch->new_data : ch->old_data;
	int kind = new_side ? ch->new_kind : ch->old_kind;
	struct version *v;
	size_t i;

	/* newest first: the old side of the commit before is usually it */
	for (i = 1; i <= LOG_CACHE; i++) {
		v = s->cache[(s->next + LOG_CACHE - i) % LOG_CACHE];
		if (v && v->oid[0] == oid[0] && v->kind == kind &&
		    !strcmp(v->oid, oid) && !strcmp(v->path, ch->path)) {
			pthread_mutex_lock(&s->lock);
			v->refs++;
			pthread_mutex_unlock(&s->lock);
			return v;
		}
	}
	v = xcalloc(1, sizeof(*v));
	snprintf(v->oid, sizeof(v->oid), "%s", oid);
	v->path = xstrdup(ch->path);
	v->kind = kind;
	if (data) {
		v->len = new_side ? ch->new_len : ch->old_len;
		v->data = xmalloc(v->len + 1);
		memcpy(v->data, data, v->len);
		v->data[v->len] = '\0';
	}
	v->refs = 2;
	version_drop(s, s->cache[s->next]);
	s->cache[s->next] = v;
	s->next = (s->next + 1) % LOG_CACHE;
	return v;
}

static void version_parse(struct version *v, const struct schema *schema)
{
	struct diag_list d = { 0 };

	if (v->kind != FILE_REGULAR || !v->data)
		v->invalid = xstrdup(kind_text(v->kind));
	else if (task_load(&v->t, v->path, v->data, v->len, schema, &d))
		v->invalid = invalid_text(&d);
	diag_release(&d);
	free(v->data);
	v->data = NULL;
}

/* v parsed, by this thread or the other one (v NULL: nothing) */
static void version_need(struct log_state *s, struct version *v)
{
	if (!v)
		return;
	pthread_mutex_lock(&s->lock);
	if (v->state == V_WAITING) {
		v->state = V_PARSING;
		pthread_mutex_unlock(&s->lock);
		version_parse(v, s->schema);
		pthread_mutex_lock(&s->lock);
		v->state = V_PARSED;
		pthread_cond_broadcast(&s->ready);
	}
	while (v->state != V_PARSED)
		pthread_cond_wait(&s->ready, &s->lock);
	pthread_mutex_unlock(&s->lock);
}

/* is the unit of --unit responsible for t? */
static int covers(const struct render *rd, const struct task *t)
{
	const struct strlist *lists[3];
	size_t i, j;

	if (!t)
		return 0;
	lists[0] = &t->lead;
	lists[1] = &t->cooperate;
	lists[2] = &t->implement;
	for (i = 0; i < 3; i++)
		for (j = 0; j < lists[i]->n; j++)
			if (rd->tip ? plan_unit_covers(rd->tip, lists[i]->v[j],
						       rd->o->unit) :
			    !strcmp(lists[i]->v[j], rd->o->unit))
				return 1;
	return 0;
}

/* --field: the field, a prefix of it, or its last part */
static int field_matches(const char *field, const char *want)
{
	size_t n = strlen(want), k = strlen(field);

	if (!strncmp(field, want, n) && (!field[n] || field[n] == '.'))
		return 1;
	return k > n && field[k - n - 1] == '.' && !strcmp(field + k - n,
							   want);
}

static int log_change(const struct change *c, void *payload)
{
	struct render *rd = payload;
	const struct commit_info *ci = &rd->jb->ci;
	const char *path = c->new_path ? c->new_path : c->old_path;
	struct sbuf *b = rd->out;
	int color = rd->o->color;

	if (rd->o->field && !field_matches(c->field, rd->o->field))
		return 0;
	if (rd->o->json) {
		sbuf_adds(b, ",\n  {\"commit\": ");
		json_sbuf(b, ci->id);
		sbuf_adds(b, ", \"author\": {\"name\": ");
		json_sbuf(b, ci->author_name ? ci->author_name : "");
		sbuf_adds(b, ", \"email\": ");
		json_sbuf(b, ci->author_email ? ci->author_email : "");
		sbuf_printf(b, "}, \"date\": \"%s\", \"summary\": ", rd->date);
		json_sbuf(b, ci->summary);
		sbuf_printf(b, ", \"signature\": {\"state\": \"%s\", "
			    "\"key\": ", rd->jb->sig);
		if (rd->jb->sig_key[0])
			json_sbuf(b, rd->jb->sig_key);
		else
			sbuf_adds(b, "null");
		sbuf_adds(b, "}, \"path\": ");
		json_sbuf(b, path ? path : "");
		sbuf_adds(b, ", ");
		json_change(b, c);
		sbuf_adds(b, "}");
	} else {
		/* names come from git as anyone wrote them: never raw to a
		 * terminal */
		char *name = diag_escaped(ci->author_name);
		char *email = diag_escaped(ci->author_email);

		sbuf_printf(b, "%s%.10s%s %s %s <%s> ", color ? YELLOW : "",
			    ci->id, color ? RESET : "", rd->date, name, email);
		/* TRANSLATORS: in a log line, before the field's name */
		sbuf_printf(b, _("task %d"), c->task_id);
		sbuf_printf(b, " %s: ", c->field);
		free(name);
		free(email);
		arrow(b, c, color);
		sbuf_addc(b, '\n');
	}
	rd->shown++;
	return 0;
}

static int log_slot(struct render *rd, const struct slot *sl)
{
	const struct version *a = sl->old, *b = sl->new;
	struct change c = { 0 };

	if (rd->o->unit && !covers(rd, a ? a->t : NULL) &&
	    !covers(rd, b ? b->t : NULL))
		return 0;
	if ((!a || a->t) && (!b || b->t))
		return task_compare(a ? a->t : NULL, b ? b->t : NULL,
				    log_change, rd);
	/* a version that does not load: the file as a whole changed */
	c.task_id = sl->id;
	c.field = "task";
	c.cls = CHANGE_PLAN;
	c.old_path = a ? a->path : NULL;
	c.new_path = b ? b->path : NULL;
	c.old_value = !a ? NULL : a->t ? a->path : a->invalid;
	c.new_value = !b ? NULL : b->t ? b->path : b->invalid;
	if (c.old_value && c.new_value && !strcmp(c.old_value, c.new_value))
		return 0;
	return log_change(&c, rd);
}

/*
 * A commit as text, claimed by the caller (J_RENDERING): its versions
 * parsed, compared and formatted into jb->out; then it needs them no more.
 */
static void render_job(struct log_state *s, struct job *jb)
{
	struct render rd = { 0 };
	size_t i;

	rd.o = s->o;
	rd.tip = s->tip;
	rd.jb = jb;
	rd.out = &jb->out;
	logfmt_date(rd.date, jb->ci.time, jb->ci.tz_offset);
	for (i = 0; i < jb->n; i++) {
		version_need(s, jb->slots[i].old);
		version_need(s, jb->slots[i].new);
		log_slot(&rd, &jb->slots[i]);
	}
	jb->shown = rd.shown;
	for (i = 0; i < jb->n; i++) {
		version_drop(s, jb->slots[i].old);
		version_drop(s, jb->slots[i].new);
	}
	free(jb->slots);
	jb->slots = NULL;
	jb->n = 0;
}

/* render jb, claimed under the lock; returns with the lock held */
static void render_locked(struct log_state *s, struct job *jb)
{
	jb->state = J_RENDERING;
	pthread_mutex_unlock(&s->lock);
	render_job(s, jb);
	pthread_mutex_lock(&s->lock);
	jb->state = J_RENDERED;
	pthread_cond_broadcast(&s->ready);
}

static void job_free(struct log_state *s, struct job *jb)
{
	size_t i;

	for (i = 0; i < jb->n; i++) {
		version_drop(s, jb->slots[i].old);
		version_drop(s, jb->slots[i].new);
	}
	free(jb->slots);
	sbuf_release(&jb->out);
	free(jb->text);
	free(jb);
}

/* write a rendered commit; the first JSON object has no comma before it */
static void write_job(struct log_state *s, const struct job *jb)
{
	const char *t = jb->out.s;
	size_t len = jb->out.len;

	if (!jb->shown)
		return;
	if (s->o->json && !s->shown) {
		t++;
		len--;
	}
	fwrite(t, 1, len, s->out);
	s->shown += jb->shown;
}

static void *printer(void *payload)
{
	struct log_state *s = payload;
	struct job *jb;

	pthread_mutex_lock(&s->lock);
	for (;;) {
		while (!s->count && !s->closed)
			pthread_cond_wait(&s->queued, &s->lock);
		if (!s->count)
			break;
		jb = s->queue[s->head];
		s->head = (s->head + 1) % LOG_QUEUE;
		s->count--;
		s->busy = 1;
		if (jb->state == J_QUEUED)
			render_locked(s, jb);
		while (jb->state != J_RENDERED)
			pthread_cond_wait(&s->ready, &s->lock);
		pthread_mutex_unlock(&s->lock);
		write_job(s, jb);
		job_free(s, jb);
		pthread_mutex_lock(&s->lock);
		s->busy = 0;
		pthread_cond_broadcast(&s->taken);
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

/*
 * The walker, while the queue is full: render the last queued commit no
 * one has rendered yet.  Returns 0 when there is none.  Called and
 * returns with the lock held.
 */
static int help_render(struct log_state *s)
{
	size_t i;

	for (i = s->count; i-- > 0;) {
		struct job *jb = s->queue[(s->head + i) % LOG_QUEUE];

		if (jb->state == J_QUEUED) {
			render_locked(s, jb);
			return 1;
		}
	}
	return 0;
}

/* hand a commit to the printer, or write it at once without one */
static void queue_job(struct log_state *s, struct job *jb)
{
	if (!s->threaded) {
		render_job(s, jb);
		write_job(s, jb);
		job_free(s, jb);
		return;
	}
	pthread_mutex_lock(&s->lock);
	while (s->count == LOG_QUEUE)
		if (!help_render(s))
			pthread_cond_wait(&s->taken, &s->lock);
	s->queue[(s->head + s->count++) % LOG_QUEUE] = jb;
	pthread_cond_signal(&s->queued);
	pthread_mutex_unlock(&s->lock);
}

/* before the walk reports a failure: what came before it is written */
static void log_drain(void *payload)
{
	struct log_state *s = payload;

	if (!s->threaded)
		return;
	pthread_mutex_lock(&s->lock);
	while (s->count || s->busy)
		pthread_cond_wait(&s->taken, &s->lock);
	pthread_mutex_unlock(&s->lock);
}

/* the sides of one task in a commit, as history.c reports them */
struct pair {
	int id;
	const struct history_change *old, *new;
};

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* pair the changed task files of a commit by task id (renames) */
static size_t pair_tasks(struct pair *v, const struct history_change *ch,
			 size_t n)
{
	size_t i, j, k = 0;

	for (i = 0; i < n; i++) {
		int id = task_path_id(ch[i].path);

		if (id < 0)
			continue;
		if (ch[i].old_oid[0]) {
			for (j = 0; j < k && !(v[j].id == id && !v[j].old);
			     j++)
				;
			if (j == k)
				v[k++] = (struct pair){ id, NULL, NULL };
			v[j].old = &ch[i];
		}
		if (ch[i].new_oid[0]) {
			for (j = 0; j < k && !(v[j].id == id && !v[j].new);
			     j++)
				;
			if (j == k)
				v[k++] = (struct pair){ id, NULL, NULL };
			v[j].new = &ch[i];
		}
	}
	/* qsort is not stable: pairs of one id keep their order by address */
	qsort(v, k, sizeof(*v), cmp_pair);
	return k;
}

/* the author, name and summary of ci, copied into jb */
static void job_commit(struct job *jb, const struct commit_info *ci)
{
	const char *name = ci->author_name ? ci->author_name : "";
	const char *email = ci->author_email ? ci->author_email : "";
	size_t a = strlen(name) + 1, e = strlen(email) + 1;
	size_t m = strlen(ci->summary) + 1;

	jb->ci = *ci;
	jb->text = xmalloc(a + e + m);
	memcpy(jb->text, name, a);
	memcpy(jb->text + a, email, e);
	memcpy(jb->text + a + e, ci->summary, m);
	jb->ci.author_name = jb->text;
	jb->ci.author_email = jb->text + a;
	jb->ci.summary = jb->text + a + e;
	jb->ci.committer_name = NULL;
	jb->ci.committer_email = NULL;
	jb->ci.message = NULL;
}

/* the walker's part of one commit: its task versions, queued */
static int log_commit(const struct commit_info *ci,
		      const struct history_change *ch, size_t n,
		      void *payload)
{
	struct log_state *s = payload;
	struct pair *v;
	struct job *jb;
	size_t i, k;

	if (s->has_author) {
		char *who = xasprintf("%s <%s>", ci->author_name,
				      ci->author_email);
		int miss = regexec(&s->author, who, 0, NULL, 0);

		free(who);
		if (miss)
			return 0;
	}
	v = xcalloc(n * 2 + 1, sizeof(*v));
	k = pair_tasks(v, ch, n);
	jb = xcalloc(1, sizeof(*jb));
	jb->slots = xcalloc(k + 1, sizeof(*jb->slots));
	for (i = 0; i < k; i++) {
		struct slot *sl = &jb->slots[jb->n];

		if (s->o->n_tasks &&
		    !has_task(s->o->tasks, s->o->n_tasks, v[i].id))
			continue;
		sl->id = v[i].id;
		if (v[i].old)
			sl->old = version_get(s, v[i].old, 0);
		if (v[i].new)
			sl->new = version_get(s, v[i].new, 1);
		jb->n++;
	}
	free(v);
	if (!jb->n) {
		job_free(s, jb);
		return 0;
	}
	job_commit(jb, ci);
	if (s->o->json) {
		struct commit_sig cs;

		if (commit_sig_read(&cs, s->repo, ci->id)) {
			job_free(s, jb);
			return -1;
		}
		jb->sig = cs.state == SIG_GOOD ? "verified" :
			  sig_state_name(cs.state);
		memcpy(jb->sig_key, cs.fingerprint, sizeof(jb->sig_key));
		commit_sig_release(&cs);
	}
	queue_job(s, jb);
	return 0;
}

/* the tip the range ends at: "B" of "A..B", "HEAD" for none */
static char *range_tip(const char *range)
{
	const char *dots = range ? strstr(range, "..") : NULL;

	if (!range)
		return xstrdup("HEAD");
	if (!dots)
		return xstrdup(range);
	dots += dots[2] == '.' ? 3 : 2;
	return xstrdup(*dots ? dots : "HEAD");
}

/*
 * The schemas at the tip of the range; when it has none (the range ends
 * before the schemas were committed), those of the working tree.
 */
static int log_schemas(struct schemas *out, struct fileset *fs,
		       struct repo *r, const char *tip)
{
	struct diag_list d = { 0 };
	const char *wd = repo_workdir(r);
	int ret = -1;

	if (repo_fileset_rev(fs, r, tip))
		return -1;
	source_plan_language(fs);
	if (!schemas_load(out, fs, &d)) {
		ret = 0;
		goto done;
	}
	fileset_release(fs);
	diag_release(&d);
	if (wd && !fileset_from_dir(fs, wd) && !schemas_load(out, fs, &d)) {
		ret = 0;
		goto done;
	}
	diag_fail(_("cannot use the schemas in schema/ at '%s' nor in the "
		    "working tree"), tip);
done:
	diag_release(&d);
	return ret;
}

/* walk with the printer thread (or without it, when none can start) */
static int log_walk(struct log_state *s, struct repo *r)
{
	struct history_opts walk = s->o->walk;
	pthread_t printer_thread;
	int ret;

	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->queued, NULL);
	pthread_cond_init(&s->taken, NULL);
	pthread_cond_init(&s->ready, NULL);
	s->threaded = !pthread_create(&printer_thread, NULL, printer, s);
	walk.drain = log_drain;
	ret = history_walk(r, &walk, log_commit, s) ? -1 : 0;
	if (s->threaded) {
		pthread_mutex_lock(&s->lock);
		s->closed = 1;
		pthread_cond_signal(&s->queued);
		pthread_mutex_unlock(&s->lock);
		pthread_join(printer_thread, NULL);
	}
	pthread_cond_destroy(&s->ready);
	pthread_cond_destroy(&s->taken);
	pthread_cond_destroy(&s->queued);
	pthread_mutex_destroy(&s->lock);
	return ret;
}

/*
 * The fields a change can name (compare.c), and the last parts of an
 * indicator's: a --field that is none of them, nor a prefix of one, can
 * only match nothing, which a clerk would read as "no change".
 */
static const char *const known_fields[] = {
	"task", "id", "category", "content", "target", "units", "units.lead",
	"units.cooperate", "units.implement", "units.text", "deadline",
	"status", "progress", "as_of", "note", "indicators", "actual", "unit",
	"op", "name", "aliases", "members", "committers", "admin", "kind",
	"keys", "title", "year", "categories", "founding", "language",
	"signatures"
};

static int check_field(const char *field)
{
	const char *best = NULL;
	size_t i, d, best_d = 3;

	if (!strncmp(field, "indicators.", 11))
		return 0;
	for (i = 0; i < sizeof(known_fields) / sizeof(known_fields[0]); i++) {
		if (!strcmp(field, known_fields[i]))
			return 0;
		if ((d = edit_distance(field, known_fields[i], 2)) < best_d) {
			best_d = d;
			best = known_fields[i];
		}
	}
	if (best)
		return diag_fail(_("unknown field '%s'; did you mean '%s'?"),
				 field, best), -1;
	return diag_fail(_("unknown field '%s' (fields: progress, status, "
			   "as_of, note, indicators, target, deadline, units "
			   "and the others in docs/format.md)"), field), -1;
}

/* --unit by id, name or alias: the unit's id, or NULL after diag_fail */
static const char *check_unit(const struct plan *tip, const char *what)
{
	const struct unit *u = tip ? plan_unit_find(tip, what) : NULL;
	const char *best;

	if (u)
		return u->id;
	if (!tip)
		return what;	/* no plan to check against: as given */
	if ((best = plan_unit_suggest(tip, what)))
		diag_fail(_("unknown unit '%s'; did you mean '%s' (%s)?"), what,
			  best, plan_unit(tip, best)->name);
	else
		diag_fail(_("unknown unit '%s' (a unit is named by its id, "
			    "name or alias, as in units/)"), what);
	return NULL;
}

int log_run(FILE *out, struct repo *r, const struct log_opts *o)
{
	struct log_state s = { 0 };
	struct schemas sc = { 0 };
	struct fileset fs = { 0 };
	struct diag_list d = { 0 };
	struct plan *tip = NULL;
	char *tip_rev = range_tip(o->walk.range);
	struct log_opts resolved;
	const char *unit;
	size_t i;
	int ret = -1, err;

	s.out = out;
	s.repo = r;
	s.o = o;
	if (o->author) {
		err = regcomp(&s.author, o->author,
			      REG_EXTENDED | REG_ICASE | REG_NOSUB);
		if (err) {
			char msg[256];

			regerror(err, &s.author, msg, sizeof(msg));
			diag_fail(_("bad --author pattern '%s': %s"), o->author,
				  msg);
			goto done;
		}
		s.has_author = 1;
	}
	if (log_schemas(&sc, &fs, r, tip_rev))
		goto done;
	s.schema = sc.task;
	if ((o->unit || o->n_tasks) && !plan_load(&tip, &fs, &sc, &d))
		s.tip = tip;
	if (o->field && check_field(o->field))
		goto done;
	if (o->unit) {
		if (!(unit = check_unit(s.tip, o->unit)))
			goto done;
		resolved = *o;
		resolved.unit = unit;
		s.o = &resolved;
	}
	if (o->json)
		fputs("[", out);
	ret = log_walk(&s, r);
	if (o->json)
		fputs(s.shown ? "\n]\n" : "]\n", out);
	/* a filter that matched nothing says so, where a person reads it */
	for (i = 0; !ret && !s.shown && s.tip && i < o->n_tasks; i++)
		if (!plan_task(s.tip, o->tasks[i]))
			ret = diag_fail(_("task %d is not in the plan, and no "
					  "commit in the range changed it"),
					o->tasks[i]);
	if (!ret && !s.shown && (o->n_tasks || o->unit || o->field ||
				 o->author))
		fprintf(stderr, _("%s: no change matches in the range\n"),
			diag_program());
	for (i = 0; i < LOG_CACHE; i++)
		if (s.cache[i])
			version_free(s.cache[i]);
done:
	if (s.has_author)
		regfree(&s.author);
	plan_free(tip);
	diag_release(&d);
	schemas_release(&sc);
	fileset_release(&fs);
	free(tip_rev);
	return ret;
}

/* ---- diff ---- */

struct diff_state {
	FILE *out;
	int json, color;
	const int *tasks;
	size_t n_tasks;
	const struct plan *a, *b;
	char group[96];		/* the record being shown: "task 18" */
	size_t n;
};

static const struct task *task_by_path(const struct plan *p, const char *path)
{
	size_t i;

	for (i = 0; p && path && i < p->n_tasks; i++)
		if (!strcmp(p->tasks[i]->path, path))
			return p->tasks[i];
	return NULL;
}

/* one "  field: value" line of a described record */
static int describe_line(const struct change *c, void *payload)
{
	struct diff_state *s = payload;
	struct sbuf b = { 0 };

	sbuf_printf(&b, "  %s: ", logfmt_short_field(c));
	logfmt_value(&b, c, c->new_value);
	sbuf_addc(&b, '\n');
	fputs(b.s, s->out);
	sbuf_release(&b);
	return 0;
}

/*
 * The heading of the record c belongs to, when it starts a new one: the
 * task, unit or plan file, and whether it was added, removed or renamed
 * (then c, the change that says so, is the heading itself: 1 is
 * returned).  An added or removed record is described field by field.
 */
static int diff_heading(struct diff_state *s, const struct change *c)
{
	const char *op = c->old_path, *np = c->new_path;
	const char *what = !op ? _("added") : !np ? _("removed") : NULL;
	int whole = !strcmp(c->field, "task") ||
		    (c->unit_id && !strcmp(logfmt_short_field(c), "unit"));
	char group[96];
	struct sbuf b = { 0 };

	if (c->task_id)
		snprintf(group, sizeof(group), _("task %d"), c->task_id);
	else if (c->unit_id)
		snprintf(group, sizeof(group), _("unit %s"), c->unit_id);
	else
		snprintf(group, sizeof(group), "%s", _("plan"));
	if (!strcmp(group, s->group))
		return 0;
	snprintf(s->group, sizeof(s->group), "%s", group);
	sbuf_printf(&b, "%s%s (", s->color ? BOLD : "", group);
	if (whole && op && np)
		sbuf_printf(&b, "%s → %s)", op, np);
	else
		sbuf_printf(&b, "%s)", op ? op : np ? np : "plan.yaml");
	if (whole && what)
		sbuf_printf(&b, ": %s", what);
	sbuf_printf(&b, "%s\n", s->color ? RESET : "");
	fputs(b.s, s->out);
	sbuf_release(&b);
	if (!whole || !what)
		return whole;
	if (c->task_id) {
		const struct task *t = np ? task_by_path(s->b, np) :
			task_by_path(s->a, op);

		if (t)
			task_describe(t, describe_line, s);
	} else if (c->unit_id) {
		const struct unit *u = plan_unit(np ? s->b : s->a, c->unit_id);

		if (u)
			unit_describe(u, describe_line, s);
	}
	return 1;
}

static int diff_change(const struct change *c, void *payload)
{
	struct diff_state *s = payload;
	struct sbuf b = { 0 };

	if (s->n_tasks && !has_task(s->tasks, s->n_tasks, c->task_id))
		return 0;
	if (s->json) {
		sbuf_adds(&b, s->n ? ",\n  {" : "\n  {");
		json_change(&b, c);
		sbuf_adds(&b, "}");
	} else if (!diff_heading(s, c)) {
		sbuf_printf(&b, "  %s: ", logfmt_short_field(c));
		if (field_kind(c) == FK_TEXT && c->old_value && c->new_value)
			logfmt_span(&b, c->old_value, c->new_value, s->color);
		else
			arrow(&b, c, s->color);
		sbuf_addc(&b, '\n');
	}
	if (b.s)
		fputs(b.s, s->out);
	sbuf_release(&b);
	s->n++;
	return 0;
}

/* one side of a diff, loaded; its findings printed when it is invalid */
static int diff_side(struct plan **out, int *invalid,
		     const struct plan_source *src, const char *label)
{
	struct fileset fs = { 0 };
	struct diag_list d = { 0 };
	int ret = -1;

	*out = NULL;
	if (source_read(&fs, src) || source_load(out, &fs, &d))
		goto done;
	if (d.errors) {
		diag_sort(&d);
		fflush(stdout);
		diag_print_text(stderr, &d);
		diag_fail(ngettext("%s: the plan is not valid (%zu error); "
				   "fix it, or compare other versions",
				   "%s: the plan is not valid (%zu errors); "
				   "fix it, or compare other versions",
				   d.errors), label, d.errors);
		*invalid = 1;
	}
	ret = 0;
done:
	diag_release(&d);
	fileset_release(&fs);
	return ret;
}

int diff_run(struct diff_result *res, FILE *out, const struct diff_opts *o)
{
	struct plan_source a = { o->dir, NULL, 0 }, b = { o->dir, NULL, 0 };
	struct diff_state s = { 0 };
	struct plan *pa = NULL, *pb = NULL;
	const char *la, *lb;
	size_t i;
	int ret = -1;

	memset(res, 0, sizeof(*res));
	a.rev = o->rev1 ? o->rev1 : "HEAD";
	b.rev = o->rev2;
	b.staged = o->staged && !o->rev2;
	la = a.rev;
	lb = b.rev ? b.rev : b.staged ? "index" : "working tree";
	if (diff_side(&pa, &res->invalid, &a, la) ||
	    diff_side(&pb, &res->invalid, &b, lb))
		goto done;
	if (res->invalid) {
		ret = 0;
		goto done;
	}
	s.out = out;
	s.json = o->json;
	s.color = o->color;
	s.tasks = o->tasks;
	s.n_tasks = o->n_tasks;
	s.a = pa;
	s.b = pb;
	/* a task in neither version would show nothing, as if unchanged */
	for (i = 0; i < o->n_tasks; i++)
		if (!plan_task(pa, o->tasks[i]) && !plan_task(pb, o->tasks[i])) {
			diag_fail(_("task %d is in neither %s nor %s"),
				  o->tasks[i], la, b.rev ? b.rev : b.staged ?
				  _("the index") : _("the working tree"));
			goto done;
		}
	if (o->json) {
		fputs("{\"old\": ", out);
		json_string(out, la);
		fputs(", \"new\": ", out);
		json_string(out, lb);
		fputs(", \"changes\": [", out);
	}
	plan_compare(pa, pb, diff_change, &s);
	if (o->json)
		fputs(s.n ? "\n]}\n" : "]}\n", out);
	res->changes = s.n;
	ret = 0;
done:
	plan_free(pa);
	plan_free(pb);
	return ret;
}

/* ---- git's hooks: external diff and textconv ---- */

/* the three schemas from dir/schema/ */
static int dir_schemas(struct schemas *out, const char *dir)
{
	static const char *const names[] = {
		"schema/plan.schema.json", "schema/task.schema.json",
		"schema/unit.schema.json"
	};
	struct fileset fs = { 0 };
	struct diag_list d = { 0 };
	size_t i;
	int ret = 0;

	for (i = 0; i < 3; i++) {
		char *full = xasprintf("%s/%s", dir, names[i]);
		char *data;
		size_t len;

		if (!read_file(full, &data, &len, YDOC_MAX_SIZE))
			fileset_add(&fs, names[i], FILE_REGULAR, data, len);
		free(full);
	}
	fileset_sort(&fs);
	if (schemas_load(out, &fs, &d)) {
		diag_fail(_("cannot use the schemas in %s/schema/: run git from "
			     "the top of the plan's work tree"), dir);
		ret = -1;
	}
	diag_release(&d);
	fileset_release(&fs);
	return ret;
}

/* one version of a plan file as a plan holding just that record */
struct single {
	struct plan p;
	struct task *t;
	struct unit *u;
	struct plan *whole;	/* for plan.yaml */
	char *invalid;		/* it does not load: why */
};

static void single_release(struct single *x)
{
	task_free(x->t);
	unit_free(x->u);
	plan_free(x->whole);
	free(x->invalid);
	memset(x, 0, sizeof(*x));
}

/* load file (NULL: absent) as the plan file path */
static int single_load(struct single *x, const struct schemas *sc,
		       const char *path, const char *file)
{
	struct diag_list d = { 0 };
	struct fileset fs = { 0 };
	char *data = NULL;
	size_t len = 0;
	int ret = -1;

	memset(x, 0, sizeof(*x));
	if (!file || !strcmp(file, "/dev/null"))
		return 0;
	if (read_file(file, &data, &len, YDOC_MAX_SIZE)) {
		diag_fail(_("cannot read '%s'"), file);
		return -1;
	}
	if (task_path_id(path) >= 0) {
		if (!task_load(&x->t, path, data, len, sc->task, &d)) {
			x->p.tasks = &x->t;
			x->p.n_tasks = 1;
		}
	} else if (!strncmp(path, "units/", 6)) {
		if (!unit_load(&x->u, path, data, len, sc->unit, &d)) {
			x->p.units = &x->u;
			x->p.n_units = 1;
		}
	} else {
		fileset_add(&fs, "plan.yaml", FILE_REGULAR, data, len);
		data = NULL;
		if (!plan_load(&x->whole, &fs, sc, &d) && x->whole->doc)
			x->p = *x->whole;
	}
	if (d.errors)
		x->invalid = invalid_text(&d);
	ret = 0;
	free(data);
	fileset_release(&fs);
	diag_release(&d);
	return ret;
}

int diff_git_external(FILE *out, const char *dir, char *const *args,
		      int n_args, int color)
{
	struct single a, b;
	struct schemas sc = { 0 };
	struct diff_state s = { 0 };
	const char *path = args[0];
	int ret = -1;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if (n_args != 7 && n_args != 9) {
		diag_fail(_("--git-external takes the 7 or 9 arguments git "
			     "passes to an external diff, not %d"), n_args);
		return -1;
	}
	if (dir_schemas(&sc, dir) || single_load(&a, &sc, path, args[1]) ||
	    single_load(&b, &sc, n_args == 9 ? args[7] : path, args[4]))
		goto done;
	s.out = out;
	s.color = color;
	s.a = &a.p;
	s.b = &b.p;
	if (a.invalid || b.invalid) {
		fprintf(out, "%s%s%s\n  %s → %s\n", color ? BOLD : "", path,
			color ? RESET : "", a.invalid ? a.invalid : "(valid)",
			b.invalid ? b.invalid : "(valid)");
	} else {
		plan_compare(&a.p, &b.p, diff_change, &s);
		if (!s.n)
			fprintf(out, "%s: no change to the plan's fields "
				"(comments or formatting only)\n", path);
	}
	ret = 0;
done:
	single_release(&a);
	single_release(&b);
	schemas_release(&sc);
	return ret;
}

/* one "field: value" line of textconv */
static int textconv_line(const struct change *c, void *payload)
{
	struct sbuf b = { 0 };

	sbuf_printf(&b, "%s: ", logfmt_short_field(c));
	logfmt_value(&b, c, c->new_value);
	sbuf_addc(&b, '\n');
	fputs(b.s, payload);
	sbuf_release(&b);
	return 0;
}

int diff_textconv(FILE *out, const char *dir, const char *path)
{
	struct schemas sc = { 0 };
	struct diag_list d = { 0 };
	struct ynode *doc = NULL;
	struct single x;
	char *data = NULL;
	const char *as;
	size_t len;
	int ret = -1;

	memset(&x, 0, sizeof(x));
	if (read_file(path, &data, &len, YDOC_MAX_SIZE)) {
		diag_fail(_("cannot read '%s'"), path);
		return -1;
	}
	/* git hands over a temporary file: what it holds tells its kind */
	if (ydoc_load(&doc, path, data, len, &d) || doc->kind != YNODE_MAP)
		as = NULL;
	else if (ynode_get(doc, "indicators"))
		as = "tasks/00.yaml";
	else if (ynode_get(doc, "categories"))
		as = "plan.yaml";
	else if (ynode_get(doc, "kind"))
		as = "units/unit.yaml";
	else
		as = NULL;
	if (as && !dir_schemas(&sc, dir) && !single_load(&x, &sc, as, path) &&
	    !x.invalid) {
		if (x.t)
			task_describe(x.t, textconv_line, out);
		else if (x.u)
			unit_describe(x.u, textconv_line, out);
		else
			plan_describe(&x.p, textconv_line, out);
	} else {
		fwrite(data, 1, len, out);
	}
	ret = 0;
	ynode_free(doc);
	diag_release(&d);
	single_release(&x);
	schemas_release(&sc);
	free(data);
	return ret;
}
