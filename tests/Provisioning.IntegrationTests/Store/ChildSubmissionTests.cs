using JasperFx.Events;
using JasperFx.Events.Projections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Children;

namespace Provisioning.IntegrationTests.Store;

/// <summary>
/// A parent's child starts through the one submission every request goes through: the child relay's own handling of a
/// stored <see cref="ChildRequested"/>, on the real PostgreSQL, meets the same checks as a request from the API.
/// </summary>
public sealed class ChildSubmissionTests() : StoreTest("children")
{
    [Fact]
    public async Task a_child_on_a_host_whose_agent_never_announced_itself_is_refused_like_any_submission_and_its_parent_hears_it()
    {
        var parent = Guid.CreateVersion7();
        var onboarding = World.Catalog.Find("onboard-host")!;
        var host = $"{Guid.NewGuid():N}"[..12];
        var child = ChildIds.Of(parent, host);
        var requested = new ChildRequested(child, host, onboarding.Name, onboarding.Version, onboarding.Steps,
            new Dictionary<string, string> { ["host"] = host }, "NET-1", "olga", "api", null, DateTimeOffset.UtcNow, onboarding.Parameters);

        await Relay(new Event<ChildRequested>(requested) { StreamId = parent, Version = 2, Id = Guid.NewGuid() });

        var events = await World.DataAsync(child);
        Assert.Collection(events,
            e => Assert.Equal(parent, Assert.IsType<RequestSubmitted>(e).ParentId),
            e => Assert.StartsWith($"no agent of host {host} has announced itself", Assert.IsType<RequestFailed>(e).Reason, StringComparison.Ordinal),
            e => Assert.Equal((parent, RequestStatus.Failed), (Assert.IsType<ChildRequestFinished>(e).ParentId, ((ChildRequestFinished)e).Status)));
    }

    [Fact]
    public async Task a_child_relayed_twice_is_started_once()
    {
        var parent = Guid.CreateVersion7();
        var sw = World.Catalog.Find("provision-switch")!;
        var host = $"{Guid.NewGuid():N}"[..12];
        var requested = new ChildRequested(ChildIds.Of(parent, host), host, sw.Name, sw.Version, sw.Steps,
            new Dictionary<string, string> { ["hosts"] = host, ["bridge"] = "csbr", ["vlans"] = "100", ["network"] = "csbr" },
            null, "olga", "api", null, DateTimeOffset.UtcNow, sw.Parameters);
        var stored = new Event<ChildRequested>(requested) { StreamId = parent, Version = 2, Id = Guid.NewGuid() };

        await Relay(stored);
        await Relay(stored);

        var events = await World.DataAsync(requested.ChildId);
        Assert.Single(events.OfType<RequestSubmitted>());
        Assert.Equal(host, Assert.Single(events.OfType<StepDispatched>()).Host);
    }

    private async Task Relay(IEvent e)
    {
        var relay = new ChildRequestRelay(World.Services, World.Services.GetRequiredService<ILogger<ChildRequestRelay>>());
        var page = new EventRange(new ShardName(ChildRequestRelay.SubscriptionName), e.Version) { Events = [e] };
        await relay.ProcessEventsAsync(page, null!, null!, CancellationToken.None);
    }
}
