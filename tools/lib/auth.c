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
#include "auth_impl.h"
#include "rights.h"
#include "diag.h"
#include "i18n.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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

struct auth_finding *auth_finding_add(struct auth *a,
				      const struct commit_info *ci)
{
	XGROW(a->v, a->cap, a->n + 1);
	finding_init(&a->v[a->n], ci);
	return &a->v[a->n++];
}

struct auth_finding *auth_warning_add(struct auth *a,
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
	struct auth_finding *f = auth_finding_add(a, NULL);
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

/* ---- every path has an owner ---- */

/*
 * A commit that changes a path outside the plan's files (history.h,
 * history_each_owned) answers to the administrator's rights under the
 * plan of its first parent: tools, build files, hooks and attribute
 * files run on the plan office's machines.
 */
static int owner_commit(const struct commit_info *ci,
			const char *const *paths, size_t n, void *payload)
{
	struct auth *a = payload;
	const char *who[2];
	int admin[2] = { 0, 1 };
	size_t i, j;

	if (!ci->n_parents)
		return 0;
	if (auth_sig_queue(a, ci))
		return -1;
	if (!n)
		return 0;
	/* auth_sig_queue read the parent's units: its administrators'
	 * entries */
	who[0] = ci->author_email ? ci->author_email : "";
	who[1] = a->pusher;
	admin[0] = auth_ring_admits(a->state, who[0]);
	if (who[1])
		admin[1] = auth_ring_admits(a->state, who[1]);
	for (j = 0; j < 2; j++) {
		for (i = 0; !admin[j] && i < n; i++) {
			struct auth_finding *f = auth_finding_add(a, ci);

			f->identity = xstrdup(who[j]);
			f->rule = AUTH_RULE_PATH;
			f->file = xstrdup(paths[i]);
			if (j)
				f->message = xasprintf(_("commit %.10s by %s, "
					"pushed by %s: changes %s, outside the "
					"plan's files (plan.yaml, the schemas, "
					"the files of tasks/ and units/): only "
					"the administrator may change it, as "
					"tools, build files, hooks and "
					"attribute files run on the plan "
					"office's machines"), ci->id,
					f->author, who[j], paths[i]);
			else
				f->message = xasprintf(_("commit %.10s by %s: "
					"changes %s, outside the plan's files "
					"(plan.yaml, the schemas, the files of "
					"tasks/ and units/): only the "
					"administrator may change it, as "
					"tools, build files, hooks and "
					"attribute files run on the plan "
					"office's machines"), ci->id,
					f->author, paths[i]);
		}
	}
	return 0;
}

static int owner_check(struct auth *a, const char *range, char *const *tips,
		       size_t n_tips)
{
	int ret;

	/* only what is audited: after the founding commit, or, where the
	 * plan was founded before the range or the push, all of it */
	if (!a->founded_before && !a->founding[0])
		return 0;
	ret = history_each_owned(a->repo, range, tips, n_tips,
				 a->founded_before ? NULL : a->founding,
				 owner_commit, a);
	if (!ret)
		auth_sig_flush(a);
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
		ret = auth_batch_close(a, 1);
	if (k->loading)
		auth_load_wait(k, k->loading);
	auth_batch_free(k->loading);
	auth_batch_free(k->filling);
	k->loading = k->filling = NULL;
	auth_context_drop(k->next);
	k->next = NULL;
	auth_loader_stop(k);
	return k->failed ? -1 : ret;
}

/*
 * Is the plan at rev founded (committers, or a founding commit named)?
 * Then a commit founding the plan again is refused.  Returns 0, or -1
 * after diag_fail.
 */
int auth_anchor(struct auth *a, const char *rev)
{
	struct cached_plan *s = auth_plan_at(a, rev);

	if (!s)
		return -1;
	if (s->plan && (s->plan->founding ||
			rights_has_committers(s->plan)))
		a->founded_before = 1;
	auth_plan_unpin(s);
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
	/* made here, before the loader thread shares it */
	source_store(&a->state->schemas, AUTH_KEEP);
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
		auth_grave_empty(&k->grave);
		for (i = 0; i < CACHE_SLOTS; i++)
			auth_slot_release(&k->slot[i]);
		auth_live_release(&k->live);
		free(k->rights_id);
		strlist_release(&k->rights_mine);
		free(k->known);
		free(k->named);
		source_close(&k->schemas);
		auth_ring_release(k);
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

	if (!(s = auth_plan_at(a, commit)))
		return -1;
	admin = rights_units_of(&mine, NULL, s->plan, id);
	strlist_release(&mine);
	auth_plan_unpin(s);
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
