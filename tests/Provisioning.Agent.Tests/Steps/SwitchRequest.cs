using System.Text.Json;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Switch;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>
/// One host's part of a provision-switch or change-switch-vlans request as a test builds it (fresh request id,
/// the test agent's host), and the commands the engine would send for it.
/// </summary>
public sealed record SwitchRequest(Guid RequestId, string Workflow, IReadOnlyDictionary<string, string> Parameters)
{
    public static SwitchRequest Create(string bridge, int[] vlans, string? uplink = null, string? network = null) =>
        new(Guid.NewGuid(), "provision-switch",
            new SwitchSpec([TestAgent.HostName], bridge, uplink, vlans, network ?? bridge).ForHost(TestAgent.HostName));

    public static SwitchRequest Change(string bridge, int[] add, int[] remove, string? network = null) =>
        new(Guid.NewGuid(), "change-switch-vlans",
            new VlanChange([TestAgent.HostName], bridge, network ?? bridge, add, remove).ForHost(TestAgent.HostName));

    public ExecuteStep Command(string step, StepMode mode, JsonElement? outputs = null) =>
        Commands.For(RequestId, Workflow, step, mode, TestAgent.HostName, Parameters, outputs, "NET-" + TestRun.Prefix, 120);
}

public static class SwitchAgent
{
    public static Task<StepResult> Execute(this TestAgent agent, SwitchRequest request, string step) =>
        agent.Runner.RunAsync(request.Command(step, StepMode.Execute), _ => Task.CompletedTask, CancellationToken.None);

    public static Task<StepResult> Compensate(this TestAgent agent, SwitchRequest request, string step, JsonElement? outputs = null) =>
        agent.Runner.RunAsync(request.Command(step, StepMode.Compensate, outputs), _ => Task.CompletedTask, CancellationToken.None);
}
