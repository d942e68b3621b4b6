#!/usr/bin/env bash
# Start-up time each hook adds: the warm start of /bin/true (median of N runs, image cached) with
# one hook enabled, minus the same run with no hook, printed as a table. A command, not a test.
#   dev/bench-hooks.sh [--runs N]
# Uses the example site (examples/site: shim.toml + hooks.d), the host's Debian libfabric, MPICH,
# dropbear and Slurm client (dev/install-deps.sh) and a small glibc image assembled from host
# binaries. Runs as root (hooks.d must be root's; the shim itself runs as root here). The nvidia
# and cuda_mps hooks need a GPU node and are not measured. Leaves nothing behind.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
runs=20
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "bench-hooks: run as root" >&2; exit 2; }

work=$(mktemp -d /tmp/hpcenv-bench-hooks.XXXXXX)
chmod 755 "$work"
cleanup() {
  set +e
  grep -o " $work[^ ]*" /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "bench-hooks: installing the shim into $work/prefix" >&2
shim=$("$root/dev/install-shim.sh" "$work/prefix")

# A glibc image from the host's own binaries: sh, true, ldconfig, the libraries dropbear needs,
# and a stub libmpich.so.12 (the mpi hook replaces it with the host's).
echo "bench-hooks: assembling the image" >&2
rootfs="$work/rootfs"
mkdir -p "$rootfs"/{usr/bin,usr/sbin,usr/lib/x86_64-linux-gnu,usr/lib64,etc/ld.so.conf.d,proc,sys,dev,tmp,root,opt,run}
for l in bin sbin lib lib64; do ln -s "usr/$l" "$rootfs/$l"; done
cp -L /bin/sh /bin/true "$rootfs/usr/bin/"
cp -L /sbin/ldconfig "$rootfs/usr/sbin/"
cp -L /lib64/ld-linux-x86-64.so.2 "$rootfs/usr/lib64/"
for lib in $(ldd /bin/sh /bin/true /usr/sbin/dropbear | awk '/=> \//{print $3}' | sort -u); do
  cp -L "$lib" "$rootfs/usr/lib/x86_64-linux-gnu/"
done
echo 'int hpcenv_bench_stub;' > "$work/stub.c"
gcc -shared -fPIC -Wl,-soname,libmpich.so.12 -o "$rootfs/usr/lib/x86_64-linux-gnu/libmpich.so.12.0.0" "$work/stub.c"
ln -s libmpich.so.12.0.0 "$rootfs/usr/lib/x86_64-linux-gnu/libmpich.so.12"
echo 'include /etc/ld.so.conf.d/*.conf' > "$rootfs/etc/ld.so.conf"
echo '/usr/lib/x86_64-linux-gnu' > "$rootfs/etc/ld.so.conf.d/x86_64-linux-gnu.conf"
echo 'root:x:0:0:root:/root:/bin/sh' > "$rootfs/etc/passwd"
echo 'root:x:0:' > "$rootfs/etc/group"
touch "$rootfs/etc/hosts" "$rootfs/etc/resolv.conf"
chroot "$rootfs" /sbin/ldconfig
mksquashfs "$rootfs" "$work/image.sqsh" -all-root -noappend -quiet -no-progress -comp zstd >/dev/null

# The example site, pointed at this run's directories; one AWS OFI NCCL "variant" directory.
mkdir -p "$work/site" "$work/rt" "$work/tmp" "$work/store" "$work/aws/cuda12/lib"
cp -r "$root/examples/site/hooks.d" "$work/site/"
chmod -R go-w "$work/site"
{
  printf 'runtime_dir = "%s"\ntemp_dir = "%s"\nimage_store = "%s"\n' "$work/rt" "$work/tmp" "$work/store"
  sed -e "s|dir = \"/etc/hpcenv/hooks.d\"|dir = \"$work/site/hooks.d\"|" \
      -e "s|cuda12 = \"/opt/aws-ofi-nccl/cuda12\"|cuda12 = \"$work/aws/cuda12\"|" \
      -e "s|^cdi_spec_dirs = .*|cdi_spec_dirs = [\"$work/cdi\"]|" "$root/examples/site/shim.toml"
} > "$work/site/shim.toml"
# A CDI specification as a vendor's tool writes one: a device node, a mount and a variable.
mkdir -p "$work/cdi" "$work/cdi-mount"
cat > "$work/cdi/bench.json" <<CDI
{"cdiVersion": "0.6.0", "kind": "hpcenv.bench/dev",
 "devices": [{"name": "zero", "containerEdits": {"deviceNodes": [{"path": "/dev/zero"}]}}],
 "containerEdits": {"env": ["HPCENV_BENCH_CDI=1"],
   "mounts": [{"hostPath": "$work/cdi-mount", "containerPath": "/opt/bench-cdi", "options": ["ro", "bind"]}]}}
CDI
chmod -R go-w "$work/cdi"
export HPCENV_SHIM_CONFIG="$work/site/shim.toml"
ssh-keygen -q -t ed25519 -N "" -f "$work/key"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

spec() { # name, annotations (JSON members)[, devices (JSON array members)]
  printf '{"image":"%s","annotations":{%s},"devices":[%s]}' "$work/image.sqsh" "$2" "${3:-}" > "$work/$1.json"
}
off='"com.hooks.cxi.enabled":"false"'
spec none "$off"
spec cxi ''
spec aws_ofi_nccl '"com.hooks.aws_ofi_nccl.enabled":"true","com.hooks.aws_ofi_nccl.variant":"cuda12","com.hooks.cxi.enabled":"false"'
spec mpi "$off"',"com.hooks.mpi.enabled":"true"'
spec slurm "$off"',"com.hooks.slurm.enabled":"true"'
spec pmix "$off"',"com.hooks.pmix.enabled":"true"'
spec ssh "$off"',"com.hooks.ssh.enabled":"true","com.hooks.ssh.port":"'"$port"'","com.hooks.ssh.authorize_ssh_key":"'"$work/key.pub"'"'
spec devices "$off" '"hpcenv.bench/dev=zero"'

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
hooks=(none cxi aws_ofi_nccl mpi slurm pmix ssh devices)
for h in "${hooks[@]}"; do
  "$shim" run --spec "$work/$h.json" -- /bin/true || { echo "bench-hooks: hook $h does not start" >&2; exit 1; }
done
echo "bench-hooks: $runs warm starts per configuration" >&2
# Interleaved rounds, so that load from other work on the machine spreads over all configurations.
for _ in $(seq "$runs"); do
  for h in "${hooks[@]}"; do
    s=$(now); "$shim" run --spec "$work/$h.json" -- /bin/true >/dev/null; e=$(now)
    echo $(( (e - s) / 1000 )) >> "$work/$h.us"
  done
done
base=$(median < "$work/none.us")
printf '%-14s %12s %12s   %s\n' "hook" "median ms" "added ms" "what it does at start"
declare -A what=(
  [none]="no hook (com.hooks.cxi.enabled=false): the baseline"
  [cxi]="13 library binds, ld.so.conf.d drop-in, writable layer, ldconfig in the container"
  [aws_ofi_nccl]="variant bind, NCCL/FI variables"
  [mpi]="ABI check, libmpich bind over the image's, writable layer, ldconfig"
  [slurm]="Slurm binds, passwd entries, 3 libraries, writable layer, ldconfig"
  [pmix]="PMIx directories and variables"
  [ssh]="host key (dropbearkey), dropbear start and stop"
  [devices]="devices = [CDI name]: spec directory read, device node and its cgroup rule, a bind, a variable"
)
for h in "${hooks[@]}"; do
  m=$(median < "$work/$h.us")
  awk -v h="$h" -v m="$m" -v b="$base" -v w="${what[$h]}" \
    'BEGIN { printf "%-14s %12.1f %12s   %s\n", h, m / 1000, (h == "none" ? "-" : sprintf("%+.1f", (m - b) / 1000)), w }'
done
printf '(root, %s runs each, interleaved; load average %s)\n' "$runs" "$(cut -d' ' -f1-3 /proc/loadavg)"
