#!/usr/bin/python3
"""Validate YAML files against a JSON Schema, reading them as YAML 1.2 does.

Usage: yaml12_jsonschema.py SCHEMA FILE...

PyYAML resolves plain scalars by YAML 1.1 rules: yes/no/on/off become
booleans, 2010-12-31 a date, 010 an octal number, 1:30 a sexagesimal one.
The plan's files are written for YAML 1.2's core schema, which is what
editors and the C tools read, so the loader here replaces PyYAML's
resolvers and constructors with the core schema's: null, ~ and an empty
value are null; true/false in three spellings are booleans; decimal, 0o
and 0x integers and decimal floats (with .inf and .nan) are numbers;
everything else is a string.  Tags outside the core schema are refused, as
are duplicate keys (YAML 1.2 requires unique keys; PyYAML keeps the last).

The schema is checked with jsonschema's Draft7Validator and a FormatChecker
whose "date" is RFC 3339's full-date (YYYY-MM-DD, a real calendar day);
Python's date.fromisoformat alone also takes 20101231 and 2010-W52-5.

Prints "FILE: message" per failure, "FILE: /pointer: message" for a value
inside the document.  Exit 0 when every file is valid, 1 when one is not,
2 on a usage error or an unusable schema.
"""

import datetime
import json
import re
import sys

try:
	import jsonschema
	import yaml
except ImportError as e:
	sys.stderr.write("yaml12_jsonschema: error: %s "
			 "(install python3-yaml and python3-jsonschema)\n" % e)
	sys.exit(2)

CORE = "tag:yaml.org,2002:"


class Yaml12Loader(yaml.SafeLoader):
	"""SafeLoader with YAML 1.2 core-schema resolution."""


# A class-level dict of our own, so SafeLoader's 1.1 resolvers are gone.
Yaml12Loader.yaml_implicit_resolvers = {}
Yaml12Loader.yaml_constructors = {}

_INT10 = re.compile(r"[-+]?[0-9]+\Z")
_INT8 = re.compile(r"0o[0-7]+\Z")
_INT16 = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?(\.inf|\.Inf|\.INF)\Z")
_NAN = re.compile(r"(\.nan|\.NaN|\.NAN)\Z")
_NULL = re.compile(r"(~|null|Null|NULL|)\Z")
_BOOL = re.compile(r"(true|True|TRUE|false|False|FALSE)\Z")

# Order matters within one first character: integers before floats.
for _tag, _re, _first in (
		("null", _NULL, ["~", "n", "N", ""]),
		("bool", _BOOL, list("tTfF")),
		("int", _INT10, list("-+0123456789")),
		("int", _INT8, ["0"]),
		("int", _INT16, ["0"]),
		("float", _FLOAT, list("-+.0123456789")),
		("float", _INF, list("-+.")),
		("float", _NAN, ["."])):
	Yaml12Loader.add_implicit_resolver(CORE + _tag, _re, _first)


def _bad(node, what):
	return yaml.constructor.ConstructorError(
		None, None, "%s %r is not valid in YAML 1.2's core schema"
		% (what, node.value), node.start_mark)


def construct_null(loader, node):
	if not _NULL.match(loader.construct_scalar(node)):
		raise _bad(node, "null")
	return None


def construct_bool(loader, node):
	value = loader.construct_scalar(node)
	if not _BOOL.match(value):
		raise _bad(node, "boolean")
	return value.lower() == "true"


def construct_int(loader, node):
	value = loader.construct_scalar(node)
	if _INT10.match(value):
		return int(value, 10)
	if _INT8.match(value):
		return int(value[2:], 8)
	if _INT16.match(value):
		return int(value[2:], 16)
	raise _bad(node, "integer")


def construct_float(loader, node):
	value = loader.construct_scalar(node)
	if _FLOAT.match(value):
		return float(value)
	if _INF.match(value):
		return float("-inf") if value[0] == "-" else float("inf")
	if _NAN.match(value):
		return float("nan")
	raise _bad(node, "float")


def construct_str(loader, node):
	return loader.construct_scalar(node)


def construct_seq(loader, node):
	return loader.construct_sequence(node, deep=True)


def construct_map(loader, node):
	"""A JSON object: keys are the scalar text as written, each once."""
	if not isinstance(node, yaml.MappingNode):
		raise yaml.constructor.ConstructorError(
			None, None, "expected a mapping", node.start_mark)
	data = {}
	for key_node, value_node in node.value:
		if not isinstance(key_node, yaml.ScalarNode):
			raise yaml.constructor.ConstructorError(
				"while constructing a mapping", node.start_mark,
				"a key must be a scalar", key_node.start_mark)
		key = key_node.value
		if key in data:
			raise yaml.constructor.ConstructorError(
				"while constructing a mapping", node.start_mark,
				"duplicate key %r" % key, key_node.start_mark)
		data[key] = loader.construct_object(value_node, deep=True)
	return data


def construct_other(loader, node):
	raise yaml.constructor.ConstructorError(
		None, None,
		"tag %r is not in YAML 1.2's core schema" % node.tag,
		node.start_mark)


for _tag, _fn in (("null", construct_null), ("bool", construct_bool),
		  ("int", construct_int), ("float", construct_float),
		  ("str", construct_str), ("seq", construct_seq),
		  ("map", construct_map)):
	Yaml12Loader.add_constructor(CORE + _tag, _fn)
Yaml12Loader.add_constructor(None, construct_other)

_FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def format_checker():
	checker = jsonschema.FormatChecker()

	@checker.checks("date", raises=ValueError)
	def is_full_date(instance):
		if not isinstance(instance, str):
			return True
		if not _FULL_DATE.match(instance):
			return False
		return bool(datetime.date.fromisoformat(instance))

	return checker


def load_yaml(path):
	"""The document in path as JSON-like data, or OSError, YAMLError."""
	with open(path, "rb") as f:
		return yaml.load(f, Loader=Yaml12Loader)


def pointer(path):
	"""The JSON Pointer of a jsonschema error path."""
	parts = [str(p).replace("~", "~0").replace("/", "~1") for p in path]
	return "/" + "/".join(parts)


def one_line(text):
	return " ".join(str(text).split())


def check_file(validator, path, out):
	"""Print the failures of path to out; return how many there were."""
	try:
		doc = load_yaml(path)
	except (OSError, UnicodeDecodeError) as e:
		out.write("%s: cannot read: %s\n" % (path, one_line(e)))
		return 1
	except yaml.YAMLError as e:
		out.write("%s: %s\n" % (path, one_line(e)))
		return 1
	errors = sorted(validator.iter_errors(doc),
			key=lambda e: (pointer(e.absolute_path), e.message))
	for e in errors:
		out.write("%s: %s: %s\n" % (path, pointer(e.absolute_path),
					    one_line(e.message)))
	return len(errors)


def main(argv):
	if len(argv) >= 2 and argv[1] in ("-h", "--help"):
		sys.stdout.write(__doc__)
		return 0
	if len(argv) < 3:
		sys.stderr.write("usage: yaml12_jsonschema.py SCHEMA FILE...\n")
		return 2
	try:
		with open(argv[1], "rb") as f:
			schema = json.load(f)
		jsonschema.Draft7Validator.check_schema(schema)
	except (OSError, ValueError) as e:
		sys.stderr.write("yaml12_jsonschema: error: %s: %s\n"
				 % (argv[1], one_line(e)))
		return 2
	except jsonschema.SchemaError as e:
		sys.stderr.write("yaml12_jsonschema: error: %s: invalid "
				 "schema: %s\n"
				 % (argv[1], one_line(e.message)))
		return 2
	validator = jsonschema.Draft7Validator(
		schema, format_checker=format_checker())
	failed = 0
	for path in argv[2:]:
		if check_file(validator, path, sys.stdout):
			failed += 1
	try:
		sys.stdout.flush()
	except OSError as e:
		sys.stderr.write("yaml12_jsonschema: error: write: %s\n" % e)
		return 2
	return 1 if failed else 0


if __name__ == "__main__":
	sys.exit(main(sys.argv))
