using CoScientist.Core.Llm;

namespace CoScientist.Llm;

/// <summary>Parses and normalises configured endpoints.</summary>
internal static class LlmEndpoint
{
    public static readonly Uri OpenAIDefault = new("https://api.openai.com/v1/");

    public static bool TryParse(string? text, out Uri uri)
    {
        if (Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var parsed)
            && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp)
            && !string.IsNullOrEmpty(parsed.Host))
        {
            uri = parsed;
            return true;
        }

        uri = OpenAIDefault;
        return false;
    }

    /// <summary>
    /// The Azure OpenAI v1 endpoint: a bare resource URL (as the portal shows it) gets
    /// <c>openai/v1/</c> appended, and <c>…/openai/</c> gets <c>v1/</c>.
    /// </summary>
    public static Uri ForAzure(Uri endpoint)
    {
        var withSlash = WithTrailingSlash(endpoint);
        return withSlash.AbsolutePath.ToLowerInvariant() switch
        {
            "/" => new Uri(withSlash, "openai/v1/"),
            "/openai/" => new Uri(withSlash, "v1/"),
            _ => withSlash,
        };
    }

    public static Uri ForOpenAI(Uri? endpoint) => endpoint is null ? OpenAIDefault : WithTrailingSlash(endpoint);

    /// <summary>Host (and port when not the scheme's default) for messages; never the path or query.</summary>
    public static string Display(Uri endpoint) => endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}";

    private static Uri WithTrailingSlash(Uri endpoint)
    {
        var builder = new UriBuilder(endpoint) { Query = "", Fragment = "" };
        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }

        return builder.Uri;
    }
}
