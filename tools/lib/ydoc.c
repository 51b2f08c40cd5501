/*
 * ydoc: see ydoc.h.  The raw bytes are screened first (size, encoding,
 * control characters, conflict markers), because libyaml's own messages
 * for those ("invalid leading UTF-8 octet") do not tell a clerk what to
 * do.  Then libyaml's event parser feeds an explicit stack, so that depth
 * is bounded and anchors are refused before anything is expanded.
 */
#include "ydoc_impl.h"
#include "i18n.h"
#include "wcwidth.h"
#include "xalloc.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* position (1-based line and column in characters) of byte offset off */
struct ynode_frame {
	struct ynode *node;
	size_t cap;		/* allocated slots in node->kids */
	int have_key;		/* a mapping's key waits for its value */
};

/*
 * A loaded document's nodes, texts and child arrays are cut from a few
 * large blocks and freed together: a task file of 1 KB makes about a
 * hundred nodes, and a malloc and a free for each of them and of their
 * texts cost more than parsing the file.
 */
struct yarena_block {
	struct yarena_block *next;
	size_t used, cap;
	max_align_t mem[];
};

struct yarena {
	struct yarena_block *head;
	struct ynode *root;
	size_t hint;		/* size of the first block */
};

/* n bytes aligned for pointers (align 1 for text) */
static void *arena_alloc(struct yarena *a, size_t n, size_t align)
{
	struct yarena_block *b = a->head;
	size_t at = b ? (b->used + align - 1) / align * align : 0;

	if (!b || at > b->cap || b->cap - at < n) {
		/* later blocks are smaller: they hold what the first missed */
		size_t want = b ? a->hint / 4 : a->hint;
		size_t cap = n > want ? n : want;

		b = xmalloc(sizeof(*b) + cap);
		b->next = a->head;
		b->cap = cap;
		a->head = b;
		at = 0;
	}
	b->used = at + n;
	return (char *)b->mem + at;
}

static void arena_free(struct yarena *a)
{
	struct yarena_block *b, *next;

	if (!a)
		return;
	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

/* grow kids to hold need pointers, as XGROW does, from the arena */
static void arena_grow(struct yarena *a, struct ynode ***kids, size_t *cap,
		       size_t need)
{
	struct ynode **v;
	size_t n = *cap ? *cap : 4;

	if (need <= *cap)
		return;
	while (n < need)
		n *= 2;
	v = arena_alloc(a, n * sizeof(*v), sizeof(void *));
	if (*cap)
		memcpy(v, *kids, *cap * sizeof(*v));
	*kids = v;
	*cap = n;
}

void ynode_free(struct ynode *root)
{
	/* every node lives in its document's arena, freed with the root */
	if (root && root->arena->root == root)
		arena_free(root->arena);
}

static int cmp_keys(const void *a, const void *b)
{
	const struct ynode *x = *(struct ynode *const *)a;
	const struct ynode *y = *(struct ynode *const *)b;
	int c;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	c = memcmp(x->text, y->text, x->len);
	if (c)
		return c;
	/* equal: keep document order so that the later one is reported */
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

static int check_keys(const struct ynode *map, const char *path,
		      struct diag_list *d)
{
	struct ynode **keys;
	size_t i, n = map->n;
	int bad = 0;

	for (i = 0; i < n; i++) {
		const struct ynode *k = map->kids[2 * i];

		if (k->kind != YNODE_SCALAR) {
			diag_error(d, path, k->line, k->col, "bad-key",
				   _("a key must be a plain name, not a %s"),
				   ynode_type_name(k));
			bad = 1;
		}
	}
	if (bad || n < 2)
		return bad ? -1 : 0;
	keys = xmalloc(n * sizeof(*keys));
	for (i = 0; i < n; i++)
		keys[i] = map->kids[2 * i];
	qsort(keys, n, sizeof(*keys), cmp_keys);
	for (i = 1; i < n; i++) {
		if (keys[i]->len == keys[i - 1]->len &&
		    !memcmp(keys[i]->text, keys[i - 1]->text, keys[i]->len)) {
			diag_error(d, path, keys[i]->line, keys[i]->col,
				   "duplicate-key", _("duplicate key '%s' (first "
				   "at line %d); keep only one of them"),
				   keys[i]->text, keys[i - 1]->line);
			bad = 1;
		}
	}
	free(keys);
	return bad ? -1 : 0;
}

/*
 * A double-quoted value can write any character as an escape ("\0",
 * "\x07", "\u2028"); what the screen refuses in the text is refused here
 * too, so that no value holds a NUL (which would cut it short for C and
 * not for other readers) or an invisible control.  Tab and line feed are
 * ordinary in values.  0 when fine, -1 after adding a finding.
 */
static int escaped_control(const char *path, const yaml_event_t *ev,
			   struct diag_list *d)
{
	const unsigned char *v = ev->data.scalar.value;
	size_t i, n, len = ev->data.scalar.length;
	const char *why = NULL;
	uint32_t cp = 0;

	/* only a double-quoted value has escapes; any other value holds
	 * nothing the screen has not seen in the text already */
	if (ev->data.scalar.style != YAML_DOUBLE_QUOTED_SCALAR_STYLE)
		return 0;
	for (i = 0; i < len && !why; i += n) {
		n = utf8_valid(&cp, (const char *)v + i, len - i);
		if (!n)
			why = "not UTF-8";
		else if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7f)
			why = "a control character";
		else
			why = ydoc_bad_char(cp);
	}
	if (!why)
		return 0;
	diag_error(d, path, (int)ev->start_mark.line + 1,
		   (int)ev->start_mark.column + 1, "control-character",
		   _("invisible character U+%04X in the value (%s), written as "
		   "an escape such as '\\x07'; delete the escape"), cp, why);
	return -1;
}

static struct ynode *new_node(struct yarena *a, enum ynode_kind kind,
			      const yaml_mark_t *m)
{
	struct ynode *n = arena_alloc(a, sizeof(*n), sizeof(void *));

	memset(n, 0, sizeof(*n));
	n->arena = a;

	n->kind = kind;
	n->line = (int)m->line + 1;
	n->col = (int)m->column + 1;
	return n;
}

int ydoc_load(struct ynode **out, const char *path, const char *buf,
	      size_t len, struct diag_list *d)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct ynode_frame *stack = NULL;
	size_t depth = 0, cap = 0;
	struct ynode *root = NULL;
	struct last_scalar last = { 0 };
	struct yarena *arena;
	int docs = 0, ret = -1, done = 0, have_event = 0;

	*out = NULL;
	if (ydoc_screen(path, buf, len, d))
		return -1;
	arena = xcalloc(1, sizeof(*arena));
	/* a plan file's tree takes about five times the file's size */
	arena->hint = 5 * len + 512;
	if (!yaml_parser_initialize(&parser)) {
		arena_free(arena);
		diag_error(d, path, 0, 0, "internal", _("cannot start the YAML "
			   "parser (out of memory)"));
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!done) {
		struct ynode *node = NULL;
		const yaml_mark_t *m;

		if (!yaml_parser_parse(&parser, &ev)) {
			ydoc_syntax_error(&parser, &last, path, buf, len, d);
			goto done;
		}
		have_event = 1;
		m = &ev.start_mark;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				diag_error(d, path, (int)m->line + 1,
					   (int)m->column + 1, "multi-document",
					   _("a second document ('---') in the file; "
					   "a plan file holds exactly one: delete "
					   "the '---' line and what belongs to "
					   "another file"));
				goto done;
			}
			/* libyaml reads %YAML 1.1 (or 1.3) as it reads 1.2,
			 * where 1.1 would make yes, on and 012 other values */
			if (ev.data.document_start.version_directive &&
			    (ev.data.document_start.version_directive->major != 1 ||
			     ev.data.document_start.version_directive->minor != 2)) {
				diag_error(d, path, (int)m->line + 1,
					   (int)m->column + 1, "yaml-version",
					   _("the file says %%YAML %d.%d: plan "
					     "files are YAML 1.2; delete the "
					     "%%YAML line"),
					   ev.data.document_start.version_directive->major,
					   ev.data.document_start.version_directive->minor);
				goto done;
			}
			break;
		case YAML_ALIAS_EVENT:
			diag_error(d, path, (int)m->line + 1, (int)m->column + 1,
				   "alias", _("aliases (*%s) are not allowed in "
				   "plan files; write the value out"),
				   (const char *)ev.data.alias.anchor);
			goto done;
		case YAML_SCALAR_EVENT:
			if (ev.data.scalar.anchor) {
				diag_error(d, path, (int)m->line + 1,
					   (int)m->column + 1, "anchor",
					   _("anchors (&%s) are not allowed in plan "
					   "files"), (const char *)
					   ev.data.scalar.anchor);
				goto done;
			}
			if (ev.data.scalar.tag && !ev.data.scalar.quoted_implicit
			    && !ev.data.scalar.plain_implicit) {
				diag_error(d, path, (int)m->line + 1,
					   (int)m->column + 1, "tag",
					   _("tags (%s) are not used in plan files; "
					   "delete the tag, quote the value if it "
					   "is text"), (const char *)
					   ev.data.scalar.tag);
				goto done;
			}
			last.seen = 1;
			last.style = ev.data.scalar.style;
			last.start = ev.start_mark;
			last.end = ev.end_mark;
			if (escaped_control(path, &ev, d))
				goto done;
			node = new_node(arena, YNODE_SCALAR, m);
			node->text = arena_alloc(arena, ev.data.scalar.length +
						 1, 1);
			memcpy(node->text, ev.data.scalar.value,
			       ev.data.scalar.length);
			node->text[ev.data.scalar.length] = '\0';
			node->len = ev.data.scalar.length;
			node->quoted = ev.data.scalar.style !=
				       YAML_PLAIN_SCALAR_STYLE;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			yaml_char_t *anchor = ev.type == YAML_MAPPING_START_EVENT
				? ev.data.mapping_start.anchor
				: ev.data.sequence_start.anchor;
			yaml_char_t *tag = ev.type == YAML_MAPPING_START_EVENT
				? ev.data.mapping_start.tag
				: ev.data.sequence_start.tag;

			if (anchor || tag) {
				diag_error(d, path, (int)m->line + 1,
					   (int)m->column + 1, anchor ? "anchor" :
					   "tag", anchor ? "anchors (&%s) are not "
					   "allowed in plan files" : "tags (%s) are "
					   "not used in plan files",
					   (const char *)(anchor ? anchor : tag));
				goto done;
			}
			if (depth >= YDOC_MAX_DEPTH) {
				diag_error(d, path, (int)m->line + 1,
					   (int)m->column + 1, "too-deep",
					   _("nesting deeper than %d levels; a plan "
					   "file needs no more than 3"),
					   YDOC_MAX_DEPTH);
				goto done;
			}
			node = new_node(arena, ev.type ==
					YAML_MAPPING_START_EVENT ? YNODE_MAP :
					YNODE_SEQ, m);
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT: {
			struct ynode *top = stack[--depth].node;

			if (top->kind == YNODE_MAP && check_keys(top, path, d))
				goto done;
			break;
		}
		default:
			break;
		}
		if (node) {
			if (!depth) {
				root = node;
			} else {
				struct ynode_frame *f = &stack[depth - 1];
				struct ynode *parent = f->node;

				if (parent->kind == YNODE_SEQ) {
					arena_grow(arena, &parent->kids, &f->cap,
						   parent->n + 1);
					parent->kids[parent->n++] = node;
				} else if (f->have_key) {
					/* n counts pairs once the value came */
					parent->kids[2 * parent->n + 1] = node;
					parent->n++;
					f->have_key = 0;
				} else {
					arena_grow(arena, &parent->kids, &f->cap,
						   2 * parent->n + 2);
					parent->kids[2 * parent->n] = node;
					f->have_key = 1;
				}
			}
			if (node->kind != YNODE_SCALAR) {
				XGROW(stack, cap, depth + 1);
				stack[depth].node = node;
				stack[depth].cap = 0;
				stack[depth].have_key = 0;
				depth++;
			}
		}
		yaml_event_delete(&ev);
		have_event = 0;
	}
	if (!root || (root->kind == YNODE_SCALAR &&
		      yscalar_type(root) == YS_NULL)) {
		diag_error(d, path, 1, 1, "empty", len ? "the file holds no "
			   "data (only comments or blank lines); a plan file "
			   "is a mapping of fields such as 'id: 1'" :
			   "the file is empty; a plan file is a mapping of "
			   "fields such as 'id: 1'");
		goto done;
	}
	ret = 0;
done:
	if (have_event)
		yaml_event_delete(&ev);
	yaml_parser_delete(&parser);
	free(stack);
	if (ret) {
		/* the partial tree, and any key waiting for its value, are
		 * all in the arena */
		arena_free(arena);
		root = NULL;
	} else {
		arena->root = root;
	}
	*out = root;
	return ret;
}

/* the place of key's pair in map's kids (2 * i), or -1 */
static long key_at(const struct ynode *map, const char *key)
{
	size_t i, n;

	if (!map || map->kind != YNODE_MAP)
		return -1;
	n = strlen(key);
	for (i = 0; i < map->n; i++) {
		const struct ynode *k = map->kids[2 * i];

		if (k->kind == YNODE_SCALAR && k->len == n &&
		    !memcmp(k->text, key, n))
			return (long)(2 * i);
	}
	return -1;
}

const struct ynode *ynode_key(const struct ynode *map, const char *key)
{
	long at = key_at(map, key);

	return at < 0 ? NULL : map->kids[at];
}

const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	long at = key_at(map, key);

	return at < 0 ? NULL : map->kids[at + 1];
}

static int all_digits(const char *s, const char *set)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!strchr(set, *s))
			return 0;
	return 1;
}

static int is_float(const char *s)
{
	const char *p = s;
	int digits = 0;

	if (*p == '+' || *p == '-')
		p++;
	if (!strcmp(p, ".inf") || !strcmp(p, ".Inf") || !strcmp(p, ".INF"))
		return 1;
	if (p == s && (!strcmp(p, ".nan") || !strcmp(p, ".NaN") ||
		       !strcmp(p, ".NAN")))
		return 1;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++, digits++;
	}
	if (!digits)
		return 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return !*p;
}

enum yscalar_type yscalar_type(const struct ynode *n)
{
	const char *s;

	if (!n || n->kind != YNODE_SCALAR)
		return YS_STRING;
	if (n->quoted)
		return YS_STRING;
	s = n->text;
	if (!*s || !strcmp(s, "~") || !strcmp(s, "null") ||
	    !strcmp(s, "Null") || !strcmp(s, "NULL"))
		return YS_NULL;
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE") ||
	    !strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
		return YS_BOOL;
	if (all_digits(s + (*s == '-' || *s == '+'), "0123456789") ||
	    (!strncmp(s, "0o", 2) && all_digits(s + 2, "01234567")) ||
	    (!strncmp(s, "0x", 2) && all_digits(s + 2,
						"0123456789abcdefABCDEF")))
		return YS_INT;
	if (is_float(s))
		return YS_NUMBER;
	return YS_STRING;
}

int yscalar_true(const struct ynode *n)
{
	return yscalar_type(n) == YS_BOOL &&
	       (n->text[0] == 't' || n->text[0] == 'T');
}

const char *ynode_type_name(const struct ynode *n)
{
	static const char *const names[] = {
		"null", "boolean", "integer", "number", "string"
	};

	if (!n)
		return "nothing";
	if (n->kind == YNODE_MAP)
		return "mapping";
	if (n->kind == YNODE_SEQ)
		return "list";
	return names[yscalar_type(n)];
}

double yscalar_number(const struct ynode *n)
{
	const char *s = n->text;
	const char *u = s + (*s == '+' || *s == '-');

	/* strtod knows "inf" and "nan", not YAML's ".inf" and ".nan" */
	if (u[0] == '.' && (u[1] == 'i' || u[1] == 'I'))
		return *s == '-' ? -INFINITY : INFINITY;
	if (u[0] == '.' && (u[1] == 'n' || u[1] == 'N'))
		return NAN;
	if (!strncmp(s, "0o", 2))
		return (double)strtoull(s + 2, NULL, 8);
	if (!strncmp(s, "0x", 2))
		return (double)strtoull(s + 2, NULL, 16);
	return strtod(s, NULL);
}

const char *ynode_str(const struct ynode *n)
{
	if (!n || n->kind != YNODE_SCALAR || yscalar_type(n) == YS_NULL)
		return NULL;
	return n->text;
}
