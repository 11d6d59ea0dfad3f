using Provisioning.Agent.Drivers.Libvirt;

namespace Provisioning.Agent.Drivers;

/// <summary>
/// The agent's one libvirt connection: opened on first use (so the agent starts even while
/// libvirtd is still coming up) and reopened after it broke (libvirtd restarted).
/// </summary>
public sealed class LibvirtConnector : IDisposable
{
    private readonly Lock gate = new();
    private LibvirtConnection? connection;
    private bool disposed;

    private readonly int keepAliveSeconds;

    /// <param name="keepAliveSeconds">See <see cref="LibvirtConnection.Open"/>; 0: no keepalive.</param>
    public LibvirtConnector(string uri, int keepAliveSeconds = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uri);
        Uri = uri;
        this.keepAliveSeconds = keepAliveSeconds;
    }

    public string Uri { get; }

    /// <summary>The open connection, opening it when there is none.</summary>
    /// <exception cref="LibvirtException">libvirt cannot be reached.</exception>
    public LibvirtConnection Get()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return connection ??= LibvirtConnection.Open(Uri, keepAliveSeconds);
        }
    }

    /// <summary>Drops the current connection after a failure that showed it is dead; the next <see cref="Get"/> reopens.</summary>
    public void Reset()
    {
        LibvirtConnection? broken;
        lock (gate)
        {
            broken = connection;
            connection = null;
        }
        // Calls still in flight hold their own reference on the native handle (SafeHandle), so this is safe.
        broken?.Dispose();
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
        }
        Reset();
    }
}
