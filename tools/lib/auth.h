/*
 * auth: who may change what in the plan, and the audit of commits against
 * those rules (docs/audit.md).
 *
 * Rights are read from the plan at a commit's first parent: a unit's
 * committers (addresses or patterns) may change the progress fields of
 * the tasks their unit is responsible for (lead, cooperate, implement; a
 * group stands for its members); a committer of an admin unit (the plan
 * office) may change anything.  Plan fields, tasks added or removed,
 * units/, schema/ and plan.yaml are the administrator's alone.  A commit
 * is audited when its first parent is in the plan's history, which starts
 * at the founding commit; the founding commit itself is accepted, a second
 * one is refused.  An audited commit must also hold a valid plan.  A merge
 * answers only for what differs from every parent in the plan's history.
 * A signature an audited commit carries must verify (sigstate.h) and be
 * made with a key the units at its first parent list for its author;
 * under signatures: required, every audited commit must carry one.
 *
 * Ownership: struct auth starts with auth_init and ends with auth_release,
 * which frees every finding; the repository is borrowed.  Strings handed
 * in are copied where they must outlive the call.
 */
#ifndef AUTH_H
#define AUTH_H

#include <stddef.h>
#include <stdio.h>

#include "compare.h"
#include "history.h"
#include "model.h"
#include "repo.h"
#include "rights.h"
#include "sigstate.h"

/* the rules, as findings name them */
/* AUTH_RULE_PROGRESS and AUTH_RULE_ADMIN: rights.h */
#define AUTH_RULE_VALID "valid-plan"
#define AUTH_RULE_DELETE "branch-deletion"
#define AUTH_RULE_FORCE "non-fast-forward"
#define AUTH_RULE_FOUNDING "second-founding"
#define AUTH_RULE_REF "ref-namespace"
#define AUTH_RULE_TAG "tag-move"
#define AUTH_RULE_PATH "path-owner"
#define AUTH_RULE_MERGE "merge-change"
#define AUTH_RULE_SIG_MISSING "signature-missing"
#define AUTH_RULE_SIG_INVALID "signature-invalid"
#define AUTH_RULE_SIG_MISMATCH "signature-mismatch"
#define AUTH_RULE_SIG_KEY "signature-key"
#define AUTH_RULE_SIG_UNVERIFIABLE "signature-unverifiable"

/* the signature of one audited commit, when asked for (record_sigs) */
struct auth_signed {
	char commit[41];
	enum sig_state state;
	const char *format;	/* "ssh", "openpgp", "x509" or NULL */
	char fingerprint[64];	/* of an SSH key, or "" */
	char *signer;		/* the address a unit lists the key for,
				 * or NULL */
};

struct auth_finding {
	char commit[41];	/* "" for a finding about a ref update */
	char *author;		/* "Name <address>", or NULL */
	char *identity;		/* who was refused: the author's address
				 * or the pusher; NULL for plan validity */
	int task_id;		/* 0 when not about a task */
	char *unit_id;		/* the unit changed, or NULL */
	char *field;		/* as compare.h names it, "schema/...", or
				 * NULL */
	char *old_value, *new_value;	/* NULL when absent */
	const char *rule;	/* static */
	char *file;		/* repository-relative, or the ref name */
	int line, col;		/* 1-based; 0 when unknown */
	char *message;
};

/* the state of one audit: findings and counts (its caches are state's) */
struct auth {
	struct repo *repo;	/* borrowed */
	char *pusher;		/* authenticated pusher, or NULL */
	struct auth_finding *v;	/* in the order found (oldest commit
				 * first) */
	size_t n, cap;
	struct auth_finding *warnings;	/* the same, for what is allowed
					 * but suspicious: they never refuse */
	size_t n_warnings, cap_warnings;
	size_t checked;		/* commits audited */
	size_t skipped;		/* commits before the founding commit */
	char founding[41];	/* the founding commit, once known */
	int founded_before;	/* the plan was founded before what is
				 * audited (the range's base, the protected
				 * branch before a push) */
	int whole;		/* set before the walk: load both plans of
				 * every commit whole from git (slower; the
				 * findings are the same) */
	size_t sigs[SIG_N];	/* audited commits by signature state */
	int record_sigs;	/* set before the walk: keep each audited
				 * commit's signature in signed_v */
	struct auth_signed *signed_v;
	size_t n_signed, cap_signed;

	/* private: plans loaded, the live plan, commits waiting, the
	 * loader thread; and the founding search */
	struct auth_state *state;
	int searched;
};

/* pusher: the authenticated pusher, or NULL when the server gives none */
void auth_init(struct auth *a, struct repo *r, const char *pusher);
void auth_release(struct auth *a);

/*
 * Audit the commits of range ("A..B", "REV", NULL for HEAD), oldest
 * first.  Returns 0, or -1 after diag_fail.
 */
int auth_walk(struct auth *a, const char *range);

/* "FILE:LINE:COL: error: MESSAGE [RULE]" lines, in the order found, then
 * the warnings as "...: warning: ..." */
void auth_print_text(FILE *f, const struct auth *a);
/* {"checked", "before_founding", "founding", "findings": [...],
 * "warnings": [...], ...} */
void auth_print_json(FILE *f, const struct auth *a);

/*
 * The checks of git's pre-receive hook on the "OLD NEW REF" lines of in:
 * deleting or rewinding (non-fast-forward) any ref of protect (n_protect
 * full ref names) is refused; every commit the push brings that no
 * existing ref reaches is audited.  Findings go to a.  Returns 0, or -1
 * after diag_fail (malformed input, unreadable repository).
 */
int auth_pre_receive(struct auth *a, FILE *in, char *const *protect,
		     size_t n_protect);

/* ---- for the pre-receive driver (receive.c) ---- */

/* a finding about ref (a ref update refused by a pre-receive check) */
void auth_ref_finding(struct auth *a, const char *ref, const char *rule,
		      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* is id an administrator under the plan at commit?  1, 0, -1 after
 * diag_fail */
int auth_admin_at(struct auth *a, const char *commit, const char *id);

/* commit (a protected branch before the push) is history already: is the
 * plan founded there?  0, or -1 after diag_fail */
int auth_anchor(struct auth *a, const char *commit);

/* audit the commits that tips bring and no ref reaches yet, then every
 * path they change; 0, or -1 after diag_fail */
int auth_walk_new(struct auth *a, char *const *tips, size_t n);

#endif
