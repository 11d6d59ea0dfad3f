# shellcheck shell=bash
# What the benchmarks' hand procedures share (hand-provision-vm.sh, hand-login-vm.sh): the libvirt URI and OVS datapath
# settings, the argument checks (every value reaches a command line, an XML or a YAML file, so each has a strict
# shape), and taking a VM or a network away again. Sourced; the sourcing script sets HAND_NAME (for messages) first.

readonly uri="${LIBVIRT_URI:-qemu:///system}"
readonly datapath_setting="${HAND_DATAPATH:-auto}"

die() { printf '%s: %s\n' "$HAND_NAME" "$*" >&2; exit 1; }
virsh_() { virsh -q -c "$uri" "$@"; }

check_name()   { [[ "$1" =~ ^[a-z0-9][a-z0-9-]{0,62}$ ]] || die "bad VM name '$1' (lower case letters, digits, '-'; at most 63)"; }
check_bridge() { # check_bridge NAME [MAX]: at most MAX (default 15, Linux's limit) characters
  local rest=$(( ${2:-15} - 1 ))
  [[ "$1" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,$rest}$ ]] || die "bad bridge name '$1' (at most ${2:-15} characters: letters, digits, _ . -)"
}
check_vlan()   { if ! [[ "$1" =~ ^[0-9]{1,4}$ ]] || (( 10#$1 < 1 || 10#$1 > 4094 )); then die "bad VLAN '$1' (1-4094)"; fi; }
check_memory() { # check_memory MIB MIN
  if ! [[ "$1" =~ ^[0-9]{1,7}$ ]] || (( 10#$1 < $2 )); then die "bad memory '$1' (MiB, at least $2)"; fi
}
check_path()   { [[ "$1" =~ ^/[A-Za-z0-9_./-]+$ && ! "$1" =~ (^|/)\.\.(/|$) ]] || die "bad path '$1' (absolute, no '..')"; }
check_seconds() { [[ "$2" =~ ^[0-9]{1,4}$ ]] || die "bad $1 '$2'"; }
[[ "$uri" =~ ^(qemu|test)(\+[a-z]+)?://[A-Za-z0-9_./-]*$ ]] || die "bad LIBVIRT_URI '$uri'"
[[ "$datapath_setting" =~ ^(auto|system|netdev)$ ]] || die "bad HAND_DATAPATH '$datapath_setting'"

# The tools are there and the daemons answer (`virsh version`, `ovs-vsctl show`), as install-host checks.
check_host() { # check_host TOOL...
  local tool
  for tool in virsh ovs-vsctl flock "$@"; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
  done
  virsh_ version >/dev/null || die "libvirt at $uri does not answer"
  ovs-vsctl show >/dev/null || die "ovsdb does not answer"
}

datapath() {
  case "$datapath_setting" in
    auto) if [[ -d /sys/module/openvswitch ]]; then echo system; else echo netdev; fi ;;
    *) echo "$datapath_setting" ;;
  esac
}

# down DIR NAME: destroy + undefine NAME, delete what the scripts make for it in DIR (disk, seed, serial log).
down() {
  (( $# == 2 )) || usage
  local dir="$1" name="$2"
  check_path "$dir"; check_name "$name"
  if virsh_ dominfo "$name" >/dev/null 2>&1; then
    [[ "$(virsh_ domstate "$name")" == "shut off" ]] || virsh_ destroy "$name" >/dev/null
    virsh_ undefine "$name" >/dev/null
  fi
  rm -f -- "$dir/$name.qcow2" "$dir/$name-seed.iso" "$dir/$name.serial.log"
}

# remove-network BRIDGE: the libvirt network and the OVS bridge (with any port on it).
remove_network() {
  (( $# == 1 )) || usage
  local bridge="$1"
  check_bridge "$bridge"
  if virsh_ net-info "$bridge" >/dev/null 2>&1; then
    virsh_ net-destroy "$bridge" >/dev/null 2>&1 || true # not active: nothing to stop
    virsh_ net-undefine "$bridge" >/dev/null
  fi
  ovs-vsctl --if-exists del-br "$bridge"
}

# The scripts' command line: MODE ARGS..., with up defined by the script.
hand_main() {
  (( $# >= 1 )) || usage
  local mode="$1"
  shift
  case "$mode" in
    up) up "$@" ;;
    down) down "$@" ;;
    remove-network) remove_network "$@" ;;
    *) usage ;;
  esac
}
