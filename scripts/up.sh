#!/usr/bin/env bash
# The quick start: from a fresh Debian 12 machine (with the .NET 10 SDK) to a running
# all-in-one Provisioning host (API + engine + a local agent in one process).
#
#   scripts/up.sh                    # http://127.0.0.1:8080
#   PROVISIONING_URL=http://0.0.0.0:9000 scripts/up.sh
#
# Installs the system packages if missing, starts PostgreSQL, RabbitMQ, libvirt and Open
# vSwitch (scripts/services.sh), then builds and runs src/Provisioning.AllInOne in the
# foreground. Ctrl-C stops the host; the services keep running (scripts/services.sh stop).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$PROVISIONING_ROOT"

URL="${PROVISIONING_URL:-http://127.0.0.1:8080}"

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
log "config: Postgres=${ConnectionStrings__Postgres%%Password=*}Password=***, RabbitMq=$RabbitMq__Host:$RabbitMq__Port," \
    "libvirt=$Agent__LibvirtUri, datapath=${Agent__DatapathType:-auto}, cpu=${Agent__CpuMode:-(app default)}"

log "building and starting Provisioning.AllInOne (Release) on $URL"
log "  -> $URL   (readiness: $URL/health/ready; Ctrl-C stops it; services keep running: scripts/services.sh status|stop)"
# exec: Ctrl-C and SIGTERM go straight to the host, which shuts down gracefully.
exec dotnet run --project src/Provisioning.AllInOne -c Release -- --urls "$URL"
