# Sourced by dev/demo.sh and e2e/kind.sh: the demo's own Slurm cluster and registry, beside the
# shared default Slurm (/var/tmp/hpcenv-slurm) and the tests' 3-node instance (dev/slurm-nodes.sh),
# which the demo never starts nor stops.
#   2 nodes (node1, node2, dev/slurm-local.sh --nodes 2), state /var/tmp/hpcenv-demo-slurm, slurmctld
#   6857, slurmd 6858, slurmrestd 6860 (127.0.0.1), nodes on 172.29.201.0/24, the host is 172.29.201.1;
#   job output in the cluster's shared directory /var/tmp/hpcenv-demo-slurm/shared (a node's /tmp is
#   its own); the registry (dev/registry-local.sh) on 172.29.201.1:5057, state /var/tmp/hpcenv-demo-registry.
# examples/demo/ and e2e/*.yaml name the registry address and the output directory: these settings
# are fixed, not read from the environment.
#
#   demo_slurm ARGS...       dev/slurm-local.sh ARGS... on the demo's cluster
#   demo_registry ARGS...    dev/registry-local.sh ARGS... for the demo's registry
#   demo_cluster_up MODE     starts both unless they run (the registry after the cluster: it listens
#                            on the cluster's bridge address) and exports the cluster's env
#                            (HPCENV_SLURM_*, SLURM_CONF) and the registry's (HPCENV_REGISTRY, ...).
#                            MODE keep: they stay up until dev/demo.sh stop (the interactive demo);
#                            MODE transient: the last transient user stops them again, if one of
#                            them started them (dev/demo.sh --check, e2e/kind.sh).
#   demo_cluster_release     (transient users, from their EXIT trap) stops and wipes both when this
#                            run is the last one using them and a transient user started them.
#   demo_cluster_stop        stops and wipes both now, unless a check runs on them: then that check
#                            stops them when it ends.
# Several runs may use the cluster at once (a check in CI beside a demo): each holds a shared lock on
# $demo_lock while it uses it; starting and stopping take it exclusively.
demo_root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
demo_slurm_state=/var/tmp/hpcenv-demo-slurm
demo_registry_state=/var/tmp/hpcenv-demo-registry
demo_host_addr=172.29.201.1
demo_registry_addr=$demo_host_addr:5057
demo_image=$demo_registry_addr/hpcenv/demo:latest
demo_output_dir=$demo_slurm_state/shared
demo_lock=/var/tmp/hpcenv-demo-slurm.lock
# Present while the cluster was started by a transient user and no interactive demo claimed it.
demo_transient_mark=$demo_slurm_state/started-by-a-check
# The lock's descriptor is fixed, so that the callers' daemons can be started without it (9>&-)
# whether or not it is open; 1 while this run holds it open.
demo_lock_open=0

demo_slurm() {
  HPCENV_SLURM_STATE=$demo_slurm_state HPCENV_SLURMCTLD_PORT=6857 HPCENV_SLURMD_PORT=6858 \
    HPCENV_SLURM_PORT=6860 HPCENV_SLURM_NODES_COUNT=2 HPCENV_SLURM_SUBNET=${demo_host_addr%.*} \
    HPCENV_SLURM_SHARED_DIR=$demo_output_dir HPCENV_SLURM_LINK_SYSTEM_CONF=0 \
    "$demo_root/dev/slurm-local.sh" "$@"
}

demo_registry() {
  HPCENV_REGISTRY_ADDR=$demo_host_addr HPCENV_REGISTRY_PORT=${demo_registry_addr##*:} \
    HPCENV_REGISTRY_STATE=$demo_registry_state "$demo_root/dev/registry-local.sh" "$@"
}

demo_cluster_running() { demo_slurm status >/dev/null 2>&1 && demo_registry status >/dev/null 2>&1; }

demo_cluster_up() {
  local mode=$1
  if [ "$demo_lock_open" = 0 ]; then exec 9>>"$demo_lock"; demo_lock_open=1; fi
  flock -w 600 -s 9 || { echo "demo: $demo_lock stayed locked for 10 minutes" >&2; return 1; }
  if ! demo_cluster_running; then
    flock -w 600 -x 9 || { echo "demo: $demo_lock stayed locked for 10 minutes" >&2; return 1; }
    if ! demo_cluster_running; then
      # The daemons outlive this run: they must not hold its lock.
      demo_slurm start 9>&- >/dev/null
      demo_registry start 9>&- >/dev/null
      if [ "$mode" = transient ]; then touch "$demo_transient_mark"; fi
    fi
    flock -s 9
  fi
  # The interactive demo keeps what it uses, also a cluster that a check started.
  if [ "$mode" = keep ]; then rm -f "$demo_transient_mark"; fi
  eval "$(demo_slurm env)"
  eval "$(demo_registry env)"
  export HPCENV_SLURM_URL HPCENV_SLURM_JWT_KEY HPCENV_SLURM_USER HPCENV_SLURM_STATE HPCENV_SLURM_NODES \
    HPCENV_SLURM_SHARED_DIR HPCENV_SLURM_HOST_ADDR SLURM_CONF HPCENV_REGISTRY HPCENV_DEMO_IMAGE
}

# Registry first: it listens on the bridge, which goes with the cluster.
demo_cluster_wipe() {
  demo_registry stop >/dev/null 2>&1 || true
  demo_slurm stop >/dev/null 2>&1 || true
  rm -rf "$demo_registry_state" "$demo_slurm_state"
}

demo_cluster_release() {
  [ "$demo_lock_open" = 1 ] || return 0
  if flock -n -x 9 && [ -e "$demo_transient_mark" ]; then
    demo_cluster_wipe
  fi
  exec 9>&-
  demo_lock_open=0
}

demo_cluster_stop() {
  if [ "$demo_lock_open" = 0 ]; then exec 9>>"$demo_lock"; demo_lock_open=1; fi
  if flock -n -x 9; then
    demo_cluster_wipe
    echo "stopped the demo's Slurm cluster ($demo_slurm_state) and its registry ($demo_registry_addr)"
  elif [ -d "$demo_slurm_state" ]; then
    touch "$demo_transient_mark"
    echo "a dev/demo.sh --check (or e2e/kind.sh) runs on the demo's Slurm cluster: it stops the cluster and its registry when it ends"
  fi
  exec 9>&-
  demo_lock_open=0
}
