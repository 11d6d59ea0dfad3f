namespace Provisioning.Agent.Messaging.Running;

/// <summary>The runner's shared settings.</summary>
public static class CommandStages
{
    /// <summary>Used when a command carries no timeout of its own.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);
}
