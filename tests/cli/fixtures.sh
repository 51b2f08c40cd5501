#!/bin/sh
# Bad input never crashes and never passes silently: every fixture of
# tests/fixtures/cases.tsv is dropped into a copy of the committed plan and
# checked by validate in the working tree, in the index (--staged) and in a
# commit (--rev HEAD), asserting the exit code and the finding line (file,
# line, column, key phrase), the same line in every mode.  Every line on
# stdout must be a finding with a file name or the closing line, and stderr
# must stay empty, so a crash, a sanitizer report or a message without a
# file fails the case.  Then the failures of git itself: an empty
# repository, unknown revisions, a shallow clone, missing and corrupt
# objects, a bare repository.
#
# Fixtures too big or too odd to commit (over 1 MiB, 10,000 '[', UTF-16,
# GBK, links, a directory, a fifo) are made here by gen().
#
# Environment: ROOT (repository, default: this script's ../..), BIN (tools,
# default: $ROOT/bin).  Prints "ok - ..." / "not ok - ..."; exit 1 when a
# check failed, 2 when the test could not run.

NAME=fixtures
. "$(dirname "$0")/common.inc"
FIX=$ROOT/tests/fixtures
VALIDATE=$BIN/validate
LIMIT=1048576

# who commits here (common.inc keeps the user's settings out)
GIT_AUTHOR_NAME=fixture GIT_AUTHOR_EMAIL=fixture@example.org
GIT_COMMITTER_NAME=fixture GIT_COMMITTER_EMAIL=fixture@example.org
export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME \
	GIT_COMMITTER_EMAIL

if ! [ -x "$VALIDATE" ]; then
	echo "fixtures: no $VALIDATE (make first)" >&2
	exit 2
fi
command -v git >/dev/null || { echo "fixtures: git is needed" >&2; exit 2; }
if command -v timeout >/dev/null; then
	run() { timeout 120 "$@"; }
else
	run() { "$@"; }
fi

git_q() { git -C "$plan" "$@" >/dev/null 2>&1; }

# --- the plan the fixtures go into -------------------------------------

plan=$tmp/plan
mkdir "$plan" || exit 2
for f in plan.yaml schema tasks units; do
	[ -e "$ROOT/$f" ] || { echo "fixtures: no $ROOT/$f" >&2; exit 2; }
	cp -R "$ROOT/$f" "$plan/" || exit 2
done
git_q init -q && git_q config gc.auto 0 && git_q add -A &&
	git_q commit -q -m base &&
	git_q tag base || { echo "fixtures: cannot commit" >&2; exit 2; }
run "$VALIDATE" -C "$plan" >"$tmp/out" 2>"$tmp/err"
if [ $? -ne 0 ]; then
	not_ok "the committed plan validates (the fixtures need it clean)" \
		"$tmp/out" "$tmp/err"
	exit 1
fi

# back to the committed plan; $1, if given, is what the last case made
# (a link, a directory or a fifo is removed before git restores the rest)
reset_plan() {
	[ -n "${1:-}" ] && rm -rf "${plan:?}/$1"
	git_q reset -q --hard base && git_q clean -q -f -f -d -x
}

# --- fixtures made at run time ------------------------------------------

# repeat CHAR N: CHAR (one byte) N times
repeat() {
	head -c "$2" /dev/zero | tr '\0' "$1"
}

# a valid task, padded with a comment line to exactly $1 bytes
padded() {
	size=$(wc -c <"$FIX/tasks/valid.yaml")
	cat "$FIX/tasks/valid.yaml"
	printf '#'
	repeat x $(($1 - size - 2))
	printf '\n'
}

# gen NAME PATH: make the fixture NAME at PATH (inside the plan)
gen() {
	task=$FIX/tasks/valid.yaml
	unit=$FIX/units/valid.yaml
	case $1 in
	long-value)	# 300,000 characters (900 KB) on one line
		sed '/^note:/d' "$task" >"$2"
		printf 'note: ' >>"$2"
		awk 'BEGIN { for (i = 0; i < 300000; i++) printf "长" }' >>"$2"
		printf '\n' >>"$2" ;;
	long-key)	# a key of 2,000 characters
		cat "$task" >"$2"
		repeat k 2000 >>"$2"
		printf ': 1\n' >>"$2" ;;
	size-limit)	padded $LIMIT >"$2" ;;
	too-large)	padded $((LIMIT + 1)) >"$2" ;;
	brackets)	repeat '[' 10000 >"$2" ;;
	brackets-huge)	repeat '[' $((LIMIT - 10)) >"$2" ;;
	braces-value)	{ printf 'note: '; repeat '{' 10000; } >"$2" ;;
	deep-block)	# 200 mappings, each indented one more space
		awk 'BEGIN { for (i = 0; i < 200; i++)
			printf "%*sk%d:\n", i, "", i }' >"$2" ;;
	gbk)		iconv -f UTF-8 -t GB18030 "$task" >"$2" ;;
	unit-gbk)	iconv -f UTF-8 -t GB18030 "$unit" >"$2" ;;
	utf16le-bom)	{ printf '\377\376'
			iconv -f UTF-8 -t UTF-16LE "$task"; } >"$2" ;;
	utf16be-bom)	{ printf '\376\377'
			iconv -f UTF-8 -t UTF-16BE "$task"; } >"$2" ;;
	utf16le)	iconv -f UTF-8 -t UTF-16LE "$task" >"$2" ;;
	utf16be)	iconv -f UTF-8 -t UTF-16BE "$task" >"$2" ;;
	unit-utf16le)	iconv -f UTF-8 -t UTF-16LE "$unit" >"$2" ;;
	latin1)		# Windows-1252 / Latin-1: "café"
		sed '/^note:/d' "$task" >"$2"
		printf 'note: caf\351\n' >>"$2" ;;
	binary)		printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\1' >"$2" ;;
	symlink)	ln -s ../plan.yaml "$2" ;;
	symlink-task)	ln -s 07.yaml "$2" ;;
	symlink-dangling) ln -s 18.yaml.bak "$2" ;;
	symlink-outside) cp "$task" "$tmp/outside.yaml"
		ln -s "$tmp/outside.yaml" "$2" ;;
	symlink-climbing) ln -s ../../../../../../../../etc/hostname "$2" ;;
	unit-symlink)	ln -s jmw.yaml "$2" ;;
	directory)	mkdir "$2" && cp "$task" "$2/18.yaml" ;;
	fifo)		mkfifo "$2" ;;
	tasks-link)	# the whole tasks/ is a link out of the repository
		rm -rf "$tmp/tasks-elsewhere"
		mv "$plan/tasks" "$tmp/tasks-elsewhere" &&
			ln -s "$tmp/tasks-elsewhere" "$plan/tasks" ;;
	*)		echo "fixtures: unknown generator '$1'" >&2; return 1 ;;
	esac
}

# place FIXTURE DEST: put the fixture at DEST in the plan
place() {
	mkdir -p "$(dirname "$plan/$2")" || return 1
	if [ -f "$plan/$2" ] || [ -h "$plan/$2" ]; then
		rm -f "$plan/$2"
	fi
	case $1 in
	gen:*)	gen "${1#gen:}" "$plan/$2" ;;
	*)	[ -f "$FIX/$1" ] ||
			{ echo "fixtures: no $FIX/$1" >&2; return 1; }
		cp "$FIX/$1" "$plan/$2" ;;
	esac
}

# --- checking one run ---------------------------------------------------

# a finding, with a file name and perhaps a position; or the closing line
finding_re='^[^ :]+(:[0-9]+(:[0-9]+)?)?: (error|warning|note): .'
finding_re="$finding_re"'|^[0-9]+ errors?, [0-9]+ warnings?$|^ok: '

# check NAME MODE EXIT WHERE PHRASE RC: the outcome of the run in
# $tmp/out, $tmp/err; sets $line to the finding line
check() {
	line=
	if [ "$6" -ne "$3" ]; then
		not_ok "$1 ($2): exit $6, expected $3" "$tmp/out" "$tmp/err"
		return 1
	fi
	if [ -s "$tmp/err" ]; then
		not_ok "$1 ($2): unexpected output on stderr" "$tmp/err"
		return 1
	fi
	# every line: a finding with a file name, or the closing line
	if LC_ALL=C grep -v -E "$finding_re" "$tmp/out" >"$tmp/stray"; then
		not_ok "$1 ($2): lines that are not findings" "$tmp/stray"
		return 1
	fi
	if [ "$4" = - ]; then
		line=$(P=$5 awk 'index($0, ENVIRON["P"]) == 1' "$tmp/out")
	else
		line=$(W="$4: error: " P=$5 awk 'index($0, ENVIRON["W"]) == 1 &&
			index($0, ENVIRON["P"]) { print; exit }' "$tmp/out")
	fi
	if [ -z "$line" ]; then
		not_ok "$1 ($2): no line '$4: error: ...$5...'" "$tmp/out"
		return 1
	fi
	return 0
}

# case NAME FIXTURE DEST EXIT MODES WHERE PHRASE
run_case() {
	name=$1 exit=$4 modes=$5 where=$6 phrase=$7
	first= good=1
	reset_plan "$last_dest"
	last_dest=$3
	if ! place "$2" "$3"; then
		not_ok "$name: cannot make the fixture $2"
		return
	fi
	for mode in w i r; do
		case $modes in *$mode*) ;; *) continue ;; esac
		case $mode in
		w)	run "$VALIDATE" -C "$plan" >"$tmp/out" 2>"$tmp/err" ;;
		i)	git_q add -A
			run "$VALIDATE" -C "$plan" --staged \
				>"$tmp/out" 2>"$tmp/err" ;;
		r)	git_q add -A && git_q commit -q --no-verify -m "$name"
			run "$VALIDATE" -C "$plan" --rev HEAD \
				>"$tmp/out" 2>"$tmp/err" ;;
		esac
		rc=$?
		check "$name" "$mode" "$exit" "$where" "$phrase" $rc || {
			good=0
			continue
		}
		if [ -z "$first" ]; then
			first=$line
		elif [ "$line" != "$first" ]; then
			not_ok "$name ($mode): '$line' differs from '$first'"
			good=0
		fi
	done
	[ $good = 1 ] && ok "$name ($modes)"
}

tab=$(printf '\t')
last_dest=
while IFS=$tab read -r name fixture dest exit modes where phrase; do
	case $name in ''|'#'*) continue ;; esac
	run_case "$name" "$fixture" "$dest" "$exit" "$modes" "$where" "$phrase"
done <"$FIX/cases.tsv"

# --- git: repositories and objects that are not as they should be ------

# expect NAME EXIT PHRASE CMD...: exit code, and PHRASE in stdout or stderr
expect() {
	name=$1 exit=$2 phrase=$3
	shift 3
	run "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne "$exit" ]; then
		not_ok "$name: exit $rc, expected $exit" "$tmp/out" "$tmp/err"
	elif ! cat "$tmp/out" "$tmp/err" | grep -F -q -- "$phrase"; then
		not_ok "$name: no '$phrase'" "$tmp/out" "$tmp/err"
	elif [ "$exit" -eq 2 ] && [ -s "$tmp/out" ]; then
		not_ok "$name: a failure printed findings" "$tmp/out"
	elif [ "$exit" -eq 2 ] &&
		grep -v -q -E '^(validate|[^ :]*): error: ' "$tmp/err"; then
		not_ok "$name: stderr holds more than errors" "$tmp/err"
	else
		ok "$name"
	fi
}

# the loose object file of an object id in repository directory $1
object_file() {
	id=$(git -C "$1" rev-parse "$2") || return 1
	gd=$(git -C "$1" rev-parse --absolute-git-dir) || return 1
	# never damage a repository that is not the throw-away copy
	case $gd in "$1"/*) ;; *) return 1 ;; esac
	echo "$gd/objects/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-)"
}

reset_plan "$last_dest"
bad=$FIX/tasks/duplicate-key-deep.yaml
want="tasks/18.yaml:19:5: error: duplicate key 'unit' (first at line 18)"

mkdir "$tmp/empty" && git -C "$tmp/empty" init -q
expect "git: empty repository, --rev HEAD" 2 "no commits yet" \
	"$VALIDATE" -C "$tmp/empty" --rev HEAD
expect "git: empty repository, --staged" 2 "cannot use the schema files" \
	"$VALIDATE" -C "$tmp/empty" --staged
mkdir "$tmp/norepo"
expect "git: not a repository, --rev HEAD" 2 "cannot open repository" \
	"$VALIDATE" -C "$tmp/norepo" --rev HEAD
expect "git: unknown revision" 2 "unknown revision 'no-such-branch'" \
	"$VALIDATE" -C "$plan" --rev no-such-branch
expect "git: revision before the first commit" 2 "unknown revision 'HEAD~5'" \
	"$VALIDATE" -C "$plan" --rev HEAD~5
expect "git: unknown object id" 2 "unknown revision" \
	"$VALIDATE" -C "$plan" --rev 0123456789abcdef0123456789abcdef01234567
expect "git: revision naming a file" 2 "is a blob, not a commit or a tree" \
	"$VALIDATE" -C "$plan" --rev HEAD:plan.yaml

# the index is what --staged reads, not the working tree
cp "$bad" "$plan/tasks/18.yaml" && git_q add tasks/18.yaml &&
	git -C "$plan" show base:tasks/18.yaml >"$plan/tasks/18.yaml"
expect "git: --staged reads the index, not the working tree" 1 "$want" \
	"$VALIDATE" -C "$plan" --staged
expect "git: the working tree of the same repository is clean" 0 "ok:" \
	"$VALIDATE" -C "$plan"

# history: base, the bad task (HEAD~2), its fix (HEAD~1), one more change
reset_plan
cp "$bad" "$plan/tasks/18.yaml" && git_q commit -q -a -m bad
git -C "$plan" show base:tasks/18.yaml >"$plan/tasks/18.yaml" &&
	git_q commit -q -a -m fix
echo "# 市经贸委" >>"$plan/units/jmw.yaml" && git_q commit -q -a -m note
expect "git: an older commit by name" 1 "$want" \
	"$VALIDATE" -C "$plan" --rev HEAD~2
expect "git: --rev of a tree id" 1 "$want" \
	"$VALIDATE" -C "$plan" --rev "$(git -C "$plan" rev-parse HEAD~2^{tree})"

git clone -q --bare "$plan" "$tmp/bare.git" 2>/dev/null
expect "git: bare repository with --rev" 1 "$want" \
	"$VALIDATE" -C "$tmp/bare.git" --rev HEAD~2
expect "git: bare repository with --rev, clean commit" 0 "ok:" \
	"$VALIDATE" -C "$tmp/bare.git" --rev base
expect "git: bare repository without --rev" 2 "read with --rev" \
	"$VALIDATE" -C "$tmp/bare.git"
expect "git: bare repository with --staged" 2 "bare" \
	"$VALIDATE" -C "$tmp/bare.git" --staged

git clone -q --depth 2 "file://$plan" "$tmp/shallow" 2>/dev/null
expect "git: shallow clone, a commit it has" 0 "ok:" \
	"$VALIDATE" -C "$tmp/shallow" --rev HEAD
expect "git: shallow clone, a commit it cut" 2 "shallow clone" \
	"$VALIDATE" -C "$tmp/shallow" --rev HEAD~2

# damage: copies of the repository with one object missing or corrupt
damage() {
	rm -rf "$tmp/damaged"
	cp -R "$plan" "$tmp/damaged"
	f=$(object_file "$tmp/damaged" "$1") && [ -f "$f" ] || return 1
	chmod u+w "$f"
	echo "$f"
}
f=$(damage HEAD~2:tasks/18.yaml) && rm -f "$f"
# a missing object is damage, not a finding: no verdict is given
expect "git: missing blob of a task file" 2 \
	"which cannot be read from the repository" \
	"$VALIDATE" -C "$tmp/damaged" --rev HEAD~2
# a corrupt one too: the file cannot be read, the repository is damaged
f=$(damage HEAD~2:tasks/18.yaml) && printf 'not zlib' >"$f"
expect "git: corrupt blob of a task file" 2 \
	"tasks/18.yaml names object" \
	"$VALIDATE" -C "$tmp/damaged" --rev HEAD~2
f=$(damage HEAD~2:tasks) && rm -f "$f"
expect "git: missing tree of tasks/" 2 "cannot read 'tasks'" \
	"$VALIDATE" -C "$tmp/damaged" --rev HEAD~2
f=$(damage HEAD~2:units/jmw.yaml) && printf 'x' >"$f"
expect "git: corrupt blob of a unit file" 2 \
	"units/jmw.yaml names object" \
	"$VALIDATE" -C "$tmp/damaged" --rev HEAD~2
# a commit missing in the middle of history (not a shallow clone): the
# message names it and quotes git's reason, in every tool that walks
f=$(damage HEAD~1) && rm -f "$f"
expect "git: missing commit, log" 2 "cannot read commit" \
	"$BIN/log" -C "$tmp/damaged"
expect "git: missing commit, log says why" 2 "not found" \
	"$BIN/log" -C "$tmp/damaged"
expect "git: missing commit, log --reverse" 2 "not found" \
	"$BIN/log" -C "$tmp/damaged" --reverse
expect "git: missing commit, audit" 2 "not found" \
	"$BIN/audit" -C "$tmp/damaged"

# a history whose first commit adds task files and nothing else
mkdir "$tmp/tasks-first" "$tmp/tasks-first/tasks" &&
	printf 'id: 1\n' >"$tmp/tasks-first/tasks/01.yaml" &&
	git -C "$tmp/tasks-first" init -q &&
	git -C "$tmp/tasks-first" add -A &&
	git -C "$tmp/tasks-first" -c user.name=a -c user.email=a@b \
		commit -q -m first
expect "git: audit of a first commit of task files alone" 0 \
	"not founded yet" "$BIN/audit" -C "$tmp/tasks-first"

echo "fixtures: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
