#!/bin/sh
# Where the time goes: a perf profile of a tool on the benchmark's data
# (run `make bench` once first, so that bench/out/ holds it).  Prints the
# functions that take at least LIMIT per cent of the samples, counting
# what they call (perf's "children" view), then the same by own time.
#
# Usage: sh bench/profile.sh validate|log|audit [LIMIT]
#   validate   bin/validate on the 10,000-task plan
#   log        bin/log over the 10,000-commit history
#   audit      bin/audit over that history
# Environment: BIN (default bin).  Needs perf (Debian: linux-perf).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/bench/out
BIN=${BIN:-$ROOT/bin}
what=${1:-}
limit=${2:-3}

command -v perf >/dev/null 2>&1 || {
	echo "profile: perf is not installed (apt-get install linux-perf)" >&2
	exit 2
}
# the generated directory of that name (run.sh keeps one per name)
latest() {
	for d in "$OUT/$1"-s1-*; do
		case $d in *.git | *.tmp) continue ;; esac
		[ -d "$d" ] && echo "$d" && return 0
	done
}
case $what in
validate)
	dir=$(latest plan-10000)
	set -- "$BIN/validate" -q -C "$dir"
	;;
log)
	dir=$(latest hist-10000)
	set -- "$BIN/log" -C "$dir"
	;;
audit)
	dir=$(latest hist-10000)
	set -- "$BIN/audit" -C "$dir"
	;;
*)
	echo "usage: sh bench/profile.sh validate|log|audit [LIMIT]" >&2
	exit 2
	;;
esac
[ -n "$dir" ] || { echo "profile: no data in bench/out: run make bench first" >&2; exit 2; }
data=$OUT/perf-$what.data
# DWARF unwinding: the tools are built without frame pointers
perf record -q -F 1000 --call-graph dwarf,16384 -o "$data" "$@" \
	>/dev/null 2>"$OUT/perf-$what.err" || {
	cat "$OUT/perf-$what.err" >&2
	exit 2
}
echo "== $what: inclusive (a function and what it calls), >= $limit %"
perf report -i "$data" --children --percent-limit "$limit" --stdio -g none \
	2>/dev/null | grep -E '^ +[0-9]'
echo "== $what: own time, >= $limit %"
perf report -i "$data" --no-children --percent-limit "$limit" --stdio \
	-g none 2>/dev/null | grep -E '^ +[0-9]'
