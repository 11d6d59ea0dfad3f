using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisioning.Testing;

/// <summary>
/// A fault file (<c>{ "rules": [...] }</c>) that an agent or an engine with fault injection enabled re-reads on every
/// command. The processes decrement counts in it while tests add and remove rules, so every change is made under the
/// same lock file the injector takes (<c>&lt;file&gt;.lock</c>) and lands by an atomic rename.
/// </summary>
public sealed class FaultRuleFile(string path)
{
    private static readonly TimeSpan LockPatience = TimeSpan.FromSeconds(30);

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Adds rules after those already there.</summary>
    public void Add(params InjectedFault[] faults) => Change(rules =>
    {
        foreach (var f in faults) rules.Add(f.ToJson());
    });

    /// <summary>Replaces every rule with <paramref name="faults"/> (none: no faults at all).</summary>
    public void Replace(params InjectedFault[] faults) => Change(rules =>
    {
        rules.Clear();
        foreach (var f in faults) rules.Add(f.ToJson());
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
        FileStream? held = null;
        var taken = SpinWait.SpinUntil(() =>
        {
            try
            {
                held = new FileStream(Path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }, LockPatience);
        return taken ? held! : throw new TimeoutException($"the lock on {Path} was not free within {LockPatience.TotalSeconds:0} s");
    }
}
