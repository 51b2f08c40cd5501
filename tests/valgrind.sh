#!/bin/sh
# Every tool under valgrind memcheck, end to end: on the committed plan, on
# its history (a commit that reports progress, one that breaks a task) and
# on hostile fixtures in the working tree, the index and a commit.  A
# memory error or a leak (definite or indirect) fails the run, whatever the
# tool's own exit code; so does a crash.  The tools' exit codes are checked
# where they are known.  Not part of `make test` (it takes minutes); CI runs
# it after the sanitizer suite.
#
# Usage: tests/valgrind.sh   (after make; valgrind must be installed)
# Environment: ROOT (repository, default: this script's ..), BIN (tools,
# default: $ROOT/build/release/bin), VALGRIND (default: valgrind).
# Prints "ok - ..." / "not ok - ..."; exit 1 when a run failed, 2 when the
# test could not run.

ROOT=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
BIN=${BIN:-$ROOT/build/release/bin}
VALGRIND=${VALGRIND:-valgrind}
FIX=$ROOT/tests/fixtures

command -v "$VALGRIND" >/dev/null ||
	{ echo "valgrind.sh: no $VALGRIND" >&2; exit 2; }
command -v git >/dev/null || { echo "valgrind.sh: git is needed" >&2; exit 2; }
[ -x "$BIN/validate" ] || { echo "valgrind.sh: no $BIN/validate" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/valgrind.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

HOME=$tmp
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME=Wang GIT_AUTHOR_EMAIL=wang@jmw.sx.gov.cn
GIT_COMMITTER_NAME=Wang GIT_COMMITTER_EMAIL=wang@jmw.sx.gov.cn
export HOME GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
	GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
	GIT_ALTERNATE_OBJECT_DIRECTORIES

passed=0 failed=0 n=0
# the lines of a memcheck report worth showing
report_re='^==[0-9]+== (Invalid|Conditional|Use of|Syscall|[0-9,]+ bytes in'
report_re="$report_re"'|   (at|by) )'

# vg NAME EXPECTED CMD...: run CMD under memcheck; EXPECTED is the exit
# code the tool must give, or "any" (the tool's result is not the point)
vg() {
	name=$1 want=$2
	shift 2
	n=$((n + 1))
	log=$tmp/vg.$n.log
	"$VALGRIND" --tool=memcheck --leak-check=full \
		--errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect --error-exitcode=99 \
		--log-file="$log" \
		"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if [ $rc -eq 99 ]; then
		echo "not ok - $name: memcheck errors"
		grep -E "$report_re" "$log" | head -n 40 | sed 's/^/#   /'
		failed=$((failed + 1))
	elif [ $rc -ge 126 ]; then
		echo "not ok - $name: exit $rc (crash or no program)"
		head -n 20 "$tmp/err" "$log" | sed 's/^/#   /'
		failed=$((failed + 1))
	elif [ "$want" != any ] && [ $rc -ne "$want" ]; then
		echo "not ok - $name: exit $rc, expected $want"
		head -n 20 "$tmp/out" "$tmp/err" | sed 's/^/#   /'
		failed=$((failed + 1))
	else
		echo "ok - $name"
		passed=$((passed + 1))
	fi
}

have() { [ -x "$BIN/$1" ]; }

# --- a plan with some history -------------------------------------------

plan=$tmp/plan
mkdir "$plan" || exit 2
for f in plan.yaml schema tasks units; do
	cp -R "$ROOT/$f" "$plan/" || exit 2
done
# a known start, whatever the departments have reported since
for f in "$plan"/tasks/*.yaml; do
	sed -i -e 's/^status: .*/status: not_started/' \
	       -e 's/^progress: .*/progress: 0/' \
	       -e 's/^as_of: .*/as_of: null/' \
	       -e 's/^note: .*/note: ""/' \
	       -e 's/^\(    actual:\) .*/\1 null/' "$f"
done
git -C "$plan" init -q && git -C "$plan" add -A &&
	git -C "$plan" commit -q -m "the plan" &&
	git -C "$plan" tag base || exit 2
# a department reports progress on task 18
sed -e 's/^status: not_started/status: in_progress/' \
	-e 's/^progress: 0$/progress: 30/' \
	-e 's/^as_of: null/as_of: 2010-04-30/' \
	-e 's/^note: ""/note: 已开工/' "$ROOT/tasks/18.yaml" >"$plan/tasks/18.yaml"
git -C "$plan" commit -q -a -m "task 18: progress" || exit 2
# and a broken task is committed
cp "$FIX/tasks/duplicate-key-deep.yaml" "$plan/tasks/19.yaml"
git -C "$plan" commit -q -a -m "task 19: broken" || exit 2
git -C "$plan" tag broken
git -C "$plan" checkout -q base -- tasks/19.yaml

# --- validate -------------------------------------------------------------

V=$BIN/validate
vg "validate: the plan" 0 "$V" -C "$plan"
vg "validate: json" 0 "$V" -C "$plan" --format json
vg "validate: one file" 0 "$V" -C "$plan" tasks/18.yaml
vg "validate: --rev base" 0 "$V" -C "$plan" --rev base
vg "validate: --rev with a broken task" 1 "$V" -C "$plan" --rev broken
vg "validate: --staged" 0 "$V" -C "$plan" --staged
vg "validate: unknown revision" 2 "$V" -C "$plan" --rev no-such
vg "validate: not a plan directory" 2 "$V" -C "$tmp"
vg "validate: bad option" 2 "$V" --no-such-option
vg "validate: --help" 0 "$V" --help

# hostile files, one at a time, in the working tree, the index, a commit
for f in syntax-unclosed-double-quote syntax-tab-indent duplicate-key-deep \
	unknown-key-typo type-progress-chinese billion-laughs merge-conflict \
	control-escape empty; do
	git -C "$plan" reset -q --hard broken~1
	cp "$FIX/tasks/$f.yaml" "$plan/tasks/18.yaml"
	vg "validate: $f" 1 "$V" -C "$plan"
	git -C "$plan" add -A
	vg "validate --staged: $f" 1 "$V" -C "$plan" --staged
	git -C "$plan" commit -q -m "$f"
	vg "validate --rev: $f" 1 "$V" -C "$plan" --rev HEAD
done
git -C "$plan" reset -q --hard broken~1
# made here: too big, too deep, not UTF-8, links
head -c 1048577 /dev/zero | tr '\0' '#' >"$plan/tasks/18.yaml"
vg "validate: over 1 MiB" 1 "$V" -C "$plan"
head -c 100000 /dev/zero | tr '\0' '[' >"$plan/tasks/18.yaml"
vg "validate: 100,000 '['" 1 "$V" -C "$plan"
iconv -f UTF-8 -t GB18030 "$FIX/tasks/valid.yaml" >"$plan/tasks/18.yaml"
vg "validate: GB18030" 1 "$V" -C "$plan"
iconv -f UTF-8 -t UTF-16LE "$FIX/tasks/valid.yaml" >"$plan/tasks/18.yaml"
vg "validate: UTF-16" 1 "$V" -C "$plan"
rm -f "$plan/tasks/18.yaml" && ln -s /etc/passwd "$plan/tasks/18.yaml"
vg "validate: link out of the repository" 1 "$V" -C "$plan"
rm -f "$plan/tasks/18.yaml" && mkfifo "$plan/tasks/18.yaml"
vg "validate: fifo" 1 "$V" -C "$plan"
rm -f "$plan/tasks/18.yaml"
git -C "$plan" add -A && git -C "$plan" commit -q -m "links" &&
	ln -s ../../outside "$plan/tasks/18.yaml" && git -C "$plan" add -A &&
	git -C "$plan" commit -q -m "a link"
vg "validate --rev: a link" 1 "$V" -C "$plan" --rev HEAD
git -C "$plan" reset -q --hard broken~1

# --- the other tools, when built ---------------------------------------

if have summary; then
	S=$BIN/summary
	vg "summary" any "$S" -C "$plan"
	vg "summary --rev base" any "$S" -C "$plan" --rev base
	vg "summary --by unit" any "$S" -C "$plan" --by unit
	vg "summary --today" any "$S" -C "$plan" --today 2010-06-30
	for fmt in html csv md; do
		vg "summary --format $fmt" any "$S" -C "$plan" --format $fmt \
			-o "$tmp/report.$fmt"
	done
	vg "summary: a plan with a broken task" any "$S" -C "$plan" \
		--rev broken
fi
if have diff; then
	D=$BIN/diff
	vg "diff base..progress" any "$D" -C "$plan" base broken~1
	vg "diff --format json" any "$D" -C "$plan" base broken --format json
	vg "diff: one task" any "$D" -C "$plan" base broken~1 18
	echo "# 注释" >>"$plan/tasks/07.yaml"
	sed -e 's/^progress: 0$/progress: 10/' \
		-e 's/^status: not_started/status: in_progress/' \
		"$ROOT/tasks/08.yaml" >"$plan/tasks/08.yaml"
	vg "diff: the working tree" any "$D" -C "$plan"
	git -C "$plan" add -A
	vg "diff --staged" any "$D" -C "$plan" --staged
	git -C "$plan" reset -q --hard broken~1
fi
if have log; then
	L=$BIN/log
	vg "log" any "$L" -C "$plan"
	vg "log 18" any "$L" -C "$plan" 18
	vg "log --format json" any "$L" -C "$plan" --format json
	vg "log --unit jmw" any "$L" -C "$plan" --unit jmw
fi
if have audit; then
	A=$BIN/audit
	vg "audit" any "$A" -C "$plan"
	vg "audit base..broken" any "$A" -C "$plan" base..broken
	vg "audit --format json" any "$A" -C "$plan" --format json
fi
if have export; then
	vg "export" any "$BIN/export" -C "$plan" -o "$tmp/seed.txt"
	if have import && [ -s "$tmp/seed.txt" ]; then
		vg "import" any "$BIN/import" --year 2010 \
			--units "$plan/units" "$tmp/seed.txt" "$tmp/imported"
	fi
fi

echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
