using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Domain.Vm;

namespace Provisioning.IntegrationTests.Guests;

/// <summary>
/// From HTTP to a server people log into, on qemu:///system with real OVS: a Debian guest from the imported image on
/// VLAN 100 with an address from a pool, reached by SSH through the host's gateway port; and a guest whose OS never
/// comes up, failed with its console's last lines and rolled back. Both boot at once (a TCG boot takes minutes).
/// </summary>
[Collection(GuestCollection.Name)]
public sealed class GuestOsTests(GuestStack stack)
{
    private static readonly TimeSpan BootDeadline = TimeSpan.FromMinutes(9);
    private static readonly TimeSpan UndoDeadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task a_vm_from_the_image_answers_ssh_with_its_name_at_its_pool_address_and_its_rollback_leaves_only_the_base_image()
    {
        var name = $"{stack.Prefix}-web01";
        var blank = $"{stack.Prefix}-blank";
        var never = $"{stack.Prefix}-dud";
        // The dud: an "image" with no OS at all (SeaBIOS finds nothing to boot), so its guest agent never answers.
        var dudImage = await ImportBlankImageAsync(blank);

        // Both at once: they share the pool's gateway port, which goes only when the last of them lets go of it.
        var id = await stack.SubmitVmAsync(name, stack.Image, "OPS-13");
        var dudId = await stack.SubmitVmAsync(never, dudImage, "OPS-14");
        var done = await stack.Api.WaitForEndAsync(id, BootDeadline);

        Assert.True(done.GetProperty("status").GetString() == "Succeeded", $"request ended {GuestStack.Describe(done)}\n{stack.Process.Tail()}");
        var address = done.GetProperty("address").GetProperty("address").GetString()!;
        Assert.StartsWith(stack.Network + ".", address);
        var guest = done.GetProperty("guest");
        Assert.Contains(address, guest.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()));
        Assert.True(done.TryGetProperty("readyAt", out var readyAt) && readyAt.ValueKind == JsonValueKind.String, $"no readyAt: {done}");

        // The host holds the gateway on VLAN 100, and a person with the key logs in and finds the VM's name.
        var gatewayPort = Naming.GatewayPort(stack.Bridge, 100);
        Assert.Equal("100", (await HostProbe.Ovs("get", "Port", gatewayPort, "tag")).EnsureSuccess("gateway port tag").Stdout.Trim());
        Assert.Contains($"inet {stack.Gateway}/24", (await HostProbe.Run("ip", "-4", "addr", "show", gatewayPort)).Stdout);
        var hostname = await Eventually.Until(() => stack.SshAsync(address, "hostname"), r => r.ExitCode == 0, TimeSpan.FromMinutes(1), $"ssh debian@{address}");
        Assert.Equal(name, hostname.Stdout.Trim());

        var vm = (await stack.Api.Http.GetFromJsonAsync<JsonElement>($"/api/inventory/vms?host={stack.AgentHost}", StackApi.Json)).EnumerateArray()
            .Single(v => v.GetProperty("id").GetGuid() == id);
        Assert.Equal(address, vm.GetProperty("address").GetString());
        // The terminal event says it, for the ticket comment and the audit trail.
        var succeeded = (await stack.Api.EventsAsync(id)).Last();
        Assert.Equal("request_succeeded", succeeded.GetProperty("type").GetString());
        var told = succeeded.GetProperty("data").GetProperty("guest");
        Assert.Equal((name, address, "debian"), (told.GetProperty("name").GetString(), told.GetProperty("addresses")[0].GetString(), told.GetProperty("user").GetString()));

        await AssertTheDudFailedWithItsConsoleAndLeftNothing(dudId, never);
        // web01 still holds the gateway port the dud may have made.
        Assert.Equal("100", (await HostProbe.Ovs("get", "Port", gatewayPort, "tag")).EnsureSuccess("gateway port after the dud").Stdout.Trim());

        // Rollback removes overlay, seed, address and gateway port; the base image stays.
        var volumes = await HostProbe.VolumeNames($"{stack.Prefix}pool");
        Assert.Contains(volumes, v => v.StartsWith(name + "-", StringComparison.Ordinal) && v.EndsWith("-seed.iso", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Accepted, await stack.Api.ActAsync(id, "rollback"));
        var undone = await stack.Api.WaitForStatusAsync(id, UndoDeadline, "RolledBack", "RollbackFailed");
        Assert.True(undone.GetProperty("status").GetString() == "RolledBack", $"rollback ended {GuestStack.Describe(undone)}");
        Assert.False(await HostProbe.DomainExists(name));
        Assert.DoesNotContain(await HostProbe.VolumeNames($"{stack.Prefix}pool"), v => v.StartsWith(name + "-", StringComparison.Ordinal));
        Assert.NotEqual(0, (await HostProbe.Ovs("get", "Port", gatewayPort, "tag")).ExitCode);
        Assert.Equal(0, (await PoolAsync()).GetProperty("leased").GetInt32());
        Assert.True(await HostProbe.VolumeExists($"{stack.Prefix}pool-img", $"{stack.Image}.qcow2"), "the base image must stay");
    }

    private async Task AssertTheDudFailedWithItsConsoleAndLeftNothing(Guid id, string name)
    {
        var end = await stack.Api.WaitForEndAsync(id, BootDeadline);
        Assert.True(end.GetProperty("status").GetString() == "RolledBack", $"the dud ended {GuestStack.Describe(end)}");
        // Why it was rolled back: boot's failure, with the console's end.
        var error = end.GetProperty("compensationReason").GetString()!;
        Assert.StartsWith("boot failed: ", error);
        Assert.Contains("not up after", error);
        // SeaBIOS writes to the serial port too: its last words are in the error.
        Assert.Contains("serial console ends:", error);
        Assert.Contains("No bootable device", error);
        Assert.False(await HostProbe.DomainExists(name));
        Assert.DoesNotContain(await HostProbe.VolumeNames($"{stack.Prefix}pool"), v => v.StartsWith(name + "-", StringComparison.Ordinal));
        var events = await stack.Api.EventsAsync(id);
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "address_released");
    }

    private async Task<string> ImportBlankImageAsync(string name)
    {
        var file = Path.Combine(stack.Scratch, name + ".qcow2");
        (await Cli.RunAsync("qemu-img", "create", "-q", "-f", "qcow2", file, "1G")).EnsureSuccess("qemu-img create");
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(file)));
        var import = await stack.Api.SubmitAsync("import-image", new { name, hosts = new[] { stack.AgentHost }, source = file, sha256 = sha }, "IMG-2");
        var end = await stack.Api.WaitForEndAsync(import, TimeSpan.FromMinutes(2));
        Assert.True(end.GetProperty("status").GetString() == "Succeeded", $"blank import ended {end}");
        return name;
    }

    private async Task<JsonElement> PoolAsync() =>
        await stack.Api.Http.GetFromJsonAsync<JsonElement>($"/api/pools/{stack.PoolName}", StackApi.Json);
}
