/*
 * gitfail: libgit2 fails on demand, for the tests that check that a
 * failure of the repository ends a run with an error, never with a
 * shorter answer.  The calls that read (commit and tree lookups, object
 * reads, the revision walk) are wrapped; the one that brings
 * git_countdown to 0 fails as a damaged repository would (-1: never), and
 * every call is counted in git_calls.  Include it in one test file only,
 * linked with
 *   -Wl,--wrap=git_commit_lookup -Wl,--wrap=git_commit_tree
 *   -Wl,--wrap=git_tree_lookup -Wl,--wrap=git_odb_read
 *   -Wl,--wrap=git_revwalk_next
 * The counters are atomic: log and audit read in a second thread.
 */
#ifndef GITFAIL_H
#define GITFAIL_H

#include <git2.h>

static _Atomic long git_countdown = -1, git_calls;

static int git_fails(void)
{
	git_calls++;
	if (git_countdown < 0 || --git_countdown)
		return 0;
	git_error_set_str(GIT_ERROR_OS, "injected failure");
	return 1;
}

#define GITFAIL_WRAP(name, params, args) \
	int __real_##name params; \
	int __wrap_##name params; \
	int __wrap_##name params \
	{ \
		return git_fails() ? -1 : __real_##name args; \
	}
GITFAIL_WRAP(git_commit_lookup, (git_commit **c, git_repository *r,
				 const git_oid *id), (c, r, id))
GITFAIL_WRAP(git_commit_tree, (git_tree **t, const git_commit *c), (t, c))
GITFAIL_WRAP(git_tree_lookup, (git_tree **t, git_repository *r,
			       const git_oid *id), (t, r, id))
GITFAIL_WRAP(git_odb_read, (git_odb_object **o, git_odb *db,
			    const git_oid *id), (o, db, id))
GITFAIL_WRAP(git_revwalk_next, (git_oid *id, git_revwalk *w), (id, w))

#endif
