/*
 * seed: the plan as the city publishes it, a three-column table
 * (工作内容 | 目标任务 | 责任单位), and the readings of its free text that
 * turn a row into a task record: who leads, cooperates and implements
 * (from the units text), what is measured (from the target text) and by
 * when (the deadline).
 *
 * The table text is kept verbatim: a cell is the bytes between two column
 * bars with the outer ASCII blanks trimmed; the content cell loses only its
 * leading task number "N." or "N. ".  Findings use 1-based lines and
 * columns counted in characters, as libyaml counts them.
 *
 * Ownership: every table, unit list, registry and indicator list filled
 * here is the caller's, released with the matching _release function
 * (which accepts a zeroed struct).  Strings passed in are copied.  Tasks,
 * units and indicators are the model's records (model.h).
 */
#ifndef SEED_H
#define SEED_H

#include <stddef.h>

#include "diag.h"
#include "model.h"
#include "xalloc.h"

/* the header row the table starts with */
#define SEED_HEADER "| 工作内容 | 目标任务 | 责任单位 |"

struct seed_row {
	int id;			/* the task number N of "N." */
	size_t category;	/* index into seed_table.categories */
	char *content;		/* without "N." */
	char *target;
	char *units;
	int line;		/* the row's line in the table, 1-based */
	int units_col;		/* column of the units cell, 1-based */
};

struct seed_table {
	struct seed_row *rows;	/* in table order */
	size_t n, cap;
	char **categories;	/* names without numeral, first-seen order */
	size_t n_categories, cap_categories;
};

/*
 * Parse the table in buf (len bytes) read from path.  Every malformed row
 * is reported in d as "path:LINE:COL: error: ..."; returns 0 when the table
 * had no error, else -1 (out then holds the rows that were good).
 */
int seed_parse(struct seed_table *out, const char *path, const char *buf,
	       size_t len, struct diag_list *d);
/* the index of category name, added at the end when new */
size_t seed_table_category(struct seed_table *t, const char *name);
void seed_table_add(struct seed_table *t, int id, size_t category,
		    const char *content, const char *target,
		    const char *units);
void seed_table_release(struct seed_table *t);

/*
 * Append the table in the seed's format: the header row, then one row per
 * task, "N. " before the content, and the numbered category cell
 * ("五、推进大项目") on each row whose category differs from the row
 * before.  Every line ends with a newline.
 */
void seed_format(struct sbuf *out, const struct seed_table *t);

enum seed_role { SEED_LEAD, SEED_COOPERATE, SEED_IMPLEMENT, SEED_ROLE_COUNT };

struct seed_name {
	char *name;		/* as written, e.g. "经贸委" */
	enum seed_role role;
	int city;		/* follows a "市" name in its clause: may stand
				 * for "市" + name ("市发改委、经贸委") */
};

struct seed_units {
	struct seed_name *v;	/* in text order */
	size_t n, cap;
};

/*
 * Read a units text ("市经贸委牵头,市财政局等部门配合") into names with
 * their roles.  file, line and col locate the text for findings.  Returns
 * 0, or -1 with the reasons in d.
 */
int seed_units_parse(struct seed_units *out, const char *text,
		     const char *file, int line, int col,
		     struct diag_list *d);
void seed_units_release(struct seed_units *u);

/*
 * The units the importer knows: those read from a units directory and
 * those it made up.  Each unit (a model record) belongs to the registry.
 */
struct seed_registry {
	struct unit **v;	/* in the order added */
	size_t n, cap;
	size_t n_read;		/* v[0..n_read) came from seed_registry_read */
	char **text;		/* their files' bytes, copied as they are */
	size_t *text_len;
};

/*
 * Read every DIR/ID.yaml into r (which must be empty) with unit_load,
 * checked against DIR/../schema/unit.schema.json, in file name order.
 * Findings about the files (bad YAML, schema, an id that differs from the
 * file name) go to d; returns 0, or -1 after diag_fail when the directory
 * or the schema cannot be read.
 */
int seed_registry_read(struct seed_registry *r, const char *dir,
		       struct diag_list *d);

/* add u; the registry takes it over (unit_free at release) */
void seed_registry_add(struct seed_registry *r, struct unit *u);
/* the unit named name (its name or an alias, exactly), or NULL */
const struct unit *seed_registry_find(const struct seed_registry *r,
				      const char *name);
const struct unit *seed_registry_get(const struct seed_registry *r,
				     const char *id);
/*
 * The id of the unit n stands for: the unit named n->name, else (for a
 * name after a 市 name) the unit named "市" + n->name.  A name no unit
 * carries becomes a new unit "unit-N" (the first N free, path NULL) of the
 * kind seed_guess_kind gives, named "市" + name with the name as alias
 * when the 市 carries over; *created is then set to 1 (else 0).  The id is
 * borrowed from r.
 */
const char *seed_resolve(struct seed_registry *r, const struct seed_name *n,
			 int *created);
/* the kind a unit's name suggests: group, zone, company, office, county or
 * department (see seed.c for the rules) */
enum unit_kind seed_guess_kind(const char *name);
void seed_registry_release(struct seed_registry *r);

/* indicators as model records (actual null) */
struct seed_indicators {
	struct indicator *v;
	size_t n, cap;
};

/* the quantitative targets in a target text (rules in seed.c) */
void seed_indicators_extract(struct seed_indicators *out, const char *target);
void seed_indicators_release(struct seed_indicators *l);

/*
 * The deadline "YYYY-MM-DD" of a task of the plan's year: the end of the
 * month named "N月底" in the target (else in the content), else
 * December 31.
 */
void seed_deadline(char out[11], int year, const char *target,
		   const char *content);

/*
 * The task of row i of t, as a fresh plan would hold it: names resolved in
 * r (a new unit gets a warning in d naming it, for the plan office to
 * curate), indicators and deadline read from the text, status not_started,
 * progress 0, as_of null, note "".  path is the table's, for findings.
 * Returns 0 and the task (the caller's, task_free), or -1 with the reasons
 * in d (units text unreadable, no leading unit).
 */
int seed_task(struct task **out, const struct seed_table *t, size_t i,
	      struct seed_registry *r, int year, const char *path,
	      struct diag_list *d);

#endif
