/*
 * receive: auth_pre_receive (auth.h), the audit as git's pre-receive
 * hook: the ref updates on standard input, the refs a plan uses, the
 * protected branches and tags, then the commits the push brings.
 */
#include "auth.h"
#include "diag.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* a whole object id as git's hooks write it (SHA-1 or SHA-256) */
static int is_full_id(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return !s[n] && (n == 40 || n == 64);
}

static int is_zero_id(const char *s)
{
	return !s[strspn(s, "0")];
}

/*
 * The ref namespaces a push may write (git config plan.allowRefs, space
 * separated prefixes; default refs/heads/ and refs/tags/).  refs/replace/
 * above all: a replace ref makes git show another history than the one
 * audited.
 */
static int ref_allowed(struct auth *a, const char *ref)
{
	char *allow = NULL, *save = NULL, *t;
	int ok = 0;

	if (repo_config_get(&allow, a->repo, "plan.allowRefs") < 0)
		return -1;
	if (!allow)
		return !strncmp(ref, "refs/heads/", 11) ||
		       !strncmp(ref, "refs/tags/", 10);
	for (t = strtok_r(allow, " \t,", &save); t && !ok;
	     t = strtok_r(NULL, " \t,", &save))
		ok = !strncmp(ref, t, strlen(t)) && strncmp(ref,
							 "refs/replace/", 13);
	free(allow);
	return ok;
}


/*
 * Is the pusher an administrator under the plan of the protected branch
 * as it is before the push?  1 yes, 0 no (or no pusher), -1 after
 * diag_fail.
 */
static int pusher_admin(struct auth *a, char *const *protect,
			size_t n_protect)
{
	char id[41];
	int r;

	if (!a->pusher || !n_protect)
		return 0;
	if ((r = history_resolve(id, a->repo, protect[0])) != 0)
		return r < 0 ? -1 : 0;
	return auth_admin_at(a, id, a->pusher);
}

/* are tags, once made, the administrator's (git config plan.tagsAdminOnly,
 * default true)?  1, 0, -1 after diag_fail */
static int tags_admin_only(struct auth *a)
{
	char *v = NULL;
	int r = repo_config_get(&v, a->repo, "plan.tagsAdminOnly");

	if (r < 0)
		return -1;
	r = !v || (strcmp(v, "false") && strcmp(v, "no") && strcmp(v, "0") &&
		   strcmp(v, "off"));
	free(v);
	return r;
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
		if (!ref || strtok_r(NULL, " ", &save) || !is_full_id(old) ||
		    !is_full_id(new)) {
			diag_fail(_("standard input, line %zu: expected 'OLD NEW "
				     "REF' as git's pre-receive hook is given"),
				  lineno);
			goto done;
		}
		if ((r = ref_allowed(a, ref)) < 0)
			goto done;
		if (!r) {
			auth_ref_finding(a, ref, AUTH_RULE_REF,
				_("%s is not a ref a plan uses (branches "
				  "refs/heads/ and tags refs/tags/; see git "
				  "config plan.allowRefs): a replace or other "
				  "ref could make git show another history "
				  "than the one audited"), ref);
			continue;
		}
		/* a tag once made (a report's "approved" mark) is moved or
		 * deleted by the administrator only */
		if (!strncmp(ref, "refs/tags/", 10) && !is_zero_id(old)) {
			int only = tags_admin_only(a), admin = 0;

			if (only < 0 || (only && (admin = pusher_admin(a,
					protect, n_protect)) < 0))
				goto done;
			r = only && !admin;
			if (r)
				auth_ref_finding(a, ref, AUTH_RULE_TAG,
					is_zero_id(new) ?
					_("%s deletes the tag %s: a tag, once "
					  "made, is moved or deleted by the "
					  "administrator only (a pusher the "
					  "server names, with admin: true)") :
					_("%s moves the tag %s: a tag, once "
					  "made, is moved or deleted by the "
					  "administrator only (a pusher the "
					  "server names, with admin: true)"),
					a->pusher ? a->pusher :
					_("a push without a named pusher"),
					ref);
			if (r || is_zero_id(new))
				continue;
		}
		for (i = 0; i < n_protect; i++)
			prot |= !strcmp(protect[i], ref);
		if (is_zero_id(new)) {
			if (prot)
				auth_ref_finding(a, ref, AUTH_RULE_DELETE,
					_("deleting the protected branch %s is "
					  "not allowed"), ref);
			continue;
		}
		if (prot && !is_zero_id(old)) {
			if ((r = history_is_ancestor(a->repo, old, new)) < 0)
				goto done;
			if (!r)
				auth_ref_finding(a, ref, AUTH_RULE_FORCE,
					_("%.10s -> %.10s rewrites the history "
					  "of the protected branch %s (not a "
					  "fast-forward); fetch, rebase and "
					  "push again"), old, new, ref);
		}
		if (!strlist_has(&tips, new))
			strlist_add(&tips, new);
	}
	if (ferror(in)) {
		diag_fail(_("cannot read standard input"));
		goto done;
	}
	/* the protected branches as they are before the push */
	for (i = 0; i < n_protect; i++) {
		char id[41];

		if ((r = history_resolve(id, a->repo, protect[i])) < 0 ||
		    (!r && auth_anchor(a, id)))
			goto done;
	}
	ret = auth_walk_new(a, tips.v, tips.n);
done:
	free(line);
	strlist_release(&tips);
	return ret;
}
