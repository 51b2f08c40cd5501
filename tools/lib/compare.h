/*
 * compare: two versions of the plan, field by field, in the plan's own
 * terms.  Comments and formatting are not compared (the records are);
 * indicators are matched by name, not by position.
 *
 * Field names in changes:
 *   status, progress, as_of, note              progress fields
 *   indicators.<name>.actual                   progress field
 *   id, category, content, target, deadline,
 *   units.text, units.lead, units.cooperate,
 *   units.implement,
 *   indicators.<name>.target / .op / .unit,
 *   indicators.<name>  (added or removed)      plan fields
 *   task  (added, removed or renamed)          plan
 *   unit.<id>.<field>, unit.<id>               units/ (plan)
 *   plan.title, plan.year, plan.categories,
 *   plan.founding                              plan.yaml (plan)
 * Values are shown as text: numbers as written by "%.15g" (630, 8.4),
 * lists joined with ", " ("" when empty), an indicator as "OP TARGET UNIT"
 * (">= 630 亿元"), a unit's admin flag as "true"/"false", null (an actual
 * or as_of not reported yet) and absence as NULL pointers.  A "task" or
 * "unit.<id>" change has the file paths as values: added (old NULL),
 * removed (new NULL) or, for a task, renamed (both set, different).
 * A renamed task then lists its field changes like any other.
 *
 * Strings in a change are borrowed: valid during the callback only.
 */
#ifndef COMPARE_H
#define COMPARE_H

#include "model.h"

enum change_class {
	CHANGE_PROGRESS,	/* a responsible unit may make it */
	CHANGE_PLAN		/* only the plan's administrator may */
};

struct change {
	int task_id;		/* 0 for changes to units or plan.yaml */
	const char *unit_id;	/* for unit changes, else NULL */
	const char *field;	/* see above */
	const char *old_value;	/* NULL: absent (added) */
	const char *new_value;	/* NULL: absent (removed) */
	const char *old_path;	/* file of the old version, or NULL */
	const char *new_path;	/* file of the new version, or NULL */
	enum change_class cls;
};

/* return non-zero to stop the comparison (that value is returned) */
typedef int (*change_fn)(const struct change *c, void *payload);

/*
 * Compare two versions of one task (a or b NULL: added or removed;
 * different paths: renamed).  Calls fn for each change in a stable order
 * (the order of the fields in docs/format.md).  Returns 0 or fn's value.
 */
int task_compare(const struct task *a, const struct task *b, change_fn fn,
		 void *payload);
int unit_compare(const struct unit *a, const struct unit *b, change_fn fn,
		 void *payload);
/* every task (by id), unit (by id) and plan.yaml field */
int plan_compare(const struct plan *a, const struct plan *b, change_fn fn,
		 void *payload);

/*
 * Every field of one version, as changes from absent (old_value NULL) to
 * its value, in the same order and with the same names as the comparisons
 * (indicators sorted by name): what a task "is", for showing an added task
 * or for git's textconv.  plan_describe gives plan.yaml's fields only.
 */
int task_describe(const struct task *t, change_fn fn, void *payload);
int unit_describe(const struct unit *u, change_fn fn, void *payload);
int plan_describe(const struct plan *p, change_fn fn, void *payload);

/* the text forms above; the caller frees the result */
char *compare_number(double v);
char *compare_list(const struct strlist *l);

#endif
