using System.Collections.Concurrent;

namespace Provisioning.Api.Requests;

/// <summary>
/// How many request streams each subject holds open on this replica, at most <see cref="MaxPerSubject"/>: a stream
/// polls the store twice a second for as long as it is open, so an unbounded number of them is a way to load the
/// database from one token.
/// </summary>
public sealed class StreamQuota
{
    /// <summary>Open streams per subject per replica: a few browser tabs, not a flood.</summary>
    public const int MaxPerSubject = 8;

    private readonly ConcurrentDictionary<string, int> open = new(StringComparer.Ordinal);

    /// <summary>Takes a place for <paramref name="subject"/>; null when it holds <see cref="MaxPerSubject"/> already. Dispose to give it back.</summary>
    public IDisposable? TryTake(string subject)
    {
        while (true)
        {
            var now = open.GetValueOrDefault(subject);
            if (now >= MaxPerSubject) return null;
            if (now == 0 ? open.TryAdd(subject, 1) : open.TryUpdate(subject, now + 1, now)) return new Place(this, subject);
        }
    }

    /// <summary>Streams <paramref name="subject"/> holds open now.</summary>
    public int OpenFor(string subject) => open.GetValueOrDefault(subject);

    private void Give(string subject)
    {
        while (true)
        {
            var now = open.GetValueOrDefault(subject);
            if (now <= 1 ? open.TryRemove(new KeyValuePair<string, int>(subject, now)) : open.TryUpdate(subject, now - 1, now)) return;
        }
    }

    private sealed class Place(StreamQuota quota, string subject) : IDisposable
    {
        private int given;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref given, 1) == 0) quota.Give(subject);
        }
    }
}
