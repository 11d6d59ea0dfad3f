using Provisioning.Domain.Images;
using Provisioning.Domain.Placement;
using Provisioning.Domain.Tests.Placement;

namespace Provisioning.Domain.Tests.Images;

/// <summary>A VM built on an image goes only where the image is, with a disk at least as big as the image.</summary>
public class ImageCheckTests
{
    private static readonly ImageAvailability OnKvm01 = new("debian-12", [new ImageCopy("kvm-01", 2L << 30)]);

    [Fact]
    public void a_vm_on_a_host_that_holds_the_image_with_a_disk_big_enough_may_go()
    {
        Assert.Null(ImageCheck.Problem(OnKvm01, "KVM-01", 2));
        Assert.Null(ImageCheck.Problem(OnKvm01, "", 20));
    }

    [Fact]
    public void a_host_without_the_image_is_refused_naming_the_image_and_where_it_is()
    {
        var problem = ImageCheck.Problem(OnKvm01, "kvm-02", 20);

        Assert.Equal(("image", "image debian-12 is not imported on host kvm-02; hosts that hold it: kvm-01"), problem);
    }

    [Fact]
    public void an_image_no_host_holds_is_refused_for_a_vm_to_be_placed()
    {
        var problem = ImageCheck.Problem(new ImageAvailability("debian-12", []), "", 20);

        Assert.Equal("image", problem!.Value.Field);
        Assert.Contains("not imported on any host", problem.Value.Reason);
    }

    [Fact]
    public void a_disk_smaller_than_the_image_is_refused_naming_diskGiB()
    {
        Assert.Equal(("diskGiB", "the image debian-12 is 2 GiB; diskGiB must be at least 2"), ImageCheck.Problem(OnKvm01, "kvm-01", 1));
        Assert.Equal(2, new ImageCopy("kvm-01", (1L << 30) + 1).MinDiskGiB);
    }

    [Fact]
    public void placement_takes_only_hosts_that_hold_the_image()
    {
        var empty = Fleet.Host("kvm-02", memoryMiB: 64 * 1024);
        var holder = Fleet.Host("kvm-01");

        var decision = Fleet.Place([empty, holder], new PlacementRequest(1024, 1, "localbr", OnKvm01, 20));

        Assert.Equal("kvm-01", decision.Host);
        Assert.Contains("does not hold image debian-12", decision.Candidates.Single(c => c.Host == "kvm-02").Verdict);
    }
}
