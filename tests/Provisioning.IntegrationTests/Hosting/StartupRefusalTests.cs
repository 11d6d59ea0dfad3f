using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Hosting;

/// <summary>The engine refuses to start on an invalid workflow definition and says which file and where.</summary>
public sealed class StartupRefusalTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("provisioning-workflows-").FullName;

    [Fact]
    public async Task an_invalid_definition_stops_the_host_naming_the_file_and_the_path()
    {
        var shipped = Path.Combine(TestSettings.RepositoryRoot, "workflows");
        File.Copy(Path.Combine(shipped, "workflow.schema.json"), Path.Combine(directory, "workflow.schema.json"));
        var broken = File.ReadAllText(Path.Combine(shipped, "provision-vm.json"))
            .Replace("\"timeoutSeconds\": 120,", "\"timeoutSeconds\": -5,", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(directory, "provision-vm.json"), broken);

        var env = new Dictionary<string, string>
        {
            ["Engine__WorkflowsDirectory"] = directory,
            ["Engine__Schema"] = $"{TestSettings.Prefix}_refused",
            ["RabbitMq__QueuePrefix"] = $"{TestSettings.Prefix}-refused",
        };
        await using var host = new HostProcess(HostProcess.AllInOne, $"{TestSettings.Prefix}-refused", env);
        var exitCode = await host.RunToExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("provision-vm.json", host.Output, StringComparison.Ordinal);
        Assert.Contains("/steps/1/timeoutSeconds", host.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
