namespace Provisioning.Engine.Outbox;

/// <summary>The host's queue nacked a command for as long as its send was given (see <see cref="NackedCommands"/>).</summary>
public sealed class CommandNackedException : Exception
{
    public CommandNackedException()
    {
    }

    public CommandNackedException(string message)
        : base(message)
    {
    }

    public CommandNackedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
