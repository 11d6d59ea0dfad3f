using Provisioning.Engine.Audit;

namespace Provisioning.Engine.Tests.Audit;

/// <summary>Page tokens: opaque, URL-safe, exact, and anything else refused.</summary>
public class KeysetCursorTests
{
    [Fact]
    public void a_token_reads_back_as_the_same_position()
    {
        var cursor = new KeysetCursor(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1234560), Guid.NewGuid(), 17);

        var token = cursor.Encode();

        Assert.Matches("^[A-Za-z0-9_-]+$", token);
        Assert.True(KeysetCursor.TryDecode(token, out var back));
        Assert.Equal(cursor, back);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("AAAA")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("AgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // format version 2
    public void anything_but_a_token_is_refused(string token) => Assert.False(KeysetCursor.TryDecode(token, out _));

    [Theory]
    [InlineData(1)]
    [InlineData(25)]
    public void a_token_with_an_impossible_time_or_version_is_refused(int tamperedByte)
    {
        var token = new KeysetCursor(DateTimeOffset.MaxValue, Guid.Empty, 1).Encode();
        var base64 = token.Replace('-', '+').Replace('_', '/');
        var bytes = Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
        bytes[tamperedByte] = 0xff;
        var tampered = Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.False(KeysetCursor.TryDecode(tampered, out _));
    }
}
