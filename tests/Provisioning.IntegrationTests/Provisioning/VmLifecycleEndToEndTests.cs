using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Provisioning;

/// <summary>
/// A VM's life through the real stack (HTTP -> saga -> RabbitMQ -> agent -> qemu:///system + OVS): provisioned,
/// stopped, resized, snapshotted, decommissioned; each request Succeeded and checked on the host with virsh and
/// ovs-vsctl. After the decommission nothing of the VM is left; the rollback of its provision request then
/// removes the bridge and network it made, leaving the host as it was.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class VmLifecycleEndToEndTests(StackFixture stack)
{
    private static readonly TimeSpan SagaTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task a_provisioned_vm_is_stopped_resized_snapshotted_and_decommissioned_and_nothing_of_it_is_left()
    {
        var name = $"{stack.Prefix}-life01";
        var bridge = $"{stack.Prefix}lc";
        var pool = stack.Prefix + "pool";
        var host = stack.AgentHost;
        try
        {
            var provision = await Succeeds("provision-vm", new { name, host, memoryMiB = 64, vcpus = 1, diskGiB = 1, bridge, vlan = 100 });
            Assert.Equal("running", (await HostProbe.Virsh("domstate", name)).Stdout.Trim());
            Assert.NotNull(await HostProbe.PortOfRequest(provision));

            await Succeeds("stop-vm", new { name, host, graceSeconds = 1 });
            Assert.Equal("shut off", (await HostProbe.Virsh("domstate", name)).Stdout.Trim());

            await Succeeds("resize-vm", new { name, host, memoryMiB = 128, vcpus = 2 });
            var xml = (await HostProbe.Virsh("dumpxml", "--inactive", name)).EnsureSuccess("virsh dumpxml").Stdout;
            Assert.Contains("<memory unit='KiB'>131072</memory>", xml, StringComparison.Ordinal);
            Assert.Contains(">2</vcpu>", xml, StringComparison.Ordinal);

            await Succeeds("snapshot-vm", new { name, host, action = "create", snapshot = "before-decommission" });
            Assert.Equal("before-decommission", (await HostProbe.Virsh("snapshot-list", name, "--name")).Stdout.Trim());

            var decommission = await Succeeds("decommission-vm", new { name, host, graceSeconds = 1 });
            var done = await stack.GetRequestAsync(decommission);
            Assert.Equal(["check-owner", "shutdown-domain", "remove-port", "delete-disks", "delete-domain"],
                done.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
            var owner = done.GetProperty("steps")[0].GetProperty("outputs");
            Assert.Equal(provision.ToString("D"), owner.GetProperty("originRequest").GetString());
            Assert.Equal("OPS-777", owner.GetProperty("originTicket").GetString());

            // The inventory keeps the VM, marked removed by the decommission.
            var inventory = await stack.Http.GetFromJsonAsync<JsonElement>($"/api/inventory/vms?host={host}", StackApi.Json);
            var record = inventory.EnumerateArray().Single(v => v.GetProperty("id").GetGuid() == provision);
            Assert.Equal("Removed", record.GetProperty("state").GetString());
            Assert.Equal(decommission, record.GetProperty("lastRequestId").GetGuid());

            Assert.NotEqual(0, (await HostProbe.Virsh("dominfo", name)).ExitCode);
            Assert.DoesNotContain(name, (await HostProbe.Virsh("vol-list", pool)).EnsureSuccess("virsh vol-list").Stdout, StringComparison.Ordinal);
            Assert.Null(await HostProbe.PortOfRequest(provision));
            Assert.Empty(Directory.GetFiles(stack.PoolPath, name + "*"));

            // The provision request's rollback finds its VM gone and removes the bridge and network it made.
            Assert.Equal(HttpStatusCode.Accepted, (await stack.Http.PostAsync($"/api/requests/{provision}/rollback", null)).StatusCode);
            var undone = await stack.WaitForStatusAsync(provision, SagaTimeout, "RolledBack", "RollbackFailed");
            Assert.Equal("RolledBack", undone.GetProperty("status").GetString());
            Assert.Empty(await HostProbe.LeftOfRequest(name, bridge, pool, provision));
        }
        finally
        {
            // A snapshot keeps a plain undefine (the run's sweep) from removing the domain.
            await HostProbe.Virsh("destroy", name);
            await HostProbe.Virsh("undefine", name, "--nvram", "--snapshots-metadata");
        }
    }

    [Fact]
    public async Task the_vm_workflows_refuse_bad_parameters_naming_each_field_and_append_nothing()
    {
        var mark = await stack.StoreMarkAsync();
        var host = stack.AgentHost;

        await Invalid("decommission-vm", new { name = "web01", host, force = "yes" }, "parameters.force");
        await Invalid("resize-vm", new { name = "web01", host }, "parameters.memoryMiB", "parameters.vcpus");
        await Invalid("snapshot-vm", new { name = "web01", host, action = "list", snapshot = "a b" }, "parameters.action", "parameters.snapshot");
        await Invalid("stop-vm", new { name = "web01;reboot", host, graceSeconds = 601 }, "parameters.name", "parameters.graceSeconds");
        await Invalid("start-vm", new { name = "web01", host, force = true }, "parameters.force");

        Assert.Equal(0, await stack.EventsInNewStreamsSinceAsync(mark));
    }

    private async Task<Guid> Succeeds(string workflow, object parameters)
    {
        var response = await stack.PostRawAsync("/api/requests", Body(workflow, parameters));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{workflow}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(StackApi.Json)).GetProperty("id").GetGuid();
        var done = await stack.WaitForEndAsync(id, SagaTimeout);
        Assert.True(done.GetProperty("status").GetString() == "Succeeded", $"{workflow} ended {done}");
        return id;
    }

    private async Task Invalid(string workflow, object parameters, params string[] fields)
    {
        var response = await stack.PostRawAsync("/api/requests", Body(workflow, parameters));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(StackApi.Json)).GetProperty("errors");
        Assert.All(fields, f => Assert.True(errors.TryGetProperty(f, out _), $"{workflow}: errors do not name {f}: {errors}"));
    }

    private static string Body(string workflow, object parameters) =>
        JsonSerializer.Serialize(new { workflow, ticket = "OPS-777", parameters });
}
