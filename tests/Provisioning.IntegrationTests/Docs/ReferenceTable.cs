using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Docs;

/// <summary>One row of the configuration reference.</summary>
/// <param name="Line">Its line in the file (1-based), for failure messages.</param>
public sealed record ReferenceRow(int Line, string Key, string Environment, string Type, string Default, string Meaning);

/// <summary>
/// The configuration reference: the Markdown table under <see cref="Heading"/> in docs/operations.md, columns
/// <see cref="Columns"/>. A cell wrapped in one pair of backticks is read without them.
/// </summary>
public static class ReferenceTable
{
    public const string Heading = "## Configuration reference";

    public static readonly IReadOnlyList<string> Columns = ["key", "environment variable", "type", "default", "meaning"];

    public static string FilePath { get; } = Path.Combine(TestSettings.RepositoryRoot, "docs", "operations.md");

    /// <summary>The rows, in file order; throws when the heading, the table or its header is not as expected.</summary>
    public static IReadOnlyList<ReferenceRow> Read()
    {
        var lines = File.ReadAllLines(FilePath);
        var heading = Array.IndexOf(lines, Heading);
        if (heading < 0) throw new InvalidDataException($"{FilePath} has no line '{Heading}'");
        var start = Array.FindIndex(lines, heading + 1, l => l.StartsWith('|'));
        if (start < 0) throw new InvalidDataException($"{FilePath} has no table under '{Heading}'");

        var header = Cells(lines[start]);
        if (!header.SequenceEqual(Columns)) throw new InvalidDataException($"{FilePath}:{start + 1}: the header must be | {string.Join(" | ", Columns)} |");
        var rows = new List<ReferenceRow>();
        // start + 1 is the |---| separator.
        for (var i = start + 2; i < lines.Length && lines[i].StartsWith('|'); i++)
        {
            var c = Cells(lines[i]);
            if (c.Count != Columns.Count) throw new InvalidDataException($"{FilePath}:{i + 1}: {c.Count} cells, expected {Columns.Count}");
            rows.Add(new ReferenceRow(i + 1, c[0], c[1], c[2], c[3], c[4]));
        }
        return rows;
    }

    /// <summary>The cells of a table line, split on unescaped pipes, trimmed and unwrapped from one pair of backticks.</summary>
    private static List<string> Cells(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        for (var i = 1; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] == '|')
            {
                cell.Append('|');
                i++;
            }
            else if (line[i] == '|')
            {
                cells.Add(Unwrap(cell.ToString().Trim()));
                cell.Clear();
            }
            else
            {
                cell.Append(line[i]);
            }
        }
        return cells;
    }

    private static string Unwrap(string cell) =>
        cell.Length >= 2 && cell[0] == '`' && cell[^1] == '`' && cell.Count(c => c == '`') == 2 ? cell[1..^1] : cell;
}
