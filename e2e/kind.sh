#!/usr/bin/env bash
# End-to-end on a real Kubernetes: a kind cluster runs the operator (image built from the repository's
# Dockerfile, installed with the Helm chart); this machine plays the HPC side (the demo's own Slurm
# cluster of 2 nodes with slurmrestd and its registry with the demo image on the nodes' bridge
# address, as dev/demo.sh runs them (dev/lib/demo-cluster.sh), hpcenv-shim installed into a
# temporary prefix). Then examples/demo/ is applied and both HpcJobs must end as expected: `hello`
# Succeeded with its greeting from both nodes in the Slurm output file, `fail-with-3` Failed with
# exit code 3.
#
#   e2e/kind.sh
#
# Needs: docker (a working engine), kind, kubectl, helm, socat, root, and what dev/install-deps.sh
# installs (Slurm, skopeo, umoci, squashfs tools, runc, docker-registry, busybox-static). When one of
# these is missing it prints "SKIPPED: <why>" and exits 0, so test suites can call it everywhere.
#
# Settings (environment):
#   HPCENV_E2E_CLUSTER   kind cluster name (hpcenv-e2e); an existing cluster of that name is reused
#   HPCENV_E2E_IMAGE     operator image tag to build and load (hpcenv/hpcenv-operator:e2e)
#   HPCENV_E2E_TIMEOUT   seconds to wait for each HpcJob (300)
#   HPCENV_E2E_KEEP      1: keep the cluster and the daemons afterwards, for poking around (0)
#   HPCENV_E2E_OUT       where logs are collected on failure (charts/target/e2e-logs)
#
# How slurmrestd is reached from the cluster: slurmrestd listens on 127.0.0.1 only; socat forwards
# the kind network's gateway address to it, and a selector-less Service slurmrestd.hpcenv-system with
# an EndpointSlice points at that address, which is the URL in examples/demo/04.SlurmCluster.demo.yaml.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
# shellcheck source=dev/lib/demo-cluster.sh
. "$root/dev/lib/demo-cluster.sh"
cluster=${HPCENV_E2E_CLUSTER:-hpcenv-e2e}
image=${HPCENV_E2E_IMAGE:-hpcenv/hpcenv-operator:e2e}
timeout=${HPCENV_E2E_TIMEOUT:-300}
keep=${HPCENV_E2E_KEEP:-0}
out=${HPCENV_E2E_OUT:-$root/charts/target/e2e-logs}
system_ns=hpcenv-system
demo_ns=hpcenv-demo
registry=$demo_registry_addr
bridge_port=16820
kubectl_ctx="kind-$cluster"

log() { printf '\033[1m== e2e: %s\033[0m\n' "$*" >&2; }
die() { echo "e2e: $*" >&2; exit 1; }
skip() {
  printf '\n\033[1;33m*** SKIPPED: %s ***\033[0m\n' "$*"
  echo "e2e/kind.sh needs docker (a working engine), kind, kubectl, helm, socat and root; nothing was run."
  exit 0
}
k() { kubectl --context "$kubectl_ctx" "$@"; }

# --- prerequisites: missing ones skip, loudly --------------------------------------------------
command -v docker >/dev/null 2>&1 || skip "docker not available (no docker command)"
docker info >/dev/null 2>&1 || skip "docker not available (the docker command cannot reach an engine)"
for tool in kind kubectl helm socat curl; do
  command -v "$tool" >/dev/null 2>&1 || skip "$tool not available"
done
[ "$(id -u)" -eq 0 ] || skip "not root (the local Slurm and the shim installation need root)"

# --- cleanup and log collection --------------------------------------------------------------------
socat_pid="" own_cluster=0 work="" job_ids=()
collect_logs() {
  mkdir -p "$out"
  log "collecting logs into $out"
  {
    k get hpc -A -o yaml || true
    k get events -A --sort-by=.lastTimestamp || true
  } >"$out/resources.txt" 2>&1
  k -n "$system_ns" describe deployment,pods >"$out/operator-describe.txt" 2>&1 || true
  k -n "$system_ns" logs deployment/hpcenv-operator --all-containers --tail=-1 >"$out/operator.log" 2>&1 || true
  k -n "$demo_ns" describe hpcjobs >"$out/hpcjobs-describe.txt" 2>&1 || true
  demo_slurm logs >"$out/slurm.log" 2>&1 || true
  for id in "${job_ids[@]}"; do cp "$demo_output_dir"/hpcenv-demo-*-"$id".out "$out/" 2>/dev/null || true; done
  [ -n "$work" ] && cp "$work"/*.log "$out/" 2>/dev/null || true
  kind export logs --name "$cluster" "$out/kind" >/dev/null 2>&1 || true
  echo "e2e: logs are in $out" >&2
}
cleanup() {
  local status=$?
  [ "$status" -ne 0 ] && collect_logs
  if [ "$keep" = 1 ]; then
    log "HPCENV_E2E_KEEP=1: leaving cluster $cluster, socat ($socat_pid), the registry and Slurm up"
  else
    if [ "$own_cluster" = 0 ]; then
      # A cluster we did not create stays; its demo jobs and cluster go while the operator can still
      # remove their finalizers.
      k -n "$demo_ns" delete hpcjobs --all --ignore-not-found --timeout=60s >/dev/null 2>&1 || true
      k delete slurmcluster demo --ignore-not-found --timeout=60s >/dev/null 2>&1 || true
    fi
    [ -n "$socat_pid" ] && kill "$socat_pid" 2>/dev/null || true
    [ "$own_cluster" = 1 ] && kind delete cluster --name "$cluster" >/dev/null 2>&1 || true
    for id in "${job_ids[@]}"; do rm -f "$demo_output_dir"/hpcenv-demo-*-"$id".out; done
    # The demo's Slurm cluster and registry go if this run started them and no other run uses them.
    demo_cluster_release
    [ -n "$work" ] && rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
# Not under /tmp: the nodes of the demo's cluster each have a /tmp of their own.
work=$(mktemp -d /var/tmp/hpcenv-kind-e2e.XXXXXX)
chmod 0755 "$work"   # the job user reads the shim installation and its configuration here

# --- the HPC side on this machine ----------------------------------------------------------------------
log "build the node side (hpcenv-shim) and install it into $work/prefix"
(cd "$root" && mvn -q -B -ntp -pl node-shim -am package -DskipTests)
"$root/dev/install-shim.sh" "$work/prefix" >/dev/null
user=$("$root/dev/ensure-test-user.sh")
# A site configuration of its own (the demo registry speaks plain HTTP) and a private image store;
# the batch script passes only the operator's variables, so a wrapper names the configuration.
# The site's variables match the demo SlurmCluster's spec.nodeVariables (SCRATCH, PROJECT).
mkdir -p "$work/store" "$work/scratch/$user" "$work/project"
chown "$user" "$work/store" "$work/scratch/$user" "$work/project"
printf 'insecure_registries = ["%s"]\nimage_store = "%s/store"\n\n[variables]\nSCRATCH = "%s/scratch/${USER}"\nPROJECT = "%s/project"\n' \
  "$registry" "$work" "$work" "$work" > "$work/shim.toml"
printf '#!/bin/sh\nHPCENV_SHIM_CONFIG=%s/shim.toml exec %s/prefix/bin/hpcenv-shim "$@"\n' "$work" "$work" > "$work/shim"
chmod 0755 "$work/shim"
chmod -R a+rX "$work/prefix" "$work/shim.toml"

log "start the demo's Slurm cluster (2 nodes, slurmrestd) and its registry serving $demo_image"
if [ "$keep" = 1 ]; then demo_cluster_up keep; else demo_cluster_up transient; fi
restd_port=${HPCENV_SLURM_URL##*:}
[ "$HPCENV_SLURM_USER" = "$user" ] || die "the demo's Slurm maps jobs to $HPCENV_SLURM_USER, the demo to $user"

# --- the Kubernetes side -------------------------------------------------------------------------------
log "build the operator image $image"
docker build -t "$image" "$root"

if kind get clusters 2>/dev/null | grep -qx "$cluster"; then
  log "reuse kind cluster $cluster"
else
  log "create kind cluster $cluster"
  kind create cluster --name "$cluster" --wait 180s
  own_cluster=1
fi
kind load docker-image "$image" --name "$cluster"

gateway=$(docker network inspect kind --format '{{range .IPAM.Config}}{{.Gateway}} {{end}}' \
  | tr ' ' '\n' | grep -E '^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$' | head -1)
[ -n "$gateway" ] || die "cannot find the IPv4 gateway of docker network 'kind'"
log "forward $gateway:$bridge_port (kind network) to slurmrestd 127.0.0.1:$restd_port"
socat "TCP-LISTEN:$bridge_port,bind=$gateway,fork,reuseaddr" "TCP:127.0.0.1:$restd_port" >"$work/socat.log" 2>&1 &
socat_pid=$!

k create namespace "$system_ns" --dry-run=client -o yaml | k apply -f - >/dev/null
k apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Service
metadata:
  name: slurmrestd
  namespace: $system_ns
spec:
  ports:
    - name: http
      port: 6820
      targetPort: $bridge_port
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: slurmrestd-host
  namespace: $system_ns
  labels:
    kubernetes.io/service-name: slurmrestd
addressType: IPv4
ports:
  - name: http
    port: $bridge_port
endpoints:
  - addresses: ["$gateway"]
YAML
# The real key of the local Slurm, in place of the placeholder in examples/demo/03.Secret.slurm-jwt-key.yaml.
k -n "$system_ns" create secret generic slurm-jwt-key --from-file=jwt_hs256.key="$HPCENV_SLURM_JWT_KEY" \
  --dry-run=client -o yaml | k apply -f - >/dev/null

log "install the chart"
helm --kube-context "$kubectl_ctx" upgrade --install hpcenv "$root/charts/hpcenv" --namespace "$system_ns" \
  --set image.repository="${image%:*}" --set image.tag="${image##*:}" --set image.pullPolicy=Never \
  --set 'rbac.secretAccess[0].namespace'="$system_ns" --set 'rbac.secretAccess[0].names[0]'=slurm-jwt-key \
  --wait --timeout 180s

log "apply examples/demo/"
# A reused cluster may hold the jobs of an earlier run: an HpcJob runs once, so start from new ones.
k -n "$demo_ns" delete hpcjobs --all --ignore-not-found --timeout=120s >/dev/null 2>&1 || true
for f in "$root"/examples/demo/*.yaml; do
  case "$(basename "$f")" in
    *.Secret.*) ;;  # created above from the real key
    *.SlurmCluster.*) sed "s|^    shimPath: .*|    shimPath: $work/shim|" "$f" | k apply -f - ;;
    *) k apply -f "$f" ;;
  esac
done
k wait --for=condition=Ready slurmcluster/demo --timeout="${timeout}s"

log "wait for the HpcJobs"
k -n "$demo_ns" wait --for=condition=Complete hpcjob/hello --timeout="${timeout}s"
k -n "$demo_ns" wait --for=condition=Failed hpcjob/fail-with-3 --timeout="${timeout}s"

job_ids=("$(k -n "$demo_ns" get hpcjob hello -o jsonpath='{.status.slurmJobId}')"
         "$(k -n "$demo_ns" get hpcjob fail-with-3 -o jsonpath='{.status.slurmJobId}')")
exit_code=$(k -n "$demo_ns" get hpcjob fail-with-3 -o jsonpath='{.status.exitCode}')
[ "$exit_code" = 3 ] || die "fail-with-3 ended with exit code '$exit_code', expected 3"
output=$demo_output_dir/hpcenv-demo-hello-${job_ids[0]}.out
for node in ${HPCENV_SLURM_NODES//,/ }; do
  grep -q "hello from inside the container: .*, host $node," "$output" \
    || die "the greeting from $node is missing from $output: $(head -c 2000 "$output" 2>/dev/null)"
done

k -n "$demo_ns" get hpcjobs
grep "hello from inside the container" "$output"
log "PASSED: hello Succeeded on both nodes, fail-with-3 Failed with exit code 3"
