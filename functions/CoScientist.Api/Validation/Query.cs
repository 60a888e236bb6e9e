using System.Globalization;

namespace CoScientist.Api.Validation;

/// <summary>Query-string values, taken as text so a bad one gets the API's own answer rather than the framework's.</summary>
public static class Query
{
    /// <summary>The integer, null when absent; an error is recorded when it is not an integer within range.</summary>
    public static int? Int(FieldErrors errors, string field, string? text, int min, int max)
    {
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors.Add(field, $"must be an integer between {min} and {max} (got '{Shorten(text)}').");
            return null;
        }

        return value;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
