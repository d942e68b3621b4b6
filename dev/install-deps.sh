#!/usr/bin/env bash
# Installs, from Debian's packages, the real components that tests and the demo start themselves.
# Idempotent: does nothing when everything is present. Needs root (or sudo) on Debian 12.
set -euo pipefail

packages=(
  # Slurm on loopback (slurm-bridge, operator end to end)
  munge slurmctld slurmd slurmrestd slurm-wlm-jwt-plugin slurm-client
  # image chain and runtime (node-shim)
  docker-registry skopeo umoci squashfs-tools squashfuse fuse-overlayfs fuse3 runc buildah busybox-static uidmap
  # used by scripts and benchmarks
  curl jq time
  # certificates of the local Kubernetes control plane (dev/kube-local.sh)
  openssl
  # peer baseline of dev/bench-nodes.sh: Charliecloud's ch-run (a C runtime, directory images)
  charliecloud-runtime
  # node-shim hooks: host libfabric (cxi), MPICH (mpi, and mpicc/gcc for the test program),
  # dropbear + OpenSSH client (ssh), pkill (stops dropbear)
  libfabric1 libfabric-bin mpich libmpich-dev gcc dropbear-bin openssh-client procps
  # MPI tests (MpiIT): Open MPI 4.1 for the image's own MPI under srun --mpi=pmix. Slurm's mpi/pmix
  # plugin dlopens pmix2/lib/libpmix.so, which only libpmix-dev ships, and loads it when slurmd
  # starts: install these before dev/slurm-local.sh start (or restart it after).
  openmpi-bin libopenmpi-dev libpmix2 libpmix-dev
  # examples/layered-pipeline: its validate stage draws the paper's Figure 5 (a PNG, no X)
  gnuplot-nox
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}" >&2
$sudo apt-get update -qq
# The Debian packages try to start their daemons through the init system; nothing here wants that.
DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Open MPI takes over the mpicc/mpirun alternatives from MPICH when installed; the tests name each
# compiler (mpicc.mpich, mpicc.openmpi), and plain mpicc stays MPICH, the host MPI of the mpi hook.
if [ -x /usr/bin/mpicc.mpich ]; then
  $sudo update-alternatives --quiet --set mpi /usr/bin/mpicc.mpich
  $sudo update-alternatives --quiet --set mpirun /usr/bin/mpirun.mpich
fi
