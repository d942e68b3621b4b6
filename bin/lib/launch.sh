# Sourced by the launchers in bin/: runs a module's command-line jar from any working directory.
# Usage (from a launcher): launch MODULE JAR "$@"
launch() {
  local module=$1 jar=$2
  shift 2
  local root
  root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
  local path="$root/$module/target/$jar.jar"
  if [ ! -f "$path" ]; then
    echo "$(basename "$0"): $path is missing; build first: (cd $root && mvn -q -DskipTests package)" >&2
    exit 2
  fi
  # Short-lived commands: C1 only and the serial collector start fastest; CDS is used when present.
  exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto ${HPCENV_JAVA_OPTS:-} -jar "$path" "$@"
}
