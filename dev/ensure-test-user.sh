#!/usr/bin/env bash
# Creates the unprivileged user that tests, the local Slurm and the demo run jobs as (default
# hpcuser, override with HPCENV_TEST_USER), with a home directory, subordinate uid/gid ranges for
# rootless containers, and /dev/fuse usable by unprivileged squashfuse. Idempotent; needs root.
# Prints the user name.
set -euo pipefail
user=${HPCENV_TEST_USER:-hpcuser}
if ! id "$user" >/dev/null 2>&1; then
  useradd --create-home --shell /bin/bash --user-group "$user"
fi
uid=$(id -u "$user")
# One subordinate range per user, far above normal uids, derived from the uid so reruns agree.
start=$(( 200000 + (uid % 1000) * 65536 ))
grep -q "^$user:" /etc/subuid 2>/dev/null || echo "$user:$start:65536" >> /etc/subuid
grep -q "^$user:" /etc/subgid 2>/dev/null || echo "$user:$start:65536" >> /etc/subgid
if [ -e /dev/fuse ]; then
  chmod 0666 /dev/fuse
fi
echo "$user"
