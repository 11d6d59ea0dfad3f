using System.Runtime.ExceptionServices;
using MassTransit;
using Provisioning.Hosting;

namespace Provisioning.Agent.Messaging;

/// <summary>
/// First filter of the command queue's error pipe: a command whose result could not be sent
/// (<see cref="ResultNotSentException"/>) or that never started because the agent stopped
/// (<see cref="CommandNotStartedException"/>) is rethrown, which makes the transport reject it with requeue, so the broker
/// delivers it again. Every other fault goes on to MassTransit's usual handling (the <c>_error</c> queue, without
/// a fault event: the endpoint publishes none), so a message that can never be consumed does not circle for ever.
/// </summary>
public sealed class RedeliverUnsentResults : IFilter<ExceptionReceiveContext>
{
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        if (!IsUnsentResult(context.Exception))
        {
            await next.Send(context);
            return;
        }

        if (!context.IsFaulted) await context.NotifyFaulted(context.Exception);
        ExceptionDispatchInfo.Capture(context.Exception).Throw();
    }

    private static bool IsUnsentResult(Exception? e) => ExceptionChain.Any(e, x => x is ResultNotSentException or CommandNotStartedException);

    public void Probe(ProbeContext context) => context.CreateFilterScope("redeliver-unsent-results");
}
