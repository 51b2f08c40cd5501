#!/bin/sh
# End-to-end checks of the year point by point (summary --series and the
# charts of the HTML report, docs/summary.md "The year as pictures"): a
# throw-away copy of the plan with dated commits, one of them on a side
# branch merged later.  Every point must say what summary --as-of says of
# its day; the walk that makes them all is one pass.
#
# Environment: ROOT, BIN as tests/run.sh sets them.

NAME=series-test
. "$(dirname "$0")/common.inc"

dated_plan "$tmp/plan"
at 2010-01-05 plan
set_task 01 in_progress 20
at 2010-02-10 "task 1"
# a department's branch: committed in March, merged in May
git checkout -q -b dept
set_task 03 in_progress 30
at 2010-03-15 "task 3, on a branch"
git checkout -q main
set_task 05 at_risk 10
at 2010-04-02 "task 5 at risk"
GIT_COMMITTER_DATE=2010-05-20T18:00:00+08:00 \
GIT_AUTHOR_DATE=2010-05-20T18:00:00+08:00 \
	git merge -q --no-ff -m "merge task 3" dept || exit 2
sed -i '0,/actual: null/s//actual: 320/' tasks/18.yaml
set_task 18 in_progress 40
at 2010-06-30 "task 18: investment"
set_task 01 done 100
at 2010-09-09 "task 1 done"

"$BIN/summary" --as-of 2010-10-31 --series month --format json \
	>"$tmp/series.json" 2>"$tmp/err" ||
	{ not_ok "summary --series failed" "$tmp/err"; exit 1; }
python3 -c "import json
d = json.load(open('$tmp/series.json'))
print(' '.join(p['date'] for p in d['points']))" >"$tmp/dates"
if [ "$(cat "$tmp/dates")" = "2010-01-31 2010-02-28 2010-03-31 2010-04-30 2010-05-31 2010-06-30 2010-07-31 2010-08-31 2010-09-30 2010-10-31" ]; then
	ok "a point at each month's end up to the report's day"
else
	not_ok "the points' days" "$tmp/dates"
fi
# every point agrees with --as-of of its day
bad=
for day in $(cat "$tmp/dates"); do
	"$BIN/summary" --as-of "$day" --format json >"$tmp/asof.json" 2>/dev/null
	python3 -c "import json, sys
s = [p for p in json.load(open('$tmp/series.json'))['points'] if p['date'] == '$day'][0]
a = json.load(open('$tmp/asof.json'))
t = a['totals']
assert s['commit'] == a['commit'], (s['commit'], a['commit'])
assert s['mean_progress'] == t['mean_progress'], (s['mean_progress'], t['mean_progress'])
assert s['status'] == t['status'], (s['status'], t['status'])
cats = [c['mean_progress'] for c in a['categories']]
assert [x if x is not None else 0.0 for x in s['categories']] == cats, (s['categories'], cats)
ind = {(i['task'], i['name']): i['actual'] for i in a['indicators']}
assert all(ind[(i['task'], i['name'])] == i['actual'] for i in s['indicators'])
" 2>>"$tmp/agree" || bad="$bad $day"
done
[ -z "$bad" ] && ok "every point is what summary --as-of says of its day" ||
	not_ok "points differ from --as-of:$bad" "$tmp/agree"
python3 -c "import json
d = json.load(open('$tmp/series.json'))['points']
m = {p['date']: {t['task']: t['status'] for t in p['tasks']} for p in d}
assert m['2010-03-31'][3] == 'not_started', 'a side branch counts before its merge'
assert m['2010-05-31'][3] == 'in_progress'
assert m['2010-09-30'][1] == 'done' and m['2010-08-31'][1] == 'in_progress'
" 2>"$tmp/py" && ok "the first-parent line: a branch counts from its merge" ||
	not_ok "first-parent line" "$tmp/py"

"$BIN/summary" --as-of 2010-10-31 --series quarter --format csv >"$tmp/q.csv"
python3 -c "import csv
rows = list(csv.reader(open('$tmp/q.csv', encoding='utf-8-sig')))
assert [r[0] for r in rows[1:]] == ['2010-03-31', '2010-06-30', '2010-09-30', '2010-10-31'], rows
assert rows[0][:4] == ['date', 'commit', 'time elapsed', 'mean progress'], rows[0]
" 2>"$tmp/py" && ok "quarters as CSV, the report's day last" || not_ok "quarter CSV" "$tmp/py"
# with --since, the period's points: the end of the day before it (where
# the period report starts), then the steps' ends in it; each what --as-of
# says of its day
"$BIN/summary" --since 2010-05-01 --as-of 2010-08-15 --series month \
	--format json >"$tmp/p.json" 2>"$tmp/err"
python3 -c "import json
d = json.load(open('$tmp/p.json'))['points']
assert [p['date'] for p in d] == ['2010-04-30', '2010-05-31', '2010-06-30', '2010-07-31', '2010-08-15'], [p['date'] for p in d]
s = json.load(open('$tmp/series.json'))['points']
same = {p['date']: p['commit'] for p in s}
assert all(same[p['date']] == p['commit'] for p in d if p['date'] in same)
" 2>"$tmp/py" && ok "--series with --since: the period's points" ||
	not_ok "--series with --since" "$tmp/py"
n=$("$BIN/summary" --as-of 2010-03-31 --series week --format csv | tail -n +2 | wc -l)
echo "$n rows" >"$tmp/n"
[ "$n" -eq 14 ] && ok "weeks: 13 Sundays to March 28, then March 31" || not_ok "weeks" "$tmp/n"
"$BIN/summary" --as-of 2010-10-31 --series month --format md >"$tmp/md"
grep -q "^| 2010-05-31 | " "$tmp/md" && ok "Markdown table" || not_ok "Markdown" "$tmp/md"

"$BIN/summary" --as-of 2010-10-31 --format html -o "$tmp/r.html"
grep -o '<svg class="chart"' "$tmp/r.html" | wc -l >"$tmp/n"
[ "$(cat "$tmp/n")" -ge 16 ] && grep -q 'The year in pictures' "$tmp/r.html" &&
	grep -q '<title>mean progress of all tasks / time elapsed</title>' "$tmp/r.html" &&
	grep -q '18 工业投资 (亿元)' "$tmp/r.html" &&
	! grep -q '<script' "$tmp/r.html" &&
	ok "HTML: the year as SVG charts, titled, no script" ||
	not_ok "HTML charts" "$tmp/n"

mkdir "$tmp/nogit"
cp -R "$ROOT/plan.yaml" "$ROOT/schema" "$ROOT/units" "$ROOT/tasks" "$tmp/nogit/"
"$BIN/summary" -C "$tmp/nogit" --format html -o "$tmp/n.html" 2>"$tmp/err" &&
	grep -q 'No git history: no charts of the year.' "$tmp/n.html" &&
	ok "HTML without git: says there are no charts" ||
	not_ok "HTML without git" "$tmp/err"
"$BIN/summary" -C "$tmp/nogit" --series month >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "reads the plan's git history" "$tmp/out" &&
	ok "--series without git: exit 2" || not_ok "--series without git" "$tmp/out"
"$BIN/summary" --series year >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "unknown --series 'year'" "$tmp/out" &&
	ok "an unknown step: exit 2" || not_ok "unknown step" "$tmp/out"

# a task file that does not load at a point: the version of the point
# before stands for it there, and the JSON counts it
cp tasks/05.yaml "$tmp/05.yaml"
printf 'status: [unclosed\n' >tasks/05.yaml
at 2010-11-10 "task 5 broken"
cp "$tmp/05.yaml" tasks/05.yaml
set_task 05 done 100
at 2010-12-05 "task 5 repaired, done"
"$BIN/summary" --as-of 2010-12-31 --series month --format json \
	>"$tmp/s2.json" 2>"$tmp/err"
python3 -c "import json
d = json.load(open('$tmp/s2.json'))
m = {p['date']: {t['task']: t['status'] for t in p['tasks']} for p in d['points']}
assert m['2010-10-31'][5] == 'at_risk', m['2010-10-31'][5]
assert m['2010-11-30'][5] == 'at_risk', m['2010-11-30'][5]
assert m['2010-12-31'][5] == 'done', m['2010-12-31'][5]
assert d['unread_versions'] == 1, d['unread_versions']
" 2>"$tmp/py" && ok "a task file that does not load: the point before's version stands, counted" ||
	not_ok "a version that does not load" "$tmp/py"

echo "series: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
