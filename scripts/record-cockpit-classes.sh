#!/usr/bin/env bash
# Adds to the operator's class list (app/src/cds/operator-classes.txt) the classes the cockpit loads
# from its start to its first screen, so the class data archive the build and the installer make
# serves the window too. Needs a display (DISPLAY, e.g. Xvfb with a window manager) and a built
# app/target/pampa.jar; runs the cockpit on a throw-away home and embedded database.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${DISPLAY:-}" ] || { echo "needs a display: set DISPLAY (e.g. Xvfb :98 & openbox & export DISPLAY=:98)" >&2; exit 2; }
jar=app/target/pampa.jar
[ -f "$jar" ] || { echo "no $jar: build it with ./mvnw -q -DskipTests package" >&2; exit 2; }
home=$(mktemp -d)
list=$(mktemp)
trap 'PAMPA_HOME=$home/.pampa java -Duser.home=$home -jar $jar db stop >/dev/null 2>&1 || true; rm -rf "$home" "$list"' EXIT
PAMPA_HOME=$home/.pampa java -Duser.home="$home" -XX:DumpLoadedClassList="$list" -jar "$jar" >"$home/cockpit.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do grep -q "cockpit ready" "$home/cockpit.log" && break; sleep 0.1; done
grep -q "cockpit ready" "$home/cockpit.log" || { echo "the cockpit did not open its database; see its log:" >&2; tail -20 "$home/cockpit.log" >&2; kill $pid; exit 1; }
sleep 5  # the first screen's reading and charts
kill $pid; wait $pid 2>/dev/null || true
to=app/src/cds/operator-classes.txt
note="# and the classes of the cockpit's start and first screen, by scripts/record-cockpit-classes.sh."
before=$(grep -vc '^#' "$to")
{
  grep '^#' "$to" | grep -vF "$note"
  echo "$note"
  grep -v '^#' "$to"
  grep -v '^#' "$list" | grep -v '^$' | awk 'NR==FNR { seen[$0]; next } !($0 in seen) && !(($0) in added) { added[$0]; print }' <(grep -v '^#' "$to") -
} > "$to.new"
mv "$to.new" "$to"
echo "$(( $(grep -vc '^#' "$to") - before )) classes added to $to"
