#!/usr/bin/env bash
# Installs this hpcenv-shim tarball on a compute node and checks the node:
#   ./install.sh [PREFIX]          (default /opt/hpcenv; run as root for a system-wide install)
# 1. PREFIX/releases/VERSION.XXXXXX gets the launcher and jars, and its class-data (CDS) archive is
#    trained here, with this node's JVM; then PREFIX/current switches to it in one rename
#    (see lib/hpcenv-shim/setup/install-release.sh). Jobs that are running keep their release.
# 2. The example site configuration (share/hpcenv/site-example) becomes /etc/hpcenv/shim.toml,
#    /etc/hpcenv/hooks.d and /usr/libexec/hpcenv/ (hook programs) only when /etc/hpcenv/shim.toml
#    does not exist (HPCENV_ETC_DIR and HPCENV_LIBEXEC_DIR move them, for tests).
# 3. `hpcenv-shim selftest` runs and its table is printed; the exit status is selftest's, so the
#    script doubles as the node's health check after an install.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
prefix="${1:-/opt/hpcenv}"
etc="${HPCENV_ETC_DIR:-/etc/hpcenv}"
libexec="${HPCENV_LIBEXEC_DIR:-/usr/libexec/hpcenv}"
if [ $# -gt 1 ] || [ "${prefix#-}" != "$prefix" ]; then
  echo "install.sh: usage: install.sh [PREFIX]   (default /opt/hpcenv)" >&2
  exit 2
fi
if ! command -v java >/dev/null; then
  echo "install.sh: java not found (hint: install a Java 17+ runtime, e.g. apt-get install default-jre-headless)" >&2
  exit 2
fi

launcher="$("$here/lib/hpcenv-shim/setup/install-release.sh" "$here" "$prefix")"
prefix="${launcher%/bin/hpcenv-shim}"
echo "install.sh: installed $(cat "$here/lib/hpcenv-shim/VERSION") as $launcher -> $(readlink -f "$launcher")"
if [ "$(id -u)" -ne 0 ] && [ -z "${HPCENV_ETC_DIR:-}" ]; then
  echo "install.sh: not root; $etc left as it is (the example is $prefix/current/share/hpcenv/site-example)"
else
  # From the installed release, so that the messages name a path that stays.
  "$here/lib/hpcenv-shim/setup/install-site-config.sh" "$prefix/current/share/hpcenv/site-example" "$etc" "$libexec"
fi

echo "install.sh: hpcenv-shim selftest (as $(id -un)):"
config=()
if [ "$etc" != /etc/hpcenv ] && [ -f "$etc/shim.toml" ]; then
  config=(env "HPCENV_SHIM_CONFIG=$etc/shim.toml")
fi
if "${config[@]}" "$launcher" selftest; then
  echo "install.sh: selftest passed"
else
  status=$?
  echo "install.sh: selftest FAILED (exit $status): fix what it reports above, then run $launcher selftest" >&2
  exit "$status"
fi
