#!/usr/bin/env bash
# Builds the packages of the kubectl plugin (kubectl hpcenv), for users' machines and login nodes:
#   dev/package-kubectl-plugin.sh [--out DIR] [--jar-dir DIR]
#     dist/kubectl-hpcenv-VERSION.tar.gz      bin/kubectl-hpcenv, lib/kubectl-hpcenv/, README
#     dist/kubectl-hpcenv_DEBVERSION_all.deb  when dpkg-deb exists: /usr/bin/kubectl-hpcenv,
#                                             /usr/lib/kubectl-hpcenv/, /usr/share/doc/kubectl-hpcenv/
# Pure Java and no native part: one tarball for every machine. --jar-dir: where kubectl-hpcenv.jar is
# (default kubectl-plugin/target, built when missing). Prints the paths of the files it wrote; files
# appear complete or not at all.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
# shellcheck source=packaging/common/package-args.sh
. "$root/packaging/common/package-args.sh"
package_args package-kubectl-plugin "$@"
if [ -z "$jars" ]; then
  jars="$root/kubectl-plugin/target"
  if [ ! -f "$jars/kubectl-hpcenv.jar" ]; then
    (cd "$root" && mvn -q -B -pl kubectl-plugin package -DskipTests) >&2
  elif [ -n "$(find "$root/kubectl-plugin/src/main" -newer "$jars/kubectl-hpcenv.jar" -type f -print -quit 2>/dev/null)" ]; then
    echo "package-kubectl-plugin: warning: $jars/kubectl-hpcenv.jar is older than the sources (hint: mvn -q -B -pl kubectl-plugin package -DskipTests)" >&2
  fi
fi
if [ ! -f "$jars/kubectl-hpcenv.jar" ]; then
  echo "package-kubectl-plugin: $jars/kubectl-hpcenv.jar is missing (hint: mvn -q -B -pl kubectl-plugin package -DskipTests)" >&2
  exit 2
fi
version="$("$root/packaging/common/project-version.sh" "$root")"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"; rm -f "$out"/.kubectl-hpcenv*.tmp' EXIT
umask 022

name="kubectl-hpcenv-$version"
tree="$work/$name"
mkdir -p "$tree/bin" "$tree/lib/kubectl-hpcenv"
install -m 0755 "$root/bin/kubectl-hpcenv" "$tree/bin/kubectl-hpcenv"
install -m 0644 "$jars/kubectl-hpcenv.jar" "$tree/lib/kubectl-hpcenv/kubectl-hpcenv.jar"
printf '%s\n' "$version" > "$tree/lib/kubectl-hpcenv/VERSION"
install -m 0644 "$root/packaging/kubectl-plugin/README" "$tree/README"
tar --sort=name --owner=0 --group=0 --numeric-owner -C "$work" -czf "$out/.$name.tar.gz.tmp" "$name"
mv -f "$out/.$name.tar.gz.tmp" "$out/$name.tar.gz"
echo "$out/$name.tar.gz"

if command -v dpkg-deb >/dev/null; then
  # Debian versions sort '~' before anything: 0.1.0~SNAPSHOT comes before the 0.1.0 release.
  debversion="${version//-/\~}"
  pkg="$work/deb"
  mkdir -p "$pkg/DEBIAN" "$pkg/usr/bin" "$pkg/usr/lib" "$pkg/usr/share/doc/kubectl-hpcenv"
  cp "$tree/bin/kubectl-hpcenv" "$pkg/usr/bin/"
  cp -R "$tree/lib/kubectl-hpcenv" "$pkg/usr/lib/"
  cp "$tree/README" "$pkg/usr/share/doc/kubectl-hpcenv/README"
  size="$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)"
  sed -e "s/@VERSION@/$debversion/" -e "s/@SIZE@/$size/" "$root/packaging/kubectl-plugin/control.in" > "$pkg/DEBIAN/control"
  chmod -R u+rwX,go+rX,go-w "$pkg"
  deb="$out/kubectl-hpcenv_${debversion}_all.deb"
  dpkg-deb --root-owner-group -Zgzip --build "$pkg" "$out/.kubectl-hpcenv.deb.tmp" >/dev/null
  mv -f "$out/.kubectl-hpcenv.deb.tmp" "$deb"
  echo "$deb"
fi
