#!/bin/sh
# Signed commits (docs/audit.md, "Signatures"): commits signed by real
# `git commit -S` with gpg.format=ssh and keys made by ssh-keygen; each
# case's state in `audit --format json` is checked, and so is what
# `git verify-commit` says with an allowed-signers file built from the
# units at the commit's parent: git and audit agree on every case, except
# that audit also asks whose key it is (a key listed for another person
# verifies for git, and is refused by audit).
#
# Environment: ROOT, BIN as tests/run.sh sets them (BIN by default the
# release build's bin/).

NAME=signatures
[ -n "${BIN:-}" ] ||
	BIN=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}/build/release/bin
. "$(dirname "$0")/common.inc"
. "$ROOT/tests/cli/push.inc"

for t in ssh-keygen python3; do
	command -v $t >/dev/null || { echo "not ok - $t is not installed"; exit 1; }
done

K=$tmp/keys
mkdir -p "$K"
for who in c01 c02 boss stray boss2; do
	ssh-keygen -q -t ed25519 -N '' -C "$who" -f "$K/$who" || exit 1
done
pub() { cut -d' ' -f1,2 "$K/$1.pub"; }

W=$tmp/work
git init -q -b main "$W" || exit 1
make_plan "$W"
cd "$W" || exit 1
git config commit.gpgsign false
git config gpg.format ssh
keys() { # keys UNIT ADDRESS KEY...: a unit file with signing keys
	u=$1 addr=$2
	shift 2
	{
		if [ "$u" = office ]; then
			printf 'id: office\nname: 计划办\nkind: office\nadmin: true\n'
			printf 'committers:\n  - boss@office.example\n'
		else
			printf 'id: %s\nname: 单位%s\nkind: department\n' "$u" "${u#u}"
			printf 'committers:\n  - "*@%s.example"\n' "$u"
		fi
		[ $# -gt 0 ] && echo 'signing_keys:'
		for k in "$@"; do
			echo "  - $addr $(pub "$k")"
		done
	} >"units/$u.yaml"
}
keys office boss@office.example boss
keys u01 c01@u01.example c01
keys u02 c02@u02.example c02
as boss
git add -A && git commit -q -m founding || exit 1

# commit AS KEY|- MESSAGE: commit what is staged, signed with KEY
commit() {
	as "$1"
	if [ "$2" = - ]; then
		git commit -q --no-gpg-sign -m "$3"
	else
		git -c user.signingkey="$K/$2.pub" commit -q -S -m "$3"
	fi || { echo "not ok - cannot commit $3"; exit 1; }
}
progress() { # progress NN VALUE
	sed -i "s/^status: .*/status: in_progress/; s/^progress: .*/progress: $2/" \
		"tasks/$1.yaml"
	git add "tasks/$1.yaml"
}
# rewrite HEAD's object with sed expression $1 applied to it (signature
# kept): what a forger who edits a signed commit gets
tamper() {
	new=$(git cat-file commit HEAD | sed "$1" |
		git hash-object -t commit -w --stdin) &&
	git reset -q --hard "$new"
}
# a commit carrying an OpenPGP-armored signature
pgp() {
	progress 01 "$1"
	commit 01 - "pgp $1"
	new=$(git cat-file commit HEAD | awk '
		/^committer / { print; print "gpgsig -----BEGIN PGP SIGNATURE-----"
			print " "; print " iQEzBAABCAAdFiEEAAAA"; print " =AAAA"
			print " -----END PGP SIGNATURE-----"; next } { print }' |
		git hash-object -t commit -w --stdin) &&
	git reset -q --hard "$new"
}

cases=$tmp/cases
: >"$cases"
want() { # want NAME STATE GIT(ok|bad) [RULE]: about HEAD
	echo "$(git rev-parse HEAD)|$2|$3|${4:--}|$1" >>"$cases"
}

progress 01 10; commit 01 c01 "good"; want good good ok
progress 01 11; commit 01 c01 "msg"
tamper 's/^msg$/msg, edited after signing/'
want "message tampered" mismatch bad signature-mismatch
progress 01 12; commit 01 c01 "content"
blob=$(sed 's/^progress: .*/progress: 99/' tasks/01.yaml | git hash-object -w --stdin)
tasks=$(git rev-parse HEAD:tasks)
sub=$(git ls-tree "$tasks" | sed "s|blob [0-9a-f]*\t01.yaml|blob $blob\t01.yaml|" | git mktree)
tree=$(git ls-tree HEAD | sed "s|tree [0-9a-f]*\ttasks\$|tree $sub\ttasks|" | git mktree)
tamper "s/^tree .*/tree $tree/"
want "content tampered" mismatch bad signature-mismatch
progress 01 13; commit 01 c02 "another unit's key"
want "key of another unit" other-key ok signature-key
progress 01 14; commit 01 stray "a key no unit lists"
want "wrong key, no policy" unknown-key bad
progress 01 15; commit 01 - "unsigned"
want "unsigned, no policy" none bad
pgp 16
want "OpenPGP, no policy" unverifiable bad

printf 'signatures: required\n' >>plan.yaml
git add plan.yaml; commit boss boss "signatures required"
want "the office turns the policy on" good ok
progress 01 20; commit 01 - "unsigned under the policy"
want "unsigned" none bad signature-missing
progress 01 21; commit 01 stray "stray key under the policy"
want "wrong key" unknown-key bad signature-key
pgp 22
want "OpenPGP" unverifiable bad signature-unverifiable
keys u01 c01@u01.example
git add units; commit boss boss "c01's key withdrawn"
want "a key withdrawn" good ok
progress 01 23; commit 01 c01 "signed with a withdrawn key"
want "key removed from the unit before the commit" unknown-key bad signature-key
keys office boss@office.example boss boss2
git add units; commit boss boss2 "a key added and used at once"
want "key added in the same commit" unknown-key bad signature-key
git checkout -q -b side
progress 02 30; commit 02 c02 "c02's own progress"
want "a signed commit on a branch" good ok
git checkout -q main
as boss
git -c user.signingkey="$K/boss.pub" merge -q -S --no-ff -m "merge side" side ||
	{ echo "not ok - cannot merge"; exit 1; }
want "a signed merge" good ok

# ---- what audit says ----
"$BIN/audit" --format json >"$tmp/audit.json" 2>"$tmp/audit.err"
rc=$?
[ $rc -eq 1 ] && ok "audit refuses the history (exit 1)" ||
	not_ok "audit exit $rc, expected 1" "$tmp/audit.err"
"$BIN/audit" >"$tmp/audit.txt" 2>&1
grep -q "audit: signatures: .*signed with the author's key" "$tmp/audit.txt" &&
	ok "the text report counts the signatures" ||
	not_ok "no signature count in the text report" "$tmp/audit.txt"

# allowed-signers file from the units at REV
signers() {
	for f in $(git ls-tree --name-only "$1" units/); do
		git show "$1:$f"
		echo ---
	done | python3 -c '
import sys, yaml
for doc in yaml.safe_load_all(sys.stdin):
    for k in (doc or {}).get("signing_keys") or []:
        print(k)'
}

while IFS='|' read -r id state gitv rule name; do
	got=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
c = [x for x in d["commits"] if x["commit"] == sys.argv[2]]
r = sorted({f["rule"] for f in d["findings"] if f["commit"] == sys.argv[2]
            and f["rule"].startswith("signature")})
print((c[0]["signature"] if c else "absent"), (",".join(r) or "-"))
' "$tmp/audit.json" "$id")
	signers "$id^" >"$tmp/allowed"
	if git -c gpg.ssh.allowedSignersFile="$tmp/allowed" verify-commit "$id" >"$tmp/v" 2>&1; then
		g=ok
	else
		g=bad
	fi
	if [ "$got" != "$state $rule" ]; then
		not_ok "$name: audit says '$got', expected '$state $rule'"
	elif [ "$g" != "$gitv" ]; then
		not_ok "$name: git verify-commit says $g, expected $gitv" "$tmp/v"
	else
		ok "$name: $state, git verify-commit $g"
	fi
done <"$cases"

# ---- on the server: the hook refuses a commit signed with another unit's key ----
git init -q --bare "$SERVER"
git push -q "$SERVER" main~1:refs/heads/main 2>/dev/null
cat >"$SERVER/hooks/pre-receive" <<EOF
#!/bin/sh
exec "$BIN/audit" --pre-receive
EOF
chmod +x "$SERVER/hooks/pre-receive"
C=$tmp/clone
git clone -q -b main "$SERVER" "$C"
cd "$C" || exit 1
git config gpg.format ssh
progress 01 40; commit 01 c02 "c01 signs with c02's key"
push_refused "push signed with another unit's key" "$C" "signature-key" origin main
git reset -q --hard origin/main
sed -i 's/^target: .*/target: 修订后的目标/' tasks/01.yaml
git add tasks/01.yaml; commit boss boss "the office's signed revision"
push_ok "the office's signed revision lands" "$C" origin main

# ---- fail closed: no error path passes ----
cd "$W" || exit 1
"$BIN/audit" >"$tmp/full" 2>&1
"$BIN/audit" -C "$tmp/nowhere" >"$log" 2>&1
[ $? -eq 2 ] && ok "no repository: exit 2" || not_ok "no repository: not exit 2" "$log"
printf '%s %s refs/heads/main\n' "$(git rev-parse HEAD~1)" \
	0123456789012345678901234567890123456789 |
	"$BIN/audit" --pre-receive >"$log" 2>&1
[ $? -eq 2 ] && ok "--pre-receive, a pushed object missing: exit 2" ||
	not_ok "--pre-receive with a missing object: not exit 2" "$log"
D=$tmp/damaged
# (a missing commit: tests/cli/fixtures.sh)
for victim in HEAD~3:tasks/01.yaml HEAD~3:units/u01.yaml; do
	rm -rf "$D" && cp -r "$W" "$D"
	id=$(git -C "$D" rev-parse "$victim")
	rm -f "$D/.git/objects/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-)"
	"$BIN/audit" -C "$D" >"$log" 2>&1
	rc=$?
	[ $rc -eq 2 ] && ok "object $victim missing: exit 2" ||
		not_ok "object $victim missing: exit $rc" "$log"
done
# out of memory at any point: the same verdict, or exit 2; never a pass.
# (Below about 12 MB of address space libgit2's own start-up fails before
# audit runs, with a signal: a refusal too.)
case $BIN in
*/asan/*) kbs= ; echo "# out of memory: not tried under the sanitizers (ASan needs terabytes of address space)" ;;
*) kbs="13000 14000 15000 16000 20000 24000 28000 32000 40000 48000 64000" ;;
esac
for kb in $kbs; do
	(ulimit -v $kb; exec "$BIN/audit") >"$tmp/oom" 2>&1
	rc=$?
	if [ $rc -eq 2 ] || [ $rc -gt 128 ] ||
	   { [ $rc -eq 1 ] && cmp -s "$tmp/oom" "$tmp/full"; }; then
		ok "address space $kb KiB: exit $rc"
	else
		not_ok "address space $kb KiB: exit $rc" "$tmp/oom"
	fi
done

echo "# signatures: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
