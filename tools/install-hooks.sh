#!/bin/sh
# Install the plan's git integration in the repository around this script:
# a pre-commit hook that runs `bin/validate --staged` (the plan as the
# commit will record it), and the diff driver "plan" that .gitattributes
# names, so that git diff and git log -p show changes field by field.
# Run by `make hooks`; running it again is harmless.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
if ! git rev-parse --git-dir >/dev/null 2>&1; then
	echo "install-hooks: error: $top is not in a git repository" >&2
	exit 2
fi
for tool in validate diff; do
	if [ ! -x "bin/$tool" ]; then
		echo "install-hooks: error: bin/$tool is missing:" \
			"run make first" >&2
		exit 2
	fi
done

# git runs diff drivers and hooks from the top of the work tree, so the
# paths stay relative and the repository can move.
git config diff.plan.command "bin/diff --git-external"
git config diff.plan.textconv "bin/diff --textconv"

hooks=$(git rev-parse --git-path hooks)
mkdir -p "$hooks"
hook=$hooks/pre-commit
marker="# installed by tools/install-hooks.sh"
if [ -e "$hook" ] && ! grep -q "^$marker\$" "$hook"; then
	echo "install-hooks: $hook exists and is not ours; left alone." >&2
	echo "install-hooks: add this line to it: bin/validate --staged -q" >&2
	exit 1
fi
cat >"$hook" <<HOOK
#!/bin/sh
$marker
# Refuse a commit whose plan files are not valid, as staged (not as they
# are in the work tree).  Skip once with: git commit --no-verify
exec bin/validate --staged -q
HOOK
chmod +x "$hook"
echo "install-hooks: the pre-commit hook runs bin/validate --staged;" \
	"git diff and git log -p use bin/diff"
