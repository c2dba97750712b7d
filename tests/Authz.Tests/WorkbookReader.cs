using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Authz.Tests;

/// <summary>Reads an .xlsx back: every sheet as rows of cell texts, inline and shared strings resolved.</summary>
public static class WorkbookReader
{
    public static IReadOnlyDictionary<string, List<string[]>> Read(Stream stream)
    {
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbookPart = document.WorkbookPart!;
        var shared = workbookPart.SharedStringTablePart?.SharedStringTable!.Elements<SharedStringItem>().Select(item => item.InnerText).ToArray() ?? [];
        return workbookPart.Workbook!.Descendants<Sheet>().ToDictionary(
            sheet => sheet.Name!.Value!,
            sheet => Rows((WorksheetPart)workbookPart.GetPartById(sheet.Id!.Value!), shared));
    }

    private static List<string[]> Rows(WorksheetPart part, string[] shared)
    {
        var rows = part.Worksheet!.Descendants<Row>().ToList();
        var width = rows.SelectMany(row => row.Elements<Cell>()).Select(cell => Column(cell.CellReference!.Value!) + 1).DefaultIfEmpty(0).Max();
        return [.. rows.Select(row =>
        {
            var values = Enumerable.Repeat("", width).ToArray();
            foreach (var cell in row.Elements<Cell>())
            {
                values[Column(cell.CellReference!.Value!)] = Text(cell, shared);
            }

            return values;
        })];
    }

    private static string Text(Cell cell, string[] shared) =>
        cell.DataType?.Value == CellValues.InlineString ? cell.InlineString?.InnerText ?? ""
        : cell.DataType?.Value == CellValues.SharedString ? shared[int.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)]
        : cell.CellValue?.Text ?? "";

    private static int Column(string reference) =>
        reference.TakeWhile(char.IsLetter).Aggregate(0, (index, letter) => (index * 26) + letter - 'A' + 1) - 1;
}
