using System.Text;
using System.Text.RegularExpressions;

namespace Provisioning.Agent.Steps.Boot;

/// <summary>
/// The end of a guest's serial console log: what a person debugging a guest that never came up reads first, so a
/// failed boot carries it in its error.
/// </summary>
public static partial class SerialConsole
{
    /// <summary>Where QEMU logs a guest's serial console (define-domain puts it into the domain).</summary>
    public static string LogPath(AgentOptions options, string vmName) => Path.Combine(options.SerialLogDirectory, vmName + ".log");

    /// <summary>The last <paramref name="lines"/> non-empty lines, without terminal escapes; a note when there is no log.</summary>
    public static string Tail(string? logPath, int lines = 15)
    {
        if (logPath is null || !File.Exists(logPath)) return "(no serial log)";
        // QEMU keeps writing the file: open it shared, and read only its end.
        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        const int window = 16 * 1024;
        if (stream.Length > window) stream.Seek(-window, SeekOrigin.End);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = Escapes().Replace(reader.ReadToEnd(), "");
        var tail = text.Split('\n')
            .Select(l => new string(l.Where(c => !char.IsControl(c) || c == '\t').ToArray()).TrimEnd())
            .Where(l => l.Length > 0)
            .TakeLast(lines)
            .ToList();
        return tail.Count == 0 ? "(the serial log is empty)" : string.Join("\n", tail);
    }

    /// <summary>ANSI CSI/OSC sequences (colours, cursor moves) that systemd and SeaBIOS write.</summary>
    [GeneratedRegex(@"\x1B(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07|[@-Z\\-_])")]
    private static partial Regex Escapes();
}
