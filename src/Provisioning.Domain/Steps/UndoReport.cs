namespace Provisioning.Domain.Steps;

/// <summary>What an undo did on its host: removed what the request made, put back what it had taken away, and kept what is still in use.</summary>
/// <param name="Removed">What the undo removed (e.g. <c>network br0</c>).</param>
/// <param name="Restored">What the undo put back (a change-vlans' removed portgroups).</param>
/// <param name="Kept">What it left, and why (another request still uses it).</param>
public sealed record UndoReport(IReadOnlyList<string> Removed, IReadOnlyList<string> Restored, IReadOnlyList<string> Kept)
{
    /// <summary>Nothing was there to undo.</summary>
    public static UndoReport Nothing { get; } = new([], [], []);

    /// <summary>These things were removed.</summary>
    public static UndoReport Of(params string[] removed) => new(removed, [], []);
}
