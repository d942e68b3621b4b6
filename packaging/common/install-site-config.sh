#!/usr/bin/env bash
# Installs the example site configuration (shim.toml, hooks.d/ and the hook programs of libexec/)
# as the node's configuration, only when the node has none: an admin's /etc/hpcenv/shim.toml is
# never touched, and neither is an existing hooks.d (every file in it is a hook that runs in
# containers, so nothing is added to it) nor an existing hook program.
#   install-site-config.sh EXAMPLE_DIR [ETC_DIR [LIBEXEC_DIR]]
#     ETC_DIR default /etc/hpcenv; LIBEXEC_DIR default /usr/libexec/hpcenv (where the example
#     hooks.d files expect their programs)
# Files are root's and not group/world-writable when run as root: the shim refuses hooks.d files
# anybody else could change.
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 3 ] || [ ! -f "$1/shim.toml" ]; then
  echo "install-site-config: usage: install-site-config.sh EXAMPLE_DIR [ETC_DIR [LIBEXEC_DIR]] (EXAMPLE_DIR holds shim.toml)" >&2
  exit 2
fi
example="$1"
etc="${2:-/etc/hpcenv}"
libexec="${3:-/usr/libexec/hpcenv}"
if [ -e "$etc/shim.toml" ]; then
  echo "install-site-config: $etc/shim.toml exists; left as it is (the example is $example/shim.toml)"
  exit 0
fi
umask 022
install -d -m 0755 "$etc"
if [ -d "$example/hooks.d" ]; then
  if [ -e "$etc/hooks.d" ]; then
    echo "install-site-config: $etc/hooks.d exists; left as it is (the examples are in $example/hooks.d)"
  else
    # Built beside and renamed: the shim never sees half a hooks directory.
    tmp="$(mktemp -d "$etc/.hooks.d.XXXXXX")"
    trap 'rm -rf "$tmp"' EXIT
    cp -R "$example/hooks.d/." "$tmp/"
    chmod -R u+rwX,go+rX,go-w "$tmp"
    chmod 0755 "$tmp"
    mv -T "$tmp" "$etc/hooks.d"
    echo "install-site-config: installed $etc/hooks.d from $example/hooks.d"
  fi
fi
if [ -d "$example/libexec" ]; then
  install -d -m 0755 "$libexec"
  for f in "$example"/libexec/*; do
    [ -f "$f" ] || continue
    if [ -e "$libexec/${f##*/}" ]; then
      echo "install-site-config: $libexec/${f##*/} exists; left as it is"
    else
      install -m 0755 "$f" "$libexec/.${f##*/}.new"
      mv -f "$libexec/.${f##*/}.new" "$libexec/${f##*/}"
      echo "install-site-config: installed $libexec/${f##*/}"
    fi
  done
fi
# shim.toml last: its presence is what marks the node as configured.
install -m 0644 "$example/shim.toml" "$etc/.shim.toml.new"
mv -f "$etc/.shim.toml.new" "$etc/shim.toml"
echo "install-site-config: installed $etc/shim.toml from $example/shim.toml"
