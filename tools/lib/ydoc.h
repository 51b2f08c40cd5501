/*
 * ydoc: one YAML (or JSON) file, read with libyaml's event parser into an
 * owned tree that keeps each node's position.
 *
 * Besides what libyaml reports, the loader refuses what a hand-edited plan
 * file must not contain, each with a message a clerk can act on: files
 * over YDOC_MAX_SIZE, text that is not UTF-8 (GBK, UTF-16), control
 * characters, unresolved merge-conflict markers, several documents, an
 * empty document, anchors and aliases, nesting deeper than YDOC_MAX_DEPTH
 * and duplicate keys.  The tree is built without recursion, so no input can
 * exhaust the stack.
 */
#ifndef YDOC_H
#define YDOC_H

#include <stddef.h>

#include "diag.h"

#define YDOC_MAX_SIZE (1024 * 1024)	/* bytes in one file */
#define YDOC_MAX_DEPTH 32		/* nested mappings and sequences */

enum ynode_kind { YNODE_SCALAR, YNODE_MAP, YNODE_SEQ };

/* what a scalar means, read as YAML 1.2's core schema reads it */
enum yscalar_type { YS_NULL, YS_BOOL, YS_INT, YS_NUMBER, YS_STRING };

struct ynode {
	enum ynode_kind kind;
	int line, col;		/* 1-based position of the node's start */
	/* scalars */
	char *text;		/* NUL-terminated (may hold no NUL), in the
				 * document's arena */
	size_t len;
	int quoted;		/* written in quotes or as a block scalar */
	/* mappings: n pairs, kids[2i] the key, kids[2i+1] its value;
	 * sequences: n items in kids[0..n-1] */
	size_t n;
	struct ynode **kids;
	/* the blocks a loaded document lives in (ydoc.c's business): every
	 * node of it points there, and freeing the root frees them all */
	struct yarena *arena;
};

/*
 * Parse buf (len bytes) of the file named path (used in findings only).
 * On success *out is the document's root, owned by the caller (ynode_free),
 * and 0 is returned.  On failure the reasons are added to d, *out is NULL
 * and -1 is returned.
 */
int ydoc_load(struct ynode **out, const char *path, const char *buf,
	      size_t len, struct diag_list *d);

void ynode_free(struct ynode *n);

/* the value of key in a mapping, or NULL (borrowed) */
const struct ynode *ynode_get(const struct ynode *map, const char *key);
/* the key node of key in a mapping, or NULL (for its position) */
const struct ynode *ynode_key(const struct ynode *map, const char *key);

enum yscalar_type yscalar_type(const struct ynode *n);
/* is n the boolean true (true, True or TRUE, unquoted)? */
int yscalar_true(const struct ynode *n);
/* "null", "boolean", "integer", "number", "string", "mapping", "sequence" */
const char *ynode_type_name(const struct ynode *n);
/* numeric value of an YS_INT or YS_NUMBER scalar */
double yscalar_number(const struct ynode *n);
/* the string of a scalar, or NULL for a non-scalar or null (borrowed) */
const char *ynode_str(const struct ynode *n);

#endif
