using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Tests.Support;

namespace Provisioning.Agent.Tests.Libvirt;

/// <summary>Pools and volumes against the test driver, which keeps them in memory.</summary>
public sealed class TestDriverStorageTests : IDisposable
{
    private readonly LibvirtConnection libvirt = LibvirtConnection.Open("test:///default");
    private readonly Cleanup cleanup = new();

    public void Dispose()
    {
        try { cleanup.Dispose(); }
        finally { libvirt.Dispose(); }
    }

    private string EnsurePool()
    {
        var name = TestRun.Name("p");
        cleanup.Add($"delete pool {name}", () => libvirt.DeletePool(name));
        Assert.True(libvirt.EnsureDirPool(name, $"/var/lib/test-pools/{name}"));
        return name;
    }

    [Fact]
    public void ensuring_a_dir_pool_creates_it_once_and_leaves_it_running()
    {
        var name = EnsurePool();

        Assert.False(libvirt.EnsureDirPool(name, $"/var/lib/test-pools/{name}"));

        var pool = libvirt.FindPool(name);
        Assert.NotNull(pool);
        Assert.True(pool.Active);
        Assert.Equal($"/var/lib/test-pools/{name}", pool.Path);
    }

    [Fact]
    public void ensuring_a_pool_that_exists_at_another_path_is_refused()
    {
        var name = EnsurePool();

        Assert.Throws<InvalidOperationException>(() => libvirt.EnsureDirPool(name, "/somewhere/else"));
    }

    [Fact]
    public void a_created_volume_is_found_listed_and_deleted()
    {
        var pool = EnsurePool();
        var name = TestRun.Name("v") + ".qcow2";

        var created = libvirt.CreateVolume(pool, VolumeXml.Qcow2(name, 1));

        Assert.Equal(new VolumeInfo(name, $"/var/lib/test-pools/{pool}/{name}", 1L << 30), created);
        Assert.Equal(created, libvirt.FindVolume(pool, name));
        Assert.Equal([created], libvirt.ListVolumes(pool));

        libvirt.DeleteVolume(pool, name);

        Assert.Null(libvirt.FindVolume(pool, name));
        Assert.Empty(libvirt.ListVolumes(pool));
    }

    [Fact]
    public void creating_a_volume_twice_fails_with_operation_failed_on_the_test_driver()
    {
        var pool = EnsurePool();
        var name = TestRun.Name("v");
        libvirt.CreateVolume(pool, VolumeXml.Qcow2(name, 1));
        cleanup.Add($"delete volume {name}", () => libvirt.DeleteVolume(pool, name));

        var error = Assert.Throws<LibvirtException>(() => libvirt.CreateVolume(pool, VolumeXml.Qcow2(name, 1)));

        // The real storage driver says StorageVolExist (see SystemDriverDomainTests).
        Assert.Equal(LibvirtErrorCode.OperationFailed, error.Code);
    }

    [Fact]
    public void a_deleted_pool_is_gone_and_deleting_it_again_is_a_no_op()
    {
        var name = EnsurePool();

        libvirt.DeletePool(name);
        libvirt.DeletePool(name);

        Assert.Null(libvirt.FindPool(name));
        Assert.Equal(LibvirtErrorCode.NoStoragePool, Assert.Throws<LibvirtException>(() => libvirt.ListVolumes(name)).Code);
    }
}
