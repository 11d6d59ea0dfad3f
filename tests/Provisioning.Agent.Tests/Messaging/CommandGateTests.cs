using Provisioning.Domain.Steps;
using Provisioning.Agent.Messaging;
using Provisioning.Contracts;

namespace Provisioning.Agent.Tests.Messaging;

/// <summary>
/// Which waiting command runs next: undo before do, then the oldest request's, then the first come; never more than the
/// slots at once, and a waiter that gave up never takes a slot.
/// </summary>
public sealed class CommandGateTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(5);

    private static ExecuteStep Command(Guid requestId, StepMode mode = StepMode.Execute, string step = "define-domain") =>
        new(Guid.NewGuid(), requestId, "provision-vm", step, mode, 1, "kvm-01", StepJson.Write(new Dictionary<string, string>()), null, "tests", null, 60);

    private static CommandGate Gate(int slots) => new(new AgentOptions { MaxConcurrentCommands = slots, CommandWindow = 32 });

    [Fact]
    public async Task a_freed_slot_goes_to_an_undo_first_then_to_the_oldest_request_whatever_the_order_they_came_in()
    {
        var gate = Gate(1);
        var oldest = Guid.CreateVersion7(DateTimeOffset.UtcNow.AddMinutes(-3));
        var older = Guid.CreateVersion7(DateTimeOffset.UtcNow.AddMinutes(-2));
        var newest = Guid.CreateVersion7(DateTimeOffset.UtcNow.AddMinutes(-1));
        var held = await gate.EnterAsync(Command(Guid.CreateVersion7()), CancellationToken.None);
        var order = new List<string>();

        Task Wait(string name, ExecuteStep command) => Task.Run(async () =>
        {
            using var slot = await gate.EnterAsync(command, CancellationToken.None);
            lock (order) order.Add(name);
        });
        var waiters = new List<Task> { Wait("new request's first step", Command(newest, step: "install-host")) };
        await WaitForWaiting(gate, 1);
        waiters.Add(Wait("older request's second step", Command(older, step: "create-bridge")));
        await WaitForWaiting(gate, 2);
        waiters.Add(Wait("newest request's undo", Command(newest, StepMode.Compensate)));
        await WaitForWaiting(gate, 3);
        waiters.Add(Wait("oldest request's last step", Command(oldest, step: "boot")));
        await WaitForWaiting(gate, 4);

        held.Dispose();
        await Task.WhenAll(waiters).WaitAsync(Quick);

        Assert.Equal(["newest request's undo", "oldest request's last step", "older request's second step", "new request's first step"], order);
    }

    [Fact]
    public async Task never_more_commands_run_than_there_are_slots()
    {
        var gate = Gate(3);
        // Every slot is given at once while free; the next comer waits.
        var held = new List<IDisposable>();
        for (var i = 0; i < 3; i++) held.Add(await gate.EnterAsync(Command(Guid.CreateVersion7()), CancellationToken.None).WaitAsync(Quick));
        var fourth = gate.EnterAsync(Command(Guid.CreateVersion7()), CancellationToken.None);
        await WaitForWaiting(gate, 1);
        Assert.False(fourth.IsCompleted, "a fourth command got a slot while three ran");
        held.ForEach(slot => slot.Dispose());
        (await fourth.WaitAsync(Quick)).Dispose();

        // Forty at once: however the thread pool schedules them, never more than three inside.
        var now = 0;
        var most = 0;
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            using var slot = await gate.EnterAsync(Command(Guid.CreateVersion7()), CancellationToken.None);
            var running = Interlocked.Increment(ref now);
            InterlockedMax(ref most, running);
            await Task.Delay(5);
            Interlocked.Decrement(ref now);
        }))).WaitAsync(Quick * 4);

        Assert.InRange(most, 1, 3);
        Assert.Equal(0, gate.Waiting);
    }

    [Fact]
    public async Task a_waiter_that_gave_up_is_skipped_and_the_slot_goes_to_the_next()
    {
        var gate = Gate(1);
        var held = await gate.EnterAsync(Command(Guid.CreateVersion7()), CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var gaveUp = gate.EnterAsync(Command(Guid.CreateVersion7(DateTimeOffset.UtcNow.AddHours(-1))), stop.Token);
        await WaitForWaiting(gate, 1);
        var next = gate.EnterAsync(Command(Guid.CreateVersion7()), CancellationToken.None);
        await WaitForWaiting(gate, 2);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp);
        held.Dispose();

        using var slot = await next.WaitAsync(Quick);
        // The slot that waiter would have had is not lost: after this one, a newcomer gets in at once.
        slot.Dispose();
        using var after = await gate.EnterAsync(Command(Guid.CreateVersion7()), CancellationToken.None).WaitAsync(Quick);
        Assert.Equal(0, gate.Waiting);
    }

    private static async Task WaitForWaiting(CommandGate gate, int count)
    {
        var until = DateTime.UtcNow + Quick;
        while (gate.Waiting < count)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"{gate.Waiting} commands wait, expected {count}");
            await Task.Delay(5);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = target; value > seen; seen = target)
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen) return;
        }
    }
}
