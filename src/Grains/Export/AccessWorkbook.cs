using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Authz.Grains.Export;

/// <summary>
/// The access export (ASG-6) as an .xlsx workbook: an "Accesses" sheet with one row per user × unit × role,
/// streamed with <see cref="OpenXmlWriter"/>, and an "About" sheet describing the export.
/// </summary>
public static class AccessWorkbook
{
    /// <summary>The MIME type of an .xlsx file.</summary>
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public const string AccessesSheet = "Accesses";
    public const string AboutSheet = "About";
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    private const uint BoldStyle = 1;

    private static readonly (string Header, double Width)[] Layout =
    [
        ("User id", 24), ("E-mail", 32), ("Name", 28), ("Unit id", 24), ("Unit", 28), ("Role id", 24),
        ("Role", 28), ("Inherited", 10), ("Inherited from (unit id)", 24), ("Inherited from (unit name)", 28),
        ("Valid from", 21), ("Valid until", 21),
    ];

    private static readonly string[] ColumnLetters = [.. Layout.Select((_, i) => ((char)('A' + i)).ToString())];

    /// <summary>The header row of the "Accesses" sheet, in column order.</summary>
    public static IReadOnlyList<string> Headers { get; } = [.. Layout.Select(c => c.Header)];

    /// <summary>
    /// Writes the workbook to <paramref name="destination"/>, enumerating <paramref name="rows"/> once without holding them.
    /// </summary>
    /// <param name="destination">
    /// A writable, seekable stream such as a <see cref="MemoryStream"/> or <see cref="FileStream"/>; it is left open.
    /// </param>
    /// <param name="organizationId">The organization the accesses belong to.</param>
    /// <param name="scope">What was exported, e.g. "all", "selection" or "user:ada".</param>
    /// <param name="generatedAt">When the export was produced; written in UTC.</param>
    /// <param name="rows">The accesses, in the order they should appear.</param>
    public static void Write(
        Stream destination, string organizationId, string scope, DateTimeOffset generatedAt, IEnumerable<AccessRow> rows)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(organizationId);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(rows);

        using var document = SpreadsheetDocument.Create(destination, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = CreateStylesheet();

        var accessesPart = workbookPart.AddNewPart<WorksheetPart>();
        int count;
        using (var writer = OpenXmlWriter.Create(accessesPart))
        {
            count = WriteAccesses(writer, rows);
        }

        var aboutPart = workbookPart.AddNewPart<WorksheetPart>();
        aboutPart.Worksheet = CreateAbout(organizationId, scope, generatedAt, count);

        var lastRow = count + 1;
        workbookPart.Workbook = new Workbook(
            new Sheets(
                new Sheet { Name = AccessesSheet, SheetId = 1, Id = workbookPart.GetIdOfPart(accessesPart) },
                new Sheet { Name = AboutSheet, SheetId = 2, Id = workbookPart.GetIdOfPart(aboutPart) }),
            new DefinedNames(
                new DefinedName($"{AccessesSheet}!$A$1:${ColumnLetters[^1]}${lastRow}")
                {
                    Name = "_xlnm._FilterDatabase",
                    LocalSheetId = 0,
                    Hidden = true,
                }));
    }

    /// <summary>Formats a timestamp the way the export writes it: ISO-8601 UTC, or empty when absent.</summary>
    public static string FormatTimestamp(DateTimeOffset? value) =>
        value is { } v ? v.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture) : "";

    private static int WriteAccesses(OpenXmlWriter writer, IEnumerable<AccessRow> rows)
    {
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(new SheetViews(
            new SheetView(
                new Pane
                {
                    VerticalSplit = 1,
                    TopLeftCell = "A2",
                    ActivePane = PaneValues.BottomLeft,
                    State = PaneStateValues.Frozen,
                },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new() { InnerText = "A2" } })
            {
                TabSelected = true,
                WorkbookViewId = 0,
            }));
        writer.WriteElement(new Columns(Layout.Select((c, i) =>
            new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = c.Width, CustomWidth = true })));

        writer.WriteStartElement(new SheetData());
        WriteRow(writer, 1, Headers, BoldStyle);
        var rowIndex = 1u;
        foreach (var row in rows)
        {
            WriteRow(writer, ++rowIndex, Values(row), 0);
        }
        writer.WriteEndElement();

        writer.WriteElement(new AutoFilter { Reference = $"A1:{ColumnLetters[^1]}{rowIndex}" });
        writer.WriteEndElement();
        return (int)rowIndex - 1;
    }

    private static string?[] Values(AccessRow row) =>
    [
        row.UserId, row.UserEmail, row.UserName, row.UnitId, row.UnitName, row.RoleId, row.RoleName,
        row.Inherited ? "yes" : "no", row.OriginUnitId, row.OriginUnitName,
        FormatTimestamp(row.ValidFrom), FormatTimestamp(row.ValidUntil),
    ];

    private static void WriteRow(OpenXmlWriter writer, uint rowIndex, IReadOnlyList<string?> values, uint style)
    {
        writer.WriteStartElement(new Row { RowIndex = rowIndex });
        for (var i = 0; i < values.Count; i++)
        {
            if (!string.IsNullOrEmpty(values[i]))
            {
                writer.WriteElement(TextCell(ColumnLetters[i] + rowIndex, values[i]!, style));
            }
        }
        writer.WriteEndElement();
    }

    private static Cell TextCell(string reference, string value, uint style = 0)
    {
        var text = new Text(XmlSafe(value));
        if (text.Text.Length > 0 && (char.IsWhiteSpace(text.Text[0]) || char.IsWhiteSpace(text.Text[^1])))
        {
            text.Space = SpaceProcessingModeValues.Preserve;
        }
        var cell = new Cell(new InlineString(text)) { CellReference = reference, DataType = CellValues.InlineString };
        if (style != 0)
        {
            cell.StyleIndex = style;
        }
        return cell;
    }

    private static string XmlSafe(string value)
    {
        if (value.All(XmlConvert.IsXmlChar))
        {
            return value;
        }
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (XmlConvert.IsXmlChar(value[i]))
            {
                builder.Append(value[i]);
            }
            else if (i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], value[i]))
            {
                builder.Append(value, i++, 2);
            }
        }
        return builder.ToString();
    }

    private static Worksheet CreateAbout(string organizationId, string scope, DateTimeOffset generatedAt, int count)
    {
        Row Line(uint index, string label, Cell value) =>
            new(TextCell($"A{index}", label, BoldStyle), value) { RowIndex = index };

        return new Worksheet(
            new Columns(
                new Column { Min = 1, Max = 1, Width = 20, CustomWidth = true },
                new Column { Min = 2, Max = 2, Width = 40, CustomWidth = true }),
            new SheetData(
                Line(1, "Organization", TextCell("B1", organizationId)),
                Line(2, "Scope", TextCell("B2", scope)),
                Line(3, "Generated at (UTC)", TextCell("B3", FormatTimestamp(generatedAt))),
                Line(4, "Rows", new Cell(new CellValue(count)) { CellReference = "B4", DataType = CellValues.Number })));
    }

    private static Stylesheet CreateStylesheet() => new(
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }))
        { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }))
        { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()))
        { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true })
        { Count = 2 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
}
