using System.Net;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Faults;

/// <summary>
/// An undo that keeps failing ends the request <c>RollbackFailed</c>, naming what is left and where;
/// once the cause is gone, retrying the rollback removes it.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class RollbackFailedTests(FaultStack stack)
{
    [Fact]
    public async Task when_undefine_domain_keeps_failing_the_request_shows_its_leftovers_and_a_retried_rollback_removes_them()
    {
        await using var scenario = stack.Begin("boot fails, undefine-domain fails forever, rollback retried", stack.Vm("rbfail"), stack.Bridge("rfb"));
        stack.AgentFaults.Add(
            new InjectedFault("boot", "FailPermanent", scenario.Vm, Times: 1),
            new InjectedFault("define-domain", "FailForever", scenario.Vm, Mode: "Compensate"));

        var id = await stack.SubmitAsync(scenario.Vm, scenario.Bridge);
        var failed = await stack.Api.WaitForEndAsync(id, FaultStack.SagaTimeout);

        Assert.True(failed.GetProperty("status").GetString() == "RollbackFailed", $"request ended {RequestJson.Describe(failed)}\n{stack.Agent.Tail()}");
        var leftovers = failed.GetProperty("leftovers").EnumerateArray().Select(l => l.GetString()!).ToList();
        var volume = $"{scenario.Vm}-{id:N}.qcow2";
        Assert.Contains(leftovers, l => l.Contains($"domain {scenario.Vm}", StringComparison.Ordinal) && l.Contains(stack.AgentHost, StringComparison.Ordinal));
        Assert.Contains(leftovers, l => l.Contains(volume, StringComparison.Ordinal) && l.Contains(stack.AgentHost, StringComparison.Ordinal));
        Assert.Equal("CompensationFailed", RequestJson.Step(failed, "define-domain").GetProperty("status").GetString());

        // What the request says is left really is there.
        Assert.Equal(0, (await HostProbe.Virsh("dominfo", scenario.Vm)).ExitCode);
        Assert.Contains(volume, (await HostProbe.Virsh("vol-list", stack.Pool)).EnsureSuccess("virsh vol-list").Stdout, StringComparison.Ordinal);

        stack.AgentFaults.Remove(scenario.Vm, "define-domain", "Compensate");
        Assert.Equal(HttpStatusCode.Accepted, await stack.Api.ActAsync(id, "retry-rollback"));
        var undone = await stack.Api.WaitForStatusAsync(id, FaultStack.SagaTimeout, "RolledBack", "RollbackFailed");

        Assert.True(undone.GetProperty("status").GetString() == "RolledBack", $"retried rollback ended {RequestJson.Describe(undone)}");
        Assert.Empty(undone.GetProperty("leftovers").EnumerateArray());
        await scenario.AssertHostCleanAsync(id);
    }
}
