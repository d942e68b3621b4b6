#!/usr/bin/env bash
# The main job: the end-to-end demo on one machine, no Docker and no cluster needed.
#   dev/demo.sh           build; start the demo's own Slurm cluster of 2 nodes (dev/slurm-local.sh
#                         --nodes 2, each node in namespaces of its own, settings in
#                         dev/lib/demo-cluster.sh) and a registry on its bridge address with a small
#                         demo image (dev/registry-local.sh), the shim installed as on compute nodes,
#                         the embedded Kubernetes API and the operator as two processes (as in a
#                         cluster: the operator may crash or restart, the objects stay); kubectl apply
#                         examples/demo/; wait for the two jobs (hello runs on both nodes and prints
#                         their hostnames from inside the containers); show what Kubernetes and the
#                         jobs say, and their output through Kubernetes (`kubectl hpcenv logs`: the
#                         shims ship it to the operator, whose log API is an APIService of the
#                         embedded API); then the paper's layered pipeline (examples/layered-pipeline:
#                         three HpcJobs chained by dependsOn, services beside the MPI job, Figure 5
#                         drawn at the end). Everything keeps running afterwards, for you to use.
#   dev/demo.sh --check   the same as a test (DemoEndToEndIT runs it): builds only what is missing,
#                         asserts the outcome, and removes everything it created, daemons it started too.
#                         Prints "SKIPPED: <why>" and exits 0 without root or kubectl.
#   dev/demo.sh restart-operator   kills the demo's operator (SIGKILL, as a crash would) and starts it again.
#   dev/demo.sh stop      stops the demo's operator, its Kubernetes API, its Slurm cluster and its
#                         registry; the shared local Slurm and registry (dev/slurm-local.sh,
#                         dev/slurm-nodes.sh, dev/registry-local.sh) are not the demo's and stay.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
cd "$root"
# shellcheck source=dev/lib/demo-cluster.sh
. dev/lib/demo-cluster.sh
demo=examples/demo
timeout=${HPCENV_DEMO_TIMEOUT:-180}
mode=demo
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  stop)
    state=${HPCENV_DEMO_STATE:-/var/tmp/hpcenv-demo}
    # The operator first: without its API it would only retry until it is stopped.
    for process in operator api; do
      if [ -f "$state/$process.pid" ]; then
        pid=$(cat "$state/$process.pid")
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        rm -f "$state/$process.pid"
      fi
    done
    echo "stopped the demo's operator and its Kubernetes API"
    demo_cluster_stop
    exit 0 ;;
  restart-operator) mode=restart ;;
  *) echo "usage: dev/demo.sh [--check|restart-operator|stop]" >&2; exit 2 ;;
esac

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
skip() { printf '\n*** SKIPPED: %s ***\n' "$*"; exit 0; }
die() { echo "demo: $*" >&2; exit 1; }

# Starts the operator against the API of $kubeconfig, appending to $state/operator.log; sets operator_pid
# and returns once it runs.
operator_starts() { { grep "hpcenv-operator: running" "$state/operator.log" 2>/dev/null || true; } | wc -l; }
start_operator() {
  local started
  started=$(operator_starts)
  # The interactive demo's jobs carry one fixed installation id: jobs that a previous demo left behind
  # (its API, and so its objects, ended with it) are then this demo's orphans and are cancelled after
  # the grace period. --check keeps the default, its own API's id, so that a check never touches the
  # jobs of a demo or of another check on the same Slurm.
  if [ "$mode" != check ]; then export HPCENV_INSTALLATION_ID=${HPCENV_INSTALLATION_ID:-hpcenv-demo}; fi
  # Job logs (docs/job-output.md): the store in the demo's state, the ingest on every address (the
  # nodes post to the host's bridge address), the log API on loopback for the embedded API to proxy.
  export HPCENV_LOG_DIR="$state/logs" HPCENV_LOG_INGEST_PORT="$log_ingest_port" \
    HPCENV_LOG_API_PORT="$log_api_port" HPCENV_LOG_API_ADDRESS=127.0.0.1
  KUBECONFIG="$kubeconfig" setsid bin/hpcenv-operator --http-loopback >>"$state/operator.log" 2>&1 < /dev/null 9>&- &
  operator_pid=$!
  echo "$operator_pid" > "$state/operator.pid"
  for _ in $(seq 300); do
    [ "$(operator_starts)" -gt "$started" ] && return 0
    kill -0 "$operator_pid" 2>/dev/null || die "the operator exited; its log: $state/operator.log"
    sleep 0.2
  done
  die "the operator did not start within 60 s; its log: $state/operator.log"
}

if [ "$mode" = restart ]; then
  state=${HPCENV_DEMO_STATE:-/var/tmp/hpcenv-demo}
  kubeconfig="$state/kubeconfig"
  [ -f "$state/api.pid" ] && kill -0 "$(cat "$state/api.pid")" 2>/dev/null \
    || die "no demo runs (no live $state/api.pid): start it with dev/demo.sh"
  if [ -f "$state/operator.pid" ]; then
    pid=$(cat "$state/operator.pid")
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  fi
  read -r log_ingest_port log_api_port < "$state/log-ports"
  start_operator
  echo "operator restarted (pid $operator_pid); its log: $state/operator.log"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  [ "$mode" = check ] && skip "not root (the demo's Slurm cluster and registry need root)"
  die "run it as root: it starts Slurm, a registry and installs packages"
fi
if ! command -v kubectl >/dev/null 2>&1; then
  [ "$mode" = check ] && skip "kubectl not available"
  die "kubectl is not installed; the demo drives the Kubernetes API with it"
fi

if [ "$mode" = check ]; then
  # Not under /tmp: each node of the demo's cluster has a /tmp of its own, and the nodes run the
  # shim installed here.
  state=$(mktemp -d /var/tmp/hpcenv-demo-check.XXXXXX)
else
  state=${HPCENV_DEMO_STATE:-/var/tmp/hpcenv-demo}
  for process in operator api; do
    if [ -f "$state/$process.pid" ]; then kill "$(cat "$state/$process.pid")" 2>/dev/null || true; fi
  done
  rm -rf "$state"
  mkdir -p "$state"
fi
chmod 0755 "$state"   # the job user reads the shim installation and its configuration here
kubeconfig="$state/kubeconfig"
api_pid="" operator_pid="" job_ids=()
# The operator's log ingest (the nodes post to it) and log API (the embedded API proxies to it):
# fixed ports for the demo, free ones for a check that may run beside it; a restart reuses them.
if [ "$mode" = check ]; then
  free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])'; }
  log_ingest_port=$(free_port) log_api_port=$(free_port)
else
  log_ingest_port=${HPCENV_DEMO_LOG_INGEST_PORT:-6863} log_api_port=${HPCENV_DEMO_LOG_API_PORT:-6864}
fi
echo "$log_ingest_port $log_api_port" > "$state/log-ports"

# SIGTERM, then SIGKILL if the process has not ended within 30 s.
end_process() {
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 60); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL "$1" 2>/dev/null || true
}

on_exit() {
  local status=$?
  if [ "$status" -ne 0 ]; then
    echo "----- Kubernetes API log, last 20 lines ($state/api.log)" >&2
    tail -n 20 "$state/api.log" >&2 2>/dev/null || true
    echo "----- operator log, last 60 lines ($state/operator.log)" >&2
    tail -n 60 "$state/operator.log" >&2 2>/dev/null || true
    echo "----- Slurm logs" >&2
    demo_slurm logs >&2 2>/dev/null || true
  fi
  [ "$mode" = check ] || return 0
  local name id
  if [ -n "$api_pid" ]; then
    # The output files of every job that ran, also of those a failed check never waited for.
    while read -r name id; do
      if [ -n "$id" ]; then rm -f "$demo_output_dir/hpcenv-demo-$name-$id.out"; fi
    done < <(KUBECONFIG="$kubeconfig" kubectl get hpcjobs -n hpcenv-demo \
               -o jsonpath='{range .items[*]}{.metadata.name} {.status.slurmJobId}{"\n"}{end}' 2>/dev/null || true)
  fi
  if [ -n "$operator_pid" ]; then
    # HpcJobs and the SlurmCluster carry finalizers: delete them while the operator still runs.
    KUBECONFIG="$kubeconfig" kubectl delete hpcjobs --all -n hpcenv-demo --timeout=30s >/dev/null 2>&1 || true
    KUBECONFIG="$kubeconfig" kubectl delete slurmcluster demo --timeout=30s >/dev/null 2>&1 || true
    end_process "$operator_pid"
  fi
  if [ -n "$api_pid" ]; then end_process "$api_pid"; fi
  # The jobs' output files, and the service outputs (hpcenv-ID-SERVICE-NODE.out) of the pipeline's run.
  for id in "${job_ids[@]}"; do rm -f "$demo_output_dir"/hpcenv-demo-*-"$id".out "$demo_output_dir"/hpcenv-"$id"-*.out; done
  # The demo's cluster and registry go when this check started them and no other run uses them.
  demo_cluster_release
  rm -rf "$state"
}
trap on_exit EXIT
trap 'exit 143' TERM INT   # so that the EXIT trap cleans up when the demo is stopped

step "install what is missing from Debian's packages; build (tests skipped: dev/test.sh runs them)"
dev/install-deps.sh
if [ "$mode" = demo ] || [ ! -f operator/target/hpcenv-operator.jar ] || [ ! -f operator-launcher/target/hpcenv-operator-launcher.jar ] \
  || [ ! -f node-shim/target/hpcenv-shim.jar ]; then
  mvn -q -B -ntp -DskipTests package
fi

step "start the demo's Slurm cluster of 2 nodes and its registry with the demo image; install the shim as on compute nodes"
if [ "$mode" = check ]; then demo_cluster_up transient; else demo_cluster_up keep; fi
[ "$HPCENV_SLURM_USER" = hpcuser ] || die "the demo's Slurm runs jobs as $HPCENV_SLURM_USER; examples/demo maps hpcenv-demo to hpcuser"
[ "$HPCENV_SLURM_SHARED_DIR" = "$demo_output_dir" ] \
  || die "the demo's Slurm shares $HPCENV_SLURM_SHARED_DIR; the HpcJobs of examples/demo/ write their output to $demo_output_dir"
[ "$HPCENV_DEMO_IMAGE" = "$demo_image" ] \
  || die "the demo's registry serves $HPCENV_DEMO_IMAGE; examples/demo/ expects $demo_image"
read -r -a nodes <<< "${HPCENV_SLURM_NODES//,/ }"
[ "${#nodes[@]}" = 2 ] || die "the demo's Slurm has nodes '$HPCENV_SLURM_NODES'; examples/demo/05.HpcJob.hello.yaml asks for 2"
dev/install-shim.sh "$state/prefix" >/dev/null
mkdir -p "$state/store" "$state/scratch/$HPCENV_SLURM_USER" "$state/project"
chown "$HPCENV_SLURM_USER" "$state/store" "$state/scratch/$HPCENV_SLURM_USER" "$state/project"
# The site configuration of the nodes (examples/site/shim.toml is a full one): the demo registry
# is plain HTTP on the cluster's bridge address; the site's variables, which jobs use as ${SCRATCH}
# and ${PROJECT} (04.SlurmCluster.demo.yaml lists them in spec.nodeVariables); the host paths no
# environment may mount (the demo cluster's keys and spool among them). The nodes see this
# directory at the same path as the host does (only their /tmp, /run and /dev/shm are their own).
# The batch script passes only the operator's variables, so a wrapper names the configuration; a
# site puts it in /etc/hpcenv/shim.toml instead.
case "$state" in *[!A-Za-z0-9/._-]*) die "HPCENV_DEMO_STATE '$state': use letters, digits and / . _ - only (it is written into shim.toml)" ;; esac
cat > "$state/shim.toml" <<EOF
insecure_registries = ["$HPCENV_REGISTRY"]
image_store = "$state/store"

[variables]
SCRATCH = "$state/scratch/\${USER}"
PROJECT = "$state/project"

[mounts]
deny = ["/", "/etc", "/root", "/boot", "/proc", "/sys", "/var/spool/slurmd", "/var/lib/munge", "/run/munge",
        "$HPCENV_SLURM_STATE/etc", "$HPCENV_SLURM_STATE/munge", "$HPCENV_SLURM_STATE/nodes"]

[hooks]
dir = "$state/hooks.d"

[hooks.pmix.env]
PMIX_MCA_psec = "native"
EOF
# The example site's hooks (examples/site/hooks.d): the layered pipeline's MPI job uses the pmix one
# (srun --mpi=pmix into the container). Hook files must be root's and written by nobody else.
rm -rf "$state/hooks.d"
cp -r examples/site/hooks.d "$state/hooks.d"
chmod -R go-w,a+rX "$state/hooks.d"
printf '#!/bin/sh\nHPCENV_SHIM_CONFIG=%s/shim.toml exec %s/prefix/bin/hpcenv-shim "$@"\n' "$state" "$state" > "$state/shim"
chmod 0755 "$state/shim"
chmod -R a+rX "$state/prefix" "$state/shim.toml"
echo "Slurm: $HPCENV_SLURM_URL (nodes $HPCENV_SLURM_NODES, state $HPCENV_SLURM_STATE)   registry: $HPCENV_REGISTRY   shim: $state/shim"
echo "job output: $demo_output_dir (the cluster's shared directory)"

step "start the embedded Kubernetes API and the operator, as two processes (a cluster's API server and its operator)"
# The API holds the objects (in memory: they last as long as this process); the operator holds none,
# so it may crash or be restarted at any time. On a restart it lists Slurm before it submits (no job
# twice) and cancels the jobs whose HpcJob is gone (orphans, after HPCENV_ORPHAN_GRACE_SECONDS).
# The check runs the API and the operator without a locale, as services often run: the non-ASCII
# values of e2e/hostile-values.yaml must still arrive intact.
if [ "$mode" = check ]; then unset LANG LANGUAGE "${!LC_@}"; fi
setsid bin/hpcenv-operator --embedded-api --api-only --kubeconfig-out "$kubeconfig" \
  >"$state/api.log" 2>&1 < /dev/null 9>&- &
api_pid=$!
echo "$api_pid" > "$state/api.pid"
export KUBECONFIG="$kubeconfig"
for _ in $(seq 300); do
  [ -s "$kubeconfig" ] && kubectl get namespace default >/dev/null 2>&1 && break
  kill -0 "$api_pid" 2>/dev/null || die "the embedded Kubernetes API exited"
  sleep 0.2
done
kubectl get namespace default >/dev/null 2>&1 || die "the embedded API did not answer within 60 s"
if [ "$mode" = check ]; then export HPCENV_HTTP_PORT=-1; fi
start_operator
# The operator's log API as an APIService of the embedded API (what the chart sets up in a cluster):
# a Service, its EndpointSlice on loopback, and the operator's self-signed certificate as caBundle.
for _ in $(seq 100); do [ -s "$state/logs/log-api.crt" ] && break; sleep 0.1; done
[ -s "$state/logs/log-api.crt" ] || die "the operator wrote no log API certificate ($state/logs/log-api.crt)"
kubectl create namespace hpcenv-system
kubectl apply -f - <<YAML
apiVersion: v1
kind: Service
metadata: {name: hpcenv-logs-api, namespace: hpcenv-system}
spec:
  ports: [{name: https, port: 443}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: hpcenv-logs-api-1
  namespace: hpcenv-system
  labels: {kubernetes.io/service-name: hpcenv-logs-api}
addressType: IPv4
endpoints: [{addresses: [127.0.0.1]}]
ports: [{name: https, port: $log_api_port, protocol: TCP}]
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1alpha1.logs.hpcenv.dev}
spec:
  group: logs.hpcenv.dev
  version: v1alpha1
  service: {namespace: hpcenv-system, name: hpcenv-logs-api, port: 443}
  caBundle: $(base64 -w0 "$state/logs/log-api.crt")
  groupPriorityMinimum: 1000
  versionPriority: 15
YAML
export PATH="$root/bin:$PATH"   # kubectl finds the plugin (kubectl hpcenv) there

step "kubectl apply: site defaults, an environment on them, the Slurm cluster with its key, two jobs"
kubectl apply -f "$demo/00.Namespace.hpcenv-demo.yaml" -f "$demo/01.ClusterHpcEnvironment.demo-site.yaml" \
  -f "$demo/02.HpcEnvironment.demo-busybox.yaml"
# The real signing key of the local Slurm replaces the example's placeholder; slurmrestd and the
# shim are local here rather than behind a Service and in /opt/hpcenv.
kubectl -n hpcenv-system create secret generic slurm-jwt-key --from-file=jwt_hs256.key="$HPCENV_SLURM_JWT_KEY"
sed -e "s|^  url: .*|  url: $HPCENV_SLURM_URL|" -e "s|^    shimPath: .*|    shimPath: $state/shim|" \
  -e "s|^    endpoint: .*|    endpoint: http://$HPCENV_SLURM_HOST_ADDR:$log_ingest_port|" \
  "$demo/04.SlurmCluster.demo.yaml" | kubectl apply -f -
kubectl wait --for=condition=Ready slurmcluster/demo --timeout="${timeout}s"
kubectl apply -f "$demo/05.HpcJob.hello.yaml" -f "$demo/06.HpcJob.fail-with-3.yaml"

step "wait for the jobs (the first one pulls the image into the Squashfs store)"
kubectl -n hpcenv-demo wait --for=condition=Complete hpcjob/hello --timeout="${timeout}s"
kubectl -n hpcenv-demo wait --for=condition=Failed hpcjob/fail-with-3 --timeout="${timeout}s"
job_ids=("$(kubectl -n hpcenv-demo get hpcjob hello -o jsonpath='{.status.slurmJobId}')"
         "$(kubectl -n hpcenv-demo get hpcjob fail-with-3 -o jsonpath='{.status.slurmJobId}')")

step "kubectl get chpcenv; kubectl get hpcenv,hpcjob -n hpcenv-demo"
kubectl get chpcenv
kubectl get hpcenv,hpcjob -n hpcenv-demo -o wide

step "what the jobs printed, through Kubernetes: kubectl hpcenv logs hello -n hpcenv-demo --prefix (and -f for fail-with-3)"
hello_logs=$(kubectl hpcenv logs hello -n hpcenv-demo --prefix)
echo "$hello_logs"
set +e
kubectl hpcenv logs fail-with-3 -n hpcenv-demo -f
followed=$?
set -e
echo "(kubectl hpcenv logs -f ended with the job's exit code: $followed)"
[ "$followed" = 3 ] || die "kubectl hpcenv logs fail-with-3 -f exited $followed, expected the job's exit code 3"

step "the same output in the jobs' Slurm output files, as before"
for i in 0 1; do
  job=$([ "$i" = 0 ] && echo hello || echo fail-with-3)
  echo "--- $job (Slurm job ${job_ids[$i]}, exit code $(kubectl -n hpcenv-demo get hpcjob "$job" -o jsonpath='{.status.exitCode}')):"
  cat "$demo_output_dir/hpcenv-demo-$job-${job_ids[$i]}.out"
done

exit_code=$(kubectl -n hpcenv-demo get hpcjob fail-with-3 -o jsonpath='{.status.exitCode}')
[ "$exit_code" = 3 ] || die "fail-with-3 ended with exit code '$exit_code', expected 3"
hello_out=$(cat "$demo_output_dir/hpcenv-demo-hello-${job_ids[0]}.out")
for node in "${nodes[@]}"; do
  # (Not grep -q on a pipe: see the note on SIGPIPE below.)
  [[ "$hello_out" == *"hello from inside the container: hpcenv demo image (busybox), host $node,"* ]] \
    || die "hello printed no greeting from a container on $node (its nodes: $(kubectl -n hpcenv-demo get hpcjob hello -o jsonpath='{.status.nodes}'))"
done
echo "hello ran in containers on ${nodes[*]}, each seeing its own node's hostname"
for node in "${nodes[@]}"; do
  [[ "$hello_logs" == *"[$node/"*"hello from inside the container: hpcenv demo image (busybox), host $node,"* ]] \
    || die "kubectl hpcenv logs hello shows no greeting from $node (prefixed [$node/...])"
done
echo "kubectl hpcenv logs showed both nodes' lines, each prefixed with its node and task"

step "the paper's layered pipeline (examples/layered-pipeline): setup -> run (BSP on 2 nodes, services beside it) -> validate"
# Five images, one per layer of the paper's stack, built from this machine's Debian packages and pushed
# to the demo's registry; the three HpcJobs are applied at once and chained by dependsOn (Slurm's
# afterok): Slurm starts each stage when the one before succeeded.
examples/layered-pipeline/build-images.sh "$state/pipeline-images" --push "$HPCENV_REGISTRY" >/dev/null
kubectl apply -f examples/layered-pipeline/
kubectl -n hpcenv-demo wait --for=condition=Complete hpcjob/validate --timeout="$((timeout * 3))s" || {
  kubectl -n hpcenv-demo get hpcjob setup run validate -o wide >&2 || true
  for job in setup run validate; do
    kubectl -n hpcenv-demo get hpcjob "$job" \
      -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}' >&2 || true
    cat "$demo_output_dir"/hpcenv-demo-pipeline-"$job"-*.out >&2 2>/dev/null || true
  done
  die "the layered pipeline did not complete"
}
kubectl -n hpcenv-demo get hpcjob setup run validate -o wide
echo "the run job's services, as the nodes reported them (status.services):"
kubectl -n hpcenv-demo get hpcjob run \
  -o jsonpath='{range .status.services[*]}  {.name} on {.node}: {.state}, output {.output}{"\n"}{end}'
services_seen=$(kubectl -n hpcenv-demo get hpcjob run -o jsonpath='{range .status.services[*]}{.name}@{.node} {end}')
for node in "${nodes[@]}"; do
  [[ "$services_seen" == *"sampler@$node "* ]] || die "the run job reports no sampler on $node: $services_seen"
done
[[ "$services_seen" == *"aggregator@"* ]] || die "the run job reports no aggregator: $services_seen"
validate_log=$(kubectl hpcenv logs validate -n hpcenv-demo)
figure_line=$(printf '%s\n' "$validate_log" | grep 'validate: figure 5: ' || true)
figure=${figure_line##*validate: figure 5: }
[ -n "$figure_line" ] && [ -s "$figure" ] || die "validate named no figure, or it is missing: '$figure_line'"
echo "validate drew the paper's Figure 5 (free memory per node against the BSP steps): $figure"
for job in setup run validate; do job_ids+=("$(kubectl -n hpcenv-demo get hpcjob "$job" -o jsonpath='{.status.slurmJobId}')"); done

if [ "$mode" = check ]; then
  # Waits until HpcJob $1 has ended (the user guide's wait, polling faster); sets ended_id to its
  # Slurm job id; unless its phase is $2, prints its conditions and output and fails.
  job_ends() {
    local job=$1 want=$2 phase="" deadline=$((SECONDS + timeout))
    until phase=$(kubectl -n hpcenv-demo get hpcjob "$job" -o jsonpath='{.status.phase}') &&
          case "$phase" in Succeeded|Failed|Cancelled) true ;; *) false ;; esac
    do
      [ "$SECONDS" -lt "$deadline" ] || break
      sleep 0.5
    done
    ended_id=$(kubectl -n hpcenv-demo get hpcjob "$job" -o jsonpath='{.status.slurmJobId}')
    if [ -n "$ended_id" ]; then job_ids+=("$ended_id"); fi
    if [ "$phase" != "$want" ]; then
      kubectl -n hpcenv-demo get hpcjob "$job" \
        -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}' >&2 || true
      if [ -n "$ended_id" ]; then cat "$demo_output_dir/hpcenv-demo-$job-$ended_id.out" >&2 2>/dev/null || true; fi
      die "$job is '$phase' after waiting up to ${timeout} s, expected $want"
    fi
  }

  step "check: the operator is killed (SIGKILL) and started again; the objects stay and nothing is submitted twice"
  kill -KILL "$operator_pid"
  wait "$operator_pid" 2>/dev/null || true
  start_operator
  [ "$(kubectl -n hpcenv-demo get hpcjob hello -o jsonpath='{.status.slurmJobId}')" = "${job_ids[0]}" ] \
    || die "hello lost its Slurm job id over the operator's restart"
  echo "the HpcJobs kept their status; the next checks run on the restarted operator"

  step "check: the user guide's Slurm commands and kubectl explain"
  # docs/user-guide.md, section 4: with the local Slurm's env (SLURM_CONF, set above) squeue and
  # scontrol answer for the job; this Slurm has no accounting, which sacct says.
  squeue -j "${job_ids[0]}" >/dev/null || die "squeue -j ${job_ids[0]} failed"
  # (Outputs are read whole before grep: grep -q ending early would fail the pipeline with SIGPIPE.)
  [[ "$(scontrol show job "${job_ids[0]}")" == *JobState=COMPLETED* ]] \
    || die "scontrol show job ${job_ids[0]} does not show JobState=COMPLETED"
  [[ "$(sacct -j "${job_ids[0]}" 2>&1)" == *"accounting storage is disabled"* ]] \
    || die "sacct no longer answers 'accounting storage is disabled': update docs/user-guide.md, section 4"
  # The guide's wait for either end, on a job that has ended (it must not sleep).
  until phase=$(kubectl -n hpcenv-demo get hpcjob fail-with-3 -o jsonpath='{.status.phase}') &&
        case "$phase" in Succeeded|Failed|Cancelled) true ;; *) false ;; esac
  do sleep 10; done
  [ "$phase" = Failed ] || die "the user guide's wait ended with phase '$phase' for fail-with-3"
  kubectl -n hpcenv-demo wait --for=jsonpath='{.status.phase}'=Succeeded hpcjob/hello --timeout=30s >/dev/null \
    || die "the user guide's jsonpath wait did not see hello Succeeded"
  [[ "$(kubectl explain hpcjob.spec)" == *environmentRef* ]] || die "kubectl explain hpcjob.spec does not describe the spec"
  kubectl explain hpcjob.spec.resources.cpusPerTask >/dev/null || die "kubectl explain of a nested field failed"
  echo "squeue, scontrol, sacct, the guide's wait and kubectl explain answer as docs/user-guide.md says"

  step "check: hostile and non-ASCII values, site variables, environment rules and mount policy (jobs run side by side)"
  # Whatever a job runs writes to its node's /tmp, which only that node sees.
  pwned() {
    local node
    [ -e /tmp/hpcenv-pwned ] && return 0
    for node in "${nodes[@]}"; do demo_slurm node-exec "$node" test -e /tmp/hpcenv-pwned && return 0; done
    return 1
  }
  rm -f /tmp/hpcenv-pwned
  for node in "${nodes[@]}"; do demo_slurm node-exec "$node" rm -f /tmp/hpcenv-pwned; done
  kubectl apply -f e2e/hostile-values.yaml -f e2e/site-variables.yaml -f e2e/refused-environments.yaml
  # The mounts come from users' EDFs, as bin/edf converts them.
  for edf in e2e/mounts/project-rw.toml e2e/mounts/host-etc.toml; do
    bin/edf convert "$edf" --namespace hpcenv-demo | kubectl apply -f -
  done
  kubectl apply -f e2e/mounts/jobs.yaml

  step "check: argv and env values a shell would interpret, and non-ASCII text, arrive in the container byte for byte"
  job_ends hostile-values Succeeded
  id=$ended_id
  expected=$(printf '%s\n' 'arg=[it'"'"'s "quoted"]' 'arg=[two' 'lines]' 'arg=[$(touch /tmp/hpcenv-pwned)]' \
    'arg=[`touch /tmp/hpcenv-pwned`]' 'arg=[; exit 7 && echo |]' 'arg=[]' \
    'arg=[ünïcødé😀]' 'arg=[grüße]' 'arg=[漢字かなカナ한글]' \
    'env=[$(touch /tmp/hpcenv-pwned) `id` "q" '"'"'q'"'"' ;|& *]' 'env=[grüße ünïcødé😀 中文 日本語 한국어]' \
    'locale=[unset|unset|unset]')
  actual=$(grep -v -e '^hpcenv-shim ' -e '^srun: ' "$demo_output_dir/hpcenv-demo-hostile-values-$id.out")
  # test's = compares bytes, whatever the locale: no two spellings of a character compare equal.
  if [ "$actual" != "$expected" ]; then
    diff <(echo "$expected" | od -c) <(echo "$actual" | od -c) >&2 || true
    die "hostile-values: the container saw other bytes than the HpcJob gave"
  fi
  ! pwned || die "hostile-values: a command hidden in a value was executed"
  job_ends unicode-path Failed
  missing="source /tmp/hpcenv-demo-ünïcødé-😀-漢字-missing does not exist on this node"
  refusal=$(grep -F -e "$missing" "$demo_output_dir/hpcenv-demo-unicode-path-$ended_id.out") \
    || { cat "$demo_output_dir/hpcenv-demo-unicode-path-$ended_id.out" >&2; die "unicode-path: the shim's refusal does not name the path byte for byte"; }
  echo "unicode-path: $refusal"
  echo "identical bytes (UTF-8 with no LANG or LC_* in the batch environment), also in the shim's own message; nothing was executed"

  step "check: \${HOME}, \${USER} and the site's \${SCRATCH} and \${PROJECT} are defined on the node; \${NOT_DEFINED_ANYWHERE} is warned about"
  job_ends site-variables Succeeded
  id=$ended_id
  home=$(getent passwd "$HPCENV_SLURM_USER" | cut -d: -f6)
  scratch="$state/scratch/$HPCENV_SLURM_USER"
  expected=$(printf '%s\n' "home=[$home] job_home=[$home] user=[$HPCENV_SLURM_USER]" \
    "scratch=[$scratch] job_scratch=[$scratch/run-of-$HPCENV_SLURM_USER] project=[$state/project]" \
    "scratch is writable")
  actual=$(grep -v -e '^hpcenv-shim ' -e '^srun: ' "$demo_output_dir/hpcenv-demo-site-variables-$id.out")
  if [ "$actual" != "$expected" ]; then
    diff <(echo "$expected") <(echo "$actual") >&2 || true
    die "site-variables: the job saw other values than the node's account and shim.toml define"
  fi
  [ "$(cat "$scratch/from-the-job")" = "written by $HPCENV_SLURM_USER" ] \
    || die "site-variables: the job's file is missing from the scratch directory"
  condition='{range .status.conditions[?(@.type=="VariablesDefined")]}{.status} {.reason}: {.message}{end}'
  [ "$(kubectl -n hpcenv-demo get hpcenv on-site-variables -o jsonpath="$condition" | cut -d' ' -f1)" = True ] \
    || die "on-site-variables: VariablesDefined is not True although the SlurmCluster lists SCRATCH"
  kubectl -n hpcenv-demo wait --for=condition=VariablesDefined=false hpcenv/uses-undefined-variable --timeout="${timeout}s"
  warning=$(kubectl -n hpcenv-demo get hpcenv uses-undefined-variable -o jsonpath="$condition")
  echo "uses-undefined-variable: VariablesDefined $warning"
  case "$warning" in *NOT_DEFINED_ANYWHERE*) ;; *) die "the VariablesDefined warning does not name the variable" ;; esac
  [ "$(kubectl -n hpcenv-demo get hpcenv uses-undefined-variable -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" = True ] \
    || die "uses-undefined-variable: a warning made the environment not Ready"
  echo "the job printed its account's HOME and USER and the site's SCRATCH and PROJECT; the undefined one is a warning"

  step "check: environments that break the shared rules are not Ready, naming the field; their jobs are never submitted"
  for pair in "reserved-annotation|spec.annotations.run.oci.foo: " "invalid-env-name|spec.env.NOT-A-NAME: " \
              "weak-mount-flags|spec.mounts[0]: mount flag 'suid' is not allowed"; do
    env=${pair%%|*} field=${pair#*|}
    kubectl -n hpcenv-demo wait --for=condition=Ready=false "hpcenv/$env" --timeout="${timeout}s"
    message=$(kubectl -n hpcenv-demo get hpcenv "$env" \
      -o jsonpath='{range .status.conditions[?(@.type=="Ready")]}{.reason}: {.message}{end}')
    echo "$env: Ready=False $message"
    case "$message" in *"$field"*) ;; *) die "$env: the Ready condition does not say '$field'" ;; esac
  done
  # The same verdict for the user's EDF, before anything reaches Kubernetes.
  if refusal=$(EDF_PATH=examples/demo bin/edf validate e2e/mounts/weak-flags.toml 2>&1); then die "edf validate accepted a mount with suid"; fi
  echo "edf validate e2e/mounts/weak-flags.toml: $refusal"
  case "$refusal" in *"mount flag 'suid' is not allowed"*) ;; *) die "edf validate did not name the suid flag" ;; esac
  kubectl -n hpcenv-demo wait --for=condition=EnvironmentReady=false hpcjob/on-reserved-annotation --timeout="${timeout}s"
  [ -z "$(kubectl -n hpcenv-demo get hpcjob on-reserved-annotation -o jsonpath='{.status.slurmJobId}')" ] \
    || die "on-reserved-annotation was submitted although its environment is not Ready"

  step "check: a user's bind mount is nosuid,nodev in the container; a mount of /etc is refused on the node"
  job_ends mount-flags Succeeded
  id=$ended_id
  line=$(grep " /project " "$demo_output_dir/hpcenv-demo-mount-flags-$id.out") || die "mount-flags: /project is not in the container's /proc/self/mounts"
  echo "mount-flags, [rw] asked: $line"
  options=",$(echo "$line" | cut -d' ' -f4),"
  case "$options" in *,nosuid,*) ;; *) die "mount-flags: /project is mounted without nosuid" ;; esac
  case "$options" in *,nodev,*) ;; *) die "mount-flags: /project is mounted without nodev" ;; esac
  job_ends mount-denied Failed
  id=$ended_id
  refusal=$(grep -e 'mounts.deny' "$demo_output_dir/hpcenv-demo-mount-denied-$id.out") \
    || { cat "$demo_output_dir/hpcenv-demo-mount-denied-$id.out" >&2; die "mount-denied: the job's output has no refusal naming mounts.deny"; }
  echo "mount-denied, exit code $(kubectl -n hpcenv-demo get hpcjob mount-denied -o jsonpath='{.status.exitCode}'): $refusal"
  ! grep -q "must not run" "$demo_output_dir/hpcenv-demo-mount-denied-$id.out" || die "mount-denied: the job ran despite the refusal"

  step "check: a job waiting for a missing base runs once the base is applied"
  kubectl apply -f e2e/missing-base.yaml
  kubectl -n hpcenv-demo wait --for=condition=EnvironmentReady=false hpcjob/waits-for-base --timeout="${timeout}s"
  kubectl -n hpcenv-demo get hpcjob waits-for-base \
    -o jsonpath='{range .status.conditions[?(@.type=="EnvironmentReady")]}{.reason}: {.message}{"\n"}{end}'
  [ -z "$(kubectl -n hpcenv-demo get hpcjob waits-for-base -o jsonpath='{.status.slurmJobId}')" ] \
    || die "waits-for-base was submitted before its base existed"
  kubectl apply -f e2e/missing-base-arrives.yaml
  kubectl -n hpcenv-demo wait --for=condition=Complete hpcjob/waits-for-base --timeout="${timeout}s"
  id=$(kubectl -n hpcenv-demo get hpcjob waits-for-base -o jsonpath='{.status.slurmJobId}')
  job_ids+=("$id")
  grep -q "ran on the late base: arrived" "$demo_output_dir/hpcenv-demo-waits-for-base-$id.out" \
    || die "waits-for-base did not run on the late base"
  kubectl delete -f e2e/missing-base-arrives.yaml --wait=false >/dev/null
  echo "PASSED: hello Succeeded and printed from inside the containers on both nodes; fail-with-3 Failed with exit code 3;"
  echo "        the layered pipeline ran its three stages in order, with its services on the nodes, and drew Figure 5;"
  echo "        the objects outlived a SIGKILL of the operator; the user guide's Slurm commands and kubectl explain work;"
  echo "        hostile and non-ASCII argv and env values arrived byte for byte; HOME, USER, SCRATCH and PROJECT"
  echo "        were defined on the node and an undefined variable was warned about; environments breaking the"
  echo "        shared rules (suid mounts too) were not Ready; bind mounts were nosuid,nodev; /etc was refused;"
  echo "        a job waiting for a missing base ran once it came"
  exit 0
fi
cat <<EOF2

The Kubernetes API (pid $api_pid) and the operator (pid $operator_pid) keep running. To keep using them:
  export KUBECONFIG=$kubeconfig
  kubectl get hpc -A                           # every hpcenv kind
  kubectl describe hpcjob -n hpcenv-demo hello
  bin/edf convert YOUR.toml --namespace hpcenv-demo | kubectl apply -f -
The objects live in the API process: the operator may crash and start again without losing them:
  dev/demo.sh restart-operator                 # SIGKILL, then a new operator
Operator log: $state/operator.log   API log: $state/api.log   Metrics: http://127.0.0.1:${HPCENV_HTTP_PORT:-8080}/metrics
The demo's Slurm cluster (nodes $HPCENV_SLURM_NODES) and its registry ($HPCENV_REGISTRY) keep running too:
  export SLURM_CONF=$SLURM_CONF
  sinfo -N; squeue                             # Slurm's own view; job output lands in $demo_output_dir
Stop everything (the shared local Slurm and registry of the tests are not the demo's and stay): dev/demo.sh stop
EOF2
