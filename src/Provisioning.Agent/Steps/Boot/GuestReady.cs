namespace Provisioning.Agent.Steps.Boot;

/// <summary>How waiting for a guest's OS ended: up with its addresses, or not, with why and its console's end.</summary>
public sealed record GuestReady(bool IsUp, IReadOnlyList<string> Addresses, DateTimeOffset? At, string? Failure)
{
    public static GuestReady Up(IReadOnlyList<string> addresses, DateTimeOffset at) => new(true, addresses, at, null);

    public static GuestReady Failed(string why, string consoleTail) => new(false, [], null, $"{why}; serial console ends:\n{consoleTail}");
}
