using System.Text;

namespace Provisioning.IntegrationTests.Audit;

/// <summary>A strict RFC 4180 reader: CRLF between records, quoted fields with doubled quotes, nothing else.</summary>
public static class Rfc4180
{
    /// <summary>The records of <paramref name="text"/>; throws <see cref="FormatException"/> on anything malformed.</summary>
    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length) throw new FormatException("unterminated quoted field");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(text[i++]);
                }
                if (i < text.Length && text[i] != ',' && text[i] != '\r') throw new FormatException($"text after a closing quote at {i}");
            }
            else
            {
                while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    if (text[i] == '"') throw new FormatException($"quote inside an unquoted field at {i}");
                    field.Append(text[i++]);
                }
                if (i < text.Length && text[i] == '\n') throw new FormatException($"bare LF at {i}");
            }
            record.Add(field.ToString());
            field.Clear();
            if (i >= text.Length) throw new FormatException("the last record does not end with CRLF");
            if (text[i] == ',')
            {
                i++;
                continue;
            }
            if (i + 1 >= text.Length || text[i + 1] != '\n') throw new FormatException($"CR without LF at {i}");
            i += 2;
            records.Add(record);
            record = [];
        }
        return records;
    }
}
