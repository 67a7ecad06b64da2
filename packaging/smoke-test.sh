#!/usr/bin/env bash
# Installs the .deb that `./mvnw -Ppackage package` built and checks the installed launcher the way an
# operator first meets it, with no display: its version, the embedded database from the command line,
# and the status of the default cluster. Run as root (dpkg). Usage: packaging/smoke-test.sh [DEB]
set -euo pipefail
cd "$(dirname "$0")/.."
deb=${1:-$(ls packaging/target/jpackage/installer/pampa_*.deb | head -1)}
[ -f "$deb" ] || { echo "no .deb at '$deb': build it with ./mvnw -Ppackage -DskipTests package" >&2; exit 1; }

# The package's dependencies (xdg-utils for the menu entry, the X and font libraries JavaFX loads):
# dpkg -i does not fetch them, so they come first, read from the package itself.
deps=$(dpkg-deb -f "$deb" Depends | tr -d ' ' | tr ',' ' ')
if ! dpkg -s $deps >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $deps >/dev/null
fi
dpkg -i "$deb"

home=$(mktemp -d)
trap 'JAVA_TOOL_OPTIONS="-Duser.home=$home" pampa db stop >/dev/null 2>&1 || true; rm -rf "$home"' EXIT
export HOME=$home
# Java takes the home directory from the user database, not $HOME: point it at the empty one too.
export JAVA_TOOL_OPTIONS="-Duser.home=$home"
unset DISPLAY WAYLAND_DISPLAY PAMPA_DB

check() { # check NAME EXPECTED-TEXT COMMAND...
  local name=$1 expected=$2; shift 2
  local out
  if ! out=$("$@" 2>&1); then echo "FAIL $name: '$*' exited non-zero:"; echo "$out"; exit 1; fi
  if ! grep -qF -- "$expected" <<<"$out"; then echo "FAIL $name: '$*' did not print '$expected':"; echo "$out"; exit 1; fi
  echo "ok   $name"
}

[ "$(readlink -f "$(command -v pampa)")" = /opt/pampa/bin/pampa ] || { echo "FAIL: pampa on the PATH is not /opt/pampa/bin/pampa"; exit 1; }
check "version" "pampa " pampa --version
check "runtime jar shipped" "" test -f /opt/pampa/lib/app/pampa-runtime.jar
check "sample jobs shipped" "" test -f /opt/pampa/lib/app/jobs/pampa-jobs-sample.jar
check "class data archive dumped at install" "" test -s /opt/pampa/lib/app/pampa.jsa
# the launcher maps it: our classes come from the archive, not from pampa.jar
check "class data archive used" "dev.pampa.operator.OperatorMain source: shared objects file" \
  env JAVA_TOOL_OPTIONS="-Duser.home=$home -Xlog:class+load=info" pampa --version
if out=$(pampa 2>&1); then echo "FAIL no display: the cockpit claimed to start without a display"; exit 1; fi
grep -qF "no display" <<<"$out" || { echo "FAIL no display: $out"; exit 1; }
echo "ok   no display: says so and exits"
check "embedded database starts" "running: embedded PostgreSQL" pampa db start
check "status on the embedded database" "local.1" pampa status
check "embedded database stops" "stopped the embedded database" pampa db stop
echo "smoke test passed: $deb"
