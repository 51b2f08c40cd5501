// Convert YAML files to JSON the way YAML 1.2 reads them, for ajv.
//
// Usage: node yaml2json.mjs NPM_PREFIX IN OUT [IN OUT]...
//
// ajv-cli reads .yaml data itself through js-yaml 3, a YAML 1.1 reader
// (yes/no are booleans, dates are Date objects), so each file is converted
// here with the npm `yaml` package installed under NPM_PREFIX, using its
// YAML 1.2 core schema, and ajv is given the JSON.  Text that is not UTF-8,
// several documents, duplicate keys, tags outside the core schema, .inf and
// .nan (JSON has neither) and any other parse error are refused with
// "IN: message"; the exit status is 0 when every file was converted,
// 1 when one was not, 2 on a usage error or a missing `yaml` package.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";

function oneLine(text) {
	return String(text).split(/\s+/).filter(Boolean).join(" ");
}

const CORE_TAGS = new Set(["str", "int", "float", "bool", "null", "seq",
	"map"].map((t) => "tag:yaml.org,2002:" + t));

// JSON has no .inf or .nan; JSON.stringify would write null silently.
function finite(key, value) {
	if (typeof value === "number" && !Number.isFinite(value))
		throw new Error(`${value} cannot be written as JSON`);
	return value;
}

function convert(YAML, inPath, outPath) {
	let text;
	try {
		const bytes = readFileSync(inPath);
		text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
	} catch (e) {
		return `${inPath}: cannot read: ${oneLine(e.message)}`;
	}
	const doc = YAML.parseDocument(text, {
		version: "1.2",
		schema: "core",
		merge: false,
		uniqueKeys: true,
		prettyErrors: true,
	});
	// A warning (an unknown tag, say) means the reading is not the core
	// schema's, so it refuses the file too.
	const problems = doc.errors.concat(doc.warnings);
	// The package knows YAML 1.1 tags such as !!timestamp even under the
	// core schema; an explicit tag must be one of the core schema's.
	YAML.visit(doc, {
		Node(key, node) {
			if (node.tag !== undefined && !CORE_TAGS.has(node.tag))
				problems.push(new Error(
					`tag '${node.tag}' is not in ` +
					"YAML 1.2's core schema"));
		},
	});
	if (problems.length > 0)
		return problems.map((e) => `${inPath}: ${oneLine(e.message)}`)
			.join("\n");
	let json;
	try {
		json = JSON.stringify(doc.toJS({ maxAliasCount: 100 }), finite,
			2);
	} catch (e) {
		return `${inPath}: ${oneLine(e.message)}`;
	}
	// An empty document is null, as YAML 1.2 reads it.
	mkdirSync(dirname(outPath), { recursive: true });
	writeFileSync(outPath, (json === undefined ? "null" : json) + "\n");
	return null;
}

function main(argv) {
	if (argv.length < 3 || argv.length % 2 === 0) {
		process.stderr.write("usage: node yaml2json.mjs NPM_PREFIX " +
			"IN OUT [IN OUT]...\n");
		return 2;
	}
	let YAML;
	try {
		const require = createRequire(resolve(argv[0], "package.json"));
		YAML = require("yaml");
	} catch (e) {
		process.stderr.write("yaml2json: error: " +
			`${oneLine(e.message)}\n`);
		return 2;
	}
	let failed = 0;
	for (let i = 1; i < argv.length; i += 2) {
		const problem = convert(YAML, argv[i], argv[i + 1]);
		if (problem !== null) {
			process.stdout.write(problem + "\n");
			failed++;
		}
	}
	return failed > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
