using System.Text.Json;
using Provisioning.Contracts;
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

    /// <summary>Asserts two step payloads say the same (JSON elements compare by content here, not by reference).</summary>
    public static void SameJson(JsonElement? expected, JsonElement? actual) =>
        Assert.True(expected is null ? actual is null : actual is { } a && JsonElement.DeepEquals(expected.Value, a),
            $"expected {expected?.GetRawText() ?? "null"}, got {actual?.GetRawText() ?? "null"}");
}
