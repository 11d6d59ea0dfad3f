using Provisioning.Domain.Requests;

namespace Provisioning.Domain.Tests.Support;

/// <summary>Short assertions on decided events.</summary>
public static class Expect
{
    /// <summary>Asserts a command was dispatched for that step, in that mode, as that attempt.</summary>
    public static void Dispatch(object e, string step, StepMode mode, int attempt = 1)
    {
        var dispatched = Assert.IsType<StepDispatched>(e);
        Assert.Equal((step, mode, attempt), (dispatched.Step, dispatched.Mode, dispatched.Attempt));
    }
}
