#!/bin/sh
# End-to-end checks of the installed toolkit: make install into a DESTDIR
# (nothing outside it), the plan command and git plan running the
# installed tools on a plan elsewhere, in Chinese from the installed
# catalogue; plan init, empty and from a table; the shell completion; and
# make uninstall leaving nothing behind.
#
# Environment: ROOT, BIN as tests/run.sh sets them.

NAME=install-test
. "$(dirname "$0")/common.inc"
# the build directory, relative to ROOT as make names it (bin/'s links
# are made relative to it)
O=${BIN%/bin}
O=${O#"$ROOT"/}

R=$tmp/root
make -s -C "$ROOT" --no-print-directory install O="$O" DESTDIR="$R" \
	PREFIX=/usr >"$tmp/log" 2>&1 ||
	{ not_ok "make install failed" "$tmp/log"; exit 1; }
(cd "$R" && find . ! -type d | sort) >"$tmp/files"
cat >"$tmp/want" <<'EOF'
./usr/bin/git-plan
./usr/bin/plan
./usr/libexec/plan/audit
./usr/libexec/plan/diff
./usr/libexec/plan/export
./usr/libexec/plan/import
./usr/libexec/plan/init
./usr/libexec/plan/install-hooks
./usr/libexec/plan/log
./usr/libexec/plan/summary
./usr/libexec/plan/validate
./usr/share/bash-completion/completions/plan
./usr/share/locale/zh_CN/LC_MESSAGES/plan.mo
./usr/share/man/man1/git-plan.1
./usr/share/man/man1/plan-audit.1
./usr/share/man/man1/plan-diff.1
./usr/share/man/man1/plan-export.1
./usr/share/man/man1/plan-import.1
./usr/share/man/man1/plan-init.1
./usr/share/man/man1/plan-log.1
./usr/share/man/man1/plan-summary.1
./usr/share/man/man1/plan-validate.1
./usr/share/man/man1/plan.1
./usr/share/man/man5/plan-format.5
./usr/share/man/zh_CN/man1/git-plan.1
./usr/share/man/zh_CN/man1/plan-audit.1
./usr/share/man/zh_CN/man1/plan-diff.1
./usr/share/man/zh_CN/man1/plan-export.1
./usr/share/man/zh_CN/man1/plan-import.1
./usr/share/man/zh_CN/man1/plan-init.1
./usr/share/man/zh_CN/man1/plan-log.1
./usr/share/man/zh_CN/man1/plan-summary.1
./usr/share/man/zh_CN/man1/plan-validate.1
./usr/share/man/zh_CN/man1/plan.1
./usr/share/man/zh_CN/man5/plan-format.5
./usr/share/plan/schema/plan.schema.json
./usr/share/plan/schema/task.schema.json
./usr/share/plan/schema/unit.schema.json
./usr/share/zsh/site-functions/_plan
EOF
diff "$tmp/want" "$tmp/files" >"$tmp/d" && ok "make install: exactly the toolkit, under DESTDIR" ||
	not_ok "make install wrote other files" "$tmp/d"
PLAN=$R/usr/bin/plan

# a plan elsewhere, not a clone of this repository
mkdir "$tmp/p"
cp -R "$ROOT/plan.yaml" "$ROOT/schema" "$ROOT/units" "$ROOT/tasks" "$tmp/p/"
"$PLAN" validate -C "$tmp/p" >"$tmp/out" 2>&1 &&
	grep -q "^ok: 40 tasks, 38 units" "$tmp/out" &&
	ok "plan validate runs the installed validate" || not_ok "plan validate" "$tmp/out"
# a plan without schema/ of its own: the installed schemas; a broken
# schema/ of its own still wins, and is refused
mkdir "$tmp/ns"
cp -R "$ROOT/plan.yaml" "$ROOT/units" "$ROOT/tasks" "$tmp/ns/"
"$PLAN" validate -C "$tmp/ns" >"$tmp/out" 2>&1 &&
	grep -q "^ok: 40 tasks" "$tmp/out" &&
	ok "a plan without schema/ is read with the installed schemas" ||
	not_ok "installed schemas" "$tmp/out"
mkdir "$tmp/ns/schema"
echo 'not json' >"$tmp/ns/schema/task.schema.json"
"$PLAN" validate -C "$tmp/ns" >"$tmp/out" 2>&1
[ $? -eq 2 ] && ok "a broken schema/ of its own wins (exit 2)" ||
	not_ok "a broken schema/" "$tmp/out"
"$PLAN" summary -C "$tmp/p" --format json >"$tmp/out" 2>&1 &&
	grep -q '"report": "summary"' "$tmp/out" &&
	ok "plan summary" || not_ok "plan summary" "$tmp/out"
LANGUAGE= LANG=C "$PLAN" validate -C "$tmp/p" --lang zh >"$tmp/out" 2>&1 &&
	grep -q "通过：40 项任务" "$tmp/out" &&
	ok "Chinese from the installed catalogue, under LANG=C" ||
	not_ok "installed catalogue" "$tmp/out"
PATH=$R/usr/bin:$PATH git plan validate -C "$tmp/p" >"$tmp/out" 2>&1 &&
	grep -q "^ok:" "$tmp/out" && ok "git plan validate" ||
	not_ok "git plan" "$tmp/out"
"$PLAN" nosuch >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "'nosuch' is not a plan command" "$tmp/out" &&
	ok "an unknown command: exit 2" || not_ok "unknown command" "$tmp/out"
"$PLAN" help log >"$tmp/out" 2>&1 && grep -q "^usage: plan log" "$tmp/out" &&
	ok "plan help log" || not_ok "plan help log" "$tmp/out"

# the man pages: clean for mandoc, and naming the options --help names
if command -v mandoc >/dev/null; then
	mandoc -Tlint -W warning "$R"/usr/share/man/man*/* \
		"$R"/usr/share/man/zh_CN/man*/* >"$tmp/lint" 2>&1 &&
		[ ! -s "$tmp/lint" ] && ok "man pages: mandoc -Tlint finds nothing" ||
		not_ok "mandoc -Tlint" "$tmp/lint"
else
	echo "# mandoc is not installed: the man pages were not linted"
fi
: >"$tmp/mismatch"
for c in validate summary diff log audit import export init; do
	# the Chinese page against the Chinese --help, the English against
	# the English one; both name the options the English --help names
	for l in en zh; do
		page=$R/usr/share/man/man1/plan-$c.1
		[ $l = en ] || page=$R/usr/share/man/zh_CN/man1/plan-$c.1
		"$PLAN" "$c" --help --lang $l |
			grep -o -- '--[a-z][a-z-]*' | sort -u >"$tmp/h"
		grep '^\.It ' "$page" | grep -o 'Fl -[a-z][a-z-]*' |
			sed 's/^Fl -/--/' | sort -u >"$tmp/m"
		{ cat "$tmp/m"; grep -o -- '--[a-z][a-z-]*' "$page"; } |
			sort -u >"$tmp/all"
		# every option --help lists has its entry, and the page
		# names no option --help does not
		comm -23 "$tmp/h" "$tmp/all" |
			sed "s/^/$c ($l): not in the man page: /" >>"$tmp/mismatch"
		comm -13 "$tmp/h" "$tmp/m" |
			sed "s/^/$c ($l): not in --help: /" >>"$tmp/mismatch"
		[ $l = en ] && cp "$tmp/h" "$tmp/h.en"
		[ $l = zh ] && ! cmp -s "$tmp/h" "$tmp/h.en" &&
			echo "$c: the Chinese --help names other options" \
				>>"$tmp/mismatch"
	done
	grep -q '^\.Sh 描述' "$R/usr/share/man/zh_CN/man1/plan-$c.1" ||
		echo "$c: the Chinese page is not in Chinese" >>"$tmp/mismatch"
done
# plan-audit(1) lists every rule a finding can name, in both languages
for r in $(sed -n 's/^#define AUTH_RULE_[A-Z_]* "\(.*\)"$/\1/p' \
	"$ROOT"/tools/lib/*.h) as-of-unchanged; do
	for page in "$R/usr/share/man/man1/plan-audit.1" \
		"$R/usr/share/man/zh_CN/man1/plan-audit.1"; do
		grep -q "^\.It Cm .*\b$r\b" "$page" ||
			echo "${page#"$R"}: no rule $r" >>"$tmp/mismatch"
	done
done
[ ! -s "$tmp/mismatch" ] &&
	ok "man pages and --help name the same options; plan-audit(1) every rule" ||
	not_ok "man pages and --help differ" "$tmp/mismatch"

# plan init
git config --global user.name 计划办
git config --global user.email office@sx.gov.cn
"$PLAN" init --year 2011 "$tmp/new" >"$tmp/out" 2>&1 &&
	"$PLAN" validate -C "$tmp/new" >>"$tmp/out" 2>&1 &&
	[ "$(git -C "$tmp/new" rev-list --count HEAD)" = 1 ] &&
	[ -x "$tmp/new/.git/hooks/pre-commit" ] &&
	[ -x "$tmp/new/.git/hooks/pre-push" ] &&
	[ -f "$tmp/new/.gitattributes" ] && [ -f "$tmp/new/README.md" ] &&
	cmp -s "$tmp/new/schema/task.schema.json" "$ROOT/schema/task.schema.json" &&
	ok "plan init: a repository that validates, committed, with its hooks" ||
	not_ok "plan init" "$tmp/out"
# its hook refuses an invalid commit
sed -i 's/^progress: 0/progress: 300/' "$tmp/new/tasks/01.yaml"
if git -C "$tmp/new" commit -qam "bad" >"$tmp/out" 2>&1; then
	not_ok "the new plan's pre-commit hook let an invalid plan in" "$tmp/out"
else
	grep -q "tasks/01.yaml:.*'progress' is 300" "$tmp/out" &&
		ok "the new plan's pre-commit hook runs validate" ||
		not_ok "pre-commit hook message" "$tmp/out"
fi
"$PLAN" init "$tmp/new" >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "holds a plan already" "$tmp/out" &&
	ok "plan init on a plan: exit 2" || not_ok "plan init twice" "$tmp/out"
"$PLAN" init --from "$ROOT/tests/cli/import/seed-2010.txt" \
	--units "$ROOT/units" --year 2010 --title 试点计划 "$tmp/from" \
	>"$tmp/out" 2>&1 &&
	"$PLAN" validate -C "$tmp/from" >>"$tmp/out" 2>&1 &&
	grep -q "^ok: 40 tasks" "$tmp/out" &&
	ok "plan init --from a table: 40 tasks that validate" ||
	not_ok "plan init --from" "$tmp/out"

# completion
cd "$tmp/p" || exit 2
cat >"$tmp/comp.sh" <<EOF
. "$R/usr/share/bash-completion/completions/plan"
export PATH="$R/usr/bin:\$PATH"
t() { COMP_WORDS=("\$@"); COMP_CWORD=\$((\${#COMP_WORDS[@]} - 1)); _plan; echo "\${COMPREPLY[*]}"; }
t plan su
t plan log --unit jm
t plan summary --ser
t plan log 4
t git plan au
EOF
if command -v bash >/dev/null; then
	bash "$tmp/comp.sh" >"$tmp/out" 2>&1
	printf '%s\n' summary jmw --series "4 40" audit >"$tmp/want"
	diff "$tmp/want" "$tmp/out" >"$tmp/d" &&
		ok "completion: commands, options, unit ids, task numbers" ||
		not_ok "completion" "$tmp/d"
fi
# zsh: compadd stands in for the line editor, offering what starts with
# the word being completed, as zsh would
cat >"$tmp/comp.zsh" <<ZSH
compadd() { local a; for a in "\$@"; do [[ \$a == -- || \$a != \$PREFIX* ]] || print -rn -- "\$a "; done }
_files() { print -rn -- "(files) " }
export PATH="$R/usr/bin:\$PATH"
t() { words=("\$@"); CURRENT=\$#; PREFIX=\${words[CURRENT]}; . "$R/usr/share/zsh/site-functions/_plan"; print; }
t plan su
t plan log --unit jm
t plan summary --ser
t plan log 4
t git plan au
t plan validate ta
ZSH
if command -v zsh >/dev/null; then
	# LeakSanitizer's tracer was seen to spin for good in a tool that
	# zsh's completion ran (a sanitized build): the leaks are checked by
	# every other test, and a hang must end as a failure
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		timeout 120 zsh -f "$tmp/comp.zsh" 2>&1 |
		sed 's/ *$//' >"$tmp/out"
	printf '%s\n' summary jmw --series "4 40" audit "(files)" >"$tmp/want"
	diff "$tmp/want" "$tmp/out" >"$tmp/d" &&
		ok "zsh completion: commands, options, unit ids, task numbers" ||
		not_ok "zsh completion" "$tmp/d"
else
	echo "# zsh is not installed: its completion was not tried"
fi
cd "$tmp" || exit 2

make -s -C "$ROOT" --no-print-directory uninstall O="$O" DESTDIR="$R" \
	PREFIX=/usr >"$tmp/log" 2>&1
(cd "$R" && find . ! -type d) >"$tmp/left"
[ ! -s "$tmp/left" ] && ok "make uninstall leaves no file" ||
	not_ok "make uninstall left files" "$tmp/left"

echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
