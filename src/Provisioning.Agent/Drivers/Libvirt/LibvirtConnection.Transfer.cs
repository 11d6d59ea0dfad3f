using Provisioning.Agent.Drivers.Libvirt.Native;
using static Provisioning.Agent.Drivers.Libvirt.Native.LibvirtNative;

namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>
/// A volume's bytes written and read through libvirt (<c>virStorageVolUpload</c>/<c>Download</c> over a stream), so it
/// works for every pool type and remote connections alike, never by opening the volume's path ourselves.
/// </summary>
public sealed partial class LibvirtConnection
{
    /// <summary>Writes <paramref name="content"/> at the start of the volume; a missing volume fails with NoStorageVol.</summary>
    public unsafe void UploadVolume(string pool, string name, ReadOnlySpan<byte> content)
    {
        RequireName(name, nameof(name));
        using var p = OpenPool(pool);
        using var volume = Check(virStorageVolLookupByName(p, name), "virStorageVolLookupByName");
        using var stream = Check(virStreamNew(Handle, 0), "virStreamNew");
        Check(virStorageVolUpload(volume, stream, 0, (ulong)content.Length, 0), "virStorageVolUpload");
        try
        {
            fixed (byte* start = content)
            {
                for (var sent = 0; sent < content.Length;)
                {
                    var n = virStreamSend(stream, start + sent, (nuint)Math.Min(256 * 1024, content.Length - sent));
                    Check(n, "virStreamSend");
                    sent += n;
                }
            }
            Check(virStreamFinish(stream), "virStreamFinish");
        }
        catch (LibvirtException)
        {
            Abort(stream);
            throw;
        }
    }

    /// <summary>The first <paramref name="length"/> bytes of the volume (fewer when it is shorter).</summary>
    public unsafe byte[] DownloadVolume(string pool, string name, int length)
    {
        RequireName(name, nameof(name));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        using var p = OpenPool(pool);
        using var volume = Check(virStorageVolLookupByName(p, name), "virStorageVolLookupByName");
        using var stream = Check(virStreamNew(Handle, 0), "virStreamNew");
        Check(virStorageVolDownload(volume, stream, 0, (ulong)length, 0), "virStorageVolDownload");
        var content = new MemoryStream(length);
        var chunk = new byte[Math.Min(length, 256 * 1024)];
        try
        {
            fixed (byte* start = chunk)
            {
                // Read to the stream's end (libvirt sends at most what was asked), then finish it.
                for (var n = 1; n > 0;)
                {
                    n = virStreamRecv(stream, start, (nuint)chunk.Length);
                    Check(n, "virStreamRecv");
                    content.Write(chunk, 0, Math.Min(n, length - (int)content.Length));
                }
            }
            Check(virStreamFinish(stream), "virStreamFinish");
        }
        catch (LibvirtException)
        {
            Abort(stream);
            throw;
        }
        return content.ToArray();
    }

    private static void Abort(StreamHandle stream)
    {
        // Best effort on a stream that already failed: the first error is the one to report.
        if (virStreamAbort(stream) < 0) virResetLastError();
    }
}
