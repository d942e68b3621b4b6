#!/usr/bin/env bash
# A real Slurm (Debian's 22.05, slurmrestd OpenAPI v0.0.38) on loopback, for tests and the demo.
#
#   dev/slurm-local.sh start [--nodes N]
#                               install what is missing, start munged, slurmctld, N slurmd, slurmrestd
#                               (idempotent; returns at once when everything is up)
#   dev/slurm-local.sh status   exit 0 when every daemon runs, every node is up and slurmrestd answers
#   dev/slurm-local.sh env      shell-sourceable settings: HPCENV_SLURM_URL, HPCENV_SLURM_JWT_KEY, ...
#   dev/slurm-local.sh logs     the tail of every daemon log (tests print it on failure)
#   dev/slurm-local.sh stop     stop the daemons this script started (state and jobs are kept); with
#                               N > 1 also every process of the nodes and the namespaces, links and
#                               bridge it made
#   dev/slurm-local.sh node-down NAME   power a node off: kill every process in it (slurmd, its jobs)
#   dev/slurm-local.sh node-up NAME     boot it again and wait until it is back in service
#   dev/slurm-local.sh node-exec NAME CMD...   run CMD as root inside a running node's namespaces
#
# One node (the default) runs slurmd in the host's namespaces as node `localhost` on 127.0.0.1.
# N nodes (2..8) are node1..nodeN, each a slurmd in namespaces of its own: a network namespace
# (a veth on a bridge this script creates, addresses in HPCENV_SLURM_SUBNET.0/24, the host is .1,
# nodeI is .(10+I); no route leads anywhere else), a UTS namespace (hostname = node name) and a
# mount namespace with private /tmp, /run, /dev/shm and spool, /etc/slurm holding this cluster's
# slurm.conf (so srun inside jobs finds it) and /etc/hosts naming every node. slurmctld, munged and
# slurmrestd stay in the host's namespaces (SlurmctldHost=localhost at the bridge address); the
# nodes reach munged through its socket under the state directory, which every node sees.
# HPCENV_SLURM_SHARED_DIR is one host directory at the same path on every node: the cluster file
# system (image store, job output). Services the nodes need (a registry) must listen on the
# address `env` prints as HPCENV_SLURM_HOST_ADDR. dev/slurm-nodes.sh runs the 3-node instance the
# tests use beside the default one.
#
# Everything lives under one state directory, with its own munged socket and key, so that it can run
# beside a site Slurm when the ports are moved too. Settings (environment, read at the first start and
# remembered in $STATE/settings.env):
#   HPCENV_SLURM_STATE (/var/tmp/hpcenv-slurm)  HPCENV_SLURM_PORT (6820, slurmrestd)
#   HPCENV_SLURMCTLD_PORT (6817)  HPCENV_SLURMD_PORT (6818)  HPCENV_SLURM_NODE (localhost)
#   HPCENV_SLURM_RESTD_USER (hpcenv-restd)  HPCENV_TEST_USER (hpcuser)
#   HPCENV_SLURM_LINK_SYSTEM_CONF (1: link /etc/slurm/slurm.conf to ours when that file is absent, so
#   plain sbatch/srun, also inside jobs, find this cluster; an existing file is never touched)
#   HPCENV_SLURM_NODES_COUNT (1; `start --nodes N` sets it)  HPCENV_SLURM_SHARED_DIR ($STATE/shared)
#   HPCENV_SLURM_SUBNET (N > 1: the first three octets of the nodes' /24, default 172.29.<ctld port % 256>)
#   HPCENV_SLURM_NODE_CPUS (CPUs of each node in slurm.conf, 1 to 256; default this machine's count,
#   at least 4; more than the machine has lets more tasks share its cores, e.g. 8 tasks per node)
#   HPCENV_SLURM_CRED_EXPIRE (unset: Slurm's 120 s; seconds of AuthInfo=cred_expire, which is also how
#   long a requeued job waits before it may start again: test instances that requeue set it lower)
# Needs root (CI runs it as root on a fresh Debian 12 machine).
set -euo pipefail

self=$(readlink -f "$0")
root="$(cd "$(dirname "$self")/.." && pwd)"
command=${1:-}
[ $# -gt 0 ] && shift
if [ "$command" = start ]; then
  while [ $# -gt 0 ]; do
    case "$1" in
      --nodes) [ $# -ge 2 ] || { echo "slurm-local: --nodes needs a number (1 to 8)" >&2; exit 2; }
        HPCENV_SLURM_NODES_COUNT=$2; shift 2 ;;
      --nodes=*) HPCENV_SLURM_NODES_COUNT=${1#--nodes=}; shift ;;
      *) echo "slurm-local: unknown option to start: $1 (only --nodes N)" >&2; exit 2 ;;
    esac
  done
fi
state=$(realpath -m "${HPCENV_SLURM_STATE:-/var/tmp/hpcenv-slurm}")
settings="$state/settings.env"
# A started instance keeps the settings it was started with; explicit variables still win.
if [ -r "$settings" ]; then
  while IFS='=' read -r k v; do
    if [[ $k =~ ^HPCENV_[A-Z_]+$ ]] && [ -z "${!k:-}" ]; then
      printf -v "$k" '%s' "$v"
    fi
  done < "$settings"
fi
restd_port=${HPCENV_SLURM_PORT:-6820}
ctld_port=${HPCENV_SLURMCTLD_PORT:-6817}
slurmd_port=${HPCENV_SLURMD_PORT:-6818}
node=${HPCENV_SLURM_NODE:-localhost}
restd_user=${HPCENV_SLURM_RESTD_USER:-hpcenv-restd}
test_user=${HPCENV_TEST_USER:-hpcuser}
link_conf=${HPCENV_SLURM_LINK_SYSTEM_CONF:-1}
nodes_count=${HPCENV_SLURM_NODES_COUNT:-1}
[[ $nodes_count =~ ^[1-8]$ ]] \
  || { echo "slurm-local: node count '$nodes_count' (--nodes or HPCENV_SLURM_NODES_COUNT) must be 1 to 8" >&2; exit 2; }
shared_dir=$(realpath -m "${HPCENV_SLURM_SHARED_DIR:-$state/shared}")
subnet=${HPCENV_SLURM_SUBNET:-172.29.$((ctld_port % 256))}
node_cpus=${HPCENV_SLURM_NODE_CPUS:-}
if [ -n "$node_cpus" ] && { ! [[ $node_cpus =~ ^[1-9][0-9]*$ ]] || [ "$node_cpus" -gt 256 ]; }; then
  echo "slurm-local: HPCENV_SLURM_NODE_CPUS '$node_cpus' must be a number from 1 to 256 (the CPUs of each node)" >&2; exit 2
fi
cred_expire=${HPCENV_SLURM_CRED_EXPIRE:-}
[[ -z $cred_expire || $cred_expire =~ ^[1-9][0-9]{0,4}$ ]] \
  || { echo "slurm-local: HPCENV_SLURM_CRED_EXPIRE '$cred_expire' must be a number of seconds (Slurm's default is 120)" >&2; exit 2; }
[[ $subnet =~ ^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ ]] \
  || { echo "slurm-local: HPCENV_SLURM_SUBNET '$subnet' must be three octets such as 172.29.171 (the nodes' /24)" >&2; exit 2; }
if [ "$nodes_count" -gt 1 ]; then
  nodes=()
  for ((i = 1; i <= nodes_count; i++)); do nodes+=("node$i"); done
else
  nodes=("$node")
fi
# Names of what the multi-node setup creates, unique per instance through the controller port.
bridge="hpcbr$ctld_port"
netns_of() { echo "hpcenv-$ctld_port-$1"; }
veth_of() { echo "hpc$ctld_port-n${1#node}"; }
addr_of() { echo "$subnet.$((10 + ${1#node}))"; }
host_addr() { if [ "$nodes_count" -gt 1 ]; then echo "$subnet.1"; else echo 127.0.0.1; fi; }

conf="$state/etc/slurm.conf"
jwt_key="$state/etc/jwt_hs256.key"
munge_dir="$state/munge"
munge_socket="$munge_dir/munge.socket.2"
logs="$state/log"
run="$state/run"
api=v0.0.38

log() { echo "slurm-local: $*" >&2; }
die() { echo "slurm-local: $*" >&2; exit 1; }

# A pid file only counts when its process is alive and is the daemon we expect (pids get reused).
running() {
  local pidfile=$1 comm=$2 pid
  [ -r "$pidfile" ] || return 1
  pid=$(cat "$pidfile" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = "$comm" ]
}

restd_answers() {
  # 401 without credentials means slurmrestd is up and JWT authentication is loaded.
  [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$restd_port/slurm/$api/ping")" = 401 ]
}

# Per node: where its slurmd pid file is (a node's /run is private with several nodes).
node_dir() { echo "$state/nodes/$1"; }
slurmd_pidfile() {
  if [ "$nodes_count" -gt 1 ]; then echo "$(node_dir "$1")/run/slurmd.pid"; else echo "$run/slurmd.pid"; fi
}

all_slurmd_running() {
  local n
  for n in "${nodes[@]}"; do running "$(slurmd_pidfile "$n")" slurmd || return 1; done
}

all_up() {
  running "$run/munged.pid" munged && running "$run/slurmctld.pid" slurmctld \
    && all_slurmd_running && running "$run/slurmrestd.pid" slurmrestd && restd_answers && all_nodes_usable
}

# Polls a condition until it holds or the deadline (seconds) passes.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    if [ $SECONDS -ge $deadline ]; then
      show_logs >&2
      die "$what did not come up within ${seconds}s (logs above, all under $logs)"
    fi
    sleep 0.2
  done
}

scmd() { SLURM_CONF="$conf" "$@"; }

node_state() { scmd sinfo -h -N -n "$1" -o %T 2>/dev/null | head -1; }
node_usable() { case "$(node_state "$1")" in idle|mixed|allocated|completing) return 0 ;; *) return 1 ;; esac; }
all_nodes_usable() {
  local n
  for n in "${nodes[@]}"; do node_usable "$n" || return 1; done
}

write_conf() {
  local cpus=$node_cpus
  if [ -z "$cpus" ]; then
    cpus=$(nproc)
    # Four slots at least, so that the node-shim's `srun -n 2` and a few concurrent test jobs fit on a
    # two-core CI machine; config_overrides makes slurmd accept more CPUs than it detects.
    [ "$cpus" -lt 4 ] && cpus=4
  fi
  local tmp="$conf.tmp" ctld_host=localhost spool="$state/slurmd" slurmd_pid="$run/slurmd.pid"
  local slurmd_log="$logs/slurmd.log" timeout=""
  if [ "$nodes_count" -gt 1 ]; then
    # slurmctld accepts `localhost` as its own name; the address is where the nodes reach it.
    ctld_host="localhost($subnet.1)"
    spool="$state/nodes/%n/spool"
    slurmd_pid=/run/slurmd.pid
    slurmd_log="$logs/slurmd-%n.log"
    # A node that stops answering (node-down) is DOWN within about 20 s instead of 5 minutes.
    timeout="SlurmdTimeout=10"
  fi
  {
    cat <<CONF
# Written by dev/slurm-local.sh; rewritten on start while no daemon runs.
ClusterName=hpcenv
SlurmctldHost=$ctld_host
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=slurm
AuthType=auth/munge
AuthInfo=socket=$munge_socket${cred_expire:+,cred_expire=$cred_expire}
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=$jwt_key
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$spool
SlurmctldPidFile=$run/slurmctld.pid
SlurmdPidFile=$slurmd_pid
SlurmctldLogFile=$logs/slurmctld.log
SlurmdLogFile=$slurmd_log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SlurmdParameters=config_overrides
ReturnToService=2
MpiDefault=none
MailProg=/bin/true
# Finished jobs stay visible to slurmrestd for an hour: tests follow jobs to the end.
MinJobAge=3600
MaxJobCount=20000
CONF
    [ -n "$timeout" ] && echo "$timeout"
    if [ "$nodes_count" -gt 1 ]; then
      local n
      for n in "${nodes[@]}"; do
        echo "NodeName=$n NodeAddr=$(addr_of "$n") CPUs=$cpus RealMemory=1000 State=UNKNOWN"
      done
      echo "PartitionName=debug Nodes=node[1-$nodes_count] Default=YES MaxTime=INFINITE State=UP"
    else
      echo "NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=1000 State=UNKNOWN"
      echo "PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP"
    fi
  } > "$tmp"
  chmod 0644 "$tmp"
  mv -f "$tmp" "$conf"
}

ensure_packages() {
  local cmd
  for cmd in munged slurmctld slurmd slurmrestd sbatch curl; do
    command -v "$cmd" >/dev/null 2>&1 || { "$root/dev/install-deps.sh"; break; }
  done
  [ -e /usr/lib/x86_64-linux-gnu/slurm-wlm/auth_jwt.so ] || ls /usr/lib/*/slurm-wlm/auth_jwt.so >/dev/null 2>&1 \
    || "$root/dev/install-deps.sh"
}

start_munge() {
  install -d -o munge -g munge -m 0755 "$munge_dir"
  if [ ! -s "$munge_dir/munge.key" ]; then
    mungekey -c -k "$munge_dir/munge.key.tmp" && mv -f "$munge_dir/munge.key.tmp" "$munge_dir/munge.key"
  fi
  chown munge:munge "$munge_dir/munge.key" && chmod 0400 "$munge_dir/munge.key"
  running "$run/munged.pid" munged && return
  rm -f "$munge_socket" "$munge_socket.lock"
  setpriv --reuid=munge --regid=munge --init-groups -- /usr/sbin/munged \
    --socket="$munge_socket" --key-file="$munge_dir/munge.key" --pid-file="$munge_dir/munged.pid" \
    --log-file="$munge_dir/munged.log" --seed-file="$munge_dir/munged.seed"
  wait_for 10 munged test -s "$munge_dir/munged.pid"
  cp "$munge_dir/munged.pid" "$run/munged.pid"
  wait_for 10 "munge credentials" sh -c "munge -S '$munge_socket' -n </dev/null | unmunge -S '$munge_socket' >/dev/null 2>&1"
}

# The nodes of a running instance are fixed: its slurm.conf names them.
check_node_count() {
  local running_nodes wanted
  [ -r "$conf" ] || return 0
  running "$run/slurmctld.pid" slurmctld || return 0
  running_nodes=$(sed -n 's/^NodeName=\([^ ]*\).*/\1/p' "$conf" | paste -sd, -)
  wanted=$(IFS=,; echo "${nodes[*]}")
  [ "$running_nodes" = "$wanted" ] && return 0
  die "the instance in $state runs nodes $running_nodes, not $wanted:" \
    "stop it first (dev/slurm-local.sh stop with the same HPCENV_SLURM_STATE) or use another state directory"
}

start() {
  [ "$(id -u)" -eq 0 ] || die "start needs root (it creates users, directories and daemons)"
  check_node_count
  if all_up; then return 0; fi
  # The daemons outlive this script: they must not keep the caller's directory (a checkout that may
  # be deleted) as their working directory; slurmrestd fails every submit once getcwd fails.
  cd /
  ensure_packages
  "$root/dev/ensure-test-user.sh" >/dev/null
  id "$restd_user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin --user-group "$restd_user"

  install -d -m 0755 "$state" "$state/etc" "$run"
  install -d -o slurm -g slurm -m 0755 "$logs" "$state/ctld"
  install -d -m 0755 "$state/slurmd"
  # The cluster file system: every node and every job user writes there (sticky, as /tmp).
  install -d -m 1777 "$shared_dir"
  cat > "$settings.tmp" <<SETTINGS
HPCENV_SLURM_PORT=$restd_port
HPCENV_SLURMCTLD_PORT=$ctld_port
HPCENV_SLURMD_PORT=$slurmd_port
HPCENV_SLURM_NODE=$node
HPCENV_SLURM_RESTD_USER=$restd_user
HPCENV_TEST_USER=$test_user
HPCENV_SLURM_LINK_SYSTEM_CONF=$link_conf
HPCENV_SLURM_NODES_COUNT=$nodes_count
HPCENV_SLURM_SHARED_DIR=$shared_dir
HPCENV_SLURM_SUBNET=$subnet
HPCENV_SLURM_NODE_CPUS=$node_cpus
HPCENV_SLURM_CRED_EXPIRE=$cred_expire
SETTINGS
  mv -f "$settings.tmp" "$settings"
  if [ ! -s "$jwt_key" ]; then
    head -c 32 /dev/urandom > "$jwt_key.tmp" && mv -f "$jwt_key.tmp" "$jwt_key"
  fi
  chown slurm:slurm "$jwt_key" && chmod 0600 "$jwt_key"
  if ! running "$run/slurmctld.pid" slurmctld && ! all_slurmd_running; then
    write_conf
  fi
  if [ "$link_conf" = 1 ] && [ ! -e /etc/slurm/slurm.conf ] && [ ! -L /etc/slurm/slurm.conf ]; then
    install -d -m 0755 /etc/slurm
    ln -s "$conf" /etc/slurm/slurm.conf
  fi

  start_munge
  [ "$nodes_count" -gt 1 ] && setup_network
  if ! running "$run/slurmctld.pid" slurmctld; then
    scmd /usr/sbin/slurmctld -f "$conf" >>"$logs/start.log" 2>&1 </dev/null
    wait_for 20 slurmctld sh -c "SLURM_CONF='$conf' scontrol ping 2>/dev/null | grep -q UP"
  fi
  local n
  for n in "${nodes[@]}"; do start_slurmd "$n"; done
  for n in "${nodes[@]}"; do wait_for 30 "node $n" node_usable_or_resume "$n"; done
  if ! running "$run/slurmrestd.pid" slurmrestd; then
    # Never root nor SlurmUser (slurmrestd refuses both); SLURM_JWT switches its outgoing auth to JWT.
    setsid setpriv --reuid="$restd_user" --regid="$restd_user" --init-groups -- \
      env SLURM_JWT=daemon SLURM_CONF="$conf" /usr/sbin/slurmrestd -f "$conf" \
      -s openapi/$api -a rest_auth/jwt "127.0.0.1:$restd_port" >>"$logs/slurmrestd.log" 2>&1 </dev/null &
    echo $! > "$run/slurmrestd.pid"
  fi
  wait_for 20 slurmrestd restd_answers
  log "up: slurmrestd http://127.0.0.1:$restd_port ($api), nodes $(IFS=,; echo "${nodes[*]}"), state $state"
}

start_slurmd() {
  local n=$1
  running "$(slurmd_pidfile "$n")" slurmd && return 0
  if [ "$nodes_count" -eq 1 ]; then
    scmd /usr/sbin/slurmd -f "$conf" -N "$n" >>"$logs/start.log" 2>&1 </dev/null
    return
  fi
  local dir
  dir=$(node_dir "$n")
  install -d -m 0755 "$dir" "$dir/run" "$dir/spool"
  install -d -m 1777 "$dir/tmp"
  rm -f "$dir/run/slurmd.pid"
  install -d -m 0755 /etc/slurm
  # `ip netns exec` would remount /sys and hide /sys/fs/cgroup, which slurmd needs: enter the
  # network namespace with nsenter and make the UTS and mount namespaces with unshare instead.
  nsenter --net="/run/netns/$(netns_of "$n")" -- unshare --uts --mount --propagation private -- \
    env HPCENV_SLURM_STATE="$state" "$self" __node-boot "$n" >>"$logs/start.log" 2>&1 </dev/null
  wait_for 20 "slurmd of $n" running "$(slurmd_pidfile "$n")" slurmd
}

# Runs inside a node's fresh UTS and mount namespaces (see start_slurmd): its own hostname and
# private directories, then slurmd, which daemonizes and keeps the namespaces alive.
node_boot() {
  local n=$1 dir
  dir=$(node_dir "$n")
  hostname "$n"
  mount --bind "$dir/tmp" /tmp
  mount --bind "$dir/run" /run
  mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm
  mount --bind "$state/etc" /etc/slurm
  mount --bind "$state/etc/hosts" /etc/hosts
  # All nodes share one kernel, so they would share its boot id, and UCX (under Debian's MPICH) takes
  # one boot id for one machine: it then tries shared memory between nodes and MPI_Init aborts. Each
  # node boots with a boot id of its own, as separate machines have.
  cat /proc/sys/kernel/random/uuid > "$dir/boot_id"
  chmod 0444 "$dir/boot_id"
  mount --bind "$dir/boot_id" /proc/sys/kernel/random/boot_id
  exec /usr/sbin/slurmd -f "$conf" -N "$n"
}

# The bridge, one network namespace and veth per node. Idempotent: a part that exists is checked.
setup_network() {
  local route n ns veth addr
  route=$(ip -o route show "$subnet.0/24" 2>/dev/null || true)
  if [ -n "$route" ] && [[ $route != *" dev $bridge "* ]]; then
    die "the nodes' subnet $subnet.0/24 is already routed on this machine ($route):" \
      "choose another with HPCENV_SLURM_SUBNET (three octets, e.g. 172.30.5)"
  fi
  if ! ip link show "$bridge" >/dev/null 2>&1; then
    # Bridged frames skip iptables: a host firewall's FORWARD policy must not cut the nodes apart.
    ip link add name "$bridge" type bridge nf_call_iptables 0 2>/dev/null || ip link add name "$bridge" type bridge
    ip addr add "$subnet.1/24" dev "$bridge"
  fi
  ip link set "$bridge" up
  local hosts
  hosts=$(
    echo "127.0.0.1 localhost"
    echo "$subnet.1 slurmctld"
    for n in "${nodes[@]}"; do echo "$(addr_of "$n") $n"; done
  )
  # Running nodes have this file bind-mounted on /etc/hosts: it is changed in place, never replaced
  # (a replaced file stays mounted as the deleted one, and runc then fails to bind-mount /etc/hosts).
  if [ "$(cat "$state/etc/hosts" 2>/dev/null)" != "$hosts" ]; then
    echo "$hosts" > "$state/etc/hosts"
  fi
  chmod 0644 "$state/etc/hosts"
  for n in "${nodes[@]}"; do
    ns=$(netns_of "$n") veth=$(veth_of "$n") addr=$(addr_of "$n")
    [ -e "/run/netns/$ns" ] || ip netns add "$ns"
    if ! ip -n "$ns" -o addr show dev eth0 2>/dev/null | grep -q " $addr/24 "; then
      ip link del "$veth" 2>/dev/null || true
      ip link add "$veth" type veth peer name "$veth-p"
      ip link set "$veth-p" netns "$ns"
      ip -n "$ns" link set "$veth-p" name eth0
      ip -n "$ns" addr add "$addr/24" dev eth0
      ip -n "$ns" link set eth0 up
    fi
    ip -n "$ns" link set lo up
    ip link set "$veth" master "$bridge" up
  done
}

# Every node name this instance may ever have had (the count may have changed since its start).
possible_nodes() { local i; for ((i = 1; i <= 8; i++)); do echo "node$i"; done; }

teardown_network() {
  local n ns
  for n in $(possible_nodes); do
    ns=$(netns_of "$n")
    ip link del "$(veth_of "$n")" 2>/dev/null || true
    [ -e "/run/netns/$ns" ] && ip netns del "$ns"
  done
  ip link del "$bridge" 2>/dev/null || true
  # `ip netns add` made /run/netns a mount point. Once no namespace is left in it (another instance
  # may still have some), it goes too: the next `ip netns add`, ours or anyone's, makes it again.
  if mountpoint -q /run/netns 2>/dev/null && [ -z "$(ls -A /run/netns)" ]; then
    umount /run/netns && rmdir /run/netns 2>/dev/null || true
  fi
}

node_pids() {
  local ns
  ns=$(netns_of "$1")
  [ -e "/run/netns/$ns" ] || return 0
  ip netns pids "$ns" 2>/dev/null || true
}

# A node goes down as a powered-off machine does: every process in it (slurmd, slurmstepd, the
# jobs and their containers, fuse daemons) dies at once; its mount namespace, and with it every
# mount made on the node, goes with the last process.
kill_node() {
  local n=$1 pids deadline
  deadline=$((SECONDS + 15))
  while pids=$(node_pids "$n") && [ -n "$pids" ]; do
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    [ $SECONDS -ge $deadline ] && die "processes of $n survived SIGKILL for 15s: $pids"
    sleep 0.1
  done
  rm -f "$(node_dir "$n")/run/slurmd.pid"
}

require_node() {
  local n=$1 known
  [ "$nodes_count" -gt 1 ] || die "$command needs an instance of several nodes (this one has only $node)"
  for known in "${nodes[@]}"; do [ "$known" = "$n" ] && return 0; done
  die "no node '$n' in this instance (nodes: $(IFS=,; echo "${nodes[*]}"))"
}

node_down() {
  local n=${1:-}
  require_node "$n"
  kill_node "$n"
  log "$n is down (slurmctld marks it DOWN once it misses SlurmdTimeout)"
}

node_up() {
  local n=${1:-}
  [ "$(id -u)" -eq 0 ] || die "node-up needs root"
  require_node "$n"
  running "$run/slurmctld.pid" slurmctld || die "slurmctld is not running: dev/slurm-local.sh start first"
  cd /
  setup_network
  start_slurmd "$n"
  wait_for 60 "node $n" node_usable_or_resume "$n"
  log "$n is up"
}

node_exec() {
  local n=${1:-} pid
  require_node "$n"
  shift
  [ $# -gt 0 ] || die "node-exec $n needs a command"
  running "$(slurmd_pidfile "$n")" slurmd || die "$n is not running (node-up $n first)"
  pid=$(cat "$(slurmd_pidfile "$n")")
  exec nsenter --target "$pid" --net --uts --mount -- "$@"
}

# A node left down or drained by an earlier unclean stop (or by node-down) is resumed once it answers.
node_usable_or_resume() {
  local n=$1
  node_usable "$n" && return 0
  case "$(node_state "$n")" in
    drain*|down*) scmd scontrol update nodename="$n" state=resume >/dev/null 2>&1 || true ;;
  esac
  return 1
}

stop_pid() {
  local pidfile=$1 comm=$2 pid deadline
  running "$pidfile" "$comm" || { rm -f "$pidfile"; return 0; }
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + 15))
  while [ -e /proc/"$pid" ] && [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = "$comm" ]; do
    if [ $SECONDS -ge $deadline ]; then
      log "$comm ($pid) ignored SIGTERM for 15s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$pidfile"
}

stop() {
  local n
  stop_pid "$run/slurmrestd.pid" slurmrestd
  stop_pid "$run/slurmd.pid" slurmd
  # Nothing of a node may survive stop (jobs, containers, fuse daemons): each goes as in node-down.
  for n in $(possible_nodes); do kill_node "$n"; done
  stop_pid "$run/slurmctld.pid" slurmctld
  stop_pid "$run/munged.pid" munged
  teardown_network
  log "stopped (state kept in $state)"
}

status() {
  local ok=0 d n
  for d in munged slurmctld; do
    if running "$run/$d.pid" "$d"; then echo "$d: running (pid $(cat "$run/$d.pid"))"; else echo "$d: stopped"; ok=1; fi
  done
  for n in "${nodes[@]}"; do
    if running "$(slurmd_pidfile "$n")" slurmd; then
      echo "slurmd $n: running (pid $(cat "$(slurmd_pidfile "$n")"), state $(node_state "$n"))"
      node_usable "$n" || ok=1
    else
      echo "slurmd $n: stopped"; ok=1
    fi
  done
  d=slurmrestd
  if running "$run/$d.pid" "$d"; then echo "$d: running (pid $(cat "$run/$d.pid"))"; else echo "$d: stopped"; ok=1; fi
  if restd_answers; then echo "slurmrestd: answers on 127.0.0.1:$restd_port"; else echo "slurmrestd: no answer on 127.0.0.1:$restd_port"; ok=1; fi
  return $ok
}

print_env() {
  cat <<ENV
HPCENV_SLURM_URL=http://127.0.0.1:$restd_port
HPCENV_SLURM_JWT_KEY=$jwt_key
HPCENV_SLURM_USER=$test_user
HPCENV_SLURM_API=$api
HPCENV_SLURM_STATE=$state
HPCENV_SLURM_RESTD_USER=$restd_user
HPCENV_SLURM_NODES=$(IFS=,; echo "${nodes[*]}")
HPCENV_SLURM_SHARED_DIR=$shared_dir
HPCENV_SLURM_HOST_ADDR=$(host_addr)
SLURM_CONF=$conf
ENV
}

show_logs() {
  local f
  for f in "$munge_dir"/munged.log "$logs"/slurmctld.log "$logs"/slurmd.log "$logs"/slurmd-*.log \
    "$logs"/slurmrestd.log "$logs"/start.log; do
    [ -r "$f" ] || continue
    echo "===== $f (last 40 lines)"
    tail -n 40 "$f"
  done
}

case "$command" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) print_env ;;
  logs) show_logs ;;
  node-down) node_down "$@" ;;
  node-up) node_up "$@" ;;
  node-exec) node_exec "$@" ;;
  __node-boot) node_boot "$@" ;;
  *) echo "usage: $0 start [--nodes N]|stop|status|env|logs|node-down NAME|node-up NAME|node-exec NAME CMD..." >&2; exit 2 ;;
esac
