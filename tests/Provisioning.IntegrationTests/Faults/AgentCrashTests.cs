using System.Net;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Faults;

/// <summary>
/// The agent dies (SIGKILL) after a step's effect and before its reply: the unacknowledged command is
/// redelivered to the restarted agent, which finds the effect in place instead of making it twice.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class AgentCrashTests(FaultStack stack)
{
    [Fact]
    public async Task when_the_agent_is_killed_after_define_domain_took_effect_the_restarted_agent_finishes_with_one_domain_and_one_port()
    {
        await using var scenario = stack.Begin("agent killed after define-domain's effect, restarted", stack.Vm("agentkill"), stack.Bridge("akb"));
        stack.AgentFaults.Add(new InjectedFault("define-domain", "KillAfterEffect", scenario.Vm, Times: 1));

        var id = await stack.SubmitAsync(scenario.Vm, scenario.Bridge);
        await stack.RestartAfterCrashAsync(stack.Agent, TimeSpan.FromSeconds(60));
        var done = await stack.Api.WaitForEndAsync(id, FaultStack.SagaTimeout);

        Assert.True(done.GetProperty("status").GetString() == "Succeeded", $"request ended {RequestJson.Describe(done)}\n{stack.Agent.Tail()}");
        Assert.Equal(1, (await HostProbe.DomainNames()).Count(n => n == scenario.Vm));
        Assert.Single(await HostProbe.InterfacesWithIfaceId(id.ToString("D")));

        // The same command was delivered again (not a retry decided by the engine): one dispatch, one success.
        var events = await stack.Api.EventsAsync(id);
        var dispatch = Assert.Single(RequestJson.Dispatches(events, "Execute", "define-domain"));
        var succeeded = Assert.Single(RequestJson.OfType(events, "step_succeeded"), e => e.GetProperty("data").GetProperty("step").GetString() == "define-domain");
        Assert.Equal(dispatch.GetProperty("id").GetGuid(), succeeded.GetProperty("data").GetProperty("commandId").GetGuid());

        Assert.Equal(HttpStatusCode.Accepted, await stack.Api.ActAsync(id, "rollback"));
        var undone = await stack.Api.WaitForStatusAsync(id, FaultStack.SagaTimeout, "RolledBack", "RollbackFailed");
        Assert.True(undone.GetProperty("status").GetString() == "RolledBack", $"rollback ended {RequestJson.Describe(undone)}");
        await scenario.AssertHostCleanAsync(id);
    }
}
