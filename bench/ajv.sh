#!/bin/sh
# The ajv reference of the benchmark: what a user would run in CI to check
# a plan with the standard JSON Schema tools.  ajv-cli reads YAML through
# js-yaml, a YAML 1.1 reader that turns an unquoted date into a Date, so
# the files are converted to JSON first by tests/tools/yaml2json.mjs (YAML
# 1.2's core schema, as editors and bin/validate read them), then checked
# with ajv-cli, one run per schema.
#
# Usage: ajv.sh convert NPM_DIR PLAN_DIR JSON_DIR
#        ajv.sh validate NPM_DIR PLAN_DIR JSON_DIR
# JSON_DIR is taken relative to PLAN_DIR (e.g. ../json-10000): short
# relative paths keep the argument list of 10,000 files short.
# Exit 0 when every file converted / validated, else non-zero.
set -u
[ $# -eq 4 ] || { echo "usage: ajv.sh convert|validate NPM_DIR PLAN_DIR JSON_DIR" >&2; exit 2; }
mode=$1 npm=$2 plan=$3 json=$4
here=$(cd "$(dirname "$0")" && pwd)
case $npm in /*) ;; *) npm=$(pwd)/$npm ;; esac
cd "$plan" || exit 2

case $mode in
convert)
	printf '%s\n' plan.yaml tasks/*.yaml units/*.yaml | awk -v j="$json" \
		'{ print; print j "/" $0 ".json" }' |
		xargs -d '\n' -n 60000 -s 1900000 node \
			"$here/../tests/tools/yaml2json.mjs" "$npm"
	;;
validate)
	ajv=$npm/node_modules/.bin/ajv
	for s in plan task unit; do
		case $s in
		plan) data=$json/plan.yaml.json ;;
		*) data="$json/${s}s/*.json" ;;
		esac
		"$ajv" validate --spec=draft7 -c ajv-formats --strict=true \
			--all-errors -s "schema/$s.schema.json" \
			-d "$data" || exit 1
	done
	;;
*)
	echo "ajv.sh: unknown mode '$mode'" >&2
	exit 2
	;;
esac
