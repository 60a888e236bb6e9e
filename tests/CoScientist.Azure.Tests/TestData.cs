using System.Text;
using System.Text.Json;

namespace CoScientist.Azure.Tests;

/// <summary>Payloads for the storage tests.</summary>
internal static class TestData
{
    /// <summary>A JSON document of about <paramref name="chars"/> characters, varied so that a misplaced part shows.</summary>
    public static string LargeJson(int chars, string? marker = null)
    {
        var text = new StringBuilder(chars);
        for (var i = 0; text.Length < chars; i++)
        {
            text.Append($"line {i:D7} {marker} of a long proposal; ");
        }

        return JsonSerializer.Serialize(new { id = "big", marker, body = text.ToString() });
    }
}
