# shellcheck shell=bash
# Configuration defaults for processes started by up.sh and test.sh (the app and the tests).
#
# .NET reads environment variables as configuration, with "__" as the section separator
# (ConnectionStrings__Postgres == ConnectionStrings:Postgres). A value already set in the
# environment always wins: these are only the defaults that match what services.sh starts
# on this machine, plus host facts that can only be detected on the host itself.

# PostgreSQL as set up by services.sh (role/database/password "provisioning").
export ConnectionStrings__Postgres="${ConnectionStrings__Postgres:-Host=localhost;Port=5432;Database=provisioning;Username=provisioning;Password=provisioning}"

# RabbitMQ node rabbit@localhost; guest/guest only works over loopback (RabbitMQ's default).
export RabbitMq__Host="${RabbitMq__Host:-localhost}"
export RabbitMq__Port="${RabbitMq__Port:-5672}"
export RabbitMq__VirtualHost="${RabbitMq__VirtualHost:-/}"
export RabbitMq__Username="${RabbitMq__Username:-guest}"
export RabbitMq__Password="${RabbitMq__Password:-guest}"

# The real libvirt daemon started by services.sh.
export Agent__LibvirtUri="${Agent__LibvirtUri:-qemu:///system}"

# OVS datapath: not set here. The agent's default "auto" picks the kernel datapath ("system")
# when the openvswitch module is loaded and the userspace one ("netdev") otherwise, which is
# what the dev/CI machines need. Set Agent__DatapathType=system|netdev to force one.

# Guest CPU mode: inside a VM (nested KVM: CPU flag "hypervisor") host-passthrough and
# host-model crash QEMU at start ("failed to set MSR 0x10a"); a named model works there. On
# bare metal nothing is set, and the app's configured default applies.
if [[ -z "${Agent__CpuMode:-}" ]] && grep -qw hypervisor /proc/cpuinfo 2>/dev/null; then
  export Agent__CpuMode=custom:qemu64
fi

# No telemetry, no first-run banner: CI logs stay clean and no network calls are attempted.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The guest image OS-level tests boot: PROVISIONING_TEST_IMAGE, a qcow2 with its .sha256 beside
# it. Not defaulted here (finding it may mean building it): test.sh's image phase sets it from
# scripts/build-image.sh, and the test kit's TestImage runs that script itself when it is unset.
