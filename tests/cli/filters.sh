#!/bin/sh
# End-to-end checks that a filter never fails silently: log's --unit by
# id, name or alias; an unknown unit, field or task is exit 2 with a hint;
# a filter that matches nothing says so on stderr.  A throw-away
# repository with real git: the plan office commits the plan, the clerk
# of 市经贸委 (jmw) reports progress on task 18.
#
# Environment: ROOT, BIN as tests/run.sh sets them.

NAME=filters-test
. "$(dirname "$0")/common.inc"
# expect NAME WANT_EXIT WANT_STDOUT_LINES STDERR_PATTERN COMMAND...
expect() {
	e_name=$1 e_want=$2 e_lines=$3 e_pat=$4
	shift 4
	"$@" >"$tmp/out" 2>"$tmp/err"
	e_rc=$?
	e_n=$(wc -l <"$tmp/out")
	cat "$tmp/out" "$tmp/err" >"$tmp/log"
	if [ "$e_rc" -ne "$e_want" ]; then
		echo "exit $e_rc, expected $e_want" >>"$tmp/log"
		not_ok "$e_name" "$tmp/log"
	elif [ "$e_n" -ne "$e_lines" ]; then
		echo "$e_n lines on stdout, expected $e_lines" >>"$tmp/log"
		not_ok "$e_name" "$tmp/log"
	elif [ -n "$e_pat" ] && ! grep -q -e "$e_pat" "$tmp/err"; then
		echo "stderr does not match: $e_pat" >>"$tmp/log"
		not_ok "$e_name" "$tmp/log"
	elif [ -z "$e_pat" ] && [ -s "$tmp/err" ]; then
		echo "stderr not empty" >>"$tmp/log"
		not_ok "$e_name" "$tmp/log"
	else
		ok "$e_name"
	fi
}

plan=$tmp/plan
mkdir -p "$plan"
cp -R "$ROOT/plan.yaml" "$ROOT/schema" "$ROOT/units" "$ROOT/tasks" "$plan/"
cd "$plan" || exit 2
git init -q -b main . && git config user.name 计划办 &&
	git config user.email office@sx.gov.cn && git add -A &&
	git commit -q -m plan || exit 2
sed -i 's/^progress: .*/progress: 30/; s/^status: .*/status: in_progress/;
	s/^as_of: .*/as_of: 2010-03-31/' tasks/18.yaml
git -c user.name=李雷 -c user.email=li.lei@jmw.sx.gov.cn commit -q -am \
	"task 18: March" || exit 2
range=HEAD~1..HEAD

expect "--unit by id" 0 3 "" "$BIN/log" --unit jmw $range
expect "--unit by name" 0 3 "" "$BIN/log" --unit 市经贸委 $range
expect "--unit by alias" 0 3 "" "$BIN/log" --unit 经贸委 $range
expect "--unit of an implementing group's member" 0 3 "" \
	"$BIN/log" --unit counties $range
expect "--unit unknown: exit 2" 2 0 "unknown unit 'nosuch'" \
	"$BIN/log" --unit nosuch
expect "--unit with a slip: did you mean" 2 0 \
	"did you mean 'jmw' (市经贸委)" "$BIN/log" --unit jwm
expect "--unit that changed nothing says so" 0 0 "no change matches" \
	"$BIN/log" --unit fgw $range
expect "--field unknown: did you mean" 2 0 \
	"unknown field 'stauts'; did you mean 'status'" \
	"$BIN/log" --field stauts
expect "--field progress" 0 1 "" "$BIN/log" --field progress $range
expect "--field actual (an indicator's last part)" 0 0 "no change matches" \
	"$BIN/log" --field actual $range
expect "a task not in the plan: exit 2" 2 0 "task 99 is not in the plan" \
	"$BIN/log" 99
expect "a task without change in the range says so" 0 0 \
	"no change matches" "$BIN/log" $range 17
expect "Chinese: unknown unit" 2 0 "未知单位 'nosuch'" \
	env LANGUAGE= LANG=C "$BIN/log" --unit nosuch

echo "filters: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
