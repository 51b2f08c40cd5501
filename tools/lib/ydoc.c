/*
 * ydoc: see ydoc.h.  The raw bytes are screened first (size, encoding,
 * control characters, conflict markers), because libyaml's own messages
 * for those ("invalid leading UTF-8 octet") do not tell a clerk what to
 * do.  Then libyaml's event parser feeds an explicit stack, so that depth
 * is bounded and anchors are refused before anything is expanded.
 */
#include "ydoc.h"
#include "i18n.h"
#include "wcwidth.h"
#include "xalloc.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* position (1-based line and column in characters) of byte offset off */
static void position(const char *buf, size_t off, int *line, int *col)
{
	size_t i = 0;
	int l = 1, c = 1;

	/* libyaml does not count a byte-order mark as a column */
	if (off >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		i = 3;
	for (; i < off; i++) {
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

/*
 * Why code point cp may not appear in a plan file, or NULL when it may.
 * Besides the C0 controls (screened byte by byte), these are characters
 * that no keyboard types but copy and paste brings in, and that libyaml
 * either refuses with a message a clerk cannot act on, or reads as a line
 * break (NEL, LS, PS: the values would change and every line number after
 * them would be wrong).
 */
static const char *bad_char(unsigned cp)
{
	if (cp >= 0x80 && cp <= 0x9f)
		return _("a control character");
	if (cp == 0x2028 || cp == 0x2029)
		return _("a line or paragraph separator");
	if (cp == 0xfeff)
		return _("a byte-order mark, left where files were joined "
			 "or text was pasted");
	if (cp == 0xfffe || cp == 0xffff)
		return _("not a character");
	if (cp == 0x200b || cp == 0x200c || cp == 0x200d || cp == 0x2060)
		return _("a zero-width space, pasted with the text");
	return NULL;
}

/*
 * Is the wide space at p[i] (n bytes: U+3000, the full-width space of a
 * Chinese input method, or U+00A0, the no-break space of Word and web
 * pages) in a line's indentation (1) or at its end (2)?  Elsewhere, in
 * the middle of a text, it is text (0).
 */
static int wide_space(const unsigned char *p, size_t len, size_t bol,
		      size_t i, size_t n)
{
	size_t k;

	for (k = bol; k < i;) {
		if (p[k] == ' ')
			k++;
		else if (k + 2 < i + 1 && p[k] == 0xe3 && p[k + 1] == 0x80 &&
			 p[k + 2] == 0x80)
			k += 3;
		else if (p[k] == 0xc2 && k + 1 < i && p[k + 1] == 0xa0)
			k += 2;
		else
			break;
	}
	if (k == i)
		return 1;
	for (k = i + n; k < len && p[k] != '\n';) {
		if (p[k] == ' ' || p[k] == '\r')
			k++;
		else if (k + 2 < len && p[k] == 0xe3 && p[k + 1] == 0x80 &&
			 p[k + 2] == 0x80)
			k += 3;
		else if (k + 1 < len && p[k] == 0xc2 && p[k + 1] == 0xa0)
			k += 2;
		else
			return 0;
	}
	return 2;
}

/* does the text at p look like GBK / GB18030 double-byte Chinese? */
static int looks_gbk(const unsigned char *p, size_t n)
{
	size_t i, pairs = 0;

	for (i = 0; i < n && pairs < 4; i++) {
		if (p[i] < 0x80)
			continue;
		if (p[i] < 0x81 || p[i] == 0xff || i + 1 >= n)
			return 0;
		/* four bytes: lead, digit, lead, digit */
		if (p[i + 1] >= 0x30 && p[i + 1] <= 0x39 && i + 3 < n &&
		    p[i + 2] >= 0x81 && p[i + 2] <= 0xfe &&
		    p[i + 3] >= 0x30 && p[i + 3] <= 0x39) {
			i += 3;
			pairs++;
			continue;
		}
		if (p[i + 1] < 0x40 || p[i + 1] == 0x7f || p[i + 1] == 0xff)
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
	uint32_t cp;
	const char *why;
	int where;

	if (len > YDOC_MAX_SIZE) {
		diag_error(d, path, 1, 1, "too-large",
			   _("file is %zu bytes, over the limit of %d bytes "
			   "(1 MiB): a plan file is never that large"), len,
			   YDOC_MAX_SIZE);
		return -1;
	}
	if (len >= 2 && ((p[0] == 0xff && p[1] == 0xfe) ||
			 (p[0] == 0xfe && p[1] == 0xff))) {
		diag_error(d, path, 1, 1, "encoding",
			   _("file is UTF-16 (it starts with a UTF-16 byte-order "
			   "mark: Notepad's \"Unicode\"); re-save it as UTF-8 "
			   "(in Notepad: Save As, Encoding UTF-8; in VS Code: "
			   "Save with Encoding, UTF-8)"));
		return -1;
	}
	for (i = 0; i < len && i < 64; i++)
		nul += p[i] == 0;
	if (nul && nul * 4 >= (len < 64 ? len : 64)) {
		diag_error(d, path, 1, 1, "encoding",
			   _("file is UTF-16 or binary (it holds NUL bytes); "
			   "re-save it as UTF-8 (in Notepad: Save As, Encoding "
			   "UTF-8; in VS Code: Save with Encoding, UTF-8)"));
		return -1;
	}
	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		i = 3;	/* UTF-8 byte-order mark: accepted */
	else
		i = 0;
	for (bol = i; i < len;) {
		size_t n;

		if (i == bol && conflict_marker(buf + i, len - i)) {
			position(buf, i, &line, &col);
			diag_error(d, path, line, 1, "merge-conflict",
				   _("unfinished merge: conflict marker '%.7s' "
				   "at line %d; keep the lines you want, delete "
				   "the <<<<<<<, ======= and >>>>>>> lines, then "
				   "commit"), buf + i, line);
			return -1;
		}
		if (p[i] == '\n') {
			bol = ++i;
			continue;
		}
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			i++;	/* printable ASCII: nothing to refuse */
			continue;
		}
		if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\r') ||
		    p[i] == 0x7f || (p[i] == '\r' && i + 1 < len &&
				     p[i + 1] != '\n')) {
			position(buf, i, &line, &col);
			if (p[i] == '\r')
				diag_error(d, path, line, col,
					   "control-character", _("a carriage "
					   "return (U+000D) without a line "
					   "feed; save the file with LF or "
					   "CRLF line endings"));
			else
				diag_error(d, path, line, col,
					   "control-character", _("invisible "
					   "character U+%04X in the text (a "
					   "control character); delete it"),
					   p[i]);
			return -1;
		}
		n = utf8_valid(&cp, (const char *)p + i, len - i);
		if (n && (cp == 0x3000 || cp == 0xa0) &&
		    (where = wide_space(p, len, bol, i, n))) {
			position(buf, i, &line, &col);
			if (where == 1)
				diag_error(d, path, line, col, "wide-space",
					   cp == 0x3000 ?
					   _("a full-width space (U+3000, "
					     "全角空格) in the indentation: YAML "
					     "indents with ASCII spaces only; "
					     "switch the input method to "
					     "half-width (半角) and type spaces") :
					   _("a no-break space (U+00A0) in the "
					     "indentation: YAML indents with "
					     "ASCII spaces only; replace it with "
					     "ordinary spaces"));
			else
				diag_error(d, path, line, col, "wide-space",
					   cp == 0x3000 ?
					   _("a full-width space (U+3000, "
					     "全角空格) at the end of the line: "
					     "it cannot be seen, and the value "
					     "is not what it looks like; delete "
					     "it") :
					   _("a no-break space (U+00A0) at the "
					     "end of the line: it cannot be "
					     "seen, and the value is not what it "
					     "looks like; delete it"));
			return -1;
		}
		if (n && (why = bad_char(cp))) {
			position(buf, i, &line, &col);
			diag_error(d, path, line, col, "control-character",
				   _("invisible character U+%04X in the text "
				   "(%s); delete it"), cp, why);
			return -1;
		}
		if (!n) {
			position(buf, i, &line, &col);
			if (looks_gbk(p + i, len - i))
				diag_error(d, path, line, col, "encoding",
					   _("file is not UTF-8: it looks like "
					   "GBK/GB18030 (the Chinese Windows "
					   "default); re-save it as UTF-8 (in "
					   "Notepad: Save As, Encoding UTF-8; in "
					   "VS Code: Save with Encoding, UTF-8)"));
			else
				diag_error(d, path, line, col, "encoding",
					   _("invalid UTF-8 byte 0x%02x; re-save the "
					   "file as UTF-8"), p[i]);
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

/* the last scalar read, to explain an error that follows it */
struct last_scalar {
	int seen;
	yaml_scalar_style_t style;
	yaml_mark_t start, end;
};

/* byte offset of a libyaml mark (0-based line, column in characters) */
static size_t mark_offset(const char *buf, size_t len, const yaml_mark_t *m)
{
	size_t i = 0, line = m->line, col = m->column;

	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		i = 3;
	for (; line && i < len; i++)
		if (buf[i] == '\n')
			line--;
	while (col && i < len && buf[i] != '\n') {
		i++;
		while (i < len && ((unsigned char)buf[i] & 0xc0) == 0x80)
			i++;
		col--;
	}
	return i;
}

/* the byte at a mark, or NUL at the end */
static char char_at(const char *buf, size_t len, const yaml_mark_t *m)
{
	size_t off = mark_offset(buf, len, m);

	return off < len ? buf[off] : '\0';
}

/* offset of the start of the line holding off */
static size_t line_start(const char *buf, size_t off)
{
	while (off && buf[off - 1] != '\n')
		off--;
	return off;
}

/* offset of a tab in the indentation of the line at bol, or (size_t)-1 */
static size_t indent_tab(const char *buf, size_t len, size_t bol)
{
	size_t i;

	for (i = bol; i < len && (buf[i] == ' ' || buf[i] == '\t'); i++)
		if (buf[i] == '\t')
			return i;
	return (size_t)-1;
}

/* does the line at bol hold text before off (other than blanks)? */
static int text_before(const char *buf, size_t bol, size_t off)
{
	for (; bol < off; bol++)
		if (buf[bol] != ' ' && buf[bol] != '\t')
			return 1;
	return 0;
}

/* does the line at bol, up to off, hold "key:" followed by a blank? */
static int has_key(const char *buf, size_t bol, size_t off)
{
	size_t i;

	for (i = bol; i + 1 < off; i++)
		if (buf[i] == ':' && (buf[i + 1] == ' ' || buf[i + 1] == '\t'))
			return 1;
	return 0;
}

/*
 * Report libyaml's failure as a finding a clerk can act on: libyaml names
 * the grammar rule that failed ("did not find expected key"), which says
 * little to someone who mistyped an indentation or a quote.  The text
 * around the marks tells the common mistakes apart; anything else keeps
 * libyaml's own words.  Positions are where the mistake is, which is not
 * always where libyaml noticed it (an unclosed bracket is noticed lines
 * later).
 */
static void syntax_error(const yaml_parser_t *p, const struct last_scalar *ls,
			 const char *path, const char *buf, size_t len,
			 struct diag_list *d)
{
	const char *pr = p->problem ? p->problem : "";
	const char *cx = p->context ? p->context : "";
	const yaml_mark_t *at = &p->problem_mark;
	yaml_mark_t bol_mark;
	size_t off, bol, tab;
	const char *msg = NULL;
	char c;
	int line, col;

	if (p->error == YAML_READER_ERROR) {
		/* the screen refuses all of these first; kept as a net */
		position(buf, p->problem_offset < len ? p->problem_offset : len,
			 &line, &col);
		diag_error(d, path, line, col, "encoding", _("the text cannot be "
			   "read: %s; re-save the file as UTF-8"), pr);
		return;
	}
	if (!strcmp(pr, "could not find expected ':'"))
		at = &p->context_mark;	/* the line that lacks its ':' */
	off = mark_offset(buf, len, at);
	bol = line_start(buf, off);
	c = off < len ? buf[off] : '\0';
	tab = indent_tab(buf, len, bol);
	if (strstr(pr, "tab") ||
	    (tab != (size_t)-1 && (off <= tab ||
				   !text_before(buf, bol, off)))) {
		if (tab != (size_t)-1)
			off = tab;
		position(buf, off, &line, &col);
		diag_error(d, path, line, col, "tab", _("a tab is used for "
			   "indentation: YAML allows only spaces; replace the "
			   "tab with spaces"));
		return;
	}
	if (strstr(cx, "quoted scalar")) {
		if (!strcmp(pr, "found unknown escape character")) {
			msg = _("unknown escape after '\\' in a value in double "
			      "quotes: write '\\\\' for a backslash, or put "
			      "the value in single quotes ('...')");
		} else if (strstr(pr, "end of stream") ||
			   strstr(pr, "document indicator")) {
			at = &p->context_mark;
			msg = _("unclosed quotes: the value that starts here has "
			      "no closing quote");
		}
	} else if (ls->seen && ls->style != YAML_PLAIN_SCALAR_STYLE &&
		   ls->style != YAML_LITERAL_SCALAR_STYLE &&
		   ls->style != YAML_FOLDED_SCALAR_STYLE &&
		   ls->end.line > ls->start.line &&
		   ls->end.line == p->problem_mark.line) {
		/*
		 * A quote left open runs on to the next quote, lines later,
		 * and the error shows after it: blame the opening quote.
		 */
		at = &ls->start;
		msg = _("unclosed quotes: the value that starts here has no "
		      "closing quote on its line, so it runs on to the next "
		      "quote in the file");
	} else if (!strcmp(pr, "did not find expected ',' or ']'")) {
		at = &p->context_mark;
		msg = _("unclosed '[': the list that starts here needs a closing "
		      "']' (and ',' between its items)");
	} else if (!strcmp(pr, "did not find expected ',' or '}'")) {
		at = &p->context_mark;
		msg = _("unclosed '{': the mapping that starts here needs a "
		      "closing '}' (and ',' between its items)");
	} else if (!strcmp(pr, "mapping values are not allowed in this "
			   "context")) {
		if (at->column >= 1024 && !has_key(buf, bol, off)) {
			/* past libyaml's limit, a key is no key */
			bol_mark = *at;
			bol_mark.column = 0;
			at = &bol_mark;
			msg = _("a key longer than 1024 characters; keys are "
			      "short names such as 'progress'");
		} else if (has_key(buf, bol, off))
			msg = _("a ':' followed by a space inside a value; put "
			      "the whole value in double quotes (\"...\")");
		else
			msg = _("bad indentation: this line is indented more "
			      "than the field above it, so it reads as part of "
			      "that field's value; start fields of the same "
			      "level in the same column");
	} else if (!strcmp(pr, "did not find expected key") ||
		   !strcmp(pr, "did not find expected '-' indicator") ||
		   !strcmp(pr, "did not find expected <document start>")) {
		if (text_before(buf, bol, off))
			msg = _("unexpected text after the end of a value; if "
			      "the value has quotes, put all of it inside them");
		else
			msg = _("bad indentation: this line does not line up "
			      "with the fields above it; start fields of the "
			      "same level in the same column, with spaces");
	} else if (!strcmp(pr, "could not find expected ':'")) {
		size_t i, eol = off;

		while (eol < len && buf[eol] != '\n')
			eol++;
		msg = _("a line without 'key: value': a field needs a ':' and "
		      "a space after its name, or a long value was broken over "
		      "lines (keep it on one line, or quote it)");
		if (p->problem_mark.index - p->context_mark.index >= 1024)
			msg = _("a key longer than 1024 characters, or a line "
			      "without 'key: value'; keys are short names "
			      "such as 'progress'");
		for (i = off; i < eol; i++) {
			if (i + 2 < eol &&
			    !memcmp(buf + i, "\xef\xbc\x9a", 3)) {
				msg = _("a full-width colon '\xef\xbc\x9a' after "
				      "a field name: YAML needs the ASCII ':' "
				      "and a space, as in 'progress: 50'");
				break;
			}
			if (buf[i] == ':' && i + 1 < eol && buf[i + 1] != ' ' &&
			    buf[i + 1] != '\r') {
				msg = _("a ':' needs a space after it: write "
				      "'key: value', as in 'progress: 50'");
				break;
			}
		}
	} else if (strstr(cx, "scanning an alias") &&
		   char_at(buf, len, &p->context_mark) == '*') {
		/* - *@jmw.sx.gov.cn: a committers pattern left unquoted */
		at = &p->context_mark;
		msg = _("a value cannot start with '*' (YAML reads it as a "
			"reference): put it in double quotes, as in "
			"\"*@jmw.sx.gov.cn\"");
	} else if (!strcmp(pr, "block sequence entries are not allowed in "
			   "this context")) {
		msg = _("a list item ('- ') cannot follow 'key:' on the same "
		      "line; put each item on a line of its own, indented");
	} else if (!strcmp(pr, "found character that cannot start any "
			   "token") && (c == '@' || c == '`')) {
		msg = c == '@' ? _("a value cannot start with '@': put it "
				   "in double quotes (\"...\")") :
			  _("a value cannot start with '`': put it in double "
			    "quotes (\"...\")");
	} else if (strstr(cx, "block scalar") && strstr(pr, "line break") &&
		   ((c = char_at(buf, len, &p->context_mark)) == '>' ||
		    c == '|')) {
		/* op: >= : '>' opens a block of text in YAML */
		at = &p->context_mark;
		msg = _("a value cannot start with '>' or '|' (they begin a "
		      "block of text): put it in double quotes, as in "
		      "op: \">=\"");
	} else if (!strcmp(pr, "did not find expected node content")) {
		msg = _("a value is missing here, or starts with a character "
		      "YAML reserves; put the value in double quotes (\"...\")");
	}
	line = (int)at->line + 1;
	col = (int)at->column + 1;
	if (msg)
		diag_error(d, path, line, col, "syntax", "%s", msg);
	else
		diag_error(d, path, line, col, "syntax", *cx ?
			   /* TRANSLATORS: libyaml's English text follows */
			   _("YAML syntax error: %s %s") :
			   _("YAML syntax error: %s"), *pr ? pr :
			   "unknown problem", cx);
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
			why = bad_char(cp);
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
	if (screen(path, buf, len, d))
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
			syntax_error(&parser, &last, path, buf, len, d);
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
