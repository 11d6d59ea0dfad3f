namespace Provisioning.Domain.Placement;

/// <summary>
/// What placement knows of one host: its agent's latest report (capacity, guests, bridges) and the fleet's
/// record of it (online, onboarded). Built by the engine from its documents; placement itself does no I/O.
/// </summary>
/// <param name="Name">The host name as its agent announced it.</param>
/// <param name="Online">Heard from recently enough (see the engine's host status rule).</param>
/// <param name="LastSeenSecondsAgo">For the reason given when it is offline.</param>
/// <param name="Onboarded">An onboard-host request succeeded for it (and was not rolled back).</param>
/// <param name="Cpus">Logical CPUs.</param>
/// <param name="MemoryMiB">Total memory.</param>
/// <param name="MaxGuestMemoryMiB">The most the agent offers to guests (its operator's cap); null for no cap.</param>
/// <param name="MaxGuestVcpus">The most vCPUs the agent offers to guests; null for no cap.</param>
/// <param name="Guests">Every domain defined on the host, running or not, with its size.</param>
/// <param name="Bridges">Open vSwitch bridge names on the host.</param>
/// <param name="Networks">libvirt network names on the host.</param>
/// <param name="ReportedAt">When the agent read these facts (the agent's clock).</param>
public sealed record PlacementHost(
    string Name,
    bool Online,
    double LastSeenSecondsAgo,
    bool Onboarded,
    int Cpus,
    long MemoryMiB,
    long? MaxGuestMemoryMiB,
    int? MaxGuestVcpus,
    IReadOnlyList<PlacementGuest> Guests,
    IReadOnlyCollection<string> Bridges,
    IReadOnlyCollection<string> Networks,
    DateTimeOffset ReportedAt);
