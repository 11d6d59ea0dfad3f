namespace Provisioning.Domain.Steps.Networking;

/// <summary>The gateway port attach-gateway ensured; <paramref name="PortCreated"/> when this request made it (and so may remove it).</summary>
public sealed record GatewayOutputs(bool PortCreated, string? Port);
