/*
 * vstore: the versions of task files that a walk of history meets, each
 * parsed once.  A version is known by its path, its blob id and the
 * version of the schemas it is read with; the first thread that needs it
 * parses it (task_load) and a thread that needs it meanwhile waits for
 * it.  The store keeps the versions it was last asked for, at most the
 * number it was made with; a version leaves the store when newer ones
 * come, and is freed when no caller holds it any more.  Memory is bounded
 * by that number and what the callers hold, however long the history.
 *
 * log reads the two sides of each change through it, and summary's
 * last-update walk likewise.  The plan context's store (source_plan)
 * serves every plan a tool reads from git: diff's two sides, the start of
 * summary's period, the audit's plans at commits and the new versions of
 * the commits it loads ahead (auth_load.c), which a batch loaded again
 * with another plan finds parsed.
 *
 * Ownership: vstore_get returns a version with a reference for the
 * caller, given back with vstore_drop; the version owns its task and its
 * findings (task_hold keeps the task beyond it).  Every call may be made
 * from any thread.
 */
#ifndef VSTORE_H
#define VSTORE_H

#include <stddef.h>

#include "diag.h"
#include "model.h"

struct vstore_version {
	/* set by vstore_get */
	char oid[41];
	char *path;
	int kind;		/* enum file_kind */
	/* set once vstore_parse returns */
	struct task *t;		/* NULL when it is no task */
	struct diag_list d;	/* task_load's findings; none for an entry
				 * that is not a regular file */
};

struct vstore;

/* a store that keeps the last keep versions it was asked for */
struct vstore *vstore_new(size_t keep);
/* keep at least keep versions from now on */
void vstore_reserve(struct vstore *s, size_t keep);
/* free s, once every version got from it is dropped */
void vstore_free(struct vstore *s);

/*
 * The version of path at blob oid (kind an enum file_kind; data and len
 * the blob, copied when the version is new) read with the schemas that
 * key names: the task schema's blob id (schemas_task_id), or "" where
 * one schema serves the whole walk.  Not parsed yet, perhaps.
 */
struct vstore_version *vstore_get(struct vstore *s, const char *path,
				  const char *oid, int kind,
				  const char *data, size_t len,
				  const char *key);
/* v parsed with schema, the task schema key names (v NULL: nothing) */
void vstore_parse(struct vstore *s, struct vstore_version *v,
		  const struct schema *schema);
/* give back a reference (v NULL: nothing) */
void vstore_drop(struct vstore *s, struct vstore_version *v);

/*
 * Loading plans through a store: a task_reader (model.h) that reads each
 * task file with a blob id through store, with the schemas key names
 * (schemas_task_id), and as task_load does a file without one (the
 * working tree's), or every file when key is NULL.  Pass
 * &r->rd to plan_load; r must outlive the loading.
 */
struct vstore_reader {
	struct task_reader rd;
	struct vstore *store;
	const char *key;
};
void vstore_reader_init(struct vstore_reader *r, struct vstore *store,
			const char *key);

#endif
