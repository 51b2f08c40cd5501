/*
 * schema: the JSON Schema (draft-07) files in schema/, read at run time and
 * enforced on a parsed file with the position of every finding.
 *
 * Supported keywords: type, properties, required, additionalProperties
 * (boolean or schema), enum, const, minimum, maximum, minLength, maxLength,
 * pattern (POSIX extended syntax, unanchored as in JSON Schema), items,
 * minItems, maxItems, uniqueItems, $ref (to "#/definitions/NAME"),
 * format ("date") and the annotations $schema, $id,
 * $comment, title, description, default, examples, definitions.  Any other
 * keyword is refused when the schema is loaded, so schema and validator
 * cannot drift apart silently.
 */
#ifndef SCHEMA_H
#define SCHEMA_H

#include "diag.h"
#include "ydoc.h"

struct schema;

/*
 * Compile the schema in buf (JSON or YAML) read from path.  Returns 0 and
 * the schema in *out (caller frees with schema_free), or -1 with the
 * reasons in d.
 */
int schema_load(struct schema **out, const char *path, const char *buf,
		size_t len, struct diag_list *d);
void schema_free(struct schema *s);

/*
 * Check doc against s; findings about file path go to d.  Returns the
 * number of errors added.
 */
size_t schema_check(const struct schema *s, const struct ynode *doc,
		    const char *path, struct diag_list *d);

/* the edit distance of a and b (a swap of two letters counts as one
 * edit), capped at cap + 1 */
size_t edit_distance(const char *a, const char *b, size_t cap);

#endif
