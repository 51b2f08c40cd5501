#!/bin/sh
# End-to-end checks of the slips a clerk makes, each named once, at its
# own place, with the fix: an unquoted committers pattern, an account name
# for an address (without the cascade of "unknown unit" in every task),
# full-width spaces and digits of a Chinese input method, an invisible
# zero-width space; validate from a subdirectory; a file that does not
# exist; warnings (exit 0) for suspicious values.
#
# Environment: ROOT, BIN as tests/run.sh sets them.

NAME=slips-test
. "$(dirname "$0")/common.inc"
# expect NAME WANT_EXIT WANT_LINES FIRST_LINE COMMAND...: stdout has
# WANT_LINES lines, the first of them FIRST_LINE (a fixed string)
expect() {
	e_name=$1 e_want=$2 e_lines=$3 e_first=$4
	shift 4
	"$@" >"$tmp/out" 2>"$tmp/err"
	e_rc=$?
	cat "$tmp/out" "$tmp/err" >"$tmp/log"
	if [ "$e_rc" -ne "$e_want" ]; then
		echo "exit $e_rc, expected $e_want" >>"$tmp/log"
		not_ok "$e_name" "$tmp/log"
	elif [ "$(wc -l <"$tmp/out")" -ne "$e_lines" ]; then
		echo "expected $e_lines lines" >>"$tmp/log"
		not_ok "$e_name" "$tmp/log"
	elif [ "$(head -1 "$tmp/out")" != "$e_first" ]; then
		echo "expected first line: $e_first" >>"$tmp/log"
		not_ok "$e_name" "$tmp/log"
	else
		ok "$e_name"
	fi
}

fresh() {
	rm -rf "$tmp/p"
	mkdir -p "$tmp/p"
	cp -R "$ROOT/plan.yaml" "$ROOT/schema" "$ROOT/units" "$ROOT/tasks" \
		"$tmp/p/"
}

fresh
printf 'committers:\n  - *@jmw.sx.gov.cn\n' >>"$tmp/p/units/jmw.yaml"
expect "unquoted '*' pattern: one finding, put it in quotes" 1 2 \
	"units/jmw.yaml:8:5: error: a value cannot start with '*' (YAML reads it as a reference): put it in double quotes, as in \"*@jmw.sx.gov.cn\"" \
	"$BIN/validate" -C "$tmp/p"

fresh
printf 'committers:\n  - li.lei\n' >>"$tmp/p/units/jmw.yaml"
expect "an account name: write the whole address" 1 2 \
	"units/jmw.yaml:8:5: error: 'li.lei' in 'committers[1]' is not a whole address: write the whole address, as in li.lei@jmw.sx.gov.cn, or a pattern in double quotes, as in \"*@jmw.sx.gov.cn\"" \
	"$BIN/validate" -C "$tmp/p"

fresh
sed -i 's/^status: .*/status: in_progress　/' "$tmp/p/tasks/18.yaml"
line=$(grep -n '^status:' "$tmp/p/tasks/18.yaml" | cut -d: -f1)
expect "a full-width space after a value, at its column" 1 2 \
	"tasks/18.yaml:$line:20: error: a full-width space (U+3000, 全角空格) at the end of the line: it cannot be seen, and the value is not what it looks like; delete it" \
	"$BIN/validate" -C "$tmp/p"

fresh
sed -i 's/^  lead:/　lead:/' "$tmp/p/tasks/18.yaml"
line=$(grep -n 'lead:' "$tmp/p/tasks/18.yaml" | cut -d: -f1)
expect "a full-width space indenting, on its own line" 1 2 \
	"tasks/18.yaml:$line:1: error: a full-width space (U+3000, 全角空格) in the indentation: YAML indents with ASCII spaces only; switch the input method to half-width (半角) and type spaces" \
	"$BIN/validate" -C "$tmp/p"

fresh
sed -i 's/^progress: .*/progress: ３０/' "$tmp/p/tasks/18.yaml"
line=$(grep -n '^progress:' "$tmp/p/tasks/18.yaml" | cut -d: -f1)
expect "full-width digits: write 30" 1 2 \
	"tasks/18.yaml:$line:11: error: wrong type for 'progress': expected an integer, found '３０'; full-width digits (全角数字) '３０': write 30" \
	"$BIN/validate" -C "$tmp/p"

fresh
sed -i 's/^status: .*/status: in_\xe2\x80\x8bprogress/' "$tmp/p/tasks/18.yaml"
line=$(grep -n '^status:' "$tmp/p/tasks/18.yaml" | cut -d: -f1)
expect "a zero-width space, named" 1 2 \
	"tasks/18.yaml:$line:12: error: invisible character U+200B in the text (a zero-width space, pasted with the text); delete it" \
	"$BIN/validate" -C "$tmp/p"

fresh
expect "from tasks/: the plan found above, FILE relative to it" 0 1 \
	"ok: 40 tasks, 38 units, no problems" \
	sh -c 'cd "$1/tasks" && "$2" 18.yaml' sh "$tmp/p" "$BIN/validate"
expect "a file that does not exist: no such file" 2 0 "" \
	sh -c 'cd "$1/tasks" && "$2" 99.yaml' sh "$tmp/p" "$BIN/validate"
grep -q "validate: error: '99.yaml': no such file" "$tmp/err" &&
	ok "  ... with its message" || not_ok "  ... with its message" "$tmp/err"
expect "summary from a subdirectory" 0 "$("$BIN/summary" -C "$tmp/p" \
	--today 2010-06-30 | wc -l)" "$("$BIN/summary" -C "$tmp/p" \
	--today 2010-06-30 | head -1)" \
	sh -c 'cd "$1/units" && "$2" --today 2010-06-30' sh "$tmp/p" "$BIN/summary"

fresh
sed -i 's/^as_of: .*/as_of: 2011-01-05/' "$tmp/p/tasks/18.yaml"
line=$(grep -n '^as_of:' "$tmp/p/tasks/18.yaml" | cut -d: -f1)
expect "as_of after the plan's year: a warning, exit 0" 0 2 \
	"tasks/18.yaml:$line:8: warning: as_of 2011-01-05 is after the plan's year 2010: is the year right?" \
	"$BIN/validate" -C "$tmp/p"
fresh
sed -i 's/^status: .*/status: at_risk/; s/^progress: .*/progress: 40/;
	s/^note: .*/note: ""/' "$tmp/p/tasks/18.yaml"
line=$(grep -n '^note:' "$tmp/p/tasks/18.yaml" | cut -d: -f1)
expect "at_risk without a note: a warning, exit 0" 0 2 \
	"tasks/18.yaml:$line:7: warning: status is at_risk but the note is empty: say in the note what holds the task up (the report shows it to the city's leaders)" \
	"$BIN/validate" -C "$tmp/p"

echo "slips: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
