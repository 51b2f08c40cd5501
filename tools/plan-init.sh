#!/bin/sh
# plan init: a new plan repository, ready to use: git, plan.yaml, schema/,
# units/, tasks/ (imported from a table in the published form with
# --from, else one example task), .gitattributes with the diff driver,
# the hooks, and a README for the departments; `plan validate` accepts it
# at once.  How another city, or next year's plan, starts.
set -eu

usage="usage: plan init [--from TABLE [--units DIR]] [--year YEAR] [--title TITLE] [DIR]"
here=$(cd "$(dirname "$0")" && pwd)
from= units= year=$(date +%Y) title= dir=.
while [ $# -gt 0 ]; do
	case $1 in
	--from) from=${2:?$usage}; shift 2 ;;
	--from=*) from=${1#--from=}; shift ;;
	--units) units=$(cd "${2:?$usage}" && pwd) || exit 2; shift 2 ;;
	--year) year=${2:?$usage}; shift 2 ;;
	--title) title=${2:?$usage}; shift 2 ;;
	-h|--help)
		cat <<HELP
$usage

Make DIR (default: .) a new plan repository: git init, plan.yaml,
schema/, units/, tasks/, .gitattributes, the hooks (pre-commit: validate;
pre-push: audit; the diff driver), README.md for the departments, and a
first commit by you, the plan office.

      --from TABLE   import the tasks and units from TABLE, a plan
                     table in the published form (工作内容 | 目标任务 |
                     责任单位), as plan import reads it
      --units DIR    with --from: the unit files to resolve the table's
                     unit names against (last year's units/); names
                     none of them carries become new units to curate
      --year YEAR    the plan's year (default: this year)
      --title TITLE  the plan's title (default: "YEAR年工作任务")
  -h, --help         this text

Exit status: 0 made, 1 the table has findings, 2 usage or environment
error (DIR holds a plan already, no git, no schemas).
HELP
		exit 0 ;;
	--version) "$here/validate" --version | sed 's/^validate/plan init/'
		exit 0 ;;
	-*) echo "plan init: error: unknown option '$1'" >&2
		echo "$usage" >&2; exit 2 ;;
	*) dir=$1; shift ;;
	esac
done
case $year in
[12][0-9][0-9][0-9]) ;;
*) echo "plan init: error: --year '$year' is not a year" >&2; exit 2 ;;
esac
[ -n "$title" ] || title="${year}年工作任务"
command -v git >/dev/null ||
	{ echo "plan init: error: git is not installed" >&2; exit 2; }

# the default schemas: installed beside the tools, or this source tree's
schemas=${PLAN_SCHEMA_DIR:-}
for s in "$here/../../share/plan/schema" "$here/../../../schema"; do
	[ -z "$schemas" ] && [ -f "$s/task.schema.json" ] && schemas=$s
done
if [ -z "$schemas" ]; then
	echo "plan init: error: no default schemas (share/plan/schema)" \
		"beside $here" >&2
	exit 2
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
if [ -e "$dir/plan.yaml" ] || [ -e "$dir/tasks" ] || [ -e "$dir/units" ]; then
	echo "plan init: error: $dir holds a plan already" >&2
	exit 2
fi

if [ -n "$from" ]; then
	"$here/import" --year "$year" --title "$title" -q \
		${units:+--units "$units"} "$from" "$dir" || exit $?
else
	mkdir -p "$dir/tasks" "$dir/units"
	cat >"$dir/plan.yaml" <<PLAN
# yaml-language-server: \$schema=schema/plan.schema.json
title: $title
year: $year
language: zh
categories:
  - 示例类别
PLAN
	cat >"$dir/units/office.yaml" <<UNIT
# yaml-language-server: \$schema=../schema/unit.schema.json
# 计划办：计划的管理者。committers 填写计划办人员的邮箱（或 "*@单位域名"）。
id: office
name: 计划办
kind: office
admin: true
UNIT
	cat >"$dir/units/dept.yaml" <<UNIT
# yaml-language-server: \$schema=../schema/unit.schema.json
id: dept
name: 示例部门
kind: department
UNIT
	cat >"$dir/tasks/01.yaml" <<TASK
# yaml-language-server: \$schema=../schema/task.schema.json
id: 1
category: 示例类别
content: 示例任务：在此写工作内容
target: 在此写目标任务
units:
  text: 示例部门牵头
  lead:
    - dept
  cooperate: []
  implement: []
indicators: []
deadline: $year-12-31
status: not_started
progress: 0
as_of: null
note: ""
TASK
fi
mkdir -p "$dir/schema"
cp "$schemas/plan.schema.json" "$schemas/task.schema.json" \
	"$schemas/unit.schema.json" "$dir/schema/"
cat >"$dir/.gitattributes" <<'ATTR'
# The plan's files are compared field by field by plan diff
# (plan init installed the driver; docs: plan-diff(1)).
tasks/*.yaml diff=plan
units/*.yaml diff=plan
plan.yaml diff=plan
ATTR
cat >"$dir/README.md" <<README
# $title

本仓库保存${title}：每项任务一个文件 \`tasks/NN.yaml\`，每个责任单位一个文件
\`units/<代码>.yaml\`，计划本身在 \`plan.yaml\`。

各单位填报进展时，只修改本单位负责任务的 \`status\`（状态）、\`progress\`
（进度）、\`as_of\`（填报日期）、\`note\`（说明）和指标的 \`actual\`（完成值），
然后提交并推送。提交前 \`plan validate\` 会检查文件并指出行号和改法；推送前
\`plan audit\` 会检查本单位是否有权修改。计划办负责其余一切。

常用命令：

    plan validate                 # 检查全部文件
    plan summary                  # 进展情况报告
    plan log --unit 本单位代码     # 本单位任务的修改记录
    plan audit origin/main..HEAD  # 推送前自查

This repository holds the plan: one file per task in tasks/, one per unit
in units/, the plan itself in plan.yaml.  A department edits the progress
fields of its own tasks only; \`plan validate\` checks before each commit,
\`plan audit\` before each push.
README
cd "$dir"
[ -d .git ] || git init -q
git add -A
PLAN_REPO=$dir PLAN_TOOLS=$here sh "$here/install-hooks" >/dev/null
"$here/validate" -q || {
	echo "plan init: the files are in $dir, not committed: curate the" \
		"units named above (a group needs its members), then" \
		"plan validate and git commit" >&2
	exit 1
}
git commit -q -m "plan init: $title" 2>/dev/null ||
	echo "plan init: note: not committed (set git's user.name and" \
		"user.email, then git commit)" >&2
echo "plan init: a new plan in $dir; edit plan.yaml, units/ and tasks/," \
	"then plan validate"
