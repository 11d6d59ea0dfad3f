using System.Net.Http.Headers;

namespace Provisioning.Testing;

/// <summary>
/// Sends each request with an operator token of the subject it acts as (the client's default, or the one set
/// with <see cref="As"/>), minting each subject's token through the admin API the first time it is needed.
/// A failed mint (the control plane restarting) is not remembered, so the next call tries again.
/// </summary>
public sealed class ActingHandler(Uri baseAddress, string defaultSubject) : DelegatingHandler(new HttpClientHandler())
{
    /// <summary>Request option: the subject one request acts as.</summary>
    public static readonly HttpRequestOptionsKey<string> As = new("provisioning-as");

    private readonly Dictionary<string, string> tokens = [];
    private readonly SemaphoreSlim minting = new(1, 1);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var subject = request.Options.TryGetValue(As, out var s) ? s : defaultSubject;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenOfAsync(subject, cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<string> TokenOfAsync(string subject, CancellationToken ct)
    {
        await minting.WaitAsync(ct);
        try
        {
            if (!tokens.TryGetValue(subject, out var token))
            {
                tokens[subject] = token = await Tokens.MintAsync(baseAddress, subject, "operator");
            }
            return token;
        }
        finally
        {
            minting.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) minting.Dispose();
        base.Dispose(disposing);
    }
}
