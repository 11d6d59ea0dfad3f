using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;

namespace Provisioning.Agent.Steps.Images;

/// <summary>
/// Who is built on a base image: every volume of the VM pool (<c>Agent:StoragePool</c>) whose backing file it is (a
/// qcow2 overlay), and every defined domain with a disk on it. An image with a user is never removed, and a disk that is
/// another disk's backing file is never deleted with its VM.
/// </summary>
public sealed class ImageUsage(AgentOptions options, LibvirtConnector libvirt)
{
    /// <summary>What uses the file at <paramref name="imagePath"/>, in words (<c>volume web01-....qcow2</c>, <c>domain web01</c>); empty when nothing does.</summary>
    public IReadOnlyList<string> Users(string imagePath) =>
        [.. Overlays(imagePath).Select(v => $"volume {v.Name} of pool {options.StoragePool}"), .. Domains(imagePath).Select(d => $"domain {d}")];

    /// <summary>The volumes of the VM pool whose backing file is <paramref name="path"/>.</summary>
    public IReadOnlyList<VolumeInfo> Overlays(string path)
    {
        var connection = libvirt.Get();
        if (connection.FindPool(options.StoragePool) is not { Active: true }) return [];
        // An overlay made behind libvirt's back (qemu-img) counts too.
        connection.RefreshPool(options.StoragePool);
        var overlays = new List<VolumeInfo>();
        foreach (var volume in connection.ListVolumes(options.StoragePool))
        {
            string xml;
            try
            {
                xml = connection.GetVolumeXml(options.StoragePool, volume.Name);
            }
            catch (LibvirtException e) when (e.Code == LibvirtErrorCode.NoStorageVol)
            {
                continue; // deleted since the listing
            }
            if (Same(VolumeXml.BackingPathOf(xml), path)) overlays.Add(volume);
        }
        return overlays;
    }

    /// <summary>The domains, running or not, with a disk at <paramref name="path"/> (their persistent and live definitions).</summary>
    public IReadOnlyList<string> Domains(string path)
    {
        var connection = libvirt.Get();
        var users = new List<string>();
        foreach (var domain in connection.ListDomains())
        {
            try
            {
                var paths = DomainXml.DiskPaths(connection.GetDomainXml(domain.Uuid, inactive: true))
                    .Concat(domain.Active ? DomainXml.DiskPaths(connection.GetDomainXml(domain.Uuid, inactive: false)) : []);
                if (paths.Any(p => Same(p, path))) users.Add(domain.Name);
            }
            catch (LibvirtException e) when (e.Code == LibvirtErrorCode.NoDomain)
            {
                // undefined since the listing
            }
        }
        return users;
    }

    private static bool Same(string? a, string b) => a is not null && string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);
}
