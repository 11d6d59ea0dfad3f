using JasperFx.Events;
using Marten.Events.Projections;
using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Images;

/// <summary>
/// Keeps each host's images inline with the events that import and release them, whichever request's stream they are
/// in: keyed by host and image name. A second request for an image already there joins its holders; the record goes when
/// the last holder's undo succeeded (the agent removes the image exactly then).
/// </summary>
public sealed partial class ImageRecordProjection : MultiStreamProjection<ImageRecord, string>
{
    public ImageRecordProjection()
    {
        Identity<ImageImported>(e => ImageRecord.KeyOf(e.Host, e.Name));
        Identity<ImageReleased>(e => ImageRecord.KeyOf(e.Host, e.Name));
    }

    public override ImageRecord? Evolve(ImageRecord? snapshot, string id, IEvent e) => Next(snapshot, id, e.Data, e.StreamId);

    /// <summary>The image's record after one event of request <paramref name="requestId"/> (pure).</summary>
    public static ImageRecord? Next(ImageRecord? image, string id, object data, Guid requestId) => data switch
    {
        ImageImported x when image is null => new ImageRecord
        {
            Id = id, Host = x.Host, Name = x.Name, Pool = x.Pool, Volume = x.Volume, Path = x.Path, Format = x.Format,
            VirtualSizeBytes = x.VirtualSizeBytes, Sha256 = x.Sha256, OsUser = x.OsUser, RequestId = requestId, Holders = [requestId],
            Actor = x.Actor, ImportedAt = x.At,
        },
        ImageImported when image!.Holders.Contains(requestId) => image,
        ImageImported => With(image!, [.. image!.Holders, requestId]),
        ImageReleased when image is null => null,
        ImageReleased => image.Holders.Where(h => h != requestId).ToList() is { Count: > 0 } rest ? With(image, rest) : null,
        _ => image,
    };

    // Marten may hand the same instance to the identity map: never edit a snapshot in place.
    private static ImageRecord With(ImageRecord r, List<Guid> holders) => new()
    {
        Id = r.Id, Host = r.Host, Name = r.Name, Pool = r.Pool, Volume = r.Volume, Path = r.Path, Format = r.Format,
        VirtualSizeBytes = r.VirtualSizeBytes, Sha256 = r.Sha256, OsUser = r.OsUser, RequestId = r.RequestId, Holders = holders,
        Actor = r.Actor, ImportedAt = r.ImportedAt,
    };
}
