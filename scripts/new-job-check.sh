#!/usr/bin/env bash
# The job authors' path end to end, as the README's "Writing a processor" tells it: the job API and the test
# kit installed with the documented command, a project written by `pampa new-job`, built and tested by Maven
# (its test applies the job and runs it on an embedded PostgreSQL with the runtime's dispatcher and workers),
# and the job jar checked: its own classes, not the API's. Prints how long each step took; fails if any fails.
#
# The install goes to a temporary local repository that reads through to yours (Maven 3.9's
# maven.repo.local.tail), so that your ~/.m2 is read, never written.
#
# Usage: scripts/new-job-check.sh   (from a build: needs app/target/pampa.jar, or PAMPA_JAR=path/to/pampa.jar)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pampa_jar=${PAMPA_JAR:-$root/app/target/pampa.jar}
[ -f "$pampa_jar" ] || { echo "FAIL: no $pampa_jar — build it first: ./mvnw -B -DskipTests package" >&2; exit 1; }
work=$(mktemp -d /tmp/pampa-new-job.XXXXXX)
trap 'rm -rf "$work"' EXIT
repo=(-Dmaven.repo.local="$work/repository" -Dmaven.repo.local.tail="${MAVEN_REPO_TAIL:-$HOME/.m2/repository}")

step() {
  local label=$1; shift
  local t0=$SECONDS
  "$@" > "$work/step.log" 2>&1 || { echo "FAIL: $label:"; tail -60 "$work/step.log"; exit 1; }
  echo "$label: $((SECONDS - t0)) s"
}

step "install pampa-api and pampa-testkit (./mvnw -B -pl api,testkit -am install -DskipTests)" \
  ./mvnw -B -pl api,testkit -am install -DskipTests "${repo[@]}"
step "pampa new-job word_counts" java -jar "$pampa_jar" new-job word_counts --dir "$work"
project=$work/word_counts
step "mvn -B verify in the new project" ./mvnw -B -f "$project/pom.xml" verify "${repo[@]}"

report=$project/target/surefire-reports/com.example.jobs.WordCountsTest.txt
[ -f "$report" ] || { echo "FAIL: the project's test did not run (no $report)"; exit 1; }
grep -q "Tests run: 2, Failures: 0, Errors: 0, Skipped: 0" "$report" || { echo "FAIL: the project's test:"; cat "$report"; exit 1; }
jar=$project/target/word_counts-0.1.0-SNAPSHOT.jar
classes=$(unzip -Z1 "$jar" | grep '\.class$' | tr '\n' ' ')
[ "$classes" = "com/example/jobs/WordCounts.class " ] || { echo "FAIL: $jar holds $classes, not the processor alone"; exit 1; }
echo "new-job check passed: $(grep -o 'Tests run.*' "$report" | head -1); $jar holds the processor alone"
