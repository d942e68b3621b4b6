#!/usr/bin/env bash
# Submit throughput: N short jobs through the hpcenv client (pooled connections, C threads),
# through raw parallel HTTP (curl --parallel, same C, same JSON body) and through an sbatch loop;
# prints jobs/s for each and the ratios. A benchmark, not a test.
#
#   dev/bench-slurm.sh [JOBS=500] [CONCURRENCY=8] [ROUNDS=5]
#
# The three take turns for ROUNDS rounds in rotating order while the client's JVM stays warm;
# medians are compared (a shared build machine is noisy). Targets: client >= 0.9x raw HTTP and
# >= 2x the sbatch loop.
#
# It runs on a Slurm of its own beside the shared one (state /var/tmp/hpcenv-slurm-bench, ports
# 16817/16818/16820), started here and stopped and wiped afterwards: the thousands of benchmark jobs
# would otherwise stay in everyone's job listings for MinJobAge (an hour), making every listing
# megabytes long. Jobs are submitted held (and cancelled
# after each phase): on a small machine thousands of running jobs would compete for the CPUs with
# slurmctld and slurmrestd, and the figures would measure the node, not the submit path;
# HPCENV_BENCH_HOLD=0 lets them run. Needs root (starts Slurm, runs sbatch as the test user).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
jobs=${1:-500}
concurrency=${2:-8}
rounds=${3:-5}
hold=${HPCENV_BENCH_HOLD:-1}
[ "$hold" = 1 ] && hold_json=true || hold_json=false

source "$root/dev/lib/private-slurm.sh"
private_slurm_start "${HPCENV_BENCH_STATE:-/var/tmp/hpcenv-slurm-bench}" "${HPCENV_BENCH_PORT:-16820}" \
  "${HPCENV_BENCH_CTLD_PORT:-16817}" "${HPCENV_BENCH_SLURMD_PORT:-16818}"

# The driver lives in the benchmarks module; its jar's Class-Path holds slurm-bridge.
jar="$root/benchmarks/target/hpcenv-benchmarks.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/slurm-bridge/src/main" "$root/benchmarks/src/main" -newer "$jar" -print -quit)" ]; then
  (cd "$root" && mvn -q -B -pl benchmarks -am package -DskipTests)
fi

work=$(mktemp -d)
cleanup() {
  scancel -u "$HPCENV_SLURM_USER" --name=hpcenv-bench-client,hpcenv-bench-curl,hpcenv-bench-sbatch 2>/dev/null || true
  rm -rf "$work"
  private_slurm_stop
}
trap cleanup EXIT
chmod 0755 "$work"

# Raw HTTP: the JSON body the v0.0.38 adapter sends, one curl with parallel transfers and connection reuse.
token=$(unset SLURM_JWT; scontrol token username="$HPCENV_SLURM_USER" lifespan=3600 | sed 's/^SLURM_JWT=//')
cat > "$work/body.json" <<JSON
{"script":"#!/bin/sh\ntrue\n","job":{"environment":{"PATH":"/usr/bin:/bin"},"name":"hpcenv-bench-curl","current_working_directory":"/tmp","standard_output":"/dev/null","time_limit":1,"hold":$hold_json}}
JSON
(
  umask 077 # the config holds a token
  for i in $(seq "$jobs"); do
    if [ "$i" -gt 1 ]; then printf 'next\n'; fi
    printf 'url = "%s/slurm/%s/job/submit"\n' "$HPCENV_SLURM_URL" "$HPCENV_SLURM_API"
    printf 'header = "X-SLURM-USER-NAME: %s"\nheader = "X-SLURM-USER-TOKEN: %s"\n' "$HPCENV_SLURM_USER" "$token"
    printf 'header = "Content-Type: application/json"\ndata-binary = "@%s"\noutput = "/dev/null"\n' "$work/body.json"
    printf 'write-out = "%%{http_code}\\n"\n'
  done > "$work/curl.cfg"
)
cat > "$work/curl.sh" <<EOF2
curl --silent --no-progress-meter --http1.1 -Z --parallel-max $concurrency -K "$work/curl.cfg" | grep -c '^200\$' || true
EOF2
hold_flag=""; [ "$hold" = 1 ] && hold_flag="--hold"
cat > "$work/sbatch.sh" <<EOF2
runuser -u "$HPCENV_SLURM_USER" -- env SLURM_CONF="$SLURM_CONF" bash -c '
  failed=0
  for _ in \$(seq $jobs); do
    sbatch --parsable --job-name=hpcenv-bench-sbatch --chdir=/tmp --output=/dev/null --time=1 $hold_flag --wrap true >/dev/null || failed=\$((failed + 1))
  done
  echo \$failed'
EOF2
cat > "$work/drain.sh" <<EOF2
scancel -u "$HPCENV_SLURM_USER" --name="\$1" 2>/dev/null || true
EOF2

echo "submit throughput: Slurm $(sinfo -V | awk '{print $2}'), API $HPCENV_SLURM_API, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), held=$hold"
java -XX:+UseSerialGC -cp "$jar" dev.hpcenv.bench.slurm.SubmitBenchmark \
  "$HPCENV_SLURM_URL" "$HPCENV_SLURM_USER" "$HPCENV_SLURM_JWT_KEY" "$HPCENV_SLURM_API" \
  "$jobs" "$concurrency" "$([ "$hold" = 1 ] && echo true || echo false)" "$rounds" "$work"
