#!/usr/bin/env bash
# Installs hpcenv-shim into a world-readable prefix, as a site would on its compute nodes, and
# trains its AppCDS archive (class-data sharing: the JVM maps pre-parsed classes instead of
# loading them, which is most of a warm start).
#   dev/install-shim.sh [PREFIX]      (default /opt/hpcenv; prints the launcher's path)
# Layout: PREFIX/bin/hpcenv-shim, PREFIX/lib/hpcenv-shim/{hpcenv-shim.jar,lib/,hpcenv-shim.jsa}.
# Builds the node-shim module first when its jar is missing. Idempotent.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
prefix="${1:-/opt/hpcenv}"
mkdir -p "$prefix"
prefix="$(cd "$prefix" && pwd)"
target="$root/node-shim/target"
if [ ! -f "$target/hpcenv-shim.jar" ] || [ ! -d "$target/lib" ]; then
  (cd "$root" && mvn -q -B -pl node-shim package -DskipTests)
fi

dest="$prefix/lib/hpcenv-shim"
staging="$(mktemp -d "$prefix.install.XXXXXX" 2>/dev/null || { mkdir -p "$(dirname "$prefix")"; mktemp -d "$prefix.install.XXXXXX"; })"
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging/lib/hpcenv-shim/lib" "$staging/bin"
cp "$target/hpcenv-shim.jar" "$staging/lib/hpcenv-shim/"
cp "$target"/lib/*.jar "$staging/lib/hpcenv-shim/lib/"
cp "$root/bin/hpcenv-shim" "$staging/bin/hpcenv-shim"
chmod -R a+rX "$staging"
chmod 0755 "$staging/bin/hpcenv-shim"

# Replace the previous installation in one step per directory.
mkdir -p "$prefix/bin" "$prefix/lib"
rm -rf "$dest.old"
[ -d "$dest" ] && mv "$dest" "$dest.old"
mv "$staging/lib/hpcenv-shim" "$dest"
mv -f "$staging/bin/hpcenv-shim" "$prefix/bin/hpcenv-shim"
rm -rf "$dest.old"
chmod a+rx "$prefix" "$prefix/bin" "$prefix/lib"
# Training run, after installing (the archive records the class path): one run through the path
# every task takes (site config, spec, mounts, bundle, runtime, cleanup) while the JVM records the
# classes it loads. With docker-registry, umoci and skopeo at hand (as on the build machines) the
# image comes from a throw-away loopback registry, so that the pull path is archived too; otherwise
# it is a Squashfs file.
train="$(mktemp -d)"
registry_pid=""
trap 'rm -rf "$staging" "$train"; [ -z "$registry_pid" ] || kill "$registry_pid" 2>/dev/null || true' EXIT
if command -v busybox >/dev/null && command -v mksquashfs >/dev/null; then
  mkdir -p "$train/rootfs/bin" "$train/rt" "$train/tmp"
  cp "$(command -v busybox)" "$train/rootfs/bin/busybox"
  ln -s busybox "$train/rootfs/bin/true"
  spec="{\"image\":\"$train/image.sqsh\",\"writable\":true,\"env\":{\"A\":\"b\"}}"
  insecure=""
  if command -v docker-registry >/dev/null && command -v umoci >/dev/null && command -v skopeo >/dev/null \
      && command -v python3 >/dev/null && command -v curl >/dev/null; then
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
      "$train/registry" "$port" > "$train/registry.yml"
    docker-registry serve "$train/registry.yml" >"$train/registry.log" 2>&1 &
    registry_pid=$!
    for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break; sleep 0.1; done
    if umoci init --layout "$train/oci" >/dev/null 2>&1 && umoci new --image "$train/oci:img" >/dev/null 2>&1 \
        && umoci insert --image "$train/oci:img" "$train/rootfs/bin" /bin >/dev/null 2>&1 \
        && skopeo copy --quiet --dest-tls-verify=false "oci:$train/oci:img" "docker://127.0.0.1:$port/train/busybox:1" \
          >/dev/null 2>&1; then
      spec="{\"image\":\"127.0.0.1:$port/train/busybox:1\",\"writable\":true,\"env\":{\"A\":\"b\"}}"
      insecure="insecure_registries = [\"127.0.0.1:$port\"]"
    fi
  fi
  mksquashfs "$train/rootfs" "$train/image.sqsh" -noappend -comp zstd -Xcompression-level 1 -quiet -no-progress >/dev/null
  printf 'runtime_dir = "%s"\ntemp_dir = "%s"\nimage_store = "%s"\n%s\n' "$train/rt" "$train/tmp" "$train/store" \
    "$insecure" > "$train/shim.toml"
  printf '%s' "$spec" > "$train/spec.json"
  HPCENV_SHIM_CONFIG="$train/shim.toml" HPCENV_JAVA_OPTS="-XX:ArchiveClassesAtExit=$train/hpcenv-shim.jsa" \
    "$prefix/bin/hpcenv-shim" run --spec "$train/spec.json" -- /bin/true >"$train/log" 2>&1 \
    || echo "install-shim: training run failed; installing without a CDS archive" >&2
  if [ -f "$train/hpcenv-shim.jsa" ]; then
    chmod a+r "$train/hpcenv-shim.jsa"
    mv -f "$train/hpcenv-shim.jsa" "$dest/hpcenv-shim.jsa"
  fi
else
  echo "install-shim: busybox or mksquashfs missing; installing without a CDS archive" >&2
fi

echo "$prefix/bin/hpcenv-shim"
