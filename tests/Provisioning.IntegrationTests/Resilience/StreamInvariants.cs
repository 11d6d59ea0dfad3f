using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Resilience;

/// <summary>What every request's stream must show whatever crashed or was delivered twice on the way.</summary>
public static class StreamInvariants
{
    /// <summary>Events that answer a command: a result or the engine giving up waiting.</summary>
    private static readonly string[] Answers = ["step_succeeded", "step_failed", "step_not_run", "step_timed_out", "step_compensated", "compensation_attempt_failed"];

    /// <summary>
    /// Versions run 1..n; each (step, mode, attempt) was dispatched once; each command was answered at most
    /// once and, once the request is terminal, exactly once (nothing lost).
    /// </summary>
    public static void AssertConsistent(Guid id, IReadOnlyList<StreamEvent> events, bool terminal)
    {
        var story = $"request {id}:\n  {string.Join("\n  ", events)}";
        Assert.True(events.Select(e => e.Version).SequenceEqual(Enumerable.Range(1, events.Count).Select(v => (long)v)), $"versions are not 1..{events.Count}; {story}");
        Assert.True(events.Select(e => e.Id).Distinct().Count() == events.Count, $"an event id appears twice; {story}");

        var dispatches = events.Where(e => e.Type == "step_dispatched").ToList();
        var twice = dispatches.GroupBy(e => (e.Step, e.Mode, e.Attempt)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"dispatched more than once: {string.Join(", ", twice)}; {story}");

        var answers = events.Where(e => Answers.Contains(e.Type)).ToList();
        var answeredTwice = answers.GroupBy(e => e.CommandId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(answeredTwice.Count == 0, $"commands answered more than once: {string.Join(", ", answeredTwice)}; {story}");
        var dispatched = dispatches.Select(d => d.Id).ToHashSet();
        Assert.True(answers.All(a => a.CommandId is { } c && dispatched.Contains(c)), $"an answer names a command that was never dispatched; {story}");
        if (terminal)
        {
            var unanswered = dispatched.Except(answers.Select(a => a.CommandId!.Value)).ToList();
            Assert.True(unanswered.Count == 0, $"commands never answered though the request ended: {string.Join(", ", unanswered)}; {story}");
        }
    }

    /// <summary>A request that succeeded on the first try: five steps, one dispatch and one success each, caused by that dispatch.</summary>
    public static void AssertSucceededOnce(Guid id, IReadOnlyList<StreamEvent> events)
    {
        AssertConsistent(id, events, terminal: true);
        var story = $"request {id}:\n  {string.Join("\n  ", events)}";
        var steps = ShippedWorkflow.ProvisionVm;
        var succeeded = events.Where(e => e.Type == "step_succeeded").ToList();
        Assert.True(succeeded.Select(e => e.Step).SequenceEqual(steps), $"step_succeeded is not once per step in order; {story}");
        Assert.All(succeeded, e => Assert.Equal(e.CommandId.ToString(), e.CausationId));
        Assert.Equal("request_succeeded", events[^1].Type);
    }
}
