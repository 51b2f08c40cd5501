#!/usr/bin/python3
"""Validate a plan directory with python jsonschema: the reference a user
would otherwise run in CI, timed by bench/run.sh beside bin/validate.

Usage: py_validate.py [--cparser] DIR

plan.yaml is checked against schema/plan.schema.json, tasks/*.yaml against
schema/task.schema.json and units/*.yaml against schema/unit.schema.json,
all in one process.  Files are read as YAML 1.2 reads them, with the loader
of tests/tools/yaml12_jsonschema.py (PyYAML's pure-Python parser under the
core schema's resolvers).  --cparser keeps those resolvers and constructors
but parses with libyaml through PyYAML's C extension, the fastest way
PyYAML offers.

Prints "N files, M invalid" and exits 1 when a file is invalid, 2 when the
loader or the schema cannot be used.
"""

import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LOADER = os.path.join(HERE, "..", "tests", "tools", "yaml12_jsonschema.py")


def load_module():
	spec = importlib.util.spec_from_file_location("yaml12", LOADER)
	mod = importlib.util.module_from_spec(spec)
	spec.loader.exec_module(mod)
	return mod


def loader_class(mod, cparser):
	if not cparser:
		return mod.Yaml12Loader
	import yaml

	class CYaml12Loader(yaml.cyaml.CParser, mod.Yaml12Loader):
		"""libyaml's parser; YAML 1.2 resolvers and constructors."""

		def __init__(self, stream):
			yaml.cyaml.CParser.__init__(self, stream)
			yaml.constructor.SafeConstructor.__init__(self)
			yaml.resolver.Resolver.__init__(self)

	return CYaml12Loader


def main(argv):
	args = argv[1:]
	cparser = "--cparser" in args
	args = [a for a in args if a != "--cparser"]
	if len(args) != 1:
		sys.stderr.write("usage: py_validate.py [--cparser] DIR\n")
		return 2
	root = args[0]
	try:
		mod = load_module()
		import jsonschema
		import yaml
		Loader = loader_class(mod, cparser)
	except (OSError, ImportError, AttributeError) as e:
		sys.stderr.write("py_validate: error: %s\n" % e)
		return 2
	checker = mod.format_checker()
	total = failed = 0
	tasks = sorted(os.listdir(os.path.join(root, "tasks")))
	units = sorted(os.listdir(os.path.join(root, "units")))
	for schema_name, files in (("plan", ["plan.yaml"]), ("task", tasks),
				   ("unit", units)):
		name = schema_name + ".schema.json"
		with open(os.path.join(root, "schema", name), "rb") as f:
			schema = json.load(f)
		validator = jsonschema.Draft7Validator(
			schema, format_checker=checker)
		sub = "" if schema_name == "plan" else schema_name + "s"
		for name in files:
			path = os.path.join(root, sub, name)
			total += 1
			try:
				with open(path, "rb") as f:
					doc = yaml.load(f, Loader=Loader)
			except (OSError, yaml.YAMLError) as e:
				text = " ".join(str(e).split())
				print("%s: %s" % (path, text))
				failed += 1
				continue
			errors = list(validator.iter_errors(doc))
			for e in errors:
				print("%s: %s" % (path, e.message))
			failed += bool(errors)
	print("%d files, %d invalid" % (total, failed))
	return 1 if failed else 0


if __name__ == "__main__":
	sys.exit(main(sys.argv))
