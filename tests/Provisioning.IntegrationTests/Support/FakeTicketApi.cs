using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// A local HTTP server in the test process standing in for GitHub's or Jira's REST API: it records every request
/// (method, path, headers, body) and answers comment posts as the real API does (201 with the comment:
/// GitHub's <c>html_url</c>, Jira's <c>self</c>), or with planned failures first.
/// </summary>
public sealed class FakeTicketApi : IDisposable
{
    /// <summary>One request as received, and the status it was answered with.</summary>
    public sealed record Received(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, int AnsweredWith);

    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<Received> received = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string? RetryAfter)>> planned = new();

    public Uri BaseAddress { get; }

    public FakeTicketApi()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(BaseAddress.ToString());
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    /// <summary>The next <paramref name="times"/> requests to <paramref name="path"/> are answered with <paramref name="status"/>.</summary>
    public void FailNext(string path, HttpStatusCode status, int times = 1, string? retryAfter = null)
    {
        var queue = planned.GetOrAdd(path, _ => new());
        for (var i = 0; i < times; i++) queue.Enqueue(((int)status, retryAfter));
    }

    /// <summary>Every request received for <paramref name="path"/>, in order.</summary>
    public IReadOnlyList<Received> To(string path) => received.Where(r => r.Path == path).ToList();

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            try
            {
                await AnswerAsync(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                // The client went away; its retry will come.
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var path = request.Url!.AbsolutePath;
        var headers = request.Headers.AllKeys.OfType<string>().ToDictionary(k => k, k => request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
        var response = context.Response;
        string answer;
        if (planned.TryGetValue(path, out var queue) && queue.TryDequeue(out var failure))
        {
            response.StatusCode = failure.Status;
            if (failure.RetryAfter is not null) response.Headers["Retry-After"] = failure.RetryAfter;
            answer = """{"message":"Service Unavailable"}""";
        }
        else
        {
            response.StatusCode = 201;
            var url = new Uri(BaseAddress, path.TrimStart('/') + "/1").ToString();
            answer = path.StartsWith("/rest/", StringComparison.Ordinal)
                ? $$"""{"id":"10000","self":"{{url}}"}"""
                : $$"""{"id":1,"html_url":"{{url}}"}""";
        }
        received.Enqueue(new Received(request.HttpMethod, path, headers, body, response.StatusCode));
        var bytes = Encoding.UTF8.GetBytes(answer);
        response.ContentType = "application/json";
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    public void Dispose() => listener.Close();
}
