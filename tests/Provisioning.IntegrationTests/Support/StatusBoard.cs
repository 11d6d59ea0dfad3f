namespace Provisioning.IntegrationTests.Support;

/// <summary>Statuses of a set of requests (empty with <see cref="Error"/> when the store could not be read).</summary>
public sealed record StatusBoard(IReadOnlyDictionary<Guid, (string Status, string? Step)> Statuses, string? Error)
{
    public int Count(params IReadOnlyCollection<string> statuses) => Statuses.Values.Count(s => statuses.Contains(s.Status));

    public override string ToString() => Error is not null
        ? $"store unreadable: {Error}"
        : string.Join(", ", Statuses.GroupBy(s => s.Value.Status).Select(g => $"{g.Key}: {g.Count()}"))
            + "; not terminal: " + string.Join(", ", Statuses.Where(s => !RequestStatuses.IsTerminal(s.Value.Status))
                .Select(s => $"{s.Key} {s.Value.Status} at {s.Value.Step}"));
}
