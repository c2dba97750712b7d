using System.Globalization;
using Authz.Grains.Export;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Authz.Tests.Domain;

public sealed class AccessWorkbookTests
{
    private static readonly DateTimeOffset GeneratedAt = new(2025, 3, 14, 10, 30, 5, TimeSpan.FromHours(1));

    private static readonly string[] Header =
    [
        "User id", "E-mail", "Name", "Unit id", "Unit", "Role id", "Role", "Inherited",
        "Inherited from (unit id)", "Inherited from (unit name)", "Valid from", "Valid until",
    ];

    private static readonly AccessRow Direct = new(
        "u-ada", "ada@example.org", "Ada Lovelace", "unit-hq", "Headquarters", "editor", "Editor",
        false, null, null, null, null);

    private static readonly AccessRow InheritedRow = new(
        "u-bob", "bob@example.org", "Bob <&> \"Builder\" 'Jr'", "unit-sales", "Sales & Marketing", "viewer", "Viewer",
        true, "unit-hq", "Headquarters <main>", null, null);

    private static readonly AccessRow TimeBound = new(
        "u-cy", "cy@example.org", "Cy", "unit-ops", "Operations", "auditor", "Auditor",
        false, null, null,
        new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2025, 6, 30, 23, 59, 59, TimeSpan.FromHours(2)));

    [Fact, Trait("Rule", "ASG-6")]
    public void ASG6_Export_writes_header_and_one_row_per_access()
    {
        var workbook = Export("acme", "all", [Direct, InheritedRow, TimeBound]);

        var rows = workbook.Sheet(AccessWorkbook.AccessesSheet);
        Assert.Equal(4, rows.Count);
        Assert.Equal(Header, rows[0]);
        Assert.Equal(Header, AccessWorkbook.Headers);
        Assert.Equal(
            ["u-ada", "ada@example.org", "Ada Lovelace", "unit-hq", "Headquarters", "editor", "Editor", "no", "", "", "", ""],
            rows[1]);
        Assert.Equal(
            ["u-bob", "bob@example.org", "Bob <&> \"Builder\" 'Jr'", "unit-sales", "Sales & Marketing", "viewer", "Viewer",
                "yes", "unit-hq", "Headquarters <main>", "", ""],
            rows[2]);
        Assert.Equal(
            ["u-cy", "cy@example.org", "Cy", "unit-ops", "Operations", "auditor", "Auditor", "no", "", "",
                "2025-01-01T00:00:00Z", "2025-06-30T21:59:59Z"],
            rows[3]);
    }

    [Fact, Trait("Rule", "ASG-6")]
    public void ASG6_Export_has_bold_frozen_filtered_header()
    {
        using var stream = new MemoryStream();
        AccessWorkbook.Write(stream, "acme", "all", GeneratedAt, [Direct, InheritedRow]);
        stream.Position = 0;

        using var document = SpreadsheetDocument.Open(stream, false);
        var workbookPart = document.WorkbookPart!;
        var worksheet = SheetPart(workbookPart, AccessWorkbook.AccessesSheet).Worksheet;

        Assert.Equal("A1:L3", worksheet.GetFirstChild<AutoFilter>()!.Reference!.Value);
        var pane = worksheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal(1d, pane.VerticalSplit!.Value);

        var fonts = workbookPart.WorkbookStylesPart!.Stylesheet!.Fonts!.Elements<Font>().ToList();
        var formats = workbookPart.WorkbookStylesPart.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var headerCells = worksheet.Descendants<Row>().First().Elements<Cell>().ToList();
        Assert.Equal(12, headerCells.Count);
        Assert.All(headerCells, cell =>
            Assert.NotNull(fonts[(int)formats[(int)cell.StyleIndex!.Value].FontId!.Value].Bold));
    }

    [Fact, Trait("Rule", "ASG-6")]
    public void ASG6_About_sheet_describes_the_export()
    {
        var workbook = Export("acme", "user:u-bob", [InheritedRow]);

        Assert.Equal([AccessWorkbook.AccessesSheet, AccessWorkbook.AboutSheet], workbook.SheetNames);
        Assert.Equal(
            [
                ["Organization", "acme"],
                ["Scope", "user:u-bob"],
                ["Generated at (UTC)", "2025-03-14T09:30:05Z"],
                ["Rows", "1"],
            ],
            workbook.Sheet(AccessWorkbook.AboutSheet));
    }

    [Fact, Trait("Rule", "ASG-6")]
    public void ASG6_Empty_export_has_only_the_header()
    {
        var workbook = Export("acme", "selection", []);

        var rows = Assert.Single(workbook.Sheet(AccessWorkbook.AccessesSheet));
        Assert.Equal(Header, rows);
        Assert.Equal(["Rows", "0"], workbook.Sheet(AccessWorkbook.AboutSheet)[3]);
    }

    [Fact, Trait("Rule", "ASG-6")]
    public void ASG6_Twenty_thousand_rows_round_trip()
    {
        const int Count = 20_000;
        var written = 0;

        IEnumerable<AccessRow> Generate()
        {
            for (var i = 0; i < Count; i++)
            {
                written++;
                yield return new AccessRow(
                    $"u-{i}", $"user{i}@example.org", $"User {i}", $"unit-{i % 50}", $"Unit {i % 50}",
                    $"role-{i % 7}", $"Role {i % 7}", i % 3 == 0, i % 3 == 0 ? "unit-root" : null,
                    i % 3 == 0 ? "Root" : null,
                    i % 5 == 0 ? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i) : null,
                    null);
            }
        }

        var workbook = Export("acme", "all", Generate());

        Assert.Equal(Count, written);
        var rows = workbook.Sheet(AccessWorkbook.AccessesSheet);
        Assert.Equal(Count + 1, rows.Count);
        for (var i = 0; i < Count; i++)
        {
            var inherited = i % 3 == 0;
            Assert.Equal(
                [
                    $"u-{i}", $"user{i}@example.org", $"User {i}", $"unit-{i % 50}", $"Unit {i % 50}",
                    $"role-{i % 7}", $"Role {i % 7}", inherited ? "yes" : "no",
                    inherited ? "unit-root" : "", inherited ? "Root" : "",
                    i % 5 == 0 ? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i)
                        .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "",
                    "",
                ],
                rows[i + 1]);
        }
        Assert.Equal(["Rows", Count.ToString(CultureInfo.InvariantCulture)], workbook.Sheet(AccessWorkbook.AboutSheet)[3]);
    }

    [Fact, Trait("Rule", "ASG-6")]
    public void ASG6_Characters_xml_cannot_hold_are_dropped()
    {
        var workbook = Export("acme", "all", [Direct with { UserName = "Ada\u0001 \u0000Lovelace \U0001F600" }]);

        Assert.Equal("Ada Lovelace \U0001F600", workbook.Sheet(AccessWorkbook.AccessesSheet)[1][2]);
    }

    private static ReadBack Export(string organizationId, string scope, IEnumerable<AccessRow> rows)
    {
        using var stream = new MemoryStream();
        AccessWorkbook.Write(stream, organizationId, scope, GeneratedAt, rows);
        stream.Position = 0;
        return ReadBack.From(stream);
    }

    private static WorksheetPart SheetPart(WorkbookPart workbookPart, string name)
    {
        var sheet = workbookPart.Workbook!.Descendants<Sheet>().Single(s => s.Name == name);
        return (WorksheetPart)workbookPart.GetPartById(sheet.Id!.Value!);
    }

    private sealed record ReadBack(IReadOnlyDictionary<string, List<string[]>> Sheets)
    {
        public IReadOnlyList<string> SheetNames => [.. Sheets.Keys];

        public List<string[]> Sheet(string name) => Sheets[name];

        public static ReadBack From(Stream stream) => new(WorkbookReader.Read(stream));
    }
}
