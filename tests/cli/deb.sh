#!/bin/sh
# The Debian package: debian/ builds a .deb with dpkg-buildpackage -b from
# a copy of the tree; lintian finds no error in it; its files are all in
# the places the FHS gives a package (/usr/bin, /usr/libexec, /usr/share);
# it depends on the libraries the programs link; and unpacked (dpkg -x,
# as installing would place it, without touching this machine), its plan
# starts a new plan from the test table, validates and summarises it.
# Installing it on a fresh Debian 12 root is the same scenario through apt
# (docs/deploy.md).  Exits 77 (skipped) without dpkg-buildpackage,
# debhelper or lintian: CI does not install them.
#
# Environment: ROOT, BIN as tests/run.sh sets them.

NAME=deb-test
. "$(dirname "$0")/common.inc"

for t in dpkg-buildpackage dh lintian git; do
	command -v $t >/dev/null 2>&1 || {
		echo "# $t is not installed: the package was not built"
		exit 77
	}
done

# a copy of the tree as committed and changed, without builds
src=$tmp/plan-src
mkdir -p "$src"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
	xargs -0 cp --parents -t "$src" 2>/dev/null)
(cd "$src" && dpkg-buildpackage -b -us -uc) >"$tmp/build" 2>&1
deb=$(ls "$tmp"/plan_*_*.deb 2>/dev/null | head -1)
if [ -n "$deb" ]; then
	ok "dpkg-buildpackage -b builds $(basename "$deb")"
else
	not_ok "dpkg-buildpackage -b" "$tmp/build"
	exit 1
fi

lintian --no-tag-display-limit "$deb" >"$tmp/lint" 2>&1
if grep -q '^E:' "$tmp/lint"; then
	not_ok "lintian: errors" "$tmp/lint"
else
	ok "lintian finds no error ($(grep -c '^W:' "$tmp/lint") warnings)"
fi

dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./||' |
	grep -v -e '^$' -e '/$' >"$tmp/files"
grep -v -e '^usr/bin/' -e '^usr/libexec/plan/' -e '^usr/share/' \
	"$tmp/files" >"$tmp/outside"
[ -s "$tmp/files" ] && [ ! -s "$tmp/outside" ] &&
	ok "every file in /usr/bin, /usr/libexec/plan or /usr/share" ||
	not_ok "files outside the FHS places" "$tmp/outside"
for f in usr/bin/plan usr/bin/git-plan usr/libexec/plan/validate \
	usr/share/plan/schema/task.schema.json \
	usr/share/locale/zh_CN/LC_MESSAGES/plan.mo \
	usr/share/man/man1/plan-summary.1.gz \
	usr/share/man/zh_CN/man1/plan-summary.1.gz \
	usr/share/bash-completion/completions/plan; do
	grep -qx "$f" "$tmp/files" || echo "missing: $f"
done >"$tmp/missing"
[ ! -s "$tmp/missing" ] && ok "the package holds the toolkit" ||
	not_ok "the package lacks files" "$tmp/missing"

dpkg-deb -f "$deb" Depends >"$tmp/deps"
grep -q 'libgit2' "$tmp/deps" && grep -q 'libyaml' "$tmp/deps" &&
	grep -q 'libsodium' "$tmp/deps" && grep -q 'libssl' "$tmp/deps" &&
	grep -q '\bgit\b' "$tmp/deps" &&
	ok "Depends: the linked libraries and git" ||
	not_ok "Depends" "$tmp/deps"

# unpacked where a root would be: a new plan from the table, checked and
# reported on, in Chinese under LANG=C
root=$tmp/root
dpkg-deb -x "$deb" "$root"
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.name 计划办
git config --global user.email office@sx.gov.cn
git config --global init.defaultBranch main
unset LANGUAGE
(cd "$tmp" && LANG=C "$root/usr/bin/plan" init --year 2010 \
	--from "$ROOT/tests/cli/import/seed-2010.txt" \
	--units "$ROOT/units" city &&
	cd city && LANG=C "$root/usr/bin/plan" validate &&
	LANG=C "$root/usr/bin/plan" summary --today 2010-06-30) \
	>"$tmp/out" 2>&1
if [ $? -eq 0 ] && grep -q '^通过：40 项任务' "$tmp/out" &&
   grep -q '分类推进情况' "$tmp/out"; then
	ok "the packaged plan: init --from the table, validate, summary"
else
	not_ok "the packaged plan: init, validate, summary" "$tmp/out"
fi

echo "deb: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
