#!/usr/bin/env bash
# Installs hpcenv-shim from this checkout into a world-readable prefix, as a site would on its
# compute nodes, and trains its AppCDS archive (class-data sharing: the JVM maps pre-parsed
# classes instead of loading them, which is most of a warm start).
#   dev/install-shim.sh [PREFIX]      (default /opt/hpcenv; prints the launcher's path)
# Same layout and steps as the node tarball's install.sh (packaging/common/install-release.sh):
# PREFIX/bin/hpcenv-shim -> current/bin/hpcenv-shim, PREFIX/current -> releases/VERSION.XXXXXX/
# with lib/hpcenv-shim/{hpcenv-shim.jar,lib/,hpcenv-shim.jsa}, switched in one rename. Unlike the
# tarball it leaves /etc/hpcenv alone and runs no selftest (dev/demo.sh and the benchmarks call it).
# Builds the node-shim module first when its jar is missing. Idempotent.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
prefix="${1:-/opt/hpcenv}"
target="$root/node-shim/target"
if [ ! -f "$target/hpcenv-shim.jar" ] || [ ! -d "$target/lib" ]; then
  (cd "$root" && mvn -q -B -pl node-shim -am package -DskipTests) >&2
fi
version="$("$root/packaging/common/project-version.sh" "$root")"
tree="$(mktemp -d)"
trap 'rm -rf "$tree"' EXIT
"$root/packaging/common/stage-tree.sh" "$target" "$version" "$tree"
"$root/packaging/common/install-release.sh" "$tree" "$prefix"
