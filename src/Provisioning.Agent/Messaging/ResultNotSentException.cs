using Provisioning.Agent.Messaging.Ledger;
namespace Provisioning.Agent.Messaging;

/// <summary>
/// The broker did not take a command's result within <see cref="AgentOptions.ResultRetrySeconds"/> of tries, or the agent
/// stopped while it tried. Thrown out of the consumer so that the command
/// goes back to its queue (see <see cref="RedeliverUnsentResults"/>): its redelivery answers with the result the
/// <see cref="CommandLedger"/> remembers, without running the step again.
/// </summary>
public sealed class ResultNotSentException : Exception
{
    public ResultNotSentException()
    {
    }

    public ResultNotSentException(string message)
        : base(message)
    {
    }

    public ResultNotSentException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
