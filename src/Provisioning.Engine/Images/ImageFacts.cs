using Marten;
using Provisioning.Domain.Images;

namespace Provisioning.Engine.Images;

/// <summary>Which hosts hold an image, read from the image records for a VM's submission (inside its transaction).</summary>
public static class ImageFacts
{
    public static async Task<ImageAvailability> ReadAsync(IQuerySession session, string image, CancellationToken ct)
    {
        var records = await session.Query<ImageRecord>().Where(r => r.Name == image).ToListAsync(ct);
        return new ImageAvailability(image, records.Select(r => new ImageCopy(r.Host, r.VirtualSizeBytes, r.OsUser.Length > 0 ? r.OsUser : null)).ToList());
    }
}
