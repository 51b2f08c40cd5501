#!/bin/sh
# Install the plan's git integration in the repository around this script:
# a pre-commit hook that runs `validate --staged` (the plan as the commit
# will record it), and the diff driver "plan" that .gitattributes names,
# so that git diff and git log -p show changes field by field.
#
# Hooks and the driver never run a program from the work tree: a `git
# pull` could replace it (docs/audit.md, "Every path has an owner").  The
# tools of this build are copied into the repository's own git directory
# (.git/plan-tools/), which no pull, merge or checkout writes, and run from
# there.  Run by `make hooks`, again after each update of the tools; and
# by `plan init` for a new plan's repository (PLAN_REPO: its top; PLAN_TOOLS:
# the directory of the installed tools).
set -eu

top=${PLAN_REPO:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top"
if ! git rev-parse --git-dir >/dev/null 2>&1; then
	echo "install-hooks: error: $top is not in a git repository" >&2
	exit 2
fi
build=${PLAN_TOOLS:-${BUILD:-build/release}/bin}
for tool in validate diff audit; do
	if [ ! -x "$build/$tool" ]; then
		echo "install-hooks: error: $build/$tool is missing:" \
			"run make first" >&2
		exit 2
	fi
done

# hooks kept in a directory of the work tree could be replaced by a pull
hooks_path=$(git config core.hooksPath || true)
if [ -n "$hooks_path" ]; then
	case $(cd "$top" && mkdir -p "$hooks_path" &&
		cd "$hooks_path" && pwd -P)/ in
	"$(pwd -P)"/*)
		echo "install-hooks: error: core.hooksPath ($hooks_path) is" \
			"inside the work tree, where a pull can change the" \
			"hooks; unset it (git config --unset core.hooksPath)" >&2
		exit 2 ;;
	esac
fi

tools=$(git rev-parse --git-path plan-tools)
mkdir -p "$tools"
for tool in validate diff audit; do
	cp "$build/$tool" "$tools/$tool.new"
	mv -f "$tools/$tool.new" "$tools/$tool"
done

# git runs diff drivers through the shell, from the top of the work tree
git config diff.plan.command \
	'"$(git rev-parse --git-path plan-tools)/diff" --git-external'
git config diff.plan.textconv \
	'"$(git rev-parse --git-path plan-tools)/diff" --textconv'

hooks=$(git rev-parse --git-path hooks)
mkdir -p "$hooks"
hook=$hooks/pre-commit
marker="# installed by tools/install-hooks.sh"
if [ -e "$hook" ] && ! grep -q "^$marker\$" "$hook"; then
	echo "install-hooks: $hook exists and is not ours; left alone." >&2
	echo "install-hooks: add this line to it:" \
		"\"\$(git rev-parse --git-path plan-tools)/validate\" --staged -q" >&2
	exit 1
fi
cat >"$hook" <<'HOOK'
#!/bin/sh
# installed by tools/install-hooks.sh
# Refuse a commit whose plan files are not valid, as staged (not as they
# are in the work tree), with the tools copied into the git directory,
# never a program of the work tree.  Skip once with: git commit --no-verify
exec "$(git rev-parse --git-path plan-tools)/validate" --staged -q
HOOK
chmod +x "$hook"

# the server's audit, run before the push: a refusal comes before
# anything is sent, not after
hook=$hooks/pre-push
if [ -e "$hook" ] && ! grep -q "^$marker\$" "$hook"; then
	echo "install-hooks: $hook exists and is not ours; left alone." >&2
	exit 1
fi
cat >"$hook" <<'HOOK'
#!/bin/sh
# installed by tools/install-hooks.sh
# Audit what is about to be pushed, as the server's hook will, with the
# tools copied into the git directory.  Skip once with: git push --no-verify
tools=$(git rev-parse --git-path plan-tools)
zero=0000000000000000000000000000000000000000
status=0
while read -r lref lsha rref rsha; do
	[ "$lsha" = "$zero" ] && continue	# a deletion: the server decides
	case $rsha in
	"$zero") range=$lsha ;;
	*) git cat-file -e "$rsha" 2>/dev/null && range=$rsha..$lsha ||
		range=$lsha ;;
	esac
	"$tools/audit" -q "$range" || status=1
done
[ "$status" = 0 ] || echo "pre-push: not pushed; see docs/audit.md," \
	"\"After a refused push\"" >&2
exit $status
HOOK
chmod +x "$hook"
echo "install-hooks: the pre-commit hook runs validate --staged, the" \
	"pre-push hook audit, and git diff uses diff, all copied to $tools"
