using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Integrity;

/// <summary>
/// A second control plane (API + engine) on the collection's own schema, broker and queues, whose workflow
/// steps time out after one second with a single attempt: a request it accepts for a host no agent serves
/// ends (rolled back) within seconds, without anything touching this machine. Starting it is also a host
/// restart on an existing schema, the case where Marten's migration must leave the hash chain alone.
/// </summary>
public sealed class QuickStepsControlPlane : IAsyncDisposable
{
    private readonly string folder;

    private QuickStepsControlPlane(StackFixture stack, string folder)
    {
        this.folder = folder;
        var environment = stack.Environment();
        environment["Engine__WorkflowsDirectory"] = WriteWorkflows(folder);
        Process = new HostProcess(HostProcess.ControlPlane, $"{stack.Prefix}-chain-control-plane", environment);
        Http = new HttpClient { BaseAddress = Process.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        // Whatever identifies the caller to the collection's host (actor, token) identifies it here too.
        foreach (var header in stack.Http.DefaultRequestHeaders) Http.DefaultRequestHeaders.TryAddWithoutValidation(header.Key, header.Value);
    }

    public HostProcess Process { get; }

    public HttpClient Http { get; }

    public static async Task<QuickStepsControlPlane> StartAsync(StackFixture stack)
    {
        var plane = new QuickStepsControlPlane(stack, Directory.CreateTempSubdirectory($"{stack.Prefix}-chain-").FullName);
        try
        {
            await plane.Process.StartAsync(TimeSpan.FromSeconds(120));
            return plane;
        }
        catch
        {
            await plane.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private static string WriteWorkflows(string folder)
    {
        var shipped = Path.Combine(TestSettings.RepositoryRoot, "workflows");
        var target = Path.Combine(folder, "workflows");
        Directory.CreateDirectory(target);
        File.Copy(Path.Combine(shipped, "workflow.schema.json"), Path.Combine(target, "workflow.schema.json"));
        foreach (var file in Directory.GetFiles(shipped, "*.json").Where(f => Path.GetFileName(f) != "workflow.schema.json"))
        {
            var definition = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            foreach (var step in definition["steps"]!.AsArray().Select(s => s!.AsObject()))
            {
                step["timeoutSeconds"] = 1;
                step["retry"]!["maxAttempts"] = 1;
            }
            File.WriteAllText(Path.Combine(target, Path.GetFileName(file)), definition.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        return target;
    }
}
