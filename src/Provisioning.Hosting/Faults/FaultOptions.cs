namespace Provisioning.Hosting.Faults;

/// <summary>
/// Fault injection settings, sub-section <c>Faults</c> of <c>Agent</c> or <c>Engine</c>. For tests only:
/// a <see cref="File"/> without <see cref="Enabled"/> refuses start-up (<see cref="ThrowIfRefused"/>),
/// so a setting left behind by accident never injects faults in production.
/// </summary>
public sealed class FaultOptions
{
    public const string Section = "Faults";

    /// <summary>Must be true, explicitly, for <see cref="File"/> to be read at all.</summary>
    public bool Enabled { get; set; }

    /// <summary>The JSON fault file, re-read on every command; missing or empty means no faults.</summary>
    public string? File { get; set; }

    /// <summary>True when faults are injected from <see cref="File"/>.</summary>
    public bool Active => Enabled && !string.IsNullOrWhiteSpace(File);

    /// <summary>Throws <see cref="InvalidOperationException"/> when a file is set but injection was not enabled.</summary>
    /// <param name="owner">The configuration section holding these settings: <c>Agent</c> or <c>Engine</c>.</param>
    public void ThrowIfRefused(string owner)
    {
        if (!string.IsNullOrWhiteSpace(File) && !Enabled)
        {
            throw new InvalidOperationException(
                $"fault injection is refused unless {owner}:{Section}:Enabled=true ({owner}:{Section}:File is '{File}'); it is for tests only, remove the setting");
        }
    }
}
