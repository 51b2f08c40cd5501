#!/bin/sh
# End-to-end checks that a push cannot make the server's hook use
# unbounded time or memory (docs/limits.md): one 1 MiB blob under 2,000
# task names, and 300 commits each bringing a task file of 1 MB, are
# refused with one line, in under 10 s, with the hook's peak memory under
# 256 MiB (measured with GNU time around the hook, not guessed).
#
# Environment: ROOT, BIN as tests/run.sh sets them.

NAME=audit-limits
. "$(dirname "$0")/common.inc"
. "$ROOT/tests/cli/push.inc"

if [ ! -x /usr/bin/time ]; then
	echo "not ok - GNU time is not installed (tools/deps.sh test)"
	exit 1
fi

git init -q --bare "$SERVER"
printf '#!/bin/sh\nexec /usr/bin/time -f "%%M %%e" -o "%s/usage" "%s/audit" --pre-receive\n' \
	"$tmp" "$BIN" >"$SERVER/hooks/pre-receive"
chmod +x "$SERVER/hooks/pre-receive"

git init -q "$tmp/office"
make_plan "$tmp/office"
(cd "$tmp/office" && as boss && git add -A && git commit -q -m plan &&
	git remote add origin "$SERVER" && git push -q origin main) \
	>"$log" 2>&1 || { cat "$log"; exit 2; }
git clone -q "$SERVER" "$tmp/u02" && (cd "$tmp/u02" && as 02) || exit 2
u=$tmp/u02

# bounded NAME: the last push was refused in < 10 s under 256 MiB
bounded() {
	# (GNU time puts "Command exited with ..." first when it fails)
	read -r kb secs <<EOF
$(tail -n 1 "$tmp/usage")
EOF
	if ! grep -q "remote: .*docs/limits.md" "$log"; then
		not_ok "$1: refused with the limit named" "$log"
	elif [ "$kb" -ge 262144 ]; then
		not_ok "$1: peak $kb KiB, over 256 MiB" "$log"
	elif [ "${secs%%.*}" -ge 10 ]; then
		not_ok "$1: $secs s" "$log"
	else
		ok "$1: refused in $secs s, peak $((kb / 1024)) MiB"
	fi
}

# one blob of 1 MiB - 1 byte, named tasks/1000.yaml ... tasks/2999.yaml
head -c 1048575 /dev/zero | tr '\0' 'a' >"$tmp/big"
blob=$(git -C "$u" hash-object -w "$tmp/big")
i=1000
while [ $i -lt 3000 ]; do
	printf '100644 blob %s\ttasks/%d.yaml\n' "$blob" $i
	i=$((i + 1))
done >"$tmp/index-info"
(cd "$u" && git update-index --index-info <"$tmp/index-info" &&
	git commit -q -m "2000 names") || exit 2
if git -C "$u" push origin main >"$log" 2>&1; then
	not_ok "one blob under 2,000 names: accepted" "$log"
else
	bounded "one blob under 2,000 names"
fi
git -C "$u" reset -q --hard origin/main

# 300 commits, each a 1 MB note in task 02 (fast-import writes them)
{
	i=0
	while [ $i -lt 300 ]; do
		echo "commit refs/heads/main"
		echo "committer Clerk 02 <c02@u02.example> $((1262300000 + i)) +0800"
		echo "data 5"
		echo "note"
		[ $i -eq 0 ] && echo "from $(git -C "$u" rev-parse HEAD)"
		task 02 in_progress 10 | sed "s/^note: .*/note: \"$i/" >"$tmp/t"
		{ cat "$tmp/t"; head -c 1000000 /dev/zero | tr '\0' 'b'; echo '"'; } \
			>"$tmp/t2"
		echo "M 100644 inline tasks/02.yaml"
		echo "data $(wc -c <"$tmp/t2")"
		cat "$tmp/t2"
		i=$((i + 1))
	done
} >"$tmp/stream"
git -C "$u" fast-import --quiet --force <"$tmp/stream" || exit 2
if git -C "$u" push origin main >"$log" 2>&1; then
	not_ok "300 commits of 1 MB notes: accepted" "$log"
else
	bounded "300 commits of 1 MB notes"
fi

echo "audit-limits: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
