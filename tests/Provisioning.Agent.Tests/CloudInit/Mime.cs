namespace Provisioning.Agent.Tests.CloudInit;

/// <summary>
/// Splits a <c>multipart/mixed</c> document the way Python's email parser (cloud-init's) does: the line break before
/// a boundary belongs to the boundary, so a part's body is exactly what was put in.
/// </summary>
public static class Mime
{
    public sealed record Part(IReadOnlyDictionary<string, string> Headers, string Body);

    public static IReadOnlyList<Part> Parts(string message)
    {
        var (headers, body) = Split(message);
        Assert.Equal("1.0", headers["MIME-Version"]);
        var type = headers["Content-Type"];
        Assert.StartsWith("multipart/mixed; boundary=\"", type, StringComparison.Ordinal);
        var boundary = "--" + type.Split('"')[1];

        var sections = ("\n" + body).Split("\n" + boundary);
        Assert.Equal("--\n", sections[^1]);
        return sections[1..^1].Select(s =>
        {
            Assert.StartsWith("\n", s, StringComparison.Ordinal);
            var (partHeaders, partBody) = Split(s[1..]);
            return new Part(partHeaders, partBody);
        }).ToList();
    }

    private static (Dictionary<string, string> Headers, string Body) Split(string text)
    {
        var end = text.IndexOf("\n\n", StringComparison.Ordinal);
        var headers = text[..end].Split('\n').Select(l => l.Split(": ", 2)).ToDictionary(h => h[0], h => h[1], StringComparer.Ordinal);
        return (headers, text[(end + 2)..]);
    }
}
