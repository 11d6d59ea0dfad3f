using Provisioning.Engine.Inventory;

namespace Provisioning.Engine.Tests.Inventory;

/// <summary>Whose VM a scoped submitter may act on, decided from the inventory's records of a host and name.</summary>
public class VmOwnershipTests
{
    private static VmRecord Vm(string? project, VmState state) => new() { Id = Guid.NewGuid(), Name = "web1", Host = "kvm01", Project = project, State = state };

    [Theory]
    [InlineData(VmState.Requested, true)]
    [InlineData(VmState.Defined, true)]
    [InlineData(VmState.Running, true)]
    [InlineData(VmState.RollbackFailed, true)]
    [InlineData(VmState.RolledBack, false)]
    [InlineData(VmState.Failed, false)]
    [InlineData(VmState.Removed, false)]
    public void a_project_acts_on_its_own_vm_while_the_vm_is_there(VmState state, bool allowed) =>
        Assert.Equal(allowed, VmOwnership.Allows(VmScope.Only("a"), [Vm("a", state)]));

    [Fact]
    public void another_projects_vm_a_vm_without_a_project_and_no_vm_at_all_are_refused_alike()
    {
        Assert.False(VmOwnership.Allows(VmScope.Only("a"), [Vm("b", VmState.Running)]));
        Assert.False(VmOwnership.Allows(VmScope.Only("a"), [Vm(null, VmState.Running)]));
        Assert.False(VmOwnership.Allows(VmScope.Only("a"), []));
    }

    [Fact]
    public void a_scope_without_a_project_covers_no_vm_not_even_one_without_a_project() =>
        Assert.False(VmOwnership.Allows(VmScope.Only(null), [Vm(null, VmState.Running)]));

    [Fact]
    public void a_name_reused_after_a_rollback_belongs_to_whoever_holds_the_live_vm()
    {
        Assert.True(VmOwnership.Allows(VmScope.Only("a"), [Vm("b", VmState.RolledBack), Vm("a", VmState.Running)]));
        Assert.False(VmOwnership.Allows(VmScope.Only("b"), [Vm("b", VmState.RolledBack), Vm("a", VmState.Running)]));
    }

    [Fact]
    public void everything_covers_any_vm_hand_made_ones_too() =>
        Assert.True(VmOwnership.Allows(VmScope.Everything, []));
}
