#!/bin/sh
# plan init: a new plan repository, ready to use: git, plan.yaml, schema/,
# units/, tasks/ (imported from a table in the published form with
# --from, else one example task), .gitattributes with the diff driver,
# the hooks, and a README for the departments; `plan validate` accepts it
# at once.  How another city, or next year's plan, starts.
set -eu

# The language, as the C tools choose it (--lang, else the locale); the
# messages below are written in both, as this script has no catalogue.
lang=en
for v in "${LANGUAGE:-}" "${LC_ALL:-}" "${LC_MESSAGES:-}" "${LANG:-}"; do
	[ -n "$v" ] || continue
	case $v in zh*) lang=zh ;; esac
	break
done
prev=
for a in "$@"; do
	case $prev$a in
	--langzh*|--lang=zh*) lang=zh ;;
	--langen*|--lang=en*) lang=en ;;
	esac
	prev=$a
done
# say EN ZH: the message in the chosen language
say() { if [ "$lang" = zh ]; then echo "$2"; else echo "$1"; fi; }

usage=$(say \
"usage: plan init [--from TABLE [--units DIR]] [--year YEAR] [--title TITLE]
                 [--lang LANG] [DIR]" \
"用法：plan init [--from TABLE [--units DIR]] [--year YEAR] [--title TITLE]
                [--lang LANG] [DIR]")
here=$(cd "$(dirname "$0")" && pwd)
from= units= year=$(date +%Y) title= dir=.
while [ $# -gt 0 ]; do
	case $1 in
	--from) from=${2:?$usage}; shift 2 ;;
	--from=*) from=${1#--from=}; shift ;;
	--units) units=$(cd "${2:?$usage}" && pwd) || exit 2; shift 2 ;;
	--year) year=${2:?$usage}; shift 2 ;;
	--title) title=${2:?$usage}; shift 2 ;;
	--lang) case ${2:-} in zh*|en*) shift 2 ;; *)
		say "plan init: error: unknown language '${2:-}' (zh or en)" \
			"plan init: error: 未知语言 '${2:-}'（应为 zh 或 en）" >&2
		echo "$usage" >&2; exit 2 ;; esac ;;
	--lang=*) shift ;;
	-h|--help)
		echo "$usage"
		echo
		if [ "$lang" = zh ]; then cat <<HELP
把 DIR（默认：.）建成一个新的计划仓库：git init，plan.yaml、schema/、
units/、tasks/、.gitattributes，钩子（pre-commit：validate；pre-push：
audit；比较驱动），供各部门阅读的 README.md，以及以您（计划办）的名义
所作的第一次提交。

      --from TABLE   从 TABLE 导入任务和单位，TABLE 为发布格式的计划表
                     （工作内容 | 目标任务 | 责任单位），与 plan import
                     读取的格式相同
      --units DIR    与 --from 同用：用于对应表中单位名称的单位文件
                     （上一年度的 units/）；任何单位文件都没有的名称
                     成为待整理的新单位
      --year YEAR    计划的年度（默认：今年）
      --title TITLE  计划的标题（默认："YEAR年工作任务"）
      --lang LANG    zh 或 en（默认：区域设置的语言，否则为 en）
  -h, --help         显示本说明

退出状态：0 已建立，1 计划表有问题，2 用法或环境错误（DIR 中已有计划，
没有 git，没有模式文件）。
HELP
		else cat <<HELP
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
      --lang LANG    zh or en (default: the locale's language, else en)
  -h, --help         this text

Exit status: 0 made, 1 the table has findings, 2 usage or environment
error (DIR holds a plan already, no git, no schemas).
HELP
		fi
		exit 0 ;;
	--version) "$here/validate" --version | sed 's/^validate/plan init/'
		exit 0 ;;
	-*) say "plan init: error: unknown option '$1'" \
		"plan init: error: 未知选项 '$1'" >&2
		echo "$usage" >&2; exit 2 ;;
	*) dir=$1; shift ;;
	esac
done
case $year in
[12][0-9][0-9][0-9]) ;;
*) say "plan init: error: --year '$year' is not a year" \
	"plan init: error: --year '$year' 不是年份" >&2; exit 2 ;;
esac
[ -n "$title" ] || title="${year}年工作任务"
command -v git >/dev/null ||
	{ say "plan init: error: git is not installed" \
		"plan init: error: 未安装 git" >&2; exit 2; }

# the default schemas: installed beside the tools, or this source tree's
schemas=${PLAN_SCHEMA_DIR:-}
for s in "$here/../../share/plan/schema" "$here/../../../schema"; do
	[ -z "$schemas" ] && [ -f "$s/task.schema.json" ] && schemas=$s
done
if [ -z "$schemas" ]; then
	say "plan init: error: no default schemas (share/plan/schema) beside $here" \
		"plan init: error: $here 旁没有默认模式文件（share/plan/schema）" >&2
	exit 2
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
if [ -e "$dir/plan.yaml" ] || [ -e "$dir/tasks" ] || [ -e "$dir/units" ]; then
	say "plan init: error: $dir holds a plan already" \
		"plan init: error: $dir 中已有计划" >&2
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
	say "plan init: the files are in $dir, not committed: curate the units named above (a group needs its members), then plan validate and git commit" \
		"plan init: 文件已写入 $dir，尚未提交：请先整理上面列出的单位（单位组需要列出成员），再运行 plan validate 和 git commit" >&2
	exit 1
}
git commit -q -m "plan init: $title" 2>/dev/null ||
	say "plan init: note: not committed (set git's user.name and user.email, then git commit)" \
		"plan init: note: 尚未提交（请设置 git 的 user.name 和 user.email，再运行 git commit）" >&2
say "plan init: a new plan in $dir; edit plan.yaml, units/ and tasks/, then plan validate" \
	"plan init: 已在 $dir 建立新计划；请编辑 plan.yaml、units/ 和 tasks/，然后运行 plan validate"
