using Provisioning.Engine.Tests.Support;
using Provisioning.Testing.Sagas;
using Provisioning.Testing;
using Provisioning.Engine.Workflows;

namespace Provisioning.Engine.Tests.Bugs;

/// <summary>
/// <see cref="WorkflowLoader.LoadDirectory"/> builds the schema with JsonSchema.Net's default build options,
/// which register it by its <c>$id</c> in the process-wide registry; the second load then threw
/// "Overwriting registered schemas is not permitted". Two hosts in one process (tests, the all-in-one
/// host) must each be able to load the same folder.
/// </summary>
public class the_workflows_folder_loads_more_than_once_per_process
{
    [Fact]
    public void loading_the_shipped_folder_twice_gives_the_same_definitions()
    {
        var first = WorkflowLoader.LoadDirectory(RepoPaths.Workflows);
        var second = WorkflowLoader.LoadDirectory(RepoPaths.Workflows);

        Assert.Equal(first.All.Select(d => d.Name), second.All.Select(d => d.Name));
    }
}
