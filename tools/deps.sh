#!/bin/sh
# Install the Debian packages the build (or the tests) need, when missing.
# Usage: tools/deps.sh build|test|ci   (ci: also memcheck and the fuzzers)
set -e
want="pkg-config libyaml-dev libgit2-dev libssl-dev libsodium-dev gettext"
case $1 in test|ci)
	# openssh-client signs commits (ssh-keygen), lighttpd is the
	# authenticated server of tests/cli/audit-server.sh, mandoc lints
	# the man pages.  Node and npm (ajv and the editors' YAML language
	# server in tests/cli/schema-xcheck.sh) are not installed: npm
	# needs the registry, which a build machine may not reach
	want="$want libcmocka-dev git python3 python3-yaml python3-jsonschema time
		openssh-client lighttpd mandoc" ;;
esac
[ "$1" = ci ] && want="$want valgrind clang libclang-rt-14-dev"
missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: missing packages:$missing (install them, then run make again)" >&2
	exit 2
fi
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
echo "deps: installing$missing" >&2
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >&2
