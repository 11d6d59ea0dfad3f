using Microsoft.Extensions.Configuration;
using Provisioning.Engine.Placement;
using Provisioning.Hosting.Faults;

namespace Provisioning.Engine;

/// <summary>Engine settings (configuration section <c>Engine</c>).</summary>
public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>Folder of workflow definitions; relative paths are searched upwards from the app's folder.</summary>
    public string WorkflowsDirectory { get; set; } = "workflows";

    /// <summary>PostgreSQL schema of the event store and documents (one per installation or test run).</summary>
    public string Schema { get; set; } = "provisioning";

    /// <summary>How often stored deadlines (timeouts, retry backoff) are polled.</summary>
    public TimeSpan DeadlinePollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The schedule-to-start timeout (Temporal's name): how long past its dispatch a command may wait, not started yet,
    /// in the queue of a host whose agent answers heartbeats, before its step times out. A step's own timeout in the
    /// workflow is its start-to-close timeout: it bounds the run, counted from the agent's start, so a backlog (many
    /// requests on one host) is not a hung step. A silent host gets no schedule-to-start time: its steps time out as
    /// dispatched. <c>Engine:QueueAllowance</c>, its old name, is still read when this is not set.
    /// </summary>
    public TimeSpan ScheduleToStartTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Per-host admission: the most commands outstanding (sent and not answered) on one host. Null (the default): what
    /// the host's agent says it runs at once (<c>Agent:MaxConcurrentCommands</c>, in its heartbeats), or
    /// <see cref="DefaultHostSlots"/> before it said. A step beyond it waits in the engine, with no deadline running.
    /// </summary>
    public int? MaxOutstandingPerHost { get; set; }

    /// <summary>The slots of a host whose agent has not said how many commands it runs at once.</summary>
    public const int DefaultHostSlots = 4;

    /// <summary>
    /// The most requests that may wait for a slot on one host. A submission for a host with this many waiting is refused
    /// with 429 and a Retry-After, instead of being accepted into a backlog it would wait out.
    /// </summary>
    public int MaxBacklogPerHost { get; set; } = 5000;

    /// <summary>
    /// The options of configuration section <c>Engine</c>, with the old names of renamed settings still read when the
    /// new ones are not set.
    /// </summary>
    public static EngineOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var options = section.Get<EngineOptions>() ?? new EngineOptions();
        if (section[nameof(ScheduleToStartTimeout)] is null && section.GetValue<TimeSpan?>(LegacyQueueAllowance) is { } legacy)
        {
            options.ScheduleToStartTimeout = legacy;
        }
        return options;
    }

    /// <summary>
    /// After PostgreSQL was away, how long step timeouts wait once it answers again, so the answers agents sent during
    /// the outage are recorded before any step is timed out and undone for want of them.
    /// </summary>
    public TimeSpan OutageGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What is wrong with these settings (admission's), for a refusal at start.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxOutstandingPerHost is < 1) yield return "MaxOutstandingPerHost must be at least 1 (a host with no slot would run nothing)";
        if (MaxBacklogPerHost < 0) yield return "MaxBacklogPerHost must not be negative";
        if (OutageGrace < TimeSpan.Zero) yield return "OutageGrace must not be negative";
    }

    /// <summary>The old name of <see cref="ScheduleToStartTimeout"/>.</summary>
    public const string LegacyQueueAllowance = "QueueAllowance";

    /// <summary>Run the outbox subscription and the deadline poller in this process.</summary>
    public bool RunSaga { get; set; } = true;

    /// <summary>How much of each host placement hands out (<c>Engine:Placement:*</c>).</summary>
    public PlacementOptions Placement { get; set; } = new();

    /// <summary>Fault injection for tests (<c>Engine:Faults:Enabled</c>, <c>Engine:Faults:File</c>); off unless enabled.</summary>
    public FaultOptions Faults { get; set; } = new();
}
