#!/usr/bin/env bash
# Lays out an hpcenv-shim tree from a checkout: what the tarball holds, what dev/install-shim.sh
# installs and what the Debian package puts under /usr.
#   stage-tree.sh JAR_DIR VERSION OUT_DIR
#     JAR_DIR: hpcenv-shim.jar and lib/ (node-shim/target after `mvn package`)
# OUT_DIR/ bin/hpcenv-shim
#          lib/hpcenv-shim/{hpcenv-shim.jar, lib/*.jar, VERSION, setup/*.sh}
#          share/hpcenv/site-example/{shim.toml, hooks.d/}   (examples/site/ of the checkout)
#          install.sh  README
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "stage-tree: usage: stage-tree.sh JAR_DIR VERSION OUT_DIR" >&2
  exit 2
fi
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
jars="$1" version="$2" out="$3"
if [ ! -f "$jars/hpcenv-shim.jar" ] || [ ! -d "$jars/lib" ]; then
  echo "stage-tree: $jars has no hpcenv-shim.jar and lib/ (hint: mvn -q -B -pl node-shim -am package -DskipTests)" >&2
  exit 2
fi
umask 022
mkdir -p "$out/bin" "$out/lib/hpcenv-shim/lib" "$out/lib/hpcenv-shim/setup" "$out/share/hpcenv/site-example"
install -m 0755 "$root/bin/hpcenv-shim" "$out/bin/hpcenv-shim"
install -m 0644 "$jars/hpcenv-shim.jar" "$out/lib/hpcenv-shim/"
# Exactly the jars the shim's manifest names (Class-Path: lib/a.jar lib/b.jar ...): a lib/ left over
# from an earlier build may hold jars the shim no longer uses, and those must not reach the nodes.
classpath="$(unzip -p "$jars/hpcenv-shim.jar" META-INF/MANIFEST.MF | tr -d '\r' \
  | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n //g' | sed -n 's/^Class-Path: //p')"
if [ -z "$classpath" ]; then
  echo "stage-tree: $jars/hpcenv-shim.jar has no Class-Path in its manifest (rebuild node-shim)" >&2
  exit 2
fi
for entry in $classpath; do
  if [ ! -f "$jars/$entry" ]; then
    echo "stage-tree: $jars/$entry, named in the shim's Class-Path, is missing (rebuild node-shim)" >&2
    exit 2
  fi
  install -m 0644 "$jars/$entry" "$out/lib/hpcenv-shim/lib/"
done
printf '%s\n' "$version" > "$out/lib/hpcenv-shim/VERSION"
install -m 0755 "$root"/packaging/common/{train-cds.sh,install-release.sh,install-site-config.sh} \
  "$out/lib/hpcenv-shim/setup/"
install -m 0755 "$root/packaging/tarball/install.sh" "$out/install.sh"
install -m 0644 "$root/packaging/tarball/README" "$out/README"

site="$root/examples/site"
if [ -f "$site/shim.toml" ]; then
  cp -R "$site/." "$out/share/hpcenv/site-example/"
else
  # Only until the hooks work lands examples/site/: a valid configuration that sets nothing.
  echo "stage-tree: warning: $site/shim.toml missing; the site example is an empty shim.toml" >&2
  printf '# hpcenv-shim site configuration: every key is optional; see docs/node-shim.md#site-configuration\n' \
    > "$out/share/hpcenv/site-example/shim.toml"
fi
chmod -R u+rwX,go+rX,go-w "$out"
