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
  # Java decodes the command line with the locale's charset: under C/POSIX a UTF-8 job name or path
  # would arrive as '?'. Use C.UTF-8 when the locale is not UTF-8 and C.UTF-8 exists.
  if [ "$(locale charmap 2>/dev/null)" != "UTF-8" ] && locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
    export LC_ALL=C.UTF-8
  fi
  # Short-lived commands: C1 only and the serial collector start fastest; CDS is used when present.
  exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto ${HPCENV_JAVA_OPTS:-} -jar "$path" "$@"
}
