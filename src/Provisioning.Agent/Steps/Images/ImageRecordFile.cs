using System.Text.Json;

namespace Provisioning.Agent.Steps.Images;

/// <summary>
/// What the host records of one image beside its volume, in <c>Agent:ImageMetadataDirectory</c>: its SHA-256 (so a
/// second import can tell the same image from another), the request that put it there, and every request that imported
/// it, so an undo removes the image only when it is the last of them and the one that made it (ownership passes on
/// otherwise, as a shared bridge's does). Meaningful only while the volume exists: a record without one is stale.
/// </summary>
/// <param name="Owner">The request whose import put the file there; null for an image found there (never removed by an undo).</param>
public sealed record ImageRecordFile(string Sha256, string Format, Guid? Owner, IReadOnlyList<Guid> Holders, DateTimeOffset ImportedAt)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The record with <paramref name="request"/> among the holders.</summary>
    public ImageRecordFile Holding(Guid request) => Holders.Contains(request) ? this : this with { Holders = [.. Holders, request] };

    /// <summary>The record without <paramref name="request"/>; its ownership passes to the next holder.</summary>
    public ImageRecordFile Releasing(Guid request)
    {
        var rest = Holders.Where(h => h != request).ToList();
        return this with { Holders = rest, Owner = Owner == request ? rest.Cast<Guid?>().FirstOrDefault() : Owner };
    }

    /// <summary>The record of image <paramref name="name"/> in <paramref name="directory"/>, or null.</summary>
    public static ImageRecordFile? Read(string directory, string name)
    {
        var path = PathOf(directory, name);
        return File.Exists(path) ? JsonSerializer.Deserialize<ImageRecordFile>(File.ReadAllText(path), Json) : null;
    }

    /// <summary>Writes the record whole (a new file renamed over the old, so a crash leaves one or the other).</summary>
    public void Write(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        var path = PathOf(directory, name);
        var temp = path + ".new";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Forgets the record of image <paramref name="name"/>.</summary>
    public static void Delete(string directory, string name)
    {
        var path = PathOf(directory, name);
        if (File.Exists(path)) File.Delete(path);
    }

    private static string PathOf(string directory, string name) => Path.Combine(directory, name + ".json");
}
