/*
 * auth_sig: the signatures of audited commits, checked against the keys the
 * units at the first parent list, on a thread of their own.
 * See auth_impl.h.
 */
#include "auth_impl.h"
#include "rights.h"
#include "diag.h"
#include "i18n.h"
#include "parallel.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- signatures ---- */

void auth_ring_release(struct auth_state *k)
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

/* is id a committer of an administrator unit of the ring's plan? */
int auth_ring_admits(const struct auth_state *k, const char *id)
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
	const struct schemas *sc;
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
	/* what waits is judged by the keys it was read under */
	auth_sig_flush(a);
	auth_ring_release(k);
	/* plan.yaml and units/ only: a ten-thousand-task plan is not read
	 * again for a committer added */
	if (repo_fileset_rev_of(&fs, a->repo, parent, 0))
		return -1;
	fileset_sort(&fs);
	if ((sc = source_schemas(&k->schemas, &fs, &d)))
		plan_load(&p, &fs, sc, NULL, &d);
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
	struct auth_finding *f = auth_finding_add(a, ci);

	f->identity = xstrdup(ci->author_email ? ci->author_email : "");
	f->rule = rule;
	return f;
}

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
void auth_sig_flush(struct auth *a)
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
int auth_sig_queue(struct auth *a, const struct commit_info *ci)
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
