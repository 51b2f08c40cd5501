#!/bin/sh
# make demo: build/demo, a copy of this plan as a department's year would
# leave it: monthly reports in git, by the units' clerks, on their dates.
# For trying summary --as-of, --since and log without a real year of data.
# Usage: tools/demo.sh [DIR]   (default: build/demo; replaced whole)
set -e
ROOT=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$ROOT/build/demo}
rm -rf "$out"
mkdir -p "$out"
cp -R "$ROOT/plan.yaml" "$ROOT/schema" "$ROOT/units" "$ROOT/tasks" "$out/"
cd "$out"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
git init -q -b main .
git config user.name 市发改委计划办
git config user.email office@fgw.sx.gov.cn
git add -A
GIT_AUTHOR_DATE=2010-01-05T09:30:00+08:00 \
GIT_COMMITTER_DATE=2010-01-05T09:30:00+08:00 \
	git commit -q -m "2010年工作任务分解"

# report TASK DATE STATUS PROGRESS NOTE NAME EMAIL
report() {
	f=tasks/$1.yaml
	sed -i "s/^status: .*/status: $3/; s/^progress: .*/progress: $4/;
		s/^as_of: .*/as_of: $2/; s/^note: .*/note: \"$5\"/" "$f"
	git add "$f"
	GIT_AUTHOR_DATE=${2}T17:00:00+08:00 \
	GIT_COMMITTER_DATE=${2}T17:00:00+08:00 \
		git -c user.name="$6" -c user.email="$7" commit -q \
		-m "任务$1进展（$2）"
}
jmw="李雷 li.lei@jmw.sx.gov.cn"
kjj="韩梅梅 han.meimei@kjj.sx.gov.cn"
report 01 2010-02-26 in_progress 15 "规划初稿已完成" $jmw
report 18 2010-03-31 in_progress 20 "一季度完成工业投资128亿元" $jmw
report 21 2010-03-31 in_progress 25 "" $kjj
report 01 2010-04-30 in_progress 40 "规划征求意见中" $jmw
report 02 2010-04-30 in_progress 30 "" $jmw
report 18 2010-05-31 in_progress 38 "" $jmw
report 21 2010-05-31 at_risk 30 "配套资金未到位" $kjj
report 01 2010-06-25 in_progress 70 "规划已报市政府审议" $jmw
report 18 2010-06-30 in_progress 50 "上半年完成工业投资312亿元" $jmw
report 02 2010-07-30 in_progress 55 "" $jmw
report 21 2010-08-31 in_progress 55 "资金已落实" $kjj
report 18 2010-09-30 in_progress 75 "" $jmw
report 01 2010-10-09 done 100 "规划已印发实施" $jmw
report 02 2010-11-30 done 100 "" $jmw
report 18 2010-12-28 done 100 "全年完成工业投资641亿元" $jmw
echo "demo: $out (git log, then summary -C $out --as-of 2010-06-30)"
