using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Requests;

/// <summary>
/// Names what a step leaves on a host when its undo fails, in words an operator can act on.
/// Only what the step reported creating is listed; unknown outcomes list what the step could have made.
/// </summary>
public static class Leftovers
{
    public static IReadOnlyList<string> Of(string step, string host, IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, string> outputs)
    {
        var name = parameters.GetValueOrDefault("name", "?");
        var bridge = parameters.GetValueOrDefault("bridge", "?");
        bool Created(string key) => !outputs.TryGetValue(key, out var v) || v == "true";
        var list = new List<string>();
        switch (step)
        {
            case StepCatalog.CreateBridge:
                if (Created("bridgeCreated")) list.Add($"bridge {bridge} on {host}");
                if (Created("networkCreated")) list.Add($"network {bridge} on {host}");
                if (outputs.GetValueOrDefault("portgroupAdded") == "true") list.Add($"portgroup {outputs.GetValueOrDefault("portgroup", "?")} of network {bridge} on {host}");
                break;
            case StepCatalog.DefineDomain:
                if (Created("domainCreated")) list.Add($"domain {name} on {host}");
                if (Created("volumeCreated")) list.Add($"volume {outputs.GetValueOrDefault("volume", name + "-*.qcow2")} on {host}");
                break;
            case StepCatalog.AttachPort:
                list.Add($"port of domain {name} on bridge {bridge} on {host}");
                break;
            case StepCatalog.Boot:
                list.Add($"running domain {name} on {host}");
                break;
            case StepCatalog.CreateSwitch:
            case StepCatalog.ChangeVlans:
                list.AddRange(SwitchLeftovers.Of(step, host, parameters, outputs));
                break;
            default:
                list.Add($"effects of {step} on {host}");
                break;
        }
        return list;
    }
}
