using Provisioning.Agent.Drivers.Packages;
using Provisioning.Domain.Vm;
using Provisioning.Hosting.Faults;

namespace Provisioning.Agent;

/// <summary>
/// One hypervisor agent's settings (configuration section <c>Agent</c>). Everything that differs
/// between a production host and a test machine (datapath, CPU mode, domain type) is here, not in code.
/// </summary>
public sealed class AgentOptions
{
    public const string Section = "Agent";

    /// <summary>The host this agent serves; names its queue. Empty means the machine's host name.</summary>
    public string? HostName { get; set; }

    public string LibvirtUri { get; set; } = "qemu:///system";

    /// <summary><c>auto</c> (kernel datapath if the openvswitch module is loaded, else userspace), <c>system</c> or <c>netdev</c>.</summary>
    public string DatapathType { get; set; } = "auto";

    /// <summary>
    /// The guest CPU: <c>host-model</c>, <c>host-passthrough</c>, or <c>custom:MODEL</c> (e.g.
    /// <c>custom:qemu64</c>, needed where host-model crashes QEMU with "failed to set MSR").
    /// </summary>
    public string CpuMode { get; set; } = "host-model";

    /// <summary><c>auto</c> (<c>test</c> on the test driver, <c>kvm</c> where /dev/kvm exists, else <c>qemu</c>), <c>kvm</c>, <c>qemu</c> or <c>test</c>.</summary>
    public string DomainType { get; set; } = "auto";

    public string StoragePool { get; set; } = "provisioning";

    public string StoragePoolPath { get; set; } = "/var/lib/provisioning/images";

    /// <summary>
    /// The libvirt directory pool of base images (import-image), created if missing: a pool of its own, so nothing that
    /// cleans up a VM's volumes ever sees an image, and an image volume's name is the image's (<c>debian-12.qcow2</c>,
    /// see <see cref="Domain.Images.ImageVolumes"/>).
    /// </summary>
    public string ImagePool { get; set; } = "provisioning-images";

    /// <summary>That pool's directory: not <see cref="StoragePoolPath"/> (two pools on one directory would each list the other's files).</summary>
    public string ImagePoolPath { get; set; } = "/var/lib/provisioning/base-images";

    /// <summary>
    /// Where import-image keeps what the pool cannot: each image's SHA-256 and which requests imported it, and the files
    /// being fetched. Outside the pool, so none of it is ever a volume.
    /// </summary>
    public string ImageMetadataDirectory { get; set; } = "/var/lib/provisioning/image-metadata";

    /// <summary>The largest image file import-image fetches (bytes); a bigger one fails permanently, and nothing is kept.</summary>
    public long ImageMaxBytes { get; set; } = 32L << 30;

    /// <summary>
    /// How a VM's disk is made from its image: <c>overlay</c> (a qcow2 whose backing file is the base image: instant,
    /// thin, but the base must stay) or <c>copy</c> (a full, independent copy: slower, bigger, survives the base).
    /// </summary>
    public string ImageDisks { get; set; } = "overlay";

    /// <summary>
    /// How long boot waits, after the domain runs, for an image VM's OS to be up: its guest agent answering with the
    /// expected address. Under TCG (no KVM) a Debian guest needs about 90 s. With <see cref="BootTimeoutSeconds"/> it stays
    /// under boot's own timeout in provision-vm (420 s), so a guest that never comes up fails here, with its console's end.
    /// </summary>
    public int GuestReadyTimeoutSeconds { get; set; } = 270;

    /// <summary>Each guest's serial console is logged to <c>&lt;dir&gt;/&lt;name&gt;.log</c>.</summary>
    public string SerialLogDirectory { get; set; } = "/var/log/provisioning/serial";

    /// <summary>When false, install-host fails (permanently) naming missing packages instead of installing them.</summary>
    public bool InstallPackages { get; set; } = true;

    public int BootTimeoutSeconds { get; set; } = 120;

    /// <summary>
    /// How long install-host trusts its last complete package check (seconds): within it, the step only checks that
    /// libvirt and ovsdb answer. 0: check the packages on every request.
    /// </summary>
    public int PackageCheckCacheSeconds { get; set; } = 300;

    /// <summary>
    /// How long stop, reboot and decommission wait for a guest to power off after the ACPI request
    /// before destroying it, unless the request says (<c>graceSeconds</c>). A guest without an OS never does.
    /// </summary>
    public int ShutdownGraceSeconds { get; set; } = 60;

    public int OvsTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// A step tells the engine it started only once it has run this long (milliseconds); a quicker step's result carries
    /// its start time instead, which spares the engine a message and a transaction per step. 0: report every start at once.
    /// </summary>
    public int StartReportAfterMs { get; set; } = 1000;

    /// <summary>Commands one agent runs at once.</summary>
    public int MaxConcurrentCommands { get; set; } = 4;

    /// <summary>
    /// Commands the agent takes from its queue at once (the broker's prefetch and the consumer's limit), at least
    /// <see cref="MaxConcurrentCommands"/>. Those beyond the running ones wait in the agent, where the next to run is
    /// chosen: undo first, then the oldest request's (see <see cref="Messaging.CommandGate"/>). 1 more than the slots is
    /// plain first-in-first-out. Null (the default): twice the slots. The engine sends a host no more than its slots
    /// at a time anyway; a bigger window holds deliveries unacknowledged for long, which the broker's consumer
    /// timeout punishes by closing the channel.
    /// </summary>
    public int? CommandWindow { get; set; }

    /// <summary>The window in effect: <see cref="CommandWindow"/>, or twice <see cref="MaxConcurrentCommands"/>.</summary>
    public int EffectiveCommandWindow => CommandWindow ?? 2 * MaxConcurrentCommands;

    /// <summary>
    /// libvirt keepalive on the agent's connection (seconds between probes; three unanswered close it): a call stuck
    /// on a hung or vanished libvirtd fails, and the connection is opened anew, instead of holding its slot for ever.
    /// 0: none.
    /// </summary>
    public int LibvirtKeepAliveSeconds { get; set; } = 5;

    /// <summary>
    /// Finished results remembered per command id, answering redeliveries without touching the host. A soft bound: past it the
    /// oldest answers are forgotten, but only those whose command can no longer validly come (past its not-after and timeout).
    /// </summary>
    public int CompletedCommandCache { get; set; } = 10_000;

    /// <summary>
    /// Where the agent keeps its command ledger (<c>&lt;host&gt;.ledger.jsonl</c>): every answer and every execution an
    /// undo superseded, written to the disk before the answer leaves, so after a restart or a crash a redelivered or
    /// replayed command is answered from it, not run again. Empty: in memory only (lost with the process).
    /// </summary>
    public string StateDirectory { get; set; } = "/var/lib/provisioning/agent-state";

    /// <summary>
    /// The longest one try to send a step's result waits for the broker to take it: a send stuck while the broker is away
    /// must not wait for ever. A failed try is tried again (see <see cref="ResultRetrySeconds"/>).
    /// </summary>
    public int ResultSendTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// How long the agent keeps trying to send a step's result, holding the command's delivery, before it gives the command
    /// back to its queue (whose redelivery answers with the remembered result without running the step again). Keep it well
    /// under the broker's consumer timeout (RabbitMQ's default: 30 min), which closes a channel with a delivery
    /// unacknowledged that long.
    /// </summary>
    public int ResultRetrySeconds { get; set; } = 300;

    /// <summary>
    /// The broker's consumer timeout on the agent's queue (RabbitMQ's <c>consumer_timeout</c>, 30 min by default): a delivery
    /// unacknowledged that long has its channel closed. The agent gives a command whose result it is still trying to send back a
    /// minute before. (A step that runs longer than this loses its delivery whatever the agent does.)
    /// </summary>
    public int BrokerConsumerTimeoutSeconds { get; set; } = 1800;

    /// <summary>How often the agent tells the engine it is alive and what its host can offer.</summary>
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>
    /// Put before every bridge and network name a command names (parameters <c>bridge</c> and <c>network</c>) on this
    /// host. Empty (the default, and what production uses): names are taken as given. Only for running several
    /// agents on one machine (tests, demos), so that each "host" has bridges of its own; see <see cref="Steps.BridgeNames"/>.
    /// </summary>
    public string BridgeNamePrefix { get; set; } = "";

    /// <summary>
    /// The most memory (MiB) this host offers to guests in all, reported with every heartbeat; placement never
    /// hands out more here, whatever the host's size. Null (the default): the engine's policy on the host's memory.
    /// </summary>
    public long? MaxGuestMemoryMiB { get; set; }

    /// <summary>The most vCPUs this host offers to guests in all, as <see cref="MaxGuestMemoryMiB"/>; null: the engine's policy on the host's CPUs.</summary>
    public int? MaxGuestVcpus { get; set; }

    /// <summary>
    /// The native VLAN of untagged VM ports: the default portgroup <c>no-vlan</c> of every network the agent makes (or
    /// meets) tags it, so an untagged guest is an access port on it and never a trunk of every VLAN on its bridge. The
    /// default, <see cref="VlanIds.Native"/>, is the one VLAN requests may not name. Another value must be a VLAN no
    /// request is given on this host: the agent refuses requests naming it, the engine does not know it.
    /// </summary>
    public int UntaggedVlan { get; set; } = VlanIds.Native;

    /// <summary>
    /// The NICs requests may make a bridge's uplink: names, or prefixes ending in <c>*</c> (<c>ens1f*</c>). Empty (the
    /// default): none, so only an operator who listed a NIC here lets a request plug it into a bridge. A listed NIC is
    /// still refused while it carries an address, holds the default route or is part of another bridge or bond.
    /// </summary>
    public List<string> AllowedUplinks { get; set; } = [];

    public PackageOptions Packages { get; set; } = new();

    /// <summary>Fault injection for tests (<c>Agent:Faults:Enabled</c>, <c>Agent:Faults:File</c>); off unless enabled.</summary>
    public FaultOptions Faults { get; set; } = new();

    /// <summary>The host name in effect: the configured one, or the machine's.</summary>
    public string ResolvedHostName =>
        string.IsNullOrWhiteSpace(HostName) ? System.Net.Dns.GetHostName() : HostName.Trim();
}
