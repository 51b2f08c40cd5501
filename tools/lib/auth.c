/*
 * auth: see auth.h and docs/audit.md.
 *
 * A commit is judged with the plan of its first parent, never its own:
 * otherwise a commit could grant its author the right it needs.  Both
 * plans are loaded whole (validity is a property of the whole plan, and
 * the comparer works on records); a small cache keyed by the blob ids of
 * the plan's files spares loading the same plan twice in a row, which is
 * what a linear history asks for.
 *
 * A merge is charged only with what it changes against every parent: a
 * field the merge takes over unchanged from another parent was made, and
 * audited, in that parent's own history.  This is git's "combined diff"
 * (git log --cc) applied to the plan's records.
 */
#include "auth.h"
#include "diag.h"
#include "xalloc.h"
#include "ydoc.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- who is who ---- */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* '*' and '?' never stand for '@': a pattern's domain stays literal */
static int glob_match(const char *p, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s) {
		if (*p == '*') {
			star = ++p;
			resume = s;
			continue;
		}
		int c = lower((unsigned char)*p);

		if (*p && (*p == '?' ? *s != '@' :
			   c == lower((unsigned char)*s))) {
			p++;
			s++;
			continue;
		}
		if (star && *resume != '@') {
			p = star;
			s = ++resume;
			continue;
		}
		return 0;
	}
	while (*p == '*')
		p++;
	return !*p;
}

int auth_pattern_match(const char *pat, const char *id)
{
	const char *at;
	size_t i, local;

	if (!pat || !id || !*pat || !*id)
		return 0;
	if (strchr(id, '@'))
		return glob_match(pat, id);
	/* an account name: only a literal local part can name it */
	at = strchr(pat, '@');
	local = at ? (size_t)(at - pat) : strlen(pat);
	if (strcspn(pat, "*?") < local || strlen(id) != local)
		return 0;
	for (i = 0; i < local; i++)
		if (lower((unsigned char)pat[i]) != lower((unsigned char)id[i]))
			return 0;
	return 1;
}

int auth_unit_admits(const struct unit *u, const char *id)
{
	size_t i;

	for (i = 0; i < u->committers.n; i++)
		if (auth_pattern_match(u->committers.v[i], id))
			return 1;
	return 0;
}

int auth_plan_has_committers(const struct plan *p)
{
	size_t i;

	for (i = 0; p && i < p->n_units; i++)
		if (p->units[i]->committers.n)
			return 1;
	return 0;
}

/* "a", "a or b", "a, b or c" */
static void add_names(struct sbuf *b, const struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (i)
			sbuf_adds(b, i + 1 == l->n ? " or " : ", ");
		sbuf_adds(b, l->v[i]);
	}
}

static void add_unique(struct strlist *l, const struct strlist *from)
{
	size_t i;

	for (i = 0; i < from->n; i++)
		if (!strlist_has(l, from->v[i]))
			strlist_add(l, from->v[i]);
}

int auth_change_allowed(const struct plan *p, const char *id,
			const struct change *c, const char **rule,
			char **why)
{
	struct strlist mine = { 0 }, admins = { 0 }, resp = { 0 };
	const struct task *t = NULL;
	struct sbuf b = { 0 };
	size_t i, j;
	int ok = 0;

	for (i = 0; p && i < p->n_units; i++) {
		const struct unit *u = p->units[i];

		if (u->admin)
			strlist_add(&admins, u->id);
		if (auth_unit_admits(u, id)) {
			strlist_add(&mine, u->id);
			ok |= u->admin;
		}
	}
	if (p && c->cls == CHANGE_PROGRESS && c->task_id > 0)
		t = plan_task(p, c->task_id);
	if (t) {
		add_unique(&resp, &t->lead);
		add_unique(&resp, &t->cooperate);
		add_unique(&resp, &t->implement);
	}
	for (i = 0; !ok && i < resp.n; i++)
		for (j = 0; !ok && j < mine.n; j++)
			ok = plan_unit_covers(p, resp.v[i], mine.v[j]);
	if (ok)
		goto done;
	*rule = c->cls == CHANGE_PROGRESS ? AUTH_RULE_PROGRESS :
		AUTH_RULE_ADMIN;
	sbuf_adds(&b, "only committers of ");
	if (resp.n) {
		add_names(&b, &resp);
		sbuf_printf(&b, " (responsible for task %d)", c->task_id);
		if (admins.n)
			sbuf_adds(&b, " or of ");
	}
	if (admins.n) {
		add_names(&b, &admins);
		sbuf_adds(&b, " (the administrator)");
	}
	if (!resp.n && !admins.n)
		sbuf_adds(&b, "the administrator (no unit has admin: true)");
	sbuf_adds(&b, " may make this change; ");
	if (mine.n) {
		sbuf_printf(&b, "%s commits for ", id);
		add_names(&b, &mine);
	} else {
		sbuf_printf(&b, "%s is not a committer of any unit", id);
	}
	*why = sbuf_take(&b);
done:
	strlist_release(&mine);
	strlist_release(&admins);
	strlist_release(&resp);
	return ok;
}

/* ---- findings ---- */

static struct auth_finding *finding_add(struct auth *a,
					const struct commit_info *ci)
{
	struct auth_finding *f;

	xgrow((void **)&a->v, &a->cap, a->n + 1, sizeof(*a->v));
	f = &a->v[a->n++];
	memset(f, 0, sizeof(*f));
	if (ci) {
		snprintf(f->commit, sizeof(f->commit), "%s", ci->id);
		f->author = xasprintf("%s <%s>", ci->author_name ?
				      ci->author_name : "",
				      ci->author_email ? ci->author_email : "");
	}
	return f;
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

void auth_ref_finding(struct auth *a, const char *ref, const char *rule,
		      const char *fmt, ...)
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

void auth_print_text(FILE *f, const struct auth *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		const struct auth_finding *g = &a->v[i];

		fputs(g->file ? g->file : "", f);
		if (g->line > 0)
			fprintf(f, ":%d", g->line);
		if (g->line > 0 && g->col > 0)
			fprintf(f, ":%d", g->col);
		fprintf(f, ": error: %s [%s]\n", g->message, g->rule);
	}
}

static void json_field(FILE *f, const char *key, const char *value)
{
	fprintf(f, ", \"%s\": ", key);
	if (value)
		json_string(f, value);
	else
		fputs("null", f);
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
		const struct auth_finding *g = &a->v[i];

		fputs(i ? ",\n  " : "\n  ", f);
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
	fputs(a->n ? "\n]}\n" : "]}\n", f);
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

struct auth_plan_cache {
	struct cached_plan slot[CACHE_SLOTS];
	unsigned long clock;
	/* the schemas change far less often than the plan: compiled once
	 * per version of schema/ */
	char *schema_sig;
	struct schemas schemas;
	char (*known)[41];	/* commits that gave units committers */
	size_t n_known, cap_known;
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

/* the plan at rev, pinned until plan_unpin; NULL after diag_fail */
static struct cached_plan *plan_at(struct auth *a, const char *rev)
{
	struct auth_plan_cache *k = a->cache;
	struct cached_plan *s = NULL;
	struct fileset fs = { 0 };
	char *sig, *ssig;
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
	ssig = schema_sig(&s->fs);
	if (!k->schema_sig || strcmp(k->schema_sig, ssig)) {
		free(k->schema_sig);
		k->schema_sig = NULL;
		schemas_release(&k->schemas);
		if (!schemas_load(&k->schemas, &s->fs, &s->d)) {
			k->schema_sig = ssig;
			ssig = NULL;
		}
	}
	if (k->schema_sig)
		plan_load(&s->plan, &s->fs, &k->schemas, &s->d);
	free(ssig);
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

/* does some units/ file of these changes list committers? */
static int gives_committers(const struct history_change *ch, size_t n)
{
	struct diag_list d = { 0 };
	size_t i;
	int found = 0;

	for (i = 0; i < n && !found; i++) {
		struct ynode *doc = NULL;
		const struct ynode *c;

		if (strncmp(ch[i].path, "units/", 6) || !ch[i].new_data)
			continue;
		if (!ydoc_load(&doc, ch[i].path, ch[i].new_data, ch[i].new_len,
			       &d)) {
			c = ynode_get(doc, "committers");
			found = c && c->kind == YNODE_SEQ && c->n > 0;
		}
		ynode_free(doc);
	}
	diag_release(&d);
	return found;
}

static void note_founding(struct auth *a, const char *id)
{
	struct auth_plan_cache *k = a->cache;
	size_t i;

	for (i = 0; i < k->n_known; i++)
		if (!strcmp(k->known[i], id))
			return;
	xgrow((void **)&k->known, &k->cap_known, k->n_known + 1,
	      sizeof(*k->known));
	snprintf(k->known[k->n_known++], sizeof(*k->known), "%s", id);
	if (!a->founding[0])
		snprintf(a->founding, sizeof(a->founding), "%s", id);
}

static int search_fn(const struct commit_info *ci,
		     const struct history_change *ch, size_t n, void *payload)
{
	if (gives_committers(ch, n))
		note_founding(payload, ci->id);
	return 0;
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
	struct auth_plan_cache *k = a->cache;
	struct history_opts o = { 0 };
	char id[41];
	size_t i;
	int r;

	if (rights && rights->founding) {
		/* a name that is not in this history founds nothing */
		if ((r = history_resolve(id, a->repo, rights->founding)) < 0)
			return -1;
		if (r == 0 &&
		    (r = history_is_ancestor(a->repo, id, parent)) != 0) {
			if (r > 0)
				note_founding(a, id);
			return r;
		}
	}
	if (auth_plan_has_committers(rights))
		return 1;
	for (;;) {
		for (i = 0; i < k->n_known; i++)
			if ((r = history_is_ancestor(a->repo, k->known[i],
						     parent)))
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

	if (!gives_committers(ch, n))
		return;
	if (!a->founding[0] && !a->founded_before) {
		note_founding(a, ci->id);
		return;
	}
	if (!strcmp(a->founding, ci->id))
		return;
	f = finding_add(a, ci);
	f->rule = AUTH_RULE_FOUNDING;
	f->file = xstrdup("units/");
	f->message = xasprintf("commit %.10s by %s gives units committers "
			       "outside the plan's history (%s): the plan "
			       "is founded%s%.10s already; base the work on "
			       "the plan's branch", ci->id, f->author,
			       ci->n_parents ? "its first parent is not in "
			       "it" : "a root commit",
			       a->founding[0] ? " at " : "", a->founding);
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

	xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v));
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
static void changes_between(struct pending_list *out,
			    const struct cached_plan *a,
			    const struct cached_plan *b)
{
	struct change c;
	size_t i = 0, j = 0;

	plan_compare(or_empty(a->plan), or_empty(b->plan), collect_fn, out);
	/* the schemas are files, not records: compared by blob id */
	while (i < a->fs.n || j < b->fs.n) {
		const struct file_entry *x = i < a->fs.n ? &a->fs.v[i] : NULL;
		const struct file_entry *y = j < b->fs.n ? &b->fs.v[j] : NULL;
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
static int unloadable(const struct pending *p, const struct cached_plan *now)
{
	return !p->c.new_value && !p->c.new_path && p->c.old_path &&
	       fileset_find(&now->fs, p->c.old_path);
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
static void add_value(struct sbuf *b, const char *v, size_t from)
{
	size_t n;

	if (!v) {
		sbuf_adds(b, "(none)");
		return;
	}
	if (from > strlen(v))
		from = 0;
	sbuf_adds(b, from ? "'..." : "'");
	v += from;
	n = strlen(v);
	if (n <= 60) {
		sbuf_add(b, v, n);
		sbuf_addc(b, '\'');
		return;
	}
	sbuf_add(b, v, char_start(v, 57));
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
		sbuf_printf(b, "task %d: ", c->task_id);
	sbuf_printf(b, "%s ", c->field);
	add_value(b, x, d);
	sbuf_adds(b, " -> ");
	add_value(b, y, d);
}

/* refuse change c for identity id (as author or pusher) when it must be */
static void check_change(struct auth *a, const struct commit_info *ci,
			 const struct pending *p, const char *id,
			 int pusher, const struct plan *rights,
			 const struct plan *now)
{
	struct auth_finding *f;
	struct sbuf b = { 0 };
	const char *rule = NULL;
	char *why = NULL;

	if (auth_change_allowed(rights, id, &p->c, &rule, &why))
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
	sbuf_printf(&b, "commit %.10s by %s", ci->id, f->author);
	if (pusher)
		sbuf_printf(&b, ", pushed by %s", id);
	sbuf_adds(&b, ": ");
	what_changed(&b, &p->c);
	sbuf_printf(&b, ": %s", why);
	f->message = sbuf_take(&b);
	free(why);
}

/* every finding of an invalid plan, charged to the commit */
static void check_valid(struct auth *a, const struct commit_info *ci,
			const struct cached_plan *now)
{
	size_t i;

	for (i = 0; i < now->d.n; i++) {
		const struct diag *g = &now->d.v[i];
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
		f->message = xasprintf("commit %.10s by %s: the plan it "
				       "records is not valid: %s (%s)", ci->id,
				       f->author, g->message,
				       g->rule ? g->rule : "error");
	}
}

/*
 * Mark what a merge took over unchanged from its parent number nth.  Only
 * a parent in the plan's history counts: what another parent holds was
 * never audited, and the merge answers for bringing it in.
 */
static int inherit(struct auth *a, const struct commit_info *ci, size_t nth,
		   const struct cached_plan *now, struct pending_list *l)
{
	struct pending_list other = { 0 };
	struct cached_plan *par = NULL;
	char *rev = xasprintf("%s^%zu", ci->id, nth), id[41];
	size_t i, j;
	int r, ret = -1;

	if ((r = history_resolve(id, a->repo, rev)) != 0) {
		if (r > 0)
			diag_fail("cannot read parent %zu of commit %s", nth,
				  ci->id);
		goto done;
	}
	if (!(par = plan_at(a, id)) || (r = founded(a, id, par->plan)) < 0)
		goto done;
	ret = 0;
	if (!r)
		goto done;
	changes_between(&other, par, now);
	for (i = 0; i < l->n; i++) {
		for (j = 0; j < other.n; j++)
			if (!strcmp(l->v[i].key, other.v[j].key))
				break;
		if (j == other.n)
			l->v[i].inherited = 1;
	}
done:
	pending_release(&other);
	plan_unpin(par);
	free(rev);
	return ret;
}

int auth_commit(const struct commit_info *ci, const struct history_change *ch,
		size_t n, void *payload)
{
	struct auth *a = payload;
	struct pending_list l = { 0 };
	struct cached_plan *old = NULL, *now = NULL;
	const char *author = ci->author_email ? ci->author_email : "";
	size_t i;
	int r, ret = -1;

	if (!ci->n_parents || !ci->parent[0]) {
		/* a root commit: nothing before it to take rights from */
		founding_commit(a, ci, ch, n);
		a->skipped++;
		return 0;
	}
	if (!(old = plan_at(a, ci->parent)))
		goto done;
	if ((r = founded(a, ci->parent, old->plan)) < 0)
		goto done;
	if (!r) {
		founding_commit(a, ci, ch, n);
		a->skipped++;
		ret = 0;
		goto done;
	}
	a->checked++;
	if (!(now = plan_at(a, ci->id)))
		goto done;
	check_valid(a, ci, now);
	changes_between(&l, old, now);
	for (i = 2; i <= ci->n_parents; i++)
		if (inherit(a, ci, i, now, &l))
			goto done;
	for (i = 0; i < l.n; i++) {
		if (l.v[i].inherited || unloadable(&l.v[i], now))
			continue;
		check_change(a, ci, &l.v[i], author, 0, old->plan, now->plan);
		if (a->pusher)
			check_change(a, ci, &l.v[i], a->pusher, 1, old->plan,
				     now->plan);
	}
	ret = 0;
done:
	pending_release(&l);
	plan_unpin(old);
	plan_unpin(now);
	return ret;
}

/*
 * Is the plan at rev founded (committers, or a founding commit named)?
 * Then a commit founding the plan again is refused.  Returns 0, or -1
 * after diag_fail.
 */
static int anchor(struct auth *a, const char *rev)
{
	struct cached_plan *s = plan_at(a, rev);

	if (!s)
		return -1;
	if (s->plan && (s->plan->founding ||
			auth_plan_has_committers(s->plan)))
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

		ret = anchor(a, base);
		free(base);
		if (ret)
			return -1;
	}
	o.range = range;
	o.reverse = 1;
	return history_walk(a->repo, &o, auth_commit, a) ? -1 : 0;
}

/* ---- the state ---- */

void auth_init(struct auth *a, struct repo *r, const char *pusher)
{
	memset(a, 0, sizeof(*a));
	a->repo = r;
	a->pusher = pusher && *pusher ? xstrdup(pusher) : NULL;
	a->cache = xcalloc(1, sizeof(*a->cache));
}

void auth_release(struct auth *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		finding_release(&a->v[i]);
	free(a->v);
	free(a->pusher);
	if (a->cache) {
		for (i = 0; i < CACHE_SLOTS; i++)
			slot_release(&a->cache->slot[i]);
		free(a->cache->known);
		free(a->cache->schema_sig);
		schemas_release(&a->cache->schemas);
		free(a->cache);
	}
	memset(a, 0, sizeof(*a));
}

/* ---- pre-receive ---- */

static int is_hex_id(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return !s[n] && (n == 40 || n == 64);
}

static int is_zero_id(const char *s)
{
	return !s[strspn(s, "0")];
}

int auth_pre_receive(struct auth *a, FILE *in, char *const *protect,
		     size_t n_protect)
{
	struct strlist tips = { 0 };
	char *line = NULL, *fields[3], *save, *old, *new, *ref;
	size_t cap = 0, i, lineno = 0;
	ssize_t len;
	int r, ret = -1;

	while ((len = getline(&line, &cap, in)) != -1) {
		int prot = 0;

		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!len)
			continue;
		save = NULL;
		fields[0] = strtok_r(line, " ", &save);
		fields[1] = strtok_r(NULL, " ", &save);
		fields[2] = strtok_r(NULL, " ", &save);
		old = fields[0];
		new = fields[1];
		ref = fields[2];
		if (!ref || strtok_r(NULL, " ", &save) || !is_hex_id(old) ||
		    !is_hex_id(new)) {
			diag_fail("standard input, line %zu: expected 'OLD NEW "
				  "REF' as git's pre-receive hook is given",
				  lineno);
			goto done;
		}
		for (i = 0; i < n_protect; i++)
			prot |= !strcmp(protect[i], ref);
		if (is_zero_id(new)) {
			if (prot)
				auth_ref_finding(a, ref, AUTH_RULE_DELETE,
					"deleting the protected branch %s is "
					"not allowed", ref);
			continue;
		}
		if (prot && !is_zero_id(old)) {
			if ((r = history_is_ancestor(a->repo, old, new)) < 0)
				goto done;
			if (!r)
				auth_ref_finding(a, ref, AUTH_RULE_FORCE,
					"%.10s -> %.10s rewrites the history "
					"of the protected branch %s (not a "
					"fast-forward); fetch, rebase and "
					"push again", old, new, ref);
		}
		if (!strlist_has(&tips, new))
			strlist_add(&tips, new);
	}
	if (ferror(in)) {
		diag_fail("cannot read standard input");
		goto done;
	}
	/* the protected branches as they are before the push */
	for (i = 0; i < n_protect; i++) {
		char id[41];

		if ((r = history_resolve(id, a->repo, protect[i])) < 0 ||
		    (!r && anchor(a, id)))
			goto done;
	}
	ret = tips.n ? history_walk_new(a->repo, tips.v, tips.n, auth_commit,
					a) : 0;
done:
	free(line);
	strlist_release(&tips);
	return ret;
}
