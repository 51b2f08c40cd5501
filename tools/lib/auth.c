/*
 * auth: see auth.h and docs/audit.md.
 *
 * A commit is judged with the plan of its first parent, never its own:
 * otherwise a commit could grant its author the right it needs.  Both
 * plans are needed whole (validity is a property of the whole plan, and
 * the comparer works on records).  Most commits change a task file or
 * two: for them the plan of the commit before is kept and updated record
 * by record ("the live plan", below), and only the new versions are
 * loaded, in a second thread while the history is walked.  Any other
 * commit loads both plans whole from git, through a small cache keyed by
 * the blob ids of the plan's files.
 *
 * A merge is charged only with what it changes against every parent: a
 * field the merge takes over unchanged from another parent was made, and
 * audited, in that parent's own history.  This is git's "combined diff"
 * (git log --cc) applied to the plan's records.
 */
#include "auth.h"
#include "rights.h"
#include "diag.h"
#include "i18n.h"
#include "parallel.h"
#include "xalloc.h"
#include "ydoc.h"

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- findings ---- */

static void finding_init(struct auth_finding *f,
			 const struct commit_info *ci)
{
	memset(f, 0, sizeof(*f));
	if (ci) {
		snprintf(f->commit, sizeof(f->commit), "%s", ci->id);
		f->author = xasprintf("%s <%s>", ci->author_name ?
				      ci->author_name : "",
				      ci->author_email ? ci->author_email : "");
	}
}

static struct auth_finding *finding_add(struct auth *a,
					const struct commit_info *ci)
{
	XGROW(a->v, a->cap, a->n + 1);
	finding_init(&a->v[a->n], ci);
	return &a->v[a->n++];
}

static struct auth_finding *warning_add(struct auth *a,
					const struct commit_info *ci)
{
	XGROW(a->warnings, a->cap_warnings, a->n_warnings + 1);
	finding_init(&a->warnings[a->n_warnings], ci);
	return &a->warnings[a->n_warnings++];
}

static void finding_release(struct auth_finding *f)
{
	free(f->author);
	free(f->identity);
	free(f->unit_id);
	free(f->field);
	free(f->old_value);
	free(f->new_value);
	free(f->file);
	free(f->message);
}

void auth_ref_finding(struct auth *a, const char *ref,
			     const char *rule, const char *fmt, ...)
{
	struct auth_finding *f = finding_add(a, NULL);
	struct sbuf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	sbuf_vprintf(&b, fmt, ap);
	va_end(ap);
	f->rule = rule;
	f->file = xstrdup(ref);
	f->message = sbuf_take(&b);
}

static void print_text(FILE *f, const struct auth_finding *g,
		       const char *severity)
{
	char *msg;

	if (g->file)
		fputs(g->file, f);
	else if (g->commit[0])
		fprintf(f, "commit %.10s", g->commit);
	if (g->line > 0)
		fprintf(f, ":%d", g->line);
	if (g->line > 0 && g->col > 0)
		fprintf(f, ":%d", g->col);
	msg = diag_escaped(g->message);
	fprintf(f, ": %s: %s [%s]\n", severity, msg, g->rule);
	free(msg);
}

void auth_print_text(FILE *f, const struct auth *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		print_text(f, &a->v[i], "error");
	for (i = 0; i < a->n_warnings; i++)
		print_text(f, &a->warnings[i], "warning");
}

static void json_field(FILE *f, const char *key, const char *value)
{
	fprintf(f, ", \"%s\": ", key);
	if (value)
		json_string(f, value);
	else
		fputs("null", f);
}

static void json_finding(FILE *f, const struct auth_finding *g)
{
	fputs("{\"commit\": ", f);
	if (g->commit[0])
		json_string(f, g->commit);
	else
		fputs("null", f);
	json_field(f, "author", g->author);
	json_field(f, "identity", g->identity);
	if (g->task_id)
		fprintf(f, ", \"task\": %d", g->task_id);
	else
		fputs(", \"task\": null", f);
	json_field(f, "unit", g->unit_id);
	json_field(f, "field", g->field);
	json_field(f, "old", g->old_value);
	json_field(f, "new", g->new_value);
	json_field(f, "rule", g->rule);
	json_field(f, "file", g->file);
	fprintf(f, ", \"line\": %d, \"column\": %d", g->line, g->col);
	json_field(f, "message", g->message);
	fputc('}', f);
}

void auth_print_json(FILE *f, const struct auth *a)
{
	size_t i;

	fprintf(f, "{\"checked\": %zu, \"before_founding\": %zu, "
		"\"founding\": ", a->checked, a->skipped);
	if (a->founding[0])
		json_string(f, a->founding);
	else
		fputs("null", f);
	fputs(", \"findings\": [", f);
	for (i = 0; i < a->n; i++) {
		fputs(i ? ",\n  " : "\n  ", f);
		json_finding(f, &a->v[i]);
	}
	fputs(a->n ? "\n]" : "]", f);
	fputs(", \"warnings\": [", f);
	for (i = 0; i < a->n_warnings; i++) {
		fputs(i ? ",\n  " : "\n  ", f);
		json_finding(f, &a->warnings[i]);
	}
	fputs(a->n_warnings ? "\n]" : "]", f);
	fputs(", \"signatures\": {", f);
	for (i = 0; i < SIG_N; i++)
		fprintf(f, "%s\"%s\": %zu", i ? ", " : "",
			sig_state_name((enum sig_state)i), a->sigs[i]);
	fputc('}', f);
	if (a->record_sigs) {
		fputs(", \"commits\": [", f);
		for (i = 0; i < a->n_signed; i++) {
			const struct auth_signed *g = &a->signed_v[i];

			fputs(i ? ",\n  " : "\n  ", f);
			fputs("{\"commit\": ", f);
			json_string(f, g->commit);
			json_field(f, "signature", sig_state_name(g->state));
			json_field(f, "format", g->format);
			json_field(f, "key", g->fingerprint[0] ?
				   g->fingerprint : NULL);
			json_field(f, "signer", g->signer);
			fputc('}', f);
		}
		fputs(a->n_signed ? "\n]" : "]", f);
	}
	fputs("}\n", f);
}

/* ---- plans at commits ---- */

#define CACHE_SLOTS 4

struct cached_plan {
	char *sig;		/* every file's path, kind and blob id */
	struct fileset fs;
	struct plan *plan;	/* NULL when the schemas are unusable */
	struct diag_list d;	/* the plan's findings, sorted */
	unsigned long used;
	int pins;		/* in use by the commit being audited */
};

/* a plan at a commit, as the checks of one commit read it */
struct view {
	const struct plan *plan;	/* NULL: none (schemas unusable) */
	const struct fileset *fs;
	const struct diag_list *d;	/* its findings, sorted */
};

static struct view view_of(const struct cached_plan *s)
{
	struct view v = { s->plan, &s->fs, &s->d };

	return v;
}

/*
 * What a task file's findings depend on besides the file itself:
 * plan.yaml (its categories) and units/ (the ids a task names), and the
 * schemas.  Read-only once made; the live plan and the batches loaded
 * with it hold references (counted by the walking thread alone).
 */
struct context {
	struct fileset fs;	/* plan.yaml, schema/ and units/, with data */
	struct schemas schemas;
	struct plan *base;	/* plan.yaml and units loaded, when usable */
	int usable;		/* the schemas compiled */
	char *sig;		/* paths, kinds and ids of those files */
	unsigned long serial;	/* made n-th: names its units for good */
	int refs;
};

/*
 * The live plan: the plan at the commit audited last, its files (task
 * files without their data), records and findings, kept so that the next
 * commit, usually a child of it that changes task files alone, is
 * audited by replacing the records and findings of the files it changes.
 */
struct live {
	char commit[41];	/* the commit it is the plan of; "" none */
	struct cached_plan p;	/* owned, outside the cache's slots */
	struct context *ctx;
	int ok;			/* a plan was loaded, its task ids are
				 * unique: changed task files can be
				 * applied to it */
};

struct batch;

/*
 * What the auditing thread is done with but the loader thread allocated:
 * freed by the loader, whose malloc arena it is, when it takes the next
 * batch.  Freeing it here made both threads wait for the arena's lock.
 */
struct grave {
	struct task **t;	/* records replaced in the live plan */
	size_t n, cap;
	struct batch *b;	/* audited batches (no context: its count
				 * is the auditing thread's) */
};

/* a signing key the units list */
struct ring_key {
	char *key;		/* "TYPE BASE64" */
	char *address;
	char *unit_path;
};

struct auth_state {
	struct cached_plan slot[CACHE_SLOTS];
	unsigned long clock;
	/* the schemas change far less often than the plan: compiled once
	 * per version of schema/ */
	char *schema_sig;
	struct schemas schemas;
	char (*known)[41];	/* commits that gave units committers */
	size_t n_known, cap_known;
	/* ancestry asked again and again along a walk: anc_of is known to
	 * be anc_commit or an ancestor of it; last_* the commit audited
	 * last and its first parent; the founding named, resolved */
	char anc_of[41], anc_commit[41];
	char last_id[41], last_parent[41];
	char *named, named_id[41];
	struct live live;
	/* commits handed over by the walk, waiting to be audited in order:
	 * filling takes the next ones, loading is loaded by the loader */
	struct batch *filling, *loading;
	/* the context the next batch is loaded with: the live plan's, with
	 * the changes of the commits queued since; NULL when not known */
	struct context *next;
	unsigned long serial;	/* contexts made */
	/* the units the identity checked last commits for (and whether one
	 * is an administrator), under the units of context rights_ctx */
	unsigned long rights_ctx;
	char *rights_id;
	struct strlist rights_mine;
	int rights_admin;
	int failed;		/* an audit failed: the walk stops */
	/* the loader thread */
	int threaded;
	pthread_t loader;
	pthread_mutex_t lock;
	pthread_cond_t work, done;
	struct batch *todo;	/* under lock: the batch to load */
	int quit;		/* under lock */
	struct grave grave;	/* handed over with the next batch */
	/* the signing keys and the signature policy of the plan at the
	 * parent checked last, known by the ids of its units/ tree and
	 * plan.yaml blob */
	char ring_units[41], ring_plan[41];
	int ring_known, ring_required;
	struct ring_key *ring;	/* sorted by key */
	size_t n_ring;
	struct strlist ring_admins;	/* the committer entries of its
					 * administrator units */
	struct sig_batch *sigs;	/* read, waiting to be checked */
	struct sig_batch *checking;	/* being checked by checker */
	pthread_t checker;
	int checking_started;
};

static void slot_release(struct cached_plan *s)
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

/* the blob ids of schema/: which schemas a fileset's plan is read with */
static char *schema_sig(const struct fileset *fs)
{
	struct sbuf b = { 0 };
	size_t i;

	sbuf_adds(&b, "");
	for (i = 0; i < fs->n; i++)
		if (!strncmp(fs->v[i].path, "schema/", 7))
			sbuf_printf(&b, "%s\t%d\t%s\n", fs->v[i].path,
				    (int)fs->v[i].kind, fs->v[i].oid);
	return sbuf_take(&b);
}

/*
 * The schemas of fs in k->schemas, compiled again only when schema/
 * differs from the last fileset's: 0, or -1 with the reasons in d.
 */
static int schemas_of(struct auth_state *k, const struct fileset *fs,
		      struct diag_list *d)
{
	char *ssig = schema_sig(fs);

	if (!k->schema_sig || strcmp(k->schema_sig, ssig)) {
		free(k->schema_sig);
		k->schema_sig = NULL;
		schemas_release(&k->schemas);
		if (!schemas_load(&k->schemas, fs, d)) {
			k->schema_sig = ssig;
			ssig = NULL;
		}
	}
	free(ssig);
	return k->schema_sig ? 0 : -1;
}

/* the plan at rev, pinned until plan_unpin; NULL after diag_fail */
static struct cached_plan *plan_at(struct auth *a, const char *rev)
{
	struct auth_state *k = a->state;
	struct cached_plan *s = NULL;
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
	slot_release(s);
	s->sig = sig;
	s->fs = fs;
	if (!schemas_of(k, &s->fs, &s->d))
		plan_load(&s->plan, &s->fs, &k->schemas, &s->d);
	diag_sort(&s->d);
done:
	s->used = ++k->clock;
	s->pins++;
	return s;
}

static void plan_unpin(struct cached_plan *s)
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
static int founded(struct auth *a, const char *parent,
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
static void founding_commit(struct auth *a, const struct commit_info *ci,
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
	f = finding_add(a, ci);
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

/* ---- the audit of one commit ---- */

/* a change with its own copies of the comparer's strings */
struct pending {
	struct change c;
	char *key;		/* task, unit and field: what merges match */
	int inherited;		/* the merge took it from a parent */
};

struct pending_list {
	struct pending *v;
	size_t n, cap;
};

static char *opt_dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static char *change_key(const struct change *c)
{
	return xasprintf("%d\t%s\t%s", c->task_id,
			 c->unit_id ? c->unit_id : "", c->field);
}

static int collect_fn(const struct change *c, void *payload)
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

static void pending_release(struct pending_list *l)
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

	plan_compare(or_empty(a->plan), or_empty(b->plan), collect_fn, out);
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
		collect_fn(&c, out);
	}
}

/* a change's record is gone because its file no longer loads */
static int unloadable(const struct pending *p, const struct view *now)
{
	return !p->c.new_value && !p->c.new_path && p->c.old_path &&
	       fileset_find(now->fs, p->c.old_path);
}

/* the node of an indicator named name in a task's document */
static const struct ynode *indicator_node(const struct ynode *doc,
					  const char *name, size_t len)
{
	const struct ynode *seq = ynode_get(doc, "indicators");
	size_t i;

	for (i = 0; seq && seq->kind == YNODE_SEQ && i < seq->n; i++) {
		const char *s = ynode_str(ynode_get(seq->kids[i], "name"));

		if (s && strlen(s) == len && !memcmp(s, name, len))
			return seq->kids[i];
	}
	return NULL;
}

/* where field is written in a record's document (NULL: not found) */
static const struct ynode *field_node(const struct ynode *doc,
				      const char *field)
{
	const char *dot, *last;
	const struct ynode *n;

	if (!doc || !field)
		return NULL;
	if (!strncmp(field, "indicators.", 11)) {
		field += 11;
		last = strrchr(field, '.');
		if (last && (!strcmp(last, ".target") ||
			     !strcmp(last, ".op") || !strcmp(last, ".unit") ||
			     !strcmp(last, ".actual"))) {
			n = indicator_node(doc, field, (size_t)(last - field));
			return n ? ynode_key(n, last + 1) : NULL;
		}
		return indicator_node(doc, field, strlen(field));
	}
	if ((dot = strchr(field, '.'))) {
		char *head = xstrndup(field, (size_t)(dot - field));

		n = ynode_get(doc, head);
		free(head);
		return n && n->kind == YNODE_MAP ? ynode_key(n, dot + 1) :
			NULL;
	}
	return ynode_key(doc, field);
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
		doc = plan_task(p, c->task_id)->doc;
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
	f = finding_add(a, ci);
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
static void check_valid(struct auth *a, const struct commit_info *ci,
			const struct view *now)
{
	size_t i;

	for (i = 0; i < now->d->n; i++) {
		const struct diag *g = &now->d->v[i];
		struct auth_finding *f;

		if (g->severity != DIAG_ERROR)
			continue;
		f = finding_add(a, ci);
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
		if (!(bp = plan_at(a, id)))
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
		if (!(p[i].plan = plan_at(a, id)) ||
		    (r = founded(a, id, p[i].plan->plan)) < 0)
			goto done;
		if (!r) {
			plan_unpin(p[i].plan);
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
		plan_unpin(p[i].plan);
		pending_release(&p[i].from_base);
		pending_release(&p[i].to_now);
	}
	plan_unpin(bp);
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
		if (!(s = plan_at(a, id)))
			return -1;
		r = founded(a, id, s->plan);
		plan_unpin(s);
	}
	return r;
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

static void context_drop(struct context *c)
{
	if (!c || --c->refs > 0)
		return;
	fileset_release(&c->fs);
	schemas_release(&c->schemas);
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
static int context_file(const char *path)
{
	return !strcmp(path, "plan.yaml") || !strncmp(path, "units/", 6) ||
	       !strcmp(path, "schema/plan.schema.json") ||
	       !strcmp(path, "schema/task.schema.json") ||
	       !strcmp(path, "schema/unit.schema.json");
}

/* the paths, kinds and blob ids of the context files of fs */
static char *context_sig(const struct fileset *fs)
{
	struct sbuf b = { 0 };
	size_t i;

	sbuf_adds(&b, "");
	for (i = 0; i < fs->n; i++)
		if (context_file(fs->v[i].path))
			sbuf_printf(&b, "%s\t%d\t%s\n", fs->v[i].path,
				    (int)fs->v[i].kind, fs->v[i].oid);
	return sbuf_take(&b);
}

/*
 * Append an entry to fs with a copy of data: len bytes, or the reason
 * text of an entry that could not be read (len 0)
 */
static void copy_entry(struct fileset *fs, const char *path, int kind,
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
static struct context *context_make(struct auth_state *k, struct fileset *fs)
{
	struct context *c = xcalloc(1, sizeof(*c));
	struct diag_list d = { 0 };

	c->serial = ++k->serial;
	c->fs = *fs;
	memset(fs, 0, sizeof(*fs));
	fileset_sort(&c->fs);
	c->sig = context_sig(&c->fs);
	c->refs = 1;
	c->usable = !schemas_load(&c->schemas, &c->fs, &d);
	/* loaded once here, not again with every round of versions */
	if (c->usable)
		plan_load(&c->base, &c->fs, &c->schemas, &d);
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
		if (context_file(fs->v[i].path))
			copy_entry(&cfs, fs->v[i].path, fs->v[i].kind,
				   fs->v[i].data, fs->v[i].len,
				   fs->v[i].oid);
	return context_make(k, &cfs);
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
static void live_take(struct auth *a, const char *id, struct cached_plan *s)
{
	struct auth_state *k = a->state;
	struct live *lv = &k->live;
	struct context *c = context_of(k, &s->fs);
	size_t i;

	slot_release(&lv->p);
	context_drop(lv->ctx);
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
static int live_reset(struct auth *a, const char *rev)
{
	struct cached_plan *s = plan_at(a, rev);
	char id[41];

	if (!s)
		return -1;
	plan_unpin(s);
	if (history_resolve(id, a->repo, rev)) {
		diag_fail(_("cannot read commit %s"), rev);
		return -1;
	}
	live_take(a, id, s);
	return 0;
}

static void live_release(struct live *lv)
{
	slot_release(&lv->p);
	context_drop(lv->ctx);
	memset(lv, 0, sizeof(*lv));
}

/* ---- commits waiting to be audited, their versions loaded ---- */

/* the new version of a changed task file, loaded with its context */
struct loaded {
	const char *path;	/* the change's */
	const char *oid;	/* the change's new blob id */
	int kind;
	const char *data;	/* the change's */
	size_t len;
	size_t seq;		/* its place in the batch */
	int round;		/* loaded in round number */
	struct task *t;		/* NULL when it does not load */
	struct diag_list d;	/* the plan's findings about it, sorted */
	int clash;		/* its id was another version's too: the
				 * findings may not be the plan's */
	/* the changes from the version of the file loaded a round before
	 * (blob from_oid), when both load and keep their id: what comparing
	 * with the commit's old side gives when that is the same blob */
	struct pending_list pre;
	char from_oid[41];
};

/* a commit handed over by the walk, with copies of what is needed */
struct queued {
	struct commit_info ci;	/* its strings point into text */
	char *text;
	struct history_change *ch;	/* paths and new blobs copied */
	size_t n;
	int fast;		/* one parent; only task files changed, to
				 * regular files or directories */
	struct loaded *v;	/* fast: the new side of each change */
};

#define BATCH 256	/* commits audited together */

struct batch {
	struct queued *v;
	size_t n, cap;
	struct context *ctx;	/* the versions were loaded with it */
	int loaded;		/* under the loader's lock */
	struct grave grave;	/* the loader frees it first */
	struct batch *next;	/* in a grave */
};

static void batch_free(struct batch *b);

static void grave_empty(struct grave *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		task_free(g->t[i]);
	free(g->t);
	while (g->b) {
		struct batch *b = g->b;

		g->b = b->next;
		batch_free(b);
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
			pending_release(&q->v[i].pre);
		}
	}
	free(q->ch);
	free(q->v);
	free(q->text);
}

static void batch_free(struct batch *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->n; i++)
		queued_release(&b->v[i]);
	free(b->v);
	context_drop(b->ctx);
	grave_empty(&b->grave);
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
static struct queued *queue_commit(struct batch *b,
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
static void load_versions(struct loaded **v, size_t n,
			  const struct context *c)
{
	size_t i, j, rounds = 0;
	int r;

	if (!n)
		return;
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
		size_t m = 0, k;

		for (i = 0; i < n; i++) {
			if (v[i]->round != r)
				continue;
			in[m++] = v[i];
			copy_entry(&fs, v[i]->path, v[i]->kind, v[i]->data,
				   v[i]->len, v[i]->oid);
		}
		fileset_sort(&fs);
		plan_load_tasks(&p, c->base, &fs, &c->schemas, &d);
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
			for (k = 0; k < m; k++)
				if (!strcmp(in[k]->path, p->tasks[i]->path))
					break;
			if (k == m)
				continue;
			if ((i && p->tasks[i - 1] &&
			     p->tasks[i - 1]->id == p->tasks[i]->id) ||
			    (i + 1 < p->n_tasks &&
			     p->tasks[i + 1]->id == p->tasks[i]->id))
				in[k]->clash = 1;
			in[k]->t = p->tasks[i];
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
			task_compare(prev->t, x->t, collect_fn, &x->pre);
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
static void load_batch(struct batch *b)
{
	struct loaded **v = NULL;
	size_t i, j, n = 0, cap = 0;

	grave_empty(&b->grave);
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
	load_versions(v, n, b->ctx);
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
		load_batch(b);
		pthread_mutex_lock(&k->lock);
		b->loaded = 1;
		k->todo = NULL;
		pthread_cond_broadcast(&k->done);
	}
	pthread_mutex_unlock(&k->lock);
	return NULL;
}

/* does one of the n changes ch change path? */
static int is_changed(const struct history_change *ch, size_t n,
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
static struct context *context_after(struct auth_state *k,
				     struct context *c,
				     const struct queued *q)
{
	struct fileset fs = { 0 };
	size_t i, touched = 0;

	if (!c && q->ci.n_parents)
		return NULL;
	for (i = 0; i < q->n; i++) {
		const struct history_change *ch = &q->ch[i];

		if (!context_file(ch->path))
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

		if (!is_changed(q->ch, q->n, e->path))
			copy_entry(&fs, e->path, e->kind, e->data, e->len,
				   e->oid);
	}
	for (i = 0; i < q->n; i++) {
		const struct history_change *ch = &q->ch[i];

		if (context_file(ch->path) && ch->new_oid[0])
			copy_entry(&fs, ch->path, ch->new_kind, ch->new_data,
				   ch->new_len, ch->new_oid);
	}
	return context_make(k, &fs);
}

/* have b loaded with the context k->next, in the loader if there is */
static void load_start(struct auth_state *k, struct batch *b)
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
		load_batch(b);
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

static void load_wait(struct auth_state *k, struct batch *b)
{
	if (k->threaded < 0)
		return;
	pthread_mutex_lock(&k->lock);
	while (!b->loaded)
		pthread_cond_wait(&k->done, &k->lock);
	pthread_mutex_unlock(&k->lock);
}

static void loader_stop(struct auth_state *k)
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
		w = warning_add(a, ci);
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
static int audit_checks(struct auth *a, const struct commit_info *ci,
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
static int audit_whole(struct auth *a, const struct commit_info *ci,
		       const struct history_change *ch, size_t n)
{
	struct auth_state *k = a->state;
	struct pending_list l = { 0 };
	struct cached_plan *old = NULL, *now = NULL;
	struct view ov, nv;
	int r, ret = -1;

	if (!ci->n_parents || !ci->parent[0]) {
		/* a root commit: nothing before it to take rights from */
		founding_commit(a, ci, ch, n);
		a->skipped++;
		return live_reset(a, ci->id);
	}
	r = !k->live.commit[0] ? 0 : !strcmp(k->live.commit, ci->parent) ?
		1 : history_same_plan(a->repo, k->live.commit, ci->parent);
	if (r < 0)
		goto done;
	if (r) {
		ov = view_of(&k->live.p);
	} else {
		if (!(old = plan_at(a, ci->parent)))
			goto done;
		ov = view_of(old);
	}
	if ((r = founded(a, ci->parent, ov.plan)) < 0)
		goto done;
	/* a merge is audited when any of its parents is in the history,
	 * whatever its first parent */
	if (!r && ci->n_parents > 1 &&
	    (r = other_parent_founded(a, ci)) < 0)
		goto done;
	if (!r) {
		founding_commit(a, ci, ch, n);
		a->skipped++;
		plan_unpin(old);
		old = NULL;
		ret = live_reset(a, ci->id);
		goto done;
	}
	a->checked++;
	if (!(now = plan_at(a, ci->id)))
		goto done;
	nv = view_of(now);
	check_valid(a, ci, &nv);
	changes_between(&l, &ov, &nv);
	if (audit_checks(a, ci, &ov, &nv, &l, NULL))
		goto done;
	plan_unpin(old);
	old = NULL;
	plan_unpin(now);
	live_take(a, ci->id, now);
	now = NULL;
	ret = 0;
done:
	pending_release(&l);
	plan_unpin(old);
	plan_unpin(now);
	return ret;
}

/* the record of the file at path in p, or NULL */
static struct task *task_at(const struct plan *p, const char *path)
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
		task_compare(x, y, collect_fn, out);
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
		if (c->old_oid[0] && (olds[no] = task_at(p, c->path)))
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
	if ((r = founded(a, q->ci.parent, &oldp)) < 0) {
		ret = -1;
		goto done;
	}
	/* from here on the live plan becomes the commit's */
	newp = oldp;
	newp.tasks = tasks;
	newp.n_tasks = nt;
	for (i = 0; i < lv->p.d.n; i++)
		if (!is_changed(q->ch, q->n, lv->p.d.v[i].file))
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
	a->live++;
	if (r) {
		a->checked++;
		check_valid(a, &q->ci, &nv);
		if (q->n == 1 && no == 1 && nn == 1 &&
		    olds[0]->id == news[0]->id &&
		    !strcmp(q->v[0].from_oid, q->ch[0].old_oid)) {
			/* compared by the loader: the same old blob */
			l = q->v[0].pre;
			memset(&q->v[0].pre, 0, sizeof(q->v[0].pre));
		} else {
			changes_of_tasks(&l, olds, no, news, nn);
		}
		audit_checks(a, &q->ci, &ov, &nv, &l, lv->ctx);
	} else {
		founding_commit(a, &q->ci, q->ch, q->n);
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
	pending_release(&l);
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
			pending_release(&q->v[i].pre);
			q->v[i].from_oid[0] = '\0';
			q->v[i].t = NULL;
			q->v[i].clash = 0;
			if (q->ch[i].new_oid[0])
				v[n++] = &q->v[i];
		}
		if (k->live.ctx->usable)
			load_versions(v, n, k->live.ctx);
		free(v);
		if (!k->live.ctx->usable)
			q->fast = 0;
		/* the context foreseen for later batches is wrong as well */
		if (k->next && !strcmp(k->next->sig, b->ctx->sig)) {
			context_drop(k->next);
			k->next = k->live.ctx;
			k->next->refs++;
		}
	}
	if (q->fast && b->ctx)
		r = audit_fast(a, q);
	if (r > 0)
		r = audit_whole(a, &q->ci, q->ch, q->n);
	snprintf(k->last_id, sizeof(k->last_id), "%s", q->ci.id);
	snprintf(k->last_parent, sizeof(k->last_parent), "%s", q->ci.parent);
	return r;
}

/* audit the commits of b, loaded; 0, or -1 after diag_fail */
static int audit_batch(struct auth *a, struct batch *b)
{
	struct auth_state *k = a->state;
	size_t i;

	load_wait(k, b);
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
static int batch_close(struct auth *a, int drain)
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
		if (i < b->n && live_reset(a, b->v[i].ci.parent))
			ret = -1;
		else if (i < b->n) {
			k->next = k->live.ctx;
			k->next->refs++;
		}
	}
	if (b)
		load_start(k, b);
	k->loading = b;
	if (prev && !ret)
		ret = audit_batch(a, prev);
	if (prev) {
		context_drop(prev->ctx);
		prev->ctx = NULL;
		prev->next = k->grave.b;
		k->grave.b = prev;
	}
	if (drain && b && !ret) {
		k->loading = NULL;
		ret = audit_batch(a, b);
		batch_free(b);
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
static int auth_commit(const struct commit_info *ci,
		       const struct history_change *ch, size_t n,
		       void *payload)
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
	q = queue_commit(k->filling, ci, ch, n, a->whole);
	if (q->fast)
		return k->filling->n == BATCH && batch_close(a, 0) ? -1 : 0;
	/*
	 * A commit audited whole may change the context of what follows:
	 * the batch ends with it, and the next one is loaded with the
	 * context it leaves, or, when that cannot be told from its changes,
	 * once it is audited.
	 */
	c = context_after(k, k->next, q);
	ret = batch_close(a, !c);
	context_drop(k->next);
	k->next = c;
	if (!c && k->live.ctx) {
		k->next = k->live.ctx;
		k->next->refs++;
	}
	return ret ? -1 : 0;
}

/* ---- signatures ---- */

static void ring_release(struct auth_state *k)
{
	size_t i;

	for (i = 0; i < k->n_ring; i++) {
		free(k->ring[i].key);
		free(k->ring[i].address);
		free(k->ring[i].unit_path);
	}
	free(k->ring);
	k->ring = NULL;
	k->n_ring = 0;
	k->ring_known = 0;
	strlist_release(&k->ring_admins);
}

static int cmp_ring_key(const void *x, const void *y)
{
	return strcmp(((const struct ring_key *)x)->key,
		      ((const struct ring_key *)y)->key);
}

static void sig_flush(struct auth *a);

/* is id a committer of an administrator unit of the ring's plan? */
static int ring_admits(const struct auth_state *k, const char *id)
{
	size_t i;

	for (i = 0; i < k->ring_admins.n; i++)
		if (rights_pattern_match(k->ring_admins.v[i], id))
			return 1;
	return 0;
}

/*
 * The keys, administrators and signature policy of the plan at commit
 * parent, as the commit after it is judged by them: read again only when
 * units/ or plan.yaml differ from the parent read last.  0, or -1 after
 * diag_fail.
 */
static int ring_at(struct auth *a, const char *parent)
{
	struct auth_state *k = a->state;
	static const char *const paths[] = { "units", "plan.yaml" };
	struct fileset fs = { 0 };
	struct diag_list d = { 0 };
	struct plan *p = NULL;
	char ids[2][41];
	size_t i, j, cap = 0;

	if (history_path_ids(ids, a->repo, parent, paths, 2))
		return -1;
	if (k->ring_known && !strcmp(ids[0], k->ring_units) &&
	    !strcmp(ids[1], k->ring_plan))
		return 0;
	sig_flush(a);	/* what waits is judged by the keys it was read under */
	ring_release(k);
	/* plan.yaml and units/ only: a ten-thousand-task plan is not read
	 * again for a committer added */
	if (repo_fileset_rev_of(&fs, a->repo, parent, 0))
		return -1;
	fileset_sort(&fs);
	if (!schemas_of(k, &fs, &d))
		plan_load(&p, &fs, &k->schemas, &d);
	for (i = 0; p && i < p->n_units; i++) {
		const struct unit *u = p->units[i];

		for (j = 0; u->admin && j < u->committers.n; j++)
			strlist_add(&k->ring_admins, u->committers.v[j]);
		for (j = 0; j < u->n_keys; j++) {
			struct ring_key *r;

			if (!u->keys[j].key)
				continue;
			XGROW(k->ring, cap, k->n_ring + 1);
			r = &k->ring[k->n_ring++];
			r->key = xstrdup(u->keys[j].key);
			r->address = xstrdup(u->keys[j].address);
			r->unit_path = xstrdup(u->path);
		}
	}
	if (k->n_ring > 1)
		qsort(k->ring, k->n_ring, sizeof(*k->ring), cmp_ring_key);
	k->ring_required = p && p->signatures_required;
	plan_free(p);
	diag_release(&d);
	fileset_release(&fs);
	memcpy(k->ring_units, ids[0], sizeof(ids[0]));
	memcpy(k->ring_plan, ids[1], sizeof(ids[1]));
	k->ring_known = 1;
	return 0;
}

static struct auth_finding *sig_finding(struct auth *a,
					const struct commit_info *ci,
					const char *rule)
{
	struct auth_finding *f = finding_add(a, ci);

	f->identity = xstrdup(ci->author_email ? ci->author_email : "");
	f->rule = rule;
	return f;
}

/*
 * Signatures are read in batches; a full batch is checked on a thread of
 * its own while the walk reads the next (verifying one costs about as
 * much as auditing a commit).  A batch is judged with the keys it was
 * read under: it ends where the keys or the policy change.
 */
#define SIG_BATCH 256

struct sig_pending {
	struct commit_sig cs;
	char id[41];
	char *author_name, *author_email;
};

struct sig_batch {
	struct sig_pending v[SIG_BATCH];
	size_t n;
};

static void sig_check_one(void *ctx, size_t i)
{
	commit_sig_check(&((struct sig_batch *)ctx)->v[i].cs);
}

/*
 * The signature of an audited commit, judged by the keys and the policy
 * of its first parent's plan: a signature present must verify over the
 * commit and be made with a key listed for the author's address; under
 * signatures: required, a commit without such a signature is refused.
 */
static void sig_judge(struct auth *a, struct sig_pending *q)
{
	struct auth_state *k = a->state;
	struct commit_info ci = { .author_name = q->author_name,
				  .author_email = q->author_email };
	const struct ring_key *r = NULL;
	const char *author = q->author_email;
	struct auth_finding *f;

	memcpy(ci.id, q->id, sizeof(ci.id));
	if (q->cs.state == SIG_GOOD) {
		struct ring_key want = { q->cs.key, NULL, NULL };

		r = k->n_ring ? bsearch(&want, k->ring, k->n_ring,
					sizeof(*k->ring), cmp_ring_key) : NULL;
		q->cs.state = !r ? SIG_UNKNOWN_KEY :
			      !strcasecmp(r->address, author) ? SIG_GOOD :
			      SIG_OTHER_KEY;
	}
	a->sigs[q->cs.state]++;
	if (a->record_sigs) {
		struct auth_signed *g;

		XGROW(a->signed_v, a->cap_signed, a->n_signed + 1);
		g = &a->signed_v[a->n_signed++];
		memset(g, 0, sizeof(*g));
		memcpy(g->commit, q->id, sizeof(g->commit));
		g->state = q->cs.state;
		g->format = q->cs.format;
		memcpy(g->fingerprint, q->cs.fingerprint,
		       sizeof(g->fingerprint));
		g->signer = r ? xstrdup(r->address) : NULL;
	}
	switch (q->cs.state) {
	case SIG_GOOD:
		break;
	case SIG_NONE:
		if (!k->ring_required)
			break;
		f = sig_finding(a, &ci, AUTH_RULE_SIG_MISSING);
		f->message = xasprintf(_("the commit by %s is not signed: "
			"the plan requires signed commits (signatures: "
			"required in plan.yaml); sign it with git commit -S "
			"and an SSH key your unit lists (docs/audit.md)"),
			f->author);
		break;
	case SIG_UNVERIFIABLE:
		if (!k->ring_required)
			break;
		f = sig_finding(a, &ci, AUTH_RULE_SIG_UNVERIFIABLE);
		f->message = xasprintf(_("the commit by %s is signed, but "
			"not in a way this tool can verify (%s): the plan "
			"requires SSH signatures (git config gpg.format ssh)"),
			f->author, _(q->cs.why));
		break;
	case SIG_INVALID:
		f = sig_finding(a, &ci, AUTH_RULE_SIG_INVALID);
		f->message = xasprintf(_("the commit by %s carries a "
			"signature that is not a valid SSH signature of a "
			"commit (%s)"), f->author, _(q->cs.why));
		break;
	case SIG_MISMATCH:
		f = sig_finding(a, &ci, AUTH_RULE_SIG_MISMATCH);
		f->message = xasprintf(_("the signature of the commit by %s "
			"(key %s) does not match the commit: its content or "
			"message was changed after signing, or the signature "
			"was taken from another commit"), f->author,
			q->cs.fingerprint);
		break;
	case SIG_OTHER_KEY:
		f = sig_finding(a, &ci, AUTH_RULE_SIG_KEY);
		f->message = xasprintf(_("the commit by %s is signed with "
			"the key %s, which %s lists for %s: a commit must be "
			"signed with its author's own key"), f->author,
			q->cs.fingerprint, r->unit_path, r->address);
		break;
	case SIG_UNKNOWN_KEY:
		if (!k->ring_required)
			break;
		f = sig_finding(a, &ci, AUTH_RULE_SIG_KEY);
		f->message = xasprintf(_("the commit by %s is signed with "
			"the key %s, which no unit lists at its parent: the "
			"plan office adds a key to the unit's signing_keys "
			"before it is used"), f->author,
			q->cs.fingerprint);
		break;
	case SIG_N:
		break;
	}
}

/* judge a checked batch in commit order, and empty it */
static void sig_judge_batch(struct auth *a, struct sig_batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		sig_judge(a, &b->v[i]);
		commit_sig_release(&b->v[i].cs);
		free(b->v[i].author_name);
		free(b->v[i].author_email);
	}
	b->n = 0;
}

static void *sig_checker(void *payload)
{
	struct sig_batch *b = payload;
	size_t i;

	for (i = 0; i < b->n; i++)
		sig_check_one(b, i);
	return NULL;
}

/* the batch being checked in the background, judged once it is done */
static void sig_wait(struct auth *a)
{
	struct auth_state *k = a->state;

	if (!k->checking_started)
		return;
	pthread_join(k->checker, NULL);
	k->checking_started = 0;
	sig_judge_batch(a, k->checking);
}

/* every signature read so far checked and judged, in commit order */
static void sig_flush(struct auth *a)
{
	struct auth_state *k = a->state;

	sig_wait(a);
	if (!k->sigs || !k->sigs->n)
		return;
	parallel_each(k->sigs->n, k->sigs->n > 1, sig_check_one, k->sigs);
	sig_judge_batch(a, k->sigs);
}

/*
 * A full batch is checked by a thread of its own while the walk reads the
 * next one: the walk and the arithmetic each take a core.
 */
static void sig_hand_over(struct auth *a)
{
	struct auth_state *k = a->state;
	struct sig_batch *b;

	sig_wait(a);
	if (!k->checking)
		k->checking = xcalloc(1, sizeof(*k->checking));
	b = k->checking;
	k->checking = k->sigs;
	k->sigs = b;
	if (pthread_create(&k->checker, NULL, sig_checker, k->checking)) {
		parallel_each(k->checking->n, 0, sig_check_one, k->checking);
		sig_judge_batch(a, k->checking);
		return;
	}
	k->checking_started = 1;
}

/* read an audited commit's signature into the batch: 0, or -1 */
static int sig_queue(struct auth *a, const struct commit_info *ci)
{
	struct auth_state *k = a->state;
	struct sig_pending *q;

	if (ring_at(a, ci->parent))
		return -1;
	if (!k->sigs)
		k->sigs = xcalloc(1, sizeof(*k->sigs));
	q = &k->sigs->v[k->sigs->n];
	if (commit_sig_load(&q->cs, a->repo, ci->id))
		return -1;
	memcpy(q->id, ci->id, sizeof(q->id));
	q->author_name = xstrdup(ci->author_name ? ci->author_name : "");
	q->author_email = xstrdup(ci->author_email ? ci->author_email : "");
	if (++k->sigs->n == SIG_BATCH)
		sig_hand_over(a);
	return 0;
}

/* ---- every path has an owner ---- */

struct owner_pass {
	struct auth *a;
	struct strlist paths;
};

static void foreign_fn(const char *path, void *payload)
{
	strlist_add(&((struct owner_pass *)payload)->paths, path);
}

/*
 * A commit that changes a path outside the plan's files (history.h,
 * history_foreign_paths) answers to the administrator's rights under the
 * plan of its first parent: tools, build files, hooks and attribute
 * files run on the plan office's machines.
 */
static int owner_commit(const struct commit_info *ci,
			const struct history_change *ch, size_t n,
			void *payload)
{
	struct owner_pass *o = payload;
	struct auth *a = o->a;
	const char *who[2];
	int admin[2] = { 0, 1 };
	size_t i, j;

	(void)ch;
	(void)n;
	if (!ci->n_parents)
		return 0;
	if (sig_queue(a, ci))
		return -1;
	strlist_release(&o->paths);
	if (history_foreign_paths(a->repo, ci->id, foreign_fn, o))
		return -1;
	if (!o->paths.n)
		return 0;
	/* sig_queue read the parent's units: its administrators' entries */
	who[0] = ci->author_email ? ci->author_email : "";
	who[1] = a->pusher;
	admin[0] = ring_admits(a->state, who[0]);
	if (who[1])
		admin[1] = ring_admits(a->state, who[1]);
	for (j = 0; j < 2; j++) {
		for (i = 0; !admin[j] && i < o->paths.n; i++) {
			struct auth_finding *f = finding_add(a, ci);

			f->identity = xstrdup(who[j]);
			f->rule = AUTH_RULE_PATH;
			f->file = xstrdup(o->paths.v[i]);
			if (j)
				f->message = xasprintf(_("commit %.10s by %s, "
					"pushed by %s: changes %s, outside the "
					"plan's files (plan.yaml, the schemas, "
					"the files of tasks/ and units/): only "
					"the administrator may change it, as "
					"tools, build files, hooks and "
					"attribute files run on the plan "
					"office's machines"), ci->id,
					f->author, who[j], o->paths.v[i]);
			else
				f->message = xasprintf(_("commit %.10s by %s: "
					"changes %s, outside the plan's files "
					"(plan.yaml, the schemas, the files of "
					"tasks/ and units/): only the "
					"administrator may change it, as "
					"tools, build files, hooks and "
					"attribute files run on the plan "
					"office's machines"), ci->id,
					f->author, o->paths.v[i]);
		}
	}
	return 0;
}

static int owner_check(struct auth *a, const char *range, char *const *tips,
		       size_t n_tips)
{
	struct owner_pass o = { a, { 0 } };
	int ret;

	/* only what is audited: after the founding commit, or, where the
	 * plan was founded before the range or the push, all of it */
	if (!a->founded_before && !a->founding[0])
		return 0;
	ret = history_each_commit(a->repo, range, tips, n_tips,
				  a->founded_before ? NULL : a->founding,
				  owner_commit, &o);
	if (!ret)
		sig_flush(a);

	strlist_release(&o.paths);
	return ret;
}

/*
 * Audit the commits auth_commit still holds, and stop the loader thread.
 * auth_walk and auth_pre_receive call it.  Returns 0, or -1 after
 * diag_fail (now or earlier, in auth_commit).
 */
static int auth_finish(struct auth *a)
{
	struct auth_state *k = a->state;
	int ret = 0;

	if (!k->failed && (k->filling || k->loading))
		ret = batch_close(a, 1);
	if (k->loading)
		load_wait(k, k->loading);
	batch_free(k->loading);
	batch_free(k->filling);
	k->loading = k->filling = NULL;
	context_drop(k->next);
	k->next = NULL;
	loader_stop(k);
	return k->failed ? -1 : ret;
}

/*
 * Is the plan at rev founded (committers, or a founding commit named)?
 * Then a commit founding the plan again is refused.  Returns 0, or -1
 * after diag_fail.
 */
int auth_anchor(struct auth *a, const char *rev)
{
	struct cached_plan *s = plan_at(a, rev);

	if (!s)
		return -1;
	if (s->plan && (s->plan->founding ||
			rights_has_committers(s->plan)))
		a->founded_before = 1;
	plan_unpin(s);
	return 0;
}

int auth_walk(struct auth *a, const char *range)
{
	struct history_opts o = { 0 };
	const char *dots = range ? strstr(range, "..") : NULL;
	int ret;

	if (dots && dots != range) {
		char *base = xstrndup(range, (size_t)(dots - range));

		ret = auth_anchor(a, base);
		free(base);
		if (ret)
			return -1;
	}
	o.range = range;
	o.reverse = 1;
	if (history_walk(a->repo, &o, auth_commit, a))
		a->state->failed = 1;
	if (auth_finish(a))
		return -1;
	/* once the founding commit is known: every other path's owner */
	return owner_check(a, range, NULL, 0);
}

/* ---- the state ---- */

void auth_init(struct auth *a, struct repo *r, const char *pusher)
{
	memset(a, 0, sizeof(*a));
	a->repo = r;
	a->pusher = pusher && *pusher ? xstrdup(pusher) : NULL;
	a->state = xcalloc(1, sizeof(*a->state));
}

void auth_release(struct auth *a)
{
	size_t i, j;

	for (i = 0; i < a->n; i++)
		finding_release(&a->v[i]);
	free(a->v);
	for (i = 0; i < a->n_warnings; i++)
		finding_release(&a->warnings[i]);
	free(a->warnings);
	for (i = 0; i < a->n_signed; i++)
		free(a->signed_v[i].signer);
	free(a->signed_v);
	free(a->pusher);
	if (a->state) {
		struct auth_state *k = a->state;

		k->failed = 1;
		auth_finish(a);
		grave_empty(&k->grave);
		for (i = 0; i < CACHE_SLOTS; i++)
			slot_release(&k->slot[i]);
		live_release(&k->live);
		free(k->rights_id);
		strlist_release(&k->rights_mine);
		free(k->known);
		free(k->named);
		free(k->schema_sig);
		schemas_release(&k->schemas);
		ring_release(k);
		if (k->checking_started)
			pthread_join(k->checker, NULL);
		for (j = 0; j < 2; j++) {
			struct sig_batch *b = j ? k->checking : k->sigs;

			for (i = 0; b && i < b->n; i++) {
				commit_sig_release(&b->v[i].cs);
				free(b->v[i].author_name);
				free(b->v[i].author_email);
			}
			free(b);
		}
		free(k);
	}
	memset(a, 0, sizeof(*a));
}

/* ---- what the pre-receive driver (receive.c) asks ---- */

int auth_admin_at(struct auth *a, const char *commit, const char *id)
{
	struct strlist mine = { 0 };
	struct cached_plan *s;
	int admin;

	if (!(s = plan_at(a, commit)))
		return -1;
	admin = rights_units_of(&mine, NULL, s->plan, id);
	strlist_release(&mine);
	plan_unpin(s);
	return admin;
}

int auth_walk_new(struct auth *a, char *const *tips, size_t n)
{
	int ret;

	if (n && history_walk_new(a->repo, tips, n, auth_commit, a))
		a->state->failed = 1;
	ret = auth_finish(a);
	if (!ret && n && owner_check(a, NULL, tips, n))
		ret = -1;
	return ret;
}
