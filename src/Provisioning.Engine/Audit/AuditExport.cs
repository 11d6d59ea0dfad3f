using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Provisioning.Engine.Audit;

/// <summary>
/// Writes audit rows to a stream as they are read, batch by batch: each batch is formatted, written and
/// flushed before the next is read, so memory holds one batch whatever the size of the result.
/// </summary>
public static class AuditExport
{
    /// <summary>Rows per batch: big enough for throughput, small enough to keep memory flat.</summary>
    public const int BatchSize = 1000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The content type of a format.</summary>
    public static string ContentType(AuditExportFormat format) =>
        format == AuditExportFormat.Csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";

    /// <summary>The file name extension of a format.</summary>
    public static string Extension(AuditExportFormat format) => format == AuditExportFormat.Csv ? "csv" : "ndjson";

    /// <summary>Writes every batch to <paramref name="output"/>; returns the rows and bytes written.</summary>
    public static async Task<(long Rows, long Bytes)> WriteAsync(
        IAsyncEnumerable<IReadOnlyList<AuditRow>> batches, AuditExportFormat format, Stream output, CancellationToken ct)
    {
        long rows = 0, bytes = 0;
        var buffer = new ArrayBufferWriter<byte>(256 * 1024);
        var text = new StringBuilder();
        using var json = new Utf8JsonWriter(buffer);
        if (format == AuditExportFormat.Csv)
        {
            AuditCsv.AppendHeader(text);
            bytes += await FlushTextAsync(text, buffer, output, ct);
        }
        await foreach (var batch in batches.WithCancellation(ct))
        {
            foreach (var row in batch)
            {
                if (format == AuditExportFormat.Csv)
                {
                    AuditCsv.AppendRow(text, row);
                }
                else
                {
                    json.Reset(buffer);
                    JsonSerializer.Serialize(json, row, Json);
                    json.Flush();
                    buffer.Write("\n"u8);
                }
            }
            rows += batch.Count;
            bytes += format == AuditExportFormat.Csv
                ? await FlushTextAsync(text, buffer, output, ct)
                : await FlushAsync(buffer, output, ct);
        }
        return (rows, bytes);
    }

    private static Task<long> FlushTextAsync(StringBuilder text, ArrayBufferWriter<byte> buffer, Stream output, CancellationToken ct)
    {
        foreach (var chunk in text.GetChunks()) Encoding.UTF8.GetBytes(chunk.Span, buffer);
        text.Clear();
        return FlushAsync(buffer, output, ct);
    }

    private static async Task<long> FlushAsync(ArrayBufferWriter<byte> buffer, Stream output, CancellationToken ct)
    {
        var written = buffer.WrittenCount;
        await output.WriteAsync(buffer.WrittenMemory, ct);
        await output.FlushAsync(ct);
        buffer.ResetWrittenCount();
        return written;
    }
}
