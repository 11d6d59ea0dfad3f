using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Hosting;

/// <summary>docker-compose.yml cannot be run here (no Docker engine), so it is checked.</summary>
public sealed class DeploymentFileTests
{
    [Fact]
    public async Task docker_compose_accepts_the_deployment_file()
    {
        var file = Path.Combine(TestSettings.RepositoryRoot, "docker-compose.yml");
        var result = await Cli.RunAsync("docker-compose", "-f", file, "config", "-q");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
    }
}
