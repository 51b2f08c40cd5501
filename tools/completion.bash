# bash completion for plan(1), installed as
# PREFIX/share/bash-completion/completions/plan: the commands, each
# command's options (read from its --help, so they never disagree), and
# the task numbers and unit ids of the plan around the current directory.

# the plan's top directory: the nearest of . and its parents with plan.yaml
_plan_top()
{
	local d=$PWD
	while [ -n "$d" ]; do
		[ -f "$d/plan.yaml" ] && { printf '%s\n' "$d"; return 0; }
		d=${d%/*}
	done
	return 1
}

_plan_tasks()
{
	local top f n
	top=$(_plan_top) || return
	for f in "$top"/tasks/*.yaml; do
		[ -e "$f" ] || continue
		n=${f##*/}
		n=${n%.yaml}
		printf '%s\n' "$((10#$n))"
	done
}

_plan_units()
{
	local top f
	top=$(_plan_top) || return
	for f in "$top"/units/*.yaml; do
		[ -e "$f" ] || continue
		f=${f##*/}
		printf '%s\n' "${f%.yaml}"
	done
}

_plan()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local first=1 cmd opts
	# `git plan ...`: the command comes one word later
	[ "${COMP_WORDS[0]}" = git ] && first=2
	if [ "$COMP_CWORD" -eq "$first" ]; then
		COMPREPLY=($(compgen -W "init validate summary diff log audit
			import export help --help --version" -- "$cur"))
		return
	fi
	cmd=${COMP_WORDS[first]}
	case $prev in
	--unit) COMPREPLY=($(compgen -W "$(_plan_units)" -- "$cur")); return ;;
	--format)
		case $cmd in
		summary) opts="text md csv json html" ;;
		export) opts="table" ;;
		*) opts="text json" ;;
		esac
		COMPREPLY=($(compgen -W "$opts" -- "$cur")); return ;;
	--by) COMPREPLY=($(compgen -W "category unit status" -- "$cur"))
		return ;;
	--series) COMPREPLY=($(compgen -W "month quarter week" -- "$cur"))
		return ;;
	--lang) COMPREPLY=($(compgen -W "zh en" -- "$cur")); return ;;
	--field) COMPREPLY=($(compgen -W "status progress as_of note
		indicators target deadline units content category" -- "$cur"))
		return ;;
	-C|--repo) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	-o|--output|--from) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	esac
	if [ "$cmd" = help ]; then
		COMPREPLY=($(compgen -W "init validate summary diff log audit
			import export" -- "$cur"))
	elif [ "${cur#-}" != "$cur" ]; then
		opts=$(plan "$cmd" --help 2>/dev/null |
			grep -o -- '--[a-z][a-z-]*' | sort -u)
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	else
		case $cmd in
		log|diff) COMPREPLY=($(compgen -W "$(_plan_tasks)" -- "$cur")) ;;
		validate|import|init) COMPREPLY=($(compgen -f -- "$cur")) ;;
		esac
	fi
}

complete -F _plan plan
# git's own completion calls _git_plan for `git plan`
_git_plan() { _plan; }
