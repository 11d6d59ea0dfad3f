#!/usr/bin/env bash
# The quick start: from a fresh Debian 12 machine (with the .NET 10 SDK) to a running
# all-in-one Provisioning host (API + engine + a local agent in one process) that makes VMs
# people can log into.
#
#   scripts/up.sh                    # http://127.0.0.1:8080
#   PROVISIONING_URL=http://0.0.0.0:9000 scripts/up.sh
#
# Installs the system packages if missing, starts PostgreSQL, RabbitMQ, libvirt and Open
# vSwitch (scripts/services.sh), builds the Debian 12 cloud image once (scripts/build-image.sh,
# about 1.5 minutes the first time, cached after), then builds and runs
# src/Provisioning.AllInOne. Once it serves, this machine is made ready for VMs: onboarded
# (onboard-host), the image imported as `debian-12`, and the address pool `vlan100`
# (10.100.0.0/24 on bridge localbr, VLAN 100) created with a gateway port, so this machine
# reaches its guests. Each of those is skipped when already done. Ctrl-C stops the host; the
# services keep running (scripts/services.sh stop).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$PROVISIONING_ROOT"

URL="${PROVISIONING_URL:-http://127.0.0.1:8080}"
STATE_DIR="$PROVISIONING_STATE_DIR/quickstart"

# Fail now, not after a two-minute build, when the port is taken.
port="${URL##*:}"; port="${port%%/*}"
if [[ "$port" =~ ^[0-9]+$ ]] && ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then
  die "port $port is already in use (set PROVISIONING_URL to another address): $(ss -Hltnp "sport = :$port" | head -n1)"
fi

scripts/install-deps.sh
# The daemons are system-wide and PostgreSQL/libvirt need root to be set up.
as_root "$PROVISIONING_ROOT/scripts/services.sh" start

# App configuration matching the services above, plus detected host facts (OVS datapath,
# guest CPU mode); anything already set in the environment wins.
# shellcheck source=lib/config.sh
source "$PROVISIONING_ROOT/scripts/lib/config.sh"
# Inside a VM (nested virtualisation) KVM runs a blank guest but not a Linux kernel: guests
# with an OS need TCG there. Bare metal keeps the agent's default (kvm where /dev/kvm exists).
if [[ -z "${Agent__DomainType:-}" ]] && grep -qw hypervisor /proc/cpuinfo 2>/dev/null; then
  export Agent__DomainType=qemu
fi
log "config: Postgres=${ConnectionStrings__Postgres%%Password=*}Password=***, RabbitMq=$RabbitMq__Host:$RabbitMq__Port," \
    "libvirt=$Agent__LibvirtUri, datapath=${Agent__DatapathType:-auto}, cpu=${Agent__CpuMode:-(app default)}, domain type=${Agent__DomainType:-auto}"

started=$(now_ms)
IMAGE="$(as_root "$PROVISIONING_ROOT/scripts/build-image.sh" | tail -n1)"
IMAGE_SHA="$(cut -d' ' -f1 "$IMAGE.sha256")"
log "image: $IMAGE (ready in $(elapsed_s "$started") s)"

# The admin token: the operator's own (Auth__BootstrapToken), or one made for this machine and
# kept readable by root only, so a second start (and the setup below) can use it.
mkdir -p "$STATE_DIR"
if [[ -z "${Auth__BootstrapToken:-}" ]]; then
  if [[ ! -s "$STATE_DIR/admin-token" ]]; then
    (umask 077; printf 'prv_%s\n' "$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')" >"$STATE_DIR/admin-token")
  fi
  Auth__BootstrapToken="$(cat "$STATE_DIR/admin-token")"
  export Auth__BootstrapToken
fi
TOKEN="$Auth__BootstrapToken"
HOST_NAME="${Agent__HostName:-$(hostname)}"

log "building Provisioning.AllInOne (Release)"
dotnet build src/Provisioning.AllInOne -c Release -v quiet -nologo
dotnet run --project src/Provisioning.AllInOne -c Release --no-build -- --urls "$URL" &
host_pid=$!
# Ctrl-C, SIGTERM and a failed setup below stop the host too (gracefully), so a next run finds the port free.
stop_host() { kill -TERM "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; }
trap stop_host EXIT INT TERM

api() { # api METHOD PATH [JSON] [IDEMPOTENCY-KEY] -> the answer's body on stdout
  local args=(-sS -X "$1" "$URL$2" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')
  if [[ -n "${3:-}" ]]; then args+=(-d "$3"); fi
  if [[ -n "${4:-}" ]]; then args+=(-H "Idempotency-Key: $4"); fi
  curl "${args[@]}"
}
wait_request() { # wait_request ID WHAT: until it ends; dies unless Succeeded
  local status
  for _ in $(seq 1 600); do
    status="$(api GET "/api/requests/$1" | jq -r .status)"
    case "$status" in
      Succeeded) log "$2: done"; return 0 ;;
      Failed|RolledBack|RollbackFailed|Cancelled) die "$2 ended $status: $(api GET "/api/requests/$1" | jq -c '{status, compensationReason, steps: [.steps[] | select(.error) | {name, error}]}')" ;;
    esac
    sleep 1
  done
  die "$2 did not end within 10 minutes"
}
submit() { # submit JSON WHAT: a request (each setup step checks first whether it is needed)
  local answer id
  answer="$(api POST /api/requests "$1")"
  id="$(jq -r '.id // .requestId // empty' <<<"$answer")"
  [[ "$id" =~ ^[0-9a-f-]{36}$ ]] || die "$2 was refused: $answer"
  wait_request "$id" "$2"
}

for _ in $(seq 1 180); do
  kill -0 "$host_pid" 2>/dev/null || die "the host exited during start-up (see above)"
  curl -sf "$URL/health/ready" >/dev/null && break
  sleep 1
done
curl -sf "$URL/health/ready" >/dev/null || die "the host is not ready after 3 minutes"

# The local agent announces itself with its first heartbeat, a moment after the host serves.
for _ in $(seq 1 60); do
  api GET "/api/hosts/$HOST_NAME" | jq -e '.status == "Online"' >/dev/null 2>&1 && break
  sleep 1
done
if [[ "$(api GET "/api/hosts/$HOST_NAME" | jq -r '.onboarded')" != "true" ]]; then
  submit "{\"workflow\":\"onboard-host\",\"parameters\":{\"host\":\"$HOST_NAME\"}}" "onboarding $HOST_NAME"
fi
held_sha="$(api GET "/api/images/$HOST_NAME/debian-12" | jq -r '.sha256 // empty' 2>/dev/null || true)"
if [[ -z "$held_sha" ]]; then
  submit "{\"workflow\":\"import-image\",\"parameters\":{\"name\":\"debian-12\",\"hosts\":[\"$HOST_NAME\"],\"source\":\"$IMAGE\",\"sha256\":\"$IMAGE_SHA\"}}" \
    "importing debian-12"
elif [[ "$held_sha" != "$IMAGE_SHA" ]]; then
  # VMs may be built on the one there; replacing it is an operator's decision (roll its import back first).
  warn "debian-12 on $HOST_NAME is an earlier build (sha256 ${held_sha:0:12}, this one ${IMAGE_SHA:0:12}); keeping it"
fi
if ! api GET /api/pools/vlan100 | jq -e .name >/dev/null 2>&1; then
  # No DNS server runs at the gateway: the guests get none (add "dns":[...] for a network that has one).
  pool="$(api POST /api/pools '{"name":"vlan100","bridge":"localbr","vlan":100,"cidr":"10.100.0.0/24","gateway":"10.100.0.1",
    "range":{"first":"10.100.0.10","last":"10.100.0.99"},"gatewayPort":true}')"
  jq -e '.name == "vlan100"' >/dev/null <<<"$pool" || die "pool vlan100 was refused: $pool"
  log "pool vlan100: 10.100.0.10-99 on localbr VLAN 100, gateway 10.100.0.1 on this machine"
fi

log "ready: $URL  (portal $URL/portal/)"
log "  admin token: $TOKEN  (kept in $STATE_DIR/admin-token)"
log "  this machine ($HOST_NAME) is onboarded, holds image debian-12 and pool vlan100: see README, A first request"
trap - EXIT
trap stop_host INT TERM
wait "$host_pid"
