using Provisioning.Contracts;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Requests;

/// <summary>
/// A provisioned VM whose OS is up, as boot found it: what a requester wants to read first ("web01 is up at
/// 10.100.0.10 (user debian)"). Carried by <see cref="RequestSucceeded"/>, so the ticket, the audit trail and the
/// inventory all say it from the one event.
/// </summary>
/// <param name="Name">The VM.</param>
/// <param name="Addresses">Its IPv4 addresses as its guest agent reported them.</param>
/// <param name="ReadyAt">When the guest answered.</param>
/// <param name="User">The image's login user, when known.</param>
public sealed record GuestUp(string Name, IReadOnlyList<string> Addresses, DateTimeOffset ReadyAt, string? User = null)
{
    /// <summary>The VM's OS as the request's boot step found it; null when boot awaited no guest (a blank disk) or has not run.</summary>
    public static GuestUp? Of(RequestState state)
    {
        var boot = state.Steps.FirstOrDefault(s => s.Name == StepCatalog.Boot.Name && s.Status == StepStatus.Succeeded);
        if (boot is null || StepCatalog.Boot.ReadOutputs(boot.Outputs) is not { ReadyAt: { } readyAt, Addresses: { } addresses }) return null;
        var name = RequestState.SubjectOf(state.Parameters) ?? "the VM";
        return new GuestUp(name, addresses, readyAt, state.Parameters.GetValueOrDefault(Vm.Guest.GuestRules.OsUserKey));
    }

    /// <summary>One line: "web01 is up at 10.100.0.10 (user debian)".</summary>
    public override string ToString() =>
        $"{Name} is up at {(Addresses.Count > 0 ? string.Join(", ", Addresses) : "an address not reported")}" + (User is { } user ? $" (user {user})" : "");
}
