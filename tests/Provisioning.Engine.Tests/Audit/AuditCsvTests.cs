using System.Text;
using Provisioning.Engine.Audit;

namespace Provisioning.Engine.Tests.Audit;

/// <summary>CSV cells per RFC 4180, guarded against spreadsheet formula injection.</summary>
public class AuditCsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    public void cells_with_separators_quotes_or_line_breaks_are_quoted_and_quotes_doubled(string? value, string expected) =>
        Assert.Equal(expected, AuditCsv.Field(value));

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("+1+2", "'+1+2")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    public void cells_a_spreadsheet_would_run_as_a_formula_start_with_an_apostrophe(string value, string expected) =>
        Assert.Equal(expected, AuditCsv.Field(value));

    [Fact]
    public void a_row_has_a_cell_per_header_column_and_ends_with_crlf()
    {
        var row = new AuditRow(42, Guid.Parse("11111111-1111-1111-1111-111111111111"), Guid.Parse("22222222-2222-2222-2222-222222222222"), 3,
            new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1234560), "step_failed", "alice", "OPS-1", "kvm-01", "provision-vm",
            null, "define-domain", "define-domain failed on kvm-01 (attempt 1): bad, \"very\" bad");
        var text = new StringBuilder();
        AuditCsv.AppendHeader(text);
        AuditCsv.AppendRow(text, row);

        var lines = text.ToString().Split("\r\n");

        Assert.Equal(3, lines.Length);
        Assert.Equal("", lines[2]);
        Assert.Equal(string.Join(',', AuditCsv.Header), lines[0]);
        Assert.Equal("42,2025-06-01T12:00:00.123456Z,step_failed,22222222-2222-2222-2222-222222222222,3,alice,OPS-1,kvm-01,provision-vm,,define-domain,"
            + "\"define-domain failed on kvm-01 (attempt 1): bad, \"\"very\"\" bad\",11111111-1111-1111-1111-111111111111", lines[1]);
    }
}
