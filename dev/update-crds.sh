#!/usr/bin/env bash
# Regenerates the committed CRDs (crds/manifests/, charts/hpcenv/crds/) and docs/crd-reference.md
# from the Java model in crds/, after a change to the model. Commit what it changes.
# The drift tests that normally compare those files rewrite them when hpcenv.updateGenerated is set.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
mvn -q -B -ntp -pl crds -am test -Dhpcenv.updateGenerated=true \
  -Dtest='GeneratedCrdsMatchCommittedTest,CrdReferenceDocMatchesTest' -Dsurefire.failIfNoSpecifiedTests=false
git status --short -- crds/manifests charts/hpcenv/crds docs/crd-reference.md
