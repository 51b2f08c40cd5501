/*
 * Unit tests of schema.c: the JSON Schema interpreter.  Each supported
 * keyword accepts what it should and refuses what it should, with the
 * position of the data node and a message that says what to write;
 * every keyword the interpreter does not implement is refused when the
 * schema is loaded, so that a schema cannot ask for a check that silently
 * does not happen.  The committed schema/ files load, and accept the
 * examples of docs/format.md.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "fileset.h"
#include "schema.h"
#include "xalloc.h"

static struct schema *schema_ok(const char *text)
{
	struct diag_list d = { 0 };
	struct schema *s = NULL;

	if (schema_load(&s, "s.json", text, strlen(text), &d)) {
		diag_print_text(stderr, &d);
		fail_msg("schema refused: %s", text);
	}
	assert_non_null(s);
	diag_release(&d);
	return s;
}

/* the schema is refused, with a finding at line:col holding phrase */
static void assert_schema_refused(const char *text, int line, int col,
				  const char *phrase)
{
	struct diag_list d = { 0 };
	struct schema *s = (struct schema *)&d;
	size_t i;

	assert_int_equal(schema_load(&s, "s.json", text, strlen(text), &d),
			 -1);
	assert_null(s);
	for (i = 0; i < d.n; i++)
		if (d.v[i].line == line && d.v[i].col == col &&
		    strstr(d.v[i].message, phrase))
			break;
	if (i == d.n) {
		diag_print_text(stderr, &d);
		fail_msg("no finding %d:%d ...%s...", line, col, phrase);
	}
	assert_string_equal(d.v[i].file, "s.json");
	diag_release(&d);
}

/* findings of data (YAML) against schema (JSON or YAML) */
static size_t check(struct diag_list *d, const char *schema,
		    const char *data)
{
	struct schema *s = schema_ok(schema);
	struct diag_list yd = { 0 };
	struct ynode *doc = NULL;
	size_t n;

	if (ydoc_load(&doc, "d.yaml", data, strlen(data), &yd)) {
		diag_print_text(stderr, &yd);
		fail_msg("data refused: %s", data);
	}
	n = schema_check(s, doc, "d.yaml", d);
	assert_int_equal(n, d->errors);
	ynode_free(doc);
	schema_free(s);
	return n;
}

static void assert_valid(const char *schema, const char *data)
{
	struct diag_list d = { 0 };

	if (check(&d, schema, data)) {
		diag_print_text(stderr, &d);
		fail_msg("refused: %s", data);
	}
	diag_release(&d);
}

/* exactly one finding, at line:col, with exactly this message */
static void assert_finding(const char *schema, const char *data, int line,
			   int col, const char *rule, const char *message)
{
	struct diag_list d = { 0 };

	check(&d, schema, data);
	if (d.n != 1 || d.v[0].line != line || d.v[0].col != col ||
	    strcmp(d.v[0].rule, rule) || strcmp(d.v[0].message, message)) {
		diag_print_text(stderr, &d);
		fail_msg("want d.yaml:%d:%d [%s] %s", line, col, rule,
			 message);
	}
	assert_string_equal(d.v[0].file, "d.yaml");
	diag_release(&d);
}

static void test_type(void **state)
{
	static const char s[] = "{\"properties\": {"
		"\"i\": {\"type\": \"integer\"},"
		"\"n\": {\"type\": \"number\"},"
		"\"s\": {\"type\": \"string\"},"
		"\"b\": {\"type\": \"boolean\"},"
		"\"z\": {\"type\": \"null\"},"
		"\"o\": {\"type\": \"object\"},"
		"\"a\": {\"type\": \"array\"},"
		"\"sn\": {\"type\": [\"string\", \"null\"]}}}";

	(void)state;
	assert_valid(s, "i: 5\nn: 8.4\ns: 文字\nb: false\nz: ~\no: {}\n"
		     "a: []\nsn: null\n");
	/* JSON Schema: 50.0 and 1e2 are integers, an integer is a number */
	assert_valid(s, "i: 50.0\nn: 12\nsn: x\n");
	assert_valid(s, "i: 1e2\ns: \"12\"\n");
	assert_finding(s, "i: 5.5\n", 1, 4, "type",
		       "wrong type for 'i': expected an integer, found '5.5'");
	assert_finding(s, "i: \"5\"\n", 1, 4, "type",
		       "wrong type for 'i': expected an integer, found '5'; "
		       "remove the quotes");
	assert_finding(s, "n: 50%\n", 1, 4, "type",
		       "wrong type for 'n': expected a number, found '50%'; "
		       "write the number in digits, without units or %");
	assert_finding(s, "s: 12\n", 1, 4, "type",
		       "wrong type for 's': expected text, found '12'; "
		       "write it in double quotes: \"12\"");
	assert_finding(s, "s:\n", 1, 3, "type",
		       "wrong type for 's': expected text, found nothing "
		       "(null)");
	assert_finding(s, "s: ~\n", 1, 4, "type",
		       "wrong type for 's': expected text, found nothing "
		       "(null); write \"~\" in double quotes");
	assert_finding(s, "b: yes\n", 1, 4, "type",
		       "wrong type for 'b': expected true or false, found "
		       "'yes'");
	assert_finding(s, "o: [1]\n", 1, 4, "type",
		       "wrong type for 'o': expected a mapping, found a list");
	assert_finding(s, "a: {x: 1}\n", 1, 4, "type",
		       "wrong type for 'a': expected a list, found a mapping");
	assert_finding(s, "sn: 1\n", 1, 5, "type",
		       "wrong type for 'sn': expected null or text, found '1'; "
		       "write it in double quotes: \"1\"");
	assert_finding("{\"type\": \"object\"}", "- 1\n", 1, 1, "type",
		       "the file must hold fields ('key: value' lines, as in "
		       "'id: 1'), not a list");
	assert_finding("{\"type\": \"object\"}", "x\n", 1, 1, "type",
		       "the file must hold fields ('key: value' lines, as in "
		       "'id: 1'), not a single value");
}

static void test_properties(void **state)
{
	static const char closed[] = "{\"type\": \"object\","
		"\"additionalProperties\": false,"
		"\"required\": [\"progress\", \"status\"],"
		"\"properties\": {\"progress\": {}, \"status\": {},"
		"\"deadline\": {}, \"units\": {\"type\": \"object\","
		"\"additionalProperties\": false,"
		"\"properties\": {\"lead\": {}}}}}";
	static const char open[] = "{\"properties\": {\"a\": {}},"
		"\"additionalProperties\": {\"type\": \"integer\"}}";

	(void)state;
	assert_valid(closed, "progress: 1\nstatus: x\n");
	assert_finding(closed, "status: x\nprogress: 1\nprogres: 2\n", 3, 1,
		       "unknown-key", "unknown key 'progres'; did you mean "
		       "'progress'?");
	assert_finding(closed, "status: x\nprogress: 1\ndeadlnie: 2\n", 3, 1,
		       "unknown-key", "unknown key 'deadlnie'; did you mean "
		       "'deadline'?");
	assert_finding(closed, "status: x\nprogress: 1\nowner: 2\n", 3, 1,
		       "unknown-key", "unknown key 'owner' (allowed: progress, "
		       "status, deadline, units)");
	/* a short key is near every key: no guess */
	assert_finding(closed, "status: x\nprogress: 1\n\"\": 2\n", 3, 1,
		       "unknown-key", "unknown key '' (allowed: progress, "
		       "status, deadline, units)");
	assert_finding(closed, "status: x\nprogress: 1\nunits:\n  leed: []\n",
		       4, 3, "unknown-key", "unknown key 'leed'; did you mean "
		       "'lead'?");
	assert_finding(closed, "status: x\n", 1, 1, "required",
		       "missing key 'progress'");
	assert_finding(closed, "progress: 1\nstatus: x\nunits:\n  x: 1\n", 4,
		       3, "unknown-key", "unknown key 'x' in units (allowed: "
		       "lead)");
	assert_valid(open, "a: x\nb: 1\nc: 2\n");
	assert_finding(open, "a: x\nb: y\n", 2, 4, "type",
		       "wrong type for 'b': expected an integer, found 'y'; "
		       "write the number in digits, without units or %");
	/* additionalProperties: true, and no properties at all */
	assert_valid("{\"additionalProperties\": true}", "x: 1\n");
	assert_valid("{}", "x: [1, {y: 2}]\n");
}

static void test_enum_const(void **state)
{
	static const char s[] = "{\"properties\": {"
		"\"status\": {\"enum\": [\"not_started\", \"in_progress\","
		"\"done\"]},"
		"\"n\": {\"enum\": [1, 2.5, null]},"
		"\"c\": {\"const\": \"x\"}}}";

	(void)state;
	assert_valid(s, "status: done\nn: 2.5\nc: x\n");
	assert_valid(s, "n: 1.0\n");
	assert_valid(s, "n: ~\n");
	assert_finding(s, "status: in-progress\n", 1, 9, "enum",
		       "'status' cannot be 'in-progress'; did you mean "
		       "'in_progress'? (allowed: not_started, in_progress, "
		       "done)");
	assert_finding(s, "status: 推进中\n", 1, 9, "enum",
		       "'status' cannot be '推进中' (allowed: not_started, "
		       "in_progress, done)");
	assert_finding(s, "status: [done]\n", 1, 9, "enum",
		       "'status' cannot be a list (allowed: not_started, "
		       "in_progress, done)");
	assert_finding(s, "n: \"1\"\n", 1, 4, "enum",
		       "'n' cannot be '1' in quotes; remove the quotes "
		       "(allowed: 1, 2.5, null)");
	assert_valid(s, "n:\n");
	assert_finding(s, "status:\n", 1, 8, "enum",
		       "'status' cannot be nothing (null) (allowed: "
		       "not_started, in_progress, done)");
	assert_finding(s, "c: y\n", 1, 4, "const", "'c' must be 'x'");
}

static void test_numbers(void **state)
{
	static const char s[] = "{\"properties\": {"
		"\"p\": {\"type\": \"integer\", \"minimum\": 0,"
		"\"maximum\": 100},"
		"\"id\": {\"type\": \"integer\", \"minimum\": 1},"
		"\"t\": {\"type\": \"number\", \"maximum\": 5}}}";

	(void)state;
	assert_valid(s, "p: 0\nid: 1\nt: 5\n");
	assert_valid(s, "p: 100\nt: -1e300\n");
	assert_finding(s, "p: 101\n", 1, 4, "range",
		       "'p' is 101, out of range: it must be from 0 to 100");
	assert_finding(s, "p: -1\n", 1, 4, "range",
		       "'p' is -1, out of range: it must be from 0 to 100");
	assert_finding(s, "id: 0\n", 1, 5, "range",
		       "'id' is 0, out of range: it must be at least 1");
	assert_finding(s, "t: 5.01\n", 1, 4, "range",
		       "'t' is 5.01, out of range: it must be at most 5");
	assert_finding(s, "t: -.inf\n", 1, 4, "range",
		       "'t' is -.inf, not a finite number: write it in "
		       "digits, as in 630 or 8.4");
	assert_finding(s, "t: .NaN\n", 1, 4, "range",
		       "'t' is .NaN, not a finite number: write it in "
		       "digits, as in 630 or 8.4");
	assert_finding(s, "t: 1e999\n", 1, 4, "range",
		       "'t' is 1e999, not a finite number: write it in "
		       "digits, as in 630 or 8.4");
	assert_finding(s, "p: .inf\n", 1, 4, "type",
		       "wrong type for 'p': expected an integer, found "
		       "'.inf'");
	assert_finding(s, "p: 0x10\nid: 0o0\n", 2, 5, "range",
		       "'id' is 0o0, out of range: it must be at least 1");
}

static void test_strings(void **state)
{
	static const char s[] = "{\"properties\": {"
		"\"name\": {\"type\": \"string\", \"minLength\": 1,"
		"\"maxLength\": 4},"
		"\"id\": {\"type\": \"string\","
		"\"pattern\": \"^[a-z][a-z0-9-]*$\"},"
		"\"part\": {\"pattern\": \"b+\"},"
		"\"d\": {\"type\": [\"string\", \"null\"],"
		"\"format\": \"date\"}}}";

	(void)state;
	/* lengths count characters, not bytes */
	assert_valid(s, "name: 市经贸委\nid: jmw-2\npart: abbbc\n");
	assert_valid(s, "d: 2012-02-29\n");
	assert_valid(s, "d: 2000-02-29\n");
	assert_valid(s, "d: ~\n");
	assert_finding(s, "name: \"\"\n", 1, 7, "min-length",
		       "'name' must not be empty");
	assert_finding(s, "name: 市经贸委员会\n", 1, 7, "max-length",
		       "'name' is longer than 4 characters");
	assert_finding(s, "id: JMW\n", 1, 5, "pattern",
		       "'JMW' is not valid for 'id' (it must match "
		       "^[a-z][a-z0-9-]*$)");
	assert_finding(s, "part: ac\n", 1, 7, "pattern",
		       "'ac' is not valid for 'part' (it must match b+)");
	assert_finding(s, "d: 2010-02-30\n", 1, 4, "date",
		       "'2010-02-30' is an impossible date: no such day in the "
		       "calendar");
	assert_finding(s, "d: 1900-02-29\n", 1, 4, "date",
		       "'1900-02-29' is an impossible date: no such day in the "
		       "calendar");
	assert_finding(s, "d: 2010-13-01\n", 1, 4, "date",
		       "'2010-13-01' is an impossible date: no such day in the "
		       "calendar");
	assert_finding(s, "d: 2010-04-31\n", 1, 4, "date",
		       "'2010-04-31' is an impossible date: no such day in the "
		       "calendar");
	assert_finding(s, "d: 2010-00-10\n", 1, 4, "date",
		       "'2010-00-10' is an impossible date: no such day in the "
		       "calendar");
	assert_finding(s, "d: 2010-1-1\n", 1, 4, "date",
		       "'2010-1-1' is not a date: write it as YYYY-MM-DD, e.g. "
		       "2010-12-31");
	assert_finding(s, "d: 2010-12-31T00:00\n", 1, 4, "date",
		       "'2010-12-31T00:00' is not a date: write it as "
		       "YYYY-MM-DD, e.g. 2010-12-31");
}

static void test_arrays(void **state)
{
	static const char s[] = "{\"properties\": {"
		"\"lead\": {\"type\": \"array\", \"minItems\": 1,"
		"\"maxItems\": 3, \"uniqueItems\": true,"
		"\"items\": {\"type\": \"string\"}}}}";

	(void)state;
	assert_valid(s, "lead: [a, b, c]\n");
	/* counted repetitions within bounds, and a reference in a loop
	 * through the data (a tree), are fine */
	schema_free(schema_ok("{\"pattern\": \"^[0-9a-f]{7,40}$\"}"));
	assert_valid("{\"definitions\": {\"t\": {\"type\": \"array\","
		     "\"items\": {\"$ref\": \"#/definitions/t\"}}},"
		     "\"properties\": {"
		     "\"x\": {\"$ref\": \"#/definitions/t\"}}}",
		     "x: [[], [[]]]\n");
	assert_finding(s, "lead: []\n", 1, 7, "min-items",
		       "'lead' needs at least 1 item");
	assert_finding(s, "lead: [a, b, c, d]\n", 1, 7, "max-items",
		       "'lead' has more than 3 items");
	assert_finding(s, "lead:\n  - a\n  - b\n  - a\n", 4, 5, "unique-items",
		       "'lead' lists 'a' twice; keep one");
	assert_finding(s, "lead:\n  - a\n  - 1\n", 3, 5, "type",
		       "wrong type for 'lead[2]': expected text, found '1'; "
		       "write it in double quotes: \"1\"");
	/* uniqueness compares values: 1 and 1.0 are the same number */
	assert_finding("{\"uniqueItems\": true}", "[1, 2, 1.0]\n", 1, 8,
		       "unique-items", "'' lists '1.0' twice; keep one");
	assert_finding("{\"uniqueItems\": true}", "[~, a, null]\n", 1, 8,
		       "unique-items", "'' lists 'null' twice; keep one");
}

static void test_ref(void **state)
{
	static const char s[] = "{\"properties\": {"
		"\"lead\": {\"type\": \"array\","
		"\"items\": {\"$ref\": \"#/definitions/unit_id\"}},"
		"\"id\": {\"$ref\": \"#/definitions/unit_id\"}},"
		"\"definitions\": {\"unit_id\": {\"type\": \"string\","
		"\"pattern\": \"^[a-z]+$\"}}}";

	(void)state;
	assert_valid(s, "lead: [jmw, fgw]\nid: jmw\n");
	assert_finding(s, "lead: [jmw, JMW]\n", 1, 13, "pattern",
		       "'JMW' is not valid for 'lead[2]' (it must match "
		       "^[a-z]+$)");
	assert_finding(s, "id: 7\n", 1, 5, "type",
		       "wrong type for 'id': expected text, found '7'; write "
		       "it in double quotes: \"7\"");
}

/* what the interpreter does not do, it refuses to be asked */
static void test_refused_schemas(void **state)
{
	(void)state;
	assert_schema_refused("{\"oneOf\": [{}]}", 1, 2,
			      "unsupported schema keyword 'oneOf'");
	assert_schema_refused("{\"properties\": {\"a\": {\n"
			      "  \"exclusiveMinimum\": 0}}}", 2, 3,
			      "unsupported schema keyword 'exclusiveMinimum'");
	assert_schema_refused("{\"patternProperties\": {}}", 1, 2,
			      "unsupported schema keyword");
	assert_schema_refused("{\"items\": {\"allOf\": []}}", 1, 12,
			      "unsupported schema keyword 'allOf'");
	/* at the top, only if/then for editors (model.c checks them) */
	assert_schema_refused("{\"allOf\": [{\"type\": \"string\"}]}", 1, 2,
			      "unsupported schema keyword 'allOf'");
	assert_schema_refused("{\"definitions\": {\"x\": {\"if\": {}}}}", 1,
			      24, "unsupported schema keyword 'if'");
	assert_schema_refused("{\"$ref\": \"other.json#/x\"}", 1, 10,
			      "only local references");
	assert_schema_refused("{\"$ref\": \"#/definitions/nope\"}", 0, 0,
			      "reference to a missing definition 'nope'");
	assert_schema_refused("{\"format\": \"email\"}", 1, 12,
			      "unsupported format (only \"date\")");
	assert_schema_refused("{\"type\": \"text\"}", 1, 10,
			      "unknown type 'text'");
	assert_schema_refused("{\"type\": [\"string\", \"int\"]}", 1, 21,
			      "unknown type 'int'");
	assert_schema_refused("{\"pattern\": \"([a-z\"}", 1, 13,
			      "not a POSIX extended regular expression");
	assert_schema_refused("{\"pattern\": \"^(a|b)\\\\1$\"}", 1, 13,
			      "pattern too costly to match");
	assert_schema_refused("{\"pattern\": \"^a{1,300}$\"}", 1, 13,
			      "pattern too costly to match");
	assert_schema_refused("{\"pattern\": \"^((a{40}){40}){40}$\"}", 1,
			      13, "pattern too costly to match");
	assert_schema_refused("{\"definitions\": {"
			      "\"a\": {\"$ref\": \"#/definitions/b\"},"
			      "\"b\": {\"$ref\": \"#/definitions/a\"}},"
			      "\"$ref\": \"#/definitions/a\"}", 0, 0,
			      "circular reference");
	assert_schema_refused("{\"minimum\": \"0\"}", 1, 13,
			      "schema keyword needs a number: 'minimum'");
	assert_schema_refused("{\"enum\": []}", 1, 10,
			      "schema keyword needs a list: 'enum'");
	assert_schema_refused("{\"properties\": [1]}", 1, 16,
			      "schema keyword needs a mapping: 'properties'");
	assert_schema_refused("{\"items\": 5}", 1, 11,
			      "a schema must be a mapping");
	/* a schema is read with the loader: duplicate keys are refused */
	assert_schema_refused("{\"type\": \"string\", \"type\": \"null\"}", 1,
			      20, "duplicate key 'type'");
	/* annotations are no checks, and are accepted */
	schema_free(schema_ok("{\"$schema\": \"x\", \"$id\": \"y\", "
			      "\"$comment\": \"c\", \"title\": \"t\", "
			      "\"description\": \"d\", \"default\": 1, "
			      "\"examples\": [1], \"definitions\": {}}"));
	schema_free(NULL);
}

static void test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(edit_distance("progress", "progress", 2), 0);
	assert_int_equal(edit_distance("progres", "progress", 2), 1);
	assert_int_equal(edit_distance("progresss", "progress", 2), 1);
	assert_int_equal(edit_distance("progrezz", "progress", 2), 2);
	/* two neighbours swapped are one edit */
	assert_int_equal(edit_distance("jwm", "jmw", 2), 1);
	assert_int_equal(edit_distance("deadlnie", "deadline", 2), 1);
	assert_int_equal(edit_distance("ab", "ba", 2), 1);
	/* capped: anything past cap is cap + 1 */
	assert_int_equal(edit_distance("owner", "progress", 2), 3);
	assert_int_equal(edit_distance("", "abc", 2), 3);
	assert_int_equal(edit_distance("", "", 2), 0);
	assert_int_equal(edit_distance("a", "", 2), 1);
	/* long strings are not compared */
	assert_int_equal(edit_distance("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
				       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
				       "a", 2), 3);
}

static char *read_all(const char *path, size_t *len)
{
	char *data = NULL;

	if (read_file(path, &data, len, YDOC_MAX_SIZE))
		fail_msg("cannot read %s (run from the repository's top)",
			 path);
	return data;
}

/* the committed schemas load, and the examples of docs/format.md pass */
static void test_committed_schemas(void **state)
{
	static const char *const names[] = { "plan", "task", "unit" };
	static const char *const examples[] = {
		"title: 绍兴市工业转型升级综合配套改革试点2010年工作任务\n"
		"year: 2010\ncategories:\n  - 发展新产业\n  - 建设大集群\n",
		"id: 18\ncategory: 推进大项目\ncontent: 狠抓项目推进\n"
		"target: 完成工业投资630亿元\nunits:\n  text: 市经贸委牵头\n"
		"  lead:\n    - jmw\n  cooperate: []\n  implement:\n"
		"    - counties\nindicators:\n  - name: 工业投资\n"
		"    op: \">=\"\n    target: 630\n    unit: 亿元\n"
		"    actual: null\ndeadline: 2010-12-31\nstatus: not_started\n"
		"progress: 0\nas_of: null\nnote: \"\"\n",
		"id: jmw\nname: 市经贸委\naliases:\n  - 经贸委\n"
		"kind: department\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		char *path = xasprintf("schema/%s.schema.json", names[i]);
		struct diag_list d = { 0 };
		struct ynode *doc = NULL;
		struct schema *s = NULL;
		size_t len;
		char *text = read_all(path, &len);

		if (schema_load(&s, path, text, len, &d)) {
			diag_print_text(stderr, &d);
			fail_msg("%s does not load", path);
		}
		assert_int_equal(ydoc_load(&doc, "x.yaml", examples[i],
					   strlen(examples[i]), &d), 0);
		if (schema_check(s, doc, "x.yaml", &d)) {
			diag_print_text(stderr, &d);
			fail_msg("the %s example is refused", names[i]);
		}
		ynode_free(doc);
		schema_free(s);
		diag_release(&d);
		free(text);
		free(path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type),
		cmocka_unit_test(test_properties),
		cmocka_unit_test(test_enum_const),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_arrays),
		cmocka_unit_test(test_ref),
		cmocka_unit_test(test_refused_schemas),
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_committed_schemas),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
