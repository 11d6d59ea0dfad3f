using Provisioning.Engine.ErrorQueues;

namespace Provisioning.Api.ErrorQueues;

/// <summary>An error queue as <c>GET /api/error-queues</c> shows it: whose it is and how many messages wait in it.</summary>
public sealed record ErrorQueueView(string Name, string Of, string? Host, long Messages)
{
    public static ErrorQueueView From(ErrorQueue queue, IReadOnlyDictionary<string, long> depths) =>
        new(queue.Name, queue.Of, queue.Host, depths.GetValueOrDefault(queue.Name));
}

/// <summary>What <c>POST /api/error-queues/{name}/redrive</c> did.</summary>
public sealed record RedriveView(string Name, string To, long Moved, long Left);
