using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CoScientist.Testing.Benchmarks;

/// <summary>Writes small workbooks shaped like chem_research_2024.xlsx (shared strings, as Excel saves them), for the benchmark and CLI tests.</summary>
public static class BackgroundsWorkbook
{
    public static readonly string[] Header = ["No", "Title", "Background Little Survey", "Background Question", "Main hypothesis"];

    /// <summary>A sheet's rows, the header first; a null row is left out of the XML (a blank row), a null cell too.</summary>
    public static void Write(string path, params (string Name, IReadOnlyList<string?[]?> Rows)[] sheets)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var list = workbook.Workbook.AppendChild(new Sheets());
        var strings = workbook.AddNewPart<SharedStringTablePart>();
        strings.SharedStringTable = new SharedStringTable();
        var count = 0;
        uint sheetId = 1;
        foreach (var (name, rows) in sheets)
        {
            var part = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            part.Worksheet = new Worksheet(data);
            for (var r = 0; r < rows.Count; r++)
            {
                if (rows[r] is not { } cells)
                {
                    continue;
                }

                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < cells.Length; c++)
                {
                    if (cells[c] is { } text)
                    {
                        strings.SharedStringTable.AppendChild(new SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text(text) { Space = SpaceProcessingModeValues.Preserve }));
                        row.AppendChild(new Cell { CellReference = $"{(char)('A' + c)}{r + 1}", DataType = CellValues.SharedString, CellValue = new CellValue(count++) });
                    }
                }

                data.AppendChild(row);
            }

            list.AppendChild(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = sheetId++, Name = name });
        }
    }

    /// <summary>One data row: id, title, survey, question, hypothesis.</summary>
    public static string?[] Row(int id, string? survey, string? question) => [$"{id}", $"Paper {id}", survey, question, $"Published {id}."];
}
