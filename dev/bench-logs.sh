#!/usr/bin/env bash
# Benchmark of the job-output path (docs/job-output.md) against the same task without it, in one
# run (a command, not a test). The task is a paced writer run by `hpcenv-shim run` on the node
# itself (an environment without an image, so the only difference between the two runs is the log
# path): for SECONDS seconds 1000 lines a second of 10,000 bytes each (10 MB/s), each line starting
# with its write time in epoch nanoseconds, paced against absolute deadlines, so that a writer the
# log path slows finishes late. The shim's stdout goes to a file, as Slurm's output file.
# Rounds alternate with and without HPCENV_LOG_URL/HPCENV_LOG_TOKEN; the ingest server and the log
# store (operator classes, default 10 MiB per job) run in the driver's JVM, whose follower reads
# each shipped job's log with LogStore.read(follow). Prints, beside the baseline of the same run:
#   job runtime with/without (median over rounds) and the ratio against the target (<= 1.02);
#   bytes written vs delivered to the store and gaps; delivery latency p50/p99 (write -> follower);
#   operator CPU (ingest + store) per MB.
#   dev/bench-logs.sh [--seconds N (30)] [--rounds N (3)]
# Needs root (it installs the shim into a temporary prefix); the shim and the task run as the
# unprivileged test user, the production path. Leaves nothing behind.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
seconds=30
rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "usage: $0 [--seconds N] [--rounds N]" >&2; exit 2 ;;
  esac
done
case "$seconds$rounds" in *[!0-9]*) echo "bench-logs: --seconds and --rounds take whole numbers" >&2; exit 2 ;; esac
[ "$seconds" -ge 1 ] && [ "$rounds" -ge 1 ] || { echo "bench-logs: --seconds and --rounds must be at least 1" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "bench-logs: run as root (it installs the shim and runs it as the test user)" >&2; exit 2; }

# The driver lives in the benchmarks module; its jar's Class-Path holds the operator's log classes.
jar="$root/benchmarks/target/hpcenv-benchmarks.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/operator/src/main" "$root/benchmarks/src/main" -newer "$jar" -print -quit)" ]; then
  (cd "$root" && mvn -q -B -pl benchmarks -am package -DskipTests) >&2
fi

user=$("$root/dev/ensure-test-user.sh")
work=$(mktemp -d /tmp/hpcenv-bench-logs.XXXXXX)
chmod 755 "$work"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

echo "bench-logs: installing the shim (with its CDS archive) into $work/prefix" >&2
shim=$("$root/dev/install-shim.sh" "$work/prefix")

mkdir -p "$work"/site/{store,rt,tmp} "$work/task"
printf 'image_store = "%s"\nruntime_dir = "%s"\ntemp_dir = "%s"\n' \
  "$work/site/store" "$work/site/rt" "$work/site/tmp" > "$work/site/shim.toml"

# The task. Line i is due at start + i ms; a writer that falls behind writes at once (no pause),
# so a slowed writer finishes late instead of writing less. It records how late its last line
# was, in ns, in SUMMARY: "<elapsed> <late>".
cat > "$work/writer.py" <<'PY'
import os, sys, time
seconds, summary = int(sys.argv[1]), sys.argv[2]
rate, size = 1000, 10_000
pad = b"x" * (size - 20 - 1)
lines = seconds * rate
start = time.monotonic_ns()
for i in range(lines):
    due = start + i * 1_000_000
    now = time.monotonic_ns()
    if now < due:
        time.sleep((due - now) / 1e9)
    line = b"%019d " % time.time_ns() + pad + b"\n"
    view = memoryview(line)
    while view:
        view = view[os.write(1, view):]
end = time.monotonic_ns()
last_due = start + (lines - 1) * 1_000_000
with open(summary, "w") as f:
    f.write("%d %d\n" % (end - start, max(0, end - last_due)))
PY
chown -R "$user:" "$work/site" "$work/task"

echo "bench-logs: $rounds rounds of $seconds s with and without the log path, alternating" >&2
java @"$root/operator/jvm.options" -cp "$jar" dev.hpcenv.bench.logs.LogsBenchmark \
  "$shim" "$user" "$work" "$seconds" "$rounds" "$work/writer.py"
