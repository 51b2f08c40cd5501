#!/bin/sh
# End-to-end checks of bin/audit --pre-receive with real git: a bare
# repository with the hook installed, clients pushing to it over a local
# path, as a department's laptop pushes to the plan's server:
# - the founding push (the plan office's) lands;
# - an unauthorized push, an invalid push, a forged author under an
#   authenticated pusher, a rewind and a deletion of main are refused, the
#   reason reaches the pusher (git's "remote:" lines), and the server is
#   left as it was: same refs, none of the refused commits' objects;
# - a valid push lands;
# - ten clones pushing at once, each retrying after fetch and rebase, all
#   land, and the final history holds every accepted commit;
# - one commit pushed onto a long history is checked in well under a
#   second (hosted servers kill slow hooks), and bin/audit over the whole
#   server history finds nothing.
#
# The plan is a fixture: ten departments u01..u10 (committers
# cNN@uNN.example), the plan office (boss@office.example, admin), ten tasks,
# task NN led by uNN.
#
# Environment: ROOT (repository, default: this script's ../..), BIN (tools,
# default: $ROOT/bin).  Prints "ok - ..." / "not ok - ..." per check; exit
# 1 when a check failed.

NAME=audit-push
. "$(dirname "$0")/common.inc"
. "$ROOT/tests/cli/push.inc"
git config --global advice.detachedHead false
git config --global pull.rebase true
# ---- the server ----

git init -q --bare "$SERVER"
cat >"$SERVER/hooks/pre-receive" <<EOF
#!/bin/sh
exec "$BIN/audit" --pre-receive
EOF
chmod +x "$SERVER/hooks/pre-receive"

# the plan office founds the plan
git init -q "$tmp/office"
make_plan "$tmp/office"
(cd "$tmp/office" && as boss && git add -A &&
	git commit -q -m "the plan, with its committers" &&
	git remote add origin "$SERVER") >"$log" 2>&1
if git -C "$tmp/office" push -q origin main >>"$log" 2>&1 &&
   [ "$(server_main)" = "$(git -C "$tmp/office" rev-parse HEAD)" ]; then
	ok "the founding push lands"
else
	not_ok "the founding push lands" "$log"
fi
founding=$(server_main)

git clone -q "$SERVER" "$tmp/u02" && (cd "$tmp/u02" && as 02)

# u02 raises the progress of u01's task
task 01 in_progress 80 >"$tmp/u02/tasks/01.yaml"
git -C "$tmp/u02" commit -qam "task 01 at 80"
push_refused "a unit's push changing another unit's task is refused" \
	"$tmp/u02" "responsible-unit" origin main

# u02 rewrites its own task's target (a plan field)
git -C "$tmp/u02" reset -q --hard origin/main
task 02 not_started 0 "改小的目标" >"$tmp/u02/tasks/02.yaml"
git -C "$tmp/u02" commit -qam "smaller target"
push_refused "a unit's push changing a plan field is refused" \
	"$tmp/u02" "administrator-only" origin main

# u02 records an invalid plan on its own task
git -C "$tmp/u02" reset -q --hard origin/main
task 02 done 50 >"$tmp/u02/tasks/02.yaml"
git -C "$tmp/u02" commit -qam "done at 50"
push_refused "an invalid push is refused" "$tmp/u02" "valid-plan" \
	origin main

# u02 forges the plan office as author; Gitea names the real pusher
git -C "$tmp/u02" reset -q --hard origin/main
task 01 in_progress 80 >"$tmp/u02/tasks/01.yaml"
git -C "$tmp/u02" -c user.email=boss@office.example commit -qam "forged"
export GITEA_PUSHER_EMAIL=c02@u02.example
push_refused "a forged author is refused when the server names the pusher" \
	"$tmp/u02" "pushed by c02@u02.example" origin main
# the same commit, pushed by the plan office itself, lands
export GITEA_PUSHER_EMAIL=boss@office.example
if git -C "$tmp/u02" push -q origin main >"$log" 2>&1; then
	ok "the same commit pushed by the administrator lands"
else
	not_ok "the same commit pushed by the administrator lands" "$log"
fi
unset GITEA_PUSHER_EMAIL

# a valid push: u02 reports on its own task
git -C "$tmp/u02" pull -q >"$log" 2>&1
task 02 in_progress 40 >"$tmp/u02/tasks/02.yaml"
git -C "$tmp/u02" commit -qam "task 02 at 40"
if git -C "$tmp/u02" push origin main >"$log" 2>&1 &&
   [ "$(server_main)" = "$(git -C "$tmp/u02" rev-parse HEAD)" ] &&
   grep -q "remote: audit: push accepted: 1 commit checked" "$log"; then
	ok "a valid push lands"
else
	not_ok "a valid push lands" "$log"
fi

# rewinding and deleting main
git -C "$tmp/u02" reset -q --hard HEAD~1
push_refused "a non-fast-forward of main is refused" "$tmp/u02" \
	"non-fast-forward" --force origin main
push_refused "deleting main is refused" "$tmp/u02" "branch-deletion" \
	origin :main
git -C "$tmp/u02" pull -q >/dev/null 2>&1

# ---- ten clones at once ----

for n in 01 02 03 04 05 06 07 08 09 10; do
	rm -rf "$tmp/u$n"
	git clone -q "$SERVER" "$tmp/u$n" && (cd "$tmp/u$n" && as "$n")
done
for n in 01 02 03 04 05 06 07 08 09 10; do
	(
		cd "$tmp/u$n" || exit 2
		task "$n" in_progress "$((1${n} - 100 + 50))" >"tasks/$n.yaml"
		git commit -qam "report $n" || exit 2
		tries=0
		until git push -q origin main 2>>"$tmp/race.$n"; do
			tries=$((tries + 1))
			[ "$tries" -ge 40 ] && exit 1
			sleep "0.$(( (tries * 7 + 1$n) % 9 ))"
			git pull -q --rebase origin main 2>>"$tmp/race.$n" ||
				exit 1
		done
		echo "$tries" >"$tmp/tries.$n"
	) &
done
wait
landed=0 retried=0
for n in 01 02 03 04 05 06 07 08 09 10; do
	[ -f "$tmp/tries.$n" ] && landed=$((landed + 1)) &&
		retried=$((retried + $(cat "$tmp/tries.$n")))
done
if [ "$landed" -eq 10 ]; then
	ok "ten concurrent pushers all land ($retried retries in all)"
else
	cat "$tmp"/race.* >"$log" 2>/dev/null
	not_ok "ten concurrent pushers all land (only $landed)" "$log"
fi
git clone -q "$SERVER" "$tmp/check"
lost=
for n in 01 02 03 04 05 06 07 08 09 10; do
	git -C "$tmp/check" log --format=%s main | grep -qx "report $n" ||
		lost="$lost $n"
	grep -qx "progress: $((1${n} - 100 + 50))" "$tmp/check/tasks/$n.yaml" ||
		lost="$lost $n"
done
for s in "task 02 at 40" "forged" "the plan, with its committers"; do
	git -C "$tmp/check" log --format=%s main | grep -qx "$s" ||
		lost="$lost '$s'"
done
if [ -z "$lost" ]; then
	ok "the final history holds every accepted commit"
else
	not_ok "the final history holds every accepted commit (lost:$lost)"
fi

if "$BIN/audit" -C "$SERVER" >"$log" 2>&1 &&
   grep -q "^audit: 12 commits checked since the founding commit $(echo \
	"$founding" | cut -c1-10)" "$log"; then
	ok "audit over the server's history finds nothing"
else
	not_ok "audit over the server's history finds nothing" "$log"
fi

# ---- a Chinese plan: the pusher reads the refusal in Chinese ----

# the server's hook runs under whatever locale the push brings (LANG=C
# here, as on many servers); the plan's language: zh is what decides,
# unless the pusher's locale names English
git clone -q "$SERVER" "$tmp/office2" && (cd "$tmp/office2" && as boss)
echo 'language: zh' >>"$tmp/office2/plan.yaml"
git -C "$tmp/office2" commit -qam "the plan speaks Chinese"
push_ok "the office sets language: zh" "$tmp/office2" origin main
git -C "$tmp/u02" fetch -q && git -C "$tmp/u02" reset -q --hard origin/main
task 03 in_progress 30 >"$tmp/u02/tasks/03.yaml"
git -C "$tmp/u02" commit -qam "task 03 at 30"
env -u LANGUAGE LANG=C git -C "$tmp/u02" push origin main >"$log" 2>&1
st=$?
if [ $st -ne 0 ] &&
   grep -q "^remote: tasks/03.yaml:[0-9]*:[0-9]*: error: Clerk 02 <c02@u02.example> 的提交 [0-9a-f]*：任务 3：progress '[0-9]*' -> '30'：只有 u03（负责任务 3）.*的提交者可以作此修改；c02@u02.example 是 u02 的提交者 \[responsible-unit\]" "$log" &&
   grep -q "^remote: audit: 推送被拒绝" "$log" &&
   grep -q "^remote: audit: 本次推送的内容均未进入服务器" "$log"; then
	ok "LANG=C on a Chinese plan: the remote: lines are Chinese"
else
	not_ok "LANG=C on a Chinese plan: the remote: lines are Chinese" "$log"
fi
env -u LANGUAGE LANG=en_US.UTF-8 git -C "$tmp/u02" push origin main \
	>"$log" 2>&1
st=$?
if [ $st -ne 0 ] &&
   grep -q "^remote: tasks/03.yaml:.*only committers of u03 (responsible for task 3)" "$log" &&
   grep -q "^remote: audit: push refused" "$log"; then
	ok "LANG=en_US.UTF-8 on a Chinese plan: the remote: lines are English"
else
	not_ok "LANG=en_US.UTF-8: the remote: lines are English" "$log"
fi
git -C "$tmp/u02" reset -q --hard origin/main

# ---- one commit onto a long history ----

# 3000 commits of notes on task 01 by u01, written straight into the
# server (as if accepted over years); then one more is pushed
task 01 in_progress 55 | grep -v '^note:' >"$tmp/body"
LC_ALL=C awk -v n=3000 -v t0=1262304000 '
	{ body = body $0 "\n" }
	END {
		for (i = 1; i <= n; i++) {
			b = body "note: 第" i "次\n"
			printf "commit refs/heads/main\n"
			printf "author Clerk 01 <c01@u01.example> %d +0800\n", \
				t0 + i * 600
			printf "committer Clerk 01 <c01@u01.example> " \
				"%d +0800\n", \
				t0 + i * 600
			printf "data 8\nnote %03d\n", i % 1000
			if (i == 1)
				printf "from refs/heads/main^0\n"
			printf "M 100644 inline tasks/01.yaml\n"
			printf "data %d\n%s\n", length(b), b
		}
	}' "$tmp/body" |
	git -C "$SERVER" fast-import --quiet >"$log" 2>&1 ||
	not_ok "fast-import of a long history" "$log"
git -C "$tmp/u01" pull -q >/dev/null 2>&1
task 01 in_progress 60 >"$tmp/u01/tasks/01.yaml"
git -C "$tmp/u01" commit -qam "after a long history"
start=$(date +%s%N)
if git -C "$tmp/u01" push origin main >"$log" 2>&1; then
	ms=$((($(date +%s%N) - start) / 1000000))
	if [ "$ms" -lt 3000 ]; then
		ok "one commit onto 3000 is pushed and checked in ${ms} ms"
	else
		not_ok "one commit onto 3000 took ${ms} ms (limit 3000)" "$log"
	fi
else
	not_ok "one commit onto a long history is accepted" "$log"
fi

echo "# audit-push: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
