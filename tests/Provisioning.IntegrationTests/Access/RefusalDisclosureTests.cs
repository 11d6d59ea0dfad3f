using System.Net;
using System.Text;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Access;

/// <summary>
/// A placement refusal tells a caller who may read the hosts which host refused and why; a requester learns only that
/// no host has room: not the fleet's host names nor their free memory.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class RefusalDisclosureTests(StackFixture stack)
{
    /// <summary>A VM of 1 TiB, which no host of the test stack has room for, placed (no host named).</summary>
    private string HugeVm(string name) => JsonSerializer.Serialize(new
    {
        workflow = "provision-vm",
        parameters = new { name, memoryMiB = 1024 * 1024, vcpus = 1, diskGiB = 1, bridge = $"{stack.Prefix}rd", vlan = 100 },
    });

    [Theory]
    [InlineData(Callers.Requester, false)]
    [InlineData(Callers.Operator, true)]
    public async Task only_a_caller_who_may_read_the_hosts_sees_which_hosts_refused_and_why(string caller, bool seesFleet)
    {
        var world = await AccessWorld.OfAsync(stack);
        using var client = world.Client(caller);
        using var response = await client.PostAsync("/api/requests", new StringContent(HugeVm($"{stack.Prefix}-huge-{caller}"), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{(int)response.StatusCode}: {text}");
        using var problem = JsonDocument.Parse(text);
        Assert.Equal("No host has room", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(seesFleet, problem.RootElement.GetProperty("candidates").GetArrayLength() > 0);
        // The stack's agent host is a candidate that has no room: named to operators only.
        Assert.Equal(seesFleet, text.Contains(stack.AgentHost, StringComparison.Ordinal));
    }
}
