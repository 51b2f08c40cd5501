#!/bin/sh
# A real authenticated git server: lighttpd on 127.0.0.1 with HTTP basic
# authentication in front of git http-backend, the plan's repository with
# `audit --pre-receive` as its hook, the configuration of docs/deploy.md
# ("A plain HTTPS server").  The web server passes the account name as
# REMOTE_USER; the repository's own config maps it to an address
# (plan.account.NAME).  Accounts of two departments (c01, c02) and of the
# plan office (boss) push over it:
# - a wrong password gets nothing;
# - a department's signed progress report lands;
# - a department forging the office's author line is refused;
# - a department signing with another unit's key is refused;
# - the office's signed revision of a target lands;
# - ten departments pushing at once, each retrying after a rebase, all
#   land, nothing lost, and the whole history audits clean.
# The server is started and stopped here.  Without lighttpd the script
# says so and exits 77 (counted as skipped, not passed).

NAME=audit-server
. "$(dirname "$0")/common.inc"

LIGHTTPD=$(command -v lighttpd || echo /usr/sbin/lighttpd)
BACKEND=$(git --exec-path)/git-http-backend
if [ ! -x "$LIGHTTPD" ] || [ ! -x "$BACKEND" ]; then
	skip "audit-server.sh: lighttpd or git http-backend is not installed (tools/deps.sh test installs them)"
	exit 77
fi
for t in ssh-keygen; do
	command -v $t >/dev/null || { echo "not ok - $t is not installed"; exit 1; }
done

# the server, when it runs; stopped at exit, whatever the exit
pid=
stop() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	pid=
}
at_exit() { stop; }

. "$ROOT/tests/cli/push.inc"
git config --global gpg.format ssh
git config --global commit.gpgsign false

# ---- keys, accounts and the plan ----
K=$tmp/keys
mkdir -p "$K"
for who in boss c01 c02; do
	ssh-keygen -q -t ed25519 -N '' -C "$who" -f "$K/$who" || exit 1
done
pub() { cut -d' ' -f1,2 "$K/$1.pub"; }
: >"$tmp/users"
for a in boss c01 c02 c03 c04 c05 c06 c07 c08 c09 c10; do
	echo "$a:pw-$a" >>"$tmp/users"
done

W=$tmp/founding
git init -q "$W"
make_plan "$W"
printf 'signing_keys:\n  - boss@office.example %s\n' "$(pub boss)" \
	>>"$W/units/office.yaml"
printf 'signing_keys:\n  - c01@u01.example %s\n' "$(pub c01)" >>"$W/units/u01.yaml"
printf 'signing_keys:\n  - c02@u02.example %s\n' "$(pub c02)" >>"$W/units/u02.yaml"
(cd "$W" && as boss && git add -A && git commit -q -m founding) || exit 1

git init -q --bare "$SERVER"
git -C "$W" push -q "$SERVER" main || exit 1
cat >"$SERVER/hooks/pre-receive" <<EOF
#!/bin/sh
exec "$BIN/audit" --pre-receive
EOF
chmod +x "$SERVER/hooks/pre-receive"
git -C "$SERVER" config http.receivepack true
git -C "$SERVER" config plan.account.boss boss@office.example
for n in 01 02 03 04 05 06 07 08 09 10; do
	git -C "$SERVER" config "plan.account.c$n" "c$n@u$n.example"
done

# ---- the server ----
mkdir -p "$tmp/www"
port=
for try in 1 2 3 4 5; do
	p=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000))
	cat >"$tmp/lighttpd.conf" <<EOF
server.modules = ( "mod_alias", "mod_setenv", "mod_auth", "mod_authn_file", "mod_cgi" )
server.bind = "127.0.0.1"
server.port = $p
server.document-root = "$tmp/www"
server.errorlog = "$tmp/lighttpd.log"
alias.url = ( "/git" => "$BACKEND" )
\$HTTP["url"] =~ "^/git" {
	cgi.assign = ( "" => "" )
	setenv.set-environment = (
		"GIT_PROJECT_ROOT" => "$tmp",
		"GIT_HTTP_EXPORT_ALL" => "1",
		"PATH" => "$PATH"
	)
	auth.backend = "plain"
	auth.backend.plain.userfile = "$tmp/users"
	auth.require = ( "" => ( "method" => "basic", "realm" => "plan",
				 "require" => "valid-user" ) )
}
EOF
	"$LIGHTTPD" -D -f "$tmp/lighttpd.conf" 2>>"$tmp/lighttpd.log" &
	pid=$!
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		git ls-remote "http://boss:pw-boss@127.0.0.1:$p/git/server.git" \
			>/dev/null 2>&1 && { port=$p; break 2; }
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.25
	done
	stop
done
if [ -z "$port" ]; then
	echo "not ok - lighttpd did not start on 127.0.0.1"
	sed 's/^/#   /' "$tmp/lighttpd.log" | tail -20
	exit 1
fi
url() { echo "http://$1:pw-$1@127.0.0.1:$port/git/server.git"; }
ok "lighttpd serves the plan on 127.0.0.1:$port"

if git ls-remote "http://c01:wrong@127.0.0.1:$port/git/server.git" \
	>"$log" 2>&1; then
	not_ok "a wrong password was let in" "$log"
else
	ok "a wrong password gets nothing"
fi

clone() { # clone ACCOUNT DIR
	git clone -q "$(url "$1")" "$2" || { echo "not ok - clone as $1"; exit 1; }
}
commit() { # commit DIR AS KEY|- MESSAGE
	(cd "$1" && as "$2" &&
	 if [ "$3" = - ]; then
		git commit -q -a -m "$4"
	 else
		git -c user.signingkey="$K/$3.pub" commit -q -S -a -m "$4"
	 fi) || { echo "not ok - cannot commit $4"; exit 1; }
}
progress() { # progress DIR NN VALUE
	sed -i "s/^status: .*/status: in_progress/; s/^progress: .*/progress: $3/" \
		"$1/tasks/$2.yaml"
}

C1=$tmp/c01
clone c01 "$C1"
progress "$C1" 01 30
commit "$C1" 01 c01 "task 1 at 30"
push_ok "a department's signed report lands" "$C1" origin main

# the author line says the office; the account says jmw's clerk
sed -i 's/^target: .*/target: 伪造的目标/' "$C1/tasks/01.yaml"
commit "$C1" boss - "the office's target, forged"
push_refused "a department forging the office's author line" "$C1" \
	"pushed by c01@u01.example" origin main
git -C "$C1" reset -q --hard origin/main

progress "$C1" 01 40
commit "$C1" 01 c02 "task 1 at 40, signed with u02's key"
push_refused "a department signing with another unit's key" "$C1" \
	"signature-key" origin main
git -C "$C1" reset -q --hard origin/main

B=$tmp/boss
clone boss "$B"
sed -i 's/^target: .*/target: 修订后的目标/' "$B/tasks/01.yaml"
commit "$B" boss boss "task 1: target revised"
push_ok "the office's signed revision of a target lands" "$B" origin main

# ---- ten departments at once ----
for n in 01 02 03 04 05 06 07 08 09 10; do
	clone "c$n" "$tmp/p$n"
	progress "$tmp/p$n" "$n" $((1$n - 50))
	commit "$tmp/p$n" "$n" - "task $n at $((1$n - 50))"
done
pushers=
for n in 01 02 03 04 05 06 07 08 09 10; do
	(
		cd "$tmp/p$n" || exit 1
		i=0
		until git push -q origin main 2>"$tmp/p$n.err"; do
			i=$((i + 1))
			[ $i -lt 30 ] || exit 1
			git pull -q --rebase origin main 2>>"$tmp/p$n.err" || exit 1
		done
	) &
	pushers="$pushers $!"
done
gave_up=
for j in $pushers; do
	wait "$j" || gave_up=1
done
[ -z "$gave_up" ] && ok "ten pushers at once: every push ended accepted" ||
	not_ok "ten pushers at once: a pusher gave up" "$tmp/p01.err"
lost=
for n in 01 02 03 04 05 06 07 08 09 10; do
	git -C "$SERVER" show "main:tasks/$n.yaml" | grep -q "^progress: $((1$n - 50))$" ||
		lost="$lost $n"
done
if [ -n "$lost" ]; then
	not_ok "ten pushers at once: tasks$lost lost" "$tmp/p01.err"
else
	ok "ten pushers at once: all ten reports landed"
fi
if "$BIN/audit" -C "$SERVER" >"$log" 2>&1; then
	ok "the server's whole history audits clean"
else
	not_ok "the server's history does not audit clean" "$log"
fi

stop
echo "# audit-server: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
