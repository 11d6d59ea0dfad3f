using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Outbox;

/// <summary>
/// A stored command the broker refused for its host (<see cref="SendRefusal"/>), kept until it can be sent or nothing
/// would run it any more. Stored before the outbox moves past it, so a crash loses none.
/// </summary>
public sealed class ParkedCommand
{
    /// <summary>The command id (the dispatch event's id).</summary>
    public Guid Id { get; set; }

    public Guid RequestId { get; set; }

    /// <summary>Lower case, as queue names are.</summary>
    public string Host { get; set; } = "";

    public StepDispatched Command { get; set; } = null!;

    public DateTimeOffset ParkedAt { get; set; }

    /// <summary>Why the broker refused it, the first time.</summary>
    public string Reason { get; set; } = "";

    public static string HostKey(string host) => host.ToLowerInvariant();
}
