using System.Buffers.Binary;
using System.Text;

namespace Provisioning.Agent.Drivers.Iso;

/// <summary>The volume descriptors (ECMA-119 8.4, 8.5, 8.3) and Joliet's escape sequence.</summary>
internal static class IsoDescriptors
{
    private static readonly byte[] StandardId = Encoding.ASCII.GetBytes("CD001");

    /// <summary>UCS-2 level 3: what makes a supplementary descriptor Joliet's.</summary>
    private static readonly byte[] JolietEscape = "%/E"u8.ToArray();

    /// <summary>The primary descriptor (type 1), or Joliet's supplementary one (type 2) with its texts in UCS-2.</summary>
    public static byte[] Volume(bool joliet, string volumeId, int totalSectors, int pathTableSize, int lPathTable, int mPathTable,
        int rootSector, DateTimeOffset recorded)
    {
        var d = new byte[IsoImage.SectorSize];
        var s = d.AsSpan();
        d[0] = joliet ? (byte)2 : (byte)1;
        StandardId.CopyTo(s[1..]);
        d[6] = 1; // descriptor version
        IsoFields.Text(s.Slice(8, 32), "LINUX", joliet);          // system identifier
        IsoFields.Text(s.Slice(40, 32), volumeId, joliet);         // volume identifier: what blkid calls the label
        IsoFields.Both32(s[80..], totalSectors);
        if (joliet) JolietEscape.CopyTo(s[88..]);
        IsoFields.Both16(s[120..], 1);                             // volume set size
        IsoFields.Both16(s[124..], 1);                             // volume sequence number
        IsoFields.Both16(s[128..], IsoImage.SectorSize);           // logical block size
        IsoFields.Both32(s[132..], pathTableSize);
        BinaryPrimitives.WriteInt32LittleEndian(s[140..], lPathTable); // type L path table (the optional one at 144 unused)
        BinaryPrimitives.WriteInt32BigEndian(s[148..], mPathTable);    // type M path table
        IsoRecords.RootRecord(rootSector, recorded).CopyTo(s[156..]);
        foreach (var (offset, length) in new[] { (190, 128), (318, 128), (446, 128), (574, 128), (702, 37), (739, 37), (776, 37) })
        {
            IsoFields.Text(s.Slice(offset, length), "", joliet);  // volume set, publisher, preparer, application, three file ids
        }
        IsoFields.Text(s.Slice(574, 128), "PROVISIONING", joliet);
        IsoFields.LongDate(s[813..], recorded);                    // created
        IsoFields.LongDate(s[830..], recorded);                    // modified
        IsoFields.LongDate(s[847..], null);                        // expires: never
        IsoFields.LongDate(s[864..], null);                        // effective: at once
        d[881] = 1;                                                // file structure version
        return d;
    }

    /// <summary>The volume descriptor set terminator (type 255).</summary>
    public static byte[] Terminator()
    {
        var d = new byte[IsoImage.SectorSize];
        d[0] = 255;
        StandardId.CopyTo(d.AsSpan(1));
        d[6] = 1;
        return d;
    }
}
