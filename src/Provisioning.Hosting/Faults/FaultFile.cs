using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Provisioning.Contracts;

namespace Provisioning.Hosting.Faults;

/// <summary>
/// The fault file <c>{ "rules": [ … ] }</c>, read afresh on every question, because tests change it while the
/// process runs. A rule with a count is decremented in the file as it fires, and the file is rewritten
/// (temp + rename) before the caller acts, so a process that kills itself does not do it again after a restart.
/// A missing or empty file holds no faults; an unreadable one is logged and injects nothing.
/// </summary>
public sealed class FaultFile(string path, ILogger log)
{
    // Process-wide: in the all-in-one host the agent and the engine may share one file.
    private static readonly Lock Gate = new();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        WriteIndented = true,
    };

    /// <summary>The file's full path.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>
    /// The first live rule for this command among the kinds <paramref name="handles"/> accepts, its count already
    /// decremented on disk; null when none applies.
    /// </summary>
    /// <param name="vm">The command's subject (the request's VM name), if any.</param>
    public FaultRule? Fire(string step, StepMode mode, string? vm, Func<FaultKind, bool> handles)
    {
        lock (Gate)
        {
            if (!File.Exists(Path)) return null;
            try
            {
                // Another process (a second agent, a split engine) may decrement the same file.
                using var crossProcess = LockAcrossProcesses();
                return FireLocked(step, mode, vm, handles);
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                // Unsaved, a count would not go down: injecting nothing is the safe side.
                log.LogError(e, "FAULT INJECTION: fault file {Path} could not be read or updated, no fault injected", Path);
                return null;
            }
        }
    }

    private FaultRule? FireLocked(string step, StepMode mode, string? vm, Func<FaultKind, bool> handles)
    {
        var rules = Read(Path);
        var index = rules.FindIndex(r => handles(r.Kind) && r.IsLive && r.Matches(step, mode, vm));
        if (index < 0) return null;
        var rule = rules[index];
        if (rule.Times is { } times && rule.Kind != FaultKind.FailForever)
        {
            rules[index] = rule with { Times = times - 1 };
            Write(Path, rules);
        }
        log.LogWarning("FAULT INJECTION: {Kind} on {Step} ({Mode}) of {Vm}, {Left} left (rule {Index} of {Path})",
            rule.Kind, step, mode, vm, rules[index].Times?.ToString() ?? "unlimited", index, Path);
        return rule;
    }

    /// <summary>The rules in a fault file; none when it is missing or empty. Throws <see cref="JsonException"/> when invalid.</summary>
    public static List<FaultRule> Read(string path)
    {
        if (!File.Exists(path)) return [];
        var text = File.ReadAllText(path);
        if (string.IsNullOrWhiteSpace(text)) return [];
        var rules = JsonSerializer.Deserialize<Document>(text, Json)?.Rules ?? [];
        if (rules.Any(r => r is null || string.IsNullOrWhiteSpace(r.Step))) throw new JsonException("every rule needs a step");
        return rules;
    }

    /// <summary>Replaces the file atomically (a reader sees the old or the new rules, never half of them).</summary>
    public static void Write(string path, IEnumerable<FaultRule> rules)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, new Document(rules.ToList()), Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>An exclusive lock on <c>&lt;file&gt;.lock</c> (flock); the kernel drops it when a holder is killed.</summary>
    private FileStream LockAcrossProcesses()
    {
        var giveUp = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return new FileStream(Path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < giveUp)
            {
                Thread.Sleep(10);
            }
        }
    }

    private sealed record Document(List<FaultRule>? Rules);
}
