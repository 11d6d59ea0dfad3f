using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// A copy of the shipped <c>workflows/</c> folder with short timeouts and retry delays, so fault scenarios
/// (a hang past a timeout, a retry after a transient failure) take seconds instead of minutes. Only the
/// numbers change: the steps, their order and their compensations stay those of the shipped definitions.
/// </summary>
public static class TestWorkflows
{
    /// <summary>One attempt's deadline of every step but <see cref="AttachPortTimeoutSeconds"/>'s.</summary>
    public const int StepTimeoutSeconds = 30;

    /// <summary>attach-port's deadline: short, so the hang scenario times out quickly.</summary>
    public const int AttachPortTimeoutSeconds = 8;

    /// <summary>
    /// Backoff before a retry of boot: long enough that a test can cancel while boot waits for its
    /// second attempt (every other step retries after half a second).
    /// </summary>
    public const double BootRetryDelaySeconds = 4;

    /// <summary>Copies the shipped definitions into <paramref name="directory"/> with test timings; returns the folder.</summary>
    /// <param name="uniform">Every step's timeout <see cref="StepTimeoutSeconds"/>, attach-port's too (for scenarios that are not about its hang).</param>
    public static string WriteTo(string directory, bool uniform = false)
    {
        var shipped = Path.Combine(TestSettings.RepositoryRoot, "workflows");
        Directory.CreateDirectory(directory);
        File.Copy(Path.Combine(shipped, "workflow.schema.json"), Path.Combine(directory, "workflow.schema.json"), overwrite: true);
        foreach (var file in Directory.GetFiles(shipped, "*.json").Where(f => Path.GetFileName(f) != "workflow.schema.json"))
        {
            var definition = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            foreach (var step in definition["steps"]!.AsArray().Select(s => s!.AsObject()))
            {
                Shorten(step, uniform);
            }
            File.WriteAllText(Path.Combine(directory, Path.GetFileName(file)), definition.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        return directory;
    }

    private static void Shorten(JsonObject step, bool uniform)
    {
        var name = step["name"]!.GetValue<string>();
        step["timeoutSeconds"] = name == "attach-port" && !uniform ? AttachPortTimeoutSeconds : StepTimeoutSeconds;
        var retry = step["retry"]!.AsObject();
        var delay = name == "boot" ? BootRetryDelaySeconds : 0.5;
        retry["initialDelaySeconds"] = delay;
        retry["maxDelaySeconds"] = Math.Max(delay, 2);
    }
}
