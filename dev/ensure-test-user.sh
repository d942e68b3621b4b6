#!/usr/bin/env bash
# Creates the unprivileged user that tests, the local Slurm and the demo run jobs as (default
# hpcuser, override with HPCENV_TEST_USER), with a home directory, a supplementary group
# (hpcenv-test-grp) and subordinate uid/gid ranges, and sets this machine up as a compute node for
# rootless containers with the job's own ids: /dev/fuse usable by unprivileged squashfuse and
# user_allow_other in /etc/fuse.conf (docs/admin-guide.md, section 3). Idempotent; needs root.
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
getent group hpcenv-test-grp >/dev/null || groupadd hpcenv-test-grp
id -nG "$user" | tr ' ' '\n' | grep -qx hpcenv-test-grp || usermod -a -G hpcenv-test-grp "$user"
if [ -e /dev/fuse ]; then
  chmod 0666 /dev/fuse
fi
grep -qx 'user_allow_other' /etc/fuse.conf 2>/dev/null || echo 'user_allow_other' >> /etc/fuse.conf
echo "$user"
