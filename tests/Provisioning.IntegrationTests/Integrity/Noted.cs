namespace Provisioning.IntegrationTests.Integrity;

/// <summary>A plain event for the store-level hash-chain tests.</summary>
public sealed record Noted(string Text, int Number);
