using Microsoft.Extensions.Logging.Abstractions;
using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Outbox;
using Provisioning.Testing;

namespace Provisioning.Engine.Tests.Outbox;

/// <summary>
/// The post-commit road with a sender the test controls, on a clock only the test moves: a send the broker does not
/// take in time is left to the outbox, and the sends after it wait a while instead of each waiting as long.
/// </summary>
public sealed class CommandDispatcherTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-03T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private readonly ManualClock clock = new(Start);
    private readonly ScriptedSender sender = new();

    private CommandDispatcher Dispatcher() => new(new Lazy<ICommandSender>(() => sender), clock, NullLogger<CommandDispatcher>.Instance);

    [Fact]
    public async Task a_send_the_broker_does_not_take_in_time_is_left_to_the_outbox_and_the_next_sends_pause_before_trying_again()
    {
        var dispatcher = Dispatcher();
        sender.Hang = true;

        var first = dispatcher.DispatchAsync(Committed(), CancellationToken.None);
        var due = (await Eventually.Until(() => Task.FromResult(clock.PendingTimers), t => t.Count > 0, TimeSpan.FromSeconds(10), "the send's time limit"))[0];
        clock.AdvanceTo(due);

        Assert.False(await first);
        // Within the pause: left to the outbox at once, the sender not asked.
        Assert.False(await dispatcher.DispatchAsync(Committed(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, sender.Calls);

        // After it: sent again.
        sender.Hang = false;
        clock.Advance(CommandDispatcher.PauseAfterFailure);
        Assert.True(await dispatcher.DispatchAsync(Committed(), CancellationToken.None));
        Assert.Equal(2, sender.Calls);
    }

    [Fact]
    public async Task the_outbox_skips_a_command_this_process_sent_and_the_broker_confirmed_and_sends_one_it_did_not()
    {
        var dispatcher = Dispatcher();
        var sent = Committed();
        Assert.True(await dispatcher.DispatchAsync(sent, CancellationToken.None));

        await dispatcher.GuaranteeAsync(sent.RequestId, sent.Commands[0].CommandId, sent.Commands[0], CancellationToken.None);
        Assert.Equal(1, sender.Calls);

        var unsent = Committed();
        await dispatcher.GuaranteeAsync(unsent.RequestId, unsent.Commands[0].CommandId, unsent.Commands[0], CancellationToken.None);
        Assert.Equal(2, sender.Calls);
    }

    private CommittedDispatches Committed()
    {
        var now = clock.GetUtcNow();
        var command = new StepDispatched(Guid.NewGuid(), "boot", StepMode.Execute, 1, "kvm-01", "provision-vm", null, null, "alice", null, 300, now, now.AddSeconds(300));
        return new CommittedDispatches(Guid.NewGuid(), [command]);
    }

    /// <summary>A sender that confirms at once, or never (a broker that went away).</summary>
    private sealed class ScriptedSender : ICommandSender
    {
        private int calls;

        public bool Hang { get; set; }

        public int Calls => Volatile.Read(ref calls);

        public Task SendAsync(Guid requestId, Guid commandId, StepDispatched command, CancellationToken ct)
        {
            Interlocked.Increment(ref calls);
            return Hang ? new TaskCompletionSource().Task : Task.CompletedTask;
        }
    }
}
