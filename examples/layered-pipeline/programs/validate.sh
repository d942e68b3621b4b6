#!/bin/sh
# The validate stage: checks that the run left reasonable outputs in $PIPELINE_DIR (the paper's
# pipeline fails when they do not) and draws the paper's Figure 5 from them with gnuplot: each
# node's free memory against time, the BSP step boundaries marked, and each rank's barrier wait per
# step below it. Prints every problem on a line of its own and exits 1; else prints the figure's
# path and exits 0.
#   checks: the deck and the simulator's bsp-run.txt agree on the steps; bsp-ranks.csv has exactly
#   one well-formed row for every rank and every step; samples.csv has samples of every node of the
#   run, from before its first step to after its last.
# Settings: FIGURE5 (default $PIPELINE_DIR/figure5.png), FIGURE5_SCRIPT (default figure5.gnuplot
# beside this program).
set -eu
dir=${PIPELINE_DIR:-}
if [ -z "$dir" ]; then
  echo "validate: PIPELINE_DIR is not set (hint: the environment pipeline-base sets it)" >&2
  exit 2
fi
figure=${FIGURE5:-$dir/figure5.png}
here=$(cd "$(dirname "$0")" && pwd)
script=${FIGURE5_SCRIPT:-$here/figure5.gnuplot}
for f in deck bsp-run.txt bsp-ranks.csv samples.csv; do
  if [ ! -f "$dir/$f" ]; then
    echo "validate: FAILED: $dir/$f is missing (hint: did the setup and run stages, and the run's aggregator service, end well?)" >&2
    exit 1
  fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One awk pass over the four files. Problems go to problems.txt (at most 20 of them, then a count);
# the figure's data, with times in seconds since the run's first step, to the work directory.
awk -F, -v work="$work" '
function problem(text) { if (++problems <= 20) print "validate: FAILED: " text > (work "/problems.txt") }
function num(x) { return x ~ /^-?[0-9]+(\.[0-9]+)?$/ }
FNR == 1 { file = FILENAME; sub(/.*\//, "", file) }
file == "deck" || file == "bsp-run.txt" {
  eq = index($0, "=")
  if (eq > 0) { key = substr($0, 1, eq - 1); value = substr($0, eq + 1); kv[file, key] = value }
  next
}
file == "bsp-ranks.csv" {
  if (!ranks_started) {
    ranks_started = 1
    steps = kv["deck", "steps"] + 0; nranks = kv["bsp-run.txt", "ranks"] + 0
    lo = kv["deck", "min_ms"] - 1; hi = kv["deck", "max_ms"] + 1
    start = kv["bsp-run.txt", "start_s"]; end = kv["bsp-run.txt", "end_s"]
    if (kv["deck", "steps"] !~ /^[0-9]+$/ || steps < 1) problem("deck: steps=" kv["deck", "steps"] " is not a positive whole number")
    if (kv["bsp-run.txt", "steps"] != kv["deck", "steps"]) problem("bsp-run.txt: steps=" kv["bsp-run.txt", "steps"] ", the deck says " kv["deck", "steps"])
    if (kv["bsp-run.txt", "ranks"] !~ /^[0-9]+$/ || nranks < 1) problem("bsp-run.txt: ranks=" kv["bsp-run.txt", "ranks"] " is not a positive whole number")
    if (!num(start) || !num(end) || end + 0 < start + 0) problem("bsp-run.txt: start_s=" start " end_s=" end " is no time span")
    nnodes = split(kv["bsp-run.txt", "nodes"], node_list, " ")
    if (nnodes < 1) problem("bsp-run.txt: no nodes")
    for (i = 1; i <= nnodes; i++) { is_node[node_list[i]] = i; if (node_list[i] !~ /^[A-Za-z0-9._-]+$/) problem("bsp-run.txt: node name \"" node_list[i] "\" has characters other than letters, digits, . _ -") }
    if ($0 != "step,rank,node,start_s,sleep_ms,wait_ms,end_s") problem("bsp-ranks.csv:1: header is \"" $0 "\"")
    next
  }
  where = "bsp-ranks.csv:" FNR ": "
  if (NF != 7) { problem(where "expected 7 fields, found " NF); next }
  if ($1 !~ /^[0-9]+$/ || $1 < 1 || $1 > steps) { problem(where "step " $1 " is not in 1.." steps); next }
  if ($2 !~ /^[0-9]+$/ || $2 >= nranks) { problem(where "rank " $2 " is not in 0.." nranks - 1); next }
  if (($1, $2) in seen) { problem(where "step " $1 " rank " $2 " again (first on line " seen[$1, $2] ")"); next }
  seen[$1, $2] = FNR
  if (!($3 in is_node)) problem(where "node " $3 " is not a node of bsp-run.txt")
  if (!num($4) || !num($5) || !num($6) || !num($7)) { problem(where "a time is not a number"); next }
  if ($5 < lo || $5 > hi) problem(where "slept " $5 " ms, outside the deck range " kv["deck", "min_ms"] ".." kv["deck", "max_ms"] " ms")
  if ($6 < 0 || $7 < $4) problem(where "negative wait or time span")
  print $7 - start, $6 > (work "/wait-" ($2 + 1) ".dat")
  if ($7 > step_end[$1]) step_end[$1] = $7
  next
}
file == "samples.csv" {
  if (FNR == 1) { if ($0 != "time_s,node,memavailable_kb") problem("samples.csv:1: header is \"" $0 "\""); next }
  if (NF != 3 || !num($1) || $3 !~ /^[0-9]+$/) { problem("samples.csv:" FNR ": expected time_s,node,memavailable_kb"); next }
  if (!($2 in is_node)) next
  n = $2; count[n]++; samples++
  if (!(n in first) || $1 < first[n]) first[n] = $1
  if (!(n in last) || $1 > last[n]) last[n] = $1
  t = $1 - start
  if (samples == 1 || t < tmin) tmin = t
  if (samples == 1 || t > tmax) tmax = t
  print t, $3 / 1024 > (work "/memory-" is_node[n] ".dat")
}
END {
  for (s = 1; s <= steps; s++) {
    missing = ""
    for (r = 0; r < nranks; r++) if (!((s, r) in seen)) missing = missing " " r
    if (missing != "") problem("bsp-ranks.csv: step " s " has no row for rank(s)" missing)
    else print step_end[s] - start > (work "/steps.dat")
  }
  for (i = 1; i <= nnodes; i++) {
    n = node_list[i]
    if (count[n] < 2) problem("samples.csv: " (count[n] + 0) " samples of node " n " (the sampler service of that node did not run?)")
    else if (first[n] > start + 1 || last[n] < end - 1) problem("samples.csv: the samples of node " n " span " first[n] ".." last[n] ", not the run " start ".." end)
  }
  if (problems > 20) print "validate: FAILED: ... and " problems - 20 " more" > (work "/problems.txt")
  printf "%d %d %d %d %.1f %.3f %.3f\n", nranks, steps, nnodes, samples, end - start, tmin, tmax > (work "/summary.txt")
  for (i = 1; i <= nnodes; i++) print node_list[i] > (work "/nodes.txt")
}' "$dir/deck" "$dir/bsp-run.txt" "$dir/bsp-ranks.csv" "$dir/samples.csv"

if [ -s "$work/problems.txt" ]; then
  cat "$work/problems.txt" >&2
  exit 1
fi
read -r ranks steps nodes samples seconds tmin tmax < "$work/summary.txt"

if ! command -v gnuplot >/dev/null 2>&1; then
  echo "validate: FAILED: the outputs are good, but gnuplot is missing to draw Figure 5 (hint: Debian package gnuplot-nox)" >&2
  exit 1
fi
# gnuplot reads fixed file names in the work directory and numbers only: nothing of the outputs
# becomes gnuplot text. The legend's node names are the first line of each memory file.
i=1
while read -r node; do
  { echo "time $node"; cat "$work/memory-$i.dat"; } > "$work/memory-$i.txt"
  i=$((i + 1))
done < "$work/nodes.txt"
cp "$script" "$work/figure5.gnuplot"
(cd "$work" && gnuplot -e "nodes=$nodes; ranks=$ranks; steps=$steps; tmin=$tmin; tmax=$tmax" figure5.gnuplot) > "$work/gnuplot.log" 2>&1 || {
  echo "validate: FAILED: gnuplot could not draw Figure 5:" >&2
  cat "$work/gnuplot.log" >&2
  exit 1
}
mkdir -p "$(dirname "$figure")"
cp "$work/figure5.png" "$figure.tmp"
mv "$figure.tmp" "$figure"
echo "validate: OK: $ranks ranks x $steps steps in ${seconds} s on $(paste -s -d ' ' "$work/nodes.txt"); $samples memory samples from $nodes nodes"
echo "validate: figure 5: $figure"
