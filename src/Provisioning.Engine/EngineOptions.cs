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
    /// How long past its dispatch a command may wait, unstarted, in the queue of a host whose agent answers heartbeats,
    /// before its step times out. A step's timeout bounds its run, counted from the agent's start; a backlog (many
    /// requests on one host) is not a hung step. A silent host gets no allowance: its steps time out as dispatched.
    /// </summary>
    public TimeSpan QueueAllowance { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Run the outbox subscription and the deadline poller in this process.</summary>
    public bool RunSaga { get; set; } = true;

    /// <summary>How much of each host placement hands out (<c>Engine:Placement:*</c>).</summary>
    public PlacementOptions Placement { get; set; } = new();

    /// <summary>Fault injection for tests (<c>Engine:Faults:Enabled</c>, <c>Engine:Faults:File</c>); off unless enabled.</summary>
    public FaultOptions Faults { get; set; } = new();
}
