using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Contracts;
using Provisioning.IntegrationTests.Support;
using Provisioning.Testing;

namespace Provisioning.IntegrationTests.Dispatch;

/// <summary>
/// Every command takes one road: whoever decided hands it to the dispatcher after the commit, and it goes out at once.
/// Shown on a real control plane whose outbox subscription does not run (<c>Engine:RunSaga=false</c>), so nothing but
/// that road could deliver: a submission's first command, each next one after a result, and the undo an operator
/// asks for all reach the host's queue (real RabbitMQ), with fault injection off and on alike.
/// </summary>
public sealed class OneDispatchRoadTests : IAsyncLifetime
{
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(15);
    private readonly string prefix = $"{TestSettings.Prefix}dr";
    private string Host => $"{prefix}-kvm";

    public async Task InitializeAsync()
    {
        await RabbitMqCtl.AddVirtualHost(prefix);
    }

    public async Task DisposeAsync()
    {
        await RabbitMqCtl.DeleteVirtualHost(prefix);
        foreach (var schema in new[] { prefix, prefix + "f" }) await new StackStore(TestSettings.Postgres, schema).DropAsync();
    }

    [Fact]
    public async Task a_submission_each_result_and_an_operators_rollback_send_their_commands_at_once_without_the_outbox()
    {
        await using var plane = await StartControlPlaneAsync(prefix);
        await RunAndRollBackAsync(plane);
    }

    [Fact]
    public async Task with_fault_injection_enabled_commands_take_the_same_road()
    {
        var faults = Path.Combine(Path.GetTempPath(), $"{prefix}-faults.json");
        await File.WriteAllTextAsync(faults, """{ "rules": [] }""");
        try
        {
            await using var plane = await StartControlPlaneAsync(prefix + "f", new() { ["Engine__Faults__Enabled"] = "true", ["Engine__Faults__File"] = faults });
            Assert.Contains("FAULT INJECTION ENABLED", plane.Output, StringComparison.Ordinal);
            await RunAndRollBackAsync(plane);
        }
        finally
        {
            File.Delete(faults);
        }
    }

    private async Task RunAndRollBackAsync(HostProcess plane)
    {
        await using var agent = await ScriptedAgent.StartAsync(prefix, prefix, Host);
        using var http = Tokens.Client(plane.BaseAddress, TestSettings.AdminToken);
        var body = new { workflow = "provision-vm", parameters = new { name = $"{prefix}-vm", host = Host, memoryMiB = 64, vcpus = 1, diskGiB = 1, bridge = $"{prefix}br" } };
        using var submitted = await http.PostAsJsonAsync("/api/requests", body);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>(StackApi.Json)).GetProperty("id").GetGuid();

        // Each command arrives as soon as the decision before it committed; the agent's answer brings the next.
        var steps = new List<string>();
        while (steps.Count < 6)
        {
            var command = await agent.NextAsync(AtOnce);
            Assert.Equal((id, StepMode.Execute), (command.RequestId, command.Mode));
            steps.Add(command.Step);
            await agent.SucceedAsync(command);
        }
        Assert.Equal(["install-host", "create-bridge", "create-seed", "define-domain", "attach-port", "boot"], steps);
        await Eventually.Until(() => http.GetFromJsonAsync<JsonElement>($"/api/requests/{id}", StackApi.Json),
            r => r.GetProperty("status").GetString() == "Succeeded", AtOnce, $"request {id} to succeed");

        using var rollback = await http.PostAsync($"/api/requests/{id}/rollback", null);
        Assert.Equal(HttpStatusCode.Accepted, rollback.StatusCode);

        var undo = await agent.NextAsync(AtOnce);
        Assert.Equal((id, "boot", StepMode.Compensate), (undo.RequestId, undo.Step, undo.Mode));
        var events = await http.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/events", StackApi.Json);
        var dispatched = events.EnumerateArray().Last(e => e.GetProperty("type").GetString() == "step_dispatched");
        Assert.Equal(dispatched.GetProperty("id").GetGuid(), undo.CommandId);
    }

    private static async Task<HostProcess> StartControlPlaneAsync(string schema, Dictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = TestSettings.Postgres,
            ["Engine__Schema"] = schema,
            // No outbox subscription and no deadline poller: only the dispatcher after each commit can send.
            ["Engine__RunSaga"] = "false",
            ["RabbitMq__Host"] = TestSettings.RabbitHost,
            ["RabbitMq__VirtualHost"] = TestSettings.Prefix + "dr",
            ["RabbitMq__QueuePrefix"] = TestSettings.Prefix + "dr",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        };
        foreach (var (key, value) in extra ?? []) environment[key] = value;
        var plane = new HostProcess(HostProcess.ControlPlane, $"{schema}-oneroad", environment);
        await plane.StartAsync(TimeSpan.FromSeconds(120));
        return plane;
    }
}
