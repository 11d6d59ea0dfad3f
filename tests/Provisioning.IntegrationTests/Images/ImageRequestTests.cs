using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Images;

/// <summary>
/// import-image from HTTP to the host and back: the image listed by <c>GET /api/images</c>, a VM refused where its image
/// is not (or is bigger than its disk), the import rolled back, and bad parameters refused with nothing appended.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class ImageRequestTests(StackFixture stack) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly string scratch = Directory.CreateTempSubdirectory(stack.Prefix + "-images").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public async Task an_imported_image_is_listed_for_its_host_vms_on_it_are_checked_and_its_rollback_removes_it()
    {
        var name = $"{stack.Prefix}-deb";
        var (source, sha) = Qcow2(name, "2G");

        var id = await stack.Api.SubmitAsync("import-image", new { name, hosts = new[] { stack.AgentHost }, source, sha256 = sha }, "IMG-1");
        var end = await stack.Api.WaitForEndAsync(id, Deadline);

        Assert.Equal("Succeeded", end.GetProperty("status").GetString());
        var image = await ImageAsync(name);
        Assert.NotNull(image);
        Assert.Equal(("qcow2", 2L << 30, sha, "debian", $"{name}.qcow2"),
            (image.Value.GetProperty("format").GetString(), image.Value.GetProperty("virtualSizeBytes").GetInt64(), image.Value.GetProperty("sha256").GetString(),
             image.Value.GetProperty("osUser").GetString(), image.Value.GetProperty("volume").GetString()));
        Assert.Equal(0, (await HostProbe.Virsh("vol-info", $"{name}.qcow2", "--pool", $"{stack.Prefix}pool-img")).ExitCode);

        var tooSmall = await SubmitVm($"{stack.Prefix}-small", name, diskGiB: 1);
        Assert.Equal(HttpStatusCode.Conflict, tooSmall.Status);
        Assert.Equal(["the image " + name + " is 2 GiB; diskGiB must be at least 2"],
            tooSmall.Body.GetProperty("errors").GetProperty("parameters.diskGiB").EnumerateArray().Select(e => e.GetString()));

        Assert.Equal(HttpStatusCode.Accepted, await stack.Api.ActAsync(id, "rollback"));
        await Eventually.Until(async () => await ImageAsync(name) is null, Deadline, "the image's record to go with its rollback");
        Assert.NotEqual(0, (await HostProbe.Virsh("vol-info", $"{name}.qcow2", "--pool", $"{stack.Prefix}pool-img")).ExitCode);
    }

    [Fact]
    public async Task a_vm_on_an_image_its_host_does_not_hold_is_refused_at_submission_naming_parameters_image()
    {
        var (status, body) = await SubmitVm($"{stack.Prefix}-noimg", $"{stack.Prefix}-nowhere", diskGiB: 4);

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Failed", body.GetProperty("requestStatus").GetString());
        Assert.Contains("is not imported on host", body.GetProperty("errors").GetProperty("parameters.image")[0].GetString());
    }

    public static TheoryData<string, string, object> BadParameters => new()
    {
        { "a relative source", "parameters.source", new { name = "img", hosts = new[] { "kvm01" }, source = "images/x.qcow2", sha256 = new string('a', 64) } },
        { "a path with ..", "parameters.source", new { name = "img", hosts = new[] { "kvm01" }, source = "/srv/../etc/shadow", sha256 = new string('a', 64) } },
        { "a file URL", "parameters.source", new { name = "img", hosts = new[] { "kvm01" }, source = "file:///etc/shadow", sha256 = new string('a', 64) } },
        { "a short sha256", "parameters.sha256", new { name = "img", hosts = new[] { "kvm01" }, source = "/srv/x.qcow2", sha256 = "abc" } },
        { "no sha256", "parameters.sha256", new { name = "img", hosts = new[] { "kvm01" }, source = "/srv/x.qcow2" } },
        { "a format of its own", "parameters.format", new { name = "img", hosts = new[] { "kvm01" }, source = "/srv/x.qcow2", sha256 = new string('a', 64), format = "vmdk" } },
        { "no hosts", "parameters.hosts", new { name = "img", source = "/srv/x.qcow2", sha256 = new string('a', 64) } },
    };

    [Theory]
    [MemberData(nameof(BadParameters))]
    public async Task bad_import_parameters_get_a_400_naming_the_field_and_append_nothing(string why, string field, object parameters)
    {
        var mark = await stack.StoreMarkAsync();

        var (status, body, _) = await stack.Api.PostAsync("/api/requests", new { workflow = "import-image", parameters });

        Assert.True(status == HttpStatusCode.BadRequest, $"{why}: {(int)status} {body}");
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), $"{why}: {body}");
        Assert.Equal(0, await stack.EventsInNewStreamsSinceAsync(mark));
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SubmitVm(string vm, string image, int diskGiB)
    {
        var parameters = StackApi.VmParameters(vm, stack.AgentHost, $"{stack.Prefix}br", null);
        parameters["image"] = image;
        parameters["diskGiB"] = diskGiB;
        var (status, body, _) = await stack.Api.PostAsync("/api/requests", new { workflow = "provision-vm", parameters });
        return (status, body);
    }

    private async Task<JsonElement?> ImageAsync(string name)
    {
        var images = await stack.Http.GetFromJsonAsync<JsonElement>($"/api/images?host={stack.AgentHost}", StackApi.Json);
        return images.EnumerateArray().Where(i => i.GetProperty("name").GetString() == name).Select(i => (JsonElement?)i).FirstOrDefault();
    }

    private (string Path, string Sha256) Qcow2(string name, string size)
    {
        var path = Path.Combine(scratch, name + ".qcow2");
        using (var process = Process.Start("qemu-img", ["create", "-q", "-f", "qcow2", path, size]))
        {
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
        }
        return (path, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
    }
}
