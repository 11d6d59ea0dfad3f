using Provisioning.Domain.Requests;
using Provisioning.Engine.Tickets;

namespace Provisioning.Engine.Tests.Tickets;

public class TicketCommentTests
{
    private static readonly Guid Id = Guid.Parse("0190a1b2-0000-7000-8000-000000000001");

    [Fact]
    public void a_vm_that_came_up_is_announced_with_its_address_and_user()
    {
        var ended = new RequestSucceeded(DateTimeOffset.UnixEpoch, null, new GuestUp("web01", ["10.100.0.10"], DateTimeOffset.UnixEpoch, "debian"));

        var (status, text) = TicketComment.For(Id, ended)!.Value;

        Assert.Equal("Succeeded", status);
        Assert.Equal($"Provisioning request `{Id}` **succeeded**: web01 is up at 10.100.0.10 (user debian).", text);
    }

    [Fact]
    public void a_success_without_a_guest_says_only_that()
    {
        Assert.Equal($"Provisioning request `{Id}` **succeeded**.", TicketComment.For(Id, new RequestSucceeded(DateTimeOffset.UnixEpoch))!.Value.Text);
    }
}
