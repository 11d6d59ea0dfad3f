using Provisioning.Domain.Steps;
using Provisioning.Engine.Tests.Support;
using Provisioning.Testing.Sagas;
using Provisioning.Testing;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;
using Provisioning.Engine.Workflows;

namespace Provisioning.Engine.Tests.Workflows;

/// <summary>The definitions in the repository's workflows/ folder, loaded the way the engine loads them.</summary>
public class ShippedWorkflowsTests
{
    private static WorkflowDefinition ProvisionVm() =>
        WorkflowLoader.LoadDirectory(RepoPaths.Workflows).Find("provision-vm")
        ?? throw new InvalidOperationException("provision-vm is not in the shipped workflows");

    private static WorkflowDefinition Shipped(string name) =>
        WorkflowLoader.LoadDirectory(RepoPaths.Workflows).Find(name)
        ?? throw new InvalidOperationException($"{name} is not in the shipped workflows");

    [Fact]
    public void the_shipped_workflows_folder_loads()
    {
        var catalog = WorkflowLoader.LoadDirectory(RepoPaths.Workflows);

        Assert.Equal(
            ["change-switch-vlans", "decommission-vm", "import-image", "onboard-host", "provision-switch", "provision-vm", "reboot-vm", "resize-vm", "snapshot-vm", "start-vm", "stop-vm"],
            catalog.All.Select(d => d.Name).Order(StringComparer.Ordinal));
        Assert.Null(catalog.Find("no-such-workflow"));
    }

    [Fact]
    public void each_shipped_workflow_is_in_the_file_of_its_name()
    {
        foreach (var definition in WorkflowLoader.LoadDirectory(RepoPaths.Workflows).All)
        {
            Assert.True(File.Exists(Path.Combine(RepoPaths.Workflows, definition.Name + ".json")), definition.Name);
        }
    }

    [Fact]
    public void the_workflows_folder_found_from_the_binaries_holds_the_shipped_files()
    {
        var resolved = WorkflowsDirectory.Resolve("workflows");

        foreach (var file in Directory.GetFiles(RepoPaths.Workflows, "*.json").Select(Path.GetFileName).OfType<string>())
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
    public void provision_vm_runs_its_seven_steps_in_order_with_their_compensations()
    {
        var definition = ProvisionVm();

        Assert.Equal(1, definition.Version);
        Assert.Equal(ParameterSets.ProvisionVm, definition.Parameters);
        Assert.False(string.IsNullOrWhiteSpace(definition.Description));
        Assert.Equal(
            [
                ("install-host", "none"),
                ("create-bridge", "remove-bridge"),
                ("attach-gateway", "detach-gateway"),
                ("create-seed", "delete-seed"),
                ("define-domain", "undefine-domain"),
                ("attach-port", "detach-port"),
                ("boot", "stop-domain"),
            ],
            definition.Steps.Select(s => (s.Name, s.Compensation)));
    }

    [Fact]
    public void provision_vm_steps_have_their_timeouts()
    {
        Assert.Equal([900, 120, 60, 300, 300, 120, 420], ProvisionVm().Steps.Select(s => s.TimeoutSeconds));
    }

    [Fact]
    public void provision_vm_steps_have_their_retry_policies()
    {
        var retries = ProvisionVm().Steps.ToDictionary(s => s.Name, s => s.Retry);

        Assert.Equal(new RetryPolicy(3, 5, 2, 60, 0.2), retries["install-host"]);
        Assert.Equal(new RetryPolicy(3, 2, 2, 30, 0.2), retries["create-bridge"]);
        Assert.Equal(new RetryPolicy(3, 2, 2, 30, 0.2), retries["attach-gateway"]);
        Assert.Equal(new RetryPolicy(3, 2, 2, 30, 0.2), retries["create-seed"]);
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
            s => Assert.Equal(StepCatalog.Find(s.Name)?.CompensationName, s.Compensation));
    }

    [Fact]
    public void decommission_vm_checks_the_owner_then_stops_removes_ports_and_disks_and_undefines_with_nothing_to_undo()
    {
        var definition = Shipped("decommission-vm");

        Assert.Equal(ParameterSets.DecommissionVm, definition.Parameters);
        Assert.Equal(["check-owner", "shutdown-domain", "remove-port", "delete-disks", "delete-domain"], definition.Steps.Select(s => s.Name));
        Assert.All(definition.Steps, s => Assert.False(s.HasCompensation, s.Name));
    }

    [Theory]
    [InlineData("start-vm", "vm-reference", "start-domain")]
    [InlineData("stop-vm", "vm-reference", "shutdown-domain")]
    [InlineData("reboot-vm", "vm-reference", "reboot-domain")]
    [InlineData("resize-vm", "resize-vm", "resize-domain")]
    [InlineData("snapshot-vm", "snapshot-vm", "snapshot-domain")]
    public void a_day_two_workflow_is_one_step_on_its_parameter_set_undone_by_the_opposite_request(string workflow, string parameters, string step)
    {
        var definition = Shipped(workflow);

        Assert.Equal(parameters, definition.Parameters);
        var only = Assert.Single(definition.Steps);
        Assert.Equal(step, only.Name);
        Assert.False(only.HasCompensation);
        Assert.True(only.Retry.MaxAttempts > 1, "a day-two step retries transient failures");
    }

    [Theory]
    [InlineData("stop-vm", "shutdown-domain")]
    [InlineData("decommission-vm", "shutdown-domain")]
    [InlineData("reboot-vm", "reboot-domain")]
    public void a_step_that_waits_for_a_graceful_shutdown_outlasts_the_longest_grace_period(string workflow, string step)
    {
        var timeout = Shipped(workflow).Steps.Single(s => s.Name == step).TimeoutSeconds;

        // The grace, then a destroy (and for a reboot a start), each bounded by the agent's 120 s boot timeout.
        Assert.True(timeout > VmReferenceRules.MaxGraceSeconds + 120, $"{workflow}/{step}: {timeout}s");
    }

    [Fact]
    public void provision_switch_makes_the_host_ready_then_the_switch_undone_by_remove_switch()
    {
        var definition = Shipped("provision-switch");

        Assert.Equal(ParameterSets.ProvisionSwitch, definition.Parameters);
        Assert.Equal([("install-host", "none"), ("create-switch", "remove-switch")], definition.Steps.Select(s => (s.Name, s.Compensation)));
    }

    [Fact]
    public void change_switch_vlans_is_one_step_undone_by_revert_vlans()
    {
        var definition = Shipped("change-switch-vlans");

        Assert.Equal(ParameterSets.ChangeSwitchVlans, definition.Parameters);
        var only = Assert.Single(definition.Steps);
        Assert.Equal(("change-vlans", "revert-vlans"), (only.Name, only.Compensation));
    }

    [Fact]
    public void every_step_of_the_catalog_is_used_by_a_shipped_workflow()
    {
        var used = WorkflowLoader.LoadDirectory(RepoPaths.Workflows).All.SelectMany(d => d.Steps).Select(s => s.Name).ToHashSet();

        Assert.All(StepCatalog.All.Select(s => s.Name), s => Assert.Contains(s, used));
    }

    [Fact]
    public void every_parameter_set_is_used_by_a_shipped_workflow()
    {
        var used = WorkflowLoader.LoadDirectory(RepoPaths.Workflows).All.Select(d => d.Parameters).ToHashSet();

        Assert.All(ParameterSets.All, s => Assert.Contains(s, used));
    }
}
