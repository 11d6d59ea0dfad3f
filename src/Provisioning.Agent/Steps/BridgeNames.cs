using System.Text.RegularExpressions;

namespace Provisioning.Agent.Steps;

/// <summary>
/// The rule for <see cref="AgentOptions.BridgeNamePrefix"/>, a host-local prefix the agent puts before every bridge and
/// network name a command names (<see cref="Domain.Steps.IBridgeArguments{TSelf}"/>, applied by <see cref="StepHandler{TArguments, TOutputs}"/>
/// before any step sees them). It exists because two agents on one machine share one OVS and one libvirt: with a prefix
/// each, "bridge sw" of one request is <c>&lt;prefixA&gt;sw</c> on one and <c>&lt;prefixB&gt;sw</c> on the other. A name that grows
/// past 15 characters fails the step's own checks, permanently.
/// </summary>
public static partial class BridgeNames
{
    /// <summary>Leaves room for a bridge name of at least 5 characters within Linux's 15.</summary>
    public const int MaxPrefixLength = 10;

    public static bool IsValidPrefix(string prefix) => prefix.Length <= MaxPrefixLength && PrefixPattern().IsMatch(prefix);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex PrefixPattern();
}
