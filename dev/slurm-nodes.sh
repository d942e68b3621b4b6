#!/usr/bin/env bash
# The multi-node local Slurm the tests use, beside the default one-node instance of
# dev/slurm-local.sh: 3 nodes (node1..node3), state /var/tmp/hpcenv-slurm-nodes, slurmctld 6827,
# slurmd 6828, slurmrestd 6830 (127.0.0.1), nodes on 172.29.171.0/24 (the host is 172.29.171.1),
# shared directory /var/tmp/hpcenv-slurm-nodes/shared, no /etc/slurm/slurm.conf link (that one
# belongs to the default instance). Same commands as dev/slurm-local.sh:
#   dev/slurm-nodes.sh start|status|env|logs|stop|node-down NAME|node-up NAME|node-exec NAME CMD...
# Every setting can still be overridden through the environment (see dev/slurm-local.sh).
set -euo pipefail
export HPCENV_SLURM_STATE=${HPCENV_SLURM_STATE:-/var/tmp/hpcenv-slurm-nodes}
export HPCENV_SLURMCTLD_PORT=${HPCENV_SLURMCTLD_PORT:-6827}
export HPCENV_SLURMD_PORT=${HPCENV_SLURMD_PORT:-6828}
export HPCENV_SLURM_PORT=${HPCENV_SLURM_PORT:-6830}
export HPCENV_SLURM_LINK_SYSTEM_CONF=${HPCENV_SLURM_LINK_SYSTEM_CONF:-0}
# The node count comes from the instance's remembered settings once it has been started.
if [ -z "${HPCENV_SLURM_NODES_COUNT:-}" ] && ! grep -q '^HPCENV_SLURM_NODES_COUNT=' "$HPCENV_SLURM_STATE/settings.env" 2>/dev/null; then
  export HPCENV_SLURM_NODES_COUNT=3
fi
exec "$(dirname "$(readlink -f "$0")")/slurm-local.sh" "$@"
