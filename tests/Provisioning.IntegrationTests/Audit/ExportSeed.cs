using Provisioning.Contracts;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Audit;
using Provisioning.Engine.Workflows;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Audit;

/// <summary>
/// Seeds request streams straight into the stack's schema through the engine's own Marten setup (so every
/// inline projection runs as on a real write). No dispatch events: the stack's outbox would send them to agents.
/// </summary>
public static class ExportSeed
{
    public const int Requests = 400;
    /// <summary>A submission, three failed attempts of three events each, two per step, success, rollback request, its start, one undo's two.</summary>
    public static int EventsPerRequest { get; } = 15 + 2 * ShippedWorkflow.ProvisionVm.Count;

    /// <summary>Ticket values a spreadsheet would run as formulas.</summary>
    public static readonly string[] FormulaTickets = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)"];

    private static Task<ExportData>? seeded;

    /// <summary>Seeds once per test run.</summary>
    public static Task<ExportData> OnceAsync(StackFixture stack) => seeded ??= SeedAsync(stack);

    private static async Task<ExportData> SeedAsync(StackFixture stack)
    {
        await using var provider = InProcessEngine.Services(stack.Schema).BuildServiceProvider();
        var store = provider.GetRequiredService<IDocumentStore>();
        var workflow = provider.GetRequiredService<WorkflowCatalog>().Find("provision-vm")!;
        var data = new ExportData($"exp-{stack.Prefix}", $"exporter-{stack.Prefix}", Requests * EventsPerRequest,
            $"\"{stack.Schema}\".\"{store.Options.FindOrResolveDocumentType(typeof(AuditEntry)).TableName.Name}\"");

        var start = DateTimeOffset.UtcNow.AddDays(-30);
        for (var batch = 0; batch < Requests; batch += 50)
        {
            await using var session = store.LightweightSession();
            for (var i = batch; i < batch + 50; i++)
            {
                var id = Guid.CreateVersion7();
                var ticket = i % 10 == 0 ? FormulaTickets[i / 10 % FormulaTickets.Length] : $"EXP-{i}";
                var host = $"{stack.Prefix}-exp{i % 3}";
                var events = Stream(id, workflow.Steps, i, ticket, host, data.Actor, data.Project, start.AddMinutes(i));
                Assert.Equal(EventsPerRequest, events.Count);
                session.Events.StartStream<RequestState>(id, events.Select(e => Wrap(session, e.Data, e.At, id, ticket, host, data)).ToArray<object>());
            }
            await session.SaveChangesAsync();
        }
        return data;
    }

    // 15 + 2 per step events: a submission, the steps of which three fail once (one with a formula, one with quotes and a
    // line break, one with a comma), success, then a rollback under way (boot undone).
    private static List<(object Data, DateTimeOffset At)> Stream(Guid id, IReadOnlyList<Domain.Workflows.StepPlan> plan, int i, string ticket,
        string host, string actor, string project, DateTimeOffset t)
    {
        System.Text.Json.JsonElement? none = null;
        var parameters = new Dictionary<string, string>
        {
            ["name"] = $"exp-{i}", ["host"] = host, ["memoryMiB"] = "64", ["vcpus"] = "1", ["diskGiB"] = "1", ["bridge"] = "expbr",
        };
        var events = new List<(object, DateTimeOffset)> { (new RequestSubmitted(id, "provision-vm", 1, plan, parameters, host, ticket, actor, "api", null, t, project), t) };
        string[] errors = ["=HYPERLINK(\"http://evil.example\",\"click\")", "disk \"vda\" busy,\nretry later", "timeout, retry"];
        for (var s = 0; s < plan.Count; s++)
        {
            var step = plan[s].Name;
            if (s < errors.Length)
            {
                var failed = Guid.NewGuid();
                events.Add((new StepStartedOnHost(failed, step, StepMode.Execute, 1, host, t = t.AddSeconds(1)), t));
                events.Add((new StepFailed(failed, step, 1, host, errors[s], true, none, t = t.AddSeconds(1)), t));
                events.Add((new StepRetryScheduled(Guid.NewGuid(), step, StepMode.Execute, 2, t.AddSeconds(2), errors[s]), t));
            }
            var command = Guid.NewGuid();
            events.Add((new StepStartedOnHost(command, step, StepMode.Execute, s < errors.Length ? 2 : 1, host, t = t.AddSeconds(2)), t));
            events.Add((new StepSucceeded(command, step, s < errors.Length ? 2 : 1, host, none, t, t = t.AddSeconds(1)), t));
        }
        events.Add((new RequestSucceeded(t = t.AddSeconds(1)), t));
        events.Add((new RollbackRequested("ops", "decommission", t = t.AddHours(1)), t));
        events.Add((new CompensationStarted("rollback requested by ops", [.. plan.Skip(1).Select(p => p.Name).Reverse()], "ops", t), t));
        var undo = Guid.NewGuid();
        events.Add((new StepStartedOnHost(undo, plan[^1].Name, StepMode.Compensate, 1, host, t = t.AddSeconds(1)), t));
        events.Add((new StepCompensated(undo, plan[^1].Name, 1, host, none, t = t.AddSeconds(1)), t));
        return events;
    }

    private static JasperFx.Events.IEvent Wrap(IDocumentSession session, object data, DateTimeOffset at, Guid id, string ticket, string host, ExportData seed)
    {
        var e = session.Events.BuildEvent(data);
        e.Timestamp = at;
        e.UserName = seed.Actor;
        e.CorrelationId = id.ToString();
        e.SetHeader(AuditHeaders.Source, "api");
        e.SetHeader(AuditHeaders.Ticket, ticket);
        e.SetHeader(AuditHeaders.Host, host);
        e.SetHeader(AuditHeaders.Workflow, "provision-vm");
        e.SetHeader(AuditHeaders.Project, seed.Project);
        return e;
    }
}
