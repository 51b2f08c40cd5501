#!/bin/sh
# End-to-end checks that a hostile department gets nothing past the
# server's hook (docs/audit.md, "The model"), each through a real git push
# to a bare repository whose pre-receive hook is `audit --pre-receive`:
# - refs: refs/replace/ and other namespaces refused; a tag, once made,
#   moved or deleted by the administrator only;
# - fail closed: a pusher variable set but empty is refused; an account
#   name counts only where the server maps it (plan.account.NAME);
# - every path has an owner: a planted bin/validate, a .gitattributes at
#   any depth, dot files and files the loader skips, case and trailing
#   dot/space variants of tasks/ are the administrator's;
# - merges: a stale first parent, an evil merge that takes an old value
#   from an old second parent, a parent outside the plan's history;
# - and what a department may do still lands: its own progress, merging
#   main into its branch, reverting its own progress.
#
# Environment: ROOT, BIN as tests/run.sh sets them.

NAME=audit-bypass
. "$(dirname "$0")/common.inc"
. "$ROOT/tests/cli/push.inc"
git config --global advice.detachedHead false
git config --global pull.rebase false

git init -q --bare "$SERVER"
printf '#!/bin/sh\nexec "%s/audit" --pre-receive\n' "$BIN" \
	>"$SERVER/hooks/pre-receive"
chmod +x "$SERVER/hooks/pre-receive"

git init -q "$tmp/office"
make_plan "$tmp/office"
(cd "$tmp/office" && as boss && git add -A && git commit -q -m plan &&
	git remote add origin "$SERVER" && git push -q origin main &&
	git tag approved && git push -q origin approved) >"$log" 2>&1 ||
	{ cat "$log"; exit 2; }
founding=$(server_main)
git clone -q "$SERVER" "$tmp/u02" && (cd "$tmp/u02" && as 02) || exit 2
u=$tmp/u02
reset() {
	git -C "$u" fetch -q -f origin '+refs/tags/*:refs/tags/*' \
		'+refs/heads/*:refs/remotes/origin/*' &&
	git -C "$u" checkout -q -f -B main origin/main
}

# ---- refs ----
push_refused "a replace ref is refused" "$u" "ref-namespace" \
	origin "HEAD:refs/replace/$founding"
push_refused "a ref outside heads and tags is refused" "$u" \
	"ref-namespace" origin HEAD:refs/notes/commits
task 02 in_progress 10 >"$u/tasks/02.yaml"
git -C "$u" commit -qam "task 02 at 10"
git -C "$u" tag -f approved >/dev/null
push_refused "a department moving a tag is refused" "$u" "tag-move" \
	origin +refs/tags/approved
push_refused "a department deleting a tag is refused" "$u" "tag-move" \
	origin :refs/tags/approved
push_ok "a department's new tag lands" "$u" origin HEAD:refs/tags/u02-march
reset

# ---- fail closed ----
task 02 in_progress 20 >"$u/tasks/02.yaml"
git -C "$u" commit -qam "task 02 at 20"
if GITEA_PUSHER_EMAIL= git -C "$u" push origin main >"$log" 2>&1; then
	not_ok "an empty GITEA_PUSHER_EMAIL is refused" "$log"
elif grep -q "GITEA_PUSHER_EMAIL is set but empty" "$log"; then
	ok "an empty GITEA_PUSHER_EMAIL is refused, with its reason"
else
	not_ok "an empty GITEA_PUSHER_EMAIL: the reason" "$log"
fi
export GL_USERNAME=c02
push_refused "an unmapped account name is nobody" "$u" "pushed by c02" \
	origin main
git -C "$SERVER" config plan.account.c02 c02@u02.example
push_ok "an account the server maps pushes as its address" "$u" origin main
unset GL_USERNAME
git -C "$SERVER" config --unset plan.account.c02

# ---- every path has an owner ----
planted() { # NAME PATH: a department adds PATH
	reset
	mkdir -p "$u/$(dirname "$2")"
	printf '#!/bin/sh\necho planted\n' >"$u/$2"
	chmod +x "$u/$2"
	git -C "$u" add -f "$2" && git -C "$u" commit -qm "add $2"
	push_refused "$1" "$u" "path-owner" origin main
}
planted "a planted bin/validate is the administrator's" bin/validate
planted "a planted Makefile is the administrator's" Makefile
planted "a tasks/.gitattributes is the administrator's" tasks/.gitattributes
planted "a dot file the loader skips is the administrator's" \
	tasks/.08.yaml.swp
planted "units/.hidden is the administrator's" units/.hidden
planted "a new schema file is the administrator's" schema/extra.schema.json
planted "Tasks/08.yaml (a case variant) is the administrator's" \
	Tasks/08.yaml
planted "'tasks./' is the administrator's" tasks./08.yaml
planted "'tasks /' is the administrator's" "tasks /08.yaml"
reset
chmod +x "$u/tasks/02.yaml"
git -C "$u" commit -qam "mode"
push_refused "a mode change of a task file is the administrator's" "$u" \
	"path-owner" origin main

# ---- merges ----
# the office moves task 01 to u02, then back to u01 with a new target
reset
(cd "$tmp/office" && git pull -q origin main &&
	sed -i 's/- u01$/- u02/' tasks/01.yaml &&
	git commit -qam "task 01 to u02" && git push -q origin main) \
	>"$log" 2>&1 || { cat "$log"; exit 2; }
moved=$(server_main)
(cd "$tmp/office" && sed -i 's/- u02$/- u01/' tasks/01.yaml &&
	sed -i 's/^target: .*/target: 新目标/' tasks/01.yaml &&
	git commit -qam "task 01 back to u01" && git push -q origin main) \
	>"$log" 2>&1 || { cat "$log"; exit 2; }
reset
# 1. a stale first parent: from the commit where u02 led task 01
git -C "$u" checkout -q -B stale "$moved"
git -C "$u" merge -q -s ours -m "merge main" origin/main
sed -i 's/^status: .*/status: in_progress/; s/^progress: .*/progress: 90/' \
	"$u/tasks/01.yaml"
git -C "$u" commit -q --amend -a --no-edit
push_refused "a merge with a stale first parent takes no old rights" "$u" \
	"merge-change\|responsible-unit\|administrator-only" origin HEAD:main
# 2. an evil merge: main's tree with task 01 taken from the founding
reset
tree=$(cd "$u" && git checkout -q "$founding" -- tasks/01.yaml &&
	git write-tree)
evil=$(git -C "$u" commit-tree "$tree" -p origin/main -p "$founding" \
	-m "merge")
push_refused "an evil merge taking an old value from an old parent" "$u" \
	"merge-change\|administrator-only" origin "$evil:refs/heads/main"
# 3. a first parent outside the plan's history
reset
orphan=$(git -C "$u" commit-tree "$(git -C "$u" mktree </dev/null)" \
	-m "orphan")
task 03 done 100 >"$u/tasks/03.yaml"
tree=$(cd "$u" && git add tasks/03.yaml && git write-tree)
stray=$(git -C "$u" commit-tree "$tree" -p "$orphan" -p origin/main \
	-m "merge")
push_refused "a merge whose first parent is outside the history" "$u" \
	"responsible-unit\|merge-change" origin "$stray:refs/heads/main"

# ---- what a department may do still lands ----
reset
git -C "$u" checkout -q -B work origin/main
task 02 in_progress 30 >"$u/tasks/02.yaml"
git -C "$u" commit -qam "task 02 at 30"
(cd "$tmp/office" && git pull -q origin main &&
	task 05 in_progress 5 >tasks/05.yaml && git commit -qam "office" &&
	git push -q origin main) >"$log" 2>&1 || { cat "$log"; exit 2; }
git -C "$u" fetch -q && git -C "$u" merge -q -m "merge main" origin/main
push_ok "a department's merge of main into its branch lands" "$u" \
	origin work:main
# its own commit, the merge's first parent
git -C "$u" revert --no-edit HEAD^1 >"$log" 2>&1 || cat "$log"
push_ok "a revert of its own progress lands" "$u" origin work:main
# the way back: a commit mixing the clerk's own task with another's is
# refused; doing what the refusal says lands the allowed part
reset
task 02 in_progress 40 >"$u/tasks/02.yaml"
task 01 in_progress 70 >"$u/tasks/01.yaml"
git -C "$u" commit -qam "tasks 01 and 02"
push_refused "a commit mixing its own and another unit's task" "$u" \
	"responsible-unit" origin main
if grep -q "remote: audit:   git reset --soft origin/main" "$log"; then
	ok "the refusal says how to keep the allowed part"
else
	not_ok "the refusal says how to keep the allowed part" "$log"
fi
(cd "$u" && git reset -q --soft origin/main &&
	git restore --staged --worktree tasks/01.yaml &&
	git commit -qm "task 02 at 40") >"$log" 2>&1
push_ok "following the refusal's steps lands the allowed part" "$u" \
	origin main
if "$BIN/audit" -C "$SERVER" >"$log" 2>&1; then
	ok "a whole-history audit of the server finds nothing"
else
	not_ok "a whole-history audit of the server finds nothing" "$log"
fi

# the pre-push hook of make hooks refuses before anything is sent
reset
mkdir -p "$u/tools"
cp "$ROOT/tools/install-hooks.sh" "$u/tools/"
printf 'tools/\n' >>"$u/.git/info/exclude"
(cd "$u" && BUILD=$(dirname "$BIN") sh tools/install-hooks.sh) >"$log" 2>&1 ||
	not_ok "install-hooks in a clerk's clone" "$log"
task 01 in_progress 75 >"$u/tasks/01.yaml"
git -C "$u" commit -qam "task 01 at 75"
before=$(server_main)
if git -C "$u" push origin main >"$log" 2>&1; then
	not_ok "the pre-push hook refuses another unit's task" "$log"
elif grep -q "pre-push: not pushed" "$log" &&
     grep -q "responsible-unit" "$log" && [ "$(server_main)" = "$before" ]; then
	ok "the pre-push hook refuses another unit's task, before sending"
else
	not_ok "the pre-push hook: its reason" "$log"
fi
reset
task 02 in_progress 45 >"$u/tasks/02.yaml"
git -C "$u" commit -qam "task 02 at 45"
push_ok "the pre-push hook lets the clerk's own progress through" "$u" \
	origin main

"$BIN/audit" -C "$SERVER" --lang en main..main >"$log" 2>&1
if grep -q "the range main..main holds no commit: nothing to check" "$log"; then
	ok "an empty range says so"
else
	not_ok "an empty range says so" "$log"
fi

echo "audit-bypass: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
