/*
 * ydoc: see ydoc.h.  The raw bytes are screened first (size, encoding,
 * control characters, conflict markers), because libyaml's own messages
 * for those ("invalid leading UTF-8 octet") do not tell a clerk what to
 * do.  Then libyaml's event parser feeds an explicit stack, so that depth
 * is bounded and anchors are refused before anything is expanded.
 */
#include "ydoc.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* position (1-based line and column in characters) of byte offset off */
static void position(const char *buf, size_t off, int *line, int *col)
{
	size_t i;
	int l = 1, c = 1;

	for (i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)buf[i];

		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xc0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* length of the valid UTF-8 sequence at p (at most n bytes), or 0 */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t len, i;
	unsigned cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* does the text at p look like GBK / GB18030 double-byte Chinese? */
static int looks_gbk(const unsigned char *p, size_t n)
{
	size_t i, pairs = 0;

	for (i = 0; i < n && pairs < 4; i++) {
		if (p[i] < 0x80)
			continue;
		if (p[i] < 0x81 || p[i] == 0xff || i + 1 >= n ||
		    p[i + 1] < 0x40 || p[i + 1] == 0x7f || p[i + 1] == 0xff)
			return 0;
		i++;
		pairs++;
	}
	return pairs > 0;
}

static int conflict_marker(const char *line, size_t n)
{
	static const char *const marks[] = {
		"<<<<<<<", "=======", ">>>>>>>", "|||||||"
	};
	size_t i;

	for (i = 0; i < 4; i++)
		if (n >= 7 && !memcmp(line, marks[i], 7) &&
		    (n == 7 || line[7] == ' ' || line[7] == '\r' ||
		     (i == 1 && line[7] == '\n') || line[7] == '\n'))
			return 1;
	return 0;
}

/* screen the raw bytes; 0 when fine, -1 after adding a finding */
static int screen(const char *path, const char *buf, size_t len,
		  struct diag_list *d)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t i, nul = 0, bol = 0;
	int line, col;

	if (len > YDOC_MAX_SIZE) {
		diag_error(d, path, 1, 1, "too-large",
			   "file is %zu bytes, over the limit of %d bytes "
			   "(1 MiB): a plan file is never that large", len,
			   YDOC_MAX_SIZE);
		return -1;
	}
	if (len >= 2 && ((p[0] == 0xff && p[1] == 0xfe) ||
			 (p[0] == 0xfe && p[1] == 0xff))) {
		diag_error(d, path, 1, 1, "encoding",
			   "file is UTF-16 (it starts with a UTF-16 byte-order "
			   "mark); save it as UTF-8");
		return -1;
	}
	for (i = 0; i < len && i < 64; i++)
		nul += p[i] == 0;
	if (nul && nul * 4 >= (len < 64 ? len : 64)) {
		diag_error(d, path, 1, 1, "encoding",
			   "file is UTF-16 or binary (it holds NUL bytes); "
			   "save it as UTF-8");
		return -1;
	}
	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		i = 3;	/* UTF-8 byte-order mark: accepted */
	else
		i = 0;
	for (; i < len;) {
		size_t n;

		if (i == bol && conflict_marker(buf + i, len - i)) {
			position(buf, i, &line, &col);
			diag_error(d, path, line, 1, "merge-conflict",
				   "unfinished merge: conflict marker '%.7s' "
				   "at line %d; keep the lines you want, delete "
				   "the <<<<<<<, ======= and >>>>>>> lines, then "
				   "commit", buf + i, line);
			return -1;
		}
		if (p[i] == '\n') {
			bol = ++i;
			continue;
		}
		if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\r') ||
		    p[i] == 0x7f || (p[i] == '\r' && i + 1 < len &&
				     p[i + 1] != '\n')) {
			position(buf, i, &line, &col);
			diag_error(d, path, line, col, "control-character",
				   "control character 0x%02x in the text; "
				   "delete it (it is invisible in most editors)",
				   p[i]);
			return -1;
		}
		n = utf8_len(p + i, len - i);
		if (!n) {
			position(buf, i, &line, &col);
			if (looks_gbk(p + i, len - i))
				diag_error(d, path, line, col, "encoding",
					   "file is not UTF-8: it looks like "
					   "GBK/GB18030 (the Chinese Windows "
					   "default); re-save it as UTF-8 (in "
					   "Notepad: Save As, Encoding UTF-8; in "
					   "VS Code: Save with Encoding, UTF-8)");
			else
				diag_error(d, path, line, col, "encoding",
					   "invalid UTF-8 byte 0x%02x; re-save the "
					   "file as UTF-8", p[i]);
			return -1;
		}
		i += n;
	}
	return 0;
}

struct ynode_frame {
	struct ynode *node;
	size_t cap;		/* allocated slots in node->kids */
	int have_key;		/* a mapping's key waits for its value */
};

static void node_free_one(struct ynode *n)
{
	free(n->text);
	free(n->kids);
	free(n);
}

void ynode_free(struct ynode *root)
{
	struct ynode **stack = NULL;
	size_t n = 0, cap = 0, i;

	if (!root)
		return;
	/* iterative, like the loader: depth is bounded, but be uniform */
	xgrow((void **)&stack, &cap, 1, sizeof(*stack));
	stack[n++] = root;
	while (n) {
		struct ynode *x = stack[--n];
		size_t kids = x->kind == YNODE_MAP ? 2 * x->n :
			      x->kind == YNODE_SEQ ? x->n : 0;

		xgrow((void **)&stack, &cap, n + kids, sizeof(*stack));
		for (i = 0; i < kids; i++)
			if (x->kids[i])
				stack[n++] = x->kids[i];
		node_free_one(x);
	}
	free(stack);
}

static const char *friendly(const yaml_parser_t *p, const char *buf,
			    size_t len)
{
	const char *pr = p->problem ? p->problem : "syntax error";
	size_t off = p->problem_mark.index;

	if (strstr(pr, "cannot start any token") && off < len &&
	    buf[off] == '\t')
		return "a tab is used for indentation: YAML allows only "
		       "spaces; replace the tab with spaces";
	if (strstr(pr, "tab"))
		return "a tab is used for indentation: YAML allows only "
		       "spaces; replace the tab with spaces";
	if (strstr(pr, "mapping values are not allowed"))
		return "a ':' followed by a space inside a value; put the "
		       "whole value in double quotes (\"...\"), or check the "
		       "indentation of this line";
	if (p->context && strstr(p->context, "quoted scalar"))
		return "unclosed quotes: the value's closing quote is "
		       "missing";
	if (strstr(pr, "did not find expected ',' or ']'"))
		return "unclosed '[': a list opened with '[' needs ']'";
	if (strstr(pr, "did not find expected ',' or '}'"))
		return "unclosed '{': a mapping opened with '{' needs '}'";
	if (strstr(pr, "did not find expected key") ||
	    strstr(pr, "did not find expected '-' indicator"))
		return "bad indentation: fields of the same level must start "
		       "in the same column";
	if (strstr(pr, "could not find expected ':'"))
		return "a line without 'key: value': a field needs a ':' "
		       "after its name, or a long value was broken over lines";
	return NULL;
}

/* key text for duplicate checks: only scalars make keys */
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
				   "a key must be a plain name, not a %s",
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
				   "duplicate-key", "duplicate key '%s' (first "
				   "at line %d); keep only one of them",
				   keys[i]->text, keys[i - 1]->line);
			bad = 1;
		}
	}
	free(keys);
	return bad ? -1 : 0;
}

static struct ynode *new_node(enum ynode_kind kind, const yaml_mark_t *m)
{
	struct ynode *n = xcalloc(1, sizeof(*n));

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
	int docs = 0, ret = -1, done = 0, have_event = 0;

	*out = NULL;
	if (screen(path, buf, len, d))
		return -1;
	if (!yaml_parser_initialize(&parser)) {
		diag_error(d, path, 0, 0, "internal", "cannot start the YAML "
			   "parser (out of memory)");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!done) {
		struct ynode *node = NULL;
		const yaml_mark_t *m;

		if (!yaml_parser_parse(&parser, &ev)) {
			const char *f = friendly(&parser, buf, len);
			int line = (int)parser.problem_mark.line + 1;
			int col = (int)parser.problem_mark.column + 1;

			if (f)
				diag_error(d, path, line, col, "syntax", "%s", f);
			else
				diag_error(d, path, line, col, "syntax",
					   "YAML syntax error: %s%s%s",
					   parser.problem ? parser.problem :
					   "unknown problem",
					   parser.context ? " " : "",
					   parser.context ? parser.context : "");
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
					   "a second document ('---') in the file; "
					   "a plan file holds exactly one: delete "
					   "the '---' line and what belongs to "
					   "another file");
				goto done;
			}
			break;
		case YAML_ALIAS_EVENT:
			diag_error(d, path, (int)m->line + 1, (int)m->column + 1,
				   "alias", "aliases (*%s) are not allowed in "
				   "plan files; write the value out",
				   (const char *)ev.data.alias.anchor);
			goto done;
		case YAML_SCALAR_EVENT:
			if (ev.data.scalar.anchor) {
				diag_error(d, path, (int)m->line + 1,
					   (int)m->column + 1, "anchor",
					   "anchors (&%s) are not allowed in plan "
					   "files", (const char *)
					   ev.data.scalar.anchor);
				goto done;
			}
			if (ev.data.scalar.tag && !ev.data.scalar.quoted_implicit
			    && !ev.data.scalar.plain_implicit) {
				diag_error(d, path, (int)m->line + 1,
					   (int)m->column + 1, "tag",
					   "tags (%s) are not used in plan files; "
					   "delete the tag, quote the value if it "
					   "is text", (const char *)
					   ev.data.scalar.tag);
				goto done;
			}
			node = new_node(YNODE_SCALAR, m);
			node->text = xstrndup((const char *)ev.data.scalar.value,
					      ev.data.scalar.length);
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
					   "nesting deeper than %d levels; a plan "
					   "file needs no more than 3",
					   YDOC_MAX_DEPTH);
				goto done;
			}
			node = new_node(ev.type == YAML_MAPPING_START_EVENT ?
					YNODE_MAP : YNODE_SEQ, m);
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
					xgrow((void **)&parent->kids, &f->cap,
					      parent->n + 1, sizeof(*parent->kids));
					parent->kids[parent->n++] = node;
				} else if (f->have_key) {
					/* n counts pairs once the value came */
					parent->kids[2 * parent->n + 1] = node;
					parent->n++;
					f->have_key = 0;
				} else {
					xgrow((void **)&parent->kids, &f->cap,
					      2 * parent->n + 2,
					      sizeof(*parent->kids));
					parent->kids[2 * parent->n] = node;
					f->have_key = 1;
				}
			}
			if (node->kind != YNODE_SCALAR) {
				xgrow((void **)&stack, &cap, depth + 1,
				      sizeof(*stack));
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
	/* a key still waiting for its value is not counted in n */
	while (depth--)
		if (stack[depth].have_key)
			ynode_free(stack[depth].node->kids[2 *
						stack[depth].node->n]);
	free(stack);
	if (ret) {
		/* on failure the partial tree hangs from root */
		ynode_free(root);
		root = NULL;
	}
	*out = root;
	return ret;
}

const struct ynode *ynode_key(const struct ynode *map, const char *key)
{
	size_t i, n;

	if (!map || map->kind != YNODE_MAP)
		return NULL;
	n = strlen(key);
	for (i = 0; i < map->n; i++) {
		const struct ynode *k = map->kids[2 * i];

		if (k->kind == YNODE_SCALAR && k->len == n &&
		    !memcmp(k->text, key, n))
			return k;
	}
	return NULL;
}

const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	size_t i, n;

	if (!map || map->kind != YNODE_MAP)
		return NULL;
	n = strlen(key);
	for (i = 0; i < map->n; i++) {
		const struct ynode *k = map->kids[2 * i];

		if (k->kind == YNODE_SCALAR && k->len == n &&
		    !memcmp(k->text, key, n))
			return map->kids[2 * i + 1];
	}
	return NULL;
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
