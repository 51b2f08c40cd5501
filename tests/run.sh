#!/bin/sh
# Run every cmocka suite and every end-to-end script; print a closing count.
# A script that cannot run on this machine exits 77: counted as skipped.
# Usage: tests/run.sh BUILD_DIR   (e.g. build/release)
O=${1:-build/release}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$ROOT/$O/bin
# the expected outputs are English unless a test chooses a language
LANGUAGE=en
export ROOT BIN LANGUAGE
pass=0 fail=0 skip=0
for t in "$ROOT/$O"/tests/test_*; do
	[ -x "$t" ] || continue
	if (cd "$ROOT" && "$t"); then
		pass=$((pass + 1))
	else
		echo "not ok - $(basename "$t") (exit $?)"
		fail=$((fail + 1))
	fi
done
for s in "$ROOT"/tests/cli/*.sh; do
	[ -f "$s" ] || continue
	sh "$s"
	rc=$?
	if [ "$rc" -eq 0 ]; then
		pass=$((pass + 1))
	elif [ "$rc" -eq 77 ]; then
		echo "skipped - $(basename "$s")"
		skip=$((skip + 1))
	else
		echo "not ok - $(basename "$s") (exit $rc)"
		fail=$((fail + 1))
	fi
done
echo "suites: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
