#!/bin/sh
# End-to-end checks of the report as of a day (docs/summary.md): a
# throw-away repository where task 1 moves from 0 to 20 (March 31), 60
# (June 20) and done (October 9), with real git and dated commits.
#
# Environment: ROOT, BIN as tests/run.sh sets them.

NAME=asof-test
. "$(dirname "$0")/common.inc"
# expect NAME WANT_EXIT PATTERN COMMAND...: stdout+stderr match PATTERN
expect() {
	e_name=$1 e_want=$2 e_pat=$3
	shift 3
	"$@" >"$tmp/out" 2>&1
	e_rc=$?
	if [ "$e_rc" -ne "$e_want" ]; then
		echo "exit $e_rc, expected $e_want" >>"$tmp/out"
		not_ok "$e_name" "$tmp/out"
	elif grep -q -e "$e_pat" "$tmp/out"; then
		ok "$e_name"
	else
		echo "no line matches: $e_pat" >>"$tmp/out"
		not_ok "$e_name" "$tmp/out"
	fi
}

p=$tmp/plan
mkdir -p "$p"
cp -R "$ROOT/plan.yaml" "$ROOT/schema" "$ROOT/units" "$ROOT/tasks" "$p/"
cd "$p" || exit 2
git init -q -b main . && git config user.name 计划办 &&
	git config user.email office@sx.gov.cn && git add -A &&
	GIT_COMMITTER_DATE=2010-01-05T10:00:00+08:00 \
	GIT_AUTHOR_DATE=2010-01-05T10:00:00+08:00 git commit -q -m plan ||
	exit 2
report() {
	sed -i "s/^status: .*/status: $2/; s/^progress: .*/progress: $3/;
		s/^as_of: .*/as_of: $1/" tasks/01.yaml
	GIT_COMMITTER_DATE=${1}T18:00:00+08:00 \
	GIT_AUTHOR_DATE=${1}T18:00:00+08:00 git commit -q -am "task 1: $3" ||
		exit 2
}
report 2010-03-31 in_progress 20
report 2010-06-20 in_progress 60
report 2010-10-09 done 100
june=$(git rev-parse HEAD~1)

expect "--as-of: the newest commit on or before the day" 0 \
	"as of 2010-06-30 · .* · revision $(echo "$june" | cut -c1-10) (2010-06-20)" \
	"$BIN/summary" --as-of 2010-06-30
expect "--as-of: the values of that commit (60, not 100)" 0 '^60$' \
	sh -c '"$0" --as-of 2010-06-30 --format csv | grep "^1," |
		sed "s/\"[^\"]*\"//g" | tr , "\n" | grep -x 60' "$BIN/summary"
expect "--as-of the day of a commit includes it" 0 "revision $(git rev-parse HEAD~2 | cut -c1-10) (2010-03-31)" \
	"$BIN/summary" --as-of 2010-03-31
expect "--as-of before the history: exit 2" 2 \
	"no commit of HEAD was made on or before 2009-12-31" \
	"$BIN/summary" --as-of 2009-12-31
expect "--today alone with newer commits: --as-of, said on stderr" 0 \
	"summary: note: the plan as committed on or before 2010-06-30" \
	"$BIN/summary" --today 2010-06-30
expect "--rev alone: measured against its own day" 0 \
	"as of 2010-06-20 · .* · revision HEAD~1 = $(echo "$june" | cut -c1-10) (2010-06-20)" \
	"$BIN/summary" --rev HEAD~1
expect "--rev HEAD --today: today's data against that day" 0 \
	"as of 2010-06-30 · .* · revision HEAD = " \
	"$BIN/summary" --rev HEAD --today 2010-06-30
expect "json names the commit and its day" 0 \
	"\"commit\": \"$june\"" "$BIN/summary" --as-of 2010-06-30 --format json
expect "--as-of and --today exclude each other" 2 "exclude each other" \
	"$BIN/summary" --as-of 2010-06-30 --today 2010-06-30
expect "--as-of not a date" 2 "--as-of '2010-6-30' is not a date" \
	"$BIN/summary" --as-of 2010-6-30
expect "validate --as-of" 0 "^ok: 40 tasks" "$BIN/validate" --as-of 2010-06-30
expect "export --as-of" 0 "" "$BIN/export" --as-of 2010-06-30
mkdir -p "$tmp/nogit"
cp -R "$ROOT/plan.yaml" "$ROOT/schema" "$ROOT/units" "$ROOT/tasks" \
	"$tmp/nogit/"
expect "--today outside git: the files, no error" 0 "as of 2010-06-30" \
	env GIT_CEILING_DIRECTORIES="$tmp" "$BIN/summary" -C "$tmp/nogit" \
	--today 2010-06-30

echo "asof: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
