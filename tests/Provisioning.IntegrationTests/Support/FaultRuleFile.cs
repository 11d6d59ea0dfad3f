using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisioning.IntegrationTests.Support;

/// <summary>One rule of a fault file, as the fault injector's contract writes it.</summary>
/// <param name="Step">The step of the commands it hits (e.g. <c>define-domain</c>).</param>
/// <param name="Kind">FailTransient, FailPermanent, FailForever, Hang, KillBeforeEffect, KillAfterEffect or KillBeforeForward.</param>
/// <param name="Vm">The VM name (parameter <c>name</c>) it is limited to, so scenarios never hit each other.</param>
/// <param name="Times">How many more times it fires; null is every time.</param>
/// <param name="Mode">Execute or Compensate.</param>
public sealed record InjectedFault(string Step, string Kind, string Vm, int? Times = null, string Mode = "Execute");

/// <summary>
/// A fault file (<c>{ "rules": [...] }</c>) that the agent or the engine re-reads on every command. The
/// processes decrement counts in it while tests add and remove rules, so every change is made under the
/// same lock file the injector takes (<c>&lt;file&gt;.lock</c>) and lands by an atomic rename.
/// </summary>
public sealed class FaultRuleFile(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Adds rules after those already there.</summary>
    public void Add(params InjectedFault[] faults) => Change(rules =>
    {
        foreach (var f in faults)
        {
            var rule = new JsonObject { ["step"] = f.Step, ["mode"] = f.Mode, ["vm"] = f.Vm, ["kind"] = f.Kind };
            if (f.Times is { } times) rule["times"] = times;
            rules.Add(rule);
        }
    });

    /// <summary>Removes every rule limited to <paramref name="vm"/> (what a scenario does when it ends).</summary>
    public void RemoveFor(string vm) => Change(rules =>
    {
        foreach (var rule in rules.Where(r => r?["vm"]?.GetValue<string>() == vm).ToList()) rules.Remove(rule);
    });

    /// <summary>Removes the rules of one step and mode limited to <paramref name="vm"/>.</summary>
    public void Remove(string vm, string step, string mode) => Change(rules =>
    {
        foreach (var rule in rules.Where(r => r?["vm"]?.GetValue<string>() == vm && r["step"]?.GetValue<string>() == step
            && (r["mode"]?.GetValue<string>() ?? "Execute") == mode).ToList())
        {
            rules.Remove(rule);
        }
    });

    /// <summary>The rules now in the file, as JSON (for diagnostics and for checking counts went down).</summary>
    public JsonArray Rules()
    {
        using var held = Lock();
        return Read();
    }

    private void Change(Action<JsonArray> change)
    {
        using var held = Lock();
        var rules = Read();
        change(rules);
        var temp = $"{Path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, new JsonObject { ["rules"] = rules }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, Path, overwrite: true);
    }

    private JsonArray Read()
    {
        if (!File.Exists(Path)) return [];
        var text = File.ReadAllText(Path);
        if (string.IsNullOrWhiteSpace(text)) return [];
        return JsonNode.Parse(text)?["rules"]?.AsArray() is { } rules ? (JsonArray)rules.DeepClone() : [];
    }

    /// <summary>flock on the lock file, as the injector takes it; the kernel drops it when a killed holder dies.</summary>
    private FileStream Lock()
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return new FileStream(Path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < until)
            {
                Thread.Sleep(10);
            }
        }
    }
}
