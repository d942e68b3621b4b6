#!/usr/bin/env bash
# All tests: installs what the integration tests need from Debian, then runs `mvn verify`: the unit
# tests (*Test, surefire) and the integration tests (*IT, failsafe). Works on a fresh Debian 12
# machine as root with java, mvn and apt.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
dev/install-deps.sh
dev/slurm-local.sh start
# The multi-node tests' cluster (3 nodes in namespaces, its own state and ports), started once here.
dev/slurm-nodes.sh start
mvn -B -ntp --fail-at-end verify "$@"
