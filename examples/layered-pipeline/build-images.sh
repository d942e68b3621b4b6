#!/usr/bin/env bash
# Builds the pipeline's container images as the paper builds its stack: each layer one image built
# on the one before, here one OCI layer each, assembled offline from this machine's Debian packages
# (umoci; no Dockerfile, no network):
#   pipeline-base      base OS: glibc and busybox's shell tools
#   pipeline-mpi       + communication layer: Open MPI 4.1 with its PMIx client (srun --mpi=pmix)
#   pipeline-monitor   + monitoring layer: the sampler and the aggregator services (the LDMS role)
#   pipeline-bsp       + application layer: the BSP simulator and the setup stage
#   pipeline-plot      base OS + plotting layer: gnuplot and the validate stage
#
#   build-images.sh OUTDIR [--push REGISTRY] [--squashfs]
# OUTDIR/oci is the OCI layout (tags pipeline-NAME); --push copies each image to
# REGISTRY/hpcenv/pipeline-NAME:1 (plain HTTP, as the demo's 172.29.201.1:5057); --squashfs writes
# OUTDIR/pipeline-bsp.sqsh and OUTDIR/pipeline-plot.sqsh, the images as hpcenv-shim mounts them.
# Needs root (the file owners in the images) and mpicc.openmpi, gcc, gnuplot-nox, busybox-static,
# umoci, skopeo, squashfs-tools (dev/install-deps.sh).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
usage() { echo "usage: $0 OUTDIR [--push REGISTRY] [--squashfs]" >&2; exit 2; }
[ $# -ge 1 ] || usage
out=$1; shift
registry="" squashfs=0
while [ $# -gt 0 ]; do
  case $1 in
    --push) [ $# -ge 2 ] || usage; registry=$2; shift 2 ;;
    --squashfs) squashfs=1; shift ;;
    *) usage ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "build-images: run it as root (the images' files belong to root)" >&2; exit 1; }
for tool in mpicc.openmpi gcc gnuplot-nox busybox umoci skopeo mksquashfs; do
  command -v "$tool" >/dev/null || { echo "build-images: $tool is missing (hint: dev/install-deps.sh)" >&2; exit 1; }
done
libdir=/usr/lib/x86_64-linux-gnu
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# layer NAME LOWER...: an empty layer directory; put() below skips what a lower layer already has.
declare -A lowers
layer() { mkdir -p "$work/$1"; lowers[$1]="${*:2}"; }
has() {
  local l
  for l in ${lowers[$1]}; do [ -e "$work/$l/$2" ] || [ -L "$work/$l/$2" ] && return 0; done
  return 1
}
# put LAYER SOURCE DEST: copies SOURCE (links followed) to DEST in the layer.
put() {
  has "$1" "$3" && return 0
  mkdir -p "$work/$1$(dirname "$3")"
  cp -L --preserve=mode "$2" "$work/$1$3"
}
# libraries LAYER FILE...: the shared libraries the files need, into the layer's libdir.
libraries() {
  local l=$1 lib; shift
  for lib in $(ldd "$@" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u); do
    put "$l" "$lib" "$libdir/$(basename "$lib")"
  done
}

mkdir -p "$work/build"
cc_flags=(-O2 -Wall -Wextra -Werror)
mpicc.openmpi "${cc_flags[@]}" -o "$work/build/bsp" "$here/programs/bsp.c"
gcc "${cc_flags[@]}" -o "$work/build/sampler" "$here/programs/sampler.c"

# base OS
layer base
b=$work/base
mkdir -p "$b"/usr/{bin,sbin,lib64,lib/x86_64-linux-gnu} "$b"/{etc,proc,sys,dev,tmp,root,home,opt,run,var/tmp}
chmod 1777 "$b/tmp" "$b/var/tmp"
for l in bin sbin lib lib64; do ln -s "usr/$l" "$b/$l"; done
cp "$(command -v busybox)" "$b/usr/bin/busybox"
for applet in $("$b/usr/bin/busybox" --list); do
  [ -e "$b/usr/bin/$applet" ] || ln -s busybox "$b/usr/bin/$applet"
done
put base /lib64/ld-linux-x86-64.so.2 /usr/lib64/ld-linux-x86-64.so.2
for lib in libc.so.6 libm.so.6; do put base "$libdir/$lib" "$libdir/$lib"; done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' > "$b/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$b/etc/group"
: > "$b/etc/hosts"; : > "$b/etc/resolv.conf"

# communication layer: Open MPI, its components and help files, PMIx, and what they load
layer mpi base
for tree in "$libdir/openmpi" "$libdir/pmix2" /etc/openmpi /usr/share/openmpi; do
  mkdir -p "$work/mpi$(dirname "$tree")"
  cp -a "$tree" "$work/mpi$tree"
done
libraries mpi "$libdir/libmpi.so.40" $(find "$libdir/openmpi" "$libdir/pmix2" -name '*.so*' -type f)

# monitoring layer: the services
layer monitor base mpi
put monitor "$work/build/sampler" /opt/pipeline/bin/sampler
put monitor "$here/programs/aggregator.sh" /opt/pipeline/bin/aggregator
libraries monitor "$work/build/sampler"

# application layer: the simulator and the setup stage
layer bsp base mpi monitor
put bsp "$work/build/bsp" /opt/pipeline/bin/bsp
put bsp "$here/programs/setup.sh" /opt/pipeline/bin/setup
libraries bsp "$work/build/bsp"

# plotting layer, on the base OS only: gnuplot and the validate stage
layer plot base
put plot /usr/bin/gnuplot-nox /usr/bin/gnuplot
put plot "$here/programs/validate.sh" /opt/pipeline/bin/validate
put plot "$here/programs/figure5.gnuplot" /opt/pipeline/bin/figure5.gnuplot
libraries plot /usr/bin/gnuplot-nox

# The images: each tag is the one below it plus one layer.
oci=$out/oci
rm -rf "$oci"
umoci init --layout "$oci" >/dev/null
image() {  # image NAME FROM LAYER
  if [ "$2" = scratch ]; then umoci new --image "$oci:$1"; else umoci tag --image "$oci:$2" "$1"; fi
  umoci insert --image "$oci:$1" "$work/$3" / >/dev/null
  umoci config --image "$oci:$1" --config.env PATH=/opt/pipeline/bin:/usr/bin --config.cmd /bin/sh \
    --config.label "dev.hpcenv.example=layered-pipeline" --config.label "dev.hpcenv.layer=$3"
}
image pipeline-base scratch base
image pipeline-mpi pipeline-base mpi
image pipeline-monitor pipeline-mpi monitor
image pipeline-bsp pipeline-monitor bsp
image pipeline-plot pipeline-base plot
umoci gc --layout "$oci"
echo "build-images: OCI layout $oci (tags pipeline-base, -mpi, -monitor, -bsp, -plot)"

for name in base mpi monitor bsp plot; do
  if [ -n "$registry" ]; then
    skopeo copy --quiet --dest-tls-verify=false "oci:$oci:pipeline-$name" "docker://$registry/hpcenv/pipeline-$name:1"
    echo "build-images: pushed $registry/hpcenv/pipeline-$name:1"
  fi
done
if [ "$squashfs" = 1 ]; then
  for name in bsp plot; do
    rm -rf "$work/rootfs" "$out/pipeline-$name.sqsh"
    umoci raw unpack --image "$oci:pipeline-$name" "$work/rootfs" >/dev/null 2>&1
    mksquashfs "$work/rootfs" "$out/pipeline-$name.sqsh" -comp zstd -Xcompression-level 1 -noappend -quiet >/dev/null
    chmod 0644 "$out/pipeline-$name.sqsh"
    echo "build-images: $out/pipeline-$name.sqsh"
  done
fi
