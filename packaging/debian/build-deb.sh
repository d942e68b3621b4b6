#!/usr/bin/env bash
# Builds the Debian package of hpcenv-shim from a staged tree (packaging/common/stage-tree.sh):
#   build-deb.sh TREE VERSION OUT_DIR      (called by dev/package-shim.sh; prints the .deb's path)
# Layout: /usr/bin/hpcenv-shim, /usr/lib/hpcenv-shim/{hpcenv-shim.jar,lib/,VERSION,setup/},
# /usr/share/hpcenv/site-example/, /usr/libexec/hpcenv/ (the example's hook programs),
# /usr/share/doc/hpcenv-shim/README. The launcher finds the jar
# at ../lib/hpcenv-shim from its own directory, as in a tarball prefix.
# /etc/hpcenv/* are not conffiles: postinst creates them only on a node without a shim.toml, so a
# package install never prompts about, or changes, a configuration the site manages itself.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
if [ $# -ne 3 ]; then
  echo "build-deb: usage: build-deb.sh TREE VERSION OUT_DIR" >&2
  exit 2
fi
tree="$1" version="$2" out="$3"
# Debian versions sort '~' before anything: 0.1.0~SNAPSHOT comes before the 0.1.0 release.
debversion="${version//-/\~}"
pkg="$(mktemp -d)"
trap 'rm -rf "$pkg"; rm -f "$out/.hpcenv-shim.deb.tmp"' EXIT
umask 022
mkdir -p "$pkg/DEBIAN" "$pkg/usr/bin" "$pkg/usr/lib" "$pkg/usr/share/hpcenv" "$pkg/usr/share/doc/hpcenv-shim"
cp "$tree/bin/hpcenv-shim" "$pkg/usr/bin/"
cp -R "$tree/lib/hpcenv-shim" "$pkg/usr/lib/"
cp -R "$tree/share/hpcenv/site-example" "$pkg/usr/share/hpcenv/"
cp "$tree/README" "$pkg/usr/share/doc/hpcenv-shim/README"
# Hook programs are code, not configuration: the package owns and upgrades them.
if [ -d "$tree/share/hpcenv/site-example/libexec" ]; then
  mkdir -p "$pkg/usr/libexec/hpcenv"
  cp -R "$tree/share/hpcenv/site-example/libexec/." "$pkg/usr/libexec/hpcenv/"
fi
rm -f "$pkg/usr/lib/hpcenv-shim/hpcenv-shim.jsa"
size="$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)"
sed -e "s/@VERSION@/$debversion/" -e "s/@SIZE@/$size/" "$here/control.in" > "$pkg/DEBIAN/control"
install -m 0755 "$here/postinst" "$here/prerm" "$pkg/DEBIAN/"
chmod -R u+rwX,go+rX,go-w "$pkg"
deb="$out/hpcenv-shim_${debversion}_all.deb"
dpkg-deb --root-owner-group -Zgzip --build "$pkg" "$out/.hpcenv-shim.deb.tmp" >/dev/null
mv -f "$out/.hpcenv-shim.deb.tmp" "$deb"
echo "$deb"
