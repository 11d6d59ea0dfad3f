using Provisioning.Domain.Requests;
using Provisioning.Engine.Images;

namespace Provisioning.Engine.Tests.Images;

/// <summary>The image list's fold: an image stays while a request that imported it holds it.</summary>
public class ImageRecordProjectionTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid First = Guid.Parse("0198c0de-0000-7000-8000-000000000001");
    private static readonly Guid Second = Guid.Parse("0198c0de-0000-7000-8000-000000000002");

    private static ImageImported Imported(bool created) => new("KVM-01", "debian-12", "provisioning-images", "debian-12.qcow2",
        "/var/lib/provisioning/base-images/debian-12.qcow2", "qcow2", 2L << 30, new string('a', 64), "debian", created, "alice", At);

    [Fact]
    public void a_second_import_joins_the_first_and_the_record_goes_with_the_last_release()
    {
        var id = ImageRecord.KeyOf("KVM-01", "debian-12");

        var first = ImageRecordProjection.Next(null, id, Imported(true), First);
        var both = ImageRecordProjection.Next(first, id, Imported(false), Second);
        var one = ImageRecordProjection.Next(both, id, new ImageReleased("KVM-01", "debian-12", At), First);
        var none = ImageRecordProjection.Next(one, id, new ImageReleased("KVM-01", "debian-12", At), Second);

        Assert.Equal(("kvm-01/debian-12", "debian", First), (first!.Id, first.OsUser, first.RequestId));
        Assert.Equal([First, Second], both!.Holders);
        Assert.Equal([Second], one!.Holders);
        Assert.Null(none);
        Assert.Equal([First], first.Holders);
    }
}
