namespace Provisioning.Agent.Tests.Libvirt;

/// <summary>
/// Undo actions registered as a test creates things on the host, run in reverse order on dispose,
/// each one even when an earlier one fails, so a failing test still leaves the host clean.
/// </summary>
public sealed class Cleanup : IDisposable
{
    private readonly Stack<(string What, Action Undo)> actions = new();

    public void Add(string what, Action undo) => actions.Push((what, undo));

    public void Dispose()
    {
        var failures = new List<Exception>();
        while (actions.TryPop(out var action))
        {
            try { action.Undo(); }
            catch (Exception e) { failures.Add(new InvalidOperationException($"cleanup '{action.What}' failed: {e.Message}", e)); }
        }
        if (failures.Count > 0) throw new AggregateException(failures);
    }
}
