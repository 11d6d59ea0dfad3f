using Provisioning.Domain.Tests.Support;
using Provisioning.Domain.Workflows;
using Provisioning.Engine.Workflows;

namespace Provisioning.Domain.Tests.Workflows;

/// <summary>The definitions in the repository's workflows/ folder, loaded the way the engine loads them.</summary>
public class ShippedWorkflowsTests
{
    private static WorkflowDefinition ProvisionVm() =>
        WorkflowLoader.LoadDirectory(RepoPaths.Workflows).Find("provision-vm")
        ?? throw new InvalidOperationException("provision-vm is not in the shipped workflows");

    [Fact]
    public void the_shipped_workflows_folder_loads()
    {
        var catalog = WorkflowLoader.LoadDirectory(RepoPaths.Workflows);

        Assert.Contains(catalog.All, d => d.Name == "provision-vm");
        Assert.Null(catalog.Find("no-such-workflow"));
    }

    [Fact]
    public void the_workflows_folder_found_from_the_binaries_holds_the_shipped_files()
    {
        var resolved = WorkflowsDirectory.Resolve("workflows");

        foreach (var file in new[] { WorkflowLoader.SchemaFile, "provision-vm.json" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Workflows, file)), File.ReadAllText(Path.Combine(resolved, file)));
        }
    }

    [Fact]
    public void a_workflows_folder_that_is_nowhere_is_refused()
    {
        var refusal = Assert.Throws<WorkflowDefinitionException>(() => WorkflowsDirectory.Resolve("no-such-folder-" + Guid.NewGuid().ToString("N")));

        Assert.Contains(WorkflowLoader.SchemaFile, refusal.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void an_absolute_workflows_folder_is_taken_as_given()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "elsewhere");

        Assert.Equal(absolute, WorkflowsDirectory.Resolve(absolute));
    }

    [Fact]
    public void provision_vm_runs_the_five_steps_in_order_with_their_compensations()
    {
        var definition = ProvisionVm();

        Assert.Equal(1, definition.Version);
        Assert.Equal(ParameterSets.ProvisionVm, definition.Parameters);
        Assert.False(string.IsNullOrWhiteSpace(definition.Description));
        Assert.Equal(
            [
                ("install-host", "none"),
                ("create-bridge", "remove-bridge"),
                ("define-domain", "undefine-domain"),
                ("attach-port", "detach-port"),
                ("boot", "stop-domain"),
            ],
            definition.Steps.Select(s => (s.Name, s.Compensation)));
    }

    [Fact]
    public void provision_vm_steps_have_their_timeouts()
    {
        Assert.Equal([900, 120, 300, 120, 300], ProvisionVm().Steps.Select(s => s.TimeoutSeconds));
    }

    [Fact]
    public void provision_vm_steps_have_their_retry_policies()
    {
        var retries = ProvisionVm().Steps.ToDictionary(s => s.Name, s => s.Retry);

        Assert.Equal(new RetryPolicy(3, 5, 2, 60, 0.2), retries["install-host"]);
        Assert.Equal(new RetryPolicy(3, 2, 2, 30, 0.2), retries["create-bridge"]);
        Assert.Equal(new RetryPolicy(3, 2, 2, 30, 0.2), retries["define-domain"]);
        Assert.Equal(new RetryPolicy(3, 2, 2, 30, 0.2), retries["attach-port"]);
        Assert.Equal(new RetryPolicy(2, 5, 2, 30, 0.2), retries["boot"]);
    }

    [Fact]
    public void only_install_host_has_nothing_to_undo()
    {
        Assert.Equal(["install-host"], ProvisionVm().Steps.Where(s => !s.HasCompensation).Select(s => s.Name));
    }

    [Fact]
    public void every_shipped_step_is_one_the_catalog_knows_with_the_compensation_it_requires()
    {
        Assert.All(WorkflowLoader.LoadDirectory(RepoPaths.Workflows).All.SelectMany(d => d.Steps),
            s => Assert.Equal(StepCatalog.CompensationOf(s.Name), s.Compensation));
    }
}
