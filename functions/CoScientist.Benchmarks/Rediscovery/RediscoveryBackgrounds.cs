using System.IO.Packaging;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CoScientist.Benchmarks.Rediscovery;

/// <summary>
/// The research backgrounds of the MOOSE-Chem questions, read from <c>chem_research_2024.xlsx</c>:
/// the goal each question's hypotheses are judged against, by background id. An id without a
/// usable background question is absent.
/// </summary>
public sealed record RediscoveryBackgrounds(string File, IReadOnlyDictionary<int, string> Goals)
{
    /// <summary>Above this length the little survey is left out of a goal: the server's default goal limit, and 20 judge calls per question pay for every character.</summary>
    public const int MaxGoalWithSurvey = 4_000;
}

/// <summary>
/// Reads <c>chem_research_2024.xlsx</c>. The workbook has several sheets (the overall list and
/// each annotator's); the one used is the sheet with a "Background Question" column and the most
/// rows under its header, whose row order is the background id ("0".."50").
/// </summary>
public static class RediscoveryBackgroundReader
{
    public const string FileName = "chem_research_2024.xlsx";
    public const string QuestionColumn = "Background Question";
    public const string SurveyColumn = "Background Little Survey";

    /// <exception cref="RediscoveryDataException">The file is not a readable .xlsx workbook; the message names it.</exception>
    public static RediscoveryBackgrounds Load(string path)
    {
        var name = Path.GetFileName(path);
        try
        {
            using var document = SpreadsheetDocument.Open(path, isEditable: false);
            var workbook = document.WorkbookPart ?? throw new RediscoveryDataException($"'{name}' is not a readable .xlsx workbook: it has no workbook part.");
            var strings = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
            var best = (workbook.Workbook?.Sheets?.Elements<Sheet>() ?? [])
                .Select(sheet => sheet.Id?.Value is { } id && workbook.GetPartById(id) is WorksheetPart part ? Table(part, strings) : null)
                .OfType<SheetTable>()
                .Where(t => t.Question is not null)
                .OrderByDescending(t => t.Rows.Count)
                .FirstOrDefault();
            var goals = new Dictionary<int, string>();
            if (best is null)
            {
                return new RediscoveryBackgrounds(name, goals);
            }

            foreach (var (id, cells) in best.Rows)
            {
                // A question longer than a goal may be is not one (outside data must not spend without a bound): the generic goal stands in.
                if (Value(cells, best.Question) is { Length: <= RediscoveryBackgrounds.MaxGoalWithSurvey } question)
                {
                    goals[id] = Value(cells, best.Survey) is { } survey && question.Length + survey.Length + 2 <= RediscoveryBackgrounds.MaxGoalWithSurvey
                        ? $"{question}\n\n{survey}"
                        : question;
                }
            }

            return new RediscoveryBackgrounds(name, goals);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException or IOException or InvalidOperationException or FormatException or System.Xml.XmlException)
        {
            throw new RediscoveryDataException($"'{name}' is not a readable .xlsx workbook: {ex.Message}");
        }
    }

    /// <summary>A sheet's data rows (background id → column letter → text) and which columns hold the question and survey.</summary>
    private sealed record SheetTable(IReadOnlyDictionary<int, Dictionary<string, string>> Rows, string? Question, string? Survey);

    private static SheetTable? Table(WorksheetPart part, IReadOnlyList<string> strings)
    {
        var rows = part.Worksheet?.GetFirstChild<SheetData>()?.Elements<Row>().ToList() ?? [];
        if (rows.Count == 0)
        {
            return null;
        }

        var header = rows[0];
        var headerIndex = header.RowIndex?.Value ?? 1;
        var columns = Cells(header, strings);
        string? Column(string title) => columns.FirstOrDefault(c => string.Equals(c.Value.Trim(), title, StringComparison.OrdinalIgnoreCase)).Key;

        // Ids follow the sheet's row numbers, not the rows present: a blank row is absent from the XML.
        var data = new Dictionary<int, Dictionary<string, string>>();
        var position = 0;
        foreach (var row in rows.Skip(1))
        {
            position = row.RowIndex?.Value is { } index ? (int)(index - headerIndex) : position + 1;
            data[position - 1] = Cells(row, strings);
        }

        // Trailing rows with nothing in them (formatting only) do not count towards the sheet's size.
        foreach (var empty in data.Where(r => r.Value.Values.All(string.IsNullOrWhiteSpace)).Select(r => r.Key).ToList())
        {
            data.Remove(empty);
        }

        return new SheetTable(data, Column(QuestionColumn), Column(SurveyColumn));
    }

    private static Dictionary<string, string> Cells(Row row, IReadOnlyList<string> strings)
    {
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        var next = 0;
        foreach (var cell in row.Elements<Cell>())
        {
            var column = cell.CellReference?.Value is { } reference ? new string([.. reference.TakeWhile(char.IsLetter)]) : Letters(next);
            next = Number(column) + 1;
            cells[column] = Text(cell, strings);
        }

        return cells;
    }

    private static string Text(Cell cell, IReadOnlyList<string> strings)
    {
        var raw = cell.CellValue?.Text ?? string.Empty;
        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return int.TryParse(raw, out var i) && i >= 0 && i < strings.Count ? strings[i] : throw new FormatException($"a cell refers to shared string {raw}, which the workbook does not have.");
        }

        return cell.DataType?.Value == CellValues.InlineString ? cell.InlineString?.InnerText ?? string.Empty : raw;
    }

    /// <summary>The cell's text, or null when the column is missing or the cell is empty or "NA" (how the data set marks a missing value).</summary>
    private static string? Value(Dictionary<string, string> cells, string? column) =>
        column is not null && cells.TryGetValue(column, out var text) && text.Trim() is { Length: > 0 } trimmed && !string.Equals(trimmed, "NA", StringComparison.OrdinalIgnoreCase)
            ? trimmed
            : null;

    private static int Number(string letters) => letters.Aggregate(0, (n, c) => (n * 26) + (char.ToUpperInvariant(c) - 'A' + 1)) - 1;

    private static string Letters(int number)
    {
        var letters = string.Empty;
        for (var n = number + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }
}
