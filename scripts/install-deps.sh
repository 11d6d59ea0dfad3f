#!/usr/bin/env bash
# Installs every system package Provisioning needs on Debian 12, and checks the .NET SDK.
#
# Idempotent and fast when everything is present: one dpkg-query decides, and apt-get
# (update + install) only runs for what is missing. Safe without a terminal (CI).
#
# Usage: scripts/install-deps.sh
# Env:   PROVISIONING_EXTRA_PACKAGES="pkg1 pkg2"  also install these (e.g. "chromium chromium-driver")
#        PROVISIONING_SKIP_DOTNET_CHECK=1          only install system packages
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

PACKAGES=(
  # The event store and the broker.
  postgresql            # server 15 + psql, pg_isready
  rabbitmq-server       # 3.10 (+ erlang)
  # The hypervisor stack the agent drives.
  libvirt-daemon-system # libvirtd, virtlogd, the qemu driver
  libvirt-clients       # virsh, virt-xml-validate (tests validate generated XML with it)
  libxml2-utils         # xmllint: virt-xml-validate calls it, but libvirt-clients does not depend on it
  qemu-system-x86
  qemu-utils            # qemu-img, used by libvirt's storage pools for qcow2 volumes
  openvswitch-switch    # ovsdb-server, ovs-vswitchd, ovs-vsctl, ovs-ctl
  # Deployment tooling: `docker-compose config` validates docker-compose.yml.
  docker-compose
  # The guest image (scripts/build-image.sh): a Debian root tree from the Debian mirror, put
  # on a partitioned ext4 disk that extlinux boots.
  mmdebstrap
  fdisk                 # sfdisk
  e2fsprogs             # mkfs.ext4
  extlinux
  syslinux-common       # mbr.bin
  # NoCloud seeds as ISO 9660: tests read the project's own seeds back with isoinfo; the time-to-login
  # benchmark's hand script makes its seeds with cloud-localds, as an operator would.
  genisoimage
  cloud-image-utils     # cloud-localds
  # Small tools the scripts themselves use.
  ca-certificates       # TLS to package registries (NuGet)
  procps                # pgrep/ps
  iproute2              # ss/ip, for diagnosing ports and OVS ports
  kmod                  # modprobe: ovs-ctl loads the openvswitch module where the kernel has one
  curl                  # RabbitMQ management API health check; the quick start talks to its API
  jq                    # the quick start reads the API's answers
  openssh-client        # ssh into the guests (README, tests)
  util-linux            # runuser (PostgreSQL refuses to run as root); blkid and mount read the cloud-init seed in tests
  # The portal's real-browser tests (Playwright drives Debian's Chromium; browser downloads are blocked).
  chromium
)
# shellcheck disable=SC2206 # word splitting of the extra list is intended
[[ -n "${PROVISIONING_EXTRA_PACKAGES:-}" ]] && PACKAGES+=(${PROVISIONING_EXTRA_PACKAGES})

# --- which packages are missing? (one dpkg-query call: ~20 ms) ---------------------------
installed="$(dpkg-query -W -f='${Package}\t${db:Status-Abbrev}\n' "${PACKAGES[@]}" 2>/dev/null || true)"
missing=()
for p in "${PACKAGES[@]}"; do
  grep -qP "^\Q$p\E\tii" <<<"$installed" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  log "system packages: all ${#PACKAGES[@]} present"
else
  log "system packages missing: ${missing[*]}"
  start=$(now_ms)
  export DEBIAN_FRONTEND=noninteractive
  apt_opts=(-y -q --no-install-recommends -o Dpkg::Use-Pty=0 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

  # Stop package maintainer scripts from starting daemons (Debian would start its own
  # PostgreSQL cluster on 5432 and a rabbit@<hostname> node on 5672 via the init.d scripts):
  # services.sh starts exactly what the project needs, the way it needs it. policy-rc.d
  # exit 101 = "action forbidden". Only ours is removed afterwards; an existing one stays.
  policy=/usr/sbin/policy-rc.d
  if [[ ! -e $policy ]]; then
    as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
    trap 'as_root rm -f "$policy"' EXIT
  fi

  # Registries can hiccup; retry the network-bound steps a few times before giving up.
  retry() {
    local n
    for n in 1 2 3; do
      "$@" && return 0
      warn "attempt $n failed: $*"; sleep $((n * 5))
    done
    return 1
  }
  retry as_root apt-get update -q || die "apt-get update failed"
  retry as_root apt-get install "${apt_opts[@]}" "${missing[@]}" || die "apt-get install failed"
  log "installed ${#missing[@]} package(s) in $(elapsed_s "$start")s"
fi

# --- .NET SDK -----------------------------------------------------------------------------
if [[ "${PROVISIONING_SKIP_DOTNET_CHECK:-0}" != 1 ]]; then
  if ! command -v dotnet >/dev/null 2>&1; then
    die "the .NET 10 SDK is not installed (no 'dotnet' on PATH). Install it, e.g.:
    curl -sSL https://dot.net/v1/dotnet-install.sh -o /tmp/dotnet-install.sh
    bash /tmp/dotnet-install.sh --channel 10.0 --install-dir /usr/share/dotnet
    ln -sf /usr/share/dotnet/dotnet /usr/local/bin/dotnet
  or see https://learn.microsoft.com/dotnet/core/install/linux-debian"
  fi
  # Run inside the repo so that global.json's SDK pin is honoured: this fails with a clear
  # message of its own when no installed SDK satisfies it.
  if ! sdk="$(cd "$PROVISIONING_ROOT" && dotnet --version 2>&1)"; then
    die "no installed .NET SDK satisfies global.json:
$sdk
  installed: $(dotnet --list-sdks 2>/dev/null | tr '\n' ' ')
  install one with dotnet-install.sh --channel 10.0 (see https://dot.net/v1/dotnet-install.sh)"
  fi
  log ".NET SDK $sdk"
fi
