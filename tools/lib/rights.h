/*
 * rights: who may change what in a plan (docs/audit.md, "The rules"): the
 * units an identity commits for, the units responsible for a task, and
 * the verdict on one change, read from the plan at a commit's first
 * parent.  rights_pattern_match (auth.h) says whether a committer entry
 * admits an identity.
 */
#ifndef RIGHTS_H
#define RIGHTS_H

#include "compare.h"
#include "model.h"
#include "xalloc.h"

/* the rules of rights, as findings name them (the others: auth.h) */
#define AUTH_RULE_PROGRESS "responsible-unit"
#define AUTH_RULE_ADMIN "administrator-only"

/*
 * Does committer entry pat admit identity id?  An address id matches when
 * pat, read as a pattern where '*' stands for any run of characters other
 * than '@' and '?' for one, matches it ignoring case.  An id without '@'
 * (an author line without an address, an account name the server did not
 * map to one) matches nothing.
 */
int rights_pattern_match(const char *pat, const char *id);

/* does any unit of p list a committer? (NULL: no) */
int rights_has_committers(const struct plan *p);

/*
 * The units of p that admit identity id are added to mine, the
 * administrator units to admins (when not NULL); returns whether one of
 * mine is an administrator.
 */
int rights_units_of(struct strlist *mine, struct strlist *admins,
		    const struct plan *p, const char *id);

/*
 * May a committer of the units mine (admin: one of them administers the
 * plan) make change c under plan p?  The units responsible for c's task
 * are added to resp.
 */
int rights_allowed_for(const struct plan *p, const struct strlist *mine,
		       int admin, const struct change *c, struct strlist *resp);

/*
 * May identity id make change c under the rights of plan p (the plan at
 * the commit's first parent)?  1 when it may; otherwise 0, *rule the
 * static name of the rule the change breaks and *why (the caller frees
 * it) who may make it and whom id commits for, in the catalogue's
 * language.
 */
int rights_change_allowed(const struct plan *p, const char *id,
			  const struct change *c, const char **rule,
			  char **why);

/* "a", "a or b", "a, b or c" */
void rights_add_names(struct sbuf *b, const struct strlist *l);

#endif
