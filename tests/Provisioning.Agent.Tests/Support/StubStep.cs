using Microsoft.Extensions.DependencyInjection;
using Provisioning.Agent.Steps;
using Provisioning.Domain.Steps;

namespace Provisioning.Agent.Tests.Support;

/// <summary>
/// A scriptable step for tests of the agent's machinery (runner, gate, start reports, result sends): each direction
/// is a function of its own, and it counts its runs. Its arguments are whatever the command carries (the request's
/// parameters, for a step no definition knows), read as <see cref="StubArguments"/>.
/// </summary>
public sealed class StubStep(
    Func<StepContext<StubArguments>, CancellationToken, Task<StepOutcome<StubOutputs>?>>? execute = null,
    Func<StepContext<StubArguments>, CancellationToken, Task<StepOutcome<UndoReport>>>? compensate = null) : IStep<StubArguments, StubOutputs>
{
    private int executions;
    private int compensations;

    /// <summary>How many times it executed.</summary>
    public int Executions => Volatile.Read(ref executions);

    /// <summary>How many times it compensated.</summary>
    public int Compensations => Volatile.Read(ref compensations);

    /// <summary>A step whose execution signals <paramref name="entered"/> and then waits for <paramref name="release"/>.</summary>
    public static StubStep Holding(TaskCompletionSource entered, TaskCompletionSource release) => new(async (_, ct) =>
    {
        entered.TrySetResult();
        await release.Task.WaitAsync(ct);
        return null;
    });

    /// <summary>A step that returns at once, saying which run it was.</summary>
    public static StubStep Quick() => new();

    /// <summary>A step whose execution waits <paramref name="execution"/> and whose undo waits <paramref name="undo"/>, ignoring cancellation like a libvirt call blocked in native code.</summary>
    public static StubStep Slow(TimeSpan execution, TimeSpan undo) => new(
        async (_, ct) =>
        {
            await Task.Delay(execution, ct);
            return null;
        },
        async (_, _) =>
        {
            await Task.Delay(undo, CancellationToken.None);
            return StepOutcome.Ok(UndoReport.Nothing);
        });

    /// <summary>A step that throws <paramref name="error"/>.</summary>
    public static StubStep Throwing(Exception error) => new((_, _) => throw error);

    /// <summary>Registers it as the step <paramref name="name"/> (undone by <c>undo-</c><paramref name="name"/>) of <paramref name="services"/>.</summary>
    public StubStep RegisterAs(IServiceCollection services, string name)
    {
        services.AddStep(new StepDefinition<StubArguments, StubOutputs>(name, "undo-" + name, p => new StubArguments(p.GetValueOrDefault("name"))))
            .RunBy(_ => this);
        return this;
    }

    public async Task<StepOutcome<StubOutputs>> ExecuteAsync(StepContext<StubArguments> context, CancellationToken ct)
    {
        var run = Interlocked.Increment(ref executions);
        var outcome = execute is null ? null : await execute(context, ct);
        return outcome ?? StepOutcome.Ok(new StubOutputs(run));
    }

    /// <summary>What the latest undo was told its execution made (null: nothing).</summary>
    public StubOutputs? LastUndone { get; private set; }

    public async Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<StubArguments> context, StubOutputs? executed, CancellationToken ct)
    {
        LastUndone = executed;
        Interlocked.Increment(ref compensations);
        return compensate is null ? StepOutcome.Ok(UndoReport.Nothing) : await compensate(context, ct);
    }
}

/// <summary>What a <see cref="StubStep"/> takes: the request's VM name, if any.</summary>
public sealed record StubArguments(string? Name) : IStepArguments
{
    public IReadOnlyDictionary<string, string[]> Problems() => new Dictionary<string, string[]>();
}

/// <summary>What a <see cref="StubStep"/> reports: which of its executions this was.</summary>
public sealed record StubOutputs(int Run);
