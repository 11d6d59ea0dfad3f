namespace Provisioning.Domain.Pools;

// The events of an address pool's stream (one per pool name, PoolStreams): what admins did with it.

/// <summary>An admin defined the pool; from now on requests may take addresses from it.</summary>
public sealed record PoolDefined(PoolDefinition Pool, string Actor, DateTimeOffset At);

/// <summary>An admin removed the pool (no address of it was leased then).</summary>
public sealed record PoolRemoved(string Name, string Actor, DateTimeOffset At);
