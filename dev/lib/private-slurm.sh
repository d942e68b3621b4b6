# Sourced by the benchmarks that run a Slurm of their own beside the shared one (dev/slurm-local.sh
# with other state and ports): their thousands of jobs would otherwise linger in the shared
# slurmctld for MinJobAge.
#   private_slurm_start STATE RESTD_PORT CTLD_PORT SLURMD_PORT
#       starts it (or uses it when already up) and exports its environment (SLURM_CONF,
#       HPCENV_SLURM_URL, ...); remembers whether this run started it.
#   private_slurm_stop
#       stops and wipes it, if this run started it (for the caller's EXIT trap).
private_slurm_root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
private_slurm_own=0

private_slurm_start() {
  export HPCENV_SLURM_STATE=$1 HPCENV_SLURM_PORT=$2 HPCENV_SLURMCTLD_PORT=$3 HPCENV_SLURMD_PORT=$4
  export HPCENV_SLURM_LINK_SYSTEM_CONF=0
  "$private_slurm_root/dev/slurm-local.sh" status >/dev/null 2>&1 || private_slurm_own=1
  "$private_slurm_root/dev/slurm-local.sh" start >/dev/null
  eval "$("$private_slurm_root/dev/slurm-local.sh" env)"
  export SLURM_CONF
}

private_slurm_stop() {
  if [ "$private_slurm_own" = 1 ]; then
    "$private_slurm_root/dev/slurm-local.sh" stop >/dev/null 2>&1 || true
    rm -rf "$HPCENV_SLURM_STATE"
  fi
}
