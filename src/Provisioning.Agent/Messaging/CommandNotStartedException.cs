namespace Provisioning.Agent.Messaging;

/// <summary>
/// The agent stopped while the command still waited for a slot (<see cref="CommandGate"/>). Thrown out of the consumer so
/// that the command goes back to its queue untouched (see <see cref="RedeliverUnsentResults"/>): it never ran, so there is
/// no result to send, and a failed one would cost the request a retry for nothing.
/// </summary>
public sealed class CommandNotStartedException : Exception
{
    public CommandNotStartedException()
    {
    }

    public CommandNotStartedException(string message)
        : base(message)
    {
    }

    public CommandNotStartedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
