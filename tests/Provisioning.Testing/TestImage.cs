namespace Provisioning.Testing;

/// <summary>
/// The Debian 12 cloud image that OS-level tests and the benchmark boot, made by <c>scripts/build-image.sh</c>:
/// <see cref="Variable"/> when set (CI's <c>image</c> phase sets it), else whatever the script prints last, run once per
/// process (it returns at once when its cache holds the image, and builds it in one to four minutes otherwise).
/// </summary>
/// <param name="Path">The qcow2 file (read-only: boot overlays on it, never the file itself).</param>
/// <param name="Sha256">Its sha256 in lower-case hex, from the <c>.sha256</c> file beside it (import-image requires one).</param>
public sealed record TestImage(string Path, string Sha256)
{
    /// <summary>The environment variable naming a prebuilt image (its <c>.sha256</c> file must lie beside it).</summary>
    public const string Variable = "PROVISIONING_TEST_IMAGE";

    /// <summary>How long a cold build may take on a loaded 2-core machine.</summary>
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);

    private static readonly SemaphoreSlim Locating = new(1, 1);
    private static TestImage? located;

    /// <summary>The image; built on first use when <see cref="Variable"/> is unset. A failed attempt is not cached.</summary>
    public static async Task<TestImage> GetAsync(CancellationToken ct = default)
    {
        if (located is { } image) return image;
        await Locating.WaitAsync(ct);
        try
        {
            return located ??= FromFile(Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given ? given : await BuildAsync(ct));
        }
        finally
        {
            Locating.Release();
        }
    }

    /// <summary>The image at <paramref name="path"/> with the checksum its <c>.sha256</c> file records.</summary>
    public static TestImage FromFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no test image at {path} (unset {Variable} or run scripts/build-image.sh)", path);
        var checksumFile = path + ".sha256";
        if (!File.Exists(checksumFile)) throw new FileNotFoundException($"the test image {path} has no {checksumFile} (scripts/build-image.sh writes one)", checksumFile);
        var sha256 = File.ReadAllText(checksumFile).Split((char[])[' ', '\t', '\n'], 2)[0].ToLowerInvariant();
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit)) throw new InvalidDataException($"{checksumFile} does not start with a sha256: '{sha256}'");
        return new TestImage(path, sha256);
    }

    private static async Task<string> BuildAsync(CancellationToken ct)
    {
        var script = System.IO.Path.Combine(RepoPaths.Root, "scripts", "build-image.sh");
        var result = (await Cli.RunAsync(script, [], BuildTimeout, ct: ct)).EnsureSuccess("building the test image");
        var last = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return last ?? throw new InvalidOperationException($"{script} printed no image path; its log:\n{result.Stderr}");
    }
}
