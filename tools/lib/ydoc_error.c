/*
 * ydoc_error: a syntax error libyaml reports, told in the plan's terms
 * at the place a person would fix.  See ydoc.c.
 */
#include "ydoc_impl.h"
#include "i18n.h"

#include <stddef.h>
#include <string.h>

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
void ydoc_syntax_error(const yaml_parser_t *p, const struct last_scalar *ls,
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
		ydoc_position(buf, p->problem_offset < len ? p->problem_offset : len,
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
		ydoc_position(buf, off, &line, &col);
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
