using Provisioning.Agent.Drivers.Libvirt.Native;
using static Provisioning.Agent.Drivers.Libvirt.Native.LibvirtNative;

namespace Provisioning.Agent.Drivers.Libvirt;

public sealed partial class LibvirtConnection
{
    /// <summary>The storage pool with this name, or null when there is none.</summary>
    public PoolInfo? FindPool(string name)
    {
        RequireName(name, nameof(name));
        using var pool = OrNull(virStoragePoolLookupByName(Handle, name), "virStoragePoolLookupByName", LibvirtErrorCode.NoStoragePool);
        if (pool is null) return null;
        Check(virStoragePoolGetInfo(pool, out var info), "virStoragePoolGetInfo");
        var xml = TakeXml(virStoragePoolGetXMLDesc(pool, 0), "virStoragePoolGetXMLDesc");
        return new PoolInfo(name, Flag(virStoragePoolIsActive(pool), "virStoragePoolIsActive"),
            (long)info.Capacity, (long)info.Allocation, (long)info.Available, PoolXml.PathOf(xml));
    }

    /// <summary>
    /// Makes sure a directory pool of this name exists at <paramref name="path"/> and is running.
    /// Creates it (define, build = mkdir, start, autostart) when missing and returns true; starts it
    /// when it exists inactive and returns false. A half-created pool is removed again on failure.
    /// </summary>
    /// <exception cref="InvalidOperationException">A pool of this name exists with another type or path.</exception>
    public bool EnsureDirPool(string name, string path)
    {
        RequireName(name, nameof(name));
        RequireName(path, nameof(path));
        if (!Path.IsPathRooted(path)) throw new ArgumentException("A pool path must be absolute.", nameof(path));

        using (var existing = OrNull(virStoragePoolLookupByName(Handle, name), "virStoragePoolLookupByName", LibvirtErrorCode.NoStoragePool))
        {
            if (existing is not null)
            {
                var xml = TakeXml(virStoragePoolGetXMLDesc(existing, 0), "virStoragePoolGetXMLDesc");
                // Building another kind of pool can format a disk: never touch a pool we would not have made.
                if (PoolXml.TypeOf(xml) != "dir" || !SamePath(PoolXml.PathOf(xml), path))
                    throw new InvalidOperationException($"Storage pool '{name}' exists but is not a dir pool at '{path}'.");
                if (!Flag(virStoragePoolIsActive(existing), "virStoragePoolIsActive")) StartDirPool(existing);
                return false;
            }
        }

        using var pool = Check(virStoragePoolDefineXML(Handle, PoolXml.Dir(name, path), 0), "virStoragePoolDefineXML");
        try
        {
            StartDirPool(pool);
            Check(virStoragePoolSetAutostart(pool, 1), "virStoragePoolSetAutostart");
        }
        catch (LibvirtException)
        {
            // Leave the host as it was: no definition pointing at a directory that may not exist.
            if (virStoragePoolIsActive(pool) == 1) virStoragePoolDestroy(pool);
            virStoragePoolUndefine(pool);
            virResetLastError();
            throw;
        }
        return true;
    }

    /// <summary>
    /// Stops and undefines a pool, removing its directory only when it holds no volumes (rmdir
    /// semantics: files are never deleted). A missing pool is a no-op.
    /// </summary>
    public void DeletePool(string name)
    {
        RequireName(name, nameof(name));
        using var pool = OrNull(virStoragePoolLookupByName(Handle, name), "virStoragePoolLookupByName", LibvirtErrorCode.NoStoragePool);
        if (pool is null) return;
        var isDir = PoolXml.TypeOf(TakeXml(virStoragePoolGetXMLDesc(pool, 0), "virStoragePoolGetXMLDesc")) == "dir";
        var empty = true;
        if (Flag(virStoragePoolIsActive(pool), "virStoragePoolIsActive"))
        {
            // Refresh so files created behind libvirt's back count too.
            Check(virStoragePoolRefresh(pool, 0), "virStoragePoolRefresh");
            empty = VolumesOf(pool).Count == 0;
            Check(virStoragePoolDestroy(pool), "virStoragePoolDestroy");
        }
        if (isDir && empty && virStoragePoolDelete(pool, 0) < 0)
        {
            var error = LibvirtException.FromLastError("virStoragePoolDelete");
            // rmdir failed: the directory is gone already or not empty (files never seen as volumes). Keep it.
            if (error.Code != LibvirtErrorCode.SystemError) throw error;
        }
        if (virStoragePoolUndefine(pool) < 0)
        {
            var error = LibvirtException.FromLastError("virStoragePoolUndefine");
            // A transient pool vanishes on destroy; there is nothing left to undefine.
            if (error.Code != LibvirtErrorCode.NoStoragePool) throw error;
        }
    }

    /// <summary>Rescans the pool's directory for volumes created outside libvirt.</summary>
    public void RefreshPool(string name)
    {
        using var pool = OpenPool(name);
        Check(virStoragePoolRefresh(pool, 0), "virStoragePoolRefresh");
    }

    /// <summary>The volume of this name in the pool, or null; a missing or inactive pool throws.</summary>
    public VolumeInfo? FindVolume(string pool, string name)
    {
        RequireName(name, nameof(name));
        using var p = OpenPool(pool);
        using var volume = OrNull(virStorageVolLookupByName(p, name), "virStorageVolLookupByName", LibvirtErrorCode.NoStorageVol);
        return volume is null ? null : Describe(volume);
    }

    /// <summary>
    /// The storage volume at this host path and its pool, or null when no pool libvirt knows holds it
    /// (a plain file, or a pool not refreshed since the file appeared).
    /// </summary>
    public PooledVolume? FindVolumeByPath(string path)
    {
        RequireName(path, nameof(path));
        using var volume = OrNull(virStorageVolLookupByPath(Handle, path), "virStorageVolLookupByPath", LibvirtErrorCode.NoStorageVol);
        if (volume is null) return null;
        using var pool = Check(virStoragePoolLookupByVolume(volume), "virStoragePoolLookupByVolume");
        var poolName = NativeString.Peek(virStoragePoolGetName(pool)) ?? throw LibvirtException.FromLastError("virStoragePoolGetName");
        return new PooledVolume(poolName, Describe(volume));
    }

    /// <summary>The volume's XML (format, permissions, backing store); a missing volume fails with NoStorageVol.</summary>
    public string GetVolumeXml(string pool, string name)
    {
        RequireName(name, nameof(name));
        using var p = OpenPool(pool);
        using var volume = Check(virStorageVolLookupByName(p, name), "virStorageVolLookupByName");
        return TakeXml(virStorageVolGetXMLDesc(volume, 0), "virStorageVolGetXMLDesc");
    }

    /// <summary>Creates a volume from XML (see <see cref="VolumeXml"/>); an existing name fails with StorageVolExist.</summary>
    public VolumeInfo CreateVolume(string pool, string xml)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(xml);
        using var p = OpenPool(pool);
        using var volume = Check(virStorageVolCreateXML(p, xml, 0), "virStorageVolCreateXML");
        return Describe(volume);
    }

    /// <summary>
    /// Creates a volume from XML as a full copy of <paramref name="sourcePath"/> (any pool), converted to the XML's
    /// format, then grown to <paramref name="capacityBytes"/> (libvirt copies at the source's size, whatever the XML
    /// says); an existing name fails with StorageVolExist.
    /// </summary>
    public VolumeInfo CloneVolume(string pool, string xml, string sourcePath, long capacityBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(xml);
        RequireName(sourcePath, nameof(sourcePath));
        using var p = OpenPool(pool);
        using var source = Check(virStorageVolLookupByPath(Handle, sourcePath), "virStorageVolLookupByPath");
        using var volume = Check(virStorageVolCreateXMLFrom(p, xml, source, 0), "virStorageVolCreateXMLFrom");
        Check(virStorageVolResize(volume, (ulong)capacityBytes, 0), "virStorageVolResize");
        return Describe(volume);
    }

    /// <summary>Deletes a volume and its file; a missing volume fails with NoStorageVol.</summary>
    public void DeleteVolume(string pool, string name)
    {
        RequireName(name, nameof(name));
        using var p = OpenPool(pool);
        using var volume = Check(virStorageVolLookupByName(p, name), "virStorageVolLookupByName");
        Check(virStorageVolDelete(volume, 0), "virStorageVolDelete");
    }

    /// <summary>The volumes libvirt knows in the pool (see <see cref="RefreshPool"/>).</summary>
    public IReadOnlyList<VolumeInfo> ListVolumes(string pool)
    {
        using var p = OpenPool(pool);
        return VolumesOf(p);
    }

    private StoragePoolHandle OpenPool(string name)
    {
        RequireName(name, nameof(name));
        return Check(virStoragePoolLookupByName(Handle, name), "virStoragePoolLookupByName");
    }

    private static void StartDirPool(StoragePoolHandle pool)
    {
        // For a dir pool, build is mkdir -p: harmless when the directory exists, needed when it does not.
        Check(virStoragePoolBuild(pool, 0), "virStoragePoolBuild");
        Check(virStoragePoolCreate(pool, 0), "virStoragePoolCreate");
    }

    private static List<VolumeInfo> VolumesOf(StoragePoolHandle pool)
    {
        var count = virStoragePoolListAllVolumes(pool, out var array, 0);
        Check(count, "virStoragePoolListAllVolumes");
        var handles = NativeString.TakeArray(array, count, p => new StorageVolHandle(p));
        try
        {
            return handles.Select(Describe).ToList();
        }
        finally
        {
            foreach (var h in handles) h.Dispose();
        }
    }

    private static VolumeInfo Describe(StorageVolHandle volume)
    {
        var name = NativeString.Peek(virStorageVolGetName(volume)) ?? throw LibvirtException.FromLastError("virStorageVolGetName");
        var path = NativeString.Take(virStorageVolGetPath(volume)) ?? throw LibvirtException.FromLastError("virStorageVolGetPath");
        Check(virStorageVolGetInfo(volume, out var info), "virStorageVolGetInfo");
        return new VolumeInfo(name, path, (long)info.Capacity);
    }

    private static bool SamePath(string? a, string b) =>
        a is not null && string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b), StringComparison.Ordinal);
}
