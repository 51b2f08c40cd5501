#!/bin/sh
# Write the man page (mdoc) of a plan command from its --help text, so
# that the two never disagree: the usage lines become the synopsis, the
# paragraphs the description, the option lines the options list, "Exit
# status:" and "Examples:" their sections.  make man runs it for each
# command; tests/cli/install.sh checks the pages with mandoc -Tlint.
#
# Usage: tools/man.sh NAME DESCRIPTION PROGRAM   (e.g. plan-validate
#        "check every file of the plan" build/release/bin/validate)
set -eu
name=$1 desc=$2 prog=$3
title=$(echo "$name" | tr '[:lower:]' '[:upper:]')

"$prog" --help | awk -v name="$name" -v desc="$desc" -v title="$title" '
# mdoc text: a sentence to a line (the help texts end one with two
# spaces); a line may not start with a dot or a quote; backslashes as \e
function text(s,    n, i, part, out) {
	gsub(/\\/, "\\e", s)
	n = split(s, part, /[.] +/)
	out = ""
	for (i = 1; i <= n; i++) {
		if (i < n)
			part[i] = part[i] "."
		if (part[i] ~ /^[.\047]/)
			part[i] = "\\&" part[i]
		out = out (i > 1 ? "\n" : "") part[i]
	}
	return out
}
function close_list() {
	if (inlist) { print ".El"; inlist = 0 }
}
# "-C, --repo DIR" as .It Fl C , Fl -repo Ar DIR
function item(spec,    n, i, w, out) {
	n = split(spec, w, /[ ,]+/)
	out = ".It"
	for (i = 1; i <= n; i++) {
		if (w[i] == "") continue
		if (w[i] ~ /^--?[a-zA-Z]/) {
			sub(/^-/, "", w[i])
			out = out (out == ".It" ? "" : " ,") " Fl " w[i]
		} else {
			out = out " Ar " w[i]
		}
	}
	return out
}
BEGIN {
	print ".Dd December 3, 2026"
	print ".Dt " title " " (name ~ /format/ ? 5 : 1)
	print ".Os"
	print ".Sh NAME"
	print ".Nm " name
	print ".Nd " desc
	state = "usage"
}
state == "usage" && /^(usage|   or):/ {
	if (!syn) { print ".Sh SYNOPSIS"; print ".Bd -literal"; syn = 1 }
	sub(/^(usage|   or): /, "")
	# the command as a user types it once installed
	if (name != "plan" && $0 !~ /^plan /)
		$0 = "plan " $0
	print text($0)
	next
}
state == "usage" && /^ +[^ ]/ { print text($0); next }
state == "usage" && /^$/ {
	print ".Ed"
	print ".Sh DESCRIPTION"
	state = "text"
	next
}
state == "text" && /^Exit status:/ {
	close_list()
	print ".Sh EXIT STATUS"
	sub(/^Exit status: */, "")
	print text($0)
	state = "exit"
	next
}
state == "exit" && /^$/ { state = "text"; next }
state == "exit" { print text($0); next }
/^Examples:/ {
	close_list()
	print ".Sh EXAMPLES"
	print ".Bd -literal"
	state = "examples"
	next
}
state == "examples" {
	sub(/^  /, "")
	if ($0 != "") print text($0)
	next
}
# an option: "  -C, --repo DIR     text" or "      --rev REV      text"
state == "text" && (/^  -/ || /^      -/) {
	line = $0
	sub(/^ +/, "", line)
	spec = line
	sub(/  +.*$/, "", spec)
	rest = line
	if (!sub(/^[^ ].*[^ ]  +/, "", rest) || rest == line)
		rest = ""
	if (!inlist) { print ".Bl -tag -width Ds"; inlist = 1 }
	print item(spec)
	if (rest != "") print text(rest)
	next
}
# an option description going on, or a plain paragraph
state == "text" && /^        *[^ ]/ && inlist {
	sub(/^ +/, "")
	print text($0)
	next
}
state == "text" && /^$/ { close_list(); para = 1; next }
state == "text" {
	close_list()
	if (para && printed) print ".Pp"
	para = 0
	printed = 1
	sub(/^ +/, "")
	print text($0)
}
END {
	if (state == "examples") print ".Ed"
	close_list()
	print ".Sh SEE ALSO"
	print ".Xr git 1 ,"
	if (name != "plan")
		print ".Xr plan 1 ,"
	print ".Xr plan-format 5"
}
'
