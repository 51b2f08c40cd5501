/*
 * rights: see rights.h.  Who is who: the units whose committers an
 * identity is, and what they may change (docs/audit.md, "The rules").
 */
#include "rights.h"
#include "i18n.h"

#include <string.h>

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

int rights_pattern_match(const char *pat, const char *id)
{
	/* an author line without '@', or an account name the server did
	 * not map to an address (audit.c), is nobody's committer */
	if (!pat || !id || !*pat || !strchr(id, '@'))
		return 0;
	return glob_match(pat, id);
}

/* is id one of u's committers? */
static int unit_admits(const struct unit *u, const char *id)
{
	size_t i;

	for (i = 0; i < u->committers.n; i++)
		if (rights_pattern_match(u->committers.v[i], id))
			return 1;
	return 0;
}

/* does any unit of p list a committer? */
int rights_has_committers(const struct plan *p)
{
	size_t i;

	for (i = 0; p && i < p->n_units; i++)
		if (p->units[i]->committers.n)
			return 1;
	return 0;
}

/* "a", "a or b", "a, b or c" */
void rights_add_names(struct sbuf *b, const struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (i)
			/* TRANSLATORS: between the last two of a list of
			 * units, "jmw, fgw or kjj"; then between the others */
			sbuf_adds(b, i + 1 == l->n ? _(" or ") : _(", "));
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

/*
 * The units of p that admit identity id (mine), the administrator units
 * (admins, when not NULL); returns whether one of mine is an
 * administrator.
 */
int rights_units_of(struct strlist *mine, struct strlist *admins,
		    const struct plan *p, const char *id)
{
	size_t i;
	int admin = 0;

	for (i = 0; p && i < p->n_units; i++) {
		const struct unit *u = p->units[i];

		if (u->admin && admins)
			strlist_add(admins, u->id);
		if (unit_admits(u, id)) {
			strlist_add(mine, u->id);
			admin |= u->admin;
		}
	}
	return admin;
}

/*
 * May a committer of the units mine (admin: one of them administers the
 * plan) make change c under plan p?  The units responsible for c's task
 * are added to resp.
 */
int rights_allowed_for(const struct plan *p, const struct strlist *mine,
		       int admin, const struct change *c,
		       struct strlist *resp)
{
	const struct task *t = NULL;
	size_t i, j;
	int ok = admin;

	if (p && c->cls == CHANGE_PROGRESS && c->task_id > 0)
		t = plan_task(p, c->task_id);
	if (t) {
		add_unique(resp, &t->lead);
		add_unique(resp, &t->cooperate);
		add_unique(resp, &t->implement);
	}
	for (i = 0; !ok && i < resp->n; i++)
		for (j = 0; !ok && j < mine->n; j++)
			ok = plan_unit_covers(p, resp->v[i], mine->v[j]);
	return ok;
}

/*
 * May identity id make change c, under the rights of plan p (the plan at
 * the commit's first parent)?  Returns 1 when it may.  Otherwise returns
 * 0, *rule is the static name of the rule the change breaks and *why (the
 * caller frees it) says who may make the change and whom id commits for.
 */
int rights_change_allowed(const struct plan *p, const char *id,
			  const struct change *c, const char **rule,
			  char **why)
{
	struct strlist mine = { 0 }, admins = { 0 }, resp = { 0 };
	struct sbuf b = { 0 }, r = { 0 }, o = { 0 }, m = { 0 };
	int ok;

	ok = rights_allowed_for(p, &mine,
				rights_units_of(&mine, &admins, p, id), c, &resp);
	if (ok)
		goto done;
	*rule = c->cls == CHANGE_PROGRESS ? AUTH_RULE_PROGRESS :
		AUTH_RULE_ADMIN;
	rights_add_names(&r, &resp);
	rights_add_names(&o, &admins);
	rights_add_names(&m, &mine);
	if (resp.n && admins.n)
		sbuf_printf(&b, _("only committers of %s (responsible for task "
				  "%d) or of %s (the administrator) may make "
				  "this change"), r.s, c->task_id, o.s);
	else if (resp.n)
		sbuf_printf(&b, _("only committers of %s (responsible for task "
				  "%d) may make this change"), r.s,
			    c->task_id);
	else if (admins.n)
		sbuf_printf(&b, _("only committers of %s (the administrator) "
				  "may make this change"), o.s);
	else
		sbuf_adds(&b, _("only the administrator may make this change "
				"(no unit has admin: true)"));
	sbuf_adds(&b, _("; "));
	if (mine.n)
		sbuf_printf(&b, _("%s commits for %s"), id, m.s);
	else
		sbuf_printf(&b, _("%s is not a committer of any unit"), id);
	*why = sbuf_take(&b);
	sbuf_release(&r);
	sbuf_release(&o);
	sbuf_release(&m);
done:
	strlist_release(&mine);
	strlist_release(&admins);
	strlist_release(&resp);
	return ok;
}
