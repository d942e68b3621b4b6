#!/usr/bin/env bash
# The main job: the end-to-end demo on one machine, no Docker and no cluster needed.
#   dev/demo.sh           build; start the local Slurm (dev/slurm-local.sh), a loopback registry with a
#                         small demo image (dev/registry-local.sh), the shim installed as on compute
#                         nodes, and the operator with its embedded Kubernetes API; kubectl apply
#                         examples/demo/; wait for the two jobs; show what Kubernetes and the jobs say.
#                         The operator keeps running afterwards, for you to use.
#   dev/demo.sh --check   the same as a test (DemoEndToEndTest runs it): builds only what is missing,
#                         asserts the outcome, and removes everything it created, daemons it started too.
#                         Prints "SKIPPED: <why>" and exits 0 without root or kubectl.
#   dev/demo.sh stop      stops the demo's operator, the registry and the local Slurm.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
cd "$root"
demo=examples/demo
timeout=${HPCENV_DEMO_TIMEOUT:-180}
mode=demo
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  stop)
    state=${HPCENV_DEMO_STATE:-/var/tmp/hpcenv-demo}
    [ -f "$state/operator.pid" ] && { kill "$(cat "$state/operator.pid")" 2>/dev/null || true; rm -f "$state/operator.pid"; }
    dev/registry-local.sh stop
    dev/slurm-local.sh stop
    echo "stopped the demo's operator, the registry and the local Slurm"
    exit 0 ;;
  *) echo "usage: dev/demo.sh [--check|stop]" >&2; exit 2 ;;
esac

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
skip() { printf '\n*** SKIPPED: %s ***\n' "$*"; exit 0; }
die() { echo "demo: $*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
  [ "$mode" = check ] && skip "not root (the local Slurm and registry need root)"
  die "run it as root: it starts Slurm, a registry and installs packages"
fi
if ! command -v kubectl >/dev/null 2>&1; then
  [ "$mode" = check ] && skip "kubectl not available"
  die "kubectl is not installed; the demo drives the Kubernetes API with it"
fi

if [ "$mode" = check ]; then
  state=$(mktemp -d /tmp/hpcenv-demo-check.XXXXXX)
else
  state=${HPCENV_DEMO_STATE:-/var/tmp/hpcenv-demo}
  if [ -f "$state/operator.pid" ]; then kill "$(cat "$state/operator.pid")" 2>/dev/null || true; fi
  rm -rf "$state"
  mkdir -p "$state"
fi
chmod 0755 "$state"   # the job user reads the shim installation and its configuration here
kubeconfig="$state/kubeconfig"
operator_pid="" own_slurm=0 own_registry=0 job_ids=()

on_exit() {
  local status=$?
  if [ "$status" -ne 0 ]; then
    echo "----- operator log, last 60 lines ($state/operator.log)" >&2
    tail -n 60 "$state/operator.log" >&2 2>/dev/null || true
    echo "----- Slurm logs" >&2
    dev/slurm-local.sh logs >&2 2>/dev/null || true
  fi
  [ "$mode" = check ] || return 0
  if [ -n "$operator_pid" ]; then
    # HpcJobs and the SlurmCluster carry finalizers: delete them while the operator still runs.
    KUBECONFIG="$kubeconfig" kubectl delete hpcjobs --all -n hpcenv-demo --timeout=30s >/dev/null 2>&1 || true
    KUBECONFIG="$kubeconfig" kubectl delete slurmcluster demo --timeout=30s >/dev/null 2>&1 || true
    kill -TERM "$operator_pid" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$operator_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$operator_pid" 2>/dev/null || true
  fi
  local id
  for id in "${job_ids[@]}"; do rm -f /tmp/hpcenv-demo-*-"$id".out; done
  if [ "$own_registry" = 1 ]; then dev/registry-local.sh stop >/dev/null 2>&1 || true; fi
  if [ "$own_slurm" = 1 ]; then dev/slurm-local.sh stop >/dev/null 2>&1 || true; fi
  rm -rf "$state"
}
trap on_exit EXIT
trap 'exit 143' TERM INT   # so that the EXIT trap cleans up when the demo is stopped

step "install what is missing from Debian's packages; build (tests skipped: dev/test.sh runs them)"
dev/install-deps.sh
if [ "$mode" = demo ] || [ ! -f operator/target/hpcenv-operator.jar ] || [ ! -f node-shim/target/hpcenv-shim.jar ]; then
  mvn -q -B -ntp -DskipTests package
fi

step "start the local Slurm and the registry with the demo image; install the shim as on compute nodes"
dev/slurm-local.sh status >/dev/null 2>&1 || own_slurm=1
dev/slurm-local.sh start >/dev/null
eval "$(dev/slurm-local.sh env)"
[ "$HPCENV_SLURM_USER" = hpcuser ] || die "the local Slurm runs jobs as $HPCENV_SLURM_USER; examples/demo maps hpcenv-demo to hpcuser"
dev/registry-local.sh status >/dev/null 2>&1 || own_registry=1
dev/registry-local.sh start >/dev/null
eval "$(dev/registry-local.sh env)"
[ "$HPCENV_DEMO_IMAGE" = 127.0.0.1:5000/hpcenv/demo:latest ] \
  || die "the registry serves $HPCENV_DEMO_IMAGE; examples/demo/ expects 127.0.0.1:5000/hpcenv/demo:latest"
dev/install-shim.sh "$state/prefix" >/dev/null
mkdir -p "$state/store"
chown "$HPCENV_SLURM_USER" "$state/store"
# The site configuration of these "nodes": the demo registry is plain HTTP on loopback. The batch
# script passes only the operator's variables, so a wrapper names the configuration; a site puts it
# in /etc/hpcenv/shim.toml instead.
printf 'insecure_registries = ["%s"]\nimage_store = "%s/store"\n' "$HPCENV_REGISTRY" "$state" > "$state/shim.toml"
printf '#!/bin/sh\nHPCENV_SHIM_CONFIG=%s/shim.toml exec %s/prefix/bin/hpcenv-shim "$@"\n' "$state" "$state" > "$state/shim"
chmod 0755 "$state/shim"
chmod -R a+rX "$state/prefix" "$state/shim.toml"
echo "Slurm: $HPCENV_SLURM_URL   registry: $HPCENV_REGISTRY   shim: $state/shim"

step "start the operator with its embedded Kubernetes API (for trying hpcenv; production runs in a cluster)"
if [ "$mode" = check ]; then export HPCENV_HTTP_PORT=-1; fi
setsid bin/hpcenv-operator --embedded-api --kubeconfig-out "$kubeconfig" >"$state/operator.log" 2>&1 < /dev/null &
operator_pid=$!
echo "$operator_pid" > "$state/operator.pid"
export KUBECONFIG="$kubeconfig"
for _ in $(seq 300); do
  [ -s "$kubeconfig" ] && kubectl get namespace default >/dev/null 2>&1 && break
  kill -0 "$operator_pid" 2>/dev/null || die "the operator exited"
  sleep 0.2
done
kubectl get namespace default >/dev/null 2>&1 || die "the embedded API did not answer within 60 s"

step "kubectl apply: site defaults, an environment on them, the Slurm cluster with its key, two jobs"
kubectl apply -f "$demo/00.Namespace.hpcenv-demo.yaml" -f "$demo/01.ClusterHpcEnvironment.demo-site.yaml" \
  -f "$demo/02.HpcEnvironment.demo-busybox.yaml"
kubectl create namespace hpcenv-system
# The real signing key of the local Slurm replaces the example's placeholder; slurmrestd and the
# shim are local here rather than behind a Service and in /opt/hpcenv.
kubectl -n hpcenv-system create secret generic slurm-jwt-key --from-file=jwt_hs256.key="$HPCENV_SLURM_JWT_KEY"
sed -e "s|^  url: .*|  url: $HPCENV_SLURM_URL|" -e "s|^    shimPath: .*|    shimPath: $state/shim|" \
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

step "what the jobs printed (their Slurm output files)"
for i in 0 1; do
  job=$([ "$i" = 0 ] && echo hello || echo fail-with-3)
  echo "--- $job (Slurm job ${job_ids[$i]}, exit code $(kubectl -n hpcenv-demo get hpcjob "$job" -o jsonpath='{.status.exitCode}')):"
  cat "/tmp/hpcenv-demo-$job-${job_ids[$i]}.out"
done

exit_code=$(kubectl -n hpcenv-demo get hpcjob fail-with-3 -o jsonpath='{.status.exitCode}')
[ "$exit_code" = 3 ] || die "fail-with-3 ended with exit code '$exit_code', expected 3"
grep -q "hello from inside the container" "/tmp/hpcenv-demo-hello-${job_ids[0]}.out" \
  || die "the greeting is missing from the output of hello"

if [ "$mode" = check ]; then
  step "check: argv and env values a shell would interpret arrive in the container literally"
  rm -f /tmp/hpcenv-pwned
  kubectl apply -f e2e/hostile-values.yaml
  kubectl -n hpcenv-demo wait --for=condition=Complete hpcjob/hostile-values --timeout="${timeout}s"
  job_ids+=("$(kubectl -n hpcenv-demo get hpcjob hostile-values -o jsonpath='{.status.slurmJobId}')")
  expected=$(printf '%s\n' 'arg=[it'"'"'s "quoted"]' 'arg=[two' 'lines]' 'arg=[$(touch /tmp/hpcenv-pwned)]' \
    'arg=[`touch /tmp/hpcenv-pwned`]' 'arg=[; exit 7 && echo |]' 'arg=[]' \
    'env=[$(touch /tmp/hpcenv-pwned) `id` "q" '"'"'q'"'"' ;|& *]')
  actual=$(grep -v -e '^hpcenv-shim ' -e '^srun: ' "/tmp/hpcenv-demo-hostile-values-${job_ids[2]}.out")
  if [ "$actual" != "$expected" ]; then
    diff <(echo "$expected") <(echo "$actual") >&2 || true
    die "hostile-values: the container saw other words than the HpcJob gave"
  fi
  [ ! -e /tmp/hpcenv-pwned ] || die "hostile-values: a command hidden in a value was executed"
  echo "identical, and nothing was executed"

  step "check: a job waiting for a missing base runs once the base is applied"
  kubectl apply -f e2e/missing-base.yaml
  kubectl -n hpcenv-demo wait --for=condition=EnvironmentReady=false hpcjob/waits-for-base --timeout="${timeout}s"
  kubectl -n hpcenv-demo get hpcjob waits-for-base \
    -o jsonpath='{range .status.conditions[?(@.type=="EnvironmentReady")]}{.reason}: {.message}{"\n"}{end}'
  [ -z "$(kubectl -n hpcenv-demo get hpcjob waits-for-base -o jsonpath='{.status.slurmJobId}')" ] \
    || die "waits-for-base was submitted before its base existed"
  kubectl apply -f e2e/missing-base-arrives.yaml
  kubectl -n hpcenv-demo wait --for=condition=Complete hpcjob/waits-for-base --timeout="${timeout}s"
  job_ids+=("$(kubectl -n hpcenv-demo get hpcjob waits-for-base -o jsonpath='{.status.slurmJobId}')")
  grep -q "ran on the late base: arrived" "/tmp/hpcenv-demo-waits-for-base-${job_ids[3]}.out" \
    || die "waits-for-base did not run on the late base"
  kubectl delete -f e2e/missing-base-arrives.yaml --wait=false >/dev/null
  echo "PASSED: hello Succeeded and printed from inside the container; fail-with-3 Failed with exit code 3;"
  echo "        hostile argv and env values arrived literally; a job waiting for a missing base ran once it came"
  exit 0
fi
cat <<EOF2

The operator keeps running. To keep using it:
  export KUBECONFIG=$kubeconfig
  kubectl get hpc -A                           # every hpcenv kind
  kubectl describe hpcjob -n hpcenv-demo hello
  bin/edf convert YOUR.toml --namespace hpcenv-demo | kubectl apply -f -
Operator log: $state/operator.log   Metrics: http://127.0.0.1:${HPCENV_HTTP_PORT:-8080}/metrics
Stop everything: dev/demo.sh stop
EOF2
