namespace Provisioning.Engine.Images;

/// <summary>
/// One base image on one host, as the import-image requests that put it there (or found it there) reported it: keyed by
/// host and name (<see cref="KeyOf"/>), gone once no request holds it any more.
/// </summary>
public sealed class ImageRecord
{
    /// <summary><c>&lt;host id&gt;/&lt;name&gt;</c>.</summary>
    public string Id { get; set; } = "";

    public string Host { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>The agent's image pool that holds the volume.</summary>
    public string Pool { get; set; } = "";

    /// <summary>The volume's name in <see cref="Pool"/> (<c>debian-12.qcow2</c>).</summary>
    public string Volume { get; set; } = "";

    /// <summary>The volume's file on the host.</summary>
    public string Path { get; set; } = "";

    /// <summary>qcow2 or raw.</summary>
    public string Format { get; set; } = "";

    /// <summary>The disk size a guest sees; a VM's disk must be at least this big.</summary>
    public long VirtualSizeBytes { get; set; }

    public string Sha256 { get; set; } = "";

    /// <summary>The image's default login user.</summary>
    public string OsUser { get; set; } = "";

    /// <summary>The first request that recorded the image (the one that imported it, unless it was there already).</summary>
    public Guid RequestId { get; set; }

    /// <summary>Every request that imported it and was not undone: the image stays while one does.</summary>
    public List<Guid> Holders { get; set; } = [];

    public string Actor { get; set; } = "";

    public DateTimeOffset ImportedAt { get; set; }

    /// <summary>The key of the image <paramref name="name"/> on <paramref name="host"/>.</summary>
    public static string KeyOf(string host, string name) => $"{Fleet.HostRecord.IdOf(host)}/{name}";
}
