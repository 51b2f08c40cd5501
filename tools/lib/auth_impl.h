/*
 * auth_impl: the parts of the audit (auth.h) and the state they share.
 * Private to auth*.c: nothing else includes it.
 *
 * auth.c       findings, their printing, the state and the walks
 * auth_plan.c  plans at commits, the founding commit, the live plan
 * auth_check.c the audit of one commit against its parents' plans
 * auth_load.c  batches of commits, their new versions loaded in a thread
 * auth_batch.c a batch audited against the live plan, the walk callback
 * auth_sig.c   signatures against the units' keys
 *
 * Threads: the walking thread owns struct auth_state; the loader thread
 * touches a batch between auth_load_start and auth_load_wait only, the
 * signature checker a sig_batch it was handed.
 */
#ifndef AUTH_IMPL_H
#define AUTH_IMPL_H

#include <pthread.h>

#include "auth.h"
#include "source.h"

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

static inline struct view view_of(const struct cached_plan *s)
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
	const struct schemas *schemas;	/* held (source_schemas_hold) */
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
	 * per version of schema/ (source_schemas; no repository in it);
	 * its store holds the versions of task files, parsed once for the
	 * plans loaded whole and the batches loaded ahead */
	struct plan_source schemas;
	char (*known)[41];	/* commits that gave units committers */
	size_t n_known, cap_known;
	/* ancestry asked again and again along a walk: anc_of is known to
	 * be anc_commit or an ancestor of it; last_* the commit audited
	 * last and its first parent; the founding named, resolved */
	char anc_of[41], anc_commit[41];
	char last_id[41], last_parent[41];
	char *named, named_id[41];
	struct live live;
	size_t n_live;		/* commits audited against it: their task
				 * files loaded alone (tests read it) */
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
#define AUTH_KEEP (2 * BATCH)	/* versions the store keeps at least: a
				 * batch's, in most histories */

struct batch {
	struct queued *v;
	size_t n, cap;
	struct context *ctx;	/* the versions were loaded with it */
	int loaded;		/* under the loader's lock */
	struct grave grave;	/* the loader frees it first */
	struct batch *next;	/* in a grave */
};

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

/* auth.c */
struct auth_finding *auth_finding_add(struct auth *a,
				      const struct commit_info *ci);
struct auth_finding *auth_warning_add(struct auth *a,
				      const struct commit_info *ci);

/* auth_plan.c */
void auth_slot_release(struct cached_plan *s);
struct cached_plan *auth_plan_at(struct auth *a, const char *rev);
void auth_plan_unpin(struct cached_plan *s);
int auth_founded(struct auth *a, const char *parent,
		 const struct plan *rights);
void auth_founding_commit(struct auth *a, const struct commit_info *ci,
			  const struct history_change *ch, size_t n);
void auth_context_drop(struct context *c);
int auth_context_file(const char *path);
void auth_copy_entry(struct fileset *fs, const char *path, int kind,
		     const char *data, size_t len, const char *oid);
struct context *auth_context_make(struct auth_state *k, struct fileset *fs);
void auth_live_take(struct auth *a, const char *id, struct cached_plan *s);
int auth_live_reset(struct auth *a, const char *rev);
void auth_live_release(struct live *lv);

/* auth_check.c */
int auth_pending_collect(const struct change *c, void *payload);
void auth_pending_release(struct pending_list *l);
void auth_check_valid(struct auth *a, const struct commit_info *ci,
		      const struct view *now);
int auth_checks(struct auth *a, const struct commit_info *ci,
		const struct view *old, const struct view *now,
		struct pending_list *l, const struct context *ctx);
int auth_whole(struct auth *a, const struct commit_info *ci,
	       const struct history_change *ch, size_t n);

/* auth_load.c */
void auth_grave_empty(struct grave *g);
void auth_batch_free(struct batch *b);
struct queued *auth_queue_commit(struct batch *b,
				 const struct commit_info *ci,
				 const struct history_change *ch, size_t n,
				 int whole);
void auth_load_versions(struct auth_state *k, struct loaded **v,
			size_t n, const struct context *c);
int auth_is_changed(const struct history_change *ch, size_t n,
		    const char *path);
struct context *auth_context_after(struct auth_state *k,
				   struct context *c,
				   const struct queued *q);
void auth_load_start(struct auth_state *k, struct batch *b);
void auth_load_wait(struct auth_state *k, struct batch *b);
void auth_loader_stop(struct auth_state *k);

/* auth_batch.c */
int auth_commit(const struct commit_info *ci,
		const struct history_change *ch, size_t n,
		void *payload);
int auth_batch_close(struct auth *a, int drain);

/* auth_sig.c */
void auth_ring_release(struct auth_state *k);
int auth_ring_admits(const struct auth_state *k, const char *id);
void auth_sig_flush(struct auth *a);
int auth_sig_queue(struct auth *a, const struct commit_info *ci);

#endif
