#!/usr/bin/env bash
# Trains the AppCDS archive (class-data sharing: the JVM maps pre-parsed classes instead of
# loading them, which is most of a warm start) of an installed hpcenv-shim, on the node itself:
# the archive is only valid for the JVM that wrote it, so it is never shipped in a package.
#   train-cds.sh LAUNCHER        e.g. /usr/bin/hpcenv-shim, PREFIX/releases/ID/bin/hpcenv-shim
# Writes hpcenv-shim.jsa next to the jar the launcher uses (renamed into place when complete).
# Re-run it after a JDK update: the JVM silently ignores an archive written by another JVM.
# A failed training is a warning, not an error: the shim works without the archive, only slower.
set -euo pipefail
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
  echo "train-cds: usage: train-cds.sh LAUNCHER (an executable hpcenv-shim launcher)" >&2
  exit 2
fi
launcher="$(readlink -f "$1")"
# Same resolution as the launcher: the archive records the canonical class path.
top="${launcher%/bin/*}"
dest="$top/lib/hpcenv-shim"
if [ ! -f "$dest/hpcenv-shim.jar" ]; then
  echo "train-cds: $dest/hpcenv-shim.jar is missing (hint: pass the launcher of an installed hpcenv-shim)" >&2
  exit 2
fi
if ! command -v busybox >/dev/null || ! command -v mksquashfs >/dev/null; then
  echo "train-cds: busybox or mksquashfs missing; no CDS archive (hint: apt-get install busybox-static squashfs-tools)" >&2
  exit 0
fi

train="$(mktemp -d)"
registry_pid=""
old=""
cleanup() {
  [ -z "$registry_pid" ] || kill "$registry_pid" 2>/dev/null || true
  # A training that did not produce an archive keeps the previous one.
  if [ -n "$old" ] && [ -f "$old" ] && [ ! -f "$dest/hpcenv-shim.jsa" ]; then mv -f "$old" "$dest/hpcenv-shim.jsa"; fi
  [ -z "$old" ] || rm -f "$old"
  rm -rf "$train" "$dest/.hpcenv-shim.jsa.new"
}
trap cleanup EXIT
# The JVM cannot dump a dynamic archive while it runs from another one; the shim runs without
# one for the few seconds of the training.
if [ -f "$dest/hpcenv-shim.jsa" ]; then
  old="$dest/.hpcenv-shim.jsa.old"
  mv -f "$dest/hpcenv-shim.jsa" "$old"
fi

# One run through the path every task takes (site config, spec, mounts, bundle, runtime, cleanup)
# while the JVM records the classes it loads. With docker-registry, umoci and skopeo at hand (as
# on build machines) the image comes from a throw-away loopback registry, so that the pull path is
# archived too; otherwise (compute nodes) it is a Squashfs file.
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
if HPCENV_SHIM_CONFIG="$train/shim.toml" HPCENV_JAVA_OPTS="-XX:ArchiveClassesAtExit=$train/hpcenv-shim.jsa" \
    "$launcher" run --spec "$train/spec.json" -- /bin/true >"$train/log" 2>&1 && [ -f "$train/hpcenv-shim.jsa" ]; then
  cp "$train/hpcenv-shim.jsa" "$dest/.hpcenv-shim.jsa.new"
  chmod 0644 "$dest/.hpcenv-shim.jsa.new"
  mv -f "$dest/.hpcenv-shim.jsa.new" "$dest/hpcenv-shim.jsa"
else
  echo "train-cds: training run failed; no new CDS archive (last lines of its output follow)" >&2
  tail -n 5 "$train/log" >&2 || true
fi
