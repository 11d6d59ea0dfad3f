using System.Collections.Immutable;
using Provisioning.Domain.Requests;

namespace Provisioning.Testing;

/// <summary>
/// The request statuses as the domain defines them: <see cref="RequestStatus"/>, and which of them are terminal by the
/// state's own rule (<see cref="RequestState.IsTerminal"/>), so that no test keeps a list of its own.
/// </summary>
public static class RequestStatuses
{
    // First: the initialiser of Terminal below asks it.
    private static RequestState Blank { get; } = RequestState.Initial(new RequestSubmitted(
        Guid.Empty, "", 0, [], ImmutableDictionary<string, string>.Empty, "", null, "", "", null, DateTimeOffset.UnixEpoch));

    /// <summary>Every status after which nothing happens without an operator, as the API writes them.</summary>
    public static IReadOnlyList<string> Terminal { get; } =
        [.. Enum.GetValues<RequestStatus>().Where(IsTerminal).Select(s => s.ToString())];

    /// <summary>True when a request in <paramref name="status"/> is terminal (the API's spelling).</summary>
    public static bool IsTerminal(string? status) => status is not null && Terminal.Contains(status);

    /// <summary>Asks the domain: a state with nothing but <paramref name="status"/> set.</summary>
    public static bool IsTerminal(RequestStatus status) => (Blank with { Status = status }).IsTerminal;
}
