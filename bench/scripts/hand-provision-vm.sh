#!/usr/bin/env bash
# The hand procedure for ONE VM, as an operator runs it (docs: SEED-SYSTEM.md) and as the agent's
# provision-vm steps do it (install-host, create-bridge, define-domain, attach-port, boot), with the
# same qemu-img, virsh and ovs-vsctl commands. The KVM benchmark times it against the engine, run
# sequentially and with `xargs -P N` (the VM name comes last, so `xargs -n 1` can append it).
#
# Usage:
#   hand-provision-vm.sh up BRIDGE VLAN MEMORY_MIB DIR NAME   provision NAME: disk in DIR, NIC on BRIDGE's VLAN portgroup, booted
#   hand-provision-vm.sh down DIR NAME                        destroy + undefine NAME, delete its disk and serial log
#   hand-provision-vm.sh remove-network BRIDGE                remove the libvirt network and the OVS bridge
#
# Env: LIBVIRT_URI (default qemu:///system), HAND_BOOT_TIMEOUT (seconds, default 120),
#      HAND_DATAPATH (auto|system|netdev, default auto: system when the kernel module is loaded).
set -euo pipefail

HAND_NAME=hand-provision-vm
# shellcheck source=hand-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/hand-lib.sh"
readonly boot_timeout="${HAND_BOOT_TIMEOUT:-120}"
check_seconds HAND_BOOT_TIMEOUT "$boot_timeout"
usage() { die "usage: $0 up BRIDGE VLAN MEMORY_MIB DIR NAME | down DIR NAME | remove-network BRIDGE"; }

# create-bridge: bridge, network and portgroup, idempotent. Several copies of this script run at once
# under xargs -P, and "net-define only if missing" is a check-then-act: one lock per bridge serialises it.
ensure_network() {
  local bridge="$1" vlan="$2" dir="$3" lock xml
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
  <portgroup name='no-vlan' default='yes'/>
  <portgroup name='vlan-$vlan'><vlan><tag id='$vlan'/></vlan></portgroup>
</network>
EOF
    virsh_ net-define "$xml" >/dev/null
    rm -f -- "$xml"
  elif ! virsh_ net-dumpxml --inactive "$bridge" | grep -q "portgroup name='vlan-$vlan'"; then
    virsh_ net-update "$bridge" add portgroup "<portgroup name='vlan-$vlan'><vlan><tag id='$vlan'/></vlan></portgroup>" --config --live >/dev/null
  fi
  if [[ "$(virsh_ net-info "$bridge" | awk '$1 == "Active:" { print $2 }')" != yes ]]; then
    virsh_ net-start "$bridge" >/dev/null
  fi
  if [[ "$(virsh_ net-info "$bridge" | awk '$1 == "Autostart:" { print $2 }')" != yes ]]; then
    virsh_ net-autostart "$bridge" >/dev/null
  fi
  flock -u "$fd"
  exec {fd}>&-
}

# define-domain + attach-port: a qcow2 disk and a persistent domain of the agent's shape, NIC included.
define_domain() {
  local bridge="$1" vlan="$2" memory="$3" dir="$4" name="$5" disk xml
  disk="$dir/$name.qcow2"
  qemu-img create -q -f qcow2 "$disk" 1G
  xml="$(mktemp "$dir/.dom-$name.XXXXXX.xml")"
  cat >"$xml" <<EOF
<domain type='$(if [[ -e /dev/kvm ]]; then echo kvm; else echo qemu; fi)'>
  <name>$name</name>
  <title>$name: hand procedure</title>
  <memory unit='MiB'>$memory</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/><bios useserial='yes'/></os>
  <features><acpi/><apic/></features>
  <cpu mode='custom' match='exact' check='none'><model fallback='allow'>qemu64</model></cpu>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$disk'/><target dev='vda' bus='virtio'/></disk>
    <serial type='pty'><log file='$dir/$name.serial.log' append='off'/></serial>
    <console type='pty'><target type='serial'/></console>
    <memballoon model='virtio'/>
    <interface type='network'>
      <source network='$bridge' portgroup='vlan-$vlan'/>
      <virtualport type='openvswitch'/>
      <model type='virtio'/>
    </interface>
  </devices>
</domain>
EOF
  virsh_ define "$xml" >/dev/null
  rm -f -- "$xml"
}

# boot: start, then wait (with a deadline) until it runs and its OVS port carries the VLAN tag.
boot() {
  local name="$1" vlan="$2" deadline port tag state
  virsh_ start "$name" >/dev/null
  deadline=$((SECONDS + boot_timeout))
  while :; do
    state="$(virsh_ domstate "$name")"
    [[ "$state" == paused || "$state" == crashed ]] && die "$name is $state after start; see its serial log"
    if [[ "$state" == running ]]; then
      # domiflist: Interface Type Source Model MAC; the first column is the OVS port (vnetN).
      port="$(virsh_ domiflist "$name" | awk 'NF >= 5 { print $1; exit }')"
      if [[ -n "$port" && "$port" != - ]]; then
        tag="$(ovs-vsctl --if-exists get port "$port" tag 2>/dev/null || true)"
        [[ "$tag" == "$vlan" ]] && return 0
      fi
    fi
    (( SECONDS < deadline )) || die "$name: no OVS port tagged $vlan after ${boot_timeout}s (state $state, port ${port:-none}, tag ${tag:-none})"
    sleep 0.05
  done
}

up() {
  (( $# == 5 )) || usage
  local bridge="$1" vlan="$2" memory="$3" dir="$4" name="$5"
  check_bridge "$bridge"; check_vlan "$vlan"; check_memory "$memory" 16; check_path "$dir"; check_name "$name"
  vlan=$((10#$vlan)); memory=$((10#$memory))
  check_host qemu-img
  mkdir -p -- "$dir"
  ensure_network "$bridge" "$vlan" "$dir"
  define_domain "$bridge" "$vlan" "$memory" "$dir" "$name"
  boot "$name" "$vlan"
}

hand_main "$@"
