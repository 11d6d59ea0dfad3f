using Provisioning.Domain.Requests;
using Provisioning.Testing;

namespace Provisioning.Domain.Tests.Kit;

/// <summary>The test kit's terminal statuses are the domain's: read from <see cref="RequestStatus"/> by the state's own rule.</summary>
public sealed class RequestStatusesTests
{
    [Fact]
    public void the_terminal_statuses_are_those_the_request_state_calls_terminal()
    {
        foreach (var status in Enum.GetValues<RequestStatus>())
        {
            var state = RequestStatuses.IsTerminal(status);
            Assert.Equal(state, RequestStatuses.Terminal.Contains(status.ToString()));
            Assert.Equal(state, RequestStatuses.IsTerminal(status.ToString()));
        }
        Assert.Contains(nameof(RequestStatus.Succeeded), RequestStatuses.Terminal);
        Assert.DoesNotContain(nameof(RequestStatus.RollingBack), RequestStatuses.Terminal);
    }
}
