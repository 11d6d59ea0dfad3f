using System.Net;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Faults;

/// <summary>A step that fails twice transiently is retried within its policy and the request succeeds; every attempt is in the events.</summary>
[Collection(FaultCollection.Name)]
public sealed class TransientFailureTests(FaultStack stack)
{
    [Fact]
    public async Task when_define_domain_fails_twice_transiently_it_is_retried_and_the_request_succeeds_with_three_attempts_on_record()
    {
        await using var scenario = stack.Begin("transient failure x2 of define-domain, retried", stack.Vm("transient"), stack.Bridge("trb"));
        stack.AgentFaults.Add(new InjectedFault("define-domain", "FailTransient", scenario.Vm, Times: 2));

        var id = await stack.SubmitAsync(scenario.Vm, scenario.Bridge);
        var done = await stack.Api.WaitForEndAsync(id, FaultStack.SagaTimeout);

        Assert.True(done.GetProperty("status").GetString() == "Succeeded", $"request ended {RequestJson.Describe(done)}\n{stack.Agent.Tail()}");
        Assert.Equal(3, RequestJson.Step(done, "define-domain").GetProperty("attempts").GetInt32());

        var events = await stack.Api.EventsAsync(id);
        var attempts = RequestJson.Dispatches(events, "Execute", "define-domain").Select(e => e.GetProperty("data").GetProperty("attempt").GetInt32());
        Assert.Equal([1, 2, 3], attempts);
        var failures = RequestJson.OfType(events, "step_failed");
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f =>
        {
            Assert.Equal("define-domain", f.GetProperty("data").GetProperty("step").GetString());
            Assert.True(f.GetProperty("data").GetProperty("transient").GetBoolean());
        });
        var retries = RequestJson.OfType(events, "step_retry_scheduled");
        Assert.Equal([2, 3], retries.Select(r => r.GetProperty("data").GetProperty("nextAttempt").GetInt32()));
        Assert.Empty(RequestJson.Dispatches(events, "Compensate"));

        // The host has the guest once, running, whatever the failed attempts did.
        Assert.Equal("running", (await HostProbe.Virsh("domstate", scenario.Vm)).EnsureSuccess("virsh domstate").Stdout.Trim());
        Assert.NotNull(await HostProbe.PortOfRequest(id));

        Assert.Equal(HttpStatusCode.Accepted, await stack.Api.ActAsync(id, "rollback"));
        var undone = await stack.Api.WaitForStatusAsync(id, FaultStack.SagaTimeout, "RolledBack", "RollbackFailed");
        Assert.True(undone.GetProperty("status").GetString() == "RolledBack", $"rollback ended {RequestJson.Describe(undone)}");
        await scenario.AssertHostCleanAsync(id);
    }
}
