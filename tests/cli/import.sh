#!/bin/sh
# End-to-end checks of bin/import and bin/export on the plan's own table
# (tests/cli/import/seed-2010.txt, the published 2010 plan):
# - the import with --units units reproduces the committed tasks/,
#   plan.yaml and units/ byte for byte, and bin/validate accepts it;
# - bin/export gives back the table's cells byte for byte (the content
#   after its number, which export writes as "N. "), and importing the
#   export gives the same files again;
# - refusals and failures leave OUTDIR as it was; usage errors exit 2.
#
# Environment: ROOT (repository, default: this script's ../..), BIN (tools,
# default: $ROOT/bin).  Prints "ok - ..." / "not ok - ..." per check; exit
# 1 when a check failed.

NAME=import-test
. "$(dirname "$0")/common.inc"
SEED=$ROOT/tests/cli/import/seed-2010.txt
TITLE=绍兴市工业转型升级综合配套改革试点2010年工作任务
log_lines=40

# check NAME LOG COMMAND...: ok when COMMAND succeeds
check() {
	c_name=$1 c_log=$2
	shift 2
	if "$@"; then ok "$c_name"; else not_ok "$c_name" "$c_log"; fi
}

# run EXPECTED_EXIT OUT ERR COMMAND...: 0 when COMMAND exits EXPECTED_EXIT
run() {
	r_want=$1 r_out=$2 r_err=$3
	shift 3
	"$@" >"$r_out" 2>"$r_err"
	r_rc=$?
	[ "$r_rc" -eq "$r_want" ] && return 0
	echo "exit $r_rc, expected $r_want" >>"$r_err"
	return 1
}

# cells TABLE: "ID<tab>CONTENT<tab>TARGET<tab>UNITS" per task row, the
# content without its "N." / "N. " prefix; the header row is skipped
cells() {
	awk '
		NR == 1 { next }
		{
			sub(/\r$/, "")
			sub(/ \|$/, "")
			n = split($0, f, / \| /)
			if (n == 4) { f[1] = f[2]; f[2] = f[3]; f[3] = f[4] }
			id = f[1]
			sub(/\..*/, "", id)
			c = f[1]
			sub(/^[0-9]+\. ?/, "", c)
			printf "%s\t%s\t%s\t%s\n", id, c, f[2], f[3]
		}
	' "$1"
}

# categories TABLE: the category cells, in order, without repeats
categories() {
	awk -F ' \\| ' 'NR > 1 && NF == 5 && !seen[$1]++ { print $1 }' "$1"
}

# --- the committed plan from the table -----------------------------------

out=$tmp/out
if run 0 "$tmp/stdout" "$tmp/stderr" "$BIN/import" --year 2010 \
	--title "$TITLE" --units "$ROOT/units" "$SEED" "$out"; then
	printf 'wrote 40 tasks in 13 categories and 38 units (0 new) to %s\n' \
		"$out" >"$tmp/want"
	check "import: exit 0, no warnings, summary line" "$tmp/stdout" \
		cmp -s "$tmp/stdout" "$tmp/want"
else
	not_ok "import --units units of the 2010 table" "$tmp/stderr"
fi

for d in tasks units; do
	if diff -r "$ROOT/$d" "$out/$d" >"$tmp/diff" 2>&1; then
		ok "import: $d/ equals the committed $d/ byte for byte"
	else
		not_ok "import: $d/ equals the committed $d/" "$tmp/diff"
	fi
done
check "import: plan.yaml equals the committed plan.yaml" "$tmp/stderr" \
	cmp -s "$ROOT/plan.yaml" "$out/plan.yaml"
if [ -n "$(ls -A "$out" | grep -v -e '^plan.yaml$' -e '^tasks$' \
	-e '^units$' -e '^schema$')" ]; then
	ls -A "$out" >"$tmp/ls"
	not_ok "import: writes plan.yaml, schema/, tasks/ and units/ only" "$tmp/ls"
elif ! diff -r "$ROOT/schema" "$out/schema" >"$tmp/diff" 2>&1; then
	not_ok "import: schema/ is not the default schemas" "$tmp/diff"
else
	ok "import: writes plan.yaml, schema/ (the default schemas), tasks/ and units/ only"
fi

if [ -x "$BIN/validate" ]; then
	cp -r "$ROOT/schema" "$out/schema"
	run 0 "$tmp/vout" "$tmp/verr" "$BIN/validate" -C "$out"
	cat "$tmp/vout" >>"$tmp/verr"
	check "validate accepts the imported plan" "$tmp/verr" \
		grep -q '^ok: 40 tasks, 38 units' "$tmp/vout"
	rm -rf "$out/schema"
fi

# --- export gives the table back -----------------------------------------

if run 0 "$tmp/table" "$tmp/stderr" "$BIN/export" -C "$ROOT" \
	--format table; then
	cells "$SEED" >"$tmp/seed.cells"
	cells "$tmp/table" >"$tmp/export.cells"
	if [ "$(wc -l <"$tmp/seed.cells")" -eq 40 ] &&
		cmp -s "$tmp/seed.cells" "$tmp/export.cells"; then
		ok "export: content, target and units cells byte for byte"
	else
		diff "$tmp/seed.cells" "$tmp/export.cells" >"$tmp/diff"
		not_ok "export: content, target and units cells byte for byte" \
			"$tmp/diff"
	fi
	categories "$SEED" >"$tmp/seed.cats"
	categories "$tmp/table" >"$tmp/export.cats"
	check "export: the 13 numbered category cells" "$tmp/export.cats" \
		cmp -s "$tmp/seed.cats" "$tmp/export.cats"
	check "export: the header row" "$tmp/table" \
		[ "$(head -n 1 "$tmp/table")" = \
		"| 工作内容 | 目标任务 | 责任单位 |" ]
	check "export: every content cell starts with 'N. '" "$tmp/table" \
		[ "$(grep -c -E '(^|、[^|]* \| )[0-9]+\. ' "$tmp/table")" \
		-eq 40 ]

	rm -rf "$tmp/again"
	run 0 "$tmp/stdout" "$tmp/stderr" "$BIN/import" -q --year 2010 \
		--title "$TITLE" --units "$ROOT/units" "$tmp/table" \
		"$tmp/again" && diff -r -x schema "$out" "$tmp/again" >"$tmp/stderr" 2>&1
	st=$?
	check "import of the export gives the same plan" "$tmp/stderr" \
		[ "$st" -eq 0 ]
else
	not_ok "export --format table" "$tmp/stderr"
fi

run 0 "$tmp/stdout" "$tmp/stderr" "$BIN/export" -C "$ROOT" \
	-o "$tmp/plan.txt" && cmp -s "$tmp/plan.txt" "$tmp/table" &&
	[ ! -s "$tmp/stdout" ] && [ -z "$(ls "$tmp" | grep '^\.plan')" ]
st=$?
check "export -o FILE writes the same table, no temporary left" \
	"$tmp/stderr" [ "$st" -eq 0 ]

# --- refusals and failures leave OUTDIR alone ----------------------------

mkdir "$tmp/full"
echo keep >"$tmp/full/README"
run 1 "$tmp/stdout" "$tmp/stderr" "$BIN/import" --year 2010 \
	--units "$ROOT/units" "$SEED" "$tmp/full" &&
	[ "$(ls -A "$tmp/full")" = README ] &&
	grep -q "is not empty" "$tmp/stderr"
st=$?
check "import into a non-empty OUTDIR without -f: exit 1, untouched" \
	"$tmp/stderr" [ "$st" -eq 0 ]

mkdir "$tmp/full/tasks"
echo old >"$tmp/full/tasks/99.yaml"
run 0 "$tmp/stdout" "$tmp/stderr" "$BIN/import" -f -q --year 2010 \
	--title "$TITLE" --units "$ROOT/units" "$SEED" "$tmp/full" &&
	[ -f "$tmp/full/README" ] && [ ! -e "$tmp/full/tasks/99.yaml" ] &&
	diff -r "$out/tasks" "$tmp/full/tasks" >>"$tmp/stderr" &&
	[ -z "$(ls -A "$tmp" | grep '^\.import-')" ]
st=$?
check "import -f replaces plan.yaml, tasks/, units/ and keeps the rest" \
	"$tmp/stderr" [ "$st" -eq 0 ]

printf '%s\n' '| 工作内容 | 目标任务 | 责任单位 |' \
	'一、甲 | 1. 内容 | 目标 | 市经贸委牵头 |' \
	'2 内容 | 目标 | 市经贸委牵头 |' \
	'3. 内容 | 目标 | 市经贸委负责 |' >"$tmp/bad.txt"
msg="content cell does not start with the task number 'N.'"
printf '%s\n' "$tmp/bad.txt:3:1: error: $msg" >"$tmp/want"
run 1 "$tmp/stdout" "$tmp/stderr" "$BIN/import" --year 2010 \
	"$tmp/bad.txt" "$tmp/none" && cmp -s "$tmp/stdout" "$tmp/want" &&
	[ ! -e "$tmp/none" ]
st=$?
cat "$tmp/stdout" >>"$tmp/stderr"
check "import of a malformed table: its finding, exit 1, nothing written" \
	"$tmp/stderr" [ "$st" -eq 0 ]

sed -i '3d' "$tmp/bad.txt"
run 1 "$tmp/stdout" "$tmp/stderr" "$BIN/import" --year 2010 \
	"$tmp/bad.txt" "$tmp/none" &&
	grep -q "^$tmp/bad.txt:3:14: error: cannot tell the role of $(
		)'市经贸委负责'" \
		"$tmp/stdout" && [ ! -e "$tmp/none" ]
st=$?
cat "$tmp/stdout" >>"$tmp/stderr"
check "import of an unreadable units text: its finding, exit 1" \
	"$tmp/stderr" [ "$st" -eq 0 ]

# --- without a units directory: new units, named in warnings -------------

run 0 "$tmp/stdout" "$tmp/stderr" "$BIN/import" --year 2010 "$SEED" \
	"$tmp/new" && [ "$(grep -c ': warning: ' "$tmp/stdout")" -eq 35 ] &&
	grep -q "unit '科技局' of task 3 is not in the units directory: $(
		)written as units/unit-6.yaml (name '市科技局', $(
		)kind department)" "$tmp/stdout" &&
	grep -q '^kind: group$' "$tmp/new/units/unit-3.yaml" &&
	grep -q '^title: 2010年工作任务$' "$tmp/new/plan.yaml"
st=$?
cat "$tmp/stdout" >>"$tmp/stderr"
check "import without --units: 35 new units, each named in a warning" \
	"$tmp/stderr" [ "$st" -eq 0 ]

# --- usage and environment -----------------------------------------------

for t in import export; do
	run 0 "$tmp/stdout" "$tmp/stderr" "$BIN/$t" --help &&
		grep -q "^usage: plan $t " "$tmp/stdout" &&
		grep -q '^Examples:' "$tmp/stdout"
	st=$?
	check "$t --help: usage and examples on stdout, exit 0" "$tmp/stderr" \
		[ "$st" -eq 0 ]
	run 0 "$tmp/stdout" "$tmp/stderr" "$BIN/$t" --version
	st=$?
	check "$t --version: exit 0" "$tmp/stderr" [ "$st" -eq 0 ]
	run 2 "$tmp/stdout" "$tmp/stderr" "$BIN/$t" --bogus &&
		grep -q "see 'plan $t --help'" "$tmp/stderr"
	st=$?
	check "$t --bogus: usage error, exit 2" "$tmp/stderr" [ "$st" -eq 0 ]
done
# every tool's --help in Chinese, with --lang after --help as well, and
# under LANG=C (a server's shell)
for t in validate summary diff log audit import export; do
	LANG=C LANGUAGE= run 0 "$tmp/stdout" "$tmp/stderr" "$BIN/$t" --help \
		--lang zh && grep -q "^用法：plan $t " "$tmp/stdout" &&
		grep -q '退出状态：' "$tmp/stdout" &&
		grep -q '^示例：' "$tmp/stdout" &&
		! grep -q 'the ' "$tmp/stdout"
	st=$?
	check "$t --help --lang zh: in Chinese" "$tmp/stdout" [ "$st" -eq 0 ]
done
run 2 "$tmp/stdout" "$tmp/stderr" "$BIN/import" "$SEED"
st=$?
check "import without OUTDIR: exit 2" "$tmp/stderr" [ "$st" -eq 0 ]
run 2 "$tmp/stdout" "$tmp/stderr" "$BIN/import" --year 10 "$SEED" "$tmp/y"
st=$?
check "import --year 10: exit 2" "$tmp/stderr" [ "$st" -eq 0 ]
run 2 "$tmp/stdout" "$tmp/stderr" "$BIN/import" "$tmp/missing.txt" \
	"$tmp/m" && [ ! -e "$tmp/m" ]
st=$?
check "import of a missing table: exit 2" "$tmp/stderr" [ "$st" -eq 0 ]
run 2 "$tmp/stdout" "$tmp/stderr" "$BIN/export" --format csv
st=$?
check "export --format csv: exit 2" "$tmp/stderr" [ "$st" -eq 0 ]

# a plan with an error is not exported, and -o FILE is not touched
cp -r "$out" "$tmp/broken"
cp -r "$ROOT/schema" "$tmp/broken/schema"
sed -i 's/^category: .*/category: 不存在的类别/' "$tmp/broken/tasks/07.yaml"
echo before >"$tmp/keep.txt"
run 1 "$tmp/stdout" "$tmp/stderr" "$BIN/export" -C "$tmp/broken" \
	-o "$tmp/keep.txt" && [ "$(cat "$tmp/keep.txt")" = before ] &&
	grep -q 'tasks/07.yaml' "$tmp/stderr"
st=$?
check "export of a plan with errors: findings, exit 1, -o FILE kept" \
	"$tmp/stderr" [ "$st" -eq 0 ]

echo "import.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
