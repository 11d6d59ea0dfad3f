using System.Buffers.Binary;
using System.Text;
using Provisioning.Agent.Drivers.Iso;
using Provisioning.Agent.Steps.CloudInit;

namespace Provisioning.Agent.Tests.CloudInit;

/// <summary>
/// The seed image read back by the tools cloud-init's world uses: isoinfo (genisoimage), blkid (how ds-identify finds
/// the label), and the kernel's own iso9660 driver through a read-only loop mount.
/// </summary>
public sealed class SeedImageTests : IDisposable
{
    private static readonly Guid Request = Guid.Parse("0b6f0c55-2f0e-4c2b-8a8e-5d1e7c3a9f21");

    private readonly string dir = Directory.CreateTempSubdirectory("seed-iso-").FullName;

    private readonly SeedDocuments documents = SeedDocuments.For(Seeds.Static(userData: "#cloud-config\npackages: [htop]\n"), Request);

    [Fact]
    public async Task isoinfo_sees_volume_cidata_with_joliet_and_the_three_files_with_their_exact_content()
    {
        var iso = Write(documents.ToIso());

        var describe = (await Cli.RunAsync("isoinfo", ["-d", "-i", iso])).EnsureSuccess("isoinfo -d");
        Assert.Contains("Volume id: cidata", describe.Stdout, StringComparison.Ordinal);
        Assert.Contains("Logical block size is: 2048", describe.Stdout, StringComparison.Ordinal);
        Assert.Contains("Joliet with UCS level 3 found", describe.Stdout, StringComparison.Ordinal);
        Assert.Equal(documents.MetaData, await Extract(iso, "/meta-data"));
        Assert.Equal(documents.UserData, await Extract(iso, "/user-data"));
        Assert.Equal(documents.NetworkConfig, await Extract(iso, "/network-config"));
        var listing = (await Cli.RunAsync("isoinfo", ["-J", "-f", "-i", iso])).EnsureSuccess("isoinfo -f").Stdout;
        Assert.Equal(["/meta-data", "/network-config", "/user-data"], listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task the_primary_tree_without_joliet_still_reads_and_its_path_tables_agree()
    {
        var iso = Write(documents.ToIso());

        var primary = (await Cli.RunAsync("isoinfo", ["-f", "-i", iso])).EnsureSuccess("isoinfo -f").Stdout;
        Assert.Equal(["/META_DAT.;1", "/NETWORK_.;1", "/USER_DAT.;1"], primary.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Equal(documents.MetaData, (await Cli.RunAsync("isoinfo", ["-x", "/META_DAT.;1", "-i", iso])).EnsureSuccess("isoinfo -x").Stdout);
        // -p prints the primary L path table: the root alone (number 1, parent 1) at the root directory's sector (hex).
        var table = (await Cli.RunAsync("isoinfo", ["-p", "-i", iso])).EnsureSuccess("isoinfo -p").Stdout;
        Assert.Matches(@"Path table starts at block 19, size 10\n\s+1:\s+1 17\s", table);
    }

    [Fact]
    public async Task blkid_reports_an_iso9660_filesystem_labelled_cidata()
    {
        var iso = Write(documents.ToIso());

        var probe = (await Cli.RunAsync("blkid", ["-p", "-o", "export", iso])).EnsureSuccess("blkid").Stdout;
        Assert.Contains("TYPE=iso9660", probe.Split('\n'));
        Assert.Contains("LABEL=cidata", probe.Split('\n'));
    }

    [KernelMountFact]
    public async Task the_kernel_mounts_it_read_only_and_reads_the_files_by_their_joliet_names()
    {
        var iso = Write(documents.ToIso());
        var mountPoint = Directory.CreateDirectory(Path.Combine(dir, "mnt")).FullName;

        var mount = await Cli.RunAsync("mount", ["-o", "loop,ro", "-t", "iso9660", iso, mountPoint]);
        mount.EnsureSuccess("mount -o loop,ro");
        try
        {
            Assert.Equal(["meta-data", "network-config", "user-data"], Directory.GetFiles(mountPoint).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal(documents.MetaData, await File.ReadAllTextAsync(Path.Combine(mountPoint, "meta-data")));
            Assert.Equal(documents.UserData, await File.ReadAllTextAsync(Path.Combine(mountPoint, "user-data")));
            Assert.Equal(documents.NetworkConfig, await File.ReadAllTextAsync(Path.Combine(mountPoint, "network-config")));
        }
        finally
        {
            (await Cli.RunAsync("umount", [mountPoint])).EnsureSuccess("umount");
        }
    }

    [Fact]
    public void a_file_larger_than_a_sector_spans_sectors_and_the_image_is_whole_sectors()
    {
        var big = new byte[5000];
        Random.Shared.NextBytes(big);

        var image = IsoImage.Build("cidata", [new IsoFile("big", big), new IsoFile("small", "x"u8.ToArray())], DateTimeOffset.UnixEpoch);

        Assert.Equal(0, image.Length % IsoImage.SectorSize);
        Assert.Equal((25 + 3 + 1) * IsoImage.SectorSize, image.Length);
        Assert.Equal(big, image.AsSpan(25 * IsoImage.SectorSize, big.Length).ToArray());
        Assert.Equal((byte)'x', image[28 * IsoImage.SectorSize]);
        Assert.Equal("CD001", Encoding.ASCII.GetString(image, 16 * IsoImage.SectorSize + 1, 5));
        Assert.Equal(255, image[18 * IsoImage.SectorSize]);
    }

    [Fact]
    public void both_descriptors_have_l_and_m_path_tables_naming_their_own_root_and_both_say_cidata()
    {
        var image = documents.ToIso();

        foreach (var (sector, root, joliet) in new[] { (16, 23, false), (17, 24, true) })
        {
            var d = image.AsSpan(sector * IsoImage.SectorSize, IsoImage.SectorSize);
            Assert.Equal(joliet ? 2 : 1, d[0]);
            var label = joliet ? Encoding.BigEndianUnicode.GetString(d.Slice(40, 32)) : Encoding.ASCII.GetString(d.Slice(40, 32));
            Assert.Equal("cidata", label.TrimEnd(' '));
            Assert.Equal(joliet ? "%/E" : "\0\0\0", Encoding.ASCII.GetString(d.Slice(88, 3)));
            Assert.Equal(image.Length / IsoImage.SectorSize, BinaryPrimitives.ReadInt32LittleEndian(d[80..]));
            Assert.Equal(image.Length / IsoImage.SectorSize, BinaryPrimitives.ReadInt32BigEndian(d[84..]));
            Assert.Equal(10, BinaryPrimitives.ReadInt32LittleEndian(d[132..]));
            var l = image.AsSpan(BinaryPrimitives.ReadInt32LittleEndian(d[140..]) * IsoImage.SectorSize, 10);
            var m = image.AsSpan(BinaryPrimitives.ReadInt32BigEndian(d[148..]) * IsoImage.SectorSize, 10);
            Assert.Equal((1, root, 1), (l[0], BinaryPrimitives.ReadInt32LittleEndian(l[2..]), BinaryPrimitives.ReadInt16LittleEndian(l[6..])));
            Assert.Equal((1, root, 1), (m[0], BinaryPrimitives.ReadInt32BigEndian(m[2..]), BinaryPrimitives.ReadInt16BigEndian(m[6..])));
            Assert.Equal(root, BinaryPrimitives.ReadInt32LittleEndian(d[(156 + 2)..]));
        }
    }

    [Fact]
    public void names_that_would_share_a_level_one_name_are_refused()
    {
        Assert.Throws<ArgumentException>(() => IsoImage.Build("cidata", [new IsoFile("user-data", []), new IsoFile("user_data", [])], DateTimeOffset.UnixEpoch));
        Assert.Throws<ArgumentException>(() => IsoImage.Build("cidata", [new IsoFile("a/b", [])], DateTimeOffset.UnixEpoch));
    }

    private string Write(byte[] image)
    {
        var path = Path.Combine(dir, "seed.iso");
        File.WriteAllBytes(path, image);
        return path;
    }

    private static async Task<string> Extract(string iso, string path) =>
        (await Cli.RunAsync("isoinfo", ["-J", "-x", path, "-i", iso])).EnsureSuccess("isoinfo -x " + path).Stdout;

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
