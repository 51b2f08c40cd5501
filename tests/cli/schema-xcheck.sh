#!/bin/sh
# Cross-check schema/*.schema.json with standard validators, which read the
# plan's YAML as YAML 1.2 and editors do: jsonschema (Python) through
# tests/tools/yaml12_jsonschema.py, ajv (node) on JSON converted by
# tests/tools/yaml2json.mjs, and yaml-language-server, the server behind
# the editors' YAML support, through tests/tools/yls_check.mjs (it finds
# each file's schema from its first line, as a clerk's editor does).  The committed plan files and the examples in
# docs/format.md must be accepted by both; simple breakages of a task must
# be rejected by both and by bin/validate, so the schema files, the C
# validator and the standard tools cannot drift apart unnoticed.
#
# Environment: ROOT (repository, default: this script's ../..), BIN (tools,
# default: $ROOT/bin).  ajv and its helpers are installed once, as pinned
# by tests/tools/package.json and package-lock.json, into $ROOT/build/npm
# (again when the lock changes); without node the ajv column is skipped.
# Prints "ok - ..." / "not ok - ..." / "skip - ..." per check; exit 1 when
# a check failed.

NAME=schema-xcheck
# npm installs with the caller's home (its ~/.npmrc, its cache), not the
# throw-away one common.inc gives git
caller_home=${HOME:-}
. "$(dirname "$0")/common.inc"
PYTHON=/usr/bin/python3
PYCHECK=$ROOT/tests/tools/yaml12_jsonschema.py
YAML2JSON=$ROOT/tests/tools/yaml2json.mjs
NPM_DIR=$ROOT/build/npm
NPM_LOCK=$ROOT/tests/tools/package-lock.json
# a failure's log in full: the validators' messages are the finding
log_lines=0

# the installer's lock on build/npm, released at exit if still held
lock=
at_exit() {
	[ -n "$lock" ] && rmdir "$lock" 2>/dev/null
}

# --- the files to check ------------------------------------------------

# the examples of docs/format.md, one per "## <file>" section
mkdir -p "$tmp/docs"
awk -v dir="$tmp/docs" '
	/^## plan\.yaml/ { name = "plan" }
	/^## tasks\// { name = "task" }
	/^## units\// { name = "unit" }
	/^## / && !/^## (plan\.yaml|tasks\/|units\/)/ { name = "" }
	/^```yaml/ { if (name != "") out = dir "/" name ".yaml"; next }
	/^```/ { out = ""; next }
	out != "" { print > out }
' "$ROOT/docs/format.md"

# committed files, as a word list (paths have no blanks: ids are ASCII)
tasks=$(ls "$ROOT"/tasks/*.yaml 2>/dev/null)
units=$(ls "$ROOT"/units/*.yaml 2>/dev/null)
plan=
[ -f "$ROOT/plan.yaml" ] && plan=$ROOT/plan.yaml

count() { set -- $1; echo $#; }

# --- python: jsonschema ----------------------------------------------------

# py_run SCHEMA FILE...: output in $tmp/py.out, returns the exit code
# (files named as rel does)
py_run() {
	s=$1
	shift
	"$PYTHON" "$PYCHECK" "$ROOT/schema/$s" "$@" >"$tmp/py.raw" 2>&1
	rc=$?
	sed "s|$tmp/||g; s|$ROOT/||g" "$tmp/py.raw" >"$tmp/py.out"
	return $rc
}

python_ok=1
if ! "$PYTHON" -c 'import yaml, jsonschema' >"$tmp/py.out" 2>&1; then
	not_ok "python: $PYTHON lacks python3-yaml or python3-jsonschema" \
		"$tmp/py.out"
	python_ok=0
fi

# --- ajv (node) --------------------------------------------------------------

ajv_ok=0
# .pinned is the lock that the tree in build/npm was installed from
npm_ready() {
	[ -x "$NPM_DIR/node_modules/.bin/ajv" ] &&
		cmp -s "$NPM_LOCK" "$NPM_DIR/.pinned"
}
if ! command -v node >/dev/null 2>&1; then
	skip "ajv (node not installed)"
elif ! command -v npm >/dev/null 2>&1 && ! npm_ready; then
	skip "ajv (npm not installed)"
elif npm_ready; then
	ajv_ok=1
else
	# one installer at a time: parallel test runs share build/npm
	mkdir -p "$ROOT/build"
	waited=0
	until mkdir "$NPM_DIR.lock" 2>/dev/null; do
		[ "$waited" -ge 300 ] && break
		sleep 1
		waited=$((waited + 1))
	done
	[ "$waited" -lt 300 ] && lock=$NPM_DIR.lock
	if npm_ready; then
		ajv_ok=1
	elif mkdir -p "$NPM_DIR" && rm -f "$NPM_DIR/.pinned" &&
		cp "$ROOT/tests/tools/package.json" "$NPM_LOCK" "$NPM_DIR/" &&
		HOME=$caller_home npm install --prefix "$NPM_DIR" --no-audit \
			--no-fund --ignore-scripts >"$tmp/npm.log" 2>&1
	then
		cp "$NPM_LOCK" "$NPM_DIR/.pinned"
		ajv_ok=1
	else
		not_ok "ajv: npm install --prefix build/npm failed" \
			"$tmp/npm.log"
	fi
	[ -n "$lock" ] && rmdir "$lock"
	lock=
fi
AJV=$NPM_DIR/node_modules/.bin/ajv
YLS=$ROOT/tests/tools/yls_check.mjs
yls_ok=0
[ "$ajv_ok" = 1 ] &&
	[ -f "$NPM_DIR/node_modules/yaml-language-server/bin/yaml-language-server" ] &&
	yls_ok=1

# the files' schema lines resolved from $tmp as from the plan's top: the
# docs examples are written to $tmp/docs, broken tasks to $tmp/broken
mkdir -p "$tmp/docs"
cp -R "$ROOT/schema" "$tmp/" && cp -R "$ROOT/schema" "$tmp/docs/"

# yls_run FILE...: yaml-language-server's verdicts in $tmp/yls.out ("FILE
# valid" or "FILE invalid" and its diagnostics, named as rel does);
# returns 0 when all are valid
yls_run() {
	node "$YLS" "$NPM_DIR" "$@" >"$tmp/yls.raw" 2>&1
	y=$?
	sed "s|$tmp/||g; s|$ROOT/||g" "$tmp/yls.raw" >"$tmp/yls.out"
	return $y
}

# yls_one FILE: its verdict from $tmp/yls.out, 0 valid, 1 invalid, 2 none
yls_one() {
	awk -v f="$(rel "$1")" '
		$0 == f " valid" { st = 0; on = 1; print; next }
		$0 == f " invalid" { st = 1; on = 1; print; next }
		/^[^ ]+ (valid|invalid)$/ { on = 0; next }
		on { print }
		END { exit st == "" ? 2 : st }
	' "$tmp/yls.out" >"$tmp/one.out"
}

# rel FILE: FILE as the checks name it, relative to $tmp or $ROOT
rel() {
	r=${1#"$tmp"/}
	echo "${r#"$ROOT"/}"
}

# ajv_run SCHEMA FILE...: converts each file to JSON, then validates those
# converted in one ajv run; output in $tmp/ajv.out, naming each file as rel
# does ("FILE: message" from the conversion, "FILE valid" or "FILE invalid"
# and the errors from ajv); returns 0 when all are valid
ajv_run() {
	s=$1
	shift
	rm -rf "$tmp/json"
	pairs='' data=''
	for f in "$@"; do
		pairs="$pairs $f $tmp/json/$(rel "$f").json"
	done
	node "$YAML2JSON" "$NPM_DIR" $pairs >"$tmp/ajv.raw" 2>&1
	rc=$?
	for f in "$@"; do
		j=$tmp/json/$(rel "$f").json
		[ -f "$j" ] && data="$data -d $j"
	done
	if [ -n "$data" ]; then
		"$AJV" validate --spec=draft7 -c ajv-formats --strict=true \
			--all-errors -s "$ROOT/schema/$s" $data \
			>>"$tmp/ajv.raw" 2>&1
		a=$?
		[ "$a" -gt "$rc" ] && rc=$a
	fi
	sed "s|$tmp/json/||g; s|$tmp/||g; s|$ROOT/||g; s|\.yaml\.json|.yaml|g" \
		"$tmp/ajv.raw" >"$tmp/ajv.out"
	return $rc
}

# ajv_one FILE: ajv's verdict on FILE from $tmp/ajv.out, its part of the
# output in $tmp/one.out; returns 0 valid, 1 invalid, 3 not converted,
# 2 no verdict
ajv_one() {
	awk -v f="$(rel "$1")" '
		$0 == f " valid" { st = 0; on = 1; print; next }
		$0 == f " invalid" { st = 1; on = 1; print; next }
		/^[^ {}\[\]]+ (valid|invalid)$/ { on = 0; next }
		index($0, f ": ") == 1 { if (st == "") st = 3; print; next }
		on { print }
		END { exit st == "" ? 2 : st }
	' "$tmp/ajv.out" >"$tmp/one.out"
}

# py_one FILE STATUS: python's verdict on FILE from $tmp/py.out (STATUS
# being the exit of the whole run), its lines in $tmp/one.out
py_one() {
	if [ "$2" -gt 1 ]; then
		cp "$tmp/py.out" "$tmp/one.out"
		return "$2"
	fi
	awk -v f="$(rel "$1")" 'index($0, f ": ") == 1' "$tmp/py.out" \
		>"$tmp/one.out"
	[ -s "$tmp/one.out" ] && return 1
	return 0
}

if [ "$ajv_ok" = 1 ]; then
	if "$AJV" compile --spec=draft7 -c ajv-formats --strict=true \
		-s "$ROOT/schema/plan.schema.json" \
		-s "$ROOT/schema/task.schema.json" \
		-s "$ROOT/schema/unit.schema.json" >"$tmp/ajv.out" 2>&1
	then
		ok "ajv compiles schema/*.schema.json in strict mode"
	else
		not_ok "ajv compiles schema/*.schema.json in strict mode" \
			"$tmp/ajv.out"
	fi
fi

# --- every file accepted -------------------------------------------------

# accept WHAT SCHEMA FILE...: both validators accept every file
accept() {
	what=$1
	shift
	if [ "$python_ok" = 1 ]; then
		if py_run "$@"; then
			ok "python accepts $what"
		else
			not_ok "python accepts $what" "$tmp/py.out"
		fi
	fi
	if [ "$ajv_ok" = 1 ]; then
		if ajv_run "$@"; then
			ok "ajv accepts $what"
		else
			grep -v ' valid$' "$tmp/ajv.out" >"$tmp/one.out"
			not_ok "ajv accepts $what" "$tmp/one.out"
		fi
	fi
	if [ "$yls_ok" = 1 ]; then
		shift	# the server reads the schema each file names
		if yls_run "$@"; then
			ok "yaml-language-server accepts $what"
		else
			grep -v ' valid$' "$tmp/yls.out" >"$tmp/one.out"
			not_ok "yaml-language-server accepts $what" \
				"$tmp/one.out"
		fi
	fi
}

for s in plan task unit; do
	if [ -s "$tmp/docs/$s.yaml" ]; then
		accept "the $s example of docs/format.md" "$s.schema.json" \
			"$tmp/docs/$s.yaml"
	else
		not_ok "docs/format.md has a yaml example of a $s file"
	fi
done
if [ -n "$plan" ]; then
	accept "plan.yaml" plan.schema.json "$plan"
else
	not_ok "plan.yaml is missing"
fi
if [ -n "$tasks" ]; then
	accept "tasks/*.yaml ($(count "$tasks") files)" task.schema.json $tasks
else
	not_ok "tasks/*.yaml: none"
fi
if [ -n "$units" ]; then
	accept "units/*.yaml ($(count "$units") files)" unit.schema.json $units
else
	not_ok "units/*.yaml: none"
fi

# Editors find the schema through each file's first line (after a BOM).
# header DIR-SCHEMA FILE...
header() {
	want="# yaml-language-server: \$schema=$1"
	shift
	bad=
	for f in "$@"; do
		line=$(head -n 1 "$f" | sed 's/^\xef\xbb\xbf//; s/\r$//')
		[ "$line" = "$want" ] || bad="$bad ${f#"$ROOT"/}"
	done
	if [ -z "$bad" ]; then
		ok "editor schema line: $want"
	else
		echo "# first line should be: $want" >"$tmp/hdr.out"
		not_ok "editor schema line in:$bad" "$tmp/hdr.out"
	fi
}
[ -n "$plan" ] && header schema/plan.schema.json "$plan"
[ -n "$tasks" ] && header ../schema/task.schema.json $tasks
[ -n "$units" ] && header ../schema/unit.schema.json $units

# --- breakages of one task ---------------------------------------------------

# The base is the first committed task (a missing one failed above).
[ -n "$tasks" ] || {
	echo "schema-xcheck: $passed passed, $failed failed, $skipped skipped"
	exit 1
}
set -- $tasks
base=$1
base_rel=${base#"$ROOT"/}
vdir=$tmp/plan
mkdir -p "$vdir"
for d in plan.yaml schema tasks units; do
	cp -R "$ROOT/$d" "$vdir/"
done

validate_ok=0
if [ ! -x "$BIN/validate" ]; then
	not_ok "validate column: $BIN/validate is not built"
elif "$BIN/validate" -q -C "$vdir" "$base_rel" >"$tmp/v.out" 2>&1; then
	ok "validate accepts $base_rel unbroken (control)"
	validate_ok=1
else
	not_ok "validate accepts $base_rel unbroken (control; exit $?)" \
		"$tmp/v.out"
fi

# breakage SLUG VERDICT KEY TITLE CHECK SED-SCRIPT: the base with SED-SCRIPT
# applied, as $tmp/broken/SLUG.yaml, to be judged later.  CHECK is a line
# that must now be in the file (or, when empty, the file must differ from
# the base), so that an edit that does not fit the base fails loudly
# instead of testing nothing.  VERDICT is reject (exit 1 and output
# matching the ERE KEY) or accept (KEY unused: -).
mkdir -p "$tmp/broken"
: >"$tmp/cases"
breakage() {
	f=$tmp/broken/$1.yaml
	sed "$6" "$base" >"$f"
	if [ -n "$5" ]; then
		grep -qxF "$5" "$f" || f=
	else
		cmp -s "$base" "$f" && f=
	fi
	if [ -z "$f" ]; then
		not_ok "$4: the edit does not apply to $(rel "$base")"
		return
	fi
	printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$tmp/cases"
}

breakage progress150 reject progress "progress 150" "progress: 150" \
	's/^progress:.*/progress: 150/'
breakage finished reject status "status finished" "status: finished" \
	's/^status:.*/status: finished/'
breakage owner reject owner "unknown key owner" "owner: jmw" '$a\
owner: jmw'
breakage nodeadline reject deadline "missing key deadline" "" \
	'/^deadline:/d'
breakage baddate reject "as_of|2010-13-45" "as_of: 2010-13-45" \
	"as_of: 2010-13-45" 's/^as_of:.*/as_of: 2010-13-45/'
breakage quoted50 reject progress 'progress: "50" (a string)' \
	'progress: "50"' 's/^progress:.*/progress: "50"/'
# YAML 1.2: no and an unquoted date are strings, not a boolean and a date
# the rules one file decides alone, which the schema states with if/then
# so that the editor underlines them as the clerk types
breakage done40 reject "status|progress" "status done at progress 40" \
	"progress: 40" 's/^status:.*/status: done/; s/^progress:.*/progress: 40/'
breakage started10 reject "status|progress" \
	"status not_started at progress 10" "progress: 10" \
	's/^status:.*/status: not_started/; s/^progress:.*/progress: 10/'
breakage full reject "status|progress" "progress 100, status in_progress" \
	"progress: 100" \
	's/^status:.*/status: in_progress/; s/^progress:.*/progress: 100/'
breakage noisstring accept - "note: no (a string in YAML 1.2)" \
	"note: no" 's/^note:.*/note: no/'
breakage dateisstring accept - "as_of: 2010-06-30 unquoted (a string)" \
	"as_of: 2010-06-30" 's/^as_of:.*/as_of: 2010-06-30/'

# judge TOOL STATUS LOG: one verdict against the case being read
judge() {
	if [ "$verdict" = accept ]; then
		if [ "$2" -eq 0 ]; then
			ok "$1 accepts $title"
		else
			not_ok "$1 accepts $title (exit $2)" "$3"
		fi
	elif [ "$2" -ne 1 ]; then
		not_ok "$1 rejects $title (exit $2, want 1)" "$3"
	elif ! grep -Eq "$key" "$3"; then
		not_ok "$1 rejects $title (the output does not match '$key')" \
			"$3"
	else
		ok "$1 rejects $title"
	fi
}

set -- "$tmp"/broken/*.yaml
[ -e "$1" ] || set --
py_status=0
if [ "$python_ok" = 1 ] && [ $# -gt 0 ]; then
	py_run task.schema.json "$@"
	py_status=$?
fi
[ "$ajv_ok" = 1 ] && [ $# -gt 0 ] && ajv_run task.schema.json "$@"
[ "$yls_ok" = 1 ] && [ $# -gt 0 ] && yls_run "$@"

tab=$(printf '\t')
while IFS=$tab read -r slug verdict key title; do
	f=$tmp/broken/$slug.yaml
	if [ "$python_ok" = 1 ]; then
		py_one "$f" "$py_status"
		judge python $? "$tmp/one.out"
	fi
	if [ "$ajv_ok" = 1 ]; then
		ajv_one "$f"
		judge ajv $? "$tmp/one.out"
	fi
	if [ "$yls_ok" = 1 ]; then
		# its messages do not always name the field ("Value must be
		# 100."): the verdict, and the field named in the message or
		# on the line it underlines
		yls_one "$f"
		st=$?
		at=$(awk 'NR == 2 { split($1, p, ":"); print p[1] }' \
			"$tmp/one.out")
		if [ "$verdict" = accept ] && [ $st -eq 0 ]; then
			ok "yaml-language-server accepts $title"
		elif [ "$verdict" = reject ] && [ $st -eq 1 ] &&
		     { grep -Eq "$key" "$tmp/one.out" ||
		       sed -n "${at}p" "$f" | grep -Eq "$key"; }
		then
			ok "yaml-language-server rejects $title"
		else
			not_ok "yaml-language-server: $title (exit $st)" \
				"$tmp/one.out"
		fi
	fi
	if [ "$validate_ok" = 1 ]; then
		cp "$f" "$vdir/$base_rel"
		"$BIN/validate" -q -C "$vdir" "$base_rel" \
			</dev/null >"$tmp/v.out" 2>&1
		judge validate $? "$tmp/v.out"
		cp "$base" "$vdir/$base_rel"
	fi
done <"$tmp/cases"

echo "schema-xcheck: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
