// Check YAML files with yaml-language-server itself, the server behind the
// YAML extension of VS Code and other editors: the way a clerk's editor
// reads the schema line "# yaml-language-server: $schema=..." at the top
// of each file.  Speaks the Language Server Protocol over the server's
// stdin and stdout, opens each file, and prints what the editor would
// underline:
//   FILE valid
//   FILE invalid
//     LINE:COL MESSAGE
// Exit 0 when every file is valid, 1 when one is not, 2 on trouble (the
// server did not start or did not answer in time).
//
// Usage: node yls_check.mjs NPM_PREFIX FILE...
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [prefix, ...files] = process.argv.slice(2);
if (!prefix || files.length === 0) {
	process.stderr.write("usage: node yls_check.mjs NPM_PREFIX FILE...\n");
	process.exit(2);
}

const server = spawn(process.execPath,
	[resolve(prefix, "node_modules/yaml-language-server/bin/yaml-language-server"),
	 "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });

// the settings an editor would send: validation on, no schema store (it
// is fetched from the network, and the files name their schema)
const settings = { yaml: { validate: true, format: { enable: false },
	schemaStore: { enable: false }, schemas: {} } };

let next = 1;
const waiting = new Map();
function send(msg) {
	const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...msg }));
	server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
	server.stdin.write(body);
}
function request(method, params) {
	const id = next++;
	send({ id, method, params });
	return new Promise((ok) => waiting.set(id, ok));
}

const uris = files.map((f) => pathToFileURL(resolve(f)).href);
const diagnostics = new Map();	// uri -> the last list published
let last = Date.now();

function handle(msg) {
	if (msg.id !== undefined && msg.method === undefined) {
		const ok = waiting.get(msg.id);
		waiting.delete(msg.id);
		if (ok)
			ok(msg.result);
		return;
	}
	if (msg.method === "textDocument/publishDiagnostics") {
		diagnostics.set(msg.params.uri, msg.params.diagnostics);
		last = Date.now();
	} else if (msg.id !== undefined) {
		// a request of the server's: the settings, or null
		const result = msg.method === "workspace/configuration" ?
			msg.params.items.map((i) => i.section ?
				settings[i.section] ?? null : settings) : null;
		send({ id: msg.id, result });
	}
}

let buf = Buffer.alloc(0);
server.stdout.on("data", (chunk) => {
	buf = Buffer.concat([buf, chunk]);
	for (;;) {
		const end = buf.indexOf("\r\n\r\n");
		if (end < 0)
			return;
		const m = /Content-Length: *(\d+)/i.exec(buf.subarray(0, end));
		const len = m ? Number(m[1]) : 0;
		if (buf.length < end + 4 + len)
			return;
		const body = buf.subarray(end + 4, end + 4 + len).toString();
		buf = buf.subarray(end + 4 + len);
		handle(JSON.parse(body));
	}
});

const timer = setTimeout(() => {
	process.stderr.write("yaml-language-server did not answer in time\n");
	process.exit(2);
}, 120000);

await request("initialize", {
	processId: process.pid,
	rootUri: pathToFileURL(process.cwd()).href,
	capabilities: { workspace: { configuration: true } },
});
send({ method: "initialized", params: {} });
send({ method: "workspace/didChangeConfiguration", params: { settings } });
uris.forEach((uri, i) => send({ method: "textDocument/didOpen", params: {
	textDocument: { uri, languageId: "yaml", version: 1,
			text: readFileSync(files[i], "utf8") } } }));

// every file has its diagnostics, and nothing has come for a while (the
// server may publish an empty list before the schema is loaded)
await new Promise((done) => {
	const poll = setInterval(() => {
		if (uris.every((u) => diagnostics.has(u)) &&
		    Date.now() - last > 1500) {
			clearInterval(poll);
			done();
		}
	}, 100);
});
clearTimeout(timer);

let bad = 0;
uris.forEach((uri, i) => {
	const list = diagnostics.get(uri).filter((d) => d.severity === 1 ||
						      d.severity === undefined);
	process.stdout.write(`${files[i]} ${list.length ? "invalid" : "valid"}\n`);
	for (const d of list)
		process.stdout.write(`  ${d.range.start.line + 1}:` +
			`${d.range.start.character + 1} ${d.message}\n`);
	bad += list.length > 0;
});
await request("shutdown", null);
send({ method: "exit" });
process.exit(bad ? 1 : 0);
