using System.Net;
using System.Text.Json;

namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// A control plane and TWO agent processes on this one machine (a <see cref="StackBuilder"/> configuration), each with
/// its own host name, as two hypervisors would be. Both agents share this machine's OVS and libvirt, so each has a bridge
/// name prefix of its own (<c>Agent__BridgeNamePrefix</c>): a request's bridge <c>sw1</c> is <see cref="BridgeOn"/>(host, "sw1")
/// there, i.e. <c>&lt;prefix&gt;a-sw1</c> on one and <c>&lt;prefix&gt;b-sw1</c> on the other. Each agent has its own fault
/// file. Own PostgreSQL schema, RabbitMQ virtual host and test workflows (short timeouts), all under the sub-prefix
/// <c>&lt;run prefix&gt;s</c>. When the collection ends, anything of the run left on the host fails it (listed before the sweep).
/// </summary>
public sealed class SwitchStack : IAsyncLifetime
{
    public static readonly TimeSpan SagaTimeout = TimeSpan.FromMinutes(3);

    private readonly List<Guid> requests = [];
    private readonly Dictionary<string, FaultRuleFile> faults = [];
    private Stack? stack;

    /// <summary>The sub-prefix on every name this collection creates (8 characters; bridge names stay within 15).</summary>
    public string Prefix { get; } = TestSettings.Prefix + "s";

    public string HostA => $"{Prefix}-kvma";

    public string HostB => $"{Prefix}-kvmb";

    public HostProcess ControlPlane => Running.ControlPlanes[0];

    public HostProcess AgentA => Running.Agents[0];

    public HostProcess AgentB => Running.Agents[1];

    /// <summary>The API as operator <c>netops</c>.</summary>
    public StackApi Api => Running.ApiAs("netops");

    private Stack Running => stack ?? throw new InvalidOperationException("the switch stack has not started");

    public async Task InitializeAsync()
    {
        var temp = Directory.CreateTempSubdirectory($"{Prefix}-switch-").FullName;
        var workflows = TestWorkflows.WriteTo(Path.Combine(temp, "workflows"));
        var builder = StackBuilder.Named(Prefix)
            .RemoveAfterwards(temp)
            .StartAgentsFirst()
            .WithSetting("Logging__Console__TimestampFormat", "HH:mm:ss.fff ");
        foreach (var (host, tag) in new[] { (HostA, "a"), (HostB, "b") })
        {
            faults[host] = new FaultRuleFile(Path.Combine(temp, $"{host}-faults.json"));
            var agent = new AgentSettings(host, "qemu:///system", $"{Prefix}{tag}pool", $"/var/lib/provisioning/test-pools/{Prefix}{tag}",
                $"/var/lib/provisioning/test-serial/{Prefix}{tag}") { CpuMode = null, BridgeNamePrefix = BridgePrefix(host) };
            builder.WithAgent($"{Prefix}-agent-{tag}", agent, new Dictionary<string, string>
            {
                ["Agent__Faults__Enabled"] = "true",
                ["Agent__Faults__File"] = faults[host].Path,
                ["DOTNET_ENVIRONMENT"] = "Development",
            });
        }
        stack = await builder.WithControlPlane($"{Prefix}-control-plane", new Dictionary<string, string>
        {
            ["Engine__DeadlinePollInterval"] = "00:00:00.200",
            ["Engine__WorkflowsDirectory"] = workflows,
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        }).StartAsync();
    }

    /// <summary>The real name, on <paramref name="host"/>'s agent, of the bridge (and network) a request names <paramref name="bridge"/>.</summary>
    public string BridgeOn(string host, string bridge) => BridgePrefix(host) + bridge;

    private string BridgePrefix(string host) => host == HostA ? Prefix + "a-" : host == HostB ? Prefix + "b-" : throw new ArgumentException(host);

    /// <summary>POSTs a request as this run's admin; returns the answer's status and body.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string workflow, object parameters, string ticket = "NET-1")
    {
        var (status, body, _) = await Running.Api().PostAsync("/api/requests", new { workflow, ticket, parameters });
        return (status, body);
    }

    /// <summary>Submits and remembers the request; returns its id.</summary>
    public async Task<Guid> SubmitAsync(string workflow, object parameters)
    {
        var (status, body) = await PostAsync(workflow, parameters);
        Assert.True(status == HttpStatusCode.Accepted, $"submit answered {(int)status}: {body}");
        var id = body.GetProperty("id").GetGuid();
        requests.Add(id);
        return id;
    }

    /// <summary>Waits for an end and returns the request as GET shows it, with the processes' last lines when it times out.</summary>
    public async Task<JsonElement> EndOfAsync(Guid id)
    {
        try
        {
            return await Api.WaitForEndAsync(id, SagaTimeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{Running.Tails(4000)}", e);
        }
    }

    /// <summary>
    /// Makes every <paramref name="step"/> command on <paramref name="host"/>'s agent fail: <paramref name="transientFirst"/>
    /// transient failures, then permanent ones. The agents have a fault file each, so the rules name no VM (a switch
    /// request has none) and hit only that agent.
    /// </summary>
    public void FailOn(string host, string step, int transientFirst = 0) => faults[host].Replace(
        [.. transientFirst > 0 ? [new InjectedFault(step, "FailTransient", null, transientFirst)] : Array.Empty<InjectedFault>(),
            new InjectedFault(step, "FailPermanent", null)]);

    /// <summary>No faults on <paramref name="host"/>'s agent any more.</summary>
    public void ClearFaults(string host) => faults[host].Replace();

    public async Task DisposeAsync()
    {
        if (stack is null) return;
        await stack.StopAsync();
        // Before any sweep: the evidence that the scenarios cleaned up after themselves.
        var leftovers = await HostProbe.Leftovers(Prefix, requests);
        await stack.DisposeAsync();
        if (leftovers.Count > 0) throw new InvalidOperationException($"the switch scenarios left on the host: {string.Join("; ", leftovers)}");
    }
}

[CollectionDefinition(Name)]
public sealed class SwitchCollection : ICollectionFixture<SwitchStack>
{
    public const string Name = "switch";
}
