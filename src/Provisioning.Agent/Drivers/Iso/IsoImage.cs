using System.Text;

namespace Provisioning.Agent.Drivers.Iso;

/// <summary>
/// A small ISO 9660 image with a Joliet supplementary volume descriptor, built in memory: a flat root directory of a
/// few files, as a cloud-init NoCloud seed needs (no tool, no process, no temporary file). Layout, in 2048-byte
/// sectors: 0-15 system area; 16 primary descriptor; 17 Joliet descriptor; 18 set terminator; 19-22 the L and M path
/// tables of each; 23 and 24 the root directory of each tree; then the files' data, which both trees share.
/// </summary>
/// <remarks>
/// The primary tree's names are ISO level 1 (<c>META_DAT.;1</c>); Linux (and blkid, and cloud-init's look-up by label)
/// reads the Joliet tree, whose names are UCS-2 and keep <c>meta-data</c> as it is. Both descriptors carry the same
/// volume id, because blkid reports the Joliet one when there is one and other readers the primary one.
/// </remarks>
public static class IsoImage
{
    public const int SectorSize = 2048;

    private const int PrimarySector = 16;
    private const int PathTablesSector = 19; // primary L, primary M, Joliet L, Joliet M
    private const int PrimaryRootSector = 23;
    private const int JolietRootSector = 24;
    private const int FirstDataSector = 25;

    /// <summary>The image's bytes. <paramref name="recorded"/> is every timestamp in it: the same inputs make the same bytes.</summary>
    public static byte[] Build(string volumeId, IReadOnlyList<IsoFile> files, DateTimeOffset recorded)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(volumeId);
        if (volumeId.Length > 16) throw new ArgumentException("A volume id of at most 16 characters (the Joliet field holds 16).", nameof(volumeId));
        var primaryNames = IsoNames.Primary(files.Select(f => f.Name).ToList());

        var placed = new List<PlacedFile>();
        var next = FirstDataSector;
        foreach (var (file, index) in files.Select((f, i) => (f, i)))
        {
            placed.Add(new PlacedFile(file, primaryNames[index], next));
            next += Sectors(file.Content.Length);
        }
        var image = new byte[(long)next * SectorSize];

        var primaryRoot = IsoRecords.Directory(PrimaryRootSector, recorded,
            placed.OrderBy(p => p.PrimaryName, StringComparer.Ordinal).Select(p => (Encoding.ASCII.GetBytes(p.PrimaryName), p)));
        var jolietRoot = IsoRecords.Directory(JolietRootSector, recorded,
            placed.OrderBy(p => p.File.Name, StringComparer.Ordinal).Select(p => (Encoding.BigEndianUnicode.GetBytes(p.File.Name), p)));
        primaryRoot.CopyTo(image, PrimaryRootSector * SectorSize);
        jolietRoot.CopyTo(image, JolietRootSector * SectorSize);

        var pathTableSize = IsoRecords.RootPathTable(PrimaryRootSector, bigEndian: false).Length;
        WriteSector(image, PathTablesSector, IsoRecords.RootPathTable(PrimaryRootSector, bigEndian: false));
        WriteSector(image, PathTablesSector + 1, IsoRecords.RootPathTable(PrimaryRootSector, bigEndian: true));
        WriteSector(image, PathTablesSector + 2, IsoRecords.RootPathTable(JolietRootSector, bigEndian: false));
        WriteSector(image, PathTablesSector + 3, IsoRecords.RootPathTable(JolietRootSector, bigEndian: true));

        WriteSector(image, PrimarySector, IsoDescriptors.Volume(joliet: false, volumeId, next, pathTableSize,
            PathTablesSector, PathTablesSector + 1, PrimaryRootSector, recorded));
        WriteSector(image, PrimarySector + 1, IsoDescriptors.Volume(joliet: true, volumeId, next, pathTableSize,
            PathTablesSector + 2, PathTablesSector + 3, JolietRootSector, recorded));
        WriteSector(image, PrimarySector + 2, IsoDescriptors.Terminator());

        foreach (var p in placed) p.File.Content.CopyTo(image, (long)p.Sector * SectorSize);
        return image;
    }

    internal static int Sectors(long bytes) => (int)((bytes + SectorSize - 1) / SectorSize);

    private static void WriteSector(byte[] image, int sector, byte[] content)
    {
        if (content.Length > SectorSize) throw new InvalidOperationException($"sector {sector} overflows: {content.Length} bytes");
        content.CopyTo(image, sector * SectorSize);
    }
}
