#!/bin/sh
# End-to-end checks of the language the tools speak (tools/lib/i18n.h):
# --lang, then the locale, then the plan's `language:`, then English; the
# FILE:LINE:COL prefix, rule names and JSON keys stay as they are; the
# Chinese catalogue is complete.
#
# Environment: ROOT, BIN as tests/run.sh sets them.

NAME=i18n-test
. "$(dirname "$0")/common.inc"
unset LANGUAGE LC_ALL LC_MESSAGES LANG
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

# a plan whose task 18 says done at 40 per cent
zh=$tmp/zh
mkdir -p "$zh"
cp -R "$ROOT/plan.yaml" "$ROOT/schema" "$ROOT/units" "$ROOT/tasks" "$zh/"
sed -i 's/^status: .*/status: done/; s/^progress: .*/progress: 40/' \
	"$zh/tasks/18.yaml"
en=$tmp/en
cp -R "$zh" "$en"
sed -i '/^language:/d' "$en/plan.yaml"
done_zh='error: 状态为 done（已完成），但进度为 40'
done_en='error: status is done but progress is 40'

expect "LANG=C, plan language zh: Chinese" 1 "^tasks/18.yaml:[0-9]*:[0-9]*: $done_zh" \
	env LANG=C "$BIN/validate" -C "$zh"
expect "LANG=C, plan language zh: the count in Chinese" 1 '个错误，0 个警告$' \
	env LANG=C "$BIN/validate" -C "$zh"
expect "no locale, no plan language: English" 1 "$done_en" \
	"$BIN/validate" -C "$en"
expect "LANG=zh_CN.UTF-8 wins over the plan" 1 "$done_zh" \
	env LANG=zh_CN.UTF-8 "$BIN/validate" -C "$en"
expect "LANGUAGE=zh_CN under LANG=C" 1 "$done_zh" \
	env LANG=C LANGUAGE=zh_CN "$BIN/validate" -C "$en"
expect "LANG=en_US.UTF-8 wins over the plan" 1 "$done_en" \
	env LANG=en_US.UTF-8 "$BIN/validate" -C "$zh"
expect "--lang en wins over LANG" 1 "$done_en" \
	env LANG=zh_CN.UTF-8 "$BIN/validate" -C "$zh" --lang en
expect "--lang zh wins over LANG" 1 "$done_zh" \
	env LANG=en_US.UTF-8 "$BIN/validate" -C "$en" --lang zh
expect "--lang fr is a usage error" 2 "unknown language 'fr' (zh or en)" \
	"$BIN/validate" -C "$en" --lang fr
expect "--lang fr in Chinese" 2 "未知语言 'fr'" \
	"$BIN/validate" -C "$en" --lang zh --lang fr
expect "JSON keys and rule names stay, the message is Chinese" 1 \
	'"rule": "status-progress", "message": "状态为 done' \
	env LANG=C "$BIN/validate" -C "$zh" --format json
expect "a clean plan in Chinese" 0 '^通过：40 项任务' \
	env LANG=C "$BIN/validate" -C "$ROOT"
expect "through plan, the command follows the plan's language too" 0 \
	'^通过：40 项任务' env LANG=C "$BIN/plan" validate -C "$ROOT"
expect "summary follows the plan's language under LANG=C" 0 '二、分类推进情况' \
	env LANG=C "$BIN/summary" -C "$ROOT" --today 2010-06-30
expect "summary --lang en" 0 'Progress by category' \
	env LANG=C "$BIN/summary" -C "$ROOT" --today 2010-06-30 --lang en

# the history tools in both languages: a repository of the Chinese plan
# with one progress report (git kept from the user's settings)
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
repo=$tmp/repo
mkdir -p "$repo"
cp -R "$ROOT/plan.yaml" "$ROOT/schema" "$ROOT/units" "$ROOT/tasks" "$repo/"
git -C "$repo" init -q
git -C "$repo" add -A
git -C "$repo" -c user.name=计划办 -c user.email=office@sx.gov.cn \
	commit -q -m "the plan"
sed -i 's/^progress: .*/progress: 30/; s/^status: .*/status: in_progress/' \
	"$repo/tasks/18.yaml"
git -C "$repo" -c user.name=李雷 -c user.email=li@jmw.sx.gov.cn \
	commit -q -am "18: 30%"
expect "log under LANG=C: Chinese" 0 ' 任务 18 progress: 0 → 30$' \
	env LANG=C "$BIN/log" -C "$repo"
expect "log --lang en: English" 0 ' task 18 progress: 0 → 30$' \
	env LANG=C "$BIN/log" -C "$repo" --lang en
expect "diff under LANG=C: Chinese" 0 '^任务 18 (tasks/18.yaml)$' \
	env LANG=C "$BIN/diff" -C "$repo" HEAD~1 HEAD
expect "diff under LANG=en_US.UTF-8: English" 0 '^task 18 (tasks/18.yaml)$' \
	env LANG=en_US.UTF-8 "$BIN/diff" -C "$repo" HEAD~1 HEAD
expect "audit under LANG=C: Chinese" 0 '^audit: .*个提交' \
	env LANG=C "$BIN/audit" -C "$repo"
expect "audit --lang en: English" 0 '^audit: .* commits\{0,1\} ' \
	env LANG=C "$BIN/audit" -C "$repo" --lang en
expect "an unknown task in diff, in Chinese" 2 '任务 99 既不在 HEAD~1 中' \
	env LANG=C "$BIN/diff" -C "$repo" HEAD~1 HEAD 99

# every message of the catalogue translated, none fuzzy
if command -v msgfmt >/dev/null 2>&1; then
	msgfmt --check --statistics -o /dev/null "$ROOT/po/zh_CN.po" \
		>"$tmp/stat" 2>&1
	if grep -q 'untranslated\|fuzzy' "$tmp/stat" ||
	   ! grep -q '^[0-9]* translated messages\.$' "$tmp/stat"; then
		not_ok "po/zh_CN.po: every message translated" "$tmp/stat"
	else
		ok "po/zh_CN.po: every message translated"
	fi
else
	not_ok "msgfmt is installed (tools/deps.sh build)"
fi

echo "i18n: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
