using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Guests;
using Provisioning.Engine.Outbox;
using Provisioning.Engine.Requests;
using Provisioning.Engine.Workflows;
using Provisioning.IntegrationTests.Support;
using Provisioning.Testing;
using Weasel.Core;

namespace Provisioning.IntegrationTests.Provisioning;

/// <summary>
/// A request stream as the engine wrote it before steps were typed (every command carried the request's parameters
/// as a map of strings, and every result its outputs as one), stored in the real PostgreSQL by a store that still
/// knows those shapes, then carried on and finished by today's engine: its pending command is forwarded with typed
/// arguments, its undo commands carry the old outputs, which the step definitions still read, and a failed undo names
/// what is left from them.
/// </summary>
public sealed class EarlierStreamShapeTests : IAsyncLifetime
{
    private readonly string schema = TestSettings.Prefix + "_shapes";
    private readonly string host = TestSettings.Prefix + "-old";
    private ServiceProvider services = null!;

    private RequestStore Requests => services.GetRequiredService<RequestStore>();

    public Task InitializeAsync()
    {
        services = InProcessEngine.Services(schema).BuildServiceProvider();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task a_stream_of_string_map_commands_and_outputs_is_forwarded_with_typed_arguments_and_rolled_back_to_the_end()
    {
        var id = Guid.CreateVersion7();
        var defineDomain = await WriteEarlierStreamAsync(id);

        // The outbox forwards the old pending command: its arguments are taken from the parameters it carried.
        await using (var query = services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            // Every old event still writes out as the events API and the audit write it (a JSON object, as read).
            foreach (var e in await query.Events.FetchStreamAsync(id))
            {
                Assert.Equal(JsonValueKind.Object, JsonSerializer.SerializeToElement(e.Data, e.Data.GetType(), new JsonSerializerOptions(JsonSerializerDefaults.Web)).ValueKind);
            }
            var stored = (await query.Events.FetchStreamAsync(id)).Single(e => e.Id == defineDomain);
            var command = CommandMessage.From(stored.Id, id, Assert.IsType<StepDispatched>(stored.Data));
            Assert.Equal(new DomainArguments("old-web", 64, 1, 1), StepCatalog.DefineDomain.ReadArguments(command.Arguments));
            Assert.Equal("old-web", command.Subject);
        }

        // define-domain fails for good: its own undo goes first, then create-bridge's with the outputs it reported then.
        var failed = await DecideAsync(id, Result(defineDomain, StepCatalog.DefineDomain.Name, StepMode.Execute, succeeded: false));
        var undoDomain = Assert.Single(failed.Decision.Events.OfType<StepDispatched>());
        Assert.Equal((StepCatalog.DefineDomain.Name, StepMode.Compensate), (undoDomain.Step, undoDomain.Mode));
        var undone = await DecideAsync(id, Result(undoDomain.CommandId, undoDomain.Step, StepMode.Compensate, succeeded: true));
        var undoBridge = Assert.Single(undone.Decision.Events.OfType<StepDispatched>());
        Assert.Equal((StepCatalog.CreateBridge.Name, StepMode.Compensate), (undoBridge.Step, undoBridge.Mode));
        var reported = StepCatalog.CreateBridge.ReadOutputs(undoBridge.Outputs)!;
        Assert.Equal((true, true, "oldbr"), (reported.BridgeCreated, reported.NetworkCreated, reported.Bridge));
        Assert.Empty(reported.PortgroupsAdded);
        Assert.Equal(["vlan-100"], reported.Portgroups);

        // The bridge's undo fails for good: what is left is read from those old outputs, and the request ends.
        var ended = await DecideAsync(id, Result(undoBridge.CommandId, undoBridge.Step, StepMode.Compensate, succeeded: false));
        Assert.Equal(RequestStatus.RollbackFailed, ended.State!.Status);
        Assert.Equal([$"bridge oldbr on {host}", $"network oldbr on {host}"], ended.State.Leftovers);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await new StackStore(TestSettings.Postgres, schema).DropAsync();
    }

    /// <summary>
    /// install-host and create-bridge done, define-domain dispatched, written as the engine of 2026-11 wrote them;
    /// returns the pending command's id.
    /// </summary>
    private async Task<Guid> WriteEarlierStreamAsync(Guid id)
    {
        // The engine's own store first: it creates the schema (tables, hash chain) as in production.
        await using (var session = services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            await session.Events.FetchStreamStateAsync(id);
        }

        var definition = services.GetRequiredService<WorkflowCatalog>().Find("provision-vm")!;
        var parameters = new Dictionary<string, string>
        {
            ["name"] = "old-web", ["host"] = host, ["memoryMiB"] = "64", ["vcpus"] = "1", ["diskGiB"] = "1", ["bridge"] = "oldbr", ["vlan"] = "100",
        };
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        var (install, bridge, domain) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await using var earlier = EarlierStore();
        await using var write = earlier.LightweightSession();
        write.CorrelationId = id.ToString();
        write.LastModifiedBy = "tester";
        write.Events.StartStream<RequestState>(id, new RequestSubmitted(id, definition.Name, definition.Version, definition.Steps,
            parameters, host, null, "tester", "api", null, at));
        write.Events.Append(id, Dispatched(write, install, "install-host", parameters, new Dictionary<string, string>(), at));
        write.Events.Append(id, new EarlierStepSucceeded(install, "install-host", 1, host,
            new Dictionary<string, string> { ["packagesInstalled"] = "", ["libvirtVersion"] = "9.0.0", ["kvm"] = "true", ["cpus"] = "2", ["memoryMiB"] = "4096" }, at, at));
        write.Events.Append(id, Dispatched(write, bridge, "create-bridge", parameters, new Dictionary<string, string>(), at));
        write.Events.Append(id, new EarlierStepSucceeded(bridge, "create-bridge", 1, host, new Dictionary<string, string>
        {
            ["bridgeCreated"] = "true", ["uplinkAdded"] = "false", ["networkCreated"] = "true", ["portgroupAdded"] = "false",
            ["portgroup"] = "vlan-100", ["bridge"] = "oldbr", ["network"] = "oldbr",
        }, at, at));
        write.Events.Append(id, Dispatched(write, domain, "define-domain", parameters, new Dictionary<string, string>(), at));
        await write.SaveChangesAsync();
        return domain;
    }

    private IEvent Dispatched(IDocumentSession session, Guid commandId, string step, IReadOnlyDictionary<string, string> parameters,
        IReadOnlyDictionary<string, string> outputs, DateTimeOffset at)
    {
        var e = session.Events.BuildEvent(new EarlierStepDispatched(commandId, step, StepMode.Execute, 1, host, "provision-vm", parameters, outputs,
            "tester", null, 300, at, at.AddSeconds(300)));
        e.Id = commandId;
        return e;
    }

    /// <summary>A store writing the earlier shapes under the same event names, as the engine of then did.</summary>
    private DocumentStore EarlierStore() => DocumentStore.For(opts =>
    {
        opts.Connection(TestSettings.Postgres);
        opts.DatabaseSchemaName = schema;
        opts.Events.DatabaseSchemaName = schema;
        opts.Events.StreamIdentity = StreamIdentity.AsGuid;
        opts.Events.MetadataConfig.EnableAll();
        opts.Events.MetadataConfig.UserNameEnabled = true;
        opts.Events.UseListenNotifyForEventAppends = true;
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString);
        opts.AutoCreateSchemaObjects = AutoCreate.None;
        opts.Events.MapEventType<RequestSubmitted>("request_submitted");
        opts.Events.MapEventType<EarlierStepDispatched>("step_dispatched");
        opts.Events.MapEventType<EarlierStepSucceeded>("step_succeeded");
    });

    private Task<DecisionOutcome> DecideAsync(Guid id, RequestCommand command) =>
        Requests.DecideAsync(id, command, new Causation(null, Guid.NewGuid().ToString(), "agent"), CancellationToken.None);

    private RecordStepResult Result(Guid commandId, string step, StepMode mode, bool succeeded) =>
        new(commandId, step, mode, 1, host, succeeded, Transient: false, succeeded ? null : "no such luck", null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

    /// <summary>StepDispatched as it was: the request's parameters and the outputs as maps of strings.</summary>
    private sealed record EarlierStepDispatched(
        Guid CommandId, string Step, StepMode Mode, int Attempt, string Host, string Workflow,
        IReadOnlyDictionary<string, string> Parameters, IReadOnlyDictionary<string, string> Outputs,
        string Actor, string? Ticket, int TimeoutSeconds, DateTimeOffset DispatchedAt, DateTimeOffset DeadlineAt);

    /// <summary>StepSucceeded as it was: outputs as a map of strings.</summary>
    private sealed record EarlierStepSucceeded(
        Guid CommandId, string Step, int Attempt, string Host, IReadOnlyDictionary<string, string> Outputs, DateTimeOffset StartedAt, DateTimeOffset FinishedAt);
}
