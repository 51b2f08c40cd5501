#!/bin/sh
# The benchmark suite (make bench): each tool timed side by side with the
# command a user would otherwise run, on generated plans and histories of a
# province's size, in one run.  Commands of a group take turns, run after
# run, so that load from elsewhere on the machine falls on all of them
# alike; the table gives medians (wall clock and CPU), the ratio to the
# group's reference, and the peak resident set (GNU time's %M).
#
# Generated data is kept in bench/out/ (git-ignored), named after the
# parameters and a checksum of the generators, so a rerun starts measuring
# at once.  A tool not built yet in bin/ is reported as missing.
#
# Environment:
#   PLANS="1000 10000"        task counts of the generated plans
#   HISTORIES="10000 100000"  commit counts of the generated histories
#   RUNS=5                    runs of the fast commands
#   SLOW_RUNS=3               runs of the slow references (python, ajv,
#                             git log -p, the 100,000-commit group)
#   LIMIT=180                 seconds a run may take before it is stopped;
#                             a command slower than LIMIT/9 runs only once
#   QUICK=1                   PLANS=1000 HISTORIES=10000 RUNS=1: a smoke test
#   BIN=bin                   the tools measured
#   REPORT_ONLY=1             print the table of the last run again
# Output: the table on stdout, also in bench/out/results.md.
# Exit 0 when every command ran (missing tools and commands stopped at
# LIMIT included), 1 when one failed, 2 when the suite could not be set up.

set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/bench/out
BIN=${BIN:-$ROOT/bin}
case $BIN in /*) ;; *) BIN=$ROOT/$BIN ;; esac
if [ "${QUICK:-0}" = 1 ]; then
	PLANS=${PLANS:-1000}
	HISTORIES=${HISTORIES:-10000}
	RUNS=${RUNS:-1}
	SLOW_RUNS=${SLOW_RUNS:-1}
fi
PLANS=${PLANS:-1000 10000}
HISTORIES=${HISTORIES:-10000 100000}
RUNS=${RUNS:-5}
SLOW_RUNS=${SLOW_RUNS:-3}
LIMIT=${LIMIT:-180}
SEED=1
PUSH=100
PYTHON=/usr/bin/python3
NPM_DIR=$OUT/npm
NPM_PKGS="ajv-cli@5.0.0 ajv@8.20.0 ajv-formats@3.0.1 yaml@2.9.1"
START=$(date +%s)

say() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 2; }

mkdir -p "$OUT/bin" || die "cannot create $OUT"
RES=$OUT/results
T='	'
ONLY=${REPORT_ONLY:-0}
HAVE_AJV=0
[ "$ONLY" = 1 ] && [ ! -s "$RES/groups" ] && die "no earlier run in $RES"
if [ "$ONLY" != 1 ]; then

# --- what the suite needs ------------------------------------------------

# apt_install PKG...: install Debian packages (the suite runs as root here,
# or with sudo), as tools/deps.sh does
apt_install() {
	command -v apt-get >/dev/null 2>&1 || return 1
	sudo=
	[ "$(id -u)" = 0 ] || sudo=sudo
	say "installing $*"
	$sudo apt-get update -qq >&2 &&
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
			--no-install-recommends "$@" >&2
}

[ -x /usr/bin/time ] || apt_install time || die "/usr/bin/time is missing (apt-get install time)"
command -v git >/dev/null 2>&1 || apt_install git || die "git is missing"
command -v cc >/dev/null 2>&1 || die "no C compiler (cc)"
"$PYTHON" -c 'import yaml, jsonschema' 2>/dev/null ||
	apt_install python3-yaml python3-jsonschema ||
	say "python3-yaml or python3-jsonschema missing: python rows will fail"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	apt_install nodejs npm || say "node and npm missing: ajv rows will be missing"
fi

CFLAGS_BENCH="-std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter"
# build NAME SOURCES... -- LIBS...: rebuilt when a source is newer
build() {
	name=$1
	shift
	srcs=''
	while [ $# -gt 0 ] && [ "$1" != -- ]; do srcs="$srcs $ROOT/bench/$1"; shift; done
	[ $# -gt 0 ] && shift
	libs=$*
	stale=0
	[ -x "$OUT/bin/$name" ] || stale=1
	for s in $srcs $ROOT/bench/pgen.h; do
		[ $stale = 1 ] || [ -z "$(find "$s" -newer "$OUT/bin/$name")" ] ||
			stale=1
	done
	[ $stale = 0 ] && return 0
	# shellcheck disable=SC2086
	cc $CFLAGS_BENCH -o "$OUT/bin/$name" $srcs $libs ||
		die "cannot build bench/$name"
}
build gen_plan gen_plan.c pgen.c
build gen_history gen_history.c pgen.c
# shellcheck disable=SC2046
build floor_yaml floor_yaml.c -- $(pkg-config --cflags --libs yaml-0.1) -lpthread
# shellcheck disable=SC2046
build floor_git floor_git.c -- $(pkg-config --cflags --libs libgit2)
build peakmem peakmem.c
# shellcheck disable=SC2046
build sign_history sign_history.c -- $(pkg-config --cflags --libs libgit2 libcrypto)

npm_ready() {
	[ -x "$NPM_DIR/node_modules/.bin/ajv" ] &&
		[ "$(cat "$NPM_DIR/.pinned" 2>/dev/null)" = "$NPM_PKGS" ]
}
HAVE_AJV=0
if command -v npm >/dev/null 2>&1; then
	if ! npm_ready; then
		say "installing $NPM_PKGS into bench/out/npm"
		# shellcheck disable=SC2086
		npm install --prefix "$NPM_DIR" --no-audit --no-fund \
			--save-exact --ignore-scripts $NPM_PKGS >"$OUT/npm.log" 2>&1 &&
			echo "$NPM_PKGS" >"$NPM_DIR/.pinned"
	fi
	npm_ready && HAVE_AJV=1
fi
[ "$HAVE_AJV" = 1 ] || say "ajv not installed (see bench/out/npm.log)"

# --- generated data (cached) --------------------------------------------

# the generators and the schema name the data: change one, get new data
KEY=$(cat "$ROOT"/bench/pgen.c "$ROOT"/bench/pgen.h "$ROOT"/bench/gen_plan.c \
	"$ROOT"/bench/gen_history.c "$ROOT"/schema/*.schema.json |
	cksum | cut -d' ' -f1)

# drop data of older generators: same prefix, another key
prune() {
	for d in "$OUT/$1"-*; do
		[ -e "$d" ] || continue
		[ "$d" = "$OUT/$1-$KEY" ] || [ "$d" = "$OUT/$1-$KEY.git" ] ||
			rm -rf "$d"
	done
}

git_q() { git -c user.name=bench -c user.email=bench@localhost "$@"; }

# make_plan N: bench/out/plan-N-s1-KEY, a git repository with one commit
make_plan() {
	name=plan-$1-s$SEED
	dir=$OUT/$name-$KEY
	[ -f "$dir/.done" ] && return 0
	prune "$name"
	say "generating a plan of $1 tasks"
	rm -rf "$dir.tmp"
	"$OUT/bin/gen_plan" -n "$1" --seed $SEED --schema "$ROOT/schema" \
		-o "$dir.tmp" || die "gen_plan failed"
	if [ -x "$BIN/validate" ] && ! "$BIN/validate" -q -C "$dir.tmp" >"$OUT/gen.log" 2>&1; then
		head -n 20 "$OUT/gen.log" >&2
		die "the generated plan of $1 tasks does not validate"
	fi
	(cd "$dir.tmp" && git init -q -b main . && git add -A &&
		git_q commit -q -m "plan of $1 tasks") >/dev/null ||
		die "cannot commit the generated plan"
	mv "$dir.tmp" "$dir" && : >"$dir/.done"
}

# make_history N: bench/out/hist-N-s1-KEY (main, push-1, push-100) and
# bench/out/server-N-s1-KEY.git, a bare clone of main only: the server;
# and the same two with every commit signed (-signed, bench/sign_history.c)
make_history() {
	name=hist-$1-s$SEED
	dir=$OUT/$name-$KEY
	srv=$OUT/server-$1-s$SEED-$KEY.git
	if [ ! -f "$dir/.git/bench-done" ]; then
		prune "$name"
		prune "server-$1-s$SEED"
		say "generating a history of $1 commits"
		rm -rf "$dir" "$srv"
		git init -q -b main "$dir" || die "git init failed"
		"$OUT/bin/gen_history" -n "$1" --push $PUSH --seed $SEED \
			--schema "$ROOT/schema" |
			git -C "$dir" fast-import --quiet ||
			die "git fast-import failed"
		if ! git -C "$dir" gc --quiet ||
			! git -C "$dir" reset -q --hard main; then
			die "cannot pack the history"
		fi
		: >"$dir/.git/bench-done"
	fi
	if [ ! -f "$srv/bench-done" ]; then
		rm -rf "$srv"
		say "cloning the server of $1 commits"
		git clone -q --bare --no-local --single-branch -b main "$dir" "$srv" ||
			die "cannot clone the server"
		ls "$srv/objects/pack" >"$srv/bench-packs"
		: >"$srv/bench-done"
	fi
	sdir=$dir-signed ssrv=${srv%.git}-signed.git
	if [ ! -f "$sdir/.git/bench-done" ]; then
		say "signing the history of $1 commits"
		rm -rf "$sdir" "$ssrv"
		cp -R "$dir" "$sdir" &&
			"$OUT/bin/sign_history" -C "$sdir" refs/heads/main \
				refs/heads/push-1 refs/heads/push-$PUSH >/dev/null &&
			git -C "$sdir" gc --quiet --prune=now &&
			git -C "$sdir" reset -q --hard main ||
			die "cannot sign the history"
		: >"$sdir/.git/bench-done"
	fi
	if [ ! -f "$ssrv/bench-done" ]; then
		rm -rf "$ssrv"
		git clone -q --bare --no-local --single-branch -b main "$sdir" "$ssrv" ||
			die "cannot clone the signed server"
		ls "$ssrv/objects/pack" >"$ssrv/bench-packs"
		: >"$ssrv/bench-done"
	fi
	hook "$srv"
	hook "$ssrv"
}

# hook SERVER: the hook runs what BENCH_CHECK says and logs its time and
# memory
hook() {
	srv=$1
	cat >"$srv/hooks/pre-receive" <<'EOF'
#!/bin/sh
# pre-receive hook of the benchmark: runs $BENCH_CHECK, logs time and RSS
if [ -z "${BENCH_CHECK:-}" ]; then
	cat >/dev/null
	exit 0
fi
t0=$(date +%s%N)
/usr/bin/time -f '%U %S %M' -o "$BENCH_HOOK_RSS" $BENCH_CHECK
rc=$?
t1=$(date +%s%N)
echo "$((t1 - t0)) $(tail -n 1 "$BENCH_HOOK_RSS") $rc" >>"$BENCH_HOOK_LOG"
exit $rc
EOF
	chmod +x "$srv/hooks/pre-receive"
}

for n in $PLANS; do make_plan "$n"; done
for n in $HISTORIES; do make_history "$n"; done

fi

# --- the harness --------------------------------------------------------

if [ "$ONLY" != 1 ]; then
	rm -rf "$RES"
	mkdir -p "$RES"
fi

# group ID TITLE: start a group; its first entry is the reference
group() {
	G=$1
	echo "$G" >>"$RES/groups"
	echo "$2" >"$RES/$G.title"
	: >"$RES/$G.entries"
}
# entry KEY LABEL MAXRUNS COMMAND [SETUP]: SETUP runs untimed before each
# run of COMMAND; both go through sh -c
entry() {
	printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "${5:--}" >>"$RES/$G.entries"
	: >"$RES/$G.$1.t"
}
# need_tool NAME: is bin/NAME built?
need_tool() {
	[ -x "$BIN/$1" ]
}
# missing KEY LABEL REASON: a row that says why KEY was not measured
missing() {
	printf '%s\t%s\t0\t-\t-\n' "$1" "$2" >>"$RES/$G.entries"
	echo "$3" >"$RES/$G.$1.missing"
}

# run_group RUNS: every entry, in turn, RUNS times (fewer for entries with
# a smaller MAXRUNS, once for an entry slower than LIMIT/9 or stopped)
run_group() {
	i=1
	while [ "$i" -le "$1" ]; do
		say "$(cat "$RES/$G.title"): run $i of $1"
		while IFS="$T" read -r key label max cmd setup; do
			[ -e "$RES/$G.$key.missing" ] && continue
			[ -e "$RES/$G.$key.once" ] && continue
			[ "$max" -ge "$i" ] || continue
			[ "$setup" = - ] || sh -c "$setup" </dev/null >/dev/null 2>&1
			t0=$(date +%s%N)
			/usr/bin/time -f '%U %S %M' -o "$RES/time" \
				timeout -k 5 "$LIMIT" sh -c "$cmd" \
				</dev/null >/dev/null 2>"$RES/$G.$key.err"
			rc=$?
			t1=$(date +%s%N)
			echo "$((t1 - t0)) $(tail -n 1 "$RES/time") $rc" >>"$RES/$G.$key.t"
			[ $((t1 - t0)) -gt $((LIMIT * 1000000000 / 9)) ] &&
				: >"$RES/$G.$key.once"
		done <"$RES/$G.entries"
		i=$((i + 1))
	done
}

# median FILE: medians of wall ns, user+sys s and RSS KiB, the number of
# runs and of failed runs, as "wall cpu rss n failed"
median() {
	awk '{ w[NR] = $1; c[NR] = $2 + $3; r[NR] = $4; if ($5 != 0) bad++ }
	function med(a, n,   i, j, t) {
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	END {
		if (!NR) { print "- - - 0 0"; exit }
		printf "%.4f %.3f %.1f %d %d\n", med(w, NR) / 1e9, med(c, NR),
			med(r, NR) / 1024, NR, bad + 0
	}' "$1"
}

# value G KEY FIELD: wall, cpu or rss of an entry that ran cleanly, or ""
value() {
	[ -s "$RES/$1.$2.t" ] || return 0
	set -- "$(median "$RES/$1.$2.t")" "$3"
	# shellcheck disable=SC2086
	set -- $1 "$2"
	[ "$5" = 0 ] || return 0
	case $6 in wall) echo "$1" ;; cpu) echo "$2" ;; rss) echo "$3" ;; esac
}

FAILED=0
# report_group: the group's table in Markdown
report_group() {
	base=$(head -n 1 "$RES/$G.entries" | cut -f1)
	bw=$(value "$G" "$base" wall)
	bc=$(value "$G" "$base" cpu)
	echo
	echo "**$(cat "$RES/$G.title")**"
	echo
	echo "| command | runs | wall s | × ref | CPU s | × ref | peak RSS MiB |"
	echo "|---|--:|--:|--:|--:|--:|--:|"
	while IFS="$T" read -r key label max cmd setup; do
		if [ -e "$RES/$G.$key.missing" ]; then
			echo "| $label | – | missing: $(cat "$RES/$G.$key.missing") | | | | |"
			continue
		fi
		# shellcheck disable=SC2046
		set -- $(median "$RES/$G.$key.t")
		if [ "$4" = 0 ]; then
			echo "| $label | 0 | not run | | | | |"
			continue
		fi
		if [ "$5" != 0 ] && stopped "$G" "$key"; then
			# slow is a result, not a failure of the suite
			echo "| $label | $4 | stopped after $LIMIT s (LIMIT) | | | | |"
			continue
		fi
		if [ "$5" != 0 ]; then
			FAILED=1
			err=$(tail -n 3 "$RES/$G.$key.err" 2>/dev/null | tr '\n|' '  ' | cut -c1-160)
			echo "| $label | $4 | FAILED in $5 of $4 runs: $err | | | | |"
			continue
		fi
		awk -v w="$1" -v c="$2" -v r="$3" -v n="$4" -v bw="$bw" -v bc="$bc" \
			-v l="$label" 'BEGIN {
			rw = bw > 0 ? sprintf("%.2f", w / bw) : "–"
			rc = bc > 0 ? sprintf("%.2f", c / bc) : "–"
			printf "| %s | %d | %.3f | %s | %.2f | %s | %.0f |\n",
				l, n, w, rw, c, rc, r
		}'
	done <"$RES/$G.entries"
}

# --- the groups ---------------------------------------------------------

plan_dir() { echo "$OUT/plan-$1-s$SEED-$KEY"; }
hist_dir() { echo "$OUT/hist-$1-s$SEED-$KEY"; }
srv_dir() { echo "$OUT/server-$1-s$SEED-$KEY.git"; }

[ "$ONLY" = 1 ] || {
for n in $PLANS; do
	P=$(plan_dir "$n")
	files=$(find "$P/tasks" "$P/units" -name '*.yaml' | wc -l)
	bytes=$(cat "$P"/plan.yaml "$P"/tasks/* "$P"/units/* | wc -c)
	J=../json-$n-s$SEED-$KEY
	if [ "$HAVE_AJV" = 1 ] && [ ! -f "$OUT/json-$n-s$SEED-$KEY/.done" ]; then
		prune "json-$n-s$SEED"
		sh "$ROOT/bench/ajv.sh" convert "$NPM_DIR" "$P" "$J" >"$OUT/ajv.log" 2>&1 &&
			: >"$OUT/json-$n-s$SEED-$KEY/.done"
	fi
	group "v$n" "validate: $n tasks ($((files + 1)) YAML files, $((bytes / 1024)) KiB)"
	entry floor "floor_yaml: libyaml event parse only (bench/floor_yaml.c)" "$RUNS" \
		"'$OUT/bin/floor_yaml' '$P'"
	entry floor2 "floor_yaml -j 2 (both cores)" "$RUNS" \
		"'$OUT/bin/floor_yaml' -j 2 '$P'"
	if need_tool validate; then
		entry validate "**bin/validate**" "$RUNS" "'$BIN/validate' -q -C '$P'"
		entry validate_rev "bin/validate --rev HEAD (from git objects)" "$RUNS" \
			"'$BIN/validate' -q --rev HEAD -C '$P'"
	else
		missing validate "bin/validate" "not built"
	fi
	if [ "$HAVE_AJV" = 1 ]; then
		entry ajv "ajv-cli 5 on JSON (converted beforehand)" "$SLOW_RUNS" \
			"sh '$ROOT/bench/ajv.sh' validate '$NPM_DIR' '$P' '$J'"
		entry ajv_all "yaml2json.mjs + ajv-cli 5 (what CI would run)" "$SLOW_RUNS" \
			"sh '$ROOT/bench/ajv.sh' convert '$NPM_DIR' '$P' '$J' && sh '$ROOT/bench/ajv.sh' validate '$NPM_DIR' '$P' '$J'"
	else
		missing ajv "ajv-cli" "node/npm not available"
	fi
	entry python "python jsonschema, PyYAML with libyaml (C) parser" "$SLOW_RUNS" \
		"'$PYTHON' '$ROOT/bench/py_validate.py' --cparser '$P'"
	if [ "$n" -le 1000 ]; then
		entry python_pure "python jsonschema, pure-Python YAML 1.2 loader (tests/tools)" 1 \
			"'$PYTHON' '$ROOT/bench/py_validate.py' '$P'"
	fi
	runs=$RUNS
	[ "$n" -gt 1000 ] && [ "$SLOW_RUNS" -gt "$RUNS" ] && runs=$SLOW_RUNS
	run_group "$runs"

	group "s$n" "summary: $n tasks"
	if need_tool validate; then
		entry validate "bin/validate" "$RUNS" "'$BIN/validate' -q -C '$P'"
	else
		missing validate "bin/validate" "not built"
	fi
	if need_tool summary; then
		entry summary "**bin/summary --today 2010-12-31**" "$RUNS" \
			"'$BIN/summary' -C '$P' --today 2010-12-31"
		entry summary_json "bin/summary --format json" "$RUNS" \
			"'$BIN/summary' -C '$P' --today 2010-12-31 --format json"
	else
		missing summary "bin/summary" "not built yet"
	fi
	run_group "$RUNS"
done

for n in $HISTORIES; do
	H=$(hist_dir "$n")
	runs=$RUNS
	[ "$n" -gt 10000 ] && runs=$SLOW_RUNS
	slow=$SLOW_RUNS
	[ "$n" -gt 10000 ] && slow=1
	group "h$n" "log and audit: $n commits over 40 tasks ($(du -sm "$H/.git/objects" | cut -f1) MiB packed)"
	entry raw "git log --raw -- tasks/" "$runs" "git -C '$H' log --raw -- tasks/"
	entry patch "git log -p -- tasks/" "$slow" "git -C '$H' log -p -- tasks/"
	entry floor "floor_git: tree ids of tasks/ compared (default object cache)" "$runs" \
		"'$OUT/bin/floor_git' -C '$H'"
	entry floor_blobs "floor_git --blobs: + every changed blob read, cache off, 32 MiB pack window" "$runs" \
		"'$OUT/bin/floor_git' --blobs --no-cache --mwindow-mb 32 -C '$H'"
	entry floor_blobs_dflt "floor_git --blobs, default object cache and pack windows" "$slow" \
		"'$OUT/bin/floor_git' --blobs -C '$H'"
	entry floor_diff "floor_git --diff: git_diff_tree_to_tree on tasks/ per commit" "$slow" \
		"'$OUT/bin/floor_git' --diff --no-cache -C '$H'"
	if need_tool log; then
		entry log "**bin/log**" "$runs" "'$BIN/log' -C '$H'"
	else
		missing log "bin/log" "not built yet"
	fi
	if need_tool audit; then
		entry audit "**bin/audit**" "$runs" "'$BIN/audit' -C '$H'"
		entry audit_signed "bin/audit, the same history with every commit signed (Ed25519)" \
			"$runs" "'$BIN/audit' -C '$H-signed'"
	else
		missing audit "bin/audit" "not built yet"
	fi
	if need_tool summary; then
		entry series "bin/summary --series month: 12 points, compared point to point" "$runs" \
			"'$BIN/summary' -C '$H' --as-of 2010-12-31 --series month --format csv"
	fi
	run_group "$runs"
	# private memory apart from the mapped pack index (bench/peakmem.c)
	if need_tool log; then
		"$OUT/bin/peakmem" "$BIN/log" -C "$H" >/dev/null \
			2>"$RES/h$n.log.err" &&
			tail -n 1 "$RES/h$n.log.err" >"$RES/h$n.log.mem"
	fi

	S=$(srv_dir "$n")
	old=$(git -C "$S" rev-parse refs/heads/main)
	group "p$n" "pre-receive: a push onto $n commits (local git push into a bare repository)"
	for k in 1 $PUSH; do
		reset="git -C '$S' update-ref refs/heads/main $old"
		entry "push$k" "git push of $k commit(s), hook reads stdin only" "$RUNS" \
			"git -C '$H' push -q '$S' push-$k:main" "$reset"
		if need_tool audit; then
			entry "hookpush$k" "git push of $k commit(s), hook = audit --pre-receive" "$RUNS" \
				"BENCH_CHECK='$BIN/audit --pre-receive' BENCH_HOOK_RSS='$RES/hook.time' BENCH_HOOK_LOG='$RES/p$n.hook$k.t' git -C '$H' push -q '$S' push-$k:main" \
				"$reset"
			# filled by the hook itself, run after run
			printf '%s\t%s\t0\t-\t-\n' "hook$k" "**audit --pre-receive** alone, $k commit(s) (timed in the hook)" >>"$RES/$G.entries"
			: >"$RES/p$n.hook$k.t"
		else
			missing "hook$k" "audit --pre-receive, $k commit(s)" "not built yet"
		fi
	done
	SS=${S%.git}-signed.git
	sold=$(git -C "$SS" rev-parse refs/heads/main)
	if need_tool audit; then
		entry "hooksignedpush1" "git push of 1 signed commit onto the signed history, hook = audit --pre-receive" "$RUNS" \
			"BENCH_CHECK='$BIN/audit --pre-receive' BENCH_HOOK_RSS='$RES/hook.time' BENCH_HOOK_LOG='$RES/p$n.hooksigned1.t' git -C '$H-signed' push -q '$SS' push-1:main" \
			"git -C '$SS' update-ref refs/heads/main $sold"
		printf '%s\t%s\t0\t-\t-\n' "hooksigned1" "**audit --pre-receive** alone, 1 signed commit (timed in the hook)" >>"$RES/$G.entries"
		: >"$RES/p$n.hooksigned1.t"
	fi
	run_group "$RUNS"
	# back to the cloned state: what the pushes left is unreachable now
	for s in "$S:$old" "$SS:$sold"; do
		git -C "${s%:*}" update-ref refs/heads/main "${s##*:}"
		for f in "${s%:*}"/objects/pack/*; do
			grep -qxF "${f##*/}" "${s%:*}/bench-packs" || rm -f "$f"
		done
	done
	rm -rf "$S"/objects/[0-9a-f][0-9a-f] "$SS"/objects/[0-9a-f][0-9a-f]
done

}

# --- the report ---------------------------------------------------------

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print ""; else printf "%.2f", a / b }'
}
# check TEXT MEASURED-TEXT OK: one row of the targets table
check() {
	case $3 in
	1) verdict=met ;;
	0) verdict="**missed**" ;;
	*) verdict="not measured" ;;
	esac
	echo "| $1 | ${2:-–} | $verdict |"
}
# le A B: 1 when A <= B, 0 when not, - when either is unknown
le() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "") print "-"; else print (a + 0 <= b + 0) ? 1 : 0 }'
}

# stopped G KEY: was a run of KEY stopped at LIMIT?
stopped() {
	grep -q ' 124$' "$RES/$1.$2.t" 2>/dev/null
}

# both G KEY1 KEY2: "W × (CPU C ×)": KEY1 over KEY2, wall and CPU; the
# wall ratio alone in R (call it as: both ...; m=$M)
both() {
	R=$(ratio "$(value "$1" "$2" wall)" "$(value "$1" "$3" wall)")
	rc=$(ratio "$(value "$1" "$2" cpu)" "$(value "$1" "$3" cpu)")
	M=
	[ -n "$R" ] && M="$R × (CPU $rc ×)"
	return 0
}

# the issue's targets, judged on wall-clock medians (CPU beside them)
targets() {
	big=$(echo "$PLANS" | tr ' ' '\n' | sort -n | tail -n 1)
	v=v$big
	both "$v" validate floor; m=$M
	check "validate, $big tasks ≤ 1.5 × floor_yaml" "$m" "$(le "$R" 1.5)"
	both "$v" ajv_all validate; m=$M
	check "validate, $big tasks ≥ 3 × faster than yaml2json + ajv-cli" "${m:+faster: $m}" "$(le 3 "$R")"
	both "$v" python validate; m=$M
	check "validate, $big tasks ≥ 10 × faster than python jsonschema" "${m:+faster: $m}" "$(le 10 "$R")"
	both "s$big" summary validate; m=$M
	check "summary, $big tasks ≤ 2 × validate" "$m" "$(le "$R" 2)"
	small=$(echo "$HISTORIES" | tr ' ' '\n' | sort -n | head -n 1)
	big=$(echo "$HISTORIES" | tr ' ' '\n' | sort -n | tail -n 1)
	h=h$big
	both "$h" log patch; m=$M
	check "log, $big commits ≤ git log -p -- tasks/" "$m" "$(le "$R" 1)"
	both "$h" log raw; m=$M
	check "log, $big commits ≤ 2.5 × git log --raw -- tasks/" "$m" "$(le "$R" 2.5)"
	m=$(value "$h" log rss)
	check "log, $big commits: peak RSS < 150 MiB" "${m:+$m MiB}" "$(le "$m" 149.99)"
	if [ "$small" != "$big" ]; then
		r=$(ratio "$(value "$h" log rss)" "$(value "h$small" log rss)")
		check "log: peak RSS, $big vs $small commits within 10 %" "${r:+$r ×}" "$(le "$r" 1.1)"
		a=$(cut -d' ' -f1 "$RES/$h.log.mem" 2>/dev/null)
		b=$(cut -d' ' -f1 "$RES/h$small.log.mem" 2>/dev/null)
		r=$(ratio "$a" "$b")
		[ -n "$r" ] && r="$r × ($((b / 1024)) → $((a / 1024)) MiB)"
		check "log: peak private memory (RssAnon), $big vs $small commits within 10 %" "$r" "$(le "${r%% *}" 1.1)"
	fi
	both "$h" audit log; m=$M
	if stopped "$h" audit; then
		check "audit, $big commits ≤ 1.5 × log" "stopped after $LIMIT s; log: $(value "$h" log wall) s" 0
	else
		check "audit, $big commits ≤ 1.5 × log" "$m" "$(le "$R" 1.5)"
	fi
	m=$(value "p$big" hook1 wall)
	check "audit --pre-receive, 1 commit onto $big < 0.1 s" "${m:+$m s}" "$(le "$m" 0.1)"
	both "$h" series log; m=$M
	check "summary --series month, $big commits ≤ 1.5 × log" "$m" "$(le "$R" 1.5)"
	both "$h" audit_signed audit; m=$M
	check "audit, $big signed commits ≤ 1.3 × audit of them unsigned" "$m" "$(le "$R" 1.3)"
	m=$(value "p$big" hooksigned1 wall)
	check "audit --pre-receive, 1 signed commit onto $big < 0.1 s" "${m:+$m s}" "$(le "$m" 0.1)"
	if [ "$small" != "$big" ]; then
		r=$(ratio "$(value "p$big" hook1 wall)" "$(value "p$small" hook1 wall)")
		check "audit --pre-receive, 1 commit: $big vs $small commits (independent of history)" "${r:+$r ×}" "$(le "$r" 1.5)"
	fi
}

{
	echo "Benchmark of $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)."
	echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"
	echo "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, load average at the end $(cut -d' ' -f1-3 /proc/loadavg);"
	echo "$(git --version), libgit2 $(pkg-config --modversion libgit2), libyaml $(pkg-config --modversion yaml-0.1),"
	echo "node $(node --version 2>/dev/null || echo -), $("$PYTHON" -c 'import importlib.metadata as m; print("jsonschema", m.version("jsonschema"), "PyYAML", m.version("PyYAML"))' 2>/dev/null)."
	echo "Medians of the runs shown; commands of a group took turns; × ref is the ratio to the group's first row."
	while read -r G; do
		report_group
	done <"$RES/groups"
	echo
	echo "**Targets (issue 7)**"
	echo
	echo "| target | measured | verdict |"
	echo "|---|--:|---|"
	targets
	echo
	[ "$ONLY" = 1 ] || echo "Whole run: $(( $(date +%s) - START )) s."
} >"$OUT/results.md"
cat "$OUT/results.md"
# a failed command is a finding of the benchmark
exit $FAILED
