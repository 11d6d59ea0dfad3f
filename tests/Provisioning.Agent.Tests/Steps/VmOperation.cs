using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>One day-two or decommission request as a test builds it: a fresh request id and its validated parameters.</summary>
public sealed record VmOperation(Guid RequestId, string Workflow, IReadOnlyDictionary<string, string> Parameters)
{
    public static VmOperation Of(string workflow, IRequestParameters parameters) => new(Guid.NewGuid(), workflow, parameters.ToParameters());

    public static VmOperation Start(string name) => Of("start-vm", new VmReference(name, TestAgent.HostName));

    public static VmOperation Stop(string name, int? graceSeconds = null) => Of("stop-vm", new VmReference(name, TestAgent.HostName, graceSeconds));

    public static VmOperation Reboot(string name, int? graceSeconds = null) => Of("reboot-vm", new VmReference(name, TestAgent.HostName, graceSeconds));

    public static VmOperation Resize(string name, int? memoryMiB, int? vcpus) => Of("resize-vm", new VmResize(name, TestAgent.HostName, memoryMiB, vcpus));

    public static VmOperation Snapshot(string name, SnapshotAction action, string snapshot) =>
        Of("snapshot-vm", new VmSnapshot(name, TestAgent.HostName, action, snapshot));

    public static VmOperation Decommission(string name, bool force = false, int? graceSeconds = 1) =>
        Of("decommission-vm", new VmDecommission(name, TestAgent.HostName, force, graceSeconds));

    /// <summary>The command the saga would dispatch for <paramref name="step"/>, with a fresh command id.</summary>
    public ExecuteStep Command(string step) =>
        Commands.For(RequestId, Workflow, step, StepMode.Execute, TestAgent.HostName, Parameters, null, "TICKET-" + TestRun.Prefix, 300);
}
