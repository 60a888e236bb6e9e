using System.Globalization;
using System.Text;
using CoScientist.Api.Contracts;

namespace CoScientist.Api.Downloads;

/// <summary>
/// Cited articles as BibTeX and RIS, for reference managers. Every value is text from outside (titles,
/// authors), so characters with a meaning in the format are neutralised rather than passed through.
/// </summary>
public static class CitationFormats
{
    public static string BibTeX(IEnumerable<CitedArticleView> articles)
    {
        var text = new StringBuilder();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var article in articles)
        {
            var key = UniqueKey(article, keys);
            text.Append(CultureInfo.InvariantCulture, $"@article{{{key},\n");
            Field(text, "title", article.Title);
            if (article.Authors.Count > 0)
            {
                Field(text, "author", string.Join(" and ", article.Authors));
            }

            if (article.Year is { } year)
            {
                Field(text, "year", year.ToString(CultureInfo.InvariantCulture));
            }

            Field(text, "doi", article.Doi);
            Field(text, "url", article.Url);
            Field(text, "note", $"{article.Source} {article.Id}".Trim());
            text.Append("}\n\n");
        }

        return text.ToString();
    }

    public static string Ris(IEnumerable<CitedArticleView> articles)
    {
        var text = new StringBuilder();
        foreach (var article in articles)
        {
            Tag(text, "TY", "JOUR");
            Tag(text, "TI", article.Title);
            foreach (var author in article.Authors)
            {
                Tag(text, "AU", author);
            }

            Tag(text, "PY", article.Year?.ToString(CultureInfo.InvariantCulture));
            Tag(text, "DO", article.Doi);
            Tag(text, "UR", article.Url);
            Tag(text, "ID", article.Id);
            Tag(text, "DB", article.Source);
            Tag(text, "ER", "");
            text.Append('\n');
        }

        return text.ToString();
    }

    // Braces delimit BibTeX values and backslashes start commands: drop both, and keep to one line.
    private static void Field(StringBuilder text, string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        var clean = OneLine(value).Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal);
        text.Append(CultureInfo.InvariantCulture, $"  {name} = {{{clean}}},\n");
    }

    // An RIS record is one tag per line: a line break in a value would start a forged tag.
    private static void Tag(StringBuilder text, string tag, string? value)
    {
        if (value is null || (value.Length == 0 && tag != "ER") || (tag != "ER" && string.IsNullOrWhiteSpace(value)))
        {
            return;
        }

        text.Append(tag).Append("  - ").Append(OneLine(value)).Append('\n');
    }

    private static string OneLine(string value) =>
        string.Join(' ', value.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(c => !char.IsControl(c)).Aggregate(new StringBuilder(), (b, c) => b.Append(c)).ToString();

    private static string UniqueKey(CitedArticleView article, HashSet<string> taken)
    {
        var surname = article.Authors.Count > 0 ? article.Authors[0].Split(' ', ',')[0] : "ref";
        var stem = new string([.. (surname + (article.Year?.ToString(CultureInfo.InvariantCulture) ?? "")).Where(char.IsAsciiLetterOrDigit)]);
        stem = stem.Length == 0 ? "ref" : stem.ToLowerInvariant();
        var key = stem;
        for (var i = 2; !taken.Add(key); i++)
        {
            key = stem + "-" + i.ToString(CultureInfo.InvariantCulture);
        }

        return key;
    }
}
