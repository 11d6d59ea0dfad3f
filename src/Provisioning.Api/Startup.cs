using Provisioning.Api.Access;
using Provisioning.Engine.Workflows;

namespace Provisioning.Api;

/// <summary>Shared start-up guard for the API and all-in-one hosts.</summary>
public static class Startup
{
    /// <summary>
    /// Runs <paramref name="run"/>; an invalid workflow definition stops the process with exit code 2
    /// and a message naming the file and the failing path; so does an unusable <c>Auth</c> setting.
    /// </summary>
    public static async Task<int> GuardAsync(Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (WorkflowDefinitionException e)
        {
            await Console.Error.WriteLineAsync($"Refusing to start: {e.Message}");
            return 2;
        }
        catch (AccessConfigurationException e)
        {
            await Console.Error.WriteLineAsync($"Refusing to start: {e.Message}");
            return 2;
        }
    }
}
