#!/bin/sh
# End-to-end tests of bin/summary on a copy of the committed plan, with
# progress set on a few tasks and committed with git at known dates, so
# that every section's numbers are known: each format (text, md, csv,
# json, html), --rev, --today, --by, --lang, -o, overdue and stale tasks,
# a plan outside git and a repository without commits, an invalid plan and
# bad usage.  The HTML page is also opened in headless Chromium (installed
# with apt-get when missing, on Debian or Ubuntu as root): the screenshot
# must not be blank and the DOM must hold every task's id.
#
# Environment: ROOT (repository, default: this script's ../..), BIN (tools,
# default: $ROOT/bin).  Prints "ok - ..." / "not ok - ..." / "skip - ..."
# per check; exit 1 when a check failed.

NAME=summary-test
. "$(dirname "$0")/common.inc"
PYTHON=/usr/bin/python3
SUMMARY=$BIN/summary
log_lines=40

# check NAME COMMAND...: ok when the command succeeds
check() {
	name=$1
	shift
	if "$@" >"$tmp/check.log" 2>&1; then
		ok "$name"
	else
		not_ok "$name" "$tmp/check.log"
	fi
}

# run EXPECTED_EXIT NAME ARGS...: bin/summary's stdout in $tmp/out, stderr
# in $tmp/err; ok when it exits as expected
run() {
	want=$1 name=$2
	shift 2
	"$SUMMARY" "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		ok "$name (exit $got)"
		return 0
	fi
	cat "$tmp/out" "$tmp/err" >"$tmp/run.log"
	not_ok "$name: exit $got, expected $want" "$tmp/run.log"
	return 1
}

if [ ! -x "$SUMMARY" ]; then
	echo "not ok - $SUMMARY is not built"
	exit 1
fi
if [ ! -x "$PYTHON" ]; then
	echo "not ok - $PYTHON is missing (tools/deps.sh test installs it)"
	exit 1
fi

# --- the plan: the committed one, progress reset, then a known history ---

# the report in the plan's language (Chinese) unless a check chooses
# with --lang or LANG; colour as the checks choose
unset LANGUAGE LC_ALL LC_MESSAGES LANG NO_COLOR
plan=$tmp/plan
mkdir -p "$plan"
cp -R "$ROOT/plan.yaml" "$ROOT/tasks" "$ROOT/units" "$ROOT/schema" "$plan/"
# every task not started, no actual values, as_of null: a known start
for f in "$plan"/tasks/*.yaml; do
	sed -i -e 's/^status: .*/status: not_started/' \
	       -e 's/^progress: .*/progress: 0/' \
	       -e 's/^as_of: .*/as_of: null/' \
	       -e 's/^\(    actual:\).*/\1 null/' "$f"
done
# task 7 is due at the end of March: overdue in the summer; 2, 4 and 18,
# whose progress is set below, at the end of the year
sed -i 's/^deadline: .*/deadline: 2010-03-31/' "$plan/tasks/07.yaml"
for t in 02 04 18; do
	sed -i 's/^deadline: .*/deadline: 2010-12-31/' "$plan/tasks/$t.yaml"
done
# tasks due before 2010-06-30 (none of them done): overdue then
overdue=$(cat "$plan"/tasks/*.yaml |
	awk '/^deadline: / && $2 < "2010-06-30" { n++ } END { print n + 0 }')

# commit AUTHOR EMAIL DATE MESSAGE: commit everything as AUTHOR on DATE
commit() {
	(cd "$plan" && git add -A &&
	 GIT_AUTHOR_DATE="$3T10:00:00+08:00" \
	 GIT_COMMITTER_DATE="$3T10:00:00+08:00" \
	 git -c user.name="$1" -c user.email="$2" commit -q -m "$4")
}
# set TASK FIELD VALUE
set_field() {
	sed -i "s/^$2: .*/$2: $3/" "$plan/tasks/$1.yaml"
}
# first_actual TASK VALUE: the actual of the task's first indicator
first_actual() {
	awk -v v="$2" '!done && /^    actual:/ { print "    actual: " v;
		done = 1; next } { print }' "$plan/tasks/$1.yaml" \
		>"$tmp/t.yaml" && mv "$tmp/t.yaml" "$plan/tasks/$1.yaml"
}

(cd "$plan" && git init -q -b main .) || { echo "not ok - git init"; exit 1; }
commit 办公室 office@sx.gov.cn 2010-01-05 "the plan" || exit 1
set_field 04 status done
set_field 04 progress 100
first_actual 04 2
commit 韩梅梅 han@jmw.sx.gov.cn 2010-04-01 "4: done" || exit 1
set_field 18 status in_progress
set_field 18 progress 40
set_field 18 as_of 2010-05-20
first_actual 18 320
commit 李雷 li@jmw.sx.gov.cn 2010-05-20 "18: 工业投资 320亿元" || exit 1
set_field 02 status at_risk
set_field 02 progress 10
set_field 02 note '"资金未到位, 项目\\"暂缓\\"\\n待协调"'
commit 韩梅梅 han@jmw.sx.gov.cn 2010-06-25 "2: at risk" || exit 1

n=$(ls "$plan"/tasks/*.yaml | wc -l)
title=$(sed -n 's/^title: //p' "$plan/plan.yaml")
if "$BIN/validate" -C "$plan" >"$tmp/v.log" 2>&1; then
	ok "the test plan is valid ($n tasks)"
else
	not_ok "the test plan is valid" "$tmp/v.log"
	exit 1
fi

# --- json: every section's numbers -------------------------------------

# json_check NAME <<EOF: each expression of the here-document must be true
# of $tmp/out parsed as d (t: its tasks by id; N: the number of tasks;
# OVERDUE: of tasks due before 2010-06-30); an indented line continues
# the expression above it
json_check() {
	name=$1
	cat >"$tmp/checks"
	if N=$n OVERDUE=$overdue "$PYTHON" - "$tmp/out" "$tmp/checks" \
		>"$tmp/py.log" 2>&1 <<'EOF'
import json, os, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
t = {x["id"]: x for x in d["tasks"]}
N, OVERDUE = int(os.environ["N"]), int(os.environ["OVERDUE"])
exprs = []
for line in open(sys.argv[2], encoding="utf-8"):
    if line[:1].isspace() and exprs:
        exprs[-1] += " " + line.strip()
    elif line.strip():
        exprs.append(line.strip())
bad = [e for e in exprs if not eval(e)]
for e in bad:
    print("false:", e)
sys.exit(1 if bad else 0)
EOF
	then
		ok "$name"
	else
		not_ok "$name" "$tmp/py.log"
	fi
}

if run 0 "json at the half year" -C "$plan" --today 2010-06-30 \
	--format json; then
	json_check "json: totals" <<'EOF'
d['version'] == 1 and d['today'] == '2010-06-30'
d['totals']['tasks'] == N
d['totals']['status'] == {'not_started': N - 3, 'in_progress': 1,
	'at_risk': 1, 'done': 1}
d['totals']['done'] == 1 and d['totals']['at_risk'] == 1
d['totals']['overdue'] == OVERDUE and d['totals']['task_ids'][0] == 1
abs(d['totals']['mean_progress'] - 150 / N) <= 0.05
d['totals']['behind'] == N - 1
abs(d['year_elapsed'] - 0.4932) < 1e-9
EOF
	json_check "json: categories in plan order" <<'EOF'
len(d['categories']) == 13
[c['index'] for c in d['categories']] == list(range(1, 14))
sum(c['tasks'] for c in d['categories']) == N
d['categories'][0]['done'] == 1 and d['categories'][0]['at_risk'] == 1
t[18]['category'] == d['categories'][4]['name']
18 in d['categories'][4]['task_ids']
EOF
	json_check "json: lead units, those needing attention first" <<'EOF'
d['unit_roles'] == 'lead'
d['units'][0]['id'] == 'jmw' and d['units'][0]['done'] == 1
all(u['cooperate'] == 0 and u['implement'] == 0 for u in d['units'])
all((a['behind'], a['overdue'], a['at_risk'], -a['mean_progress']) >=
	(b['behind'], b['overdue'], b['at_risk'], -b['mean_progress'])
	for a, b in zip(d['units'], d['units'][1:]))
EOF
	json_check "json: indicators" <<'EOF'
[(i['actual'], i['state'], i['share']) for i in d['indicators']
	if i['task'] == 18][0] == (320, 'on_track', 0.5079)
[(i['actual'], i['state']) for i in d['indicators']
	if i['task'] == 4][0] == (2, 'met')
all(i['state'] == 'no_data' and i['share'] is None
	for i in d['indicators'] if i['task'] not in (4, 18))
all(i['op'] in ('>=', '<=', '=', '~') for i in d['indicators'])
EOF
	json_check "json: overdue and stale from git history" <<'EOF'
t[7]['overdue'] and not t[18]['overdue']
t[18]['last_update']['author'] == '李雷'
t[18]['last_update']['date'] == '2010-05-20'
t[18]['last_update']['days_ago'] == 41 and t[18]['stale']
not t[2]['stale']
t[2]['last_update']['email'] == 'han@jmw.sx.gov.cn'
not t[4]['stale'] and t[4]['status'] == 'done'
t[1]['last_update']['added'] and t[1]['stale']
d['totals']['stale'] == N - 2
d['attention'][0] == {'task': 7, 'reasons': ['overdue', 'stale'],
	'days_left': -91, 'days_since_update': 176}
[a for a in d['attention'] if 'overdue' not in a['reasons']][0] ==
	{'task': 2, 'reasons': ['at_risk'], 'days_left': 184,
	'days_since_update': 5}
len([a for a in d['attention'] if 'overdue' in a['reasons']]) == OVERDUE
d['history'] == {'available': True, 'note': None}
t[2]['note'] == '资金未到位, 项目"暂缓"\n待协调'
EOF
fi

# --rev: the plan as first committed, read from git objects
if run 0 "json --rev HEAD~3" -C "$plan" --rev HEAD~3 --today 2010-02-10 \
	--format json; then
	json_check "json --rev: the first commit, 36 days later" <<'EOF'
d['revision'] == 'HEAD~3'
d['totals']['status']['not_started'] == N
d['totals']['stale'] == N
t[18]['last_update']['date'] == '2010-01-05'
d['totals']['overdue'] == 0
EOF
fi
# the working tree differs from HEAD; --rev HEAD ignores that
set_field 05 status in_progress
set_field 05 progress 30
if run 0 "json --rev HEAD with a changed working tree" -C "$plan" \
	--rev HEAD --today 2010-06-30 --format json; then
	json_check "json --rev HEAD: committed values" <<'EOF'
t[5]['progress'] == 0
EOF
fi
if run 0 "json on the working tree" -C "$plan" --today 2010-06-30 \
	--format json; then
	json_check "json: working tree values" <<'EOF'
t[5]['progress'] == 30
EOF
fi
(cd "$plan" && git checkout -q -- tasks/05.yaml)
if [ -z "$(cd "$plan" && git status --porcelain)" ]; then
	ok "--rev left the working tree and the index alone"
else
	not_ok "--rev left the working tree and the index alone"
fi
run 2 "--rev of an unknown revision" -C "$plan" --rev no-such-rev
check "--rev error names the revision" grep -q "no-such-rev" "$tmp/err"

# --by unit: every role
if run 0 "json --by unit" -C "$plan" --today 2010-06-30 --by unit \
	--format json; then
	json_check "json --by unit: every role" <<'EOF'
d['unit_roles'] == 'all' and d['by'] == 'unit'
any(u['implement'] > 0 for u in d['units'])
any(u['cooperate'] > 0 for u in d['units'])
sum(u['lead'] for u in d['units']) >= N
EOF
fi

# --- text -------------------------------------------------------------

if run 0 "text" -C "$plan" --today 2010-06-30; then
	check "text: title and sections" sh -c "
		head -1 '$tmp/out' | grep -qxF '$title' &&
		grep -q '^一、总体情况' '$tmp/out' &&
		grep -q '^二、分类推进情况' '$tmp/out' &&
		grep -q '^三、牵头单位推进情况' '$tmp/out' &&
		grep -q '^五、需关注事项' '$tmp/out' &&
		grep -q '逾期未完成' '$tmp/out'"
	check "text: no colour when not on a terminal" \
		sh -c "! grep -q \"\$(printf '\\033')\" '$tmp/out'"
	check "text: no line ends in a blank" \
		sh -c "! grep -q ' \$' '$tmp/out'"
	# the categories' table: every line as wide as the others, counting
	# a Chinese character as two columns
	check "text: Chinese columns stay aligned" "$PYTHON" -c "
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1
                  for c in s)
lines = open('$tmp/out', encoding='utf-8').read().split('\n')
i = lines.index('二、分类推进情况') + 1
table = lines[i:i + 14]
sys.exit(len({w(l) for l in table}) != 1 or len(table) != 14)"
fi
run 0 "text --lang en" -C "$plan" --today 2010-06-30 --lang en &&
	check "text --lang en: English labels" \
		grep -q '^1. Overview' "$tmp/out"
LANG=en_US.UTF-8 "$SUMMARY" -C "$plan" --today 2010-06-30 >"$tmp/out" 2>&1
check "text: English from LANG" grep -q 'Progress by category' "$tmp/out"
run 0 "text --by status" -C "$plan" --today 2010-06-30 --by status &&
	check "text --by status: the status table" \
		grep -q '按状态统计' "$tmp/out"
COLUMNS=80 "$SUMMARY" -C "$plan" --today 2010-06-30 >"$tmp/out" 2>&1
check "text: every line fits COLUMNS=80" "$PYTHON" -c "
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1
                  for c in s)
lines = open('$tmp/out', encoding='utf-8').read().split('\n')
sys.exit(max(w(l) for l in lines) > 80)"
if command -v script >/dev/null 2>&1; then
	script -qec "$SUMMARY -C '$plan' --today 2010-06-30" /dev/null \
		>"$tmp/tty" 2>&1
	check "text: colour on a terminal" grep -q "$(printf '\033')\[" \
		"$tmp/tty"
	NO_COLOR=1 script -qec "$SUMMARY -C '$plan' --today 2010-06-30" \
		/dev/null >"$tmp/tty" 2>&1
	check "text: no colour with NO_COLOR" \
		sh -c "! grep -q \"\$(printf '\\033')\" '$tmp/tty'"
else
	skip "colour on a terminal (no script command)"
fi

# --- md, csv ------------------------------------------------------------

if run 0 "md" -C "$plan" --today 2010-06-30 --format md; then
	check "md: heading and GFM tables" sh -c "
		head -1 '$tmp/out' | grep -qxF '# $title' &&
		grep -q '^## 二、分类推进情况' '$tmp/out' &&
		grep -q '^|---|---:|' '$tmp/out' &&
		grep -q '^| 一、发展新产业 | ' '$tmp/out'"
fi
if run 0 "csv" -C "$plan" --today 2010-06-30 --format csv; then
	check "csv: BOM, CRLF, quoting, one row per task" "$PYTHON" -c "
import csv, io, sys
raw = open('$tmp/out', 'rb').read()
assert raw.startswith(b'\xef\xbb\xbf'), 'no BOM'
body = raw[3:].decode('utf-8')
assert body.endswith('\r\n'), 'last line'
rows = list(csv.reader(io.StringIO(body, newline='')))
assert len(rows) == $n + 1, len(rows)
assert all(len(r) == len(rows[0]) for r in rows), 'ragged'
h = rows[0]
r2 = rows[2]
assert r2[h.index('序号')] == '2'
assert r2[h.index('状态')] == '有风险'
note = r2[h.index('备注')]
assert note == '资金未到位, 项目\"暂缓\"\n待协调', note
r18 = rows[18]
assert '工业投资 ≥ 630亿元: 320亿元 (50%, 符合进度)' in r18[h.index('量化指标')]
assert r18[h.index('更新人')] == '李雷 <li@jmw.sx.gov.cn>'
# records end in CRLF; a bare LF is only inside a quoted field
assert body.count('\r\n') == $n + 1 + r2[h.index('备注')].count('\r\n')
"
fi
if run 0 "csv --by category" -C "$plan" --today 2010-06-30 --format csv \
	--by category --lang en; then
	check "csv --by category: one row per category" "$PYTHON" -c "
import csv, io
rows = list(csv.reader(io.StringIO(
    open('$tmp/out', encoding='utf-8-sig').read(), newline='')))
assert len(rows) == 14 and rows[0][0] == 'category', rows[0]
assert rows[1][0].startswith('1. ') and rows[1][1] == '4'
"
fi

# --- html and the browser ----------------------------------------------

html=$tmp/report.html
if run 0 "html -o FILE" -C "$plan" --today 2010-06-30 --format html \
	-o "$html"; then
	check "html: -o writes nothing to stdout" test ! -s "$tmp/out"
	check "html: no temporary file left" \
		sh -c "[ \$(ls '$tmp' | grep -c '^report.html') -eq 1 ]"
	check "html: self-contained" sh -c "
		! grep -qi '<script' '$html' && ! grep -q '://' '$html' &&
		! grep -qi '<link' '$html' && grep -q '@media print' '$html'"
	check "html: every task's id" sh -c "
		for f in '$plan'/tasks/*.yaml; do
			id=\$(sed -n 's/^id: //p' \"\$f\")
			grep -q \"id=\\\"task-\$id\\\"\" '$html' || exit 1
		done"
fi
run 2 "-o into a missing directory" -C "$plan" --format html \
	-o "$tmp/no/such/dir/r.html"

# chromium_ready: chromium and a CJK font, installed when possible
chromium_ready() {
	if ! command -v chromium >/dev/null 2>&1 ||
	   ! fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk'; then
		[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 &&
			[ -f /etc/debian_version ] || return 1
		echo "# installing chromium and fonts-wqy-microhei" >&2
		apt-get update -qq >/dev/null 2>&1
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends chromium fonts-wqy-microhei \
			>/dev/null 2>&1
	fi
	command -v chromium >/dev/null 2>&1
}

if [ ! -s "$html" ]; then
	skip "html browser test (no page)"
elif ! chromium_ready; then
	skip "html browser test (no chromium)"
else
	chrome() {
		profile=$(mktemp -d "$tmp/chromium.XXXXXX")
		timeout 120 chromium --headless --no-sandbox --disable-gpu \
			--disable-quic --no-first-run \
			--disable-background-networking \
			--disable-component-update --disable-sync \
			--user-data-dir="$profile" "$@" 2>>"$tmp/chromium.log"
	}
	chrome --window-size=1000,1400 --screenshot="$tmp/shot.png" \
		"file://$html" >/dev/null
	check "html in chromium: the screenshot is not blank" "$PYTHON" - \
		"$tmp/shot.png" <<'EOF'
# decode the PNG (8-bit RGB or RGBA, as Chromium writes it) and count the
# colours: a blank or failed page has one or two
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat = 8, b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
assert depth == 8 and ctype in (2, 6), (depth, ctype)
bpp = 3 if ctype == 2 else 4
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
colours = set()
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else
                                  b if pb <= pc else c)) & 255
    if y % 4 == 0:
        for x in range(0, stride, bpp * 2):
            colours.add(bytes(line[x:x + 3]))
    prev = line
print(w, h, len(colours), "colours")
assert w >= 800 and h >= 800 and len(colours) >= 16, len(colours)
EOF
	chrome --dump-dom "file://$html" >"$tmp/dom.html"
	check "html in chromium: every task id in the DOM" sh -c "
		[ -s '$tmp/dom.html' ] || exit 1
		for f in '$plan'/tasks/*.yaml; do
			id=\$(sed -n 's/^id: //p' \"\$f\")
			grep -q \"id=\\\"task-\$id\\\"\" '$tmp/dom.html' ||
				exit 1
		done"
fi

# --- no history, invalid plans, usage ----------------------------------

bare=$tmp/nogit
mkdir -p "$bare"
cp -R "$ROOT/plan.yaml" "$ROOT/tasks" "$ROOT/units" "$ROOT/schema" "$bare/"
if run 0 "outside a git repository" -C "$bare" --today 2010-06-30; then
	check "outside git: a note, not an error" sh -c "
		grep -q '不在 git 仓库中' '$tmp/out' && [ ! -s '$tmp/err' ]"
fi
run 0 "outside git, json" -C "$bare" --today 2010-06-30 --format json &&
	json_check "outside git: no history in json" <<'EOF'
d['history'] == {'available': False, 'note': 'not-a-repository'}
d['totals']['stale'] is None
all(x['last_update'] is None for x in d['tasks'])
EOF
(cd "$bare" && git init -q -b main .)
run 0 "a repository without commits" -C "$bare" --today 2010-06-30 &&
	check "no commits: a note" grep -q '尚无提交' "$tmp/out"
(cd "$bare" && git add plan.yaml &&
	git -c user.name=o -c user.email=o@x commit -q -m "plan only")
run 0 "task files not committed" -C "$bare" --today 2010-06-30 \
	--format json &&
	json_check "not committed: no history, a note" <<'EOF'
d['history'] == {'available': False, 'note': 'not-in-history'}
EOF
rm -rf "$bare/.git"

sed -i 's/^progress: .*/progress: 150/' "$bare/tasks/05.yaml"
if run 1 "an invalid plan is refused" -C "$bare"; then
	check "invalid plan: validate's findings on stdout" \
		grep -q '^tasks/05.yaml:[0-9]*:[0-9]*: error: ' "$tmp/out"
	check "invalid plan: no report" sh -c "
		! grep -q '总体情况' '$tmp/out' &&
		grep -q '^summary: error: 计划有错误.*不出报告' '$tmp/err'"
fi
run 2 "a directory without a plan" -C "$tmp/nowhere"

run 0 "--help" --help &&
	check "--help: usage and examples on stdout" sh -c "
		head -1 '$tmp/out' | grep -q '^usage: plan summary' &&
		grep -q '^Examples:' '$tmp/out'"
run 0 "--version" --version &&
	check "--version prints the version" grep -q '^summary [0-9]' "$tmp/out"
run 2 "an unknown option" --frobnicate &&
	check "unknown option: usage on stderr" grep -q '^usage: plan summary' \
		"$tmp/err"
run 2 "--today that is not a date" --today 2010-02-30
run 2 "an unknown format" --format pdf
run 2 "an unknown --by" --by region
run 2 "an unknown language" --lang fr

echo "summary.sh: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
