#!/usr/bin/env bash
# Benchmark of hpcenv-shim against its baselines, in one run (a command, not a test):
#   warm start: /bin/true with the image cached, median wall time of 20 runs, for
#               `hpcenv-shim run`, for `runc run` of the same prepared bundle started the way
#               the shim starts it, and natively. With the job's own ids in the container (the
#               default where the test user has subordinate ids) the shim starts runc as root
#               of a user namespace it maps itself (unshare, newuidmap/newgidmap, setpriv; see
#               docs/node-shim.md, Identity): plain `runc run` of that bundle cannot work for
#               the user, so the baseline does the same steps by hand;
#   cold import of a ~200 MB image: `hpcenv-shim pull` with an empty store, against
#               skopeo copy + umoci raw unpack + mksquashfs chained by hand (5 rounds each,
#               alternating, each on a quiet disk; the best and the median are printed).
# Prints the figures and the ratios beside the targets (warm <= runc + 200 ms; cold <= 1.1x).
#   dev/bench-shim.sh [--runs N] [--size-mb M]
# Needs root (it starts a registry and installs the shim into a temporary prefix); the shim and
# runc run as the unprivileged test user, the production path. Leaves nothing behind.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
runs=20
size_mb=200
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --size-mb) size_mb=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--size-mb M]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "bench-shim: run as root (it starts a registry and runs the shim as the test user)" >&2; exit 2; }

user=$("$root/dev/ensure-test-user.sh")
work=$(mktemp -d /tmp/hpcenv-bench.XXXXXX)
chmod 755 "$work"
registry_pid=""
cleanup() {
  set +e
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null
  grep -o " $work[^ ]*" /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "bench-shim: installing the shim (with its CDS archive) into $work/prefix" >&2
shim=$("$root/dev/install-shim.sh" "$work/prefix")

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
registry="127.0.0.1:$port"
mkdir -p "$work/registry"
printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: %s\n' \
  "$work/registry/data" "$registry" > "$work/registry/config.yml"
docker-registry serve "$work/registry/config.yml" >"$work/registry/log" 2>&1 &
registry_pid=$!
for _ in $(seq 100); do curl -fsS "http://$registry/v2/" >/dev/null 2>&1 && break; sleep 0.1; done

# push_image NAME DATA_MB: a busybox-static image, plus DATA_MB of random data in its own layer.
push_image() {
  local name=$1 mb=$2 layout="$work/build/$1"
  mkdir -p "$work/build"
  umoci init --layout "$layout" >/dev/null
  umoci new --image "$layout:img" >/dev/null
  umoci unpack --image "$layout:img" "$layout.bundle" >/dev/null
  mkdir -p "$layout.bundle/rootfs/bin"
  cp /bin/busybox "$layout.bundle/rootfs/bin/busybox"
  for a in sh true sleep; do ln -s busybox "$layout.bundle/rootfs/bin/$a"; done
  umoci repack --image "$layout:img" "$layout.bundle" >/dev/null
  if [ "$mb" -gt 0 ]; then
    umoci unpack --image "$layout:img" "$layout.data" >/dev/null
    mkdir -p "$layout.data/rootfs/data"
    for i in $(seq 1 $(( (mb + 9) / 10 ))); do
      head -c $((10 * 1024 * 1024)) /dev/urandom > "$layout.data/rootfs/data/blob$i"
    done
    umoci repack --image "$layout:img" "$layout.data" >/dev/null
  fi
  umoci config --image "$layout:img" --config.env PATH=/bin >/dev/null
  skopeo copy --quiet --dest-tls-verify=false "oci:$layout:img" "docker://$registry/bench/$name:1"
  rm -rf "$layout" "$layout.bundle" "$layout.data"
}
echo "bench-shim: building and pushing the test images (busybox; busybox + ${size_mb} MB)" >&2
push_image small 0
push_image big "$size_mb"

site="$work/site"
mkdir -p "$site"/{store,rt,tmp,cold,hand}
cat > "$site/shim.toml" <<TOML
image_store = "$site/store"
insecure_registries = ["$registry"]
runtime_dir = "$site/rt"
temp_dir = "$site/tmp"
TOML
printf '{"image":"%s/bench/small:1","imageRef":{"registry":"%s","repository":"bench/small","tag":"1"},"writable":true}' \
  "$registry" "$registry" > "$site/spec.json"
chown -R "$user:" "$site"

# Everything timed runs in one script as the test user, so that no runuser start is measured.
cat > "$work/measure.sh" <<'MEASURE'
set -euo pipefail
shim=$1 site=$2 runs=$3 registry=$4
export HPCENV_SHIM_CONFIG=$site/shim.toml
now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
time_runs() { # label, command...
  local label=$1; shift
  for _ in $(seq "$runs"); do s=$(now); "$@" >/dev/null; e=$(now); echo $(( (e - s) / 1000 )); done | median > "$site/$label.us"
}
"$shim" pull "$registry/bench/small:1" >/dev/null 2>&1
"$shim" run --spec "$site/spec.json" -- /bin/true   # warms the page cache and the site-config cache
time_runs shim "$shim" run --spec "$site/spec.json" -- /bin/true

# The same bundle for runc: taken from a running shim (same rootfs, mounts, env), args -> /bin/true.
"$shim" run --spec "$site/spec.json" -- /bin/sh -c 'sleep 300' & holder=$!
for _ in $(seq 200); do
  cfg=$(ls "$site"/rt/hpcenv-shim-*/tasks/*/bundle/config.json 2>/dev/null | head -1 || true)
  [ -n "$cfg" ] && break; sleep 0.05
done
mkdir -p "$site/bundle" "$site/runc"
python3 - "$cfg" "$site/bundle/config.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); c["process"]["args"] = ["/bin/true"]
json.dump(c, open(sys.argv[2], "w"))
PY
i=0
if grep -q '"type": *"user"' "$site/bundle/config.json"; then
  baseline="runc run (same prepared bundle)"
  runc_once() { i=$((i + 1)); runc --root "$site/runc" --log "$site/runc.log" run --bundle "$site/bundle" "bench-$$-$RANDOM-$i"; }
else
  baseline="runc run, same bundle and namespace start"
  # The mapping the shim plans: own id -> itself, below and above it -> the subordinate range.
  name=$(id -un); uid=$(id -u); gid=$(id -g)
  map_args() { # FILE OWN-ID
    local s c below
    read -r s c < <(awk -F: -v n="$name" -v u="$uid" '($1 == n || $1 == u) { print $2, $3; exit }' "$1")
    below=$(( $2 < c ? $2 : c ))
    [ "$below" -gt 0 ] && printf '0 %s %s ' "$s" "$below"
    printf '%s %s 1' "$2" "$2"
    [ $((c - below)) -gt 0 ] && printf ' %s %s %s' $(($2 + 1)) $((s + below)) $((c - below))
    echo
  }
  uidmap=$(map_args /etc/subuid "$uid"); gidmap=$(map_args /etc/subgid "$gid")
  runc_once() {
    i=$((i + 1))
    local gate="$site/gate.$i" ready="$site/ready.$i" pid _
    mkfifo -m 600 "$ready" "$gate"
    exec 8<>"$gate" 9<>"$ready"
    # The shim's handshake (runtime/UserNamespaceLauncher): map only once the child says ready.
    unshare --user --mount --keep-caps -- /bin/sh -c 'echo ready > "$1" && read -r _ < "$2" || exit 125; shift 2; exec "$@"' \
      sh "$ready" "$gate" setpriv --reuid=0 --regid=0 --keep-groups -- \
      runc --rootless true --root "$site/runc" --log "$site/runc.log" run --bundle "$site/bundle" "bench-$$-$RANDOM-$i" &
    pid=$!
    read -r _ <&9
    echo deny > /proc/$pid/setgroups
    # shellcheck disable=SC2086
    newuidmap "$pid" $uidmap && newgidmap "$pid" $gidmap
    echo go >&8
    wait "$pid"
    exec 8>&- 9>&-
    rm -f "$gate" "$ready"
  }
fi
echo "$baseline" > "$site/baseline.txt"
time_runs runc runc_once
kill -TERM "$holder"; wait "$holder" || true
time_runs native /bin/true

# Cold import, five rounds each, alternating: the shim into an empty store, then the hand chain.
# The site configuration stays the same between pulls, as on a node: it is written and parsed (and
# so cached) once, outside the timing; each round starts from an empty store.
# Every round starts on a quiet disk. Each side's output is deleted right after its own round, and
# the next round waits until the device has no writes in flight and its discard counter has stopped
# moving: with the `discard` mount option, freeing ~600 MB queues seconds of asynchronous discards,
# which would otherwise land in whichever side runs next (measured: +200..500 ms of mksquashfs).
dev_stat=""
src=$(df --output=source "$site" | tail -1)
[ -r "/sys/class/block/${src##*/}/stat" ] && dev_stat="/sys/class/block/${src##*/}/stat"
quiet_disk() { # waits (at most 30 s) until writes, in-flight requests and discards stop changing
  sync
  [ -n "$dev_stat" ] || return 0
  local last="" same=0 cur
  for _ in $(seq 300); do
    cur=$(awk '{print $7, $9, $14}' "$dev_stat")
    if [ "$cur" = "$last" ] && [ "$(echo "$cur" | cut -d' ' -f2)" = 0 ]; then
      same=$((same + 1)); [ $same -ge 3 ] && return 0
    else
      same=0
    fi
    last=$cur; sleep 0.1
  done
}
printf 'image_store = "%s"\ninsecure_registries = ["%s"]\nruntime_dir = "%s"\ntemp_dir = "%s"\n' \
  "$site/cold/store" "$registry" "$site/rt" "$site/tmp" > "$site/cold.toml"
HPCENV_SHIM_CONFIG=$site/cold.toml "$shim" images list >/dev/null 2>&1 || true
: > "$site/cold_shim.all"; : > "$site/cold_hand.all"
for round in 1 2 3 4 5; do
  quiet_disk
  s=$(now); HPCENV_SHIM_CONFIG=$site/cold.toml "$shim" pull "$registry/bench/big:1" >/dev/null 2>&1; e=$(now)
  echo $(( (e - s) / 1000 )) >> "$site/cold_shim.all"
  du -sm "$site/cold/store" | cut -f1 > "$site/cold_size.mb"
  rm -rf "$site/cold"/*
  quiet_disk
  s=$(now)
  skopeo copy --quiet --src-tls-verify=false "docker://$registry/bench/big:1" "oci:$site/hand/oci:img"
  umoci raw unpack --rootless --image "$site/hand/oci:img" "$site/hand/rootfs" >/dev/null 2>&1
  mksquashfs "$site/hand/rootfs" "$site/hand/img.sqsh" -noappend -comp zstd -Xcompression-level 1 -all-root \
    -no-xattrs -no-progress -quiet >/dev/null
  e=$(now)
  echo $(( (e - s) / 1000 )) >> "$site/cold_hand.all"
  chmod -R u+w "$site/hand" 2>/dev/null || true
  rm -rf "$site/hand"/*
done
for side in shim hand; do
  sort -n "$site/cold_$side.all" | head -1 > "$site/cold_$side.us"
  median < "$site/cold_$side.all" > "$site/cold_$side.median.us"
done
MEASURE
echo "bench-shim: measuring (warm: $runs runs each; cold: best of 3)" >&2
runuser -u "$user" -- bash "$work/measure.sh" "$shim" "$site" "$runs" "$registry"

ms() { awk '{printf "%.1f", $1 / 1000}' "$site/$1.us"; }
shim_ms=$(ms shim); runc_ms=$(ms runc); native_ms=$(ms native)
sec() { awk '{printf "%.2f", $1 / 1e6}' "$site/$1.us"; }
cold_shim=$(sec cold_shim); cold_hand=$(sec cold_hand)
median_shim=$(sec cold_shim.median); median_hand=$(sec cold_hand.median)
echo
echo "hpcenv-shim benchmark ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), as $user, runtime $(runc --version | head -1))"
printf '%-44s %10s\n' "warm start of /bin/true (median of $runs)" "ms"
printf '  %-42s %10s\n' "hpcenv-shim run (image cached)" "$shim_ms" "$(cat "$site/baseline.txt")" "$runc_ms" \
  "/bin/true natively" "$native_ms"
awk -v s="$shim_ms" -v r="$runc_ms" -v n="$native_ms" 'BEGIN {
  printf "  shim - runc = %.1f ms (target <= 200 ms: %s); shim/runc = %.2fx; shim/native = %.1fx\n",
         s - r, (s - r <= 200 ? "met" : "NOT met"), s / r, s / n }'
echo
printf '%-44s %10s %10s\n' "cold import of a $(cat "$site/cold_size.mb") MB image (5 rounds)" "best s" "median s"
printf '  %-42s %10s %10s\n' "hpcenv-shim pull (empty store)" "$cold_shim" "$median_shim" \
  "skopeo + umoci + mksquashfs by hand" "$cold_hand" "$median_hand"
awk -v s="$cold_shim" -v h="$cold_hand" -v ms="$median_shim" -v mh="$median_hand" 'BEGIN {
  printf "  shim/hand = %.2fx best, %.2fx median (target <= 1.10x: %s)\n", s / h, ms / mh, (s / h <= 1.10 ? "met" : "NOT met") }'
