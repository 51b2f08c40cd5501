#compdef plan git-plan
# zsh completion for plan(1), installed as PREFIX/share/zsh/site-functions/_plan:
# what tools/completion.bash completes for bash: the commands, each
# command's options (read from its --help, so they never disagree), and
# the task numbers and unit ids of the plan around the current directory.

# the plan's top directory: the nearest of . and its parents with plan.yaml
_plan_top() {
	local d=$PWD
	while [[ -n $d ]]; do
		[[ -f $d/plan.yaml ]] && { print -r -- $d; return 0 }
		d=${d%/*}
	done
	return 1
}

_plan() {
	local top cmd first=2 prev=${words[CURRENT-1]}
	local -a cmds opts names
	cmds=(init validate summary diff log audit import export)
	# `git plan ...`: the command comes one word later
	[[ ${words[1]} == git ]] && first=3
	if (( CURRENT == first )); then
		compadd -- $cmds help --help --version
		return
	fi
	cmd=${words[first]}
	case $prev in
	--unit)
		top=$(_plan_top) && names=($top/units/*.yaml(N:t:r)) &&
			compadd -- $names
		return ;;
	--format)
		case $cmd in
		summary) compadd -- text md csv json html ;;
		export) compadd -- table ;;
		*) compadd -- text json ;;
		esac
		return ;;
	--by) compadd -- category unit status; return ;;
	--series) compadd -- month quarter week; return ;;
	--lang) compadd -- zh en; return ;;
	--field)
		compadd -- status progress as_of note indicators target \
			deadline units content category
		return ;;
	-C|--repo) _files -/; return ;;
	-o|--output|--from|--units) _files; return ;;
	esac
	if [[ $cmd == help ]]; then
		compadd -- $cmds
	elif [[ $PREFIX == -* ]]; then
		opts=(${(u)${(f)"$(plan $cmd --help 2>/dev/null |
			grep -o -- '--[a-z][a-z-]*')"}})
		compadd -- $opts
	else
		case $cmd in
		log|diff)
			# tasks/07.yaml is task 7
			top=$(_plan_top) &&
				names=($top/tasks/*.yaml(N:t:r)) &&
				compadd -- ${names/#0/}
			;;
		validate|import|init) _files ;;
		esac
	fi
}

_plan "$@"
