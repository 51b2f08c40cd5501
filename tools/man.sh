#!/bin/sh
# Write the man page (mdoc) of a plan command from its --help text, so
# that the two never disagree: the usage lines become the synopsis, the
# paragraphs the description, the option lines the options list, "Exit
# status:" and "Examples:" their sections.  make man runs it for each
# command; tests/cli/install.sh checks the pages with mandoc -Tlint.
#
# Usage: tools/man.sh NAME DESCRIPTION PROGRAM [zh]   (e.g. plan-validate
#        "check every file of the plan" build/release/bin/validate)
# A page may have more than --help tells: man/NAME.rules (man/zh_CN/ for
# zh), mdoc text put before SEE ALSO (plan-audit's rules).
# With zh the page is written from the Chinese --help, with Chinese
# section titles (NAME stays, as mandoc and apropos look for it).
set -eu
name=$1 desc=$2 prog=$3 lang=${4:-en}
extra=$(dirname "$0")/../man/$name.rules
[ "$lang" = zh ] && extra=$(dirname "$0")/../man/zh_CN/$name.rules
[ -f "$extra" ] || extra=
title=$(echo "$name" | tr '[:lower:]' '[:upper:]')

LANGUAGE=$lang LC_ALL=C.UTF-8 "$prog" --help |
awk -v name="$name" -v desc="$desc" -v title="$title" -v lang="$lang" \
    -v extra="$extra" '
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
# The lines of the help text, in Chinese, stay as they break there: roff
# breaks lines only at spaces, which Chinese does not have, and would put
# one where a help line broke.  In English the lines are filled.
function emit(s) {
	if (pending != "") print pending
	pending = ""
	print s
}
function keep(s) {
	if (pending != "") print pending
	pending = s
}
function join(s) {
	if (lang != "zh" || pending == "")
		keep(s)
	else
		pending = pending "\n.br\n" s
}
function close_list() {
	if (inlist) { emit(".El"); inlist = 0 }
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
	if (lang == "zh") {
		sh["SYNOPSIS"] = "概要"; sh["DESCRIPTION"] = "描述"
		sh["EXIT STATUS"] = "退出状态"; sh["EXAMPLES"] = "示例"
		sh["SEE ALSO"] = "参见"
	} else {
		sh["SYNOPSIS"] = "SYNOPSIS"; sh["DESCRIPTION"] = "DESCRIPTION"
		sh["EXIT STATUS"] = "EXIT STATUS"; sh["EXAMPLES"] = "EXAMPLES"
		sh["SEE ALSO"] = "SEE ALSO"
	}
	emit(".Dd December 3, 2026")
	emit(".Dt " title " " (name ~ /format/ ? 5 : 1))
	emit(".Os")
	emit(".Sh NAME")
	emit(".Nm " name)
	emit(".Nd " desc)
	state = "usage"
}
state == "usage" && /^(usage: |   or: |用法：|  或：)/ {
	if (!syn) { emit(".Sh " sh["SYNOPSIS"]); emit(".Bd -literal"); syn = 1 }
	sub(/^(usage: |   or: |用法：|  或：)/, "")
	# the command as a user types it once installed
	if (name != "plan" && $0 !~ /^plan /)
		$0 = "plan " $0
	emit(text($0))
	next
}
state == "usage" && /^ +[^ ]/ { emit(text($0)); next }
state == "usage" && /^$/ {
	emit(".Ed")
	emit(".Sh " sh["DESCRIPTION"])
	state = "text"
	next
}
state == "text" && /^(Exit status:|退出状态：)/ {
	close_list()
	emit(".Sh " sh["EXIT STATUS"])
	sub(/^(Exit status: *|退出状态：)/, "")
	keep(text($0))
	state = "exit"
	next
}
state == "exit" && /^$/ { state = "text"; next }
state == "exit" { join(text($0)); next }
/^(Examples:|示例：)/ {
	close_list()
	emit(".Sh " sh["EXAMPLES"])
	emit(".Bd -literal")
	state = "examples"
	next
}
state == "examples" {
	sub(/^  /, "")
	if ($0 != "") emit(text($0))
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
	if (!inlist) { emit(".Bl -tag -width Ds"); inlist = 1 }
	emit(item(spec))
	if (rest != "") keep(text(rest))
	next
}
# an option description going on, or a plain paragraph
state == "text" && /^        *[^ ]/ && inlist {
	sub(/^ +/, "")
	join(text($0))
	next
}
state == "text" && /^$/ { close_list(); para = 1; next }
state == "text" {
	close_list()
	if (para && printed) emit(".Pp")
	sub(/^ +/, "")
	if (para || !printed)
		keep(text($0))
	else
		join(text($0))
	para = 0
	printed = 1
}
END {
	if (state == "examples") emit(".Ed")
	close_list()
	if (extra != "")
		while ((getline line < extra) > 0)
			emit(line)
	emit(".Sh " sh["SEE ALSO"])
	emit(".Xr git 1 ,")
	if (name != "plan")
		emit(".Xr plan 1 ,")
	emit(".Xr plan-format 5")
}
'
