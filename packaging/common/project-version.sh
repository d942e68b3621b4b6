#!/usr/bin/env bash
# Prints the project's version: the first <version> of the root pom outside <parent> (no Maven
# start-up for one string).   project-version.sh [ROOT]   (default: this checkout)
set -euo pipefail
root="${1:-$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)}"
version="$(awk '/<parent>/{p=1} /<\/parent>/{p=0; next} !p && /<version>/{gsub(/.*<version>|<\/version>.*/,""); print; exit}' \
  "$root/pom.xml")"
if [ -z "$version" ]; then
  echo "project-version: no <version> in $root/pom.xml" >&2
  exit 2
fi
echo "$version"
