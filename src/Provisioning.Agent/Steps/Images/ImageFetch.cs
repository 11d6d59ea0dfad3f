using System.Net;
using System.Security.Cryptography;
using Provisioning.Domain.Images;

namespace Provisioning.Agent.Steps.Images;

/// <summary>
/// Brings an image's bytes into a staging file while hashing them (SHA-256), from a file on the host or an http(s) URL,
/// streaming, never more than <c>Agent:ImageMaxBytes</c>. A failure leaves no staging file behind.
/// </summary>
public sealed class ImageFetch : IDisposable
{
    private const int BufferSize = 1 << 20;

    // One client for the agent's life: connections are pooled, and a step's own timeout bounds each download.
    private readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The staged file, its SHA-256 (lower-case hex) and its length.</summary>
    public sealed record Staged(string Path, string Sha256, long Length);

    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/>; throws <see cref="StepFailedException"/> saying why it cannot.</summary>
    public async Task<Staged> FetchAsync(string source, string target, long maxBytes, CancellationToken ct)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        try
        {
            await using var input = ImageRules.IsFile(source) ? OpenFile(source, maxBytes) : await OpenUrlAsync(source, maxBytes, ct);
            await using var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[BufferSize];
            long total = 0;
            int read;
            while ((read = await input.ReadAsync(buffer, ct)) > 0)
            {
                total += read;
                if (total > maxBytes) throw StepFailedException.Permanent($"{source} is larger than the {maxBytes} bytes an image may have (Agent:ImageMaxBytes)");
                hash.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), ct);
            }
            return new Staged(target, Convert.ToHexStringLower(hash.GetHashAndReset()), total);
        }
        catch
        {
            File.Delete(target);
            throw;
        }
    }

    public void Dispose() => http.Dispose();

    private static FileStream OpenFile(string path, long maxBytes)
    {
        if (!File.Exists(path)) throw StepFailedException.Permanent($"source {path} is not a file on this host");
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
        if (file.Length > maxBytes)
        {
            file.Dispose();
            throw StepFailedException.Permanent($"{path} is {file.Length} bytes, more than the {maxBytes} an image may have (Agent:ImageMaxBytes)");
        }
        return file;
    }

    private async Task<Stream> OpenUrlAsync(string url, long maxBytes, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            throw StepFailedException.Transient($"cannot fetch {url}: {e.Message}");
        }
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            // A server's trouble may pass; a missing or forbidden file will not.
            var message = $"fetching {url} answered {status} {response.ReasonPhrase}";
            throw status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests ? StepFailedException.Transient(message) : StepFailedException.Permanent(message);
        }
        if (response.Content.Headers.ContentLength is { } length && length > maxBytes)
        {
            response.Dispose();
            throw StepFailedException.Permanent($"{url} is {length} bytes, more than the {maxBytes} an image may have (Agent:ImageMaxBytes)");
        }
        return await response.Content.ReadAsStreamAsync(ct);
    }
}
