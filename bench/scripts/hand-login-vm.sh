#!/usr/bin/env bash
# The hand procedure for ONE VM people log into, as an operator runs it from a cloud image: a qcow2 overlay on the
# base image (`qemu-img create -b`), a NoCloud seed (`cloud-localds`) with the key, hostname and a static address,
# `virsh define` + `virsh start`, then wait until `ssh debian@ADDRESS hostname` answers the VM's name. The domain has
# the agent's shape (virtio disk and seed, serial log, NIC on BRIDGE's VLAN portgroup, checksum offload off on the
# userspace OVS datapath). The time-to-login benchmark times it against the engine, in a loop and under `xargs -P N`
# (NAME and ADDRESS come last, so `xargs -n 2` can append them).
#
# Usage:
#   hand-login-vm.sh up BRIDGE VLAN MEMORY_MIB DIR BASE_IMAGE KEY NETWORK NAME ADDRESS
#       NETWORK is a /24 as its first three octets (10.180.7); the host holds NETWORK.1 on an OVS internal port of
#       BRIDGE in VLAN (made once, with the bridge), so it reaches the guests. KEY is the private key; KEY.pub goes in.
#   hand-login-vm.sh down DIR NAME                 destroy + undefine NAME, delete its overlay, seed and serial log
#   hand-login-vm.sh remove-network BRIDGE         remove the libvirt network and the OVS bridge (with its gateway port)
#
# Env: LIBVIRT_URI (default qemu:///system), HAND_LOGIN_TIMEOUT (seconds until SSH answers, default 420),
#      HAND_DOMAIN_TYPE (kvm|qemu, default kvm when /dev/kvm exists; qemu where KVM cannot boot a kernel),
#      HAND_DATAPATH (auto|system|netdev, default auto: system when the kernel module is loaded).
set -euo pipefail

HAND_NAME=hand-login-vm
# shellcheck source=hand-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/hand-lib.sh"
readonly login_timeout="${HAND_LOGIN_TIMEOUT:-420}"
readonly domain_type="${HAND_DOMAIN_TYPE:-$(if [[ -e /dev/kvm ]]; then echo kvm; else echo qemu; fi)}"
check_seconds HAND_LOGIN_TIMEOUT "$login_timeout"
[[ "$domain_type" =~ ^(kvm|qemu)$ ]] || die "bad HAND_DOMAIN_TYPE '$domain_type'"
usage() { die "usage: $0 up BRIDGE VLAN MEMORY_MIB DIR BASE_IMAGE KEY NETWORK NAME ADDRESS | down DIR NAME | remove-network BRIDGE"; }

# Checks of its own (the rest are hand-lib.sh's).
check_network() { [[ "$1" =~ ^(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){2}$ ]] || die "bad network '$1' (three octets)"; }
check_address() { # check_address NETWORK ADDRESS: a host of NETWORK's /24, not .0, .1 (the host) or .255
  [[ "$2" =~ ^${1//./\\.}\.([0-9]{1,3})$ ]] && (( 10#${BASH_REMATCH[1]} >= 2 && 10#${BASH_REMATCH[1]} <= 254 )) ||
    die "bad address '$2' (a host of $1.0/24 from .2 to .254)"
}

# Bridge, network with the VLAN's portgroup, and the host's gateway port, idempotent. Several copies of this script
# run at once under xargs -P and "define only if missing" is a check-then-act: one lock per bridge serialises it.
ensure_network() {
  local bridge="$1" vlan="$2" dir="$3" network="$4" lock xml gw="${1}g"
  lock="$dir/.network-$bridge.lock"
  exec {fd}>"$lock"
  flock -w 60 "$fd" || die "could not lock $lock"
  ovs-vsctl --may-exist add-br "$bridge" -- set bridge "$bridge" "datapath_type=$(datapath)"
  if ! virsh_ net-info "$bridge" >/dev/null 2>&1; then
    xml="$(mktemp "$dir/.net-$bridge.XXXXXX.xml")"
    cat >"$xml" <<EOF
<network>
  <name>$bridge</name>
  <forward mode='bridge'/>
  <bridge name='$bridge'/>
  <virtualport type='openvswitch'/>
  <portgroup name='vlan-$vlan'><vlan><tag id='$vlan'/></vlan></portgroup>
</network>
EOF
    virsh_ net-define "$xml" >/dev/null
    rm -f -- "$xml"
    virsh_ net-start "$bridge" >/dev/null
  fi
  ovs-vsctl --may-exist add-port "$bridge" "$gw" "tag=$vlan" -- set interface "$gw" type=internal
  ip addr replace "$network.1/24" dev "$gw"
  ip link set "$gw" up
  flock -u "$fd"
  exec {fd}>&-
}

# A locally administered MAC from the address, so the seed's network-config can match the NIC.
mac_of() { local last="${1##*.}"; printf '52:54:00:b3:%02x:%02x' "$(( (10#$last >> 8) & 255 ))" "$(( 10#$last & 255 ))"; }

# The seed: meta-data, user-data (the key, no passwords) and network-config v2 (static, matched by MAC), as the
# agent's create-seed writes them, but with cloud-localds.
make_seed() {
  local dir="$1" name="$2" key="$3" address="$4" network="$5" mac="$6" work
  work="$(mktemp -d "$dir/.seed-$name.XXXXXX")"
  printf 'instance-id: %s\nlocal-hostname: %s\n' "$name" "$name" >"$work/meta-data"
  printf '#cloud-config\nssh_pwauth: false\nssh_authorized_keys:\n  - %s\n' "$(cat -- "$key.pub")" >"$work/user-data"
  cat >"$work/network-config" <<EOF
version: 2
ethernets:
  eth0:
    match: {macaddress: "$mac"}
    set-name: eth0
    addresses: [$address/24]
    gateway4: $network.1
EOF
  cloud-localds --network-config="$work/network-config" "$dir/$name-seed.iso" "$work/user-data" "$work/meta-data"
  rm -rf -- "$work"
}

define_domain() {
  local bridge="$1" vlan="$2" memory="$3" dir="$4" base="$5" name="$6" mac="$7" xml offload=""
  qemu-img create -q -f qcow2 -b "$base" -F qcow2 "$dir/$name.qcow2" 4G
  if [[ "$(datapath)" == netdev ]]; then
    offload="<driver><host csum='off' tso4='off' tso6='off'/><guest csum='off' tso4='off' tso6='off'/></driver>"
  fi
  xml="$(mktemp "$dir/.dom-$name.XXXXXX.xml")"
  cat >"$xml" <<EOF
<domain type='$domain_type'>
  <name>$name</name>
  <title>$name: hand procedure</title>
  <memory unit='MiB'>$memory</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/><bios useserial='yes'/></os>
  <features><acpi/><apic/></features>
  <cpu mode='host-model'/>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$dir/$name.qcow2'/><target dev='vda' bus='virtio'/></disk>
    <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='$dir/$name-seed.iso'/><target dev='vdb' bus='virtio'/><readonly/></disk>
    <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>
    <serial type='pty'><log file='$dir/$name.serial.log' append='off'/></serial>
    <console type='pty'><target type='serial'/></console>
    <memballoon model='virtio'/>
    <interface type='network'>
      <mac address='$mac'/>
      <source network='$bridge' portgroup='vlan-$vlan'/>
      <virtualport type='openvswitch'/>
      <model type='virtio'/>
      $offload
    </interface>
  </devices>
</domain>
EOF
  virsh_ define "$xml" >/dev/null
  rm -f -- "$xml"
}

# Logged in: `ssh debian@ADDRESS hostname` prints the VM's name (cloud-init has set it and installed the key).
# ConnectTimeout also bounds the wait for sshd's banner, which a TCG guest on a busy host sends only after seconds;
# a guest not up yet fails fast anyway (no ARP answer, or a refused connection). timeout bounds a session that hangs.
wait_for_login() {
  local name="$1" address="$2" key="$3" dir="$4" deadline answer state
  deadline=$((SECONDS + login_timeout))
  while :; do
    answer="$(timeout 60 ssh -i "$key" -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
      -o ConnectTimeout=20 "debian@$address" hostname 2>/dev/null || true)"
    [[ "$answer" == "$name" ]] && return 0
    state="$(virsh_ domstate "$name")"
    [[ "$state" == running ]] || die "$name is $state while waiting for SSH; see $dir/$name.serial.log"
    (( SECONDS < deadline )) || die "$name: no SSH login at $address after ${login_timeout}s; console ends: $(tail -n 5 "$dir/$name.serial.log" 2>/dev/null | tr '\r\n' '  ')"
    sleep 1
  done
}

up() {
  (( $# == 9 )) || usage
  local bridge="$1" vlan="$2" memory="$3" dir="$4" base="$5" key="$6" network="$7" name="$8" address="$9" mac
  check_bridge "$bridge" 14; check_vlan "$vlan"; check_memory "$memory" 128; check_path "$dir"; check_path "$base"; check_path "$key"
  check_network "$network"; check_name "$name"; check_address "$network" "$address"
  [[ -r "$base" && -r "$key" && -r "$key.pub" ]] || die "cannot read $base, $key or $key.pub"
  # The key goes into YAML as a plain scalar: one OpenSSH key line, with a comment of no spaces or colons.
  [[ "$(wc -l <"$key.pub")" == 1 && "$(cat -- "$key.pub")" =~ ^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521))\ [A-Za-z0-9+/=]+(\ [A-Za-z0-9@._-]+)?$ ]] ||
    die "$key.pub is not one OpenSSH public key line (type, key, optional comment without spaces)"
  vlan=$((10#$vlan)); memory=$((10#$memory)); mac="$(mac_of "$address")"
  check_host qemu-img cloud-localds ip ssh timeout
  mkdir -p -- "$dir"
  ensure_network "$bridge" "$vlan" "$dir" "$network"
  make_seed "$dir" "$name" "$key" "$address" "$network" "$mac"
  define_domain "$bridge" "$vlan" "$memory" "$dir" "$base" "$name" "$mac"
  virsh_ start "$name" >/dev/null
  wait_for_login "$name" "$address" "$key" "$dir"
}

hand_main "$@"
