#!/usr/bin/env bash
# Starts, stops and reports the services Provisioning and its tests need on one machine:
# PostgreSQL 15, RabbitMQ (+ management), virtlogd + libvirtd, Open vSwitch.
#
# Usage: scripts/services.sh start|stop|restart|status
#
# - Works without systemd (the dev/CI machines have none as PID 1): daemons are started
#   directly and detached, with their output in log files (never on our stdout, so a CI
#   log pipe is not held open by a daemon after this script exits).
# - Idempotent: a service that already answers is left alone (a second `start` is a quick
#   no-op). A PostgreSQL/RabbitMQ that something else started on the same port is reused.
# - Every wait is a poll loop with a deadline (PROVISIONING_SERVICE_TIMEOUT, default 120 s).
# - `stop` stops only what this script started (marker files under $PROVISIONING_RUN_DIR,
#   and PostgreSQL only if it is the one with our data directory).
#
# Env: PROVISIONING_STATE_DIR (default /var/lib/provisioning): data, run and log directories
#      PROVISIONING_PG_PORT (default 5432), PROVISIONING_SERVICE_TIMEOUT (default 120)
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

TIMEOUT="${PROVISIONING_SERVICE_TIMEOUT:-120}"

# --- PostgreSQL ------------------------------------------------------------------------------
PG_MAJOR=15
PG_BIN="/usr/lib/postgresql/$PG_MAJOR/bin"
PG_PORT="${PROVISIONING_PG_PORT:-5432}"
PG_DATA="$PROVISIONING_STATE_DIR/pg"
PG_LOG="$PROVISIONING_LOG_DIR/postgresql.log"
# Debian's socket directory: psql/pg_isready look there by default, and it lets us reach a
# Debian cluster that is already running with the same commands as our own server.
PG_SOCKET_DIR=/var/run/postgresql
PG_DB=provisioning PG_USER=provisioning PG_PASSWORD=provisioning
PG_MAX_CONNECTIONS=300

# --- RabbitMQ --------------------------------------------------------------------------------
# A fixed node name (not rabbit@<hostname>) so that the node, its data directory and
# `rabbitmqctl -n` do not depend on the machine's hostname (CI machines get random ones).
RABBIT_NODE=rabbit@localhost
RABBIT_PORT=5672
RABBIT_MGMT_URL=http://127.0.0.1:15672
RABBIT_PID_FILE="/var/lib/rabbitmq/mnesia/$RABBIT_NODE.pid" # the server writes it at boot
export RABBITMQ_NODENAME="$RABBIT_NODE"

# --- libvirt / OVS ---------------------------------------------------------------------------
LIBVIRT_URI=qemu:///system
QEMU_CONF=/etc/libvirt/qemu.conf
OVS_CTL=/usr/share/openvswitch/scripts/ovs-ctl

# ============================================================================================
# Probes: "does it answer?" Each is fast and side-effect free.
# ============================================================================================
pg_up()       { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2; }
pg_ours_running() { pidfile_alive "$PG_DATA/postmaster.pid" postgres; }

# An AMQP 0-9-1 handshake: send the protocol header, expect a method frame (Connection.Start:
# frame type 1 on channel 0) back. Milliseconds, unlike a rabbitmqctl call (~1-2 s of VM boot).
rabbit_up() {
  timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$RABBIT_PORT && printf 'AMQP\\0\\0\\11\\1' >&3 && head -c 3 <&3" 2>/dev/null \
    | od -An -tx1 | grep -q '01 00 00'
}
rabbit_ctl()  { rabbitmqctl -n "$RABBIT_NODE" "$@"; }
rabbit_awaited() { timeout 30 rabbitmqctl -n "$RABBIT_NODE" -q await_startup; }
rabbit_mgmt_up() { curl -fsS -o /dev/null -m 5 -u guest:guest "$RABBIT_MGMT_URL/api/overview"; }

virtlogd_up() { pidfile_alive /run/virtlogd.pid virtlogd && [[ -S /run/libvirt/virtlogd-sock ]]; }
libvirtd_up() { timeout 10 virsh -q -c "$LIBVIRT_URI" version >/dev/null 2>&1; }
libvirtd_process_alive() { pidfile_alive /run/libvirtd.pid libvirtd; }

# ovsdb-server answers `show`; ovs-vswitchd (which makes bridges real) answers `version`.
ovs_up() {
  ovs-vsctl --timeout=5 show >/dev/null 2>&1 &&
    ovs-appctl --timeout=5 -t ovs-vswitchd version >/dev/null 2>&1
}

# Launch time per service, so that each one's start-up time is logged even though the waits
# run one after the other (the launches overlap).
declare -A LAUNCHED_AT=()
log_since_launch() { log "$1: started, up $(elapsed_s "${LAUNCHED_AT[$1]}")s after launch"; }

# Prints the last lines of a log file to stderr: the first thing one needs when a start fails.
show_log_tail() {
  [[ -r "$1" ]] || return 0
  warn "last lines of $1:"
  tail -n 25 "$1" | sed 's/^/    /' >&2
}

# ============================================================================================
# PostgreSQL
# ============================================================================================
pg_write_config() {
  # Our settings live in their own file, included from postgresql.conf, and are rewritten
  # on every start: the script is the source of truth, initdb's file stays pristine.
  cat >"$PG_DATA/provisioning.conf" <<EOF
# Written by scripts/services.sh on every start; edit the script, not this file.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKET_DIR'
# The engine, agent, API and parallel integration tests each hold Npgsql pools.
max_connections = $PG_MAX_CONNECTIONS
shared_buffers = 256MB
# Durability stays on: the event store's guarantees are what the tests are about.
fsync = on
log_line_prefix = '%m [%p] %q%u@%d '
EOF
  chown postgres:postgres "$PG_DATA/provisioning.conf"
  grep -q "^include_if_exists = 'provisioning.conf'" "$PG_DATA/postgresql.conf" ||
    echo "include_if_exists = 'provisioning.conf'" >>"$PG_DATA/postgresql.conf"
}

# Adds pg_wait to WAITS when a server was launched (or is still booting).
pg_launch() {
  if pg_up; then
    if pg_ours_running; then log "postgresql: already running ($PG_DATA, port $PG_PORT)"
    else log "postgresql: another server answers on 127.0.0.1:$PG_PORT; reusing it"
    fi
    return 0
  fi
  WAITS+=(pg_wait)
  LAUNCHED_AT[postgresql]=$(now_ms)
  if pg_ours_running; then
    log "postgresql: ours is running but not answering yet; waiting"
    return 0
  fi
  [[ -x "$PG_BIN/pg_ctl" ]] || die "postgresql: $PG_BIN/pg_ctl not found (run scripts/install-deps.sh)"

  install -d -o postgres -g postgres -m 2775 "$PG_SOCKET_DIR" # /run is a tmpfs: gone after reboot
  install -d -m 755 "$PROVISIONING_STATE_DIR" "$PROVISIONING_RUN_DIR" "$PROVISIONING_LOG_DIR"
  if [[ ! -s "$PG_DATA/PG_VERSION" ]]; then
    log "postgresql: initdb $PG_DATA"
    install -d -o postgres -g postgres -m 700 "$PG_DATA"
    # Local socket: peer auth (root reaches it as `runuser -u postgres`); TCP: passwords.
    (cd / && runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 \
      --locale=C.UTF-8 --auth-local=peer --auth-host=scram-sha-256) >>"$PG_LOG" 2>&1 ||
      { show_log_tail "$PG_LOG"; die "postgresql: initdb failed"; }
  fi
  local have; have="$(cat "$PG_DATA/PG_VERSION")"
  [[ "$have" == "$PG_MAJOR" ]] || die "postgresql: $PG_DATA holds a version $have cluster, expected $PG_MAJOR"
  pg_write_config
  touch "$PG_LOG" && chown postgres:postgres "$PG_LOG"
  log "postgresql: starting ($PG_DATA, 127.0.0.1:$PG_PORT, log $PG_LOG)"
  # -W: do not let pg_ctl wait; our own poll loop below does, with our deadline.
  # shellcheck disable=SC2094 # pg_ctl and the server both append to the one log file
  (cd / && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -W start) </dev/null >>"$PG_LOG" 2>&1 ||
    { show_log_tail "$PG_LOG"; die "postgresql: pg_ctl start failed"; }
}

pg_wait() {
  wait_until "$TIMEOUT" "postgresql up" pg_up || { show_log_tail "$PG_LOG"; die "postgresql did not start"; }
  log_since_launch postgresql
}

# psql as the postgres superuser over the local socket (peer auth).
pg_admin() {
  (cd / && runuser -u postgres -- psql -X -q -At -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PG_PORT" -d postgres "$@")
}

# Role and database the code connects with; run every time (cheap, and repairs drift).
pg_ensure_db() {
  if ! pg_admin -c 'select 1' >/dev/null 2>&1; then
    # A reused server we cannot administer: fine as long as our login works.
    if PGPASSWORD=$PG_PASSWORD psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -c 'select 1' >/dev/null 2>&1; then
      warn "postgresql: no superuser access over $PG_SOCKET_DIR; role/database '$PG_DB' already work, leaving them"
      return 0
    fi
    die "postgresql: cannot administer the server on port $PG_PORT (psql as postgres over $PG_SOCKET_DIR failed) and role '$PG_USER' cannot log in"
  fi
  pg_admin <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE $PG_USER;
  END IF;
END \$\$;
ALTER ROLE $PG_USER WITH LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
SELECT 'CREATE DATABASE $PG_DB OWNER $PG_USER' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$PG_DB') \gexec
ALTER DATABASE $PG_DB OWNER TO $PG_USER;
SQL
  local max; max="$(pg_admin -c 'show max_connections')"
  if ((max < PG_MAX_CONNECTIONS)); then
    # Only a reused (or old, still running) server can get here; max_connections needs a
    # restart, and we do not restart a server we did not start.
    pg_admin -c "ALTER SYSTEM SET max_connections = $PG_MAX_CONNECTIONS"
    warn "postgresql: max_connections is $max (< $PG_MAX_CONNECTIONS); set with ALTER SYSTEM, takes effect after a restart of that server"
  fi
  log "postgresql: role/database '$PG_DB' ready (max_connections=$max)"
}

pg_stop() {
  if pg_ours_running; then
    log "postgresql: stopping ($PG_DATA)"
    (cd / && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -W stop) >>"$PG_LOG" 2>&1 || true
    wait_until "$TIMEOUT" "postgresql stopped" bash -c "! kill -0 $(head -n1 "$PG_DATA/postmaster.pid" 2>/dev/null || echo 0) 2>/dev/null" ||
      warn "postgresql: still running"
  elif pg_up; then log "postgresql: running but not ours (not $PG_DATA); leaving it"
  else log "postgresql: not running"
  fi
}

# ============================================================================================
# RabbitMQ
# ============================================================================================
rabbit_prepare() {
  # The node name's host part must resolve, or the node cannot even register with epmd.
  if ! getent hosts localhost >/dev/null; then
    log "rabbitmq: 'localhost' does not resolve; adding it to /etc/hosts"
    echo "127.0.0.1 localhost" >>/etc/hosts
  fi
  # Make the node name the default for every rabbitmqctl/rabbitmq-plugins on this machine,
  # so that plain `rabbitmqctl status` (and tests shelling out to it) find the node.
  local envconf=/etc/rabbitmq/rabbitmq-env.conf
  if ! grep -qE '^\s*NODENAME=' "$envconf" 2>/dev/null; then
    printf '# Added by Provisioning scripts/services.sh: a fixed, hostname-independent node name.\nNODENAME=%s\n' "$RABBIT_NODE" >>"$envconf"
  elif ! grep -qE "^\s*NODENAME=$RABBIT_NODE\s*$" "$envconf"; then
    warn "rabbitmq: $envconf sets another NODENAME; this script uses $RABBIT_NODE via RABBITMQ_NODENAME"
  fi
  # Enable the management plugin offline, before boot: cheaper than activating it live.
  if ! grep -q rabbitmq_management /etc/rabbitmq/enabled_plugins 2>/dev/null; then
    log "rabbitmq: enabling rabbitmq_management"
    rabbitmq-plugins -n "$RABBIT_NODE" -q enable --offline rabbitmq_management >/dev/null
  fi
}

rabbit_launch() {
  if rabbit_up; then
    if pidfile_alive "$RABBIT_PID_FILE" beam.smp; then log "rabbitmq: already running ($RABBIT_NODE, port $RABBIT_PORT)"
    else log "rabbitmq: a broker already answers on 127.0.0.1:$RABBIT_PORT; reusing it"
    fi
    return 0
  fi
  WAITS+=(rabbit_wait)
  LAUNCHED_AT[rabbitmq]=$(now_ms)
  if pidfile_alive "$RABBIT_PID_FILE" beam.smp; then
    log "rabbitmq: node is booting; waiting"
    return 0
  fi
  install -d -m 755 "$PROVISIONING_RUN_DIR" "$PROVISIONING_LOG_DIR"
  rabbit_prepare
  log "rabbitmq: starting $RABBIT_NODE (logs /var/log/rabbitmq/$RABBIT_NODE.log)"
  # -detached: the node daemonizes itself. As root, Debian's wrapper runs it as user rabbitmq.
  rabbitmq-server -detached </dev/null >>"$PROVISIONING_LOG_DIR/rabbitmq-start.log" 2>&1 ||
    { show_log_tail "$PROVISIONING_LOG_DIR/rabbitmq-start.log"; die "rabbitmq: rabbitmq-server -detached failed"; }
  echo "$RABBIT_NODE" >"$PROVISIONING_RUN_DIR/rabbitmq.started"
}

rabbit_wait() {
  # await_startup blocks until the node's apps are up, but fails at once while the node is
  # not yet registered with epmd: poll it (each try capped at 30 s) under our deadline.
  if ! wait_until "$TIMEOUT" "rabbitmq await_startup ok" rabbit_awaited ||
    ! wait_until 30 "rabbitmq amqp port $RABBIT_PORT answering" rabbit_up; then
    show_log_tail "/var/log/rabbitmq/$RABBIT_NODE.log"
    die "rabbitmq did not start"
  fi
  log_since_launch rabbitmq
}

rabbit_ensure_mgmt() {
  rabbit_mgmt_up && return 0
  # A reused or older node without the plugin: enable it live.
  log "rabbitmq: management API not answering; enabling rabbitmq_management"
  rabbitmq-plugins -n "$RABBIT_NODE" -q enable rabbitmq_management >/dev/null || warn "rabbitmq: could not enable rabbitmq_management"
  wait_until 60 "rabbitmq management $RABBIT_MGMT_URL up" rabbit_mgmt_up || die "rabbitmq management API did not come up"
}

rabbit_stop() {
  if [[ -e "$PROVISIONING_RUN_DIR/rabbitmq.started" ]] && pidfile_alive "$RABBIT_PID_FILE" beam.smp; then
    log "rabbitmq: stopping $RABBIT_NODE"
    # With the pid file, `stop` waits until the Erlang VM has really exited.
    timeout "$TIMEOUT" rabbitmqctl -n "$RABBIT_NODE" -q stop "$RABBIT_PID_FILE" >/dev/null || warn "rabbitmq: stop failed"
  elif rabbit_up; then log "rabbitmq: running but not started by this script; leaving it"
  else log "rabbitmq: not running"
  fi
  rm -f "$PROVISIONING_RUN_DIR/rabbitmq.started"
}

# ============================================================================================
# libvirt (virtlogd + libvirtd)
# ============================================================================================
# /dev/kvm is root:root 0600 on these machines, so QEMU must run as root, or every KVM
# domain fails with "Could not access KVM kernel module". Must be set before libvirtd starts.
QEMU_CONF_CHANGED=0
libvirt_configure() {
  local key
  for key in user group; do
    if grep -qE "^\s*$key\s*=\s*\"root\"" "$QEMU_CONF"; then continue; fi
    if grep -qE "^\s*$key\s*=" "$QEMU_CONF"; then
      sed -i -E "s/^\s*$key\s*=.*/$key = \"root\"/" "$QEMU_CONF"
    else
      printf '# Added by Provisioning scripts/services.sh: /dev/kvm is root-only here.\n%s = "root"\n' "$key" >>"$QEMU_CONF"
    fi
    log "libvirt: set $key = \"root\" in $QEMU_CONF"
    QEMU_CONF_CHANGED=1
  done
}

STARTED_BY_US=() # daemons launched by this run (markers are written once they are up)
libvirt_launch() {
  local launched=0
  libvirt_configure
  if ((QEMU_CONF_CHANGED)) && libvirtd_process_alive; then
    warn "libvirt: $QEMU_CONF changed while libvirtd runs; restart libvirtd for it to take effect"
  fi
  # virtlogd first: a domain start without it fails ("Failed to connect socket to
  # /run/libvirt/virtlogd-sock").
  if virtlogd_up; then
    log "virtlogd: already running"
  else
    log "virtlogd: starting"
    virtlogd -d </dev/null >>"$PROVISIONING_LOG_DIR/virtlogd.log" 2>&1 || die "virtlogd -d failed"
    STARTED_BY_US+=(virtlogd)
    launched=1
  fi
  if libvirtd_up; then
    log "libvirtd: already running ($LIBVIRT_URI answers)"
  elif libvirtd_process_alive; then
    log "libvirtd: process exists but $LIBVIRT_URI does not answer yet; waiting"
    launched=1
  else
    log "libvirtd: starting"
    libvirtd -d </dev/null >>"$PROVISIONING_LOG_DIR/libvirtd.log" 2>&1 || die "libvirtd -d failed"
    STARTED_BY_US+=(libvirtd)
    launched=1
  fi
  if ((launched)); then WAITS+=(libvirt_wait); LAUNCHED_AT[libvirt]=$(now_ms); fi
}

libvirt_wait() {
  wait_until "$TIMEOUT" "virtlogd up" virtlogd_up || die "virtlogd did not start"
  wait_until "$TIMEOUT" "libvirtd up ($LIBVIRT_URI answers)" libvirtd_up || { show_log_tail "$PROVISIONING_LOG_DIR/libvirtd.log"; die "libvirtd did not start"; }
  log_since_launch libvirt
  # Remember what we started, by pid (from the daemon's own pid file), for `stop`.
  local d
  for d in "${STARTED_BY_US[@]}"; do
    cp "/run/$d.pid" "$PROVISIONING_RUN_DIR/$d.started" || warn "$d: no /run/$d.pid; \`stop\` will not stop it"
  done
}

# Stops a daemon by the pid in our marker file, if that pid still is that daemon.
stop_by_marker() { # stop_by_marker NAME
  local marker="$PROVISIONING_RUN_DIR/$1.started" pid
  if pidfile_alive "$marker" "$1"; then
    pid="$(head -n1 "$marker")"
    log "$1: stopping (pid $pid)"
    kill -TERM "$pid"
    wait_until "$TIMEOUT" "$1 stopped" bash -c "! kill -0 $pid 2>/dev/null" || warn "$1: pid $pid still running"
  elif pgrep -x "$1" >/dev/null; then log "$1: running but not started by this script; leaving it"
  else log "$1: not running"
  fi
  rm -f "$marker"
}

# ============================================================================================
# Open vSwitch
# ============================================================================================
ovs_launch() {
  if ovs_up; then log "openvswitch: already running"; return 0; fi
  WAITS+=(ovs_wait)
  LAUNCHED_AT[openvswitch]=$(now_ms)
  log "openvswitch: starting (ovs-ctl, log $PROVISIONING_LOG_DIR/ovs-ctl.log)"
  # ovs-ctl is itself synchronous; its ulimit warnings are harmless. It starts only what is
  # missing (ovsdb-server and/or ovs-vswitchd). --system-id=random is persisted once.
  "$OVS_CTL" start --system-id=random </dev/null >>"$PROVISIONING_LOG_DIR/ovs-ctl.log" 2>&1 ||
    { show_log_tail "$PROVISIONING_LOG_DIR/ovs-ctl.log"; die "openvswitch: ovs-ctl start failed"; }
  touch "$PROVISIONING_RUN_DIR/openvswitch.started"
}

ovs_wait() {
  wait_until "$TIMEOUT" "openvswitch up" ovs_up || { show_log_tail "$PROVISIONING_LOG_DIR/ovs-ctl.log"; die "openvswitch did not start"; }
  log_since_launch openvswitch
}

ovs_stop() {
  if [[ -e "$PROVISIONING_RUN_DIR/openvswitch.started" ]]; then
    log "openvswitch: stopping"
    "$OVS_CTL" stop </dev/null >>"$PROVISIONING_LOG_DIR/ovs-ctl.log" 2>&1 || warn "openvswitch: ovs-ctl stop failed"
  elif ovs_up; then log "openvswitch: running but not started by this script; leaving it"
  else log "openvswitch: not running"
  fi
  rm -f "$PROVISIONING_RUN_DIR/openvswitch.started"
}

# ============================================================================================
# Commands
# ============================================================================================
cmd_start() {
  require_root start
  install -d -m 755 "$PROVISIONING_STATE_DIR" "$PROVISIONING_RUN_DIR" "$PROVISIONING_LOG_DIR"
  local t0 w
  t0=$(now_ms)
  # Launch everything first, then wait: the slow ones (RabbitMQ ~10 s) overlap the rest.
  # Each *_launch adds its *_wait to WAITS when it started (or found booting) something.
  # OVS before libvirtd, so that networks on OVS bridges can autostart.
  WAITS=()
  rabbit_launch
  pg_launch
  ovs_launch
  libvirt_launch
  for w in "${WAITS[@]}"; do "$w"; done
  # Post-start set-up, idempotent; also run against reused servers.
  pg_ensure_db
  rabbit_ensure_mgmt
  log "all services up in $(elapsed_s "$t0")s"
}

cmd_stop() {
  require_root stop
  # Reverse order of dependence: domains' daemons first, the stores last.
  stop_by_marker libvirtd
  stop_by_marker virtlogd
  ovs_stop
  rabbit_stop
  pg_stop
}

# One line per service on stdout; exit 0 only if all are up.
cmd_status() {
  local all=0 line
  row() { printf '%-12s %-5s %s\n' "$1" "$2" "${3:-}"; }
  if pg_up; then
    if pg_ours_running; then line="127.0.0.1:$PG_PORT (data $PG_DATA)"; else line="127.0.0.1:$PG_PORT (not ours: reused)"; fi
    row postgresql up "$line"
  else row postgresql down; all=1; fi
  if rabbit_up; then
    if rabbit_mgmt_up; then line="amqp 127.0.0.1:$RABBIT_PORT, management $RABBIT_MGMT_URL"
    else line="amqp 127.0.0.1:$RABBIT_PORT, management DOWN"; all=1; fi
    row rabbitmq up "$line (node $RABBIT_NODE)"
  else row rabbitmq down; all=1; fi
  if virtlogd_up; then row virtlogd up; else row virtlogd down; all=1; fi
  if libvirtd_up; then
    row libvirtd up "$LIBVIRT_URI ($(virsh -c "$LIBVIRT_URI" version 2>/dev/null | awk -F': ' '/Running hypervisor/{print $2}'))"
  else row libvirtd down; all=1; fi
  if ovs_up; then row openvswitch up "$(ovs-vsctl --timeout=5 get Open_vSwitch . ovs_version 2>/dev/null | tr -d '"')"
  else row openvswitch down; all=1; fi
  return $all
}

# Sourced (e.g. to test one service's functions in isolation): define functions only.
[[ "${BASH_SOURCE[0]}" == "$0" ]] || return 0

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart) cmd_stop; cmd_start ;;
  status) cmd_status ;;
  *) echo "usage: $0 start|stop|restart|status" >&2; exit 2 ;;
esac
