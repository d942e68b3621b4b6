#!/usr/bin/env bash
# All tests: installs what the integration tests need from Debian, then runs the Maven build with
# every test. Works on a fresh Debian 12 machine as root with java, mvn and apt.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
dev/install-deps.sh
dev/slurm-local.sh start
mvn -B -ntp verify "$@"
