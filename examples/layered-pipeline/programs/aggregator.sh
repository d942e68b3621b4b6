#!/bin/sh
# The aggregator service on the job's first node (the paper's LDMS aggregator role): gathers the
# nodes' $PIPELINE_DIR/samples/NODE.csv into one $PIPELINE_DIR/samples.csv (time_s,node,
# memavailable_kb) every AGGREGATOR_PERIOD_S seconds (default 2, 1..3600) and once more at SIGTERM.
# Each gathering replaces the file in one rename, so a reader never sees half of it.
set -eu
fail() { echo "aggregator: $*" >&2; exit 2; }
dir=${PIPELINE_DIR:-}
[ -n "$dir" ] || fail "PIPELINE_DIR is not set (hint: the environment pipeline-base sets it)"
period=${AGGREGATOR_PERIOD_S:-2}
case $period in '' | *[!0-9]* | ?????*) fail "AGGREGATOR_PERIOD_S=$period: not a whole number of seconds in 1..3600" ;; esac
[ "$period" -ge 1 ] && [ "$period" -le 3600 ] || fail "AGGREGATOR_PERIOD_S=$period: not a whole number of seconds in 1..3600"

gather() {
  tmp="$dir/.samples.csv.$$"
  {
    echo "time_s,node,memavailable_kb"
    for f in "$dir"/samples/*.csv; do
      [ -f "$f" ] || continue
      node=${f##*/}
      # Whole lines only: the sampler may be writing the last one.
      awk -F, -v node="${node%.csv}" 'NR > 1 && NF == 2 && $1 ~ /^[0-9]+\.[0-9]+$/ && $2 ~ /^[0-9]+$/ { print $1 "," node "," $2 }' "$f"
    done
  } > "$tmp"
  mv "$tmp" "$dir/samples.csv"
}

stopping=0
trap 'stopping=1' TERM INT
echo "aggregator: gathering $dir/samples/*.csv into $dir/samples.csv every $period s" >&2
while [ "$stopping" = 0 ]; do
  gather
  sleep "$period" &
  wait $! || true
done
kill $! 2>/dev/null || true
gather
echo "aggregator: stopped; $(($(wc -l < "$dir/samples.csv") - 1)) samples in $dir/samples.csv" >&2
