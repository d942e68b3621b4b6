#!/usr/bin/env bash
# The operator's submit path and sync against a real Slurm, in one run; prints a table with each
# figure beside its baseline or target. A benchmark, not a test.
#
#   dev/bench-operator.sh [BURST_JOBS=1000] [MEMORY_JOBS=10000] [CONCURRENCY=16] [SYNC_SECONDS=2]
#
# - submit rate: BURST_JOBS HpcJobs created at once vs the same submissions (same builder, same JSON)
#   made directly with slurm-bridge from CONCURRENCY threads, before and after (target >= 0.8x);
# - latency from the create request to the Slurm job id in status as a watcher sees it: 100 HpcJobs
#   one at a time (target p50 < 100 ms) and the burst (there it is mostly queueing);
# - slurmrestd requests per sync interval (the operator's hpcenv_slurmrestd_requests_total divided by
#   hpcenv_job_listings_total) with 10, 100 and BURST_JOBS+10 active HpcJobs (target: flat);
# - 1000 array elements as one HpcJob (spec.array "0-<BURST_JOBS-1>") against the burst of BURST_JOBS
#   HpcJobs: time from the create request to all submitted (the Slurm id in status), to the elements
#   counted in status, and the operator's CPU over that time (the site's MaxArraySize, 1001 by default,
#   bounds BURST_JOBS here);
# - the operator's heap after a full GC (jcmd) with BURST_JOBS+10 and MEMORY_JOBS HpcJobs (target <
#   512 MiB at 10 000, measured directly by default: about a minute more). A smaller MEMORY_JOBS
#   extrapolates from the growth per HpcJob between the two sizes.
# BENCH_ONLY=burst runs only the warm-up, the rate comparison and the array (quicker, for iterating on the submit
# path). BENCH_WARMUP_JOBS (200) sets the HpcJobs and direct submissions made before anything is
# measured: both JVMs are still compiling hot code during the burst after 200. BENCH_JAVA_OPTS /
# BENCH_OPERATOR_JAVA_OPTS add JVM options to the API+driver JVM / the operator JVM, for profiling (e.g.
# -XX:StartFlightRecording=filename=/tmp/op.jfr); the figures are taken without.
# Every job is submitted held (annotation hpcenv.dev/slurm-hold): no node shim is needed and the
# figures measure the submit path, not the node. The embedded API and the driver run in one JVM, the
# operator (the shipped jar, with the JVM options it ships with: operator/jvm.options) in another.
#
# It runs on a Slurm of its own beside the shared one (state /var/tmp/hpcenv-slurm-opbench, ports
# 26817/26818/26820), started here and stopped and wiped afterwards: its MEMORY_JOBS + 2*BURST_JOBS
# jobs would otherwise fill the shared slurmctld (MaxJobCount 20000, MinJobAge 3600). Every job it
# made is cancelled at the end, also after a failure. Needs root (starts Slurm, scancel).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
burst=${1:-1000}
memory=${2:-10000}
concurrency=${3:-16}
sync=${4:-2}

source "$root/dev/lib/private-slurm.sh"
private_slurm_start "${HPCENV_OPBENCH_STATE:-/var/tmp/hpcenv-slurm-opbench}" "${HPCENV_OPBENCH_PORT:-26820}" \
  "${HPCENV_OPBENCH_CTLD_PORT:-26817}" "${HPCENV_OPBENCH_SLURMD_PORT:-26818}"

# The drivers live in the benchmarks module; its jar's Class-Path holds the operator it measures.
jar="$root/benchmarks/target/hpcenv-benchmarks.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/operator/src/main" "$root/kube-embedded/src/main" "$root/operator-launcher/src/main" "$root/benchmarks/src/main" -newer "$jar" -print -quit)" ]; then
  (cd "$root" && mvn -q -B -pl benchmarks -am package -DskipTests)
fi

work=$(mktemp -d)
cleanup() {
  # The instance is the benchmark's own: every job of the test user on it is the benchmark's.
  scancel -u "$HPCENV_SLURM_USER" 2>/dev/null || true
  rm -rf "$work"
  private_slurm_stop
}
trap cleanup EXIT

echo "operator benchmark: Slurm $(sinfo -V | awk '{print $2}'), API $HPCENV_SLURM_API, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086 # word splitting of the JVM options is intended
# The embedded API and the driver run with the operator's JVM options too: `hpcenv-operator
# --embedded-api` (operator-launcher) serves its API from the operator's JVM options too.
java @"$root/operator/jvm.options" ${BENCH_JAVA_OPTS:-} -Dhpcenv.root="$root" -cp "$jar" dev.hpcenv.bench.operator.OperatorBenchmark "$HPCENV_SLURM_URL" "$HPCENV_SLURM_USER" \
  "$HPCENV_SLURM_JWT_KEY" "$burst" "$memory" "$concurrency" "$sync" "$work"
