#!/bin/sh
# End-to-end test of the history tools with real git: a copy of the
# committed plan in a temporary repository, where the plan office and
# three departments commit progress over "months" at known dates.  Checks
# the exact output of bin/log (filters, JSON) and bin/diff (each form,
# JSON, --exit-code) against tests/cli/expected/history-*.txt, plain
# `git diff` and `git log -p` through the diff driver that
# tools/install-hooks.sh configures, its pre-commit hook, validate --rev
# and --staged, and bin/log in a shallow clone.
#
# Commit ids depend on the plan's text, so outputs name commits by the
# step that made them (<march>, ...).  HISTORY_UPDATE=1 rewrites the
# expected files from this run (then read them before committing them).
#
# Environment: ROOT (repository, default: this script's ../..), BIN (tools,
# default: $ROOT/bin).  Prints "ok - ..." / "not ok - ..." per check; exit
# 1 when a check failed.

NAME=history-test
. "$(dirname "$0")/common.inc"
EXPECTED=$ROOT/tests/cli/expected
log_lines=40

for tool in log diff validate; do
	if [ ! -x "$BIN/$tool" ]; then
		echo "not ok - $BIN/$tool is not built"
		exit 1
	fi
done

# NO_COLOR as the checks set it, not as the caller has it
unset NO_COLOR
plan=$tmp/plan
mkdir -p "$plan"
cp -R "$ROOT/plan.yaml" "$ROOT/tasks" "$ROOT/units" "$ROOT/schema" "$plan/"
cd "$plan" || exit 2
# a known start: nothing reported yet
for f in tasks/*.yaml; do
	sed -i -e 's/^status: .*/status: not_started/' \
	       -e 's/^progress: .*/progress: 0/' \
	       -e 's/^as_of: .*/as_of: null/' \
	       -e 's/^note: .*/note: ""/' \
	       -e 's/^\(    actual:\) .*/\1 null/' "$f"
done
git init -q -b main . || exit 2

# set KEY to VALUE in task N
set_field() {
	sed -i "s/^$2: .*/$2: $3/" "tasks/$1.yaml"
}
# set the actual value of task N's indicator NAME
set_actual() {
	awk -v name="$2" -v value="$3" '
		$0 == "  - name: " name { hit = 1 }
		hit && /^    actual:/ { $0 = "    actual: " value; hit = 0 }
		{ print }' "tasks/$1.yaml" >"$tmp/edit" &&
		cat "$tmp/edit" >"tasks/$1.yaml"
}
# commit STEP DATE NAME EMAIL MESSAGE: commit all, remember the id as STEP
commit() {
	GIT_AUTHOR_DATE=$2 GIT_COMMITTER_DATE=$2 GIT_AUTHOR_NAME=$3 \
	GIT_AUTHOR_EMAIL=$4 GIT_COMMITTER_NAME=$3 GIT_COMMITTER_EMAIL=$4 \
		git commit -q --no-verify -a -m "$5" || exit 2
	id=$(git rev-parse HEAD)
	echo "s/$id/<$1>/g; s/$(echo "$id" | cut -c1-10)/<$1>/g" \
		>>"$tmp/names.sed"
}

: >"$tmp/names.sed"
git add . && commit plan "2010-01-05T09:00:00+08:00" "Plan Office" \
	office@sx.gov.cn "the 2010 plan"

# March: the economic commission (jmw) reports on task 18
set_field 18 status in_progress
set_field 18 progress 35
set_field 18 as_of 2010-03-31
set_field 18 note 已开工8只
set_actual 18 工业投资 152.5
commit march "2010-03-31T17:20:00+08:00" "Li Lei" li@jmw.sx.gov.cn \
	"task 18: March"
git tag v2010-03

# April: the development commission (fgw) starts task 3; a comment only
# in task 18; then jmw again
set_field 03 status in_progress
set_field 03 progress 10
set_field 03 as_of 2010-04-02
commit fgw "2010-04-02T10:00:00+08:00" "Wang Fang" wang@fgw.sx.gov.cn \
	"task 3 started"
sed -i '1a # 经贸委每月月底报送' tasks/18.yaml
commit comment "2010-04-15T11:00:00+08:00" "Li Lei" li@jmw.sx.gov.cn \
	"task 18: a comment"
set_field 18 progress 50
set_field 18 as_of 2010-04-30
set_field 18 note 已开工12只
set_actual 18 工业投资 201
commit april "2010-04-30T16:00:00+08:00" "Li Lei" li@jmw.sx.gov.cn \
	"task 18: April"
git tag v2010-04

# May: a county (ycq, a member of the group counties that implements
# task 18) reports its projects; task 18 at risk
set_actual 18 实施投资10亿元以上重大项目 6
set_field 18 status at_risk
commit may "2010-05-10T09:30:00+08:00" "Zhao Min" zhao@ycq.sx.gov.cn \
	"task 18: projects in Yuecheng"

# names for the commits in an output
names() {
	sed -f "$tmp/names.sed" "$@"
}

# expect NAME EXIT COMMAND...: run it; its stdout, then its stderr after
# a line "--- stderr" if it wrote any (commit ids named), must equal
# tests/cli/expected/history-NAME.txt, its exit EXIT
expect() {
	name=$1 want=$2
	shift 2
	"$@" >"$tmp/raw" 2>"$tmp/err"
	got=$?
	if [ -s "$tmp/err" ]; then
		echo "--- stderr" >>"$tmp/raw"
		cat "$tmp/err" >>"$tmp/raw"
	fi
	names "$tmp/raw" >"$tmp/out"
	if [ -n "${HISTORY_UPDATE:-}" ]; then
		cp "$tmp/out" "$EXPECTED/history-$name.txt"
	fi
	if [ "$got" -ne "$want" ]; then
		cat "$tmp/out" "$tmp/err" >"$tmp/log"
		not_ok "$name: exit $got, expected $want" "$tmp/log"
	elif ! diff -u "$EXPECTED/history-$name.txt" "$tmp/out" >"$tmp/log"
	then
		not_ok "$name: output differs from expected" "$tmp/log"
	else
		ok "$name"
	fi
}

# --- bin/log ---

expect log-all 0 "$BIN/log" --color=never HEAD~4..
expect log-18-progress 0 "$BIN/log" --reverse --field progress 18
expect log-unit-ycq 0 "$BIN/log" --unit ycq HEAD~5..
expect log-unit-fgw 0 "$BIN/log" --unit fgw HEAD~5..
expect log-april-li 0 "$BIN/log" --since 2010-04-01 --until 2010-04-30 \
	--author '^li '
expect log-actual-json 0 "$BIN/log" --format json --field actual HEAD~5..
# the root commit adds the 40 tasks: one line each
"$BIN/log" --field task >"$tmp/out" 2>&1
if [ "$(grep -c ' task: (none) → tasks/' "$tmp/out")" -eq 40 ] &&
   [ "$(wc -l <"$tmp/out")" -eq 40 ]; then
	ok "log-root: 40 tasks added"
else
	not_ok "log-root: 40 tasks added" "$tmp/out"
fi
expect log-bad-range 2 "$BIN/log" v2010-05..
expect log-bad-date 2 "$BIN/log" --since 2010-13-01

# --- bin/diff ---

expect diff-bulletins 0 "$BIN/diff" v2010-03 v2010-04
expect diff-bulletins-json 0 "$BIN/diff" --format json v2010-03 v2010-04
expect diff-task-3 0 "$BIN/diff" v2010-03 HEAD 3
expect diff-clean 0 "$BIN/diff" --exit-code
# a task in neither version is said, not shown as "no differences"
"$BIN/diff" v2010-03 v2010-04 99 >"$tmp/out" 2>&1
if [ $? -eq 2 ] && grep -q 'task 99 is in neither v2010-03 nor v2010-04' \
	"$tmp/out"; then
	ok "diff: an unknown task, exit 2"
else
	not_ok "diff: an unknown task, exit 2" "$tmp/out"
fi
# uncommitted and staged changes
set_field 40 status in_progress
set_field 40 progress 5
expect diff-worktree 1 "$BIN/diff" --exit-code
expect diff-rev-worktree 0 "$BIN/diff" v2010-04 40
git add tasks/40.yaml
set_field 40 progress 8
expect diff-staged 0 "$BIN/diff" --staged
git reset -q
git checkout -q -- tasks

# --- git integration: tools/install-hooks.sh, the diff driver, hooks ---

mkdir -p tools
cp "$ROOT/tools/install-hooks.sh" tools/
cp "$ROOT/.gitattributes" .
ln -s "$BIN" bin
printf 'bin\ntools/\n.gitattributes\n' >>.git/info/exclude
if BUILD=$(dirname "$BIN") sh tools/install-hooks.sh >"$tmp/log" 2>&1 &&
   git config diff.plan.command | grep -q 'plan-tools)/diff" --git-external' &&
   [ -x .git/plan-tools/validate ] && [ -x .git/hooks/pre-commit ]; then
	ok "install-hooks"
else
	not_ok "install-hooks" "$tmp/log"
fi
set_field 18 progress 55
sed -i '1a # 五月' tasks/19.yaml
expect git-diff 0 git diff
(cd tasks && git diff 18.yaml) >"$tmp/sub" 2>&1
if grep -q '^  progress: 50 → 55$' "$tmp/sub"; then
	ok "git diff from a subdirectory"
else
	not_ok "git diff from a subdirectory" "$tmp/sub"
fi
# git log -p (no external diff there) shows textconv's rendering; the
# blob ids of its "index" line depend on the plan's text
log_p() {
	git log -p -1 --format=%s v2010-04 -- tasks/18.yaml | grep -v '^index '
}
expect git-log-p 0 log_p
git checkout -q -- tasks

# the pre-commit hook checks what is staged, not the working tree
set_field 18 progress 100
git add tasks/18.yaml
set_field 18 progress 55
if GIT_AUTHOR_NAME=x GIT_AUTHOR_EMAIL=x@y GIT_COMMITTER_NAME=x \
   GIT_COMMITTER_EMAIL=x@y git commit -q -m "bad" >"$tmp/log" 2>&1; then
	not_ok "pre-commit refuses a bad staged file" "$tmp/log"
elif grep -q 'tasks/18.yaml:.*progress is 100 but status is at_risk' \
	"$tmp/log"; then
	ok "pre-commit refuses a bad staged file"
else
	not_ok "pre-commit refuses a bad staged file: message" "$tmp/log"
fi
expect validate-staged 1 "$BIN/validate" --staged -q
expect validate-worktree 0 "$BIN/validate" -q
git reset -q
git checkout -q -- tasks

# a progress report whose as_of was left as it was: a warning before the
# commit, at the as_of line, exit 0; none once as_of is the new day
set_field 18 progress 60
git add tasks/18.yaml
"$BIN/validate" --staged --format json >"$tmp/out" 2>&1
st=$?
if [ $st -eq 0 ] && grep -q '"rule": "as-of-unchanged"' "$tmp/out" &&
   grep -q '"file": "tasks/18.yaml"' "$tmp/out" &&
   [ "$(grep -c '"rule": "as-of-unchanged"' "$tmp/out")" -eq 1 ]; then
	ok "validate --staged: progress changed, as_of not: a warning"
else
	not_ok "validate --staged: progress changed, as_of not" "$tmp/out"
fi
set_field 18 as_of 2010-07-05
git add tasks/18.yaml
"$BIN/validate" --staged >"$tmp/out" 2>&1
if [ $? -eq 0 ] && ! grep -q 'as_of is still' "$tmp/out"; then
	ok "validate --staged: progress and as_of changed: no warning"
else
	not_ok "validate --staged: progress and as_of changed" "$tmp/out"
fi
git reset -q
git checkout -q -- tasks

# a program planted in the work tree (a pull can bring bin/validate or
# bin/diff) is never what the hook or the diff driver runs
rm bin
mkdir bin
printf '#!/bin/sh
touch "%s/planted-ran"
exit 0
' "$tmp" >bin/validate
cp bin/validate bin/diff
chmod +x bin/validate bin/diff
set_field 18 progress 100
git add tasks/18.yaml
GIT_AUTHOR_NAME=x GIT_AUTHOR_EMAIL=x@y GIT_COMMITTER_NAME=x \
	GIT_COMMITTER_EMAIL=x@y git commit -q -m "bad" >"$tmp/log" 2>&1
git diff --cached >/dev/null 2>&1
if [ -e "$tmp/planted-ran" ]; then
	not_ok "a planted bin/validate or bin/diff is not run" "$tmp/log"
elif git log -1 --format=%s | grep -qx bad; then
	not_ok "the hook still refuses the bad commit" "$tmp/log"
else
	ok "a planted bin/validate or bin/diff is not run"
fi
git reset -q
git checkout -q -- tasks
rm -r bin
ln -s "$BIN" bin

# --- validate --rev on an old invalid commit ---

set_field 03 status done
commit wrong "2010-06-01T09:00:00+08:00" "Wang Fang" wang@fgw.sx.gov.cn \
	"task 3 done (progress forgotten)"
set_field 03 progress 100
commit fixed "2010-06-01T09:05:00+08:00" "Wang Fang" wang@fgw.sx.gov.cn \
	"task 3 done"
expect validate-rev-old 1 "$BIN/validate" --rev HEAD~1
expect validate-rev-head 0 "$BIN/validate" --rev HEAD -q

# a version that does not load shows in the log as a change of the file
set_field 18 progress 六成
commit typo "2010-06-02T09:00:00+08:00" "Li Lei" li@jmw.sx.gov.cn \
	"task 18: June"
set_field 18 progress 60
commit typo_fixed "2010-06-02T09:10:00+08:00" "Li Lei" li@jmw.sx.gov.cn \
	"task 18: June, as a number"
expect log-invalid 0 "$BIN/log" --reverse HEAD~4.. 3 18
expect validate-rev-typo 1 "$BIN/validate" --rev HEAD~1 -q

# --- a shallow clone: the output stops at the cut, which is named ---

git clone -q --no-local --depth 2 "file://$plan" "$tmp/shallow" 2>/dev/null
"$BIN/log" -C "$tmp/shallow" >"$tmp/raw" 2>"$tmp/err"
got=$?
cut=$(git -C "$tmp/shallow" rev-parse HEAD~1)
msg="log: error: history is cut by a shallow clone at $cut; fetch more"
msg="$msg with git fetch --deepen or --unshallow"
if [ "$got" -eq 2 ] && [ "$(cat "$tmp/err")" = "$msg" ] &&
   [ "$(names "$tmp/raw" | cut -d' ' -f1 | sort -u)" = "<typo_fixed>" ]; then
	ok "log in a shallow clone"
else
	cat "$tmp/raw" "$tmp/err" >"$tmp/log"
	not_ok "log in a shallow clone: exit $got" "$tmp/log"
fi

echo "history: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
