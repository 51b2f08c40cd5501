/*
 * model: the plan as records (tasks, units, the plan file), loaded from a
 * fileset through ydoc and schema, with the cross-file rules that the
 * schema cannot express.
 *
 * Ownership: plan_load returns a plan the caller frees with plan_free; every
 * task and unit in it belongs to the plan.  task_load returns a task the
 * caller frees with task_free.  A task may have several owners: task_hold
 * adds one, task_free drops one and frees the task with the last (from
 * any thread; a task is never changed once loaded).
 */
#ifndef MODEL_H
#define MODEL_H

#include <stddef.h>

#include "diag.h"
#include "fileset.h"
#include "schema.h"
#include "ydoc.h"

enum task_status {
	STATUS_NOT_STARTED,
	STATUS_IN_PROGRESS,
	STATUS_AT_RISK,
	STATUS_DONE,
	STATUS_COUNT
};

enum indicator_op { OP_GE, OP_LE, OP_EQ, OP_ABOUT, OP_COUNT };

enum unit_kind {
	UNIT_DEPARTMENT,
	UNIT_COUNTY,
	UNIT_ZONE,
	UNIT_GROUP,
	UNIT_COMPANY,
	UNIT_OFFICE,
	UNIT_KIND_COUNT
};

struct strlist {
	char **v;	/* owned strings */
	size_t n, cap;
};

struct indicator {
	char *name;
	enum indicator_op op;
	double target;
	char *unit;
	int has_actual;	/* 0: actual is null */
	double actual;
};

/*
 * Where a field of a task is written: name "" is the document, "status" a
 * key, "units.lead" a key of a key, "units.lead.0" the first string item
 * of that list, "indicators.工业投资" the indicator of that name (the
 * item) and "indicators.工业投资.actual" a key of it.
 */
struct field_pos {
	const char *name;
	int line, col;		/* the value (for "": the document) */
	int key_line, key_col;	/* its key; 0 for an item */
};

struct task {
	int id;
	char *path;		/* "tasks/18.yaml" */
	char *category;
	char *content;
	char *target;
	char *units_text;
	struct strlist lead, cooperate, implement;
	struct indicator *indicators;
	size_t n_indicators;
	char deadline[11];	/* "YYYY-MM-DD" */
	enum task_status status;
	int progress;		/* 0..100 */
	char as_of[11];		/* "" when null */
	char *note;		/* never NULL */
	/* where its fields are written (task_at), kept instead of the
	 * parsed file; none for a task not loaded from a file */
	struct field_pos *at;
	size_t n_at;
	int holds;		/* owners beyond the first (task_hold) */
};

/* a signing key a unit lists: "ADDRESS TYPE BASE64 [COMMENT]" */
struct unit_key {
	char *address;		/* whose key it is */
	char *key;		/* "TYPE BASE64" (sshsig.h), NULL when the
				 * text is not a public key of a type
				 * verified here */
	const char *why;	/* static English text: why key is NULL */
	const struct ynode *at;	/* where it is written */
};

struct unit {
	char *id;
	char *path;
	char *name;
	struct strlist aliases, members, committers;
	struct unit_key *keys;	/* signing_keys, in the file's order */
	size_t n_keys;
	enum unit_kind kind;
	int admin;
	struct ynode *doc;
};

struct plan {
	char *title;
	int year;
	struct strlist categories;
	char *language;		/* "zh", "en" or NULL: see i18n.h */
	char *founding;		/* commit id named by plan.yaml, or NULL */
	int signatures_required;	/* signatures: required */
	struct task **tasks;	/* sorted by id */
	size_t n_tasks;
	struct unit **units;	/* sorted by id */
	size_t n_units;
	struct ynode *doc;	/* plan.yaml */
};

/* the plan's three schemas, read from a fileset */
struct schemas {
	struct schema *plan, *task, *unit;
};

/*
 * Load the schemas from fs (schema/plan.schema.json, task..., unit...).
 * Returns 0, or -1 with the reasons in d (an environment problem for a
 * working tree; a finding for a commit).
 */
int schemas_load(struct schemas *out, const struct fileset *fs,
		 struct diag_list *d);
void schemas_release(struct schemas *s);
/* the three files schemas_load reads: plan, task and unit schema */
extern const char *const schema_file_paths[3];
/* is path one of them? */
int schemas_file(const char *path);
/*
 * The blob id of fs's task schema (fs sorted), which names the version of
 * the schemas task_load reads with in a version store (vstore.h); NULL
 * when it was not read from git.
 */
const char *schemas_task_id(const struct fileset *fs);

/*
 * How plan_load reads one task file: as task_load reads e with
 * schema s, from any of the loading threads; the task it gives is one
 * more owner's (task_hold) when it is shared.
 */
struct task_reader {
	int (*read)(void *arg, struct task **out, const struct file_entry *e,
		    const struct schema *s, struct diag_list *d);
	void *arg;
};

/*
 * Load the whole plan in fs: every file parsed once, checked against its
 * schema and the cross-file rules.  Findings go to d.  Returns 0 when a
 * plan could be built (even with findings: *out holds the good records),
 * -1 when not (schemas unreadable).  The caller frees *out.  rd reads
 * each task file (NULL: task_load).
 */
int plan_load(struct plan **out, const struct fileset *fs,
	      const struct schemas *s, const struct task_reader *rd,
	      struct diag_list *d);
/*
 * plan_load, dropping each task file's bytes from fs once it is parsed
 * (its path, kind and blob id stay): a plan of thousands of tasks then
 * never holds every file's text beside every record.
 */
int plan_load_dropping(struct plan **out, struct fileset *fs,
		       const struct schemas *s, const struct task_reader *rd,
		       struct diag_list *d);
void plan_free(struct plan *p);

/*
 * The warnings a version of the plan earns against the one before it
 * (validate --staged against HEAD): a task whose progress fields (status,
 * progress, an indicator's actual) changed while as_of stayed the same,
 * "as-of-unchanged".  old NULL: none.
 */
void plan_check_update(const struct plan *old, const struct plan *now,
		       struct diag_list *d);

/*
 * Load the task files of fs (its other files are left alone) as
 * plan_load would load them beside the plan.yaml and units of base: the
 * same findings about them, without loading base's files again.  *out
 * holds the tasks alone; the caller frees it, base stays the caller's.
 * rd reads each file (NULL: task_load).
 */
int plan_load_tasks(struct plan **out, const struct plan *base,
		    const struct fileset *fs, const struct schemas *s,
		    const struct task_reader *rd, struct diag_list *d);

/*
 * Parse and schema-check one task file.  Returns 0 and the task, or -1
 * with findings in d.  Cross-file rules are not checked.
 */
int task_load(struct task **out, const char *path, const char *buf,
	      size_t len, const struct schema *s, struct diag_list *d);
void task_hold(struct task *t);
/* where field name of t is written, NULL when it is not */
const struct field_pos *task_field(const struct task *t, const char *name);
/*
 * The position of field name's value for a finding about it: the
 * document's when t has no such field (never NULL)
 */
const struct field_pos *task_at(const struct task *t, const char *name);
void task_free(struct task *t);
int unit_load(struct unit **out, const char *path, const char *buf,
	      size_t len, const struct schema *s, struct diag_list *d);
void unit_free(struct unit *u);

/* the task id of "tasks/NN.yaml", or -1 when the name is not of that form */
int task_path_id(const char *path);

const struct task *plan_task(const struct plan *p, int id);
const struct unit *plan_unit(const struct plan *p, const char *id);
/*
 * The unit a person names: by id (jmw), name (市经贸委) or alias (经贸委),
 * or NULL.  plan_unit_suggest gives the id of a unit whose id, name or
 * alias is one or two typing slips away, or that contains what was typed,
 * or NULL.  Both borrowed.
 */
const struct unit *plan_unit_find(const struct plan *p, const char *what);
const char *plan_unit_suggest(const struct plan *p, const char *what);
/* index of category name in the plan, or -1 */
int plan_category(const struct plan *p, const char *name);
/* does unit id stand for uid (itself, or a group with uid as member)? */
int plan_unit_covers(const struct plan *p, const char *id, const char *uid);

const char *status_name(enum task_status s);
int status_parse(const char *s);	/* -1 when unknown */
const char *op_name(enum indicator_op op);
int op_parse(const char *s);
const char *unit_kind_name(enum unit_kind k);
int unit_kind_parse(const char *s);

void strlist_add(struct strlist *l, const char *s);
int strlist_has(const struct strlist *l, const char *s);
void strlist_release(struct strlist *l);

#endif
