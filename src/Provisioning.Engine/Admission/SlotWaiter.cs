namespace Provisioning.Engine.Admission;

/// <summary>
/// A request waiting for a slot on its host (<see cref="Domain.Requests.StepAwaitingSlot"/>): saved and deleted in the
/// transaction of the events that start and end the wait, and read in order of turn by <see cref="HostAdmission"/>.
/// </summary>
public sealed class SlotWaiter
{
    /// <summary>The request's id.</summary>
    public Guid Id { get; set; }

    /// <summary>The host, lower case.</summary>
    public string Host { get; set; } = "";

    /// <summary>An undo waits: it goes before new work.</summary>
    public bool Undo { get; set; }

    public DateTimeOffset Since { get; set; }

    /// <summary>When the request was submitted: the oldest request's command goes first.</summary>
    public DateTimeOffset SubmittedAt { get; set; }
}
