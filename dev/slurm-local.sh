#!/usr/bin/env bash
# A real Slurm (Debian's 22.05, slurmrestd OpenAPI v0.0.38) on loopback, for tests and the demo.
#
#   dev/slurm-local.sh start    install what is missing, start munged, slurmctld, slurmd, slurmrestd
#                               (idempotent; returns at once when everything is up)
#   dev/slurm-local.sh status   exit 0 when every daemon runs and slurmrestd answers
#   dev/slurm-local.sh env      shell-sourceable settings: HPCENV_SLURM_URL, HPCENV_SLURM_JWT_KEY, ...
#   dev/slurm-local.sh logs     the tail of every daemon log (tests print it on failure)
#   dev/slurm-local.sh stop     stop the daemons this script started (state and jobs are kept)
#
# Everything lives under one state directory, with its own munged socket and key, so that it can run
# beside a site Slurm when the ports are moved too. Settings (environment, read at the first start and
# remembered in $STATE/settings.env):
#   HPCENV_SLURM_STATE (/var/tmp/hpcenv-slurm)  HPCENV_SLURM_PORT (6820, slurmrestd)
#   HPCENV_SLURMCTLD_PORT (6817)  HPCENV_SLURMD_PORT (6818)  HPCENV_SLURM_NODE (localhost)
#   HPCENV_SLURM_RESTD_USER (hpcenv-restd)  HPCENV_TEST_USER (hpcuser)
#   HPCENV_SLURM_LINK_SYSTEM_CONF (1: link /etc/slurm/slurm.conf to ours when that file is absent, so
#   plain sbatch/srun, also inside jobs, find this cluster; an existing file is never touched)
# Needs root (CI runs it as root on a fresh Debian 12 machine).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
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

all_up() {
  running "$run/munged.pid" munged && running "$run/slurmctld.pid" slurmctld \
    && running "$run/slurmd.pid" slurmd && running "$run/slurmrestd.pid" slurmrestd && restd_answers
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

node_state() { scmd sinfo -h -N -n "$node" -o %T 2>/dev/null | head -1; }
node_usable() { case "$(node_state)" in idle|mixed|allocated|completing) return 0 ;; *) return 1 ;; esac; }

write_conf() {
  local cpus
  cpus=$(nproc)
  # Four slots at least, so that the node-shim's `srun -n 2` and a few concurrent test jobs fit on a
  # two-core CI machine; config_overrides makes slurmd accept more CPUs than it detects.
  [ "$cpus" -lt 4 ] && cpus=4
  local tmp="$conf.tmp"
  cat > "$tmp" <<EOF
# Written by dev/slurm-local.sh; rewritten on start while no daemon runs.
ClusterName=hpcenv
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=slurm
AuthType=auth/munge
AuthInfo=socket=$munge_socket
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=$jwt_key
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/slurmd
SlurmctldPidFile=$run/slurmctld.pid
SlurmdPidFile=$run/slurmd.pid
SlurmctldLogFile=$logs/slurmctld.log
SlurmdLogFile=$logs/slurmd.log
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
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
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

start() {
  [ "$(id -u)" -eq 0 ] || die "start needs root (it creates users, directories and daemons)"
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
  cat > "$settings.tmp" <<EOF
HPCENV_SLURM_PORT=$restd_port
HPCENV_SLURMCTLD_PORT=$ctld_port
HPCENV_SLURMD_PORT=$slurmd_port
HPCENV_SLURM_NODE=$node
HPCENV_SLURM_RESTD_USER=$restd_user
HPCENV_TEST_USER=$test_user
HPCENV_SLURM_LINK_SYSTEM_CONF=$link_conf
EOF
  mv -f "$settings.tmp" "$settings"
  if [ ! -s "$jwt_key" ]; then
    head -c 32 /dev/urandom > "$jwt_key.tmp" && mv -f "$jwt_key.tmp" "$jwt_key"
  fi
  chown slurm:slurm "$jwt_key" && chmod 0600 "$jwt_key"
  if ! running "$run/slurmctld.pid" slurmctld && ! running "$run/slurmd.pid" slurmd; then
    write_conf
  fi
  if [ "$link_conf" = 1 ] && [ ! -e /etc/slurm/slurm.conf ] && [ ! -L /etc/slurm/slurm.conf ]; then
    install -d -m 0755 /etc/slurm
    ln -s "$conf" /etc/slurm/slurm.conf
  fi

  start_munge
  if ! running "$run/slurmctld.pid" slurmctld; then
    scmd /usr/sbin/slurmctld -f "$conf" >>"$logs/start.log" 2>&1 </dev/null
    wait_for 20 slurmctld sh -c "SLURM_CONF='$conf' scontrol ping 2>/dev/null | grep -q UP"
  fi
  if ! running "$run/slurmd.pid" slurmd; then
    scmd /usr/sbin/slurmd -f "$conf" -N "$node" >>"$logs/start.log" 2>&1 </dev/null
  fi
  wait_for 30 "node $node" node_usable_or_resume
  if ! running "$run/slurmrestd.pid" slurmrestd; then
    # Never root nor SlurmUser (slurmrestd refuses both); SLURM_JWT switches its outgoing auth to JWT.
    setsid setpriv --reuid="$restd_user" --regid="$restd_user" --init-groups -- \
      env SLURM_JWT=daemon SLURM_CONF="$conf" /usr/sbin/slurmrestd -f "$conf" \
      -s openapi/$api -a rest_auth/jwt "127.0.0.1:$restd_port" >>"$logs/slurmrestd.log" 2>&1 </dev/null &
    echo $! > "$run/slurmrestd.pid"
  fi
  wait_for 20 slurmrestd restd_answers
  log "up: slurmrestd http://127.0.0.1:$restd_port ($api), state $state"
}

# A node left down or drained by an earlier unclean stop is resumed once.
node_usable_or_resume() {
  node_usable && return 0
  case "$(node_state)" in
    drain*|down*) scmd scontrol update nodename="$node" state=resume >/dev/null 2>&1 || true ;;
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
  stop_pid "$run/slurmrestd.pid" slurmrestd
  stop_pid "$run/slurmd.pid" slurmd
  stop_pid "$run/slurmctld.pid" slurmctld
  stop_pid "$run/munged.pid" munged
  log "stopped (state kept in $state)"
}

status() {
  local ok=0 d
  for d in munged slurmctld slurmd slurmrestd; do
    if running "$run/$d.pid" "$d"; then echo "$d: running (pid $(cat "$run/$d.pid"))"; else echo "$d: stopped"; ok=1; fi
  done
  if restd_answers; then echo "slurmrestd: answers on 127.0.0.1:$restd_port"; else echo "slurmrestd: no answer on 127.0.0.1:$restd_port"; ok=1; fi
  return $ok
}

print_env() {
  cat <<EOF
HPCENV_SLURM_URL=http://127.0.0.1:$restd_port
HPCENV_SLURM_JWT_KEY=$jwt_key
HPCENV_SLURM_USER=$test_user
HPCENV_SLURM_API=$api
HPCENV_SLURM_STATE=$state
HPCENV_SLURM_RESTD_USER=$restd_user
SLURM_CONF=$conf
EOF
}

show_logs() {
  local f
  for f in "$munge_dir"/munged.log "$logs"/slurmctld.log "$logs"/slurmd.log "$logs"/slurmrestd.log "$logs"/start.log; do
    [ -r "$f" ] || continue
    echo "===== $f (last 40 lines)"
    tail -n 40 "$f"
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) print_env ;;
  logs) show_logs ;;
  *) echo "usage: $0 start|stop|status|env|logs" >&2; exit 2 ;;
esac
