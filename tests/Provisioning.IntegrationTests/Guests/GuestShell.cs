using System.Text;
using System.Text.Json.Nodes;

namespace Provisioning.IntegrationTests.Guests;

/// <summary>
/// Runs a shell script as root inside a guest through its guest agent (<c>guest-exec</c>, then <c>guest-exec-status</c>
/// until it exits), the way an operator reaches a guest that has no route from the host: guests on other VLANs than
/// the host's gateway port have none, by design.
/// </summary>
public static class GuestShell
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>The script's exit code and output; throws when the agent refuses it or it outlives <paramref name="timeout"/>.</summary>
    public static async Task<CliResult> RunAsync(string domain, string script, TimeSpan timeout)
    {
        var exec = new JsonObject
        {
            ["execute"] = "guest-exec",
            ["arguments"] = new JsonObject { ["path"] = "/bin/sh", ["arg"] = new JsonArray("-c", script), ["capture-output"] = true },
        };
        var pid = (await AgentAsync(domain, exec))["pid"]!.GetValue<long>();
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var status = await AgentAsync(domain, new JsonObject { ["execute"] = "guest-exec-status", ["arguments"] = new JsonObject { ["pid"] = pid } });
            if (status["exited"]!.GetValue<bool>())
            {
                return new CliResult(["guest-exec", domain, script], status["exitcode"]?.GetValue<int>() ?? -1, Decode(status["out-data"]), Decode(status["err-data"]));
            }
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"'{script}' in {domain} still runs after {timeout.TotalSeconds:0} s");
            await Task.Delay(Poll);
        }
    }

    private static async Task<JsonNode> AgentAsync(string domain, JsonObject command)
    {
        var answer = (await HostProbe.Virsh("qemu-agent-command", domain, "--timeout", "30", command.ToJsonString()))
            .EnsureSuccess($"guest agent of {domain}: {command["execute"]}");
        return JsonNode.Parse(answer.Stdout)!["return"] ?? throw new InvalidDataException($"guest agent of {domain} answered {answer.Stdout}");
    }

    private static string Decode(JsonNode? base64) => base64 is null ? "" : Encoding.UTF8.GetString(Convert.FromBase64String(base64.GetValue<string>()));
}
