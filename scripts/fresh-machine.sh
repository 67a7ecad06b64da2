#!/usr/bin/env bash
# A newcomer's first minutes, replayed: clone the repository into an empty directory, with an empty Maven
# repository and an empty ~/.pampa, and run the README's two commands exactly as written there. The
# cockpit one runs under xvfb-run with a time limit and leaves a screenshot; it passes when the cockpit
# reports it is ready on the embedded database. Fails if either command does not work.
#
# Usage: scripts/fresh-machine.sh [REPO]   (REPO defaults to this checkout; needs xvfb-run and import,
#        from the Debian packages xvfb and imagemagick, plus libgtk-3-0 libgl1 libxxf86vm1)
set -euo pipefail
repo=${1:-$(cd "$(dirname "$0")/.." && pwd)}
work=$(mktemp -d /tmp/pampa-fresh.XXXXXX)
echo "fresh machine in $work"
export HOME=$work/home
mkdir -p "$HOME/.m2"
# An empty local repository: everything comes from Maven Central, as on a machine that never built Pampa.
# (Java takes user.home from the user database, not $HOME: the cockpit is pointed at the empty home below.)
printf '<settings><localRepository>%s</localRepository></settings>\n' "$work/m2" > "$HOME/.m2/settings.xml"
unset PAMPA_DB DISPLAY

git clone -q "$repo" "$work/pampa"
cd "$work/pampa"
# The two commands are the README's first two sh commands, taken from it rather than copied here.
mapfile -t commands < <(awk '/^```sh$/{f=1;next} /^```$/{f=0} f && !/^#/ && NF' README.md | head -2)
[ ${#commands[@]} -eq 2 ] || { echo "FAIL: README.md does not start with two commands" >&2; exit 1; }
echo "run command:  ${commands[0]}"
echo "test command: ${commands[1]}"

cockpit_log=$work/cockpit.log
shot=$work/cockpit.png
( timeout 1800 xvfb-run -a -s "-screen 0 1280x860x24" bash -c "
    ( export JAVA_TOOL_OPTIONS=-Duser.home=\$HOME; ${commands[0]} ) > '$cockpit_log' 2>&1 &
    app=\$!
    for i in \$(seq 1 1700); do
      grep -q 'cockpit ready' '$cockpit_log' 2>/dev/null && break
      kill -0 \$app 2>/dev/null || break
      sleep 1
    done
    sleep 3; import -window root '$shot'
    pkill -TERM -f '^java .*app/target/pampa.jar' || true; wait \$app || true" ) || true
# whatever happened to the cockpit, its embedded database must not outlive this script (nor hold port 5499)
if [ -f "$HOME/.pampa/demo-db/postmaster.pid" ]; then kill -INT "$(head -1 "$HOME/.pampa/demo-db/postmaster.pid")" 2>/dev/null || true; sleep 2; fi
if ! grep -q 'cockpit ready' "$cockpit_log"; then
  echo "FAIL: the run command did not bring the cockpit up; its output:" >&2
  tail -40 "$cockpit_log" >&2
  exit 1
fi
echo "ok   run command: $(grep -m1 'cockpit ready' "$cockpit_log" | sed 's/.*cockpit ready/cockpit ready/'), screenshot $shot"

if ! bash -c "${commands[1]}" > "$work/tests.log" 2>&1; then
  echo "FAIL: the test command failed; its end:" >&2
  tail -60 "$work/tests.log" >&2
  exit 1
fi
echo "ok   test command: $(grep -E 'Tests run:.*Fail' "$work/tests.log" | tail -1)"
echo "fresh machine passed; logs and screenshot in $work"
