#!/usr/bin/env bash
# All tests: installs what the integration tests need from Debian, then runs `mvn verify`: the unit
# tests (*Test, surefire) and the integration tests (*IT, failsafe). Works on a fresh Debian 12
# machine as root with java, mvn and apt.
#
# The two local Slurm instances the integration tests use (the default one-node instance and the
# 3-node instance in namespaces, dev/slurm-nodes.sh) are started once here; an instance this run
# started is stopped when it ends (its namespaces, links, mounts and daemons go), one that was
# already running is left running. HPCENV_TEST_KEEP_SLURM=1 keeps them all.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
dev/install-deps.sh

started=()
stop_started() {
  [ "${HPCENV_TEST_KEEP_SLURM:-0}" = 1 ] && return 0
  local s
  for s in "${started[@]}"; do "$s" stop >/dev/null 2>&1 || echo "test.sh: $s stop failed" >&2; done
}
trap stop_started EXIT
for s in dev/slurm-local.sh dev/slurm-nodes.sh; do
  if ! "$s" status >/dev/null 2>&1; then
    started+=("$s")
  fi
  "$s" start
done
mvn -B -ntp --fail-at-end verify "$@"
