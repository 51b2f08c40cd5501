#!/bin/sh
# Run every cmocka suite and every end-to-end script; print a closing count.
# Usage: tests/run.sh BUILD_DIR   (e.g. build/release)
O=${1:-build/release}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$ROOT/$O/bin
# the expected outputs are English unless a test chooses a language
LANGUAGE=en
export ROOT BIN LANGUAGE
pass=0 fail=0
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
	if sh "$s"; then
		pass=$((pass + 1))
	else
		echo "not ok - $(basename "$s") (exit $?)"
		fail=$((fail + 1))
	fi
done
echo "suites: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
