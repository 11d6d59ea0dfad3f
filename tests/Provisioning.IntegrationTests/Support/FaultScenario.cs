namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// One fault scenario of a <see cref="FaultStack"/>: its VM and bridge names, and, when it ends, its fault
/// rules taken out of both files and a line in the suite's report saying whether the host was proven clean.
/// </summary>
public sealed class FaultScenario : IAsyncDisposable
{
    private readonly FaultStack stack;
    private readonly string title;
    private bool clean;

    internal FaultScenario(FaultStack stack, string title, string vm, string bridge)
    {
        this.stack = stack;
        this.title = title;
        Vm = vm;
        Bridge = bridge;
        // Start from no rules for this VM, whatever a failed scenario of the same name left.
        stack.AgentFaults.RemoveFor(vm);
        stack.EngineFaults.RemoveFor(vm);
    }

    public string Vm { get; }

    public string Bridge { get; }

    /// <summary>
    /// Asserts on the real host that nothing of request <paramref name="requestId"/> is left: no domain, no
    /// volume, no OVS port, and (unless the bridge was there before, <paramref name="bridgeWasThere"/>) no
    /// bridge and no network. Marks the scenario clean for the report.
    /// </summary>
    public async Task AssertHostCleanAsync(Guid requestId, bool bridgeWasThere = false)
    {
        Assert.Empty(await HostProbe.LeftOfRequest(Vm, bridgeWasThere ? null : Bridge, stack.Pool, requestId));
        clean = true;
    }

    public async ValueTask DisposeAsync()
    {
        stack.AgentFaults.RemoveFor(Vm);
        stack.EngineFaults.RemoveFor(Vm);
        if (clean)
        {
            stack.Record($"{title}: host clean");
            return;
        }
        // Failed before the host was checked: say what is there now, for the report.
        var there = new List<string>();
        if (await HostProbe.DomainExists(Vm)) there.Add("domain " + Vm);
        if (await HostProbe.BridgeExists(Bridge)) there.Add("bridge " + Bridge);
        if (await HostProbe.NetworkExists(Bridge)) there.Add("network " + Bridge);
        stack.Record($"{title}: FAILED before the host was proven clean; now on the host: {(there.Count == 0 ? "none of its domain, bridge, network" : string.Join(", ", there))}");
    }
}
