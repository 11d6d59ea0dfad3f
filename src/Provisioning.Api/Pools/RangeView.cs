namespace Provisioning.Api.Pools;

/// <summary>The addresses a pool hands out, first to last.</summary>
public sealed record RangeView(string First, string Last);
