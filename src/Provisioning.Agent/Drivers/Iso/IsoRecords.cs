using System.Buffers.Binary;

namespace Provisioning.Agent.Drivers.Iso;

/// <summary>Directory records and path tables (ECMA-119 9.1 and 9.4) for a tree that is a root directory only.</summary>
internal static class IsoRecords
{
    private const byte DirectoryFlag = 0x02;

    /// <summary>
    /// The root directory's sector: <c>.</c> and <c>..</c> (both the root itself), then one record per file in the
    /// order given (the caller sorts: readers may binary-search).
    /// </summary>
    public static byte[] Directory(int sector, DateTimeOffset recorded, IEnumerable<(byte[] Identifier, PlacedFile File)> entries)
    {
        var records = new List<byte[]>
        {
            Record([0x00], sector, IsoImage.SectorSize, DirectoryFlag, recorded),
            Record([0x01], sector, IsoImage.SectorSize, DirectoryFlag, recorded),
        };
        records.AddRange(entries.Select(e => Record(e.Identifier, e.File.Sector, e.File.File.Content.Length, 0, recorded)));
        var directory = new byte[IsoImage.SectorSize];
        var at = 0;
        foreach (var record in records)
        {
            // One sector holds the whole directory (a record never crosses a sector): a seed has three small files.
            if (at + record.Length > directory.Length) throw new InvalidOperationException("the root directory does not fit one sector");
            record.CopyTo(directory, at);
            at += record.Length;
        }
        return directory;
    }

    /// <summary>The root's record as the volume descriptor holds it (34 bytes).</summary>
    public static byte[] RootRecord(int sector, DateTimeOffset recorded) => Record([0x00], sector, IsoImage.SectorSize, DirectoryFlag, recorded);

    /// <summary>A path table of the root directory alone, in the L (little-endian) or M (big-endian) form (10 bytes).</summary>
    public static byte[] RootPathTable(int rootSector, bool bigEndian)
    {
        var table = new byte[10];
        table[0] = 1; // identifier length; [1]: no extended attributes
        if (bigEndian)
        {
            BinaryPrimitives.WriteInt32BigEndian(table.AsSpan(2), rootSector);
            BinaryPrimitives.WriteInt16BigEndian(table.AsSpan(6), 1);
        }
        else
        {
            BinaryPrimitives.WriteInt32LittleEndian(table.AsSpan(2), rootSector);
            BinaryPrimitives.WriteInt16LittleEndian(table.AsSpan(6), 1);
        }
        table[8] = 0x00; // the root's identifier; [9]: padding to an even length
        return table;
    }

    private static byte[] Record(byte[] identifier, int sector, int length, byte flags, DateTimeOffset recorded)
    {
        if (identifier.Length > 222) throw new ArgumentException("an identifier of at most 222 bytes", nameof(identifier));
        // 33 fixed bytes, the identifier, and a pad byte that keeps the record's length even.
        var size = 33 + identifier.Length + (identifier.Length % 2 == 0 ? 1 : 0);
        var record = new byte[size];
        record[0] = (byte)size;
        IsoFields.Both32(record.AsSpan(2), sector);
        IsoFields.Both32(record.AsSpan(10), length);
        IsoFields.ShortDate(record.AsSpan(18), recorded);
        record[25] = flags;
        IsoFields.Both16(record.AsSpan(28), 1); // volume sequence number
        record[32] = (byte)identifier.Length;
        identifier.CopyTo(record, 33);
        return record;
    }
}
