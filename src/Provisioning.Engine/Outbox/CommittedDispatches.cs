using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Outbox;

/// <summary>The commands one decision of request <paramref name="RequestId"/> issued, once its transaction committed them.</summary>
public sealed record CommittedDispatches(Guid RequestId, IReadOnlyList<StepDispatched> Commands)
{
    public static CommittedDispatches None { get; } = new(Guid.Empty, []);
}
