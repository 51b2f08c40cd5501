#!/bin/sh
# End-to-end checks that output cannot be turned against its reader: an
# author name carrying a terminal escape sequence is shown escaped by log,
# audit and summary; a note that a spreadsheet would run as a formula is
# text in the CSV, while numbers stay numbers; -o writes through to
# /dev/stdout and refuses a link; a %YAML 1.1 file is refused.
#
# Environment: ROOT, BIN as tests/run.sh sets them.

NAME=output-safety
. "$(dirname "$0")/common.inc"
esc=$(printf '\033')

p=$tmp/plan
mkdir -p "$p"
cp -R "$ROOT/plan.yaml" "$ROOT/schema" "$ROOT/units" "$ROOT/tasks" "$p/"
cd "$p" || exit 2
sed -i 's/^\(  - "\*@jmw.sx.gov.cn"\)$/\1/' units/jmw.yaml
git init -q -b main . && git config user.name office &&
	git config user.email office@sx.gov.cn && git add -A &&
	git commit -q -m plan || exit 2
sed -i 's/^status: .*/status: in_progress/; s/^progress: .*/progress: 30/;
	s/^as_of: .*/as_of: 2010-03-31/;
	s/^note: .*/note: "=HYPERLINK(\\"http:\/\/x.example\\",\\"看\\")"/' \
	tasks/18.yaml
git -c user.name="Evil${esc}[2J${esc}]0;owned" -c user.email=e@x.example \
	commit -q -am "task 18" || exit 2

"$BIN/log" HEAD~1..HEAD >"$tmp/out" 2>&1
if grep -q "$esc" "$tmp/out"; then
	not_ok "log: an escape sequence in a name reaches the terminal" "$tmp/out"
elif grep -q 'Evil\\x1b\[2J\\x1b\]0;owned' "$tmp/out"; then
	ok "log: a name's escape sequence is shown escaped"
else
	not_ok "log: the name, escaped" "$tmp/out"
fi
"$BIN/audit" >"$tmp/out" 2>&1
if grep -q "$esc" "$tmp/out"; then
	not_ok "audit: an escape sequence reaches the terminal" "$tmp/out"
else
	ok "audit: no raw escape sequence"
fi
"$BIN/summary" --rev HEAD --today 2010-04-01 --format csv >"$tmp/csv" 2>&1
if grep -q "$esc" "$tmp/csv"; then
	not_ok "summary: an escape sequence in the CSV" "$tmp/csv"
else
	ok "summary: no raw escape sequence"
fi
if grep -q "\"'=HYPERLINK" "$tmp/csv" && ! grep -q ',=HYPERLINK\|,"=HYPERLINK' "$tmp/csv"; then
	ok "csv: a formula-like note is text"
else
	not_ok "csv: a formula-like note is text" "$tmp/csv"
fi
if grep -q ',274,in progress,30,' "$tmp/csv"; then
	ok "csv: numbers stay numbers"
else
	not_ok "csv: numbers stay numbers" "$tmp/csv"
fi

"$BIN/summary" --rev HEAD --today 2010-04-01 -o /dev/stdout >"$tmp/out" 2>&1
if [ -c /dev/null ] && grep -q 'as of 2010-04-01' "$tmp/out"; then
	ok "-o /dev/stdout writes through"
else
	not_ok "-o /dev/stdout writes through" "$tmp/out"
fi
ln -s "$tmp/elsewhere.html" "$tmp/link.html"
if "$BIN/summary" -o "$tmp/link.html" >"$tmp/out" 2>&1; then
	not_ok "-o onto a link is refused" "$tmp/out"
elif [ -L "$tmp/link.html" ] && [ ! -e "$tmp/elsewhere.html" ]; then
	ok "-o onto a link is refused, the link kept"
else
	not_ok "-o onto a link: the link kept" "$tmp/out"
fi

printf '%%YAML 1.1\n---\n' | cat - tasks/18.yaml >"$tmp/t" &&
	mv "$tmp/t" tasks/18.yaml
"$BIN/validate" >"$tmp/out" 2>&1
if grep -q '^tasks/18.yaml:1:1: error: the file says %YAML 1.1' "$tmp/out"; then
	ok "%YAML 1.1 is refused"
else
	not_ok "%YAML 1.1 is refused" "$tmp/out"
fi

echo "output-safety: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
