#!/usr/bin/env bash
# The main job, for now: build, then validate, render and convert the paper's EDFs in examples/.
# (It becomes the end-to-end Kubernetes -> Slurm -> container demo when the operator lands.)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
cd "$root"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "build (mvn package, tests skipped; run dev/test.sh for those)"
mvn -q -B -ntp -DskipTests package

# The listings reference site variables; give them demo values.
export SCRATCH=${SCRATCH:-/scratch/demo}
export HOME=${HOME:-/root}

step "validate every example EDF"
bin/edf validate examples/*/*.toml

step "render Listing 5 (pytorch-debug), which inherits pytorch-24.01 through EDF_PATH"
EDF_PATH="$root/examples/pytorch-dev" bin/edf render pytorch-debug

step "render Listing 7 (pytorch-on-mlp) on the site defaults of Listing 6 (cscs-mlp)"
EDF_PATH="$root/examples/site-defaults" bin/edf render pytorch-on-mlp

step "convert Listing 7 and its base into Kubernetes resources (kubectl apply -f ready)"
EDF_PATH="$root/examples/site-defaults" bin/edf convert --recursive --namespace ml pytorch-on-mlp
# (--recursive emits the base cscs-mlp too; an admin would publish it as a ClusterHpcEnvironment)

step "round trip: EDF -> HpcEnvironment -> EDF renders the same"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin/edf convert examples/fourcastnet/fourcastnet.toml > "$tmp/fourcastnet.yaml"
bin/edf convert --to-edf "$tmp/fourcastnet.yaml" > "$tmp/fourcastnet.toml"
# Only "bases" (the file paths applied) may differ: the round-tripped file lives elsewhere.
without_bases() { sed '/"bases"/,/]/d'; }
if diff <(bin/edf render examples/fourcastnet/fourcastnet.toml | without_bases) \
        <(bin/edf render "$tmp/fourcastnet.toml" | without_bases); then
  echo "identical render output"
else
  echo "render output differs after the round trip" >&2
  exit 1
fi

step "a mistake gets one clear line, not a stack trace"
printf 'image = "ubuntu:24.04"\nmounts = ["/scratch:/scratch:ro", 42]\n' > "$tmp/broken.toml"
bin/edf validate "$tmp/broken.toml" || echo "(exit $? as expected)"

printf '\nNext: bin/edf --help; docs/edf.md explains every key and rule.\n'
