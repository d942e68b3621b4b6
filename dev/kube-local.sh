#!/usr/bin/env bash
# A real Kubernetes control plane on loopback for the tests: etcd and kube-apiserver, built from their
# published Go modules (versions pinned in dev/kube-local/go.mod), run as envtest does (no kubelet, no
# scheduler, no controller manager: the operator needs only the API).
#   dev/kube-local.sh build    build the two binaries into the cache once (reused when present)
#   dev/kube-local.sh start    build if needed, start etcd and kube-apiserver (idempotent), write kubeconfigs
#   dev/kube-local.sh status   exit 0 when the API server answers /readyz
#   dev/kube-local.sh env      HPCENV_KUBE_* and KUBECONFIG lines for a shell or a test
#   dev/kube-local.sh check    exit 0 when the binaries are cached or can be built; otherwise one line why
#   dev/kube-local.sh stop     stop both, remove etcd's data, the certificates and the aggregation interface
#   dev/kube-local.sh logs     the API server's and etcd's logs
# The API server runs with client-certificate and service-account-token authentication, RBAC, the
# default admission plugins and the aggregation layer (front-proxy CA and client certificate).
# Aggregated API servers under test (the operator's log API) listen on a dummy interface, hpcenv-kagg
# (a veth pair where the kernel has no dummy driver) with 172.29.210.1/32 (HPCENV_KUBE_AGGREGATION_ADDRESS): the API server refuses to proxy to an
# endpoint on loopback, and --enable-aggregator-routing sends it to the endpoint's address.
# The admin kubeconfig (system:masters) is for test set-up only; what the operator does is tested under
# the chart's ServiceAccount.
# Settings: HPCENV_KUBE_STATE (default /var/tmp/hpcenv-kube), HPCENV_KUBE_PORT (default 16443),
# HPCENV_ETCD_PORT (default 12379, and the next port for etcd's peer URL), HPCENV_KUBE_CACHE (default
# /var/cache/hpcenv/kube; the binaries go to a folder named after the pinned versions).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
module="$root/dev/kube-local"
state=$(realpath -m "${HPCENV_KUBE_STATE:-/var/tmp/hpcenv-kube}")
port=${HPCENV_KUBE_PORT:-16443}
etcd_port=${HPCENV_ETCD_PORT:-12379}
etcd_peer=$((etcd_port + 1))
cache_root=$(realpath -m "${HPCENV_KUBE_CACHE:-/var/cache/hpcenv/kube}")
aggregation_link=hpcenv-kagg
aggregation_address=172.29.210.1

log() { echo "kube-local: $*" >&2; }
die() { echo "kube-local: $*" >&2; exit 1; }

for v in port etcd_port; do
  [[ ${!v} =~ ^[0-9]+$ ]] && [ "${!v}" -ge 1024 ] && [ "${!v}" -le 65534 ] \
    || die "${v^^} setting '${!v}' is not a port in 1024..65534 (HPCENV_KUBE_PORT, HPCENV_ETCD_PORT)"
done

# kube-apiserver and etcd versions as go.mod pins them; the cache folder is named after both, so a
# version change builds anew and never reuses an old binary.
pinned() { sed -n "s#^[[:space:]]*$1 \\(v[^ ]*\\).*#\\1#p" "$module/go.mod" | head -1; }
kube_version=$(pinned k8s.io/kubernetes)
etcd_version=$(pinned go.etcd.io/etcd/server/v3)
# kube-apiserver reports the release it was built from (kubectl version, discovery), as a release build does.
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$kube_version -X k8s.io/component-base/version.gitTreeState=clean"
ldflags+=" -X k8s.io/client-go/pkg/version.gitVersion=$kube_version"
# Named after the versions and a hash of the whole recipe (go.mod, go.sum, flags): any change builds anew.
recipe=$(cat "$module/go.mod" "$module/go.sum" <(echo "$ldflags") | sha256sum | cut -c1-12)
cache="$cache_root/kubernetes-$kube_version-etcd-$etcd_version-$recipe"
apiserver="$cache/kube-apiserver"
etcd="$cache/etcd"

built() { [ -x "$apiserver" ] && [ -x "$etcd" ]; }

# The go.mod's go line, e.g. 1.26.0; the local Go must be at least that.
go_needed() { sed -n 's/^go \([0-9.]*\)$/\1/p' "$module/go.mod"; }

# Why the binaries cannot be built here, or nothing when they can.
unbuildable() {
  command -v go >/dev/null 2>&1 || { echo "no go command (Go $(go_needed) or newer builds kube-apiserver and etcd; Debian 12's golang is too old)"; return; }
  local have need
  have=$(go env GOVERSION 2>/dev/null | sed 's/^go//')
  need=$(go_needed)
  if [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -1)" != "$need" ]; then
    echo "go $have is older than the $need that dev/kube-local/go.mod needs"
    return
  fi
  # The one module whose source the build needs first; answered from Go's module cache when present.
  local err
  if ! err=$(cd "$module" && GOFLAGS=-mod=readonly timeout 300 go mod download k8s.io/kubernetes 2>&1); then
    echo "the Go module proxy did not serve k8s.io/kubernetes $kube_version ($(echo "$err" | tail -1))"
  fi
}

check() {
  built && return 0
  local why
  why=$(unbuildable)
  [ -z "$why" ] || { echo "kube-local: cannot build the control plane: $why" >&2; return 1; }
}

build() {
  if built; then
    log "using $cache (kube-apiserver $kube_version, etcd $etcd_version)"
    return 0
  fi
  local why
  why=$(unbuildable)
  [ -z "$why" ] || die "cannot build the control plane: $why"
  mkdir -p "$cache"
  local tmp started=$SECONDS
  tmp=$(mktemp -d "$cache/.build.XXXXXX")
  log "building kube-apiserver $kube_version and etcd $etcd_version from the Go module proxy (minutes on a new machine)"
  # -mod=readonly: go.sum in the repository decides every module's content.
  (cd "$module" && GOFLAGS=-mod=readonly go build -trimpath -ldflags "$ldflags" -o "$tmp/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver) \
    || { rm -rf "$tmp"; die "building kube-apiserver failed (see above)"; }
  (cd "$module" && GOFLAGS=-mod=readonly go build -trimpath -ldflags '-s -w' -o "$tmp/etcd" go.etcd.io/etcd/server/v3) \
    || { rm -rf "$tmp"; die "building etcd failed (see above)"; }
  # Renamed into place only when both are built: a killed build leaves no half a cache.
  mv "$tmp/kube-apiserver" "$tmp/etcd" "$cache/"
  rmdir "$tmp"
  log "built in $((SECONDS - started)) s into $cache"
}

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

admin_curl() {
  curl -fsS --max-time 2 --cacert "$state/pki/ca.crt" --cert "$state/pki/admin.crt" --key "$state/pki/admin.key" "$@"
}

ready() { [ -f "$state/pki/admin.crt" ] && admin_curl "https://127.0.0.1:$port/readyz" >/dev/null 2>&1; }
# Waiting ends early when the daemon has died: its log says why.
alive_and() { running "$1" || return 2; "${@:2}"; }
etcd_healthy() { curl -fsS --max-time 2 "http://127.0.0.1:$etcd_port/health" 2>/dev/null | grep -q '"health":"true"'; }

wait_for() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  local rc
  until "$@"; do
    rc=$?
    [ $rc -ne 2 ] || { log "$what: the process ended"; return 1; }
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
  log "$what is ready"
}

# One CA for serving and client certificates, one for the front proxy (the aggregation layer), and
# the service-account signing key pair. Kept for the life of one start..stop.
make_pki() {
  local pki="$state/pki"
  [ -f "$pki/complete" ] && return 0
  rm -rf "$pki"
  mkdir -p "$pki"
  chmod 700 "$pki"
  ( cd "$pki"
    ca() { openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$2" -keyout "$1.key" -out "$1.crt" 2>/dev/null; }
    cert() { # name, CA, subject, extensions
      openssl req -newkey rsa:2048 -nodes -subj "$3" -keyout "$1.key" -out "$1.csr" 2>/dev/null
      printf '%s\n' "$4" > "$1.ext"
      openssl x509 -req -in "$1.csr" -CA "$2.crt" -CAkey "$2.key" -CAcreateserial -days 30 -extfile "$1.ext" -out "$1.crt" 2>/dev/null
      rm -f "$1.csr" "$1.ext"
    }
    ca ca hpcenv-kube-local-ca
    ca front-proxy-ca hpcenv-kube-local-front-proxy-ca
    cert apiserver ca "/CN=kube-apiserver" \
      "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc
extendedKeyUsage=serverAuth
keyUsage=digitalSignature,keyEncipherment"
    cert admin ca "/O=system:masters/CN=hpcenv-kube-local-admin" "extendedKeyUsage=clientAuth
keyUsage=digitalSignature,keyEncipherment"
    cert front-proxy-client front-proxy-ca "/CN=front-proxy-client" "extendedKeyUsage=clientAuth
keyUsage=digitalSignature,keyEncipherment"
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    touch complete )
}

write_kubeconfig() {
  local file="$state/admin.kubeconfig"
  cat > "$file.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kube-local
  cluster:
    server: https://127.0.0.1:$port
    certificate-authority: $state/pki/ca.crt
users:
- name: admin
  user:
    client-certificate: $state/pki/admin.crt
    client-key: $state/pki/admin.key
contexts:
- name: kube-local
  context:
    cluster: kube-local
    user: admin
current-context: kube-local
EOF
  chmod 600 "$file.tmp"
  mv "$file.tmp" "$file"
}

# The dummy interface aggregated API servers listen on (idempotent; needs CAP_NET_ADMIN, as root has).
aggregation_up() {
  # A kernel without the dummy driver (containers: no modules to load) gets a veth pair instead, both
  # ends up, the address on the first: the address is local either way.
  if ! ip link show "$aggregation_link" >/dev/null 2>&1; then
    ip link add "$aggregation_link" type dummy 2>/dev/null \
      || ip link add "$aggregation_link" type veth peer name "$aggregation_link-p" \
      || die "cannot add the interface $aggregation_link (ip link add needs root or CAP_NET_ADMIN)"
  fi
  ! ip link show "$aggregation_link-p" >/dev/null 2>&1 || ip link set "$aggregation_link-p" up \
    || die "cannot bring $aggregation_link-p up"
  ip -4 addr show dev "$aggregation_link" | grep -q "inet $aggregation_address/" \
    || ip addr add "$aggregation_address/32" dev "$aggregation_link" \
    || die "cannot give $aggregation_link the address $aggregation_address/32"
  ip link set "$aggregation_link" up || die "cannot bring $aggregation_link up"
}

aggregation_down() {
  if ip link show "$aggregation_link" >/dev/null 2>&1; then
    ip link del "$aggregation_link" || log "cannot remove the dummy interface $aggregation_link"
  fi
}

aggregation_ready() { ip -4 addr show dev "$aggregation_link" 2>/dev/null | grep -q "inet $aggregation_address/"; }

start() {
  aggregation_up
  # Running daemons are kept, even when slow to answer on a busy machine: a restart would wipe every
  # object the running tests made.
  if running "$state/kube-apiserver.pid" && running "$state/etcd.pid"; then
    if wait_for 120 "kube-apiserver on https://127.0.0.1:$port" alive_and "$state/kube-apiserver.pid" ready; then
      write_kubeconfig
      return 0
    fi
    log "kube-apiserver runs but did not answer /readyz in 120 s: starting both anew (the end of its log:)"
    tail -20 "$state/kube-apiserver.log" >&2 || true
  fi
  build
  stop_daemons
  cd /   # the daemons outlive this script
  mkdir -p "$state"
  make_pki
  rm -rf "$state/etcd"
  setsid "$etcd" --name local --data-dir "$state/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
    --initial-cluster "local=http://127.0.0.1:$etcd_peer" --unsafe-no-fsync --log-level warn \
    >"$state/etcd.log" 2>&1 </dev/null 9>&- &
  echo $! > "$state/etcd.pid"
  wait_for 60 "etcd on 127.0.0.1:$etcd_port" alive_and "$state/etcd.pid" etcd_healthy || { cat "$state/etcd.log" >&2; die "etcd did not become healthy in 60 s; its log is above"; }
  local pki="$state/pki"
  setsid "$apiserver" \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$port" \
    --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
    --client-ca-file "$pki/ca.crt" \
    --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc \
    --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
    --service-cluster-ip-range 10.0.0.0/24 \
    --requestheader-client-ca-file "$pki/front-proxy-ca.crt" \
    --requestheader-allowed-names front-proxy-client \
    --requestheader-username-headers X-Remote-User --requestheader-group-headers X-Remote-Group \
    --requestheader-extra-headers-prefix X-Remote-Extra- \
    --proxy-client-cert-file "$pki/front-proxy-client.crt" --proxy-client-key-file "$pki/front-proxy-client.key" \
    --enable-aggregator-routing \
    --endpoint-reconciler-type none \
    --profiling=false --v 1 \
    >"$state/kube-apiserver.log" 2>&1 </dev/null 9>&- &
  echo $! > "$state/kube-apiserver.pid"
  write_kubeconfig
  wait_for 120 "kube-apiserver on https://127.0.0.1:$port" alive_and "$state/kube-apiserver.pid" ready \
    || { tail -50 "$state/kube-apiserver.log" >&2; die "kube-apiserver did not answer /readyz in 120 s; the end of its log is above ($state/kube-apiserver.log)"; }
}

stop_pid() {
  local pidfile=$1 pid deadline
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

stop_daemons() {
  stop_pid "$state/kube-apiserver.pid"
  stop_pid "$state/etcd.pid"
}

stop() {
  stop_daemons
  aggregation_down
  rm -rf "$state/etcd" "$state/pki" "$state/admin.kubeconfig"
}

env_lines() {
  ready || die "not running (dev/kube-local.sh start first)"
  echo "HPCENV_KUBE_URL=https://127.0.0.1:$port"
  echo "HPCENV_KUBE_KUBECONFIG=$state/admin.kubeconfig"
  echo "HPCENV_KUBE_STATE=$state"
  aggregation_ready && echo "HPCENV_KUBE_AGGREGATION_ADDRESS=$aggregation_address"
  echo "HPCENV_KUBE_VERSION=$kube_version"
  echo "HPCENV_ETCD_VERSION=$etcd_version"
  echo "KUBECONFIG=$state/admin.kubeconfig"
}

cmd=${1:-}
shift || true
# One build, start or stop at a time (test JVMs and dev/test.sh may call at once). The daemons do not
# inherit the lock's descriptor (9>&- where they start): they would hold the lock for their lifetime.
case "$cmd" in
  build|start|stop)
    mkdir -p "$(dirname "$state")"
    exec 9>"$state.lock"
    flock 9 ;;
esac
case "$cmd" in
  build) build ;;
  start) start ;;
  stop) stop ;;
  status) ready && echo "kube-apiserver $kube_version ready on https://127.0.0.1:$port" || { echo "kube-local: not running" >&2; exit 1; } ;;
  env) env_lines ;;
  check) check ;;
  logs) cat "$state/etcd.log" "$state/kube-apiserver.log" 2>/dev/null || true ;;
  *) echo "usage: $0 build|start|stop|status|env|check|logs" >&2; exit 2 ;;
esac
