namespace Provisioning.Domain.Pools;

/// <summary>An address of a pool that a request holds (a live lease), as the engine read it for an allocation.</summary>
/// <param name="Pool">The pool's key (<see cref="PoolStreams.KeyOf"/>).</param>
/// <param name="RequestId">The request that holds it (the one that created the VM).</param>
/// <param name="Vm">The VM's name.</param>
public sealed record HeldAddress(string Pool, string Address, Guid RequestId, string Vm);
