#!/usr/bin/env bash
# Builds the node packages of hpcenv-shim:
#   dev/package-shim.sh [--out DIR] [--jar-dir DIR]
#     dist/hpcenv-shim-VERSION-ARCH.tar.gz     launcher, jars, site example, install.sh, README
#     dist/hpcenv-shim_DEBVERSION_all.deb      when dpkg-deb exists (packaging/debian/)
# VERSION is the pom's; ARCH is `uname -m` (the tarball is pure Java today, but a node fetches the
# file for its machine, so native helpers can join later without renaming anything).
# --jar-dir: where hpcenv-shim.jar and lib/ are (default node-shim/target, built when missing).
# Prints the paths of the files it wrote. Files appear complete or not at all.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
# shellcheck source=packaging/common/package-args.sh
. "$root/packaging/common/package-args.sh"
package_args package-shim "$@"
if [ -z "$jars" ]; then
  jars="$root/node-shim/target"
  if [ ! -f "$jars/hpcenv-shim.jar" ] || [ ! -d "$jars/lib" ]; then
    (cd "$root" && mvn -q -B -pl node-shim -am package -DskipTests) >&2
  elif [ -n "$(find "$root/node-shim/src/main" "$root/edf-converter/src/main" "$root/env-model/src/main" -newer "$jars/hpcenv-shim.jar" -type f -print -quit 2>/dev/null)" ]; then
    echo "package-shim: warning: $jars/hpcenv-shim.jar is older than the sources (hint: mvn -q -B -pl node-shim -am package -DskipTests)" >&2
  fi
fi
version="$("$root/packaging/common/project-version.sh" "$root")"
arch="$(uname -m)"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"; rm -f "$out"/.hpcenv-shim*.tmp' EXIT

name="hpcenv-shim-$version-$arch"
"$root/packaging/common/stage-tree.sh" "$jars" "$version" "$work/$name"
tarball="$out/$name.tar.gz"
# Owned by root in the archive, whoever builds it: the files land as root's when root unpacks.
tar --sort=name --owner=0 --group=0 --numeric-owner -C "$work" -czf "$out/.$name.tar.gz.tmp" "$name"
mv -f "$out/.$name.tar.gz.tmp" "$tarball"
echo "$tarball"

if command -v dpkg-deb >/dev/null; then
  "$root/packaging/debian/build-deb.sh" "$work/$name" "$version" "$out"
fi
