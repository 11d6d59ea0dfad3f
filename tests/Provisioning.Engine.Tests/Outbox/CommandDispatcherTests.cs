using Microsoft.Extensions.Logging.Abstractions;
using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Outbox;
using Provisioning.Testing;

namespace Provisioning.Engine.Tests.Outbox;

/// <summary>
/// The post-commit road with a sender the test controls, on a clock only the test moves: a send the broker does not
/// take in time is left to the outbox, and the sends after it wait a while instead of each waiting as long; one its host
/// refuses is parked for that host, and nobody else waits.
/// </summary>
public sealed class CommandDispatcherTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-03T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private readonly ManualClock clock = new(Start);
    private readonly ScriptedSender sender = new();
    private readonly MemoryParking parking = new();

    private CommandDispatcher Dispatcher() => new(new Lazy<ICommandSender>(() => sender), parking, clock, NullLogger<CommandDispatcher>.Instance);

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

    [Fact]
    public async Task a_command_its_host_refuses_is_parked_for_that_host_and_the_other_hosts_commands_still_go_at_once()
    {
        var dispatcher = Dispatcher();
        sender.Refusing.Add("kvm-02");

        // The outbox parks what the host refused and goes on: no retry in place, which would hold up every host.
        var refused = Committed("kvm-02");
        Assert.False(await dispatcher.DispatchAsync(refused, CancellationToken.None));
        await dispatcher.GuaranteeAsync(refused.RequestId, refused.Commands[0].CommandId, refused.Commands[0], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([refused.Commands[0].CommandId], parking.Parked.Select(p => p.CommandId));
        var callsSoFar = sender.Calls;

        // The refusal paused nobody else: another host's command goes at once.
        Assert.True(await dispatcher.DispatchAsync(Committed("kvm-01"), CancellationToken.None));
        Assert.Equal(callsSoFar + 1, sender.Calls);

        // The refusing host's next command joins its parked one without trying first, after a commit and in the outbox.
        var next = Committed("KVM-02");
        Assert.False(await dispatcher.DispatchAsync(next, CancellationToken.None));
        await dispatcher.GuaranteeAsync(next.RequestId, next.Commands[0].CommandId, next.Commands[0], CancellationToken.None);
        Assert.Equal(callsSoFar + 1, sender.Calls);
        Assert.Equal(2, parking.Parked.Count);
    }

    [Fact]
    public void a_hosts_parked_commands_go_oldest_first_and_those_past_their_not_after_are_dropped_unsent()
    {
        var now = clock.GetUtcNow();
        ParkedCommand Parked(int ageSeconds, DateTimeOffset? startBy, DateTimeOffset deadline) => new()
        {
            Id = Guid.NewGuid(), Host = "kvm-01", ParkedAt = now.AddSeconds(-ageSeconds),
            Command = new StepDispatched(Guid.NewGuid(), "boot", StepMode.Execute, 1, "kvm-01", "provision-vm", null, null, "alice", null, 60,
                now.AddSeconds(-ageSeconds), deadline, StartBy: startBy),
        };
        var young = Parked(1, now.AddSeconds(50), now.AddSeconds(50));
        var old = Parked(30, now.AddSeconds(20), now.AddSeconds(20));
        var expired = Parked(90, now.AddSeconds(-1), now.AddSeconds(60));
        // Dispatched before commands carried a not-after: the attempt's deadline stands for it.
        var legacy = Parked(20, null, now.AddSeconds(-5));

        var (dropped, send) = ParkedPlan.For([young, expired, old, legacy], now);

        Assert.Equal([expired.Id, legacy.Id], dropped.Select(p => p.Id));
        Assert.Equal([old.Id, young.Id], send.Select(p => p.Id));
        Assert.Equal([1, 2, 4, 8, 15, 15], new[] { 1, 2, 3, 4, 5, 30 }.Select(f => (int)ParkedPlan.Backoff(f).TotalSeconds));
    }

    private CommittedDispatches Committed(string host = "kvm-01")
    {
        var now = clock.GetUtcNow();
        var command = new StepDispatched(Guid.NewGuid(), "boot", StepMode.Execute, 1, host, "provision-vm", null, null, "alice", null, 300, now, now.AddSeconds(300));
        return new CommittedDispatches(Guid.NewGuid(), [command]);
    }

    /// <summary>Parking in memory, keyed as the real one is (lower case host).</summary>
    private sealed class MemoryParking : ICommandParking
    {
        public List<(Guid CommandId, string Host)> Parked { get; } = [];

        public bool IsParked(string host) => Parked.Any(p => p.Host == ParkedCommand.HostKey(host));

        public Task ParkAsync(Guid requestId, Guid commandId, StepDispatched command, string reason, CancellationToken ct)
        {
            Parked.Add((commandId, ParkedCommand.HostKey(command.Host)));
            return Task.CompletedTask;
        }
    }

    /// <summary>A sender that confirms at once, or never (a broker that went away), or refuses for some hosts (as the broker's return does).</summary>
    private sealed class ScriptedSender : ICommandSender
    {
        private int calls;

        public bool Hang { get; set; }

        public int Calls => Volatile.Read(ref calls);

        public HashSet<string> Refusing { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Task SendAsync(Guid requestId, Guid commandId, StepDispatched command, CancellationToken ct)
        {
            Interlocked.Increment(ref calls);
            if (Refusing.Contains(command.Host)) return Task.FromException(new MassTransit.MessageReturnedException("The message was returned by RabbitMQ"));
            return Hang ? new TaskCompletionSource().Task : Task.CompletedTask;
        }
    }
}
