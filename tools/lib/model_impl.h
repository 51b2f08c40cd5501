/*
 * model_impl: what the parts of model.h share.  Private to model*.c.
 *
 * model.c        records from parsed trees: tasks, units, the schemas
 * model_plan.c   the whole plan: lookups, loading every file on all cores
 * model_check.c  the rules across files, over the records
 */
#ifndef MODEL_IMPL_H
#define MODEL_IMPL_H

#include "model.h"

/* model.c */
char *model_str_or_empty(const struct ynode *n);
void model_list_of(struct strlist *l, const struct ynode *seq);
double model_number_or(const struct ynode *n, double dflt, int *has);
int model_load_doc(struct ynode **out, const char *path, const char *buf,
		   size_t len, const struct schema *s, struct diag_list *d);

/* model_check.c */
const char *model_dir_problem(enum file_kind k);
int model_entry_ok(const struct file_entry *e, struct diag_list *d);
int model_unit_name_ok(const char *path);
int model_canonical_name(const char *path, int id);
int model_cmp_task(const void *a, const void *b);
int model_cmp_unit(const void *a, const void *b);
const struct ynode *model_field(const struct ynode *doc, const char *key);
void model_check_task(const struct plan *p, const struct fileset *fs,
		      const struct task *t, struct diag_list *d);
void model_check_unit(const struct plan *p, const struct unit *u,
		      struct diag_list *d);
void model_check_aliases(const struct plan *p, struct diag_list *d);

#endif
