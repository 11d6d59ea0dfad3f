using System.Text;
using System.Text.Json;
using Provisioning.Contracts;

namespace Provisioning.Agent.Messaging.Ledger;

/// <summary>
/// The <see cref="CommandLedger"/> on disk: one JSON line per answered command and per superseded execution, appended
/// and flushed to the disk before the answer leaves the agent, so a restarted agent (or a whole all-in-one host after a
/// crash) answers a redelivered or replayed command from here instead of running it again. Entries carry the time they
/// may be forgotten; the file is rewritten with only the live ones when it has grown past twice their number. A torn
/// last line (a crash mid-write) is skipped on reading. The file is held exclusively: two agents of one host on one
/// machine would each miss the other's answers, so the second fails at start.
/// </summary>
public sealed class LedgerJournal : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly Lock sync = new();
    private readonly string path;
    private readonly FileStream holder;
    private FileStream file;
    private int lines;

    private LedgerJournal(string path, FileStream holder, FileStream file, int lines)
    {
        this.path = path;
        this.holder = holder;
        this.file = file;
        this.lines = lines;
    }

    /// <summary>The journal's file.</summary>
    public string Path => path;

    /// <summary>
    /// Opens (or creates) <c>&lt;directory&gt;/&lt;host&gt;.ledger.jsonl</c> and returns it with the entries still live at
    /// <paramref name="now"/>, oldest first, the file rewritten to hold just those.
    /// </summary>
    public static (LedgerJournal Journal, IReadOnlyList<LedgerEntry> Live) Open(string directory, string host, DateTimeOffset now)
    {
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, $"{host.ToLowerInvariant()}.ledger.jsonl");
        FileStream holder;
        try
        {
            // An exclusive lock (flock) for as long as the agent runs.
            holder = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"the command ledger {path} is in use by another agent of host {host}: {e.Message}", e);
        }
        var live = File.Exists(path) ? Read(path).Where(e => e.KeepUntil > now).ToList() : [];
        var file = Rewrite(path, live, null);
        return (new LedgerJournal(path, holder, file, live.Count), live);
    }

    /// <summary>Appends one entry and flushes it to the disk.</summary>
    public void Append(LedgerEntry entry)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(entry, Json);
        lock (sync)
        {
            file.Write(bytes);
            file.Write(NewLine);
            file.Flush(flushToDisk: true);
            lines++;
        }
    }

    /// <summary>Lines written since the last rewrite (and the live ones it kept).</summary>
    public int Lines
    {
        get
        {
            lock (sync) return lines;
        }
    }

    /// <summary>Rewrites the file with <paramref name="live"/> only (atomically: a new file renamed over the old).</summary>
    public void Compact(IReadOnlyList<LedgerEntry> live)
    {
        lock (sync)
        {
            file = Rewrite(path, live, file);
            lines = live.Count;
        }
    }

    public void Dispose()
    {
        lock (sync)
        {
            file.Dispose();
            holder.Dispose();
        }
    }

    /// <summary>
    /// Writes <paramref name="live"/> to a new file, renames it over the journal and only then lets go of
    /// <paramref name="current"/> (renaming over an open file is fine on Linux): should any of it fail, the journal goes
    /// on appending to the file it had.
    /// </summary>
    private static FileStream Rewrite(string path, IReadOnlyList<LedgerEntry> live, FileStream? current)
    {
        var next = path + ".next";
        using (var writer = new FileStream(next, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            foreach (var entry in live)
            {
                writer.Write(JsonSerializer.SerializeToUtf8Bytes(entry, Json));
                writer.Write(NewLine);
            }
            writer.Flush(flushToDisk: true);
        }
        File.Move(next, path, overwrite: true);
        var reopened = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        current?.Dispose();
        // The rename is durable only once the directory is: after a crash the name could point at the old file again, and
        // the answers appended to the new one would be gone. Best effort, after the swap: the journal must go on appending
        // to the file its name points at whatever the fsync says (the file system commits the rename soon anyway).
        Fsync.TryDirectory(System.IO.Path.GetDirectoryName(path)!);
        return reopened;
    }

    private static IEnumerable<LedgerEntry> Read(string path)
    {
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            if (line.Length == 0) continue;
            LedgerEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize<LedgerEntry>(line, Json);
            }
            catch (JsonException)
            {
                continue; // a line torn by a crash while it was written: its command was never answered
            }
            if (entry is not null) yield return entry;
        }
    }
}

/// <summary>
/// One line of the journal: an answered command (with its result), a superseded execution (with its undo), or a command
/// that began (<paramref name="Started"/>; answered later, or cut short by a crash).
/// </summary>
/// <param name="KeepUntil">When it may be forgotten: by then the command would be refused as expired anyway, and long past its engine's deadline.</param>
public sealed record LedgerEntry(Guid Id, DateTimeOffset KeepUntil, StepResult? Result = null, Guid? SupersededBy = null, bool Started = false);
