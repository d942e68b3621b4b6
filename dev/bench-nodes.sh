#!/usr/bin/env bash
# Scale figures of the node path on a multi-node Slurm (a command, not a test): `/bin/true` with
# 1, 2, 4 and 8 tasks per node on 1, 2 and 3 nodes, as job steps in one allocation, through the
# shim (`srun hpcenv-shim run --spec ... -- /bin/true`, a small image from a registry on the nodes'
# bridge address, warm store on the cluster's shared directory), through plain `srun /bin/true` and,
# as the peer baseline of a C runtime, through Charliecloud's `srun ch-run DIR -- /bin/true` (the same
# image unpacked once, untimed, into a directory image on the shared directory; unprivileged user
# namespaces, as the test user).
# For each it prints, as medians over the repetitions:
#   running  step submission (srun starts) until every task runs: the task is then
#            `sh -c 'read t _ </proc/uptime; echo ...'`, which prints when it starts
#            (/proc/uptime: the same clock on every node of this machine, in 10 ms steps);
#   end      step submission until srun returns, for /bin/true itself;
#   overhead the shim's end minus plain srun's, per task and per node; ch-run's the same way;
#   RSS      the peak resident memory of the shim per task (/usr/bin/time around it: the largest
#            process, the shim's JVM), median and largest over the tasks; ch-run's the same way
#            (ch-run execs the command, so this is the larger of ch-run and /bin/true).
#   dev/bench-nodes.sh [--reps N]     (default 3)
# Runs a Slurm of its own, 3 nodes of 8 CPUs (state /var/tmp/hpcenv-slurm-benchnodes, ports
# 6877/6878/6880, nodes on 172.29.221.0/24) and a registry on its bridge (port 5077); the shim and
# the tasks run as the test user. Needs root; refuses to run beside another dev/bench-*.sh. Leaves
# nothing behind.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
reps=3
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) [[ ${2:-} =~ ^[1-9][0-9]?$ ]] || { echo "bench-nodes: --reps needs a number from 1 to 99" >&2; exit 2; }
      reps=$2; shift 2 ;;
    *) echo "usage: $0 [--reps N]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "bench-nodes: run as root (it starts a Slurm and a registry)" >&2; exit 2; }
# Figures taken beside another benchmark measure both: refuse (this script and its own subshells aside).
for pid in $(pgrep -f 'dev/bench-[a-z]+\.sh'); do
  [ "$pid" = $$ ] && continue
  ppid=$(ps -o ppid= -p "$pid") || continue   # gone meanwhile
  [ "${ppid// /}" = $$ ] && continue
  echo "bench-nodes: another benchmark runs (pid $pid: $(ps -o args= -p "$pid")); run this one alone" >&2
  exit 2
done
echo "bench-nodes: load before the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2

registry_state=/var/tmp/hpcenv-benchnodes-registry
# shellcheck source=dev/lib/private-slurm.sh
. "$root/dev/lib/private-slurm.sh"
cleanup() {
  set +e
  HPCENV_REGISTRY_STATE=$registry_state "$root/dev/registry-local.sh" stop >/dev/null 2>&1
  rm -rf "$registry_state"
  private_slurm_stop
}
trap cleanup EXIT
trap 'exit 143' TERM INT

echo "bench-nodes: starting its Slurm (3 nodes, 8 CPUs each) and a registry on the nodes' bridge" >&2
export HPCENV_SLURM_NODES_COUNT=3 HPCENV_SLURM_NODE_CPUS=8 HPCENV_SLURM_SUBNET=172.29.221
unset HPCENV_SLURM_SHARED_DIR
private_slurm_start /var/tmp/hpcenv-slurm-benchnodes 6880 6877 6878
registry_env=(HPCENV_REGISTRY_ADDR="$HPCENV_SLURM_HOST_ADDR" HPCENV_REGISTRY_PORT=5077 HPCENV_REGISTRY_STATE="$registry_state")
env "${registry_env[@]}" "$root/dev/registry-local.sh" start >/dev/null
eval "$(env "${registry_env[@]}" "$root/dev/registry-local.sh" env)"
user=$HPCENV_SLURM_USER

# Everything the nodes use lives on the cluster's shared directory (a node's /tmp is its own).
work="$HPCENV_SLURM_SHARED_DIR/bench"
rm -rf "$work"
mkdir -p "$work/store" "$work/out"
shim=$("$root/dev/install-shim.sh" "$work/prefix")
cat > "$work/shim.toml" <<TOML
insecure_registries = ["$HPCENV_REGISTRY"]
image_store = "$work/store"
TOML
printf '#!/bin/sh\nHPCENV_SHIM_CONFIG=%s/shim.toml exec %s "$@"\n' "$work" "$shim" > "$work/shim"
chmod 0755 "$work/shim"
image=$HPCENV_DEMO_IMAGE
# ch-run's directory image: the same image's root file system, plus the mount points ch-run binds
# over (/dev, /proc, /sys), which the image lacks and an unprivileged ch-run cannot create.
command -v ch-run >/dev/null || { echo "bench-nodes: ch-run missing (charliecloud-runtime; dev/install-deps.sh)" >&2; exit 1; }
skopeo copy --quiet --src-tls-verify=false "docker://$image" "oci:$work/ch-oci:img"
umoci raw unpack --image "$work/ch-oci:img" "$work/ch-image" >/dev/null 2>"$work/out/umoci.log" \
  || { echo "bench-nodes: unpacking the image for ch-run failed:" >&2; cat "$work/out/umoci.log" >&2; exit 1; }
mkdir -p "$work/ch-image/dev" "$work/ch-image/proc" "$work/ch-image/sys"
rm -rf "$work/ch-oci"
printf '{"image":"%s","imageRef":{"registry":"%s","repository":"hpcenv/demo","tag":"latest"}}' \
  "$image" "$HPCENV_REGISTRY" > "$work/spec.json"
chown -R "$user:" "$work"
chmod -R a+rX "$work"

# The measurement runs inside one allocation of the 3 nodes, on its first node; it writes one line per
# figure: VARIANT NODES TASKS_PER_NODE (running|end) SECONDS, and one RSS file per task and runtime.
cat > "$work/measure.sh" <<'MEASURE'
#!/bin/bash
set -euo pipefail
work=$1 reps=$2
shim=("$work/shim" run --spec "$work/spec.json" --)
chrun=(ch-run "$work/ch-image" --)
uptime_s() { local t _; read -r t _ </proc/uptime; echo "$t"; }
probe='read t _ </proc/uptime; echo "started $t"'
step() { # NODES TASKS_PER_NODE COMMAND...
  local n=$1 t=$2
  shift 2
  srun --nodes="$n" --ntasks=$((n * t)) --ntasks-per-node="$t" --cpus-per-task=1 "$@"
}
# Warm: the store pulls the image once (shared directory), every node reads it once.
step 3 1 "${shim[@]}" /bin/true
step 3 1 "${shim[@]}" /bin/true
step 3 1 "${chrun[@]}" /bin/true
for n in 1 2 3; do
  for t in 1 2 4 8; do
    for _ in $(seq "$reps"); do
      for variant in plain shim chrun; do
        case $variant in
          shim) prefix=("${shim[@]}") ;;
          chrun) prefix=("${chrun[@]}") ;;
          *) prefix=() ;;
        esac
        t0=$(uptime_s)
        step "$n" "$t" "${prefix[@]}" /bin/true
        t1=$(uptime_s)
        echo "$variant $n $t end $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
        t0=$(uptime_s)
        starts=$(step "$n" "$t" "${prefix[@]}" /bin/sh -c "$probe" | awk '$1 == "started" { print $2 }')
        [ "$(echo "$starts" | wc -l)" -eq $((n * t)) ] || { echo "bench-nodes: $variant $n x $t: not every task started" >&2; exit 1; }
        echo "$variant $n $t running $(echo "$starts" | sort -n | tail -1 | awk -v a="$t0" '{ printf "%.2f", $1 - a }')"
      done
    done
    # Peak RSS of each task's shim and ch-run: GNU time reports the largest process it waited for
    # (the shim's JVM; ch-run, which execs /bin/true in its own process).
    rss='d=$0 v=$1 n=$2 t=$3; shift 3; exec /usr/bin/time -f %M -o "$d/out/rss.$v.$n.$t.$SLURM_PROCID" "$@"'
    step "$n" "$t" /bin/sh -c "$rss" "$work" shim "$n" "$t" "${shim[@]}" /bin/true
    step "$n" "$t" /bin/sh -c "$rss" "$work" chrun "$n" "$t" "${chrun[@]}" /bin/true
  done
done
MEASURE
chmod 0755 "$work/measure.sh"

echo "bench-nodes: measuring ($reps repetitions of each step; the allocation holds all 3 nodes)" >&2
started=$SECONDS
runuser -u "$user" -- env SLURM_CONF="$SLURM_CONF" sbatch --wait --quiet --job-name=hpcenv-bench-nodes \
  --nodes=3 --ntasks-per-node=8 --exclusive --time=60 --output="$work/out/job.out" \
  "$work/measure.sh" "$work" "$reps" \
  || { echo "bench-nodes: the measuring job failed; its output:" >&2; cat "$work/out/job.out" >&2; exit 1; }
echo "bench-nodes: measured in $((SECONDS - started)) s; load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

grep -E '^(plain|shim|chrun) ' "$work/out/job.out" > "$work/out/figures" \
  || { cat "$work/out/job.out" >&2; exit 1; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# RSS files in KiB -> "median / max" in MiB with DECIMALS places.
rss_of() { # VARIANT NODES TASKS_PER_NODE DECIMALS
  cat "$work"/out/rss."$1"."$2"."$3".* 2>/dev/null | sort -n \
    | awk -v f="%.$4f / %.$4f" '{ a[NR] = $1 } END { if (NR == 0) print "-"; else printf f, a[int((NR + 1) / 2)] / 1024, a[NR] / 1024 }'
}
fig() { awk -v v="$1" -v n="$2" -v t="$3" -v k="$4" '$1 == v && $2 == n && $3 == t && $4 == k { print $5 }' "$work/out/figures" | median; }

echo
echo "Tasks run /bin/true; times in seconds from step submission (medians of $reps); overhead = shim end - plain end;"
echo "ch-run overhead per task = (ch-run end - plain end) / tasks."
printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' nodes "tasks/node" "plain running" "shim running" \
  "plain end" "shim end" "overhead" "per task" "per node" "shim peak RSS per task, MiB (median / max)" \
  "ch-run running" "ch-run end" "ch-run overhead per task" "ch-run peak RSS per task, MiB (median / max)"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for n in 1 2 3; do
  for t in 1 2 4 8; do
    pr=$(fig plain "$n" "$t" running) sr=$(fig shim "$n" "$t" running)
    pe=$(fig plain "$n" "$t" end) se=$(fig shim "$n" "$t" end)
    cr=$(fig chrun "$n" "$t" running) ce=$(fig chrun "$n" "$t" end)
    rss=$(rss_of shim "$n" "$t" 0) crss=$(rss_of chrun "$n" "$t" 1)
    awk -v n="$n" -v t="$t" -v pr="$pr" -v sr="$sr" -v pe="$pe" -v se="$se" -v rss="$rss" \
      -v cr="$cr" -v ce="$ce" -v crss="$crss" 'BEGIN {
      o = se - pe
      printf "| %d | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.3f | %.2f | %s | %.2f | %.2f | %.3f | %s |\n",
        n, t, pr, sr, pe, se, o, o / (n * t), o / n, rss, cr, ce, (ce - pe) / (n * t), crss
    }'
  done
done
