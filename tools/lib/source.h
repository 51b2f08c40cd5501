/*
 * source: the plan context.  Where a tool reads the plan from, as its
 * options say: the working tree of -C DIR, the index (--staged) or a
 * revision (--rev REV).  Every tool that reads "the plan" goes through
 * here, so they agree on what the plan is; the repository is opened here
 * (source_repo) and the schemas compiled here (source_schemas), once per
 * run, whatever number of plans the tool reads.
 *
 * Ownership: a struct plan_source starts zeroed but for its options and
 * ends with source_close, which frees the repository and the schemas it
 * keeps.  A copy must not outlive nor be closed beside its original.
 */
#ifndef SOURCE_H
#define SOURCE_H

#include <limits.h>

#include "diag.h"
#include "fileset.h"
#include "model.h"
#include "repo.h"

struct plan_source {
	const char *dir;	/* -C DIR; "." when NULL */
	const char *rev;	/* --rev REV, or NULL */
	int staged;		/* --staged */
	/* kept from one read to the next (source_close frees them) */
	struct repo *repo;
	struct compiled *compiled;	/* the schemas compiled last */
	struct vstore *store;	/* task files read from git, parsed once
				 * for every plan read (source_plan) */
};

enum {
	SOURCE_QUIET = 1,	/* no repository: NULL without a message */
	SOURCE_IF_ANY = 2	/* NULL without a message when no .git is
				 * found upwards (a plan outside git); a
				 * repository there must open */
};

/*
 * The repository around src->dir, as git finds it (GIT_DIR honoured, as
 * a server hook needs), opened on the first call and kept: *out is
 * borrowed, freed by source_close.  Returns 0 (*out NULL when flags let
 * there be none), or -1 after diag_fail.
 */
int source_repo(struct repo **out, struct plan_source *src, unsigned flags);

/*
 * The schemas of fs's schema files, compiled again only when they differ
 * from the files compiled last: borrowed, valid until the next call or
 * source_close.  NULL with the reasons in d when they cannot be used.
 */
const struct schemas *source_schemas(struct plan_source *src,
				     const struct fileset *fs,
				     struct diag_list *d);
/*
 * The same, held by the caller until source_schemas_drop, whatever src
 * compiles or closes meanwhile (the audit's contexts, which the loader
 * thread reads while the walk goes on).  The schemas never change.
 */
const struct schemas *source_schemas_hold(struct plan_source *src,
					  const struct fileset *fs,
					  struct diag_list *d);
void source_schemas_drop(const struct schemas *s);

/*
 * plan_load of fs with src's schemas s (source_schemas): each task file
 * read from git parsed once for all the plans src loads, through its
 * version store (vstore.h), which keeps the versions of two plans.
 */
int source_plan(struct plan **out, struct plan_source *src,
		const struct fileset *fs, const struct schemas *s,
		struct diag_list *d);

/* src's version store, keeping keep versions at least: borrowed */
struct vstore *source_store(struct plan_source *src, size_t keep);

void source_close(struct plan_source *src);

/*
 * Without -C, source_read finds the plan's top directory as git finds its repository:
 * the nearest of . and its parents holding plan.yaml, not beyond the top
 * of the git work tree around it.  *top is that directory ("." when it is
 * the current one), *prefix the way from it down to the current directory
 * ("" or "tasks/"), both owned by the caller.  Returns 0, or -1 when no
 * parent holds a plan (then *top is "." and *prefix "", and reading the
 * plan reports what is missing).
 */
int source_find_top(char **top, char **prefix);

/*
 * Which commit a report reads and which day it measures against, as
 * --as-of, --today and --rev say together (docs/summary.md, "As of a
 * day"):
 * - --as-of DATE: the newest commit of the first-parent line of --rev
 *   (default HEAD) committed on or before DATE, measured against DATE;
 *   no such commit is an error;
 * - --today DATE alone, when HEAD was committed after DATE: the same, with
 *   a note on stderr, so that a mid-year report shows mid-year data (the
 *   working tree, with a warning, when no commit is that old);
 * - --rev REV alone: REV, measured against the day it was committed;
 * - otherwise what the options name, against --today or the system date.
 */
struct plan_point {
	char rev[41];		/* the commit read, "" for the working tree */
	char commit_day[11];	/* the day it was committed, "" likewise */
	char day[11];		/* the day measured against */
	int moved;		/* --today alone: 1 moved back to rev, 2 no
				 * commit that old (the working tree) */
};

/*
 * Settle src->rev and pt (src->rev then points into pt).  as_of and today
 * are NULL when not given.  Returns 0, or -1 after diag_fail.
 */
int source_settle(struct plan_source *src, struct plan_point *pt,
		  const char *as_of, const char *today);

/*
 * The start of a period (summary --since, docs/summary.md): since is a
 * date or a revision.  A date: the plan as it stood at the end of the day
 * before, the newest commit of the first-parent line of pt's commit (or
 * HEAD) made before since, in start ("" when none is that old: the
 * period starts before the plan); a revision: that commit, and the period
 * starts on the day it was made.  start_day is the day start was made,
 * since_day the period's first day.  Returns 0, or -1 after diag_fail.
 */
int source_since(char start[41], char start_day[11], char since_day[11],
		 struct plan_source *src, const struct plan_point *pt,
		 const char *since);

/* the note or warning --today alone earns (pt->moved), on stderr */
void source_point_note(const struct plan_point *pt);

/*
 * Read the plan's files; a plan without a schema/ of its own is read with
 * the default schemas (source_schema_dir).  Returns 0, or -1 after
 * printing the reason with diag_fail (no such directory, not a
 * repository, unknown revision).
 */
int source_read(struct fileset *out, struct plan_source *src);

/*
 * The same at another point of src's history: rev, or the index when
 * staged (rev NULL and staged 0: the working tree).  src's own point is
 * left as it was; its repository and schemas serve both.
 */
int source_read_at(struct fileset *out, struct plan_source *src,
		   const char *rev, int staged);

/*
 * The default schemas' directory: $PLAN_SCHEMA_DIR, else the one installed
 * beside the program (PREFIX/share/plan/schema), else this source tree's
 * schema/ for the build tree.  0 with it in out, -1 when there is none.
 */
int source_schema_dir(char out[PATH_MAX]);

/*
 * The plan's `language:` in fs's plan.yaml, for messages when neither
 * --lang nor the locale chose one (i18n_plan_default).  source_read calls
 * it; a tool that reads the plan another way calls it itself.
 */
void source_plan_language(const struct fileset *fs);

/*
 * Load schemas and plan from fs (through source_plan).  Findings go to d.
 * Returns 0 (the plan, possibly with findings, in *out), or -1 after
 * diag_fail when the schemas cannot be used, which is an environment
 * error (exit 2).  The task files' bytes are dropped from fs as they are
 * parsed; their paths, kinds and blob ids stay.
 */
int source_load(struct plan **out, struct plan_source *src,
		struct fileset *fs, struct diag_list *d);

/*
 * The plan at HEAD of src's repository, to compare staged (the index's
 * files, sorted) with: *out NULL when HEAD has no commit yet.  Only the
 * tasks whose staged blob differs are loaded: the others are the same.
 * Its own findings are not reported (they were HEAD's).  0, or -1 after
 * diag_fail.
 */
int source_head(struct plan **out, struct plan_source *src,
		const struct fileset *staged);

#endif
