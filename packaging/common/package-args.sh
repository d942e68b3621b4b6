# The packaging scripts' command line, sourced by dev/package-*.sh:
#   package_args SCRIPT "$@"   sets out (default $root/dist) and jars (empty: the script's default),
# or exits 2 with a one-line usage naming SCRIPT. $root must be set.
package_args() {
  local script=$1
  shift
  out="$root/dist"
  jars=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --out) out="${2:?--out needs a directory}"; shift 2 ;;
      --jar-dir) jars="${2:?--jar-dir needs a directory}"; shift 2 ;;
      *) echo "$script: unknown argument '$1' (usage: dev/$script.sh [--out DIR] [--jar-dir DIR])" >&2; exit 2 ;;
    esac
  done
}
