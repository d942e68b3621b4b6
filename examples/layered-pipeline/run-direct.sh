#!/usr/bin/env bash
# The pipeline's three stages today, without the operator's services and dependencies: the images
# (build-images.sh, as Squashfs files), the environments rendered from this folder's EDFs, and three
# Slurm jobs chained by Slurm dependencies on the local multi-node cluster (dev/slurm-nodes.sh),
# each starting hpcenv-shim as the operator's batch script does. The run job starts the sampler on
# every node and the aggregator on the first as `srun --overlap` steps in the background, waits until
# every node's sampler has written a sample (the service's readiness), runs the simulator with
# `srun --mpi=pmix`, then stops the services with SIGTERM: what spec.services will do.
#   examples/layered-pipeline/run-direct.sh [--nodes N] [--steps S] [--figure PATH] [--keep]
# --nodes: 2 (default) or more, at most the cluster's; --steps: BSP steps (default 20); --figure: copy
# the PNG there; --keep: leave the run's directory (images, outputs) on the shared directory.
# Root, on Debian 12 with dev/install-deps.sh run; starts dev/slurm-nodes.sh if it is not running.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
die() { echo "run-direct: $*" >&2; exit 1; }
nodes=2 steps=20 figure_out="" keep=0
while [ $# -gt 0 ]; do
  case $1 in
    --nodes) nodes=${2:-}; shift 2 ;;
    --steps) steps=${2:-}; shift 2 ;;
    --figure) figure_out=${2:-}; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--nodes N] [--steps S] [--figure PATH] [--keep]" >&2; exit 2 ;;
  esac
done
case $nodes in '' | *[!0-9]*) die "--nodes $nodes: not a whole number" ;; esac
[ "$nodes" -ge 2 ] || die "--nodes $nodes: the pipeline needs 2 nodes or more"
[ "$(id -u)" -eq 0 ] || die "run it as root: it starts the local Slurm and builds images"
[ -n "$figure_out" ] && figure_out=$(realpath -m "$figure_out")

"$root/dev/slurm-nodes.sh" start >/dev/null
eval "$("$root/dev/slurm-nodes.sh" env | grep -E '^(HPCENV_SLURM_[A-Z_]+|SLURM_CONF)=' | sed 's/^/export /')"
read -r -a cluster_nodes <<< "${HPCENV_SLURM_NODES//,/ }"
[ "${#cluster_nodes[@]}" -ge "$nodes" ] || die "dev/slurm-nodes.sh has ${#cluster_nodes[@]} nodes; --nodes $nodes needs more"
user=$HPCENV_SLURM_USER
shared=$HPCENV_SLURM_SHARED_DIR

# Everything the nodes read lives on the cluster's shared directory (a node's /tmp is its own).
state=$(mktemp -d "$shared/layered-pipeline.XXXXXX")
tag="hpcenv-pipeline-$$"
cleanup() {
  local status=$?
  scancel --user="$user" --name="$tag-setup,$tag-run,$tag-validate" 2>/dev/null || true
  if [ "$keep" = 1 ]; then echo "run-direct: kept $state"; else rm -rf "$state"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 143' TERM INT
chmod 0755 "$state"

echo "run-direct: building the images (build-images.sh) and installing hpcenv-shim under $state"
"$here/build-images.sh" "$state/images" --squashfs | grep -v '^build-images: OCI' || die "building the images failed"
"$root/dev/install-shim.sh" "$state/prefix" >/dev/null
# hooks.d must be root's and written by nobody else.
mkdir -p "$state/site" "$state/store" "$state/work" "$state/scratch/$user/layered-pipeline"
cp -r "$root/examples/site/hooks.d" "$state/site/hooks.d"
chown "$user" "$state/store" "$state/work" "$state/scratch/$user" "$state/scratch/$user/layered-pipeline"
# The example site's configuration, with this run's paths; without the CXI default (these nodes have
# no Slingshot: TCP between them).
{
  printf 'image_store = "%s"\nruntime = "runc"\nruntime_dir = "/tmp"\ntemp_dir = "/tmp"\n' "$state/store"
  sed -e "s|^dir = \"/etc/hpcenv/hooks.d\"|dir = \"$state/site/hooks.d\"|" \
      -e "s|^SCRATCH = .*|SCRATCH = \"$state/scratch/\${USER}\"|" \
      -e '/^"com.hooks.cxi.enabled" = "true"/d' "$root/examples/site/shim.toml"
} > "$state/site/shim.toml"
printf '#!/bin/sh\nHPCENV_SHIM_CONFIG=%s/site/shim.toml exec %s/prefix/bin/hpcenv-shim "$@"\n' "$state" "$state" > "$state/shim"
chmod 0755 "$state/shim"
chmod -R go-w,a+rX "$state/site" "$state/prefix" "$state/images"

# The environments as the operator would resolve them, pointed at the Squashfs files of the same images.
spec() {
  "$root/bin/edf" render --no-expand --edf-path "$here" "$1" 2>/dev/null \
    | jq -c --arg image "$state/images/$1.sqsh" '.image = $image | .imageRef = null | .squashfsPath = $image'
}
bsp_spec=$(spec pipeline-bsp) || die "cannot render pipeline-bsp.toml"
plot_spec=$(spec pipeline-plot) || die "cannot render pipeline-plot.toml"

# The operator's batch script (operator BatchScript.TEXT), and the run stage's, which adds the services.
cat > "$state/job.sh" <<'SCRIPT'
#!/bin/sh
exec srun --mpi="${HPCENV_MPI:-none}" "${HPCENV_SHIM:-hpcenv-shim}" run --spec-env HPCENV_SPEC --argv-env HPCENV_ARGV
SCRIPT
cat > "$state/run-with-services.sh" <<'SCRIPT'
#!/bin/sh
# Services beside the tasks, as `hpcenv-shim job` will start them (docs/workflows.md, section 2).
srun --overlap --ntasks-per-node=1 --mpi=none --output="run-%j-sampler-%N.out" \
  "$HPCENV_SHIM" run --spec-env HPCENV_SPEC --argv-env PIPELINE_SAMPLER_ARGV < /dev/null &
sampler=$!
srun --overlap --nodes=1 --ntasks=1 --mpi=none --output="run-%j-aggregator-%N.out" \
  "$HPCENV_SHIM" run --spec-env HPCENV_SPEC --argv-env PIPELINE_AGGREGATOR_ARGV < /dev/null &
aggregator=$!
# SIGTERM to the services' containers: srun itself would end its step on SIGTERM with SIGKILL. The
# two service steps are the job's steps 0 and 1, whichever started first.
stop_services() {
  scancel --signal=TERM "$SLURM_JOB_ID.0" "$SLURM_JOB_ID.1" 2>/dev/null
  ( sleep 30; kill -KILL "$sampler" "$aggregator" 2>/dev/null ) &
  watchdog=$!
  wait "$sampler" "$aggregator"
  kill "$watchdog" 2>/dev/null
}
# Readiness: each node's sample file holds a sample (the sampler's `--ready`), within 120 s.
deadline=$(( $(date +%s) + 120 ))
for node in $(scontrol show hostnames "$SLURM_JOB_NODELIST"); do
  until [ -f "$PIPELINE_HOST_DIR/samples/$node.csv" ] && [ "$(wc -l < "$PIPELINE_HOST_DIR/samples/$node.csv")" -ge 2 ]; do
    if [ "$(date +%s)" -ge "$deadline" ] || ! kill -0 "$sampler" 2>/dev/null; then
      echo "hpcenv: service sampler on node $node not ready after 120s"
      stop_services
      exit 125
    fi
    sleep 0.2
  done
done
srun --mpi=pmix "$HPCENV_SHIM" run --spec-env HPCENV_SPEC --argv-env HPCENV_ARGV
status=$?
stop_services
exit "$status"
SCRIPT
chmod 0755 "$state/job.sh" "$state/run-with-services.sh"

as_user() {
  runuser -u "$user" -- env SLURM_CONF="$SLURM_CONF" HPCENV_SHIM="$state/shim" "$@"
}
submit() {  # submit NAME SBATCH-OPTIONS... -- ENV... : prints the job id
  local name=$1 opts=() ; shift
  while [ "$1" != -- ]; do opts+=("$1"); shift; done; shift
  as_user "$@" sbatch --parsable --job-name="$tag-$name" --chdir="$state/work" --output="$state/work/$name-%j.out" \
    --time=10 "${opts[@]}"
}
pipeline_dir="$state/scratch/$user/layered-pipeline"
cd /
setup_id=$(submit setup --nodes=1 --ntasks=1 "$state/job.sh" -- \
  HPCENV_SPEC="$bsp_spec" HPCENV_ARGV='["/opt/pipeline/bin/setup"]' BSP_STEPS="$steps")
run_id=$(submit run --nodes="$nodes" --ntasks-per-node=1 --dependency=afterok:"$setup_id" --kill-on-invalid-dep=yes \
  "$state/run-with-services.sh" -- \
  HPCENV_SPEC="$bsp_spec" HPCENV_ARGV='["/opt/pipeline/bin/bsp"]' HPCENV_MPI=pmix \
  PIPELINE_SAMPLER_ARGV='["/opt/pipeline/bin/sampler"]' PIPELINE_AGGREGATOR_ARGV='["/opt/pipeline/bin/aggregator"]' \
  PIPELINE_HOST_DIR="$pipeline_dir")
echo "run-direct: submitted setup ($setup_id), run ($run_id, $nodes nodes, afterok:$setup_id)"
# validate: submitted and waited for (dependsOn run: afterok, the job is cancelled when run fails).
set +e
submit validate --nodes=1 --ntasks=1 --dependency=afterok:"$run_id" --kill-on-invalid-dep=yes --wait "$state/job.sh" -- \
  HPCENV_SPEC="$plot_spec" HPCENV_ARGV='["/opt/pipeline/bin/validate"]' timeout 900 > "$state/validate.id"
validate_status=$?
set -e
for out in "$state"/work/*.out; do
  echo "----- ${out#"$state/work/"}"
  grep -v -e '^hpcenv-shim level=' "$out" || true
done
[ "$validate_status" = 0 ] || die "the pipeline failed (validate: exit $validate_status); outputs above"
figure="$pipeline_dir/figure5.png"
[ -s "$figure" ] || die "validate succeeded but wrote no $figure"
if [ -n "$figure_out" ]; then cp "$figure" "$figure_out"; echo "run-direct: figure 5 copied to $figure_out"; fi
echo "run-direct: PASSED"
