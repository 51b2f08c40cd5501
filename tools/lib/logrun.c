/*
 * logrun: see logrun.h.  The versions of each task come from the blobs
 * each commit changed (history.c), parsed once each by blob id.
 */
#include "logrun.h"
#include "i18n.h"
#include "logfmt.h"
#include "sigstate.h"
#include "source.h"
#include "vstore.h"

#include <pthread.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

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

/*
 * log works in two threads.  The caller's thread walks the history
 * (history.c, the only user of libgit2) and queues, commit by commit, the
 * versions of the task files that changed; the printer thread writes the
 * commits out in the order they were queued.  Turning a commit into text
 * (parsing its versions, comparing them, formatting the changes) is most
 * of the work, and either thread may do it: the printer renders the
 * commit it is to write when no one has yet, and the walker, when the
 * queue is full and it would otherwise wait, renders the commits queued
 * last.  Each version is parsed once (vstore.h): the old side of one
 * commit is the new side of the next in a walk (its parent), and the
 * first thread that needs a version parses it.  Memory is bounded by the
 * queue and the store, whatever the length of history.
 */

#define LOG_KEEP 64	/* versions the store keeps, for the next commits */
#define LOG_QUEUE 256	/* commits queued for the printer */

/* the two sides of one task in a commit */
struct slot {
	int id;
	struct vstore_version *old, *new;
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
	struct vstore *store;		/* the versions, parsed once */
	size_t shown;			/* the printer's: changes written */
	/* shared, under lock */
	int threaded;			/* the printer is a thread */
	pthread_mutex_t lock;
	pthread_cond_t queued;		/* a commit queued, or the end */
	pthread_cond_t taken;		/* a commit written: room, or idle */
	pthread_cond_t ready;		/* a commit rendered */
	struct job *queue[LOG_QUEUE];	/* a ring */
	size_t head, count;
	int busy;			/* the printer holds a commit */
	int closed;			/* no more commits will come */
};

/* the version of one side of a change, with a reference for the caller */
static struct vstore_version *version_get(struct log_state *s,
					  const struct history_change *ch,
					  int new_side)
{
	if (new_side)
		return vstore_get(s->store, ch->path, ch->new_oid,
				  ch->new_kind, ch->new_data, ch->new_len, "");
	return vstore_get(s->store, ch->path, ch->old_oid, ch->old_kind,
			  ch->old_data, ch->old_len, "");
}

/* "(invalid: ...)" for a version that is no task; owned by the caller */
static char *invalid_text(const struct vstore_version *v)
{
	if (v->kind != FILE_REGULAR || !v->d.n)
		return xstrdup(kind_text(v->kind));
	return logfmt_invalid_text(&v->d);
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
		logfmt_json_change(b, c);
		sbuf_adds(b, "}");
	} else {
		/* names come from git as anyone wrote them: never raw to a
		 * terminal */
		char *name = diag_escaped(ci->author_name);
		char *email = diag_escaped(ci->author_email);

		sbuf_printf(b, "%s%.10s%s %s %s <%s> ", color ? LOGFMT_YELLOW : "",
			    ci->id, color ? LOGFMT_RESET : "", rd->date, name, email);
		/* TRANSLATORS: in a log line, before the field's name */
		sbuf_printf(b, _("task %d"), c->task_id);
		sbuf_printf(b, " %s: ", c->field);
		free(name);
		free(email);
		logfmt_arrow(b, c, color);
		sbuf_addc(b, '\n');
	}
	rd->shown++;
	return 0;
}

static int log_slot(struct render *rd, const struct slot *sl)
{
	const struct vstore_version *a = sl->old, *b = sl->new;
	struct change c = { 0 };
	char *was = NULL, *is = NULL;
	int ret = 0;

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
	c.old_value = !a ? NULL : a->t ? a->path : (was = invalid_text(a));
	c.new_value = !b ? NULL : b->t ? b->path : (is = invalid_text(b));
	if (!c.old_value || !c.new_value || strcmp(c.old_value, c.new_value))
		ret = log_change(&c, rd);
	free(was);
	free(is);
	return ret;
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
		vstore_parse(s->store, jb->slots[i].old, s->schema);
		vstore_parse(s->store, jb->slots[i].new, s->schema);
		log_slot(&rd, &jb->slots[i]);
	}
	jb->shown = rd.shown;
	for (i = 0; i < jb->n; i++) {
		vstore_drop(s->store, jb->slots[i].old);
		vstore_drop(s->store, jb->slots[i].new);
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
		vstore_drop(s->store, jb->slots[i].old);
		vstore_drop(s->store, jb->slots[i].new);
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
		    !logfmt_has_task(s->o->tasks, s->o->n_tasks, v[i].id))
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
static const struct schemas *log_schemas(struct fileset *fs,
					 struct plan_source *src,
					 struct repo *r, const char *tip)
{
	struct diag_list d = { 0 };
	const char *wd = repo_workdir(r);
	const struct schemas *ret;

	if (repo_fileset_rev(fs, r, tip))
		return NULL;
	source_plan_language(fs);
	if ((ret = source_schemas(src, fs, &d)))
		goto done;
	fileset_release(fs);
	diag_release(&d);
	if (wd && !fileset_from_dir(fs, wd) &&
	    (ret = source_schemas(src, fs, &d)))
		goto done;
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

int log_run(FILE *out, struct plan_source *src, const struct log_opts *o)
{
	struct log_state s = { 0 };
	const struct schemas *sc;
	struct repo *r;
	struct fileset fs = { 0 };
	struct diag_list d = { 0 };
	struct plan *tip = NULL;
	char *tip_rev = range_tip(o->walk.range);
	struct log_opts resolved;
	const char *unit;
	size_t i;
	int ret = -1, err;

	if (source_repo(&r, src, 0))
		goto done;
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
	if (!(sc = log_schemas(&fs, src, r, tip_rev)))
		goto done;
	s.schema = sc->task;
	s.store = vstore_new(LOG_KEEP);
	if ((o->unit || o->n_tasks) && !plan_load(&tip, &fs, sc, NULL, &d))
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
done:
	vstore_free(s.store);
	if (s.has_author)
		regfree(&s.author);
	plan_free(tip);
	diag_release(&d);
	fileset_release(&fs);
	free(tip_rev);
	return ret;
}
