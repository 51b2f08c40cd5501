/*
 * schema_impl: the compiled schema, shared by schema.c (which compiles
 * it) and schema_check.c (which checks data against it).  Private to
 * schema*.c.
 */
#ifndef SCHEMA_IMPL_H
#define SCHEMA_IMPL_H

#include <regex.h>

#include "schema.h"

enum {
	T_NULL = 1, T_BOOL = 2, T_INT = 4, T_NUMBER = 8, T_STRING = 16,
	T_OBJECT = 32, T_ARRAY = 64
};

struct snode {
	unsigned types;			/* 0: any */
	char **prop_names;
	struct snode **props;
	size_t n_props;
	char **required;
	size_t n_required;
	int additional;			/* 1 allowed, 0 refused */
	struct snode *additional_schema;
	const struct ynode **enums;	/* borrowed from the schema's doc */
	size_t n_enums;
	const struct ynode *const_value;
	int has_min, has_max;
	double min, max;
	long min_len, max_len;		/* -1: none */
	char *pattern;
	regex_t re;
	int has_re;
	struct snode *items;
	long min_items, max_items;
	int unique;
	char *ref;
	struct snode *target;		/* what ref resolves to */
	int format_date;
	struct snode *next_alloc;	/* every snode of a schema, to free */
};

struct schema {
	struct ynode *doc;
	struct snode *root;
	struct snode *all;
	char **def_names;
	struct snode **defs;
	size_t n_defs;
};

/* schema.c */
const char *schema_nearest(const char *s, const char *const *cand, size_t n);

#endif
