using Provisioning.Domain.Requests;
using Provisioning.Engine.Requests;
using Provisioning.IntegrationTests.Store;
using Provisioning.Engine.Inventory;

namespace Provisioning.IntegrationTests.Pools;

/// <summary>
/// Two engine replicas in this process (each its own service provider, document store and connection pool, like two
/// processes) on one schema of the real PostgreSQL, submitting at once for one pool: the lease's unique index, not a
/// check, keeps every address to one VM, and each loser decides again on what the winners committed.
/// </summary>
public sealed class TwoReplicaAllocationTests : IAsyncLifetime
{
    private StoreWorld one = null!;
    private StoreWorld two = null!;

    public async Task InitializeAsync()
    {
        one = StoreWorld.Start("replicas");
        // The first creates the schema alone; the second starts on it.
        await one.DefineAsync(Pooled.Sixteen("race"));
        // Every table now, not as each is first used: two stores creating one table at once race in PostgreSQL's
        // catalog (23505 on pg_type) and one of them fails its request.
        await one.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        two = StoreWorld.Start("replicas");
    }

    public async Task DisposeAsync()
    {
        await two.DisposeAsync();
        await one.DisposeAsync();
    }

    [Fact]
    public async Task thirty_submissions_through_two_replicas_on_sixteen_addresses_give_sixteen_distinct_addresses_and_fourteen_clear_refusals()
    {
        var results = await Task.WhenAll(Enumerable.Range(1, 30).Select(i => (i % 2 == 0 ? one : two).SubmitAsync(Pooled.Vm($"vm{i:00}", "race"))));

        var allocated = new List<string>();
        foreach (var r in results.Where(r => r.Refusal is null)) allocated.Add(Pooled.AllocationOf(await one.DataAsync(r.RequestId))!.Address);
        var refused = results.Where(r => r.Refusal is not null).ToList();
        Assert.True((allocated.Count, refused.Count) == (16, 14), $"{allocated.Count} allocated, {refused.Count} refused: {string.Join("; ", refused.Select(r => r.Refusal!.Reason))}");
        Assert.Equal(Enumerable.Range(10, 16).Select(n => $"10.77.0.{n}"), allocated.Order(StringComparer.Ordinal));
        Assert.All(refused, r =>
        {
            Assert.Equal(RequestStatus.Failed, r.Status);
            Assert.Equal(("pool", "address pool 'race' is exhausted: all 16 addresses of 10.77.0.10-10.77.0.25 are taken"), (r.Refusal!.Field, r.Refusal.Reason));
        });
        var leases = await one.LeasesAsync();
        Assert.Equal(16, leases.Count);
        Assert.Equal(16, leases.Select(l => l.Address).Distinct().Count());
        Assert.Equal(results.Where(r => r.Refusal is null).Select(r => r.RequestId).Order(), leases.Select(l => l.Id).Order());
    }

    [Fact]
    public async Task one_idempotency_key_through_both_replicas_still_makes_one_request_that_holds_one_address()
    {
        var key = $"k-{Guid.NewGuid():N}";
        Task<SubmissionResult> Submit(StoreWorld world) => world.Submissions.SubmitAsync(
            new Submission(Guid.CreateVersion7(), world.Catalog.Find("provision-vm")!, Pooled.Vm("same", "race"), null, "olga", "api", key, "h1", null) { Scope = VmScope.Everything },
            new Causation("olga", null, "api"), CancellationToken.None);

        var answers = await Task.WhenAll(Submit(one), Submit(two), Submit(one), Submit(two));

        Assert.Single(answers.Select(a => a.RequestId).Distinct());
        Assert.Single(answers, a => a.Created);
        Assert.Single(await one.LeasesAsync(), l => l.Id == answers[0].RequestId);
    }
}
