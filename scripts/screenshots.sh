#!/usr/bin/env bash
# Renders the cockpit's screens into docs/images (the README's pictures), each in the light theme
# (NAME.png) and the dark one (NAME-dark.png), from the tests that drive the real scene; an ordinary test
# run writes them under app/target/screenshots instead.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B verify -Dpampa.screenshots=docs -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest='CockpitFirstRunTest,NodesAndOnboardingTest,JobsScreenTest*,JobEditor*'
ls -la docs/images
