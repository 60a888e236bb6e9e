using CoScientist.Core.Literature;
using System.Text;

namespace CoScientist.Literature.Http;

/// <summary>Builds <c>path?name=value&amp;...</c> with every value percent-encoded and empty ones left out.</summary>
internal static class QueryString
{
    public static string Build(string path, params (string Name, string? Value)[] parameters)
    {
        var builder = new StringBuilder(path);
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var (name, value) in parameters)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            builder.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return builder.ToString();
    }
}
