#!/usr/bin/env bash
# Builds the Debian 12 cloud image that tests, CI, the quick start and the benchmarks boot,
# from Debian packages alone (mmdebstrap from the machine's own apt mirror; nothing else is
# downloaded), and caches it by its inputs.
#
#   scripts/build-image.sh                       # -> /var/cache/provisioning/images/debian-12-<hash>.qcow2
#   scripts/build-image.sh --output-dir DIR
#
# The last line on stdout is the image's path; logs go to stderr. Next to the image lies
# <image>.sha256 (the sha256 of the qcow2, as import-image requires one). The name carries a
# hash of this script, the package list and the suite: change any of them and a new image is
# built; otherwise an existing image (with its .sha256) is returned at once. Concurrent
# callers are serialised by a lock, so they build once.
#
# What is in it: the -cloud kernel booted by extlinux (no menu, no timeout) with the serial
# console on ttyS0; cloud-init for NoCloud only (then None: no waiting for network
# datasources), default user `debian`; qemu-guest-agent (started by udev when the
# org.qemu.guest_agent.0 channel exists); openssh-server without host keys (cloud-init makes
# them per instance); ifupdown + dhclient + resolvconf (cloud-init writes
# /etc/network/interfaces.d/50-cloud-init); growpart, so a disk grown past 2 GiB is used.
#
# Env:  PROVISIONING_IMAGE_CACHE   the output dir (default /var/cache/provisioning/images)
#       PROVISIONING_IMAGE_MIRROR  an apt sources file or mirror URL for mmdebstrap (default:
#                                  the machine's own Debian sources, i.e. what apt uses)
# Needs root (mmdebstrap's root mode, loop devices, mount) and the packages install-deps.sh
# installs: mmdebstrap, fdisk, e2fsprogs, extlinux, syslinux-common, qemu-utils.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

SUITE=bookworm
NAME_PREFIX=debian-12
DISK_SIZE=2G
PACKAGES=(
  linux-image-cloud-amd64 systemd-sysv extlinux e2fsprogs
  cloud-init cloud-guest-utils  # growpart: cloud-init grows the root partition to the disk's size
  qemu-guest-agent openssh-server sudo
  ifupdown isc-dhcp-client netbase iproute2 iputils-ping
  resolvconf                    # applies the dns-nameservers lines cloud-init writes for static addresses
)
# Units that cost boot time (a lot under TCG) and do nothing a short-lived test VM or a fresh
# server needs at boot: package-list refreshes and upgrades, dpkg database backups, ext4 scrubs.
DISABLED_UNITS=(apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer e2scrub_reap.service)

out_dir="${PROVISIONING_IMAGE_CACHE:-/var/cache/provisioning/images}"
while (($#)); do
  case "$1" in
    --output-dir) out_dir="${2:?--output-dir needs a directory}"; shift 2 ;;
    --output-dir=*) out_dir="${1#*=}"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

# The image's name is a hash of what decides its content.
hash="$( { cat "${BASH_SOURCE[0]}"; printf '%s\n' "$SUITE" "${PACKAGES[@]}"; } | sha256sum | cut -c1-12)"
image="$out_dir/$NAME_PREFIX-$hash.qcow2"

cached() { [[ -f "$image" && -s "$image.sha256" ]]; }
if cached; then
  log "cached: $image"
  echo "$image"; exit 0
fi

require_root "$@"
for tool in mmdebstrap sfdisk mkfs.ext4 extlinux qemu-img losetup flock; do
  command -v "$tool" >/dev/null || die "$tool is missing: run scripts/install-deps.sh"
done
MBR=/usr/lib/syslinux/mbr/mbr.bin
[[ -r $MBR ]] || die "$MBR is missing (package syslinux-common): run scripts/install-deps.sh"

mkdir -p "$out_dir"
exec 9>"$out_dir/.$NAME_PREFIX-$hash.lock"
if ! flock -n 9; then
  log "another build of $NAME_PREFIX-$hash is running; waiting for it"
  flock 9
fi
if cached; then # the other caller built it meanwhile
  log "cached: $image"
  echo "$image"; exit 0
fi

start=$(now_ms)
log "building $NAME_PREFIX-$hash.qcow2 in $out_dir"
# Everything lives under one temp dir on the output dir's file system, so the final rename is
# atomic. The trap undoes mounts and loop devices first: rm must never walk into a mount.
work="$(mktemp -d "$out_dir/.build-$hash.XXXXXX")"
loop=""
cleanup() {
  local rc=$?
  local m
  for m in "$work/mnt" "$work/tree"; do
    if mountpoint -q "$m" 2>/dev/null; then umount -R "$m" || umount -R -l "$m" || true; fi
  done
  if [[ -n $loop ]]; then losetup -d "$loop" 2>/dev/null || true; fi
  rm -rf --one-file-system "$work"
  ((rc == 0)) || warn "build failed (exit $rc); nothing was left in $out_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the root tree ----------------------------------------------------------------------------
# Built in a tmpfs of its own: dpkg syncs every file it unpacks, and on a loop-mounted disk each
# sync is a flush of the backing file (3.5 min instead of 1.5 here); and dropping it is instant.
root="$work/tree"
mkdir "$root"
mount -t tmpfs -o size=3G,mode=0755 provisioning-image "$root"
# mmdebstrap takes the machine's own apt sources (the only Debian mirror reachable here), as a
# file it pastes into the image's sources list. Only when none names the suite does it fall
# back to its default (deb.debian.org).
mirror=()
if [[ -n ${PROVISIONING_IMAGE_MIRROR:-} ]]; then
  mirror=("$PROVISIONING_IMAGE_MIRROR")
else
  for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
    if [[ -s $f ]] && grep -Eq "^[^#]*\b$SUITE\b" "$f"; then mirror=("$f"); break; fi
  done
fi
log "mmdebstrap $SUITE from ${mirror[0]:-the default mirror of mmdebstrap}"
# The dpkg path excludes keep man pages, translations and docs (but the copyright files) out:
# ~70 MB of a test image nobody reads. No locales are generated (C.UTF-8 is built into libc).
mmdebstrap --variant=apt --mode=root --format=directory \
  --include="$(IFS=,; echo "${PACKAGES[*]}")" \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-include=/usr/share/locale/locale.alias' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  "$SUITE" "$root" "${mirror[@]}" >&2
log "root tree in $(elapsed_s "$start")s"
kernels=("$root"/boot/vmlinuz-*-cloud-amd64)
[[ -e ${kernels[0]} ]] || die "no -cloud kernel in the tree"
kernel="$(basename "${kernels[-1]}")"
uuid="$(cat /proc/sys/kernel/random/uuid)" # the root file system's, named by fstab and the boot loader

echo debian >"$root/etc/hostname"   # mmdebstrap copied the build host's; cloud-init sets the real one
printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
# resolvconf owns resolv.conf (mmdebstrap left the build host's copy there).
rm -f "$root/etc/resolv.conf"
ln -s ../run/resolvconf/resolv.conf "$root/etc/resolv.conf"
printf 'UUID=%s\t/\text4\terrors=remount-ro\t0\t1\n' "$uuid" >"$root/etc/fstab"
# cloud-init writes eth0's stanza into interfaces.d; a file without this line leaves eth0 down.
cat >"$root/etc/network/interfaces" <<'EOF'
# Interfaces are configured by cloud-init in /etc/network/interfaces.d/50-cloud-init.
source /etc/network/interfaces.d/*

auto lo
iface lo inet loopback
EOF
echo 'LANG=C.UTF-8' >"$root/etc/default/locale"

cat >"$root/etc/cloud/cloud.cfg.d/90_dpkg.cfg" <<'EOF'
# Written by Provisioning's scripts/build-image.sh: seeds come on a NoCloud disk (label cidata);
# without one, None, so cloud-init never waits for a network metadata service.
datasource_list: [ NoCloud, None ]
EOF
cat >"$root/etc/cloud/cloud.cfg.d/91_provisioning.cfg" <<'EOF'
# C.UTF-8 needs no locale-gen (which costs ~9 s under TCG); user-data may still ask for another.
locale: C.UTF-8
# There is no GRUB in this image (extlinux boots it).
grub_dpkg:
  enabled: false
# Host keys per instance: ed25519 and ECDSA, which every current client speaks. No DSA (sshd
# refuses it) and no RSA: its key search alone takes 5-14 s under TCG. user-data can ask for
# it with ssh_genkeytypes: [rsa, ecdsa, ed25519].
ssh_genkeytypes: [ed25519, ecdsa]
EOF

# The build host's identity and per-instance state must not be shared by every VM.
rm -f "$root"/etc/ssh/ssh_host_*_key "$root"/etc/ssh/ssh_host_*_key.pub
: >"$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id" "$root/var/lib/systemd/random-seed"
rm -rf "$root"/var/lib/cloud/* "$root"/var/log/cloud-init*.log
for unit in "${DISABLED_UNITS[@]}"; do
  if [[ -e $root/lib/systemd/system/$unit ]]; then systemctl --root="$root" --quiet disable "$unit"; fi
done
chroot "$root" apt-get clean
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old

mkdir -p "$root/boot/extlinux"
# /vmlinuz and /initrd.img are the symlinks the kernel package keeps current, so a kernel
# upgrade inside the guest boots without touching this file.
cat >"$root/boot/extlinux/extlinux.conf" <<EOF
# Written by Provisioning's scripts/build-image.sh ($kernel at build time).
DEFAULT debian
PROMPT 0
TIMEOUT 0
LABEL debian
  LINUX /vmlinuz
  INITRD /initrd.img
  APPEND root=UUID=$uuid ro console=tty0 console=ttyS0,115200n8
EOF

# --- the disk ---------------------------------------------------------------------------------
disk_start=$(now_ms)
raw="$work/disk.raw"
truncate -s "$DISK_SIZE" "$raw"
# One bootable Linux partition from 1 MiB to the end.
printf 'label: dos\nstart=2048, type=83, bootable\n' | sfdisk --quiet "$raw" >&2
read -r part_start part_sectors < <(partx -g -o START,SECTORS "$raw")
# losetup -P makes no partition devices without udev: attach the partition by offset instead.
loop="$(losetup --find --show --offset $((part_start * 512)) --sizelimit $((part_sectors * 512)) "$raw")"
# 64bit off: syslinux has a history of not booting from 64bit ext4, and a root of less than
# 16 TiB (this one starts at 2 GiB, grown by cloud-init to the VM's disk) does not need it.
mkfs.ext4 -q -F -L rootfs -U "$uuid" -O ^64bit "$loop" >&2
mkdir "$work/mnt"
mount "$loop" "$work/mnt"
cp -a "$root/." "$work/mnt/"
extlinux --install "$work/mnt/boot/extlinux" >&2
umount "$work/mnt"
losetup -d "$loop"; loop=""
dd if="$MBR" of="$raw" bs=440 count=1 conv=notrunc status=none
qemu-img convert -c -f raw -O qcow2 "$raw" "$work/image.qcow2"
log "disk and qcow2 in $(elapsed_s "$disk_start")s"

(cd "$work" && sha256sum image.qcow2) | awk -v n="$(basename "$image")" '{print $1 "  " n}' >"$work/image.qcow2.sha256"
chmod 0444 "$work/image.qcow2"
mv -f "$work/image.qcow2" "$image"
mv -f "$work/image.qcow2.sha256" "$image.sha256" # last: its presence says the image is complete
log "built $image ($(du -h --apparent-size "$image" | cut -f1)) in $(elapsed_s "$start")s"
echo "$image"
