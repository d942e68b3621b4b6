#!/usr/bin/env bash
# Installs an hpcenv-shim tree (bin/hpcenv-shim, lib/hpcenv-shim/) into PREFIX as a new release
# and switches to it in one step, so that a node upgraded while jobs run never sees half of two
# versions:
#   PREFIX/releases/VERSION.XXXXXX/{bin/hpcenv-shim, lib/hpcenv-shim/{hpcenv-shim.jar,lib/,setup/,hpcenv-shim.jsa},
#                                   share/hpcenv/site-example/}
#   PREFIX/current  -> releases/...   (replaced by rename(2): the switch)
#   PREFIX/previous -> releases/...   (the release before; kept for a rollback)
#   PREFIX/bin/hpcenv-shim -> ../current/bin/hpcenv-shim   PREFIX/lib/hpcenv-shim -> ../current/lib/hpcenv-shim
# The launcher resolves its own path, so a running shim keeps using its release's files (the JVM
# opens jars lazily) until it exits; releases that are neither current, previous nor in use by a
# process are removed.
#   install-release.sh TREE PREFIX     prints the launcher path PREFIX/bin/hpcenv-shim
# Shared by packaging/tarball/install.sh and dev/install-shim.sh. Trains the CDS archive of the
# new release before switching to it.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "install-release: usage: install-release.sh TREE PREFIX" >&2
  exit 2
fi
tree="$(cd "$1" && pwd)"
here="$(dirname "$(readlink -f "$0")")"
version="$(cat "$tree/lib/hpcenv-shim/VERSION" 2>/dev/null || echo unknown)"
if [ ! -f "$tree/lib/hpcenv-shim/hpcenv-shim.jar" ] || [ ! -f "$tree/bin/hpcenv-shim" ]; then
  echo "install-release: $tree is not an hpcenv-shim tree (no bin/hpcenv-shim or lib/hpcenv-shim/hpcenv-shim.jar)" >&2
  exit 2
fi
if ! mkdir -p "$2/releases" 2>/dev/null || [ ! -w "$2/releases" ]; then
  echo "install-release: cannot write $2 (hint: run as root, or choose a PREFIX you can write)" >&2
  exit 2
fi
prefix="$(cd "$2" && pwd -P)"
chmod a+rx "$prefix"
mkdir -p "$prefix/releases" "$prefix/bin" "$prefix/lib"
chmod a+rx "$prefix/releases" "$prefix/bin" "$prefix/lib"

# One installer at a time per prefix (configuration management and an admin may overlap).
exec 9>"$prefix/.install.lock"
flock 9

rel="$(mktemp -d "$prefix/releases/$version.XXXXXX")"
trap 'rm -rf "$rel" "$prefix/.current.new" "$prefix/.previous.new" "$prefix/bin/.hpcenv-shim.new" "$prefix/lib/.hpcenv-shim.new"' EXIT
mkdir -p "$rel/bin" "$rel/lib"
cp -R "$tree/lib/hpcenv-shim" "$rel/lib/hpcenv-shim"
cp "$tree/bin/hpcenv-shim" "$rel/bin/hpcenv-shim"
[ ! -d "$tree/share" ] || cp -R "$tree/share" "$rel/share"
rm -f "$rel/lib/hpcenv-shim/hpcenv-shim.jsa" "$rel/lib/hpcenv-shim/".hpcenv-shim.jsa.*
chmod -R u+rwX,go+rX,go-w "$rel"
chmod 0755 "$rel" "$rel/bin/hpcenv-shim"
"$here/train-cds.sh" "$rel/bin/hpcenv-shim" >&2

# A prefix from an older installer has real files where the links go: move them aside once.
if [ -d "$prefix/lib/hpcenv-shim" ] && [ ! -L "$prefix/lib/hpcenv-shim" ]; then
  legacy="$(mktemp -d "$prefix/releases/legacy.XXXXXX")"
  mv "$prefix/lib/hpcenv-shim" "$legacy/"
fi

# The switch: rename(2) of a symbolic link is atomic.
old="$(readlink "$prefix/current" 2>/dev/null || true)"
ln -s "releases/${rel##*/}" "$prefix/.current.new"
mv -T "$prefix/.current.new" "$prefix/current"
trap 'rm -f "$prefix/.previous.new" "$prefix/bin/.hpcenv-shim.new" "$prefix/lib/.hpcenv-shim.new"' EXIT
if [ -n "$old" ] && [ "$old" != "releases/${rel##*/}" ]; then
  ln -s "$old" "$prefix/.previous.new"
  mv -T "$prefix/.previous.new" "$prefix/previous"
fi
for link in bin/hpcenv-shim lib/hpcenv-shim; do
  if [ "$(readlink "$prefix/$link" 2>/dev/null)" != "../current/$link" ]; then
    ln -s "../current/$link" "$prefix/${link%/*}/.hpcenv-shim.new"
    mv -T "$prefix/${link%/*}/.hpcenv-shim.new" "$prefix/$link"
  fi
done

# A release is in use when a process runs from it or holds one of its files open or mapped.
in_use() {
  local dir="$1"
  grep -qaF -- "$dir/" /proc/[0-9]*/cmdline /proc/[0-9]*/maps 2>/dev/null && return 0
  [ -n "$(find /proc/[0-9]*/fd -maxdepth 1 -lname "$dir/*" -print -quit 2>/dev/null)" ]
}
keep_current="$prefix/$(readlink "$prefix/current")"
keep_previous="$prefix/$(readlink "$prefix/previous" 2>/dev/null || echo none)"
for r in "$prefix"/releases/*; do
  [ -d "$r" ] || continue
  if [ "$r" = "$keep_current" ] || [ "$r" = "$keep_previous" ]; then continue; fi
  if in_use "$r"; then
    echo "install-release: keeping ${r##*/}: still in use by a running process" >&2
  else
    rm -rf "$r"
  fi
done
echo "$prefix/bin/hpcenv-shim"
