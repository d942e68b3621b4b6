#!/usr/bin/env bash
# A local OCI registry for the demo and end-to-end tests: Debian's docker-registry on loopback,
# holding a small demo image built here with umoci from busybox-static (nothing is downloaded).
#   dev/registry-local.sh start        start it (idempotent) and push the demo image if missing
#   dev/registry-local.sh stop         stop it
#   dev/registry-local.sh status       exit 0 when it answers
#   dev/registry-local.sh env          HPCENV_REGISTRY=127.0.0.1:PORT and HPCENV_DEMO_IMAGE=...
# Settings: HPCENV_REGISTRY_PORT (default 5000), HPCENV_REGISTRY_STATE (default /var/tmp/hpcenv-registry),
# HPCENV_REGISTRY_ADDR (default 127.0.0.1, the address it listens on; for the nodes of a multi-node
# local Slurm use its HPCENV_SLURM_HOST_ADDR, which the host and every node reach, with a state and
# port of its own; that address exists only while that cluster runs).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
port=${HPCENV_REGISTRY_PORT:-5000}
state=$(realpath -m "${HPCENV_REGISTRY_STATE:-/var/tmp/hpcenv-registry}")
addr=${HPCENV_REGISTRY_ADDR:-127.0.0.1}
registry="$addr:$port"
image="$registry/hpcenv/demo:latest"

answers() { curl -fsS --max-time 2 "http://$registry/v2/" >/dev/null 2>&1; }

start() {
  "$root/dev/install-deps.sh"
  cd /   # the registry outlives this script; not in a directory that may be deleted
  mkdir -p "$state/data"
  if ! answers; then
    printf 'version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: %s\n  delete:\n    enabled: true\nhttp:\n  addr: %s\n' \
      "$state/data" "$registry" > "$state/config.yml"
    setsid docker-registry serve "$state/config.yml" >"$state/registry.log" 2>&1 < /dev/null &
    echo $! > "$state/pid"
    for _ in $(seq 150); do answers && break; sleep 0.1; done
    answers || { echo "registry-local: docker-registry did not answer on $registry; its log:" >&2; cat "$state/registry.log" >&2; exit 1; }
  fi
  if ! skopeo inspect --tls-verify=false "docker://$image" >/dev/null 2>&1; then
    push_demo_image
  fi
}

# The demo image: busybox-static with its applets, a passwd entry for nobody, a default command.
push_demo_image() {
  local work
  work=$(mktemp -d)
  mkdir -p "$work/rootfs/bin" "$work/rootfs/etc" "$work/rootfs/tmp"
  cp "$(command -v busybox)" "$work/rootfs/bin/busybox"
  local applet
  for applet in $("$work/rootfs/bin/busybox" --list); do
    [ -e "$work/rootfs/bin/$applet" ] || ln -s busybox "$work/rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' > "$work/rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$work/rootfs/etc/group"
  echo "hpcenv demo image (busybox)" > "$work/rootfs/etc/hpcenv-demo-release"
  umoci init --layout "$work/oci" >/dev/null
  umoci new --image "$work/oci:demo" >/dev/null
  umoci insert --image "$work/oci:demo" "$work/rootfs" / >/dev/null
  umoci config --image "$work/oci:demo" --config.cmd /bin/sh --config.env PATH=/bin >/dev/null
  skopeo copy --quiet --dest-tls-verify=false "oci:$work/oci:demo" "docker://$image" || { rm -rf "$work"; return 1; }
  rm -rf "$work"
}

stop() {
  if [ -f "$state/pid" ]; then
    kill "$(cat "$state/pid")" 2>/dev/null || true
    rm -f "$state/pid"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) answers ;;
  env) printf 'HPCENV_REGISTRY=%s\nHPCENV_DEMO_IMAGE=%s\n' "$registry" "$image" ;;
  *) echo "usage: dev/registry-local.sh start|stop|status|env" >&2; exit 2 ;;
esac
