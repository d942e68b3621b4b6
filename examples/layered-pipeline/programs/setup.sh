#!/bin/sh
# The setup stage: writes the simulator's input deck to $PIPELINE_DIR/deck and clears the outputs of
# an earlier run, so that validate judges this run only. Settings (whole numbers):
#   BSP_STEPS (default 20, 1..10000), BSP_SEED (default random, 0..4294967295),
#   BSP_MIN_MS, BSP_MAX_MS (default 100 and 600, 0..60000): each rank sleeps that long per step.
set -eu
fail() { echo "setup: $*" >&2; exit 1; }
dir=${PIPELINE_DIR:-}
[ -n "$dir" ] || fail "PIPELINE_DIR is not set (hint: the environment pipeline-base sets it)"

# number NAME VALUE LOW HIGH: VALUE, a whole number in LOW..HIGH (at most 10 digits: no overflow).
number() {
  case $2 in
    '' | *[!0-9]* | ???????????*) fail "$1=$2: not a whole number in $3..$4" ;;
  esac
  [ "$2" -ge "$3" ] && [ "$2" -le "$4" ] || fail "$1=$2: not a whole number in $3..$4"
}
steps=${BSP_STEPS:-20}
seed=${BSP_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
min=${BSP_MIN_MS:-100}
max=${BSP_MAX_MS:-600}
number BSP_STEPS "$steps" 1 10000
number BSP_SEED "$seed" 0 4294967295
number BSP_MIN_MS "$min" 0 60000
number BSP_MAX_MS "$max" 0 60000
[ "$min" -le "$max" ] || fail "BSP_MIN_MS=$min is above BSP_MAX_MS=$max"

mkdir -p "$dir/samples"
rm -f "$dir/bsp-run.txt" "$dir/bsp-ranks.csv" "$dir/bsp-steps.csv" "$dir/samples.csv" "$dir/figure5.png" \
  "$dir"/samples/*.csv
printf 'steps=%s\nseed=%s\nmin_ms=%s\nmax_ms=%s\n' "$steps" "$seed" "$min" "$max" > "$dir/.deck.tmp"
mv "$dir/.deck.tmp" "$dir/deck"
echo "setup: wrote $dir/deck: $steps steps, seed $seed, sleep $min..$max ms per step"
