using System.Text.Json;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Vm.Addressing;
using Provisioning.Domain.Vm.Guest;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>One provision-vm request as a test builds it: fresh ids, run-prefixed names; a guest OS and its address when given.</summary>
public sealed record VmRequest(Guid RequestId, string Name, string Host, string Bridge, int? Vlan, string? Uplink = null, int MemoryMiB = 64,
    GuestSetup? Guest = null, VmAddressing? Addressing = null)
{
    public static VmRequest New(string host, string bridge, int? vlan = 100, string? name = null) =>
        new(Guid.NewGuid(), name ?? TestRun.Name("vm"), host, bridge, vlan);

    public VmSpec Spec => new(Name, Host, MemoryMiB: MemoryMiB, Vcpus: 1, DiskGiB: 1, Bridge, Vlan, Uplink, Guest, Addressing);

    public Guid DomainUuid => Naming.DomainUuid(RequestId);

    public string Volume => Naming.VolumeName(Name, RequestId);

    public string Seed => Naming.SeedVolumeName(Name, RequestId);

    public string Mac => Naming.Mac(RequestId);

    public string Portgroup => Naming.Portgroup(Vlan);

    /// <summary>A command as the engine would send it, with a fresh command id.</summary>
    public ExecuteStep Command(string step, StepMode mode, JsonElement? outputs = null, int timeoutSeconds = 300) =>
        Commands.For(RequestId, "provision-vm", step, mode, Host, Spec.ToParameters(), outputs, "TICKET-" + TestRun.Prefix, timeoutSeconds);
}
