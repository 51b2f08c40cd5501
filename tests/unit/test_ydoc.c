/*
 * Unit tests of ydoc.c: the loader that every plan file goes through.
 * Bad text gets one finding at the right place with a message a clerk can
 * act on; good text from badly configured editors (byte-order mark, CRLF)
 * is read as written; no input, however large or deep, overflows a stack
 * or reads past its buffer.  Every input is handed over in a heap block of
 * exactly its length, without a terminating NUL, so that under ASan a read
 * past the end fails the test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "ydoc.h"

/* load len bytes of s from a block of exactly that size */
static int load(struct ynode **out, const char *s, size_t len,
		struct diag_list *d)
{
	char *buf = xmalloc(len ? len : 1);
	int ret;

	memcpy(buf, s, len);
	ret = ydoc_load(out, "t.yaml", buf, len, d);
	free(buf);
	return ret;
}

static struct ynode *load_ok(const char *s)
{
	struct diag_list d = { 0 };
	struct ynode *root = NULL;

	if (load(&root, s, strlen(s), &d)) {
		diag_print_text(stderr, &d);
		fail_msg("refused: %s", s);
	}
	assert_int_equal(d.n, 0);
	assert_non_null(root);
	diag_release(&d);
	return root;
}

/* the refusal of s: one error, at line:col, its message holding phrase */
static void assert_refused(const char *s, size_t len, int line, int col,
			   const char *rule, const char *phrase)
{
	struct diag_list d = { 0 };
	struct ynode *root = (struct ynode *)&d;

	assert_int_equal(load(&root, s, len, &d), -1);
	assert_null(root);
	if (d.n != 1)
		diag_print_text(stderr, &d);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.errors, 1);
	assert_string_equal(d.v[0].file, "t.yaml");
	if (d.v[0].line != line || d.v[0].col != col ||
	    strcmp(d.v[0].rule, rule) || !strstr(d.v[0].message, phrase))
		fail_msg("got %d:%d [%s] %s\nwant %d:%d [%s] ...%s...",
			 d.v[0].line, d.v[0].col, d.v[0].rule,
			 d.v[0].message, line, col, rule, phrase);
	diag_release(&d);
}

struct bad {
	const char *name, *text;
	int line, col;
	const char *rule, *phrase;
};

#define TASK "id: 18\nstatus: in_progress\nprogress: 50\n"

static const struct bad bad_cases[] = {
	/* what libyaml refuses, in words a clerk can act on */
	{ "unclosed double quote", "id: 1\nnote: \"abc\n", 2, 7, "syntax",
	  "unclosed quotes" },
	{ "unclosed single quote", "note: 'abc\nid: 1\n", 1, 7, "syntax",
	  "unclosed quotes" },
	{ "quote running on", "a: \"x\nb: \"y\"\nc: 3\n", 1, 4, "syntax",
	  "no closing quote on its line" },
	{ "unclosed bracket", "a: [1, 2\nb: 3\n", 1, 4, "syntax",
	  "unclosed '['" },
	{ "unclosed brace", "a: {x: 1\nc: 3\n", 1, 4, "syntax",
	  "unclosed '{'" },
	{ "indented more", "a: x\n  b: 1\n", 2, 4, "syntax",
	  "bad indentation: this line is indented more" },
	{ "indented less", "a:\n  b: 1\n c: 2\n", 3, 2, "syntax",
	  "bad indentation: this line does not line up" },
	{ "list indented less", "a:\n  - x\n - y\n", 3, 2, "syntax",
	  "bad indentation" },
	{ "first line indented", "  a: 1\nb: 2\n", 2, 1, "syntax",
	  "bad indentation" },
	{ "tab indentation", "a:\n\tb: 1\n", 2, 1, "tab",
	  "a tab is used for indentation" },
	{ "tab before a list item", "a:\n  - x\n\t- y\n", 3, 1, "tab",
	  "a tab is used for indentation" },
	{ "tab in a block of text", "a: |\n  x\n\ty\n", 3, 1, "tab",
	  "a tab is used for indentation" },
	{ "stray colon", "note: 说明: 已完成\n", 1, 9, "syntax",
	  "a ':' followed by a space inside a value" },
	{ "colon without space", "a: 1\nprogress:50\nb: 2\n", 2, 1, "syntax",
	  "a ':' needs a space after it" },
	{ "full-width colon", "a: 1\nprogress\xef\xbc\x9a" "50\nb: 2\n", 2, 1,
	  "syntax", "full-width colon" },
	{ "line without key", "a: 1\n按季度推进\nb: 2\n", 2, 1, "syntax",
	  "a line without 'key: value'" },
	{ "text after quotes", "note: \"abc\" def\n", 1, 13, "syntax",
	  "unexpected text after the end of a value" },
	{ "list after key", "lead: - jmw\n", 1, 7, "syntax",
	  "a list item ('- ') cannot follow 'key:'" },
	{ "unknown escape", "note: \"C:\\new\\q\"\n", 1, 14, "syntax",
	  "unknown escape" },
	{ "reserved @", "note: @x\n", 1, 7, "syntax",
	  "a value cannot start with '@'" },
	{ "reserved backtick", "note: `x`\n", 1, 7, "syntax",
	  "a value cannot start with '`'" },
	{ "unquoted >=", "op: >=\n", 1, 5, "syntax",
	  "a value cannot start with '>' or '|'" },
	{ "missing value", "note: ]\n", 1, 7, "syntax", "a value is missing" },
	{ "YAML 2.0", "%YAML 2.0\n---\na: 1\n", 1, 1, "syntax",
	  "incompatible YAML document" },
	/* structure */
	{ "empty", "", 1, 1, "empty", "the file is empty" },
	{ "only comments", "# a\n\n# b\n", 1, 1, "empty", "holds no data" },
	{ "only blanks", "  \n\n", 1, 1, "empty", "holds no data" },
	{ "only a marker", "---\n", 1, 1, "empty", "holds no data" },
	{ "only null", "~\n", 1, 1, "empty", "holds no data" },
	{ "only a byte-order mark", "\xef\xbb\xbf", 1, 1, "empty",
	  "holds no data" },
	{ "two documents", "a: 1\n---\na: 2\n", 2, 1, "multi-document",
	  "a second document ('---')" },
	{ "two documents after end", "a: 1\n...\n---\nb: 2\n", 3, 1,
	  "multi-document", "a second document" },
	{ "duplicate key", "a: 1\nb: 2\na: 3\n", 3, 1, "duplicate-key",
	  "duplicate key 'a' (first at line 1)" },
	{ "duplicate quoted key", "a: 1\n\"a\": 2\n", 2, 1, "duplicate-key",
	  "duplicate key 'a'" },
	{ "duplicate nested key", "u:\n  l: 1\n  m: 2\n  l: 3\n", 4, 3,
	  "duplicate-key", "duplicate key 'l' (first at line 2)" },
	{ "duplicate key in a list", "i:\n  - n: 1\n    n: 2\n", 3, 5,
	  "duplicate-key", "duplicate key 'n'" },
	{ "duplicate key in flow", "a: {x: 1, x: 2}\n", 1, 11,
	  "duplicate-key", "duplicate key 'x'" },
	{ "list as key", "? [a, b]\n: c\n", 1, 3, "bad-key",
	  "a key must be a plain name, not a list" },
	{ "mapping as key", "? {a: b}\n: c\n", 1, 3, "bad-key",
	  "not a mapping" },
	/* anchors, aliases, tags, depth */
	{ "anchor", "a: &x 1\n", 1, 4, "anchor", "anchors (&x)" },
	{ "anchor on a list", "a: &x [1]\n", 1, 4, "anchor", "anchors (&x)" },
	{ "alias", "a: *x\n", 1, 4, "alias", "aliases (*x)" },
	{ "billion laughs",
	  "a: &a [\"lol\", \"lol\"]\nb: &b [*a, *a]\nc: &c [*b, *b]\n", 1, 4,
	  "anchor", "anchors (&a)" },
	{ "tag", "a: !!str 1\n", 1, 4, "tag", "tags (tag:yaml.org,2002:str)" },
	{ "YAML 1.1", "%YAML 1.1\n---\nid: 1\n", 1, 1, "yaml-version",
	  "the file says %YAML 1.1: plan files are YAML 1.2" },
	{ "local tag", "a: !x 1\n", 1, 4, "tag", "tags (!x)" },
	{ "tag on a mapping", "a: !!map {}\n", 1, 4, "tag",
	  "tags (tag:yaml.org,2002:map)" },
	{ "33 levels of lists", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	  "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n", 1, 33, "too-deep",
	  "nesting deeper than 32 levels" },
	{ "block nesting", "a:\n b:\n  c:\n   d:\n    e:\n     f:\n      g:\n"
	  "       h:\n        i:\n         j:\n          k:\n           l:\n"
	  "            m:\n             n:\n              o:\n"
	  "               p:\n                q:\n                 r:\n"
	  "                  s:\n                   t:\n"
	  "                    u:\n                     v:\n"
	  "                      w:\n                       x:\n"
	  "                        y:\n                         z:\n"
	  "                          A:\n                           B:\n"
	  "                            C:\n"
	  "                             D:\n"
	  "                              E:\n"
	  "                               F:\n"
	  "                                G: 1\n", 33, 33, "too-deep",
	  "nesting deeper" },
	/* text that is not clean UTF-8 */
	{ "GBK", "id: 1\nnote: \xbd\xf8\xd5\xb9\n", 2, 7, "encoding",
	  "it looks like GBK/GB18030" },
	{ "GB18030 four bytes", "note: \x81\x30\x81\x30\xbd\xf8\n", 1, 7,
	  "encoding", "GBK/GB18030" },
	{ "Latin-1", "note: caf\xe9\n", 1, 10, "encoding",
	  "invalid UTF-8 byte 0xe9" },
	{ "invalid lead byte", "note: \xc0\x2f\n", 1, 7, "encoding",
	  "invalid UTF-8" },
	{ "UTF-8 surrogate", "note: \xed\xa0\x80\n", 1, 7, "encoding",
	  "invalid UTF-8" },
	{ "truncated UTF-8", "note: \xe8", 1, 7, "encoding",
	  "invalid UTF-8" },
	{ "control character", "a: 1\nnote: x\x07y\n", 2, 8,
	  "control-character", "invisible character U+0007" },
	{ "DEL", "note: x\x7fy\n", 1, 8, "control-character", "U+007F" },
	{ "lone CR", "a: 1\rb: 2\r", 1, 5, "control-character",
	  "a carriage return (U+000D) without a line feed" },
	{ "NEL", "note: x\xc2\x85y\n", 1, 8, "control-character",
	  "U+0085" },
	{ "line separator", "note: x\xe2\x80\xa8y\n", 1, 8,
	  "control-character", "U+2028" },
	{ "paragraph separator", "note: 进展\xe2\x80\xa9\n", 1, 9,
	  "control-character", "U+2029" },
	{ "byte-order mark inside", "a: 1\nnote: \xef\xbb\xbfx\n", 2, 7,
	  "control-character", "a byte-order mark" },
	{ "two byte-order marks", "\xef\xbb\xbf\xef\xbb\xbf" "a: 1\n", 1, 1,
	  "control-character", "U+FEFF" },
	{ "U+FFFE", "note: \xef\xbf\xbe\n", 1, 7, "control-character",
	  "U+FFFE" },
	{ "escaped NUL", "note: \"a\\0b\"\n", 1, 7, "control-character",
	  "written as an escape" },
	{ "escaped BEL", "note: \"a\\x07b\"\n", 1, 7, "control-character",
	  "U+0007 in the value" },
	{ "escaped NEL", "note: \"a\\Nb\"\n", 1, 7, "control-character",
	  "U+0085" },
	{ "escaped line separator", "note: \"a\\Lb\"\n", 1, 7,
	  "control-character", "U+2028" },
	{ "escaped CR", "note: \"a\\rb\"\n", 1, 7, "control-character",
	  "U+000D" },
	{ "escaped control in a key", "\"no\\0te\": 1\n", 1, 1,
	  "control-character", "U+0000" },
	/* unfinished merges */
	{ "conflict marker", TASK "<<<<<<< HEAD\nnote: a\n=======\nnote: b\n"
	  ">>>>>>> other\n", 4, 1, "merge-conflict",
	  "unfinished merge: conflict marker '<<<<<<<' at line 4" },
	{ "conflict marker, CRLF", "a: 1\r\n<<<<<<< HEAD\r\nb: 2\r\n", 2, 1,
	  "merge-conflict", "unfinished merge" },
	{ "conflict middle only", "a: 1\n=======\nb: 2\n", 2, 1,
	  "merge-conflict", "'======='" },
	{ "conflict end only", "a: 1\n>>>>>>> 8d3c2f1\n", 2, 1,
	  "merge-conflict", "'>>>>>>>'" },
	{ "conflict base (diff3)", "a: 1\n||||||| base\n", 2, 1,
	  "merge-conflict", "'|||||||'" },
	{ "conflict after a BOM", "\xef\xbb\xbf<<<<<<< HEAD\na: 1\n", 1, 1,
	  "merge-conflict", "unfinished merge" },
	{ "conflict at the end", "a: 1\n=======", 2, 1, "merge-conflict",
	  "unfinished merge" },
};

/* texts holding NUL bytes, with their length */
struct bad_bytes {
	const char *name, *text;
	size_t len;
	int line, col;
	const char *rule, *phrase;
};

#define BYTES(name, s, line, col, rule, phrase) \
	{ name, s, sizeof(s) - 1, line, col, rule, phrase }

static const struct bad_bytes bad_bytes_cases[] = {
	BYTES("UTF-16LE with BOM", "\xff\xfei\0d\0:\0 \0" "1\0\n\0", 1, 1,
	      "encoding", "file is UTF-16 (it starts with a UTF-16 byte-order"),
	BYTES("UTF-16BE with BOM", "\xfe\xff\0i\0d\0:\0 \0" "1\0\n", 1, 1,
	      "encoding", "file is UTF-16 (it starts with a UTF-16 byte-order"),
	BYTES("UTF-16LE without BOM", "i\0d\0:\0 \0" "1\0\n\0", 1, 1,
	      "encoding", "file is UTF-16 or binary"),
	BYTES("UTF-16BE without BOM", "\0i\0d\0:\0 \0" "1\0\n", 1, 1,
	      "encoding", "file is UTF-16 or binary"),
	BYTES("UTF-32LE", "i\0\0\0d\0\0\0:\0\0\0", 1, 1, "encoding",
	      "file is UTF-16 or binary"),
	BYTES("NUL", "a: 1\nnote: x\0y\n", 2, 8, "control-character",
	      "invisible character U+0000"),
	BYTES("binary", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1", 1, 1,
	      "encoding",
	      "holds NUL bytes"),
	/* the slips of a Chinese input method, named at their own column */
	BYTES("full-width space indenting", "units:\n\xe3\x80\x80lead: []\n",
	      2, 1, "wide-space", "a full-width space (U+3000, "),
	BYTES("full-width space after a value",
	      "status: in_progress\xe3\x80\x80\n", 1, 20, "wide-space",
	      "at the end of the line"),
	BYTES("no-break space after a value", "status: done\xc2\xa0\r\n", 1,
	      13, "wide-space", "a no-break space (U+00A0) at the end"),
	BYTES("zero-width space", "status: in_\xe2\x80\x8bprogress\n", 1, 12,
	      "control-character", "U+200B in the text (a zero-width space"),
};

static void test_bad(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(*bad_cases); i++) {
		const struct bad *c = &bad_cases[i];

		assert_refused(c->text, strlen(c->text), c->line, c->col,
			       c->rule, c->phrase);
	}
	for (i = 0; i < sizeof(bad_bytes_cases) / sizeof(*bad_bytes_cases);
	     i++) {
		const struct bad_bytes *c = &bad_bytes_cases[i];

		assert_refused(c->text, c->len, c->line, c->col, c->rule,
			       c->phrase);
	}
}

/* what merely looks odd is read as written */
static const char *const good_cases[] = {
	"\xef\xbb\xbfid: 1\nnote: x\n",			/* byte-order mark */
	"id: 1\r\nnote: x\r\n",				/* CRLF */
	"\xef\xbb\xbfid: 1\r\nnote: |\r\n  a\r\n  b\r\n",	/* both */
	"id: 1\nnote: x",				/* no final newline */
	"id: 1   \nnote: x \t\n",			/* trailing blanks */
	"key\t: 1\nb:\t2\n",				/* tabs as blanks */
	"note: \"a\\tb\\nc\"\n",			/* escaped tab, LF */
	"note: \xf0\xa0\x80\x80\xe2\x80\x94\xef\xbc\x81\n", /* rare CJK */
	"note: a\xc2\xa0" "b\xe3\x80\x80" "c\n",		/* NBSP, U+3000 in text */
	"note: \"=======\"\nother: <<<<<<<x\n",		/* not markers */
	"%YAML 1.2\n---\nid: 1\n...\n",			/* directive, ends */
	"---\nid: 1\n",					/* explicit start */
	"a: [1, [2, [3]]]\nb: {c: {d: e}}\n",		/* flow */
	"note: 'it''s'\n",				/* quoted quote */
	"note: >-\n  folded\n  text\n",			/* folded block */
	"# comment\nid: 1 # trailing comment\n",	/* comments */
	"? a\n: b\n",					/* explicit key */
};

static void test_good(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good_cases) / sizeof(*good_cases); i++) {
		struct ynode *root = load_ok(good_cases[i]);

		assert_int_equal(root->kind, YNODE_MAP);
		ynode_free(root);
	}
}

static void test_tree(void **state)
{
	struct ynode *root = load_ok(
		"\xef\xbb\xbf# comment\r\n"
		"id: 18\r\n"
		"units:\r\n"
		"  lead:\r\n"
		"    - jmw\r\n"
		"    - \"counties\"\r\n"
		"note: 进展 \"x\"\r\n"
		"empty:\r\n"
		"text: |\r\n"
		"  a\r\n"
		"  b\r\n");
	const struct ynode *units, *lead, *n;

	(void)state;
	assert_int_equal(root->kind, YNODE_MAP);
	assert_int_equal(root->n, 5);
	/* positions: 1-based, the BOM is not a column, CR is not text */
	n = ynode_key(root, "id");
	assert_int_equal(n->line, 2);
	assert_int_equal(n->col, 1);
	n = ynode_get(root, "id");
	assert_string_equal(n->text, "18");
	assert_int_equal(n->line, 2);
	assert_int_equal(n->col, 5);
	assert_int_equal(yscalar_type(n), YS_INT);
	units = ynode_get(root, "units");
	assert_int_equal(units->kind, YNODE_MAP);
	lead = ynode_get(units, "lead");
	assert_int_equal(lead->kind, YNODE_SEQ);
	assert_int_equal(lead->n, 2);
	assert_string_equal(lead->kids[0]->text, "jmw");
	assert_int_equal(lead->kids[0]->quoted, 0);
	assert_int_equal(lead->kids[1]->line, 6);
	assert_int_equal(lead->kids[1]->col, 7);
	assert_int_equal(lead->kids[1]->quoted, 1);
	assert_int_equal(yscalar_type(lead->kids[1]), YS_STRING);
	n = ynode_get(root, "note");
	assert_string_equal(ynode_str(n), "进展 \"x\"");
	assert_int_equal(n->len, strlen("进展 \"x\""));
	n = ynode_get(root, "empty");
	assert_non_null(n);
	assert_int_equal(yscalar_type(n), YS_NULL);
	assert_null(ynode_str(n));
	assert_string_equal(ynode_type_name(n), "null");
	/* CRLF in a block of text is read as LF */
	assert_string_equal(ynode_str(ynode_get(root, "text")), "a\nb\n");
	assert_null(ynode_get(root, "missing"));
	assert_null(ynode_key(root, "missing"));
	assert_null(ynode_get(lead, "jmw"));
	assert_string_equal(ynode_type_name(units), "mapping");
	assert_string_equal(ynode_type_name(lead), "list");
	assert_string_equal(ynode_type_name(NULL), "nothing");
	assert_null(ynode_str(units));
	ynode_free(root);
	ynode_free(NULL);
}

struct scalar_case {
	const char *yaml;
	enum yscalar_type type;
};

static void test_scalar_types(void **state)
{
	static const struct scalar_case cases[] = {
		{ "~", YS_NULL }, { "null", YS_NULL }, { "Null", YS_NULL },
		{ "NULL", YS_NULL }, { "", YS_NULL },
		{ "true", YS_BOOL }, { "False", YS_BOOL }, { "TRUE", YS_BOOL },
		{ "12", YS_INT }, { "-3", YS_INT }, { "+7", YS_INT },
		{ "0x1f", YS_INT }, { "0o17", YS_INT }, { "007", YS_INT },
		{ "8.4", YS_NUMBER }, { "-.5", YS_NUMBER },
		{ "1e3", YS_NUMBER },
		{ "6.02E+23", YS_NUMBER }, { ".inf", YS_NUMBER },
		{ "-.Inf", YS_NUMBER }, { ".nan", YS_NUMBER },
		/* YAML 1.1 readings that YAML 1.2 dropped are text */
		{ "yes", YS_STRING }, { "off", YS_STRING },
		{ "0b101", YS_STRING },
		{ "1_000", YS_STRING }, { "2010-12-31", YS_STRING },
		{ "12:30", YS_STRING }, { "0x", YS_STRING },
		{ "1e", YS_STRING },
		{ ".", YS_STRING }, { "-x", YS_STRING }, { "50%", YS_STRING },
		{ "五十", YS_STRING }, { "-.nan", YS_STRING },
		{ "\"12\"", YS_STRING }, { "'null'", YS_STRING },
		{ "\"\"", YS_STRING }, { "|\n  true", YS_STRING },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *text = xasprintf("v: %s\n", cases[i].yaml);
		struct ynode *root = load_ok(text);

		if (yscalar_type(ynode_get(root, "v")) != cases[i].type)
			fail_msg("'%s' read as %s", cases[i].yaml,
				 ynode_type_name(ynode_get(root, "v")));
		ynode_free(root);
		free(text);
	}
}

static double number_of(const char *yaml)
{
	char *text = xasprintf("v: %s\n", yaml);
	struct ynode *root = load_ok(text);
	double v = yscalar_number(ynode_get(root, "v"));

	ynode_free(root);
	free(text);
	return v;
}

static void test_numbers(void **state)
{
	(void)state;
	assert_true(number_of("630") == 630);
	assert_true(number_of("-3") == -3);
	assert_true(number_of("8.4") == 8.4);
	assert_true(number_of("0x10") == 16);
	assert_true(number_of("0o17") == 15);
	assert_true(number_of("1e3") == 1000);
	assert_true(isinf(number_of(".inf")) && number_of(".inf") > 0);
	assert_true(isinf(number_of("-.INF")) && number_of("-.INF") < 0);
	assert_true(isinf(number_of("+.Inf")) && number_of("+.Inf") > 0);
	assert_true(isnan(number_of(".NaN")));
	assert_true(isinf(number_of("1e999")));
}

/* depth: 32 nested collections are read, the 33rd is refused */
static void test_depth(void **state)
{
	struct sbuf b = { 0 };
	struct ynode *root;
	int i;

	(void)state;
	for (i = 0; i < YDOC_MAX_DEPTH; i++)
		sbuf_addc(&b, '[');
	for (i = 0; i < YDOC_MAX_DEPTH; i++)
		sbuf_addc(&b, ']');
	root = load_ok(b.s);
	ynode_free(root);
	sbuf_release(&b);
	for (i = 0; i <= YDOC_MAX_DEPTH; i++)
		sbuf_addc(&b, '{');
	assert_refused(b.s, b.len, 1, YDOC_MAX_DEPTH + 1, "too-deep",
		       "nesting deeper than 32 levels");
	sbuf_release(&b);
}

/* 10,000 '[' and a megabyte of '{': refused at once, no stack used */
static void test_hostile_nesting(void **state)
{
	size_t n[] = { 10000, YDOC_MAX_SIZE };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		char *s = xmalloc(n[i]);

		memset(s, i ? '{' : '[', n[i]);
		assert_refused(s, n[i], 1, YDOC_MAX_DEPTH + 1, "too-deep",
			       "nesting deeper");
		free(s);
	}
}

/* a megabyte is read; a byte more is refused before parsing */
static void test_size_limit(void **state)
{
	static const char head[] = "id: 1\nnote: ";
	char *s = xmalloc(YDOC_MAX_SIZE + 1);
	struct diag_list d = { 0 };
	struct ynode *root;

	(void)state;
	memcpy(s, head, sizeof(head) - 1);
	memset(s + sizeof(head) - 1, 'x', YDOC_MAX_SIZE + 1 - sizeof(head));
	s[YDOC_MAX_SIZE - 1] = '\n';
	assert_int_equal(load(&root, s, YDOC_MAX_SIZE, &d), 0);
	assert_int_equal(ynode_get(root, "note")->len,
			 YDOC_MAX_SIZE - sizeof(head));
	ynode_free(root);
	s[YDOC_MAX_SIZE] = '\n';
	assert_refused(s, YDOC_MAX_SIZE + 1, 1, 1, "too-large",
		       "over the limit of 1048576 bytes");
	free(s);
}

/* long lines and scalars: a value of 300,000 characters, long keys */
static void test_long_text(void **state)
{
	struct sbuf b = { 0 };
	struct ynode *root;
	int i;

	(void)state;
	sbuf_adds(&b, "note: ");
	for (i = 0; i < 300000; i++)
		sbuf_adds(&b, "长");
	sbuf_adds(&b, "\nid: 1\n");
	root = load_ok(b.s);
	assert_int_equal(ynode_get(root, "note")->len, 900000);
	assert_int_equal(ynode_key(root, "id")->line, 2);
	ynode_free(root);
	sbuf_release(&b);

	/* libyaml's limit for a key is 1024 characters */
	for (i = 0; i < 2000; i++)
		sbuf_addc(&b, 'k');
	sbuf_adds(&b, ": 1\n");
	assert_refused(b.s, b.len, 1, 1, "syntax",
		       "a key longer than 1024 characters");
	sbuf_release(&b);

	/* a long quoted key is no simple key either, but is read */
	sbuf_adds(&b, "id: 1\nnote: \"");
	for (i = 0; i < 100000; i++)
		sbuf_addc(&b, 'x');
	sbuf_adds(&b, "\"\n");
	root = load_ok(b.s);
	assert_int_equal(ynode_get(root, "note")->len, 100000);
	ynode_free(root);
	sbuf_release(&b);
}

/* many keys: duplicates found among thousands, each reported */
static void test_many_keys(void **state)
{
	struct sbuf b = { 0 };
	struct diag_list d = { 0 };
	struct ynode *root;
	int i;

	(void)state;
	for (i = 0; i < 5000; i++)
		sbuf_printf(&b, "k%d: %d\n", i, i);
	root = load_ok(b.s);
	assert_int_equal(root->n, 5000);
	assert_string_equal(ynode_get(root, "k4321")->text, "4321");
	ynode_free(root);
	sbuf_adds(&b, "k17: x\nk4000: y\n");
	assert_int_equal(load(&root, b.s, b.len, &d), -1);
	assert_int_equal(d.n, 2);
	assert_string_equal(d.v[0].message, "duplicate key 'k17' (first at "
			    "line 18); keep only one of them");
	assert_int_equal(d.v[0].line, 5001);
	assert_int_equal(d.v[1].line, 5002);
	diag_release(&d);
	sbuf_release(&b);
}

/* a failure leaves nothing behind, whatever it interrupts */
static void test_failure_mid_tree(void **state)
{
	static const char *const texts[] = {
		"a:\n  b: [1, {c: d, e: &x f}]\n",
		"a:\n  - b: 1\n    c: [\n",
		"a:\n  b:\n    c: 1\n    c: 2\n  d: 3\n",
		"a: {b: *x}\n",
		"a:\n  b: 1\n---\nc: 2\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		struct diag_list d = { 0 };
		struct ynode *root = NULL;

		assert_int_equal(load(&root, texts[i], strlen(texts[i]), &d),
				 -1);
		assert_null(root);
		assert_true(d.errors >= 1);
		diag_release(&d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_scalar_types),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_hostile_nesting),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_long_text),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_failure_mid_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
