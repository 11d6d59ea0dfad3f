using System.Text.Json;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Guests;
using Provisioning.Domain.Steps.Host;
using Provisioning.Domain.Steps.Networking;

namespace Provisioning.Testing.Sagas;

/// <summary>What agents report a step made, for tests that follow outputs into compensation.</summary>
public static class Outputs
{
    /// <summary>No outputs (a failure, a timeout).</summary>
    public static JsonElement? None => null;

    /// <summary>Outputs as agents reported them before steps were typed: a map of strings.</summary>
    public static JsonElement Of(params (string Key, string Value)[] pairs) =>
        StepJson.Write(pairs.ToDictionary(p => p.Key, p => p.Value));

    /// <summary>Outputs like the agent's, per step: each step's typed record.</summary>
    public static JsonElement Typical(string step)
    {
        if (step == Plans.CreateBridge) return StepJson.Write(new SwitchOutputs(true, false, true, ["vlan-42"], ["vlan-42"], "br-prod", "br-prod"));
        if (step == Plans.DefineDomain)
        {
            return StepJson.Write(new DomainOutputs(true, true, "web-01-0198c0de.qcow2", "/var/lib/provisioning/images/web-01-0198c0de.qcow2",
                Guid.Parse("5a0b9c3e-1d2f-5a4b-8c6d-7e8f9a0b1c2d")));
        }
        if (step == Plans.AttachPort) return StepJson.Write(new PortOutputs(true, "52:54:00:aa:bb:cc", "br-prod", "vlan-42"));
        if (step == Plans.Boot) return StepJson.Write(new BootOutputs(true, "vnet0"));
        return StepJson.Write(new InstallHostOutputs([], "9.0.0", "7.2.0", "3.1.0", true, 2, 4096));
    }
}
