using System.Net;
using System.Net.Sockets;

namespace Provisioning.Agent.Tests.Steps.Images;

/// <summary>A tiny HTTP server on 127.0.0.1 serving one directory's files, for imports from a URL.</summary>
public sealed class FileServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly string directory;
    private readonly Task serving;

    public FileServer(string directory)
    {
        this.directory = directory;
        Port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url(string file) => $"http://127.0.0.1:{Port}/{file}";

    public void Dispose()
    {
        listener.Close();
        try
        {
            serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the listener's close ends the loop with an exception
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            var path = Path.Combine(directory, Path.GetFileName(context.Request.Url!.AbsolutePath));
            if (File.Exists(path))
            {
                await using var file = File.OpenRead(path);
                context.Response.ContentLength64 = file.Length;
                await file.CopyToAsync(context.Response.OutputStream);
            }
            else
            {
                context.Response.StatusCode = 404;
            }
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
