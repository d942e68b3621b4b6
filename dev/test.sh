#!/usr/bin/env bash
# All tests: installs what the integration tests need from Debian, then runs `mvn verify`: the unit
# tests (*Test, surefire) and the integration tests (*IT, failsafe). Works on a fresh Debian 12
# machine as root with java, mvn and apt.
#
# The two local Slurm instances the integration tests use (the default one-node instance and the
# 3-node instance in namespaces, dev/slurm-nodes.sh) are started once here; an instance this run
# started is stopped when it ends (its namespaces, links, mounts and daemons go), one that was
# already running is left running. HPCENV_TEST_KEEP_SLURM=1 keeps them all.
#
# The real Kubernetes control plane (dev/kube-local.sh: etcd and kube-apiserver built from their Go
# modules, cached under /var/cache/hpcenv/kube) is built when missing and started the same way, and
# stopped at the end when this run started it. Without a Go new enough to build it, the tests that
# need it are skipped, each with one loud line; the embedded-API tests still run.
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
if dev/kube-local.sh check; then
  if ! dev/kube-local.sh status >/dev/null 2>&1; then
    started+=(dev/kube-local.sh)
  fi
  t0=$SECONDS
  dev/kube-local.sh start
  echo "test.sh: real control plane ready after $((SECONDS - t0)) s (dev/kube-local.sh; includes building it when not cached)"
else
  echo "*** test.sh: no real kube-apiserver here; its tests will be skipped (see the line above) ***" >&2
fi
mvn -B -ntp --fail-at-end verify "$@"
