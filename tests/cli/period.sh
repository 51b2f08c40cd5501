#!/bin/sh
# End-to-end checks of the period report (summary --since, docs/summary.md
# "The period report"): a throw-away copy of the plan with dated commits.
# At the end of March: task 1 in progress, task 2 at risk, task 5 in
# progress.  Then, from April 1 to May 31: task 1 done, task 2 back on
# track, task 3 started, task 5 newly at risk, task 6's target revised by
# the plan office, task 18's industrial investment reported; task 7's
# deadline (May 15) passes unfinished; in June task 4 starts (after the
# period).
#
# Environment: ROOT, BIN as tests/run.sh sets them.

NAME=period-test
. "$(dirname "$0")/common.inc"

# check NAME PYTHON-EXPRESSION: true of d, the period of $tmp/json
check() {
	if python3 -c "import json, sys
d = json.load(open('$tmp/json'))['period']
t = {x['task']: x for x in d['tasks']}
sys.exit(0 if ($2) else 1)" 2>"$tmp/py"; then
		ok "$1"
	else
		not_ok "$1" "$tmp/py"
	fi
}

dated_plan "$tmp/plan"
sed -i 's/^deadline: .*/deadline: 2010-05-15/' tasks/07.yaml
at 2010-01-05 plan
set_task 01 in_progress 20
set_task 05 in_progress 50
at 2010-03-20 "tasks 1 and 5"
set_task 02 at_risk 10
printf 'note: 资金未到位\n' >>tasks/02.yaml
sed -i '/^note: ""$/d' tasks/02.yaml
at 2010-03-31 "task 2 at risk"
march=$(git rev-parse HEAD)
set_task 01 done 100
at 2010-04-10 "task 1 done"
set_task 02 in_progress 40
at 2010-04-20 "task 2 back on track"
set_task 03 in_progress 10
at 2010-04-25 "task 3 started"
set_task 05 at_risk 55
sed -i 's/^note: .*/note: 用地审批延迟/' tasks/05.yaml
at 2010-05-05 "task 5 at risk"
sed -i 's/^target: .*/target: 修订后的目标/' tasks/06.yaml
at 2010-05-10 "task 6: target revised"
sed -i '0,/actual: null/s//actual: 320/' tasks/18.yaml
set_task 18 in_progress 40
at 2010-05-15 "task 18: investment"
set_task 04 in_progress 5
at 2010-06-10 "task 4 started"

"$BIN/summary" --since 2010-04-01 --as-of 2010-05-31 --format json \
	>"$tmp/json" 2>"$tmp/err" || { not_ok "summary --since failed" "$tmp/err"; exit 1; }
check "the period runs from April 1 to May 31" \
	"d['since'] == '2010-04-01' and d['until'] == '2010-05-31'"
check "the start is the plan at the end of March" \
	"d['start_commit'] == '$march' and d['start_date'] == '2010-03-31'"
check "task 1 is done in the period" "'done' in t[1]['what'] and t[1]['progress'] == {'from': 20, 'to': 100}"
check "task 2 is back on track" "'recovered' in t[2]['what'] and t[2]['status'] == {'from': 'at_risk', 'to': 'in_progress'}"
check "task 3 started" "t[3]['what'] == ['started', 'reported']"
check "task 5 is newly at risk" "'at_risk' in t[5]['what']"
check "task 6's target changed, a plan change" \
	"'plan_changed' in t[6]['what'] and t[6]['changes'][0]['field'] == 'target' and t[6]['changes'][0]['class'] == 'plan'"
check "task 18's investment reported" \
	"{'field': 'indicators.工业投资.actual', 'old': None, 'new': '320', 'class': 'progress'} in t[18]['changes']"
check "task 7's deadline passed in the period" "t[7]['what'] == ['deadline']"
check "task 4 started after the period: nothing" "t[4]['what'] == []"
check "the counts (task 18 started too; one more deadline of the plan fell in May)" "d['counts'] == {'done': 1, 'started': 2, 'at_risk': 1, 'recovered': 1, 'deadline': 2, 'plan_changed': 1, 'added': 0, 'reported': 5}"
check "task 7's unit is on the follow-up list with it" \
	"any(7 in s['tasks'] for s in d['supervise'])"
check "units that reported are followed up only for their silent tasks" \
	"not any(x in s['tasks'] for s in d['supervise'] for x in (1, 2, 3, 5, 18))"
check "mean progress at both ends" \
	"d['mean_progress']['from'] < d['mean_progress']['to']"

"$BIN/summary" --since "$march" --as-of 2010-05-31 --format json \
	>"$tmp/json2" 2>"$tmp/err"
if python3 -c "import json
a = json.load(open('$tmp/json'))['period']; b = json.load(open('$tmp/json2'))['period']
a.pop('since'); b.pop('since'); assert a == b" 2>"$tmp/py"; then
	ok "--since a revision gives the same period"
else
	not_ok "--since a revision differs" "$tmp/py"
fi

"$BIN/summary" --since 2010-04-01 --as-of 2010-05-31 >"$tmp/text" 2>&1
grep -q "Changes in the period" "$tmp/text" &&
	grep -q "To follow up: units that reported nothing" "$tmp/text" &&
	grep -q "2010-04-01 – 2010-05-31" "$tmp/text" &&
	ok "text: the period's sections" || not_ok "text: no period sections" "$tmp/text"
"$BIN/summary" --lang zh --since 2010-04-01 --as-of 2010-05-31 --format md \
	>"$tmp/md" 2>&1
grep -q "本期变化" "$tmp/md" && grep -q "督办" "$tmp/md" &&
	grep -q "| 1 | .* | 进行中 → 已完成 | 20% → 100% | +80.0 |" "$tmp/md" &&
	ok "Markdown, in Chinese" || not_ok "Markdown: no period" "$tmp/md"
"$BIN/summary" --since 2010-04-01 --as-of 2010-05-31 --format csv \
	>"$tmp/csv" 2>&1
if python3 -c "import csv, sys
rows = list(csv.DictReader(open('$tmp/csv', encoding='utf-8-sig')))
r = {int(x['id']): x for x in rows}
assert len(rows) == 40, len(rows)
assert r[1]['done'] == '1' and r[1]['change'] == '80', r[1]
assert r[6]['plan changed'] == '1' and 'target' in r[6]['changes and values reported']
" 2>"$tmp/py"; then
	ok "CSV: one row per task with the period's deltas"
else
	not_ok "CSV" "$tmp/py"
fi
"$BIN/summary" --since 2010-04-01 --as-of 2010-05-31 --format html \
	-o "$tmp/r.html" 2>"$tmp/err" && grep -q 'Changes in the period' "$tmp/r.html" &&
	ok "HTML: the period's sections" || not_ok "HTML" "$tmp/err"
"$BIN/summary" --format json --as-of 2010-05-31 >"$tmp/json3" 2>&1
python3 -c "import json; assert json.load(open('$tmp/json3'))['period'] is None" &&
	ok "without --since, period is null" || not_ok "period without --since"

"$BIN/summary" --since 2010-07-01 --as-of 2010-05-31 >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "after the report's day" "$tmp/out" &&
	ok "a period starting after the report's day: exit 2" ||
	not_ok "a period after the day" "$tmp/out"
"$BIN/summary" --since v9 >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "unknown revision 'v9'" "$tmp/out" &&
	ok "an unknown revision: exit 2" || not_ok "unknown --since" "$tmp/out"
"$BIN/summary" --since 2009-12-01 --as-of 2010-01-31 --format json \
	>"$tmp/json" 2>"$tmp/err"
check "a period that starts before the plan: every task added" \
	"d['start_commit'] is None and d['counts']['added'] == 40"

echo "period: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
